"""Charts pasted from lead sheets: section labels ([A], [A1], [Verse], 'A:' opening a line) were read as chords
(an A major bar, a bare note A1, Asus2) or refused; an empty bar ('| |') was dropped, shortening a blues to
7 bars; ':|:' was refused; and C3, C12, C711 and C7b passed the chord check as a note or two."""

from __future__ import annotations

import pytest

from engine.errors import EncoreError
from engine.jazz.progression import chart_bars, chart_summary, chart_warning, parse_progression


def test_bracketed_section_labels_are_skipped_and_named():
    chart = "[A] Dm7 G7 | C^7 | [B] F^7 | E7"
    assert chart_bars(chart) == [["Dm7", "G7"], ["C^7"], ["F^7"], ["E7"]]
    assert chart_summary(chart) == "4 bars — section labels [A], [B] are not played"


def test_a_label_starts_a_bar_and_numbered_labels_are_no_chords():
    chart = "[A1] Dm7 G7 | C^7 [A2] Dm7 G7 | C6"
    assert chart_bars(chart) == [["Dm7", "G7"], ["C^7"], ["Dm7", "G7"], ["C6"]]
    assert "[A1], [A2]" in chart_warning(chart)


@pytest.mark.parametrize("chart", ["A: Dm7 G7 | C\nB: F | G", "Verse: Dm7 G7 | C\nbridge: F | G",
                                   "[Verse] Dm7 G7 | C [CHORUS] F | G", "3/4 A: Dm7 G7 | C\nB2: F | G"])
def test_section_names_and_colon_labels_are_skipped(chart):
    assert chart_bars(chart) == [["Dm7", "G7"], ["C"], ["F"], ["G"]]
    assert "not played" in chart_warning(chart)


def test_bare_letters_and_bracketed_chords_stay_chords():
    assert chart_bars("| A | D") == [["A"], ["D"]]
    assert chart_bars("[G7] C") == [["G7"], ["C"]]
    assert chart_bars("[ C ] F") == [["C"], ["F"]]  # iReal Pro's one-bar section, as ireal.py writes it
    assert chart_warning("| A | D") == ""


def test_end_and_start_repeat_in_one_sign():
    twice = [["C"], ["F"], ["C"], ["F"], ["G"], ["D"], ["G"], ["D"]]
    for sign in (":|:", "::", ":||:"):
        assert chart_bars(f"C | F {sign} G | D :|") == twice


def test_an_empty_bar_holds_the_chord_before():
    blues = "C7 | | | | F7 | | C7 | | G7 | F7 | C7 | G7 |"
    assert chart_summary(blues) == "12 bars"
    assert chart_bars(blues)[:6] == [["C7"]] * 4 + [["F7"]] * 2
    assert [(c.symbol, c.start, c.duration) for c in parse_progression("C7 | | F7")] == [("C7", 0, 4), ("C7", 4, 4),
                                                                                       ("F7", 8, 4)]


@pytest.mark.parametrize("chart", ["C || F", "C |\n| F |", "C | F |", "|| C | F ||", "|: C | F :|"])
def test_double_bar_lines_line_breaks_and_a_closing_bar_line_are_no_empty_bars(chart):
    assert len(chart_bars(chart)) == (4 if ":|" in chart else 2)


def test_a_chart_cannot_open_with_an_empty_bar():
    with pytest.raises(EncoreError, match="cannot open with an empty bar"):
        parse_progression("| | C7 | F7")


@pytest.mark.parametrize("symbol", ["C1", "C0", "C3", "C8", "C12", "C14", "C7b", "C711"])
def test_numbers_that_are_no_chord_are_refused(symbol):
    with pytest.raises(EncoreError, match=f"bar 2: unknown chord symbol '{symbol}'"):
        parse_progression(f"C | {symbol}")


def test_chords_numbers_still_read():
    chart = "C2 | C4 | C5 | C6 | C7 | C9 | C11 | C13 | C69 | C6/9 | Cadd9 | C7(b9,#11) | Cm(maj7) | C13sus4 | C7alt"
    assert len(parse_progression(chart)) == 15


def test_ireal_pros_own_added_third_still_reads():
    """iReal Pro writes C7susadd3, passed through by its reader: the 3 added back is a chord's number there."""
    assert [c.symbol for c in parse_progression("Bb7susadd3 | Cadd3")] == ["Bb7susadd3", "Cadd3"]


@pytest.mark.parametrize("chart", ["[A] C7 | F7 | [B] G7 | C7", "[Chorus] C7 | F7 | G7 | C7", "Bridge: C7 | F7 | G7 | C7",
                                   "A: C7 | F7\nB: G7 | C7", "[A1] C7 | F7 | [A2] G7 | C7"])
def test_transposing_moves_the_chords_not_the_labels(chart):
    """♯ made [A] a Bb chord bar, [Chorus] 'Dbhorus' and 'A:' 'Bb:': a chart that played was refused or grew."""
    from engine.jazz.transpose import transpose_chart

    moved = transpose_chart(chart, 1)
    assert [c.symbol for c in parse_progression(moved)] == ["Db7", "Gb7", "Ab7", "Db7"]
    assert chart_warning(moved) == chart_warning(chart) != ""


@pytest.mark.parametrize("chart", ["[C] [F] [G] [C]", "C | F | [G] | C"])
def test_a_bracketed_letter_with_no_chords_after_it_is_a_bar_of_that_chord(chart):
    assert [c.symbol for c in parse_progression(chart)] == ["C", "F", "G", "C"] and chart_warning(chart) == ""


@pytest.mark.parametrize("chart", ["C7 | F7 | |", "| C7 | F7 | | |"])
def test_empty_bars_at_the_end_are_a_typing_leftover(chart):
    assert [(c.symbol, c.duration) for c in parse_progression(chart)] == [("C7", 4), ("F7", 4)]
