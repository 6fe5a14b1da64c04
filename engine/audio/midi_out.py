"""Sending a performance to an external MIDI port (a DAW or a hardware synth) through mido/python-rtmidi."""

from __future__ import annotations

import os
from contextlib import contextmanager, suppress

from ..errors import EncoreError
from .performance import Event, Performance


@contextmanager
def _alsa_hushed():
    """libasound prints its own complaints straight to fd 2; the caller reports the problem in one line."""
    try:
        saved, null = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    except OSError:
        yield
        return
    os.dup2(null, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


def output_ports() -> tuple[list[str], str | None]:
    """The MIDI output port names, and the reason there are none (e.g. no ALSA sequencer) when empty."""
    try:
        import mido

        with _alsa_hushed():
            names = list(mido.get_output_names())
    except Exception as e:  # noqa: BLE001 - rtmidi raises its own SystemError when there is no MIDI system
        return [], f"no MIDI system on this computer ({_in_words(e)})"
    if not names:
        return [], "no MIDI output ports found (start a software synth or connect a device)"
    return names, None


def message_of(event: Event):
    """The mido message for an event (the sustain pedal stays in: the receiver holds the notes)."""
    import mido

    if event.kind == "on":
        return mido.Message("note_on", channel=event.channel, note=event.a, velocity=event.b)
    if event.kind == "off":
        return mido.Message("note_off", channel=event.channel, note=event.a)
    if event.kind == "program":
        return mido.Message("program_change", channel=event.channel, program=event.a)
    if event.kind == "bend":
        return mido.Message("pitchwheel", channel=event.channel, pitch=event.a - 8192)
    return mido.Message("control_change", channel=event.channel, control=event.a, value=event.b)


class MidiOut:
    """An open output port. `panic()` silences everything: sent on stop, pause and seek."""

    def __init__(self, port_name: str):
        import mido

        try:
            with _alsa_hushed():
                self.port = mido.open_output(port_name)
        except Exception as e:  # noqa: BLE001
            raise EncoreError(f"cannot open MIDI output '{port_name}' ({e})") from None
        self.name = port_name

    def send(self, event: Event) -> None:
        self.port.send(message_of(event))

    def panic(self) -> None:
        import mido

        for channel in range(16):
            self.port.send(mido.Message("control_change", channel=channel, control=64, value=0))
            self.port.send(mido.Message("control_change", channel=channel, control=123, value=0))

    def play(self, event: Event) -> None:
        """`send` for the command line: a port that fails (unplugged, its synth quit) becomes one line naming it."""
        message = message_of(event)  # outside the try: a bad event is our bug, not the port's
        try:
            self.port.send(message)
        except Exception as e:  # noqa: BLE001 - rtmidi and the system raise their own kinds
            raise EncoreError(f"the MIDI output '{self.name}' stopped working ({_in_words(e)})") from e

    def close(self) -> None:
        """Silence, then let go. Never raises: a dead port has nothing left sounding, and it is let go all the
        same, so the problem that stopped the playing (or a Ctrl+C) is the one reported."""
        with suppress(Exception):
            self.panic()
        with suppress(Exception):
            self.port.close()


def _in_words(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def perform(performance: Performance, port_name: str, tempo_scale: float = 1.0, job=None) -> int:
    """Play a performance to a MIDI port in real time (the command line's MIDI out); returns events sent."""
    import time

    port, began, sent = MidiOut(port_name), time.monotonic(), 0
    try:
        for event in performance.events:
            due = began + event.time / tempo_scale
            while (wait := due - time.monotonic()) > 0:
                time.sleep(min(wait, 0.05))
                if job is not None:
                    job.check()
            port.play(event)
            sent += 1
            if job is not None and sent % 50 == 0:
                job.report(round(event.time), round(performance.duration), f"{port_name}")
    finally:
        port.close()
    return sent
