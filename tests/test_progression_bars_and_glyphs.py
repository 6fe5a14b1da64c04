"""A chart's problems name their bar; look-alike glyphs read as their twins; a / holds a chord a beat, so a bar
holding more beats than its meter plays shared, as before, and is warned of; a lower-case root is told to be a
capital letter, a tension parted from its chord to join it."""

from __future__ import annotations

import pytest

from engine.errors import EncoreError
from engine.jazz.progression import chart_summary, chart_warning, parse_progression


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


def bars(text):
    """(start, length, symbol) per chord, in quarter notes to a millionth."""
    return [(round(c.start, 6), round(c.duration, 6), c.symbol) for c in parse_progression(text)]


def shares(*chords):
    return [(round(start, 6), round(length, 6), symbol) for start, length, symbol in chords]


@pytest.mark.parametrize("chart, warning, played", [
    ("C / / / / G7 / / /", "bar 1 holds 9 beats; 4/4 has 4", [(0, 20 / 9, "C"), (20 / 9, 16 / 9, "G7")]),
    ("C7 / / / / / G7", "bar 1 holds 7 beats; 4/4 has 4", [(0, 24 / 7, "C7"), (24 / 7, 4 / 7, "G7")]),
    ("Dm7 | C / G7", "bar 2 holds 3 beats; 4/4 has 4", [(0, 4, "Dm7"), (4, 8 / 3, "C"), (20 / 3, 4 / 3, "G7")]),
    ("C D E F G", "bar 1 holds 5 beats; 4/4 has 4", [(i * 0.8, 0.8, s) for i, s in enumerate("CDEFG")]),
    ("3/4 C / G7 /", "bar 1 holds 4 beats; 3/4 has 3", [(0, 1.5, "C"), (1.5, 1.5, "G7")]),
    ("5/4 C / G7", "bar 1 holds 3 beats; 5/4 has 5", [(0, 10 / 3, "C"), (10 / 3, 5 / 3, "G7")]),
    ("6/8 C / / / F / /", "bar 1 holds 7 beats; 6/8 has 6", [(0, 12 / 7, "C"), (12 / 7, 9 / 7, "F")]),
])
def test_a_bar_whose_chords_and_slashes_do_not_fill_its_meter_plays_shared_and_is_warned_of(chart, warning,
                                                                                              played):
    """Encore's own older charts wrote such bars (its iReal Pro import: '3/4 A-7 / / D7'): they play as they
    did, their chords and slashes sharing the bar evenly, and the user is told."""
    assert bars(chart) == shares(*played)
    told = f"{warning} (each chord and / is a beat): its chords share the bar"
    assert chart_warning(chart) == told
    assert chart_summary(chart).endswith(f" — {told}")  # the Chords field's hint says it as the user types


def test_a_slash_holds_a_beat_and_bars_that_share_evenly_still_do():
    assert bars("C / / G7 | F / Bb7 /") == [(0, 3, "C"), (3, 1, "G7"), (4, 2, "F"), (6, 2, "Bb7")]
    assert bars("3/4 Dm7 | / G7") == [(0, 4.5, "Dm7"), (4.5, 1.5, "G7")]  # halves, as iReal Pro's are written
    assert bars("C / | G7 C") == [(0, 4, "C"), (4, 2, "G7"), (6, 2, "C")]
    assert bars("6/8 C / / F / /") == [(0, 1.5, "C"), (1.5, 1.5, "F")]  # a beat of 6/8 is an eighth
    assert bars("12/8 C / / F") == [(0, 4.5, "C"), (4.5, 1.5, "F")]  # dotted quarters
    for chart in ("C / / G7 | F / Bb7 /", "3/4 Dm7 | / G7", "C / | G7 C", "6/8 C / / F / /"):
        assert chart_warning(chart) == "" and " — " not in chart_summary(chart)


def test_a_lower_case_root_is_told_to_be_a_capital_letter():
    assert refused("cmaj7 | dm7 g7") == "bar 1: unknown chord symbol 'cmaj7' (a root is a capital letter: Cmaj7)"
    assert refused("Cmaj7 | bb7/ab").endswith("(a root is a capital letter: Bb7/Ab)")
    assert refused("C | xq7").endswith("(try e.g. Dm7, G7, Cmaj7, Bb7, F#m7b5)")  # capitals would not read
    assert [c.symbol for c in parse_progression("C | n.c.")] == ["C", "N.C."]


def test_a_tension_parted_from_its_chord_is_told_to_join_it():
    """'G7 b9' meant G7b9: b9 is no root B9."""
    assert refused("G7 b9 | C") == "bar 1: unknown chord symbol 'b9' (a tension goes with its chord: G7b9)"
    assert refused("C7 #11").endswith("(a tension goes with its chord: G7b9)")
    assert refused("C | b7/eb").endswith("(a root is a capital letter: B7/Eb)")  # a root b still is


def test_an_old_projects_chord_text_plays_and_is_warned_of():
    """Chord text as Encore's projects and autosaves hold it, written by its older iReal Pro import and typed."""
    waltz = "3/4 { C^7 | A-7 / / D7 | G-7 / C7 } F^7 | B-7b5 E7 | A-7 / / D7"
    played = bars(waltz)
    assert played[1:3] == [(3, 2.25, "A-7"), (5.25, 0.75, "D7")]  # four shares of 3 beats
    assert chart_summary(waltz) == ("9 bars in 3/4 — bar 2 holds 4 beats; 3/4 has 3 (each chord and / is a "
                                    "beat): its chords share the bar")
    assert bars("C7 / F7") == shares((0, 8 / 3, "C7"), (8 / 3, 4 / 3, "F7"))
    assert chart_warning("C7 / F7").startswith("bar 1 holds 3 beats; 4/4 has 4")
