"""A melody or chord part chosen by the user that holds only rests is refused by name, and an iReal Pro chart
whose meter changes part way says which bars it reads in the chart's one meter."""

from __future__ import annotations

import pytest
from conftest import run_encore
from jazz_files import WALTZ, ireal_link, ireal_song

from engine.errors import FileProblem
from engine.jazz.ireal import tunes_in
from engine.jazz.source import load_source

METER_CHANGE = "[T44C^7XyQ|D-7XyQ][T34E-7XyQ|A7XyQZ"  # bars 3-4 in 3/4


def score_with_a_silent_part(path):
    """Part 0 a violin of rests, part 1 a trumpet line, part 2 a piano's chords, part 3 chord symbols only."""
    from music21 import chord, harmony, instrument, note, stream

    def part(name, inst, *items):
        p = stream.Part()
        p.partName = name
        p.insert(0, inst)
        for item in items:
            p.append(item)
        return p

    silent = part("Violin", instrument.Violin(), note.Rest(quarterLength=16))
    trumpet = part("Trumpet", instrument.Trumpet(), *(note.Note(72 + i % 5, quarterLength=0.5) for i in range(32)))
    piano = part("Piano", instrument.Piano(), *(chord.Chord([48, 52, 55, 59], quarterLength=4) for _ in range(4)))
    symbols = part("Changes", instrument.Piano())
    for bar, figure in enumerate(["Cmaj7", "Dm7", "G7", "Cmaj7"]):
        symbols.insert(bar * 4, harmony.ChordSymbol(figure))
    symbols.insert(0, note.Rest(quarterLength=16))
    score = stream.Score()
    for p in (silent, trumpet, piano, symbols):
        score.insert(0, p)
    score.write("musicxml", path)
    return path


def test_a_silent_melody_part_is_refused_by_name(tmp_path):
    path = score_with_a_silent_part(tmp_path / "silent.musicxml")
    with pytest.raises(FileProblem, match=r"part 0 \(Violin\) has no notes: choose another melody part "
                                          r"\(parts with notes: 1, 2\)") as melody:
        load_source(path, melody_part=0)
    assert melody.value.path and str(path) in str(melody.value)


def test_a_silent_chord_part_is_refused_not_replaced_by_the_melodys_notes(tmp_path):
    path = score_with_a_silent_part(tmp_path / "silent.musicxml")
    with pytest.raises(FileProblem, match=r"part 0 \(Violin\) has no notes: choose another chord part"):
        load_source(path, melody_part=1, chord_parts=[0])
    symbols = load_source(path, melody_part=1, chord_parts=[3])  # chord symbols alone are a chord part
    assert [c.figure for c in symbols.chords][:2] == ["Cmaj7", "Dm7"]


def test_a_silent_chord_part_beside_one_that_sounds_is_no_problem(tmp_path):
    """Each chosen chord part was refused on its own: an empty bass part beside the piano, or an empty part with
    a melody that carries the chord symbols, stopped files (and saved choices) that read right before."""
    path = score_with_a_silent_part(tmp_path / "silent.musicxml")
    both = load_source(path, melody_part=1, chord_parts=[2, 0])
    assert [c.figure for c in both.chords] == [c.figure for c in load_source(path, melody_part=1,
                                                                               chord_parts=[2]).chords]
    assert load_source(path, melody_part=1, chord_parts=[0, 3]).chords  # the symbols' part gives the harmony


def test_the_cli_refuses_a_silent_melody_part_with_exit_2(tmp_path):
    path = score_with_a_silent_part(tmp_path / "silent.musicxml")
    result = run_encore("jazz", "inspect", str(path), "--melody-part", "0")
    assert result.returncode == 2
    assert "part 0 (Violin) has no notes" in result.stderr and "could not be read" not in result.stderr


def test_a_later_meter_of_an_ireal_chart_is_told_not_dropped_silently():
    (tune,) = tunes_in(ireal_link(ireal_song("Meter", METER_CHANGE)))
    assert tune.time == "4/4" and tune.bars == 4  # one meter per chart: the 3/4 bars are read as 4/4 ones
    assert tune.notice == "bars 3-4 are in 3/4: read in 4/4 (Encore plays one meter per chart)"
    (waltz,) = tunes_in(ireal_link(ireal_song("Waltz", WALTZ)))
    assert waltz.notice == ""  # one meter throughout
    (again,) = tunes_in(ireal_link(ireal_song("Again", "[T34C^7XyQ|D-7XyQ][T34E-7XyQ|T44A7XyQZ")))
    assert again.notice == "bar 4 is in 4/4: read in 3/4 (Encore plays one meter per chart)"


def test_the_cli_prints_a_charts_meter_notice_on_stderr(tmp_path):
    chart = tmp_path / "meter.txt"
    chart.write_text(ireal_link(ireal_song("Meter", METER_CHANGE)))
    result = run_encore("jazz", "charts", str(chart))
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ("encore: note: Meter: bars 3-4 are in 3/4: read in 4/4 "
                                     "(Encore plays one meter per chart)")
