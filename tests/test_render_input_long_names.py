"""`render` never writes over the MIDI file it reads, and every file name the file system allows (up to 255
bytes, accented letters counted in bytes) can be written: its temporary `.part` file must fit too."""

from __future__ import annotations

import os

import pytest
from conftest import run_encore
from test_audio_midi import make_midi

from engine.files import atomic_output, write_bytes

TUNE = make_midi((0, 0, [(b, 1, 60 + b, 90) for b in range(2)]))


def _one_line_refusal(result, *words):
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and all(w in lines[0] for w in words), result.stderr


@pytest.mark.parametrize("given_out", [True, False])
def test_render_refuses_to_write_over_its_midi(tmp_path, given_out):
    song = tmp_path / "song.wav"  # a MIDI file misnamed .wav: its default output is itself
    song.write_bytes(TUNE)
    out = ["--out", str(song)] if given_out else []
    _one_line_refusal(run_encore("render", str(song), *out, timeout=120), "read from", "song.wav")
    assert song.read_bytes() == TUNE


def test_render_refuses_an_output_linked_to_its_midi(tmp_path):
    midi = tmp_path / "tune.mid"
    midi.write_bytes(TUNE)
    link = tmp_path / "tune.wav"
    link.symlink_to(midi)
    _one_line_refusal(run_encore("render", str(midi), "--out", str(link), timeout=120), "read from")
    assert midi.read_bytes() == TUNE and link.is_symlink()


@pytest.mark.parametrize("name", ["s" * 251 + ".mid", "é" * 125 + ".mid", "ñ" * 125 + "x.mid"])
def test_longest_file_names_can_be_written(tmp_path, name):
    assert len(os.fsencode(name)) in (254, 255)
    target = tmp_path / name
    with atomic_output(target) as f:
        f.write(b"new")
        part = [p for p in os.listdir(tmp_path) if p.endswith(".part")]
        assert len(part) == 1 and part[0].startswith(".") and len(os.fsencode(part[0])) <= 255
    assert target.read_bytes() == b"new" and os.listdir(tmp_path) == [name]
    write_bytes(target, b"again")  # over an existing file too
    assert target.read_bytes() == b"again"


def test_short_names_keep_their_whole_name_in_the_part_file(tmp_path):
    with atomic_output(tmp_path / "export.mid") as f:
        f.write(b"x")
        assert [p.startswith(".export.mid.") for p in os.listdir(tmp_path)] == [True]


def test_render_writes_a_wav_with_a_255_byte_name(tmp_path):
    midi = tmp_path / "a.mid"
    midi.write_bytes(TUNE)
    out = tmp_path / ("s" * 251 + ".wav")
    result = run_encore("render", str(midi), "--out", str(out), "--sample-rate", "8000", timeout=120)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"RIFF")
