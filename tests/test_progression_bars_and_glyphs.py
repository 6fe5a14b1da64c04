"""A chart's problems name their bar; look-alike glyphs read as their twins; a / holds a chord a beat, so a bar
holding more beats than its meter is refused; a lower-case root is told to be a capital letter."""

from __future__ import annotations

import re

import pytest

from engine.errors import EncoreError
from engine.jazz.progression import chart_summary, parse_progression


def refused(chart: str) -> str:
    with pytest.raises(EncoreError) as caught:
        parse_progression(chart)
    return caught.value.problem


def test_an_unknown_chord_names_its_bar_as_the_chart_writes_it():
    assert refused("Cmaj7 | A7 | Dm 7 G7 | Cmaj7") == (
        "bar 3: unknown chord symbol '7' (try e.g. Dm7, G7, Cmaj7, Bb7, F#m7b5)")
    assert refused("|: C | D :| E | Xq").startswith("bar 4: unknown chord symbol 'Xq'")  # the 4th written, 6th played
    assert refused("C | D || Q E | Q Zz").startswith("bar 4: ")  # a coda's bar too


@pytest.mark.parametrize("look_alike, twin", [
    ("C∆7", "CΔ7"), ("C∆", "CΔ"), ("C△7", "CΔ7"),  # the Mac's Option+J (increment sign), a triangle
    ("C−7", "C-7"), ("C–7", "C-7"), ("C7−9", "C7-9"), ("C−(9)", "C-(9)"),  # minus sign, en dash
    ("Cº7", "C°7"),  # Option+0's ordinal
    ("CØ7", "Cø7"), ("FØ", "Fø"),
    ("Cm△7", "C-Δ7"),
])
def test_look_alike_glyphs_read_as_their_twins(look_alike, twin):
    (chord,), (expected,) = parse_progression(look_alike), parse_progression(twin)
    assert (chord.symbol, chord.pitches, chord.names) == (look_alike, expected.pitches, expected.names)


@pytest.mark.parametrize("chart, problem", [
    ("C / / / / G7 / / /", "bar 1 holds 9 beats; 4/4 has 4"),
    ("C7 / / / / / G7", "bar 1 holds 7 beats; 4/4 has 4"),
    ("Dm7 | C / G7", "bar 2 holds 3 beats; 4/4 has 4"),  # fewer than the bar's, not sharing it evenly
    ("C D E F G", "bar 1 holds 5 beats; 4/4 has 4"),
    ("3/4 C / G7 /", "bar 1 holds 4 beats; 3/4 has 3"),
    ("5/4 C / G7", "bar 1 holds 3 beats; 5/4 has 5"),
    ("6/8 C / / / F / /", "bar 1 holds 7 beats; 6/8 has 6"),
])
def test_a_bar_whose_chords_and_slashes_do_not_fill_its_meter_is_refused(chart, problem):
    assert refused(chart).startswith(problem)
    with pytest.raises(EncoreError, match=re.escape(problem)):
        chart_summary(chart)  # the Chords field's hint says it as the user types


def test_a_slash_holds_a_beat_and_bars_that_share_evenly_still_do():
    def bars(text):
        return [(c.start, c.duration, c.symbol) for c in parse_progression(text)]

    assert bars("C / / G7 | F / Bb7 /") == [(0, 3, "C"), (3, 1, "G7"), (4, 2, "F"), (6, 2, "Bb7")]
    assert bars("3/4 Dm7 | / G7") == [(0, 4.5, "Dm7"), (4.5, 1.5, "G7")]  # halves, as iReal Pro's are written
    assert bars("C / | G7 C") == [(0, 4, "C"), (4, 2, "G7"), (6, 2, "C")]
    assert bars("6/8 C / / F / /") == [(0, 1.5, "C"), (1.5, 1.5, "F")]  # a beat of 6/8 is an eighth
    assert bars("12/8 C / / F") == [(0, 4.5, "C"), (4.5, 1.5, "F")]  # dotted quarters


def test_a_lower_case_root_is_told_to_be_a_capital_letter():
    assert refused("cmaj7 | dm7 g7") == "bar 1: unknown chord symbol 'cmaj7' (a root is a capital letter: Cmaj7)"
    assert refused("Cmaj7 | bb7/ab").endswith("(a root is a capital letter: Bb7/Ab)")
    assert refused("C | xq7").endswith("(try e.g. Dm7, G7, Cmaj7, Bb7, F#m7b5)")  # capitals would not read
    assert [c.symbol for c in parse_progression("C | n.c.")] == ["C", "N.C."]
