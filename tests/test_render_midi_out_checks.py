"""`render --midi-out` checks --tempo-scale as the WAV path does: 0 divided by zero, -1 sent every note at once."""

from __future__ import annotations

import pytest
from conftest import run_encore
from test_audio_midi import make_midi

# A mido backend with one port that writes what it is sent to a file: a MIDI port on any machine.
FAKE_BACKEND = '''
import os
from mido.ports import BaseOutput

def get_devices(**kw):
    return [{"name": "Fake Synth", "is_input": False, "is_output": True}]

class Output(BaseOutput):
    def _open(self, **kw):
        pass

    def _send(self, msg):
        with open(os.environ["FAKE_MIDI_LOG"], "a") as log:
            log.write(msg.type + "\\n")
'''


@pytest.fixture
def fake_port(tmp_path):
    (tmp_path / "fake_midi_backend.py").write_text(FAKE_BACKEND)
    log = tmp_path / "sent.txt"
    return log, {"MIDO_BACKEND": "fake_midi_backend", "PYTHONPATH": str(tmp_path), "FAKE_MIDI_LOG": str(log)}


@pytest.fixture
def tune(tmp_path):
    midi = tmp_path / "tune.mid"
    midi.write_bytes(make_midi((0, 0, [(b, 1, 60 + b, 90) for b in range(4)])))
    return midi


@pytest.mark.parametrize("scale, shown", [("0", "0"), ("-1", "-1"), ("1e-9", "1e-09"), ("20", "20")])
def test_a_tempo_scale_out_of_range_is_refused_before_the_port_plays(fake_port, tune, scale, shown):
    log, env = fake_port
    result = run_encore("render", str(tune), "--midi-out", "Fake Synth", f"--tempo-scale={scale}",
                        env=env, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [f"encore: error: --tempo-scale {shown} is outside 0.1..10"]
    assert not log.exists()  # not a note sent


def test_a_tempo_scale_in_range_still_plays_to_the_port(fake_port, tune):
    log, env = fake_port
    result = run_encore("render", str(tune), "--midi-out", "Fake Synth", "--tempo-scale=10", env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "sent" in result.stdout and log.read_text().count("note_on") == 4
