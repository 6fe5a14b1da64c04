"""`jazz train` says how it read each file, as inspect and export do; inspect says when train's default preset
would refuse the file it shows; a melody part of block chords is told, not learned silently."""

from __future__ import annotations

import json

import mido
from conftest import run_encore
from jazz_files import CHANGES, LINE, TPB, band_midi, midi_track

TRAIN = ("--epochs", "1", "--hidden", "8", "--seed", "1")


def tempo_change_midi(path):
    """Eight bars of eighth notes at 120 bpm, 90 bpm from bar 3: more than the course preset's 30 tokens."""
    song = mido.MidiFile(ticks_per_beat=TPB)
    song.tracks.append(mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(120)),
                                       mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(90), time=8 * TPB)]))
    song.tracks.append(midi_track("Lead", 0, [(i * 0.5, 0.5, LINE[i % 8] - (i // 8) % 3) for i in range(64)]))
    song.save(str(path))
    return path


def chords_midi(path):
    """One part of whole-note block chords, nothing else: no part is a single line."""
    song = mido.MidiFile(ticks_per_beat=TPB)
    song.tracks.append(midi_track("Piano", 0, [(b * 4.0, 4.0, p) for b in range(8) for p in CHANGES[b % 4]]))
    song.save(str(path))
    return path


def test_train_tells_each_files_notice_as_export_does(tmp_path):
    path = tempo_change_midi(tmp_path / "tempo.mid")
    exported = run_encore("jazz", "export", str(path), "--out", str(tmp_path / "out.mid"))
    told = [line for line in exported.stderr.splitlines() if line.startswith("encore: note: ")]
    assert len(told) == 1 and "Encore keeps one tempo, 120 bpm" in told[0]
    for extra in ((), ("--json",)):
        result = run_encore("jazz", "train", "--input", str(path), *TRAIN, *extra,
                            "--out", str(tmp_path / f"model{len(extra)}"))
        assert result.returncode == 0, result.stderr
        assert told[0] in result.stderr.splitlines()
    assert json.loads(result.stdout)["epochs"] == 1  # the report alone on stdout


def test_both_helps_name_the_default_preset():
    for command in ("train", "inspect"):
        text = " ".join(run_encore("jazz", command, "--help").stdout.split())
        assert "default: course" in text if command == "train" else "train's default, course" in text


def test_inspect_says_when_trains_default_preset_would_refuse_the_file(tmp_path):
    """Inspect showed a window of a 2-bar file and said nothing; `jazz train` then refused it."""
    path = band_midi(tmp_path / "band.mid", bars=2)
    refused = run_encore("jazz", "train", "--input", str(path), "--out", str(tmp_path / "model"))
    problem = refused.stderr.strip().removeprefix("encore: error: ")
    assert refused.returncode == 2 and problem.startswith("the course preset needs more than 30 tokens")
    said = f"jazz train's default preset, course, could not train on it: {problem}"
    text = run_encore("jazz", "inspect", str(path))
    assert text.returncode == 0 and f"note: {said}" in text.stdout
    as_json = run_encore("jazz", "inspect", str(path), "--json")
    assert as_json.returncode == 0 and said in as_json.stderr and said not in as_json.stdout
    assert json.loads(as_json.stdout)["bars"] == 2
    whole = run_encore("jazz", "inspect", str(band_midi(tmp_path / "whole.mid")), "--json")
    assert whole.returncode == 0 and whole.stderr == ""  # a file train takes: nothing more said


def test_a_melody_part_of_block_chords_is_told_before_its_top_notes_are_learned(tmp_path):
    path = chords_midi(tmp_path / "chords.mid")
    chords = "part 0 plays chords, not a melody line (32 notes struck at 8 onsets): its top notes are learned"
    trained = run_encore("jazz", "train", "--input", str(path), "--preset", "full", *TRAIN,
                         "--out", str(tmp_path / "model"))
    assert trained.returncode == 0 and chords in trained.stderr
    assert chords in json.loads(run_encore("jazz", "inspect", str(path), "--json").stdout)["notice"]
    band = run_encore("jazz", "train", "--input", str(band_midi(tmp_path / "band.mid")), "--preset", "full",
                      *TRAIN, "--out", str(tmp_path / "band-model"))
    assert band.returncode == 0 and "plays chords" not in band.stderr  # its melody is the lead's line


def piano_midi(path, line: bool = True):
    """One piano track, 16 bars: the left hand's 3-note chords on every beat under the right hand's eighth-note
    line (line=True: 128 onsets, 320 notes, more than two an onset), or under its own block chords struck with
    them (line=False: a chord's top note at every onset)."""
    song = mido.MidiFile(ticks_per_beat=TPB)
    left = [(b * 4.0 + beat, 1.0, p) for b in range(16) for beat in range(4) for p in CHANGES[b % 4][:3]]
    if line:
        right = [(b * 4.0 + i * 0.5, 0.5, LINE[(i + b) % 8]) for b in range(16) for i in range(8)]
    else:
        right = [(b * 4.0 + beat, 1.0, p) for b in range(16) for beat in range(4) for p in (72, 76)]
    song.tracks.append(midi_track("Piano", 0, left + right))
    song.save(str(path))
    return path


def test_a_line_over_comping_is_not_told_as_chords(tmp_path):
    """A right hand's line over the left's chords averages over two notes an onset: it was told as chords."""
    lined = json.loads(run_encore("jazz", "inspect", str(piano_midi(tmp_path / "line.mid")), "--json").stdout)
    assert lined["parts"][0]["notes"] == 320 and lined["X_shape"][0] > 0
    assert "plays chords" not in lined["notice"]
    blocks = run_encore("jazz", "inspect", str(piano_midi(tmp_path / "blocks.mid", line=False)), "--json")
    assert "part 0 plays chords, not a melody line (320 notes struck at 64 onsets)" in json.loads(blocks.stdout)[
        "notice"]
    assert "could not train" in blocks.stderr  # the course reads single notes only: a chord part gives none


def test_inspect_reads_a_file_once_where_train_would_take_it(tmp_path, monkeypatch, capsys):
    """Inspect read every file a second time, as the course preset reads it, to say whether train would refuse
    it: twice as long. Now only where the full reading cannot tell (a short solo, a piano part's chords)."""
    import main
    from engine.jazz import reading, source

    reads = []
    counting = _counted(reading.read_score, reads)
    for module in (source, reading):  # the Source's reading, and any other
        monkeypatch.setattr(module, "read_score", counting)
    for path, most in ((band_midi(tmp_path / "band.mid"), 1), (piano_midi(tmp_path / "line.mid"), 2)):
        reads.clear()
        assert main.main(["jazz", "inspect", str(path), "--json"]) == 0
        assert capsys.readouterr().err == "" and len(reads) == most, reads
    reads.clear()
    assert main.main(["jazz", "inspect", str(band_midi(tmp_path / "short.mid", bars=2)), "--json"]) == 0
    assert "could not train on it" in capsys.readouterr().err  # a short one is read by the course as before


def _counted(read, reads):
    def counting(*args, **kwargs):
        reads.append(args[0])
        return read(*args, **kwargs)
    return counting
