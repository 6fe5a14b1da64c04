"""Sending a performance to an external MIDI port (a DAW or a hardware synth) through mido/python-rtmidi."""

from __future__ import annotations

from ..errors import EncoreError
from .performance import Event


def output_ports() -> tuple[list[str], str | None]:
    """The MIDI output port names, and the reason there are none (e.g. no ALSA sequencer) when empty."""
    try:
        import mido

        names = list(mido.get_output_names())
    except Exception as e:  # noqa: BLE001 - rtmidi raises its own SystemError when there is no MIDI system
        return [], f"no MIDI system on this computer ({str(e).strip().splitlines()[0] if str(e) else type(e).__name__})"
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

    def close(self) -> None:
        self.panic()
        self.port.close()
