"""`jazz generate --regenerate` numbers bars as the score does, the silence warning hears only the bars the
model made, and `jazz train` refuses one part as melody and chords, reads a file given twice once, and names
--temperature in its refusal.

A file whose melody comes in at bar 3 (`jazz inspect`: bars 3-6) had its bars counted from the first melody
bar: --regenerate 3 replaced score bar 5, and --regenerate 6 was refused as outside "bars 1-4".
"""

from __future__ import annotations

import json

import pytest
from conftest import run_encore
from jazz_files import CHANGES, LINE, TPB, midi_track

from engine.errors import EncoreError
from engine.jazz.cli import _bar_numbers
from engine.jazz.improvise import improvise, silence_warning
from engine.jazz.model import TrainSettings, train
from engine.jazz.piece import Note, Piece
from engine.jazz.source import load_source


def late_start_midi(path):
    """Piano chords from bar 1 (part 0); the melody (part 1) comes in at bar 3 and plays four bars."""
    import mido

    song = mido.MidiFile(ticks_per_beat=TPB)
    song.tracks.append(mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=500000)]))
    chords = [(b * 4.0, 4.0, p) for b in range(6) for p in CHANGES[b % 4]]
    melody = [(8 + b * 4.0 + i * 0.5, 0.5, LINE[(i + b) % 8] - b) for b in range(4) for i in range(8)]
    song.tracks += [midi_track("Piano", 0, chords), midi_track("Lead", 1, melody)]
    song.save(str(path))
    return path


@pytest.fixture
def late_start(tmp_path):
    return late_start_midi(tmp_path / "late_start.mid")


@pytest.fixture
def model_dir(late_start, tmp_path):
    model = train([load_source(late_start)], TrainSettings(preset="full", epochs=2, hidden=8, seed=1))
    model.save(tmp_path / "model")
    return tmp_path / "model"


def _bar(piece, index: int) -> list[tuple[float, float, int]]:
    return [(n.start, n.duration, n.pitch) for n in piece.notes_in_bar(index)]


def test_regenerate_numbers_bars_as_the_score_and_inspect_do(late_start, model_dir):
    from engine.jazz.model import JazzModel

    base = load_source(late_start).to_piece()
    assert base.meta["bars"] == [3, 6] and base.bars == 4
    assert _bar_numbers("3", base) == {0} and _bar_numbers("5-6", base) == {2, 3}
    model = JazzModel.load(model_dir)
    again = improvise(model, base=base, regenerate=_bar_numbers("6", base), seed=4)
    assert [_bar(again, i) for i in range(3)] == [_bar(base, i) for i in range(3)]  # score bars 3-5 kept
    assert _bar(again, 3) != _bar(base, 3)
    assert _bar_numbers("3", again) == {0}  # the reworked solo is still numbered as the score
    for outside in ("2", "7", "5-7"):
        with pytest.raises(EncoreError, match=f"bars {outside} are outside the solo's bars 3-6"):
            _bar_numbers(outside, base)


def test_generate_regenerate_6_of_bars_3_6_is_accepted_and_2_refused_with_the_scores_range(late_start, model_dir,
                                                                                          tmp_path):
    out = tmp_path / "again.mid"
    common = ("jazz", "generate", "--model", str(model_dir), "--base", str(late_start), "--out", str(out))
    done = run_encore(*common, "--regenerate", "6")
    assert done.returncode == 0, done.stderr
    refused = run_encore(*common, "--regenerate", "2")
    assert refused.returncode == 2
    assert refused.stderr.strip() == "encore: error: bars 2 are outside the solo's bars 3-6"


def _piece(notes, bars: int = 8, first: int | None = None) -> Piece:
    meta = {"bars": [first, first + bars - 1]} if first is not None else {}
    return Piece("Solo", [Note(*n) for n in notes], [], bars, meta=meta)


