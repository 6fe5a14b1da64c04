"""`python main.py render`: WAV export end to end, and bad input refused with one line and nothing written."""

from __future__ import annotations

import json
import wave

import pytest
from conftest import run_encore
from test_audio_midi import make_midi

from engine.audio.synthesizer import TAIL_SECONDS


def test_render_writes_16_bit_stereo_wav_and_reports_json(tmp_path):
    midi = tmp_path / "tune.mid"
    midi.write_bytes(make_midi((0, 0, [(b, 1, 60 + b, 90) for b in range(8)]), (9, 0, [(0, 0.1, 36, 100)])))
    out = tmp_path / "tune.wav"
    result = run_encore("render", str(midi), "--out", str(out), "--sample-rate", "22050", "--json", timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["duration"] == pytest.approx(4.0 + TAIL_SECONDS, abs=0.5)
    assert 0.01 < report["peak"] <= 1.0 and report["notes"] == 9
    with wave.open(str(out)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (2, 2, 22050)
        assert w.getnframes() / 22050 == pytest.approx(report["duration"], abs=0.01)


@pytest.mark.parametrize("content, problem", [
    (b"eggs, milk, a new reed", "is not a MIDI file"),
    (make_midi((0, 0, [])), "has no notes"),
])
def test_bad_midi_is_one_line_exit_2_and_nothing_written(tmp_path, content, problem):
    midi = tmp_path / "bad.mid"
    midi.write_bytes(content)
    out = tmp_path / "bad.wav"
    result = run_encore("render", str(midi), "--out", str(out), timeout=120)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and problem in lines[0] and str(midi) in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.mid"]


def test_unusable_soundfont_is_refused(tmp_path):
    midi = tmp_path / "a.mid"
    midi.write_bytes(make_midi((0, 0, [(0, 1, 69, 90)])))
    result = run_encore("render", str(midi), "--out", str(tmp_path / "a.wav"), "--soundfont", str(midi), timeout=120)
    assert result.returncode == 2 and "not a SoundFont" in result.stderr
    assert not (tmp_path / "a.wav").exists()


def test_an_output_that_is_not_a_wav_name_is_refused(tmp_path):
    midi = tmp_path / "a.mid"
    midi.write_bytes(make_midi((0, 0, [(0, 1, 69, 90)])))
    result = run_encore("render", str(midi), "--out", str(tmp_path / "a.mp3"), timeout=120)
    assert result.returncode == 2 and "a.mp3: output must end in .wav" in result.stderr  # not a WAV misnamed
    assert [p.name for p in tmp_path.iterdir()] == ["a.mid"]


def test_midi_ports_are_listed_or_the_reason_given():
    result = run_encore("render", "--list-midi-ports", "--json", timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert isinstance(report["ports"], list) and (report["ports"] or report["unavailable"])


def test_midi_ports_text_and_json_agree_no_ports_is_not_an_error(monkeypatch, capsys):
    """Without a MIDI system the text listing exited 2 while --json exited 0: none listed is an answer, with why."""
    from types import SimpleNamespace

    from engine.audio import cli, midi_out

    reason = "no MIDI system on this computer (no ALSA sequencer)"
    monkeypatch.setattr(midi_out, "output_ports", lambda: ([], reason))
    assert cli._list_ports(SimpleNamespace(json=False)) == 0
    text = capsys.readouterr()
    assert text.out == "" and text.err == f"encore: note: MIDI out unavailable: {reason}\n"  # stdout: ports only
    assert cli._list_ports(SimpleNamespace(json=True)) == 0
    assert json.loads(capsys.readouterr().out) == {"ports": [], "unavailable": reason}
    monkeypatch.setattr(midi_out, "output_ports", lambda: (["Synth A", "Synth B"], None))
    assert cli._list_ports(SimpleNamespace(json=False)) == 0
    listed = capsys.readouterr()
    assert listed.out == "Synth A\nSynth B\n" and listed.err == ""


def test_midi_ports_listed_in_text_exit_0_whatever_the_machine():
    result = run_encore("render", "--list-midi-ports", timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() or "MIDI out unavailable:" in result.stderr


def test_an_unknown_midi_port_is_one_line_exit_2(tmp_path):
    midi = tmp_path / "a.mid"
    midi.write_bytes(make_midi((0, 0, [(0, 1, 69, 90)])))
    result = run_encore("render", str(midi), "--midi-out", "No Such Synth 9", timeout=120)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "No Such Synth 9" in result.stderr
