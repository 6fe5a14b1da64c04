"""iReal Pro charts: its exported links read into Encore's chart notation (repeats, endings, simile marks,
slashes, directions), and the chart notation's own endings and the chord qualities iReal Pro writes."""

from __future__ import annotations

import pytest
from jazz_files import BLUES, BROKEN_TUNE, WALTZ, WALTZ_BARS, ireal_export, ireal_link, ireal_song

from engine.errors import EncoreError, FileProblem
from engine.jazz.ireal import choose, read_tunes, tunes_in, unshuffle
from engine.jazz.progression import chart_bars, chord_pitches


def test_an_ireal_pro_export_gives_each_tune_with_its_chart_as_played(tmp_path):
    blues, waltz = read_tunes(ireal_export(tmp_path / "Encore Tests.html"))
    assert (blues.title, blues.composer, blues.style, blues.key, blues.time, blues.tempo) == (
        "The Blues For Nobody", "Encore Tests", "Medium Swing", "C", "4/4", 160)  # iReal files it as "..., The"
    assert chart_bars(blues.chart) == [["C7"], ["F7"], ["C7"], ["C7"], ["F7"], ["F7"], ["C7"], ["A7"], ["D-7"],
                                       ["G7"], ["C7", "A7"], ["D-7", "G7"]]
    assert (waltz.title, waltz.style, waltz.time, waltz.tempo) == ("Waltz Study", "Waltz", "3/4", 0)
    assert chart_bars(waltz.chart) == WALTZ_BARS  # repeat, endings, r, p, W, n and D.C. al Fine written out
    assert "N1" in waltz.chart and "}" in waltz.chart  # the chart keeps its repeat for the reader


def test_after_a_dal_segno_a_repeat_is_played_once_to_its_last_ending():
    """As players read a chart: from the segno, the repeat's common bars once, then only its last ending, on
    to the coda sign's bar and over to the coda."""
    chart = "[C^7XyQ|SD-7XyQ{F^7XyQ|N1G7XyQ}N2A7XyQ|QE-7XyQ|B7<D.S. al Coda>ZQC6XyQZ"
    (tune,) = tunes_in(ireal_link(ireal_song("Sign", chart)))
    assert [" ".join(bar) for bar in chart_bars(tune.chart)] == [
        "C^7", "D-7", "F^7", "G7", "F^7", "A7", "E-7", "B7",  # the repeat taken, with both its endings
        "D-7", "F^7", "A7", "E-7",  # D.S.: once through, the first ending passed by
        "C6"]


@pytest.mark.parametrize("chart, played, first_of_two", [
    ("[C^7XyQ|D-7XyQ|QE-7XyQ|B7XyQZQC6XyQZ", "C^7 D-7 E-7 C6",  # the bar with the sign, then over to the coda
     "C^7 D-7 E-7 B7"),  # ... a chorus before the last plays the form through, without the coda
    ("[C^7XyQ|D-7XyQ|QE-7XyQ|B7XyQZ[QxXyQ|C6XyQZ", "C^7 D-7 E-7 B7 C6",  # its x repeats the bar written before it
     "C^7 D-7 E-7 B7"),
    ("[C^7XyQ|D-7XyQ|E-7XyQ|B7XyQZQC6XyQZ", "C^7 D-7 E-7 B7 C6",  # a coda section only: played after the form
     "C^7 D-7 E-7 B7 C6"),
    ("{C^7XyQ|QD-7XyQ}E-7XyQ|B7XyQZQC6XyQZ", "C^7 D-7 C^7 D-7 E-7 B7 C6",  # a sign in a repeat: played through
     "C^7 D-7 C^7 D-7 E-7 B7 C6"),
])
def test_a_coda_with_no_dc_or_ds_is_the_ending_the_last_chorus_jumps_to(chart, played, first_of_two):
    """iReal Pro's 'coda as outro': its last chorus jumps from the first coda sign to the second, a single
    pass is that last chorus, and the choruses before it play the form through."""
    (tune,) = tunes_in(ireal_link(ireal_song("Outro", chart)))
    assert " ".join(" ".join(bar) for bar in chart_bars(tune.chart)) == played
    assert " ".join(" ".join(bar) for bar in chart_bars(tune.chart, 2)) == f"{first_of_two} {played}"
    assert tune.bars == len(played.split())


def test_the_shuffle_is_the_one_ireal_pro_uses():
    """Each 50-character block but a last one of 50 or 51: 0-4 and 10-23 swapped with their mirror images."""
    block = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
    mirrored = block[49:44:-1] + block[5:10] + block[39:25:-1] + block[24:26] + block[23:9:-1] + block[40:45] \
        + block[4::-1]
    assert unshuffle(block + "xy") == mirrored + "xy"
    assert unshuffle(block + "x") == block + "x"  # a last block of 51 is left as it is
    assert unshuffle(unshuffle(block * 3)) == block * 3


