"""`python main.py jazz inspect | train | generate`: the command-line contract, and bad input."""

from __future__ import annotations

import json

import mido
import pytest
from conftest import ROOT, run_encore, shared_file
from jazz_files import (
    BLUES,
    BROKEN_TUNE,
    band_midi,
    drums_only_midi,
    empty_midi,
    ireal_export,
    ireal_link,
    ireal_song,
)

ETUDE = ROOT / "resources" / "jazz" / "etudes" / "etude_2_blues_in_f.abc"


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("jazz") / "model"
    result = run_encore("jazz", "train", "--input", str(ETUDE), "--preset", "full", "--epochs", "3",
                        "--hidden", "16", "--seed", "1", "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(report) >= {"epochs", "final_loss", "vocabulary_size", "parameters", "seconds"}
    assert report["epochs"] == 3 and report["final_loss"] > 0 and "final_loss_course" not in report
    saved = json.loads((out / "model.json").read_text())  # the weights kept are the best epoch's: said so
    assert report["best_epoch"] == saved["best_epoch"]
    assert report["best_val_loss"] == saved["history"][report["best_epoch"] - 1]["val_loss"]
    return out


def test_inspect_json_lists_parts_with_roles(tmp_path):
    path = band_midi(tmp_path / "band.mid")
    result = run_encore("jazz", "inspect", str(path), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [(p["index"], p["role"]) for p in report["parts"]] == [(0, "chords"), (1, "melody"), (2, "drums")]
    assert report["bars"] == 8 and report["tokens"] > 0
    assert report["X_shape"][1:] == [30, report["vocabulary_size"]]


def test_inspect_text_names_a_one_note_part_in_the_singular(tmp_path):
    import mido
    from jazz_files import midi_track

    path = band_midi(tmp_path / "band.mid")
    song = mido.MidiFile(str(path))
    song.tracks.append(midi_track("Bell", 2, [(0.0, 1.0, 96)]))
    song.save(str(path))
    result = run_encore("jazz", "inspect", str(path))
    assert result.returncode == 0, result.stderr
    rows = {line.split()[2]: line for line in result.stdout.splitlines() if line.lstrip().startswith("part ")}
    assert " 1 note " in rows["Bell"] and "notes" not in rows["Bell"]
    assert " notes " in rows["Lead"]
    assert rows["Bell"].index("note") == rows["Lead"].index("notes")  # the column stays aligned


def test_inspect_says_when_the_course_preset_has_no_window_to_train_on(tmp_path):
    """It showed 60 windows, and training the same file then refused it."""
    import mido
    from jazz_files import midi_track

    song = mido.MidiFile(ticks_per_beat=480)
    song.tracks.append(midi_track("Lead", 0, [(0.0, 4.0, 72)]))
    song.save(str(tmp_path / "one.mid"))
    result = run_encore("jazz", "inspect", str(tmp_path / "one.mid"), "--preset", "course")
    assert "1 token, 1 distinct; X shape (0, 30, 1) (too few tokens to train: a window is 30)" in result.stdout
    report = json.loads(run_encore("jazz", "inspect", str(tmp_path / "one.mid"), "--preset", "course", "--json").stdout)
    assert report["X_shape"] == [0, 30, 1]


def test_inspect_course_preset_on_the_metheny_file():
    result = run_encore("jazz", "inspect", str(shared_file("data", "original_metheny.mid")), "--preset", "course",
                        "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["bars"], report["tokens"], report["vocabulary_size"]) == (18, 193, 78)
    assert report["X_shape"] == [60, 30, 78]


def test_generate_writes_midi_and_musicxml(model_dir, tmp_path):
    mid = tmp_path / "solo.mid"
    result = run_encore("jazz", "generate", "--model", str(model_dir), "--bars", "4", "--chords", "Dm7 G7 | Cmaj7",
                        "--seed", "5", "--tempo", "140", "--out", str(mid), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["bars"] == 4
    song = mido.MidiFile(str(mid))
    assert len(song.tracks) == 4 and any(m.type == "note_on" for m in song.tracks[1])
    again = tmp_path / "again.mid"  # another process, another hash seed: the same bytes
    result = run_encore("jazz", "generate", "--model", str(model_dir), "--bars", "4", "--chords", "Dm7 G7 | Cmaj7",
                        "--seed", "5", "--tempo", "140", "--out", str(again), env={"PYTHONHASHSEED": "123"})
    assert result.returncode == 0, result.stderr
    assert again.read_bytes() == mid.read_bytes()
    assert [m.tempo for m in song.tracks[0] if m.type == "set_tempo"] == [mido.bpm2tempo(140)]
    xml = tmp_path / "solo.musicxml"
    result = run_encore("jazz", "generate", "--model", str(model_dir), "--out", str(xml))
    assert result.returncode == 0, result.stderr
    assert b"<score-partwise" in xml.read_bytes()


def test_generate_renders_wav_with_the_soundfont(model_dir, tmp_path):
    import wave

    import numpy as np

    out = tmp_path / "solo.wav"
    result = run_encore("jazz", "generate", "--model", str(model_dir), "--bars", "4", "--chords", "Dm7 G7 | Cmaj7",
                        "--seed", "5", "--tempo", "120", "--out", str(out))
    assert result.returncode == 0, result.stderr
    with wave.open(str(out)) as w:
        seconds = w.getnframes() / w.getframerate()
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    assert 8.0 <= seconds <= 8.0 + 3.0 and w.getnchannels() == 2  # 4 bars of 4/4 at 120 bpm, plus the tail
    assert np.abs(samples).max() > 1000  # the band is audible, not a silent file


def test_generate_transposes_the_solo_and_its_chords(model_dir, tmp_path):
    """The same solo a tone higher, for a Bb instrument: every note up two semitones, the chords respelled."""
    from music21 import converter, harmony

    solos = {}
    for semitones in (0, 2):
        out = tmp_path / f"solo{semitones}.musicxml"
        result = run_encore("jazz", "generate", "--model", str(model_dir), "--chords", "Dm7 G7 | Cmaj7 | Bb7",
                            "--seed", "5", "--transpose", str(semitones), "--out", str(out),
                            "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["transpose"] == semitones
        score = converter.parse(str(out))
        solos[semitones] = ([n.pitch.midi for n in score.parts[0].recurse().notes if not isinstance(
            n, harmony.ChordSymbol)], [c.figure for c in score.recurse().getElementsByClass(harmony.ChordSymbol)])
    assert solos[2][0] == [p + 2 for p in solos[0][0]] and solos[0][0]
    assert solos[2][1] == ["Em7", "A7", "Dmaj7", "C7"] and solos[0][1][0] == "Dm7"
    result = run_encore("jazz", "generate", "--model", str(model_dir), "--transpose", "30", "--out",
                        str(tmp_path / "never.mid"))
    assert result.returncode == 2 and result.stderr.strip().endswith("--transpose must be -24 to 24 semitones, not 30")
    assert not (tmp_path / "never.mid").exists()


def _melody_by_bar(path) -> dict[int, list[tuple[float, int, int]]]:
    """(beat, pitch, velocity) of the melody track's notes, per bar of 4/4 counted from 0."""
    song = mido.MidiFile(str(path))
    bars, ticks = {}, 0
    for message in song.tracks[1]:
        ticks += message.time
        if message.type == "note_on" and message.velocity:
            beat = ticks / song.ticks_per_beat
            bars.setdefault(int(beat // 4), []).append((round(beat, 3), message.note, message.velocity))
    return bars


def test_generate_reworks_chosen_bars_of_a_project_piece(model_dir, tmp_path):
    from engine.files import write_json
    from engine.jazz.project import project_data
    from engine.jazz.source import load_source

    solo = tmp_path / "solo.mid"
    assert run_encore("jazz", "generate", "--model", str(model_dir), "--bars", "4", "--chords", "Dm7 G7 | Cmaj7",
                      "--seed", "5", "--out", str(solo)).returncode == 0
    piece = load_source(solo).to_piece()
    for note in piece.notes:
        note.velocity = 33  # the user's edit in the velocity lane: kept bars must keep it
    project = tmp_path / "gig.encore-jazz"
    write_json(project, project_data([load_source(solo).to_piece(), piece], 1, None, [], {}))
    out = tmp_path / "reworked.mid"
    result = run_encore("jazz", "generate", "--model", str(model_dir), "--base", str(project), "--regenerate", "2",
                        "--seed", "8", "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["bars"] == 4
    after = _melody_by_bar(out)
    for bar in (0, 2, 3):
        kept = [(round(n.start, 3), n.pitch, n.velocity) for n in piece.notes_in_bar(bar)]
        assert kept and after[bar] == kept
    assert [(round(n.start, 3), n.pitch) for n in piece.notes_in_bar(1)] != [n[:2] for n in after.get(1, [])]
    for args in (["--regenerate", "5"], ["--piece", "3", "--regenerate", "1"], ["--regenerate", "two"],
                 ["--regenerate", "2", "--chords", "Bb7"]):  # its own chords are kept
        bad = run_encore("jazz", "generate", "--model", str(model_dir), "--base", str(project), *args,
                         "--out", str(tmp_path / "never.mid"))
        assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "never.mid").exists()
    before = solo.read_bytes()  # written over its own input, the solo would be lost: refused, before any work
    for command in (["generate", "--model", str(model_dir), "--base", str(solo), "--regenerate", "2"], ["export"]):
        bad = run_encore("jazz", *command, *([str(solo)] if command == ["export"] else []), "--out", str(solo))
        assert bad.returncode == 2 and "is one of the files this was read from" in bad.stderr and solo.read_bytes() == before


def test_regenerate_numbers_a_pickup_solos_bars_as_its_score_and_inspect_do(model_dir, tmp_path):
    """A solo opening with a pickup is bars 0-3 to its score, `jazz inspect` and --bars; --regenerate counted
    from 1, so '1' rewrote the pickup and '0' was refused."""
    from engine.jazz.source import load_source

    abc = tmp_path / "pickup.abc"
    abc.write_text("X:1\nT:Pickup\nM:4/4\nL:1/4\nK:C\nG |\"C\" c d e f | \"G7\" g a b c' | \"C\" c'4 |]\n")
    piece = load_source(abc).to_piece()
    out = tmp_path / "again.mid"
    result = run_encore("jazz", "generate", "--model", str(model_dir), "--base", str(abc), "--regenerate", "1",
                        "--seed", "3", "--out", str(out))
    assert result.returncode == 0, result.stderr
    after = _melody_by_bar(out)
    for bar in (0, 2, 3):  # the pickup and the bars after the one asked for, as they were
        assert [n[:2] for n in after[bar]] == [(round(n.start, 3), n.pitch) for n in piece.notes_in_bar(bar)]
    assert [n[:2] for n in after.get(1, [])] != [(round(n.start, 3), n.pitch) for n in piece.notes_in_bar(1)]
    assert run_encore("jazz", "generate", "--model", str(model_dir), "--base", str(abc), "--regenerate", "0",
                      "--out", str(tmp_path / "pickup.mid")).returncode == 0
    bad = run_encore("jazz", "generate", "--model", str(model_dir), "--base", str(abc), "--regenerate", "4",
                     "--out", str(tmp_path / "never.mid"))
    assert bad.returncode == 2 and "outside the solo's bars 0-3" in bad.stderr


def test_regenerate_says_a_backwards_range_runs_backwards():
    """'5-3' was 'outside the solo's bars', when bars 3-5 are there: the range is only given the wrong way round."""
    from engine.errors import EncoreError
    from engine.jazz.cli import _bar_numbers
    from engine.jazz.piece import Note, Piece

    base = Piece("Eight bars", [Note(0, 1, 60)], [], 8)
    assert _bar_numbers("3-5,7", base) == {2, 3, 4, 6}
    with pytest.raises(EncoreError, match=r"--regenerate: bar range 5-3 runs backwards: give the first bar first "
                       r"\(3-5\)"):
        _bar_numbers("5-3", base)
    with pytest.raises(EncoreError, match=r"outside the solo's bars 1-8"):
        _bar_numbers("7-9", base)


def test_inspect_says_a_backwards_bar_range_runs_backwards(tmp_path):
    path = band_midi(tmp_path / "band.mid")
    result = run_encore("jazz", "inspect", str(path), "--bars", "5-3", timeout=120)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "band.mid: bar range 5-3 runs backwards: give the first bar first (3-5)" in result.stderr


def test_export_writes_a_project_piece_as_edited_in_another_key_without_a_model(tmp_path):
    """The window's Export from the command line: the chosen piece, its edited velocities kept, a tone up."""
    from engine.files import write_json
    from engine.jazz.piece import Note, Piece
    from engine.jazz.progression import parse_progression
    from engine.jazz.project import project_data

    notes = [Note(0.0, 1.0, 62, 33), Note(1.0, 0.5, 65, 90), Note(4.0, 2.0, 70, 101)]
    second = Piece("Take 2", notes, parse_progression("Dm7 G7 | Bbmaj7"), bars=2, tempo=140.0,
                   meta={"chords": "Dm7 G7 | Bbmaj7"})
    project = tmp_path / "gig.encore-jazz"
    write_json(project, project_data([Piece("Take 1", [Note(0, 1, 60)], [], bars=1), second], 0, None, [], {}))
    out = tmp_path / "take2.mid"
    result = run_encore("jazz", "export", str(project), "--piece", "2", "--transpose", "2", "--tempo", "100",
                        "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"out": str(out), "title": "Take 2", "bars": 2, "notes": 3, "tempo": 100.0,
                                         "transpose": 2}
    assert [(beat, pitch, velocity) for bar in _melody_by_bar(out).values() for beat, pitch, velocity in bar] == [
        (0.0, 64, 33), (1.0, 67, 90), (4.0, 72, 101)]
    assert round(mido.tempo2bpm(next(m.tempo for t in mido.MidiFile(str(out)).tracks for m in t
                                     if m.type == "set_tempo"))) == 100
    score = tmp_path / "take2.musicxml"
    assert run_encore("jazz", "export", str(project), "--piece", "2", "--transpose", "-3", "--out",
                      str(score)).returncode == 0
    from music21 import converter, harmony

    figures = [c.figure for c in converter.parse(str(score)).recurse().getElementsByClass(harmony.ChordSymbol)]
    assert figures == ["Bm7", "E7", "Gmaj7"]
    etude = run_encore("jazz", "export", str(ETUDE), "--out", str(tmp_path / "etude.mid"), "--json")
    assert etude.returncode == 0 and json.loads(etude.stdout)["notes"] > 20
    for args in (["--piece", "3"], ["--transpose", "40"], ["--melody-program", "200"]):
        bad = run_encore("jazz", "export", str(project), *args, "--out", str(tmp_path / "never.mid"))
        assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr
    assert not (tmp_path / "never.mid").exists()
    data = json.loads(project.read_text())
    data["current"] = "abc"  # edited by hand: the first piece, where int("abc") was the message
    project.write_text(json.dumps(data))
    first = run_encore("jazz", "export", str(project), "--out", str(tmp_path / "first.mid"), "--json")
    assert first.returncode == 0 and json.loads(first.stdout)["title"] == "Take 1"
    data["pieces"][1]["beats_per_bar"] = 13  # Encore's bars hold 12 quarter notes at most: was a TypeError
    project.write_text(json.dumps(data))
    bad = run_encore("jazz", "export", str(project), "--piece", "2", "--out", str(tmp_path / "never.mid"))
    assert bad.returncode == 2 and "beats_per_bar" in bad.stderr and "Traceback" not in bad.stderr


def test_unknown_chord_symbol_fails_cleanly(model_dir, tmp_path):
    out = tmp_path / "never.mid"
    result = run_encore("jazz", "generate", "--model", str(model_dir), "--chords", "Dm7 | Qx7", "--out", str(out))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Qx7" in result.stderr
    assert not out.exists()


def test_charts_lists_the_tunes_of_an_ireal_pro_export(tmp_path):
    result = run_encore("jazz", "charts", str(ireal_export(tmp_path / "list.html")), "--json")
    assert result.returncode == 0, result.stderr
    tunes = json.loads(result.stdout)
    assert [(t["title"], t["time"], t["tempo"], t["bars"]) for t in tunes] == [
        ("The Blues For Nobody", "4/4", 160, 12), ("Waltz Study", "3/4", 0, 16)]
    assert tunes[0]["chart"].startswith("[ C7 | F7 | C7 | x |")


def test_generate_improvises_over_a_tune_of_an_ireal_pro_export(model_dir, tmp_path):
    out = tmp_path / "waltz.musicxml"
    chart = str(ireal_export(tmp_path / "l.html"))
    result = run_encore("jazz", "generate", "--model", str(model_dir), "--chart", chart, "--tune", "waltz",
                        "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["tune"], report["bars"], report["tempo"]) == ("Waltz Study", 16, 130)  # the form, D.C. included
    assert result.stderr == ""  # a waltz is improvised in 3/4: nothing to warn about
    score = out.read_text(encoding="utf-8")
    assert "Improvisation on Waltz Study" in score and "<beats>3</beats>" in score and "<beats>4</beats>" not in score
    jig = tmp_path / "jig.html"  # 6/8 is written as 6/8
    jig.write_text(ireal_link(ireal_song("Jig", "[T68C^7XyQ|G7XyQZ")), encoding="utf-8")
    result = run_encore("jazz", "generate", "--model", str(model_dir), "--chart", str(jig), "--out",
                        str(tmp_path / "jig.musicxml"), "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["bars"] == 2 and result.stderr == ""
    assert "<beat-type>8</beat-type>" in (tmp_path / "jig.musicxml").read_text(encoding="utf-8")
    odd = tmp_path / "odd.html"  # 7/8 is no whole number of quarter notes: played in 4/4 bars, and said so
    odd.write_text(ireal_link(ireal_song("Odd", "[T78C^7XyQ|G7XyQZ")), encoding="utf-8")
    result = run_encore("jazz", "generate", "--model", str(model_dir), "--chart", str(odd), "--out",
                        str(tmp_path / "odd.mid"), "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["bars"] == 2
    assert "Odd is in 7/8" in result.stderr and "as a bar of 4/4" in result.stderr
    link = ireal_link(ireal_song("B", BLUES, tempo=160))  # pasted: its chart and its tempo
    linked = run_encore("jazz", "generate", "--model", str(model_dir), "--chords", link, "--out",
                        str(tmp_path / "blues.mid"), "--json")
    assert linked.returncode == 0, linked.stderr
    assert (json.loads(linked.stdout)["bars"], json.loads(linked.stdout)["tempo"]) == (12, 160)


@pytest.mark.parametrize("args, problem", [
    ([], "list.html: 2 tunes; name one with --tune"),
    (["--tune", "bossa"], "list.html: no tune titled 'bossa'"),
    (["--tune", "waltz", "--chords", "Dm7"], "--chords or --chart, not both"),
])
def test_generate_refuses_a_chart_it_cannot_choose(model_dir, tmp_path, args, problem):
    out = tmp_path / "never.mid"
    chart = str(ireal_export(tmp_path / "list.html"))
    result = run_encore("jazz", "generate", "--model", str(model_dir), "--chart", chart, *args, "--out", str(out))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and problem in result.stderr
    assert not out.exists()


def test_generate_plays_choruses_of_a_chart_the_last_to_its_coda(model_dir, tmp_path):
    out = tmp_path / "three.musicxml"
    result = run_encore("jazz", "generate", "--model", str(model_dir), "--chords", "Dm7 | G7 Q | A7 || Q Cmaj7",
                        "--choruses", "3", "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    assert (json.loads(result.stdout)["bars"], json.loads(result.stdout)["choruses"]) == (9, 3)  # 3 + 3 + 2 + 1
    score = out.read_text(encoding="utf-8")
    assert score.count("<measure ") == 9 and score.count("<kind") == 9


@pytest.mark.parametrize("args, problem", [
    (["--choruses", "0"], "--choruses runs 1-99, not 0"),
    (["--base", "solo.mid", "--regenerate", "2", "--bars", "4"], "--base keeps the solo's length"),  # --bars was ignored
    (["--base", "solo.mid", "--bars", "4"], "--base keeps the solo's length"),  # a new 4-bar solo, no note kept
    (["--choruses", "2", "--bars", "4"], "--choruses sets the solo's length: give it without --bars and --base"),
    (["--chords", "C7 | F7", "--choruses", "99", "--bars", "8"], "without --bars"),
    (["--chords", " | ".join(["C7"] * 30), "--choruses", "70"], "70 choruses of the chart run 2,100 bars"),
    (["--bars", "0"], "1-2,000 bars, not 0"),  # was read as 'no --bars' and made the default length
    (["--bars", "-3"], "not -3"),
    (["--bars", "100000"], "not 100,000"),
    (["--tempo", "0"], "tempo 0 bpm"),  # was written at 130 bpm
    (["--temperature", "nan"], "temperature must be a number"),  # was a solo of whatever NaN sampled
])
def test_generate_refuses_an_impossible_length_or_tempo(model_dir, tmp_path, args, problem):
    out = tmp_path / "never.mid"
    result = run_encore("jazz", "generate", "--model", str(model_dir), *args, "--out", str(out))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and problem in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("case, problem", [
    ("missing", "no such file"),
    ("not_midi", "not a MIDI file"),
    ("no_notes", "no notes"),
    ("drums_only", "only drum"),
    ("bad_part", "has no part 9"),
])
def test_bad_input_is_one_line_and_exit_2(case, problem, tmp_path):
    path = tmp_path / f"{case}.mid"
    extra = []
    if case == "not_midi":
        path.write_bytes(b"RIFF\x00\x00 this is not a MIDI file")
    elif case == "no_notes":
        empty_midi(path)
    elif case == "drums_only":
        drums_only_midi(path)
    elif case == "bad_part":
        band_midi(path)
        extra = ["--melody-part", "9"]
    out = tmp_path / "model"
    result = run_encore("jazz", "train", "--input", str(path), *extra, "--epochs", "1", "--out", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and problem in lines[0] and path.name in lines[0] and "Traceback" not in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == ([path] if path.exists() else [])


BAD_STEP = """<?xml version="1.0" encoding="utf-8"?>
<score-partwise version="4.0"><part-list><score-part id="P1"><part-name/></score-part></part-list>
<part id="P1"><measure number="1"><attributes><divisions>1</divisions></attributes>
<note><pitch><step>Q</step><octave>4</octave></pitch><duration>4</duration><type>whole</type></note></measure>
</part></score-partwise>"""


def test_a_type_2_midi_and_a_score_music21_warns_about_are_one_line(tmp_path):
    """music21's MusicXMLWarning came out ahead of the line; a type 2 file was 'format: <built-in function format>'."""
    import mido

    (tmp_path / "bad.musicxml").write_text(BAD_STEP)
    songs = mido.MidiFile(band_midi(tmp_path / "band.mid"))
    songs.type = 2
    songs.save(str(tmp_path / "songs.mid"))
    for name, problem in (("bad.musicxml", "Cannot make a step out of 'Q'"), ("songs.mid", "is a type 2 MIDI file")):
        result = run_encore("jazz", "inspect", str(tmp_path / name))
        assert result.returncode == 2 and result.stderr.count("\n") == 1
        assert problem in result.stderr and name in result.stderr


def test_a_wav_of_a_piece_with_nothing_to_play_names_the_wav(tmp_path):
    """It said 'MIDI data: has no notes to play', naming neither the project nor the file asked for."""
    project = tmp_path / "blank.encore-jazz"
    project.write_text(json.dumps({"format": "encore-jazz", "version": 2, "pieces": [{"title": "Blank", "bars": 1}]}))
    result = run_encore("jazz", "export", str(project), "--out", str(tmp_path / "blank.wav"))
    assert result.returncode == 2 and result.stderr.strip() == f"encore: error: {tmp_path / 'blank.wav'}: has no notes to play"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blank.encore-jazz"]


def test_a_training_setting_out_of_range_names_its_flag_before_any_file_is_read(tmp_path):
    result = run_encore("jazz", "train", "--input", str(tmp_path / "missing.mid"), "--epochs", "0",
                        "--out", str(tmp_path / "model"))
    assert result.returncode == 2
    assert result.stderr.strip() == "encore: error: --epochs must be from 1 to 100,000, not 0"


def test_part_and_bar_choices_without_input_files_are_refused(tmp_path):
    """The built-in corpus has its own parts and bars; a choice made for it would be silently dropped."""
    result = run_encore("jazz", "train", "--melody-part", "2", "--bars", "1-4", "--out", str(tmp_path / "model"))
    assert result.returncode == 2 and not (tmp_path / "model").exists()
    assert result.stderr.strip() == ("encore: error: --melody-part, --bars: only with --input files "
                                     "(the built-in corpus is read as it is)")


def test_too_few_course_tokens_names_the_part_and_bars_read(tmp_path):
    path = band_midi(tmp_path / "band.mid")
    result = run_encore("jazz", "train", "--input", str(path), "--bars", "1-2", "--out", str(tmp_path / "model"))
    assert result.returncode == 2 and not (tmp_path / "model").exists()
    assert result.stderr.strip() == ("encore: error: the course preset needs more than 30 tokens; "
                                     "band.mid (part 1, bars 1-2) gave 14 tokens")


def test_charts_names_the_tunes_it_skipped(tmp_path):
    playlist = tmp_path / "list.html"
    playlist.write_text(ireal_link(BROKEN_TUNE, ireal_song("Blues", BLUES), playlist="List"))
    result = run_encore("jazz", "charts", str(playlist), "--json")
    assert result.returncode == 0 and [t["title"] for t in json.loads(result.stdout)] == ["Blues"]
    assert result.stderr.strip() == f"encore: {playlist}: 1 tune skipped (the iReal Pro link of 'Broken' has no chart)"


def test_generate_over_a_playlist_names_the_tunes_it_skipped(model_dir, tmp_path):
    playlist = tmp_path / "list.html"
    playlist.write_text(ireal_link(BROKEN_TUNE, ireal_song("Blues", BLUES), playlist="List"))
    skipped = "1 tune skipped (the iReal Pro link of 'Broken' has no chart)"
    out = tmp_path / "solo.mid"
    played = run_encore("jazz", "generate", "--model", str(model_dir), "--chart", str(playlist), "--out", str(out))
    assert played.returncode == 0 and out.exists()  # the only tune that could be read
    assert played.stderr.strip() == f"encore: {playlist}: {skipped}"
    asked = run_encore("jazz", "generate", "--model", str(model_dir), "--chart", str(playlist), "--tune", "broken",
                       "--out", str(tmp_path / "never.mid"))
    assert asked.returncode == 2 and not (tmp_path / "never.mid").exists()
    assert asked.stderr.strip() == f"encore: error: {playlist}: no tune titled 'broken' (the tunes: Blues); {skipped}"


def test_train_takes_the_presets_settings_and_a_learning_rate_as_the_window_does(tmp_path, app):
    """The window's full preset filled in 30 epochs, 128 units and lr 0.005, where `jazz train --preset full`
    kept 100 epochs, 64 units and lr 0.01, and the command line had no learning rate to set at all."""
    from engine.jazz.presets import PRESETS
    from gui.jazz.training_panel import TrainingPanel

    out = tmp_path / "model"
    result = run_encore("jazz", "train", "--input", str(ETUDE), "--preset", "full", "--epochs", "2",
                        "--lr", "0.02", "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    settings = json.loads((out / "model.json").read_text())["settings"]
    assert (settings["epochs"], settings["hidden"], settings["lr"]) == (2, PRESETS["full"]["hidden"], 0.02)
    panel = TrainingPanel()
    panel.preset.setCurrentText("full")
    assert {k: panel.settings()[k] for k in ("epochs", "hidden", "lr")} == PRESETS["full"] == {
        "epochs": 30, "hidden": 64, "lr": 0.01}
    bad = run_encore("jazz", "train", "--input", str(ETUDE), "--lr", "0", "--out", str(tmp_path / "m2"))
    assert bad.returncode == 2 and not (tmp_path / "m2").exists()
    assert bad.stderr.strip() == "encore: error: --lr (learning rate) must be over 0 and at most 1, not 0"
