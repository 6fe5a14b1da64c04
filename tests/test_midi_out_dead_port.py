"""`render --midi-out` when the port dies while playing (the synth unplugged): one line naming the port, exit 2,
and the port let go; Ctrl+C and a cancel still stop cleanly, the notes silenced where the port still answers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import mido
import pytest
from conftest import ROOT
from test_audio_midi import make_midi

from engine.audio.midi_out import MidiOut, perform
from engine.audio.performance import performance_of
from engine.errors import EncoreError
from engine.jobs import Cancelled, Job

TUNE = make_midi((0, 0, [(b, 1, 60 + b, 90) for b in range(4)]))  # a note every half second, 2 s in all


class FakePort:
    """Stands in for mido's port: keeps what it is sent, and dies (every send raises) once told to."""

    def __init__(self, dies_after: int | None = None, error: type[Exception] = OSError):
        self.sent: list[mido.Message] = []
        self.dies_after, self.error, self.closed = dies_after, error, False
        self.on_send = None  # called with the count sent so far

    def send(self, message):
        if self.dies_after is not None and len(self.sent) >= self.dies_after:
            raise self.error("device unplugged")
        self.sent.append(message)
        if self.on_send:
            self.on_send(len(self.sent))

    def close(self):
        self.closed = True

    def silenced(self) -> bool:
        off = {m.channel for m in self.sent if m.type == "control_change" and m.control == 123}
        return off == set(range(16))


@pytest.fixture
def tune(tmp_path):
    midi = tmp_path / "tune.mid"
    midi.write_bytes(TUNE)
    return performance_of(midi)


def _fake(monkeypatch, port: FakePort) -> FakePort:
    monkeypatch.setattr(mido, "open_output", lambda name: port)
    return port


@pytest.mark.parametrize("error", [OSError, RuntimeError, ValueError])  # rtmidi's own kinds are these
def test_a_port_that_dies_while_playing_is_one_error_naming_it_and_is_let_go(monkeypatch, tune, error):
    port = _fake(monkeypatch, FakePort(dies_after=2, error=error))
    with pytest.raises(EncoreError) as raised:
        perform(tune, "USB Synth", tempo_scale=10)
    assert str(raised.value) == "the MIDI output 'USB Synth' stopped working (device unplugged)"
    assert port.closed and len(port.sent) == 2


def test_closing_a_dead_port_lets_it_go_without_raising(monkeypatch):
    port = _fake(monkeypatch, FakePort(dies_after=0))
    MidiOut("USB Synth").close()  # the silencing fails: nothing is left sounding on a dead port
    assert port.closed


def _cancelled_after_the_first_note(monkeypatch, tune, dies: bool) -> FakePort:
    port, job = _fake(monkeypatch, FakePort()), Job()

    def after(count):
        if count == 2:  # the program change, then the first note
            job.cancel()
            port.dies_after = 2 if dies else None

    port.on_send = after
    with pytest.raises(Cancelled):  # not the dead port's own error, raised while closing
        perform(tune, "USB Synth", job=job)
    assert port.closed
    return port


def test_a_cancel_silences_the_notes_and_closes_the_port(monkeypatch, tune):
    port = _cancelled_after_the_first_note(monkeypatch, tune, dies=False)
    assert [m.type for m in port.sent[:2]] == ["program_change", "note_on"] and port.silenced()


def test_a_cancel_once_the_port_died_is_still_a_cancel(monkeypatch, tune):
    port = _cancelled_after_the_first_note(monkeypatch, tune, dies=True)
    assert len(port.sent) == 2


# A mido backend with one port, as on any machine: it logs what it is sent, and dies (every send raises) after
# FAKE_MIDI_DIES_AFTER messages or once the file FAKE_MIDI_UNPLUGGED exists.
FAKE_BACKEND = '''
import os
from mido.ports import BaseOutput

def get_devices(**kw):
    return [{"name": "Fake Synth", "is_input": False, "is_output": True}]

class Output(BaseOutput):
    def _open(self, **kw):
        self.count = 0

    def _send(self, msg):
        self.count += 1
        if self.count > int(os.environ.get("FAKE_MIDI_DIES_AFTER", "1000000")) or os.path.exists(
                os.environ["FAKE_MIDI_UNPLUGGED"]):
            raise RuntimeError("device unplugged")
        with open(os.environ["FAKE_MIDI_LOG"], "a") as log:
            log.write(msg.type + (f" {msg.control}" if msg.type == "control_change" else "") + "\\n")
'''


@pytest.fixture
def fake_backend(tmp_path):
    (tmp_path / "fake_midi_backend.py").write_text(FAKE_BACKEND)
    (tmp_path / "tune.mid").write_bytes(TUNE)
    log, unplugged = tmp_path / "sent.txt", tmp_path / "unplugged"
    env = {"MIDO_BACKEND": "fake_midi_backend", "PYTHONPATH": str(tmp_path), "FAKE_MIDI_LOG": str(log),
           "FAKE_MIDI_UNPLUGGED": str(unplugged), "ENCORE_DEBUG": ""}
    return tmp_path, env


def _play(folder, env, **more) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), "render", str(folder / "tune.mid"),
                             "--midi-out", "Fake Synth"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT, env=dict(os.environ, **env, **more))


def test_the_command_line_says_in_one_line_which_port_died(fake_backend):
    folder, env = fake_backend
    played = _play(folder, env, FAKE_MIDI_DIES_AFTER="3")
    out, err = played.communicate(timeout=60)
    assert played.returncode == 2, err
    assert err.splitlines() == ["encore: error: the MIDI output 'Fake Synth' stopped working (device unplugged)"]
    assert out == "" and (folder / "sent.txt").read_text().count("note_on") == 1


def _interrupt_after_the_first_note(folder, env, unplug: bool) -> tuple[int, str, str]:
    played, log = _play(folder, env), folder / "sent.txt"
    end = time.monotonic() + 30
    while not (log.exists() and "note_on" in log.read_text()) and time.monotonic() < end:
        time.sleep(0.02)
    if unplug:
        (folder / "unplugged").touch()
    played.send_signal(signal.SIGINT)
    out, err = played.communicate(timeout=60)
    return played.returncode, err, log.read_text()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is a POSIX matter")
@pytest.mark.parametrize("unplug", [False, True])
def test_ctrl_c_stops_cleanly_silencing_the_port_while_it_answers(fake_backend, unplug):
    folder, env = fake_backend
    status, err, sent = _interrupt_after_the_first_note(folder, env, unplug)
    assert status == 130 and err.strip().splitlines() == ["encore: interrupted"], err
    assert sent.count("note_on") == 1 and sent.count("control_change 123") == (0 if unplug else 16)