def test_a_pasted_link_of_one_tune_is_read_and_a_broken_tune_of_a_playlist_is_skipped():
    (tune,) = tunes_in(f"look: {ireal_link(ireal_song('Blues', BLUES))} !")
    assert tune.title == "Blues" and len(chart_bars(tune.chart)) == 12
    (tune,) = tunes_in(ireal_link(ireal_song("Pickup", "ppC7 |F7 Z")))
    assert tune.chart == "C7 | F7"  # slashes before the first chord hold nothing (and could not be played)
    with pytest.raises(EncoreError, match="'Broken' has no chart"):
        tunes_in(ireal_link(BROKEN_TUNE, ireal_song("Waltz", WALTZ), playlist="List"))
    skipped: list[str] = []
    (tune,) = tunes_in(ireal_link(BROKEN_TUNE, ireal_song("Waltz", WALTZ), playlist="List"), skipped)
    assert tune.title == "Waltz" and skipped == ["the iReal Pro link of 'Broken' has no chart"]


@pytest.mark.parametrize("tempo", ["²", "1" * 5000, "-5", "999"])
def test_a_tempo_that_is_not_one_is_left_to_the_player(tempo):
    """'²' passes str.isdigit() and int() refuses it; int() refuses 5,000 digits too."""
    (tune,) = tunes_in(ireal_link(ireal_song("Blues", BLUES).replace("=0=3", f"={tempo}=3")))
    assert tune.tempo == 0


def test_a_file_without_a_chart_is_refused_naming_it(tmp_path):
    page = tmp_path / "notes.html"
    page.write_text("<html>my setlist, no link</html>")
    with pytest.raises(FileProblem, match="notes.html: holds no iReal Pro chart"):
        read_tunes(page)
    page.write_text(ireal_link("Empty=Nobody==Swing=C==1r34LbKcu7XyQ|XyQ Z=Jazz=0=3"))
    with pytest.raises(FileProblem, match="notes.html: the iReal Pro chart of 'Empty' has no chords"):
        read_tunes(page)


def test_a_chart_whose_directions_would_never_end_is_refused():
    """Each D.C. plays everything before it again: forty of them would be a trillion bars."""
    with pytest.raises(EncoreError, match=r"chart runs over 2,000 bars \('Loop'\)"):
        tunes_in(ireal_link(ireal_song("Loop", "C7 " + "<D.C. al Coda>Z" * 40)))
    with pytest.raises(EncoreError, match="the iReal Pro chart of 'Long' has 3,001 bars"):
        tunes_in(ireal_link(ireal_song("Long", "C7|" + "x|" * 3000)))


def test_a_tune_is_chosen_by_its_title(tmp_path):
    tunes = read_tunes(ireal_export(tmp_path / "list.html"))
    assert choose(tunes, "waltz").title == "Waltz Study"
    assert choose(tunes[:1], None).title == "The Blues For Nobody"
    with pytest.raises(EncoreError, match="2 tunes; name one with --tune: The Blues For Nobody, Waltz Study"):
        choose(tunes, None)
    with pytest.raises(EncoreError, match="no tune titled 'bossa'"):
        choose(tunes, "bossa")
    # One title twice, as a playlist keeps a tune in two keys: 'Blues #2' picks the second (it could not be picked)
    twins = tunes_in(ireal_link(ireal_song("Blues", BLUES), ireal_song("Blues", BLUES, key="F"), playlist="List"))
    with pytest.raises(EncoreError, match=r"2 tunes match 'Blues'; name one with --tune: Blues #1 \(key of C\), "
                                          r"Blues #2 \(key of F\)"):
        choose(twins, "Blues")
    assert choose(twins, "blues #2").key == "F" and choose(twins, "Blues #1").key == "C"


@pytest.mark.parametrize("chart, bars", [
    ("{ A | B | N1 C | D } N2 E | F", "A B C D A B E F"),
    ("{A|B|N1C|D}|N2E|F]", "A B C D A B E F"),  # iReal Pro glues the ending to its chord
    ("|: A |N1 B :|N2 C", "A B A C"),
    ("{ A | N1 B } N2 C } N3 D | E", "A B A C A D E"),
    ("{ A | B } C", "A B A B C"),  # no endings: as before
])
def test_first_and_second_endings(chart, bars):
    assert [" ".join(b) for b in chart_bars(chart)] == bars.split()


@pytest.mark.parametrize("symbol, pitch_classes", [
    ("C-^9", "C D E- G B"), ("Ch9", "C E- G- B- D"), ("C7b9sus", "C F G B- D-"), ("C7b13sus", "C F G B- A-"),
    ("C13b9", "C E G B- D- A"), ("C13#11", "C E G B- D F# A"), ("C13#9", "C E G B- D# A"),
    # a 13th chord leaves out the 11th, the avoid note against its third (music21 stacked F into C13)
    ("C13", "C E G B- D A"), ("Cmaj13", "C E G B D A"), ("Bb13/D", "D F A- B- C G"), ("D13/G", "G B D F# A C E"), ("C-13", "C E- G B- D F A"),
])
def test_the_chord_qualities_ireal_pro_writes_keep_their_tensions(symbol, pitch_classes):
    names, _ = chord_pitches(symbol)
    assert " ".join(n.rstrip("0123456789") for n in names) == pitch_classes
