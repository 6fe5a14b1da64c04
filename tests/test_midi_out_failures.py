"""MIDI out in the window: a port that fails while playing stops playback with one message (it flooded
tracebacks from the player's tick, ~60 a second, and the transport stayed on Playing), and Vol at 0 is silent."""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from test_audio_midi import make_midi  # noqa: E402

TUNE = make_midi((0, 0, [(b, 1, 60 + b, 90) for b in range(8)]), bpm=120)  # a note every half second


class FlakyPort:
    """Stands in for engine.audio.midi_out.MidiOut: records what it is sent and fails, once told to, as an
    unplugged device does (every send raises)."""

    ports: list[FlakyPort] = []

    def __init__(self, name: str):
        self.name, self.sent, self.panics, self.tries, self.closed = name, [], 0, 0, False
        self.failing = False
        FlakyPort.ports.append(self)

    def send(self, event):
        self._use()
        self.sent.append(event)

    def panic(self):
        self._use()
        self.panics += 1

    def close(self):
        self.panic()
        self.closed = True

    def _use(self):
        if self.failing:
            self.tries += 1
            raise OSError("device unplugged")


@pytest.fixture
def player(app, monkeypatch):
    from engine.audio import midi_out
    from gui.audio.player import AudioPlayer

    FlakyPort.ports.clear()
    monkeypatch.setattr(midi_out, "MidiOut", FlakyPort)
    raised = []  # what a slot raised: Qt prints it and carries on, so the test would not see it otherwise
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, trace: raised.append(error))
    player = AudioPlayer(read_settings=False)
    assert player.set_midi(TUNE)
    player.set_midi_out("Fake Synth")
    yield player
    for port in FlakyPort.ports:
        port.failing = False
    player.stop()
    player.deleteLater()
    assert raised == []


def _run_events(app, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)


def test_a_port_that_fails_while_playing_stops_playback_with_one_message(app, player):
    errors, states = [], []
    player.error.connect(errors.append)
    player.state_changed.connect(states.append)
    player.play()
    _run_events(app, 0.2)
    port = FlakyPort.ports[0]
    assert player.state == "playing" and any(e.kind == "on" for e in port.sent)
    port.failing = True  # unplugged: the note at 0.5 s is the next send
    _run_events(app, 0.8)
    assert player.state == "stopped" and states[-1] == "stopped"
    assert errors == ["The MIDI output 'Fake Synth' stopped working (device unplugged)"]
    assert port.tries <= 3  # it gave up at once: no send attempted on every tick after
    assert player._port is None  # let go of: the next Play opens the port afresh

    port.failing = False
    player.play()  # plugged back in
    _run_events(app, 0.1)
    assert player.state == "playing" and FlakyPort.ports[-1] is not port and errors == errors[:1]


def test_a_port_that_fails_on_play_or_resume_says_so_and_stays_stopped(app, player):
    errors = []
    player.error.connect(errors.append)
    player.play()
    _run_events(app, 0.1)
    player.pause()
    FlakyPort.ports[0].failing = True
    player.play()  # resume: the port is gone
    _run_events(app, 0.1)
    assert player.state == "stopped" and len(errors) == 1 and "'Fake Synth' stopped working" in errors[0]
    player.play()  # a fresh port that fails at once
    FlakyPort.ports[-1].failing = True
    player.stop()
    player.play()
    assert player.state == "stopped" and len(errors) == 2 and "device unplugged" in errors[1]


def _output(volume: float):
    from engine.audio.synthesizer import Synthesizer
    from gui.audio.outputs import MidiPortOutput

    port = FlakyPort("Fake Synth")
    out = MidiPortOutput(Synthesizer(TUNE), port)
    out.set_volume(volume)
    out.start(0.0, 4.0)  # four times as fast: the whole tune in about a second
    return out, port


def _play_through(out, seconds: float = 1.2) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        out.pump()
        time.sleep(0.005)


def test_vol_at_zero_sends_no_note_and_a_little_volume_still_sounds(app):
    silent, port = _output(0.0)
    _play_through(silent)
    assert silent.next == len(silent.events)  # it played through, in silence
    assert not [e for e in port.sent if e.kind == "on"] and len([e for e in port.sent if e.kind == "off"]) == 8
    quiet, port = _output(0.01)
    _play_through(quiet)
    assert [e.b for e in port.sent if e.kind == "on"] == [1] * 8  # velocity 0 would mean note-off


def test_turning_vol_to_zero_hushes_the_notes_already_sounding_but_keeps_the_pedal(app):
    out, port = _output(1.0)
    out.pump()
    assert [e.b for e in port.sent if e.kind == "on"] == [90]
    panics, port.sent = port.panics, []
    out.set_volume(0.0)
    assert [(e.kind, e.a, e.b) for e in port.sent] == [("control", 120, 0)] * 16  # all sound off, each channel
    assert sorted({e.channel for e in port.sent}) == list(range(16)) and port.panics == panics  # no pedal up
    out.set_volume(0.0)
    assert len(port.sent) == 16  # once, on the way down
