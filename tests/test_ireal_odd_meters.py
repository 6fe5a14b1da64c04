"""iReal Pro bars outside 4/4: a 6/8 bar's chords change on its dotted-quarter beats, where they came on the
eighth nearest their cell ([C, "", "", G] put G on the sixth eighth)."""

from __future__ import annotations

import pytest
from jazz_files import ireal_link, ireal_song

from engine.jazz.ireal import tunes_in
from engine.jazz.progression import parse_progression


def _bar_two(chart: str) -> tuple[str, str]:
    """(the tune's chart, 'G7 1.5-3': the chords starting in its second bar, in quarter notes from that bar's
    start) for an iReal Pro chart of three bars."""
    (tune,) = tunes_in(ireal_link(ireal_song("Meter", chart)))
    chords = parse_progression(tune.chart)
    bar = chords[-1].end / 3
    second = [c for c in chords if bar <= c.start < 2 * bar]
    return tune.chart, ", ".join(f"{c.symbol} {c.start - bar:g}-{c.end - bar:g}" for c in second)


@pytest.mark.parametrize("cells", ["C7  G7", "C7G7  "])
def test_two_chords_of_a_6_8_bar_change_on_its_second_dotted_quarter(cells):
    """Cells 1 and 4 (or 1 and 2) of a 6/8 bar: G7 on the fourth eighth, where the bar's second beat falls,
    not on the sixth (or the third) eighth near its cell."""
    chart, played = _bar_two(f"[T68D-7XyQ|{cells}|D-7XyQZ")
    assert chart == "6/8 [ D-7 | C7 G7 | D-7"
    assert played == "C7 0-1.5, G7 1.5-3"


def test_a_lone_chord_after_a_slash_in_6_8_comes_on_the_second_dotted_quarter():
    chart, played = _bar_two("[T68D-7XyQ|   G7|D-7XyQZ")
    assert (chart, played) == ("6/8 [ D-7 | / G7 | D-7", "G7 1.5-3")


def test_three_chords_of_a_6_8_bar_still_take_its_eighths():
    chart, played = _bar_two("[T68D-7XyQ|C7D7E7 |D-7XyQZ")
    assert played == "C7 0-1, D7 1-1.5, E7 1.5-3"


def test_12_8_keeps_a_chord_to_each_dotted_quarter_of_its_four():
    chart, played = _bar_two("[T12D-7XyQ|C7  G7|D-7XyQZ")
    assert (chart, played) == ("12/8 [ D-7 | C7 / / G7 | D-7", "C7 0-4.5, G7 4.5-6")