def test_the_silence_warning_hears_only_the_bars_improvised_and_notes_held_over_bar_lines():
    # bars 1-2 and 8 played (0-based 0, 1, 7); the source rests in 0-based 2-6
    resting = _piece([(0, 4, 60), (4, 4, 62), (28, 4, 64)])
    assert silence_warning(resting, {1}) == ""  # the source's own rests were kept, not improvised
    assert silence_warning(resting, {2, 3, 4}) == ""  # three silent bars are no news
    assert silence_warning(resting, {2, 3, 4, 5}).startswith("bars 3-6 are silent")
    held = _piece([(0, 4, 60), (4, 24, 62), (28, 4, 64)])  # one note held through bars 2-7
    assert silence_warning(held) == ""
    assert silence_warning(held, {2, 3, 4, 5}) == ""
    late = _piece([(0, 4, 60), (28, 4, 64)], first=12)  # bars 12-19 of a file
    assert silence_warning(late).startswith("bars 13-18 are silent")


def test_one_part_as_both_melody_and_chords_is_refused(late_start, tmp_path):
    result = run_encore("jazz", "train", "--input", str(late_start), "--melody-part", "1", "--chord-part", "1",
                        "--out", str(tmp_path / "m"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "part 1 (Lead) is the melody" in lines[0] and "chord part" in lines[0]
    assert not (tmp_path / "m").exists()
    with pytest.raises(EncoreError, match="part 1 .Lead. is the melody"):
        load_source(late_start, chord_parts=[1])  # Encore's pick of melody is the part given as chords
    assert load_source(late_start, melody_part=1, chord_parts=[0]).chord_parts == [0]
    # beside another chord part (a piano's right hand with its left) it is a choice, not a mistake: a hunt's find
    assert load_source(late_start, melody_part=1, chord_parts=[0, 1]).chord_parts == [0, 1]


def test_a_part_read_as_melody_and_chords_by_default_may_be_chosen_so(tmp_path):
    """A piano part whose top line is the melody and the rest its chords, or a file of one line only: what
    Encore reads by default, and what the window's part fields send back when the user applies them."""
    import mido

    piano = [(b * 4.0, 4.0, p) for b in range(4) for p in CHANGES[b % 4]]
    piano += [(b * 4.0 + i * 0.5, 0.5, LINE[(i + b) % 8] + 12) for b in range(4) for i in range(8)]
    lone = [(b * 4.0 + i * 0.5, 0.5, LINE[(i + b) % 8]) for b in range(4) for i in range(8)]
    for name, notes in (("piano", piano), ("lone", lone)):
        song = mido.MidiFile(ticks_per_beat=TPB)
        song.tracks.append(midi_track("Only", 0, notes))
        song.save(str(tmp_path / f"{name}.mid"))
        default = load_source(tmp_path / f"{name}.mid")
        assert (default.melody_part, default.chord_parts) == (0, [0])
        chosen = load_source(tmp_path / f"{name}.mid", melody_part=0, chord_parts=[0])
        assert [c.names for c in chosen.chords] == [c.names for c in default.chords]


def test_a_file_given_twice_to_train_is_read_once(late_start, tmp_path):
    out = tmp_path / "m"
    other_name = f"{tmp_path}/./{late_start.name}"  # the same file by another name
    result = run_encore("jazz", "train", "--input", str(late_start), other_name, "--preset", "full",
                        "--epochs", "1", "--hidden", "8", "--out", str(out))
    assert result.returncode == 0, result.stderr
    trained_on = json.loads((out / "model.json").read_text())["trained_on"]
    assert [s["path"] for s in trained_on] == [str(late_start)]


@pytest.mark.parametrize("value", ["-1", "nan", "inf"])
def test_a_bad_temperature_names_the_flag_and_the_value(value, model_dir, tmp_path):
    result = run_encore("jazz", "generate", "--model", str(model_dir), "--temperature", value,
                        "--out", str(tmp_path / "x.mid"))
    assert result.returncode == 2
    assert result.stderr.strip() == ("encore: error: --temperature must be a number from 0 (always the likeliest "
                                     f"token) up, not {value}")
    predict = run_encore("setlist", "predict", "--model", str(tmp_path / "none"), "--temperature", value,
                         "--out", str(tmp_path / "show.json"))
    assert predict.returncode == 2
    assert predict.stderr.strip().endswith(f"--temperature must be a number from 0 (always the likeliest song) up, "
                                           f"not {value}")
