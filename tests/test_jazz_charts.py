"""iReal Pro charts: its exported links read into Encore's chart notation (repeats, endings, simile marks,
slashes, directions), and the chart notation's own endings and the chord qualities iReal Pro writes."""

from __future__ import annotations

import pytest
from jazz_files import BLUES, BROKEN_TUNE, WALTZ, WALTZ_BARS, ireal_export, ireal_link, ireal_song

from engine.errors import EncoreError, FileProblem
from engine.jazz.ireal import choose, read_tunes, tunes_in, unshuffle
from engine.jazz.progression import chart_bars, chart_warning, chord_pitches, parse_progression


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


def _bar_in(meter_mark: str, cells: str) -> str:
    """An iReal Pro chart of a D-7 bar, then a bar of four cells written as letters and _ for a blank."""
    return f"[{meter_mark}D-7XyQ|" + "".join({"_": " "}.get(c, f"{c}7") for c in cells) + "Z"


# Every bar of four cells in 4/4, as Encore's notation wrote it before bars were counted in the meter's beats
FOUR_FOUR = {"___F": "/ / / F7", "__E_": "/ E7", "__EF": "/ / E7 F7", "_D__": "/ D7 / /", "_D_F": "/ D7 / F7",
             "_DE_": "/ D7 E7 /", "_DEF": "/ D7 E7 F7", "C___": "C7", "C__F": "C7 / / F7", "C_E_": "C7 E7",
             "C_EF": "C7 / E7 F7", "CD__": "C7 D7 / /", "CD_F": "C7 D7 / F7", "CDE_": "C7 D7 E7 /",
             "CDEF": "C7 D7 E7 F7"}


@pytest.mark.parametrize("cells, bar", FOUR_FOUR.items())
def test_a_4_4_bar_of_ireal_pro_is_written_cell_for_beat_as_before(cells, bar):
    (tune,) = tunes_in(ireal_link(ireal_song("Four", _bar_in("T44", cells))))
    assert tune.chart == f"[ D-7 | {bar}" and tune.notice == ""
    parse_progression(tune.chart)


@pytest.mark.parametrize("mark, cells, bar, played", [
    # iReal Pro gives a waltz's bar four cells: a chord takes the beat nearest where its cell stands
    ("T34", "C__G", "3/4 [ D-7 | C7 / G7", "C7 0-2, G7 2-3"),
    ("T34", "CG__", "3/4 [ D-7 | C7 G7 /", "C7 0-1, G7 1-3"),
    ("T34", "C_G_", "3/4 [ D-7 | C7 G7", "C7 0-1.5, G7 1.5-3"),  # halves, as the notation shares them
    ("T34", "CD_F", "3/4 [ D-7 | C7 D7 F7", "C7 0-1, D7 1-2, F7 2-3"),
    ("T34", "C_EF", "3/4 [ D-7 | C7 E7 F7", "C7 0-1, E7 1-2, F7 2-3"),  # E7 half a beat early: F7 has the 3rd
    ("T34", "__EF", "3/4 [ D-7 | / E7 F7", "D-7 0-1, E7 1-2, F7 2-3"),  # the slash holds the chord before
    ("T34", "_D__", "3/4 [ D-7 | / D7 /", "D-7 0-1, D7 1-3"),
    # 6/8: six beats of eighth notes, three quarter notes a bar (the times below are in quarter notes)
    # two chords change on its second dotted quarter, the fourth eighth (test_ireal_odd_meters.py)
    ("T68", "C__G", "6/8 [ D-7 | C7 G7", "C7 0-1.5, G7 1.5-3"),
    ("T68", "CG__", "6/8 [ D-7 | C7 G7", "C7 0-1.5, G7 1.5-3"),
    ("T68", "C_G_", "6/8 [ D-7 | C7 G7", "C7 0-1.5, G7 1.5-3"),
    ("T68", "CDEF", "6/8 [ D-7 | C7 D7 E7 F7", "C7 0-0.75, D7 0.75-1.5, E7 1.5-2.25, F7 2.25-3"),
    ("T68", "CDE_", "6/8 [ D-7 | C7 / D7 E7 / /", "C7 0-1, D7 1-1.5, E7 1.5-3"),
    ("T12", "C__G", "12/8 [ D-7 | C7 / / G7", "C7 0-4.5, G7 4.5-6"),  # fits as written: four beats of three
    ("T54", "CG__", "5/4 [ D-7 | C7 G7 / / /", "C7 0-1, G7 1-5"),
    ("T78", "C__G", "[ D-7 | C7 / / G7", "C7 0-3, G7 3-4"),  # 7/8 is played in 4/4 bars: as written
])
def test_an_ireal_pro_bar_is_written_in_the_beats_of_its_meter(mark, cells, bar, played):
    """A bar of more cells than its meter has beats (each chord and / a beat) would be refused: its chords
    are spread over the bar's beats instead, each near where its cells put it."""
    (tune,) = tunes_in(ireal_link(ireal_song("Meter", _bar_in(mark, cells))))
    assert tune.chart == bar and tune.notice == ""
    assert _second_bar(parse_progression(tune.chart)) == played


def _second_bar(chords) -> str:
    """'C7 0-2, G7 2-3': the chords sounding in the second of two bars, in quarter notes from its start."""
    start = chords[-1].end / 2
    sounding = [c for c in chords if c.end > start]
    return ", ".join(f"{c.symbol} {max(c.start - start, 0):g}-{c.end - start:g}" for c in sounding)


@pytest.mark.parametrize("mark, beats", [("T34", 3), ("T68", 2), ("T12", 12), ("T54", 5), ("T44", 4),
                                         ("T24", 2)])
def test_every_ireal_pro_bar_of_four_cells_reads_in_its_meter(mark, beats):
    """Each chord lands within half a beat of where its cell stands, where the bar has a beat for each (6/8's
    beats its two dotted quarters, which its chords change on)."""
    for cells in FOUR_FOUR:
        if len(cells.replace("_", "")) + (cells[0] == "_") > beats:
            continue  # more chords than beats: told (below)
        (tune,) = tunes_in(ireal_link(ireal_song("Meter", _bar_in(mark, cells))))
        chords = parse_progression(tune.chart)
        bar = chords[-1].end / 2  # quarter notes
        landed = [c.start - bar for c in chords if c.start >= bar]
        meant = [i * bar / 4 for i, cell in enumerate(cells) if cell != "_"]
        assert len(landed) == len(meant), tune.chart
        assert all(abs(a - b) <= bar / beats / 2 for a, b in zip(landed, meant, strict=True)), tune.chart


def test_a_bar_of_more_chords_than_its_meter_has_beats_is_told_and_plays_shared():
    """Four chords in a 3/4 bar: which to leave out is the player's choice, so the tune reads with all four,
    says so, and they share the bar evenly, as Encore played such bars before; the chart's reader warns."""
    (tune,) = tunes_in(ireal_link(ireal_song("Crowded", _bar_in("T34", "CDEF"))))
    assert tune.chart == "3/4 [ D-7 | C7 D7 E7 F7"
    assert tune.notice == "bar 2 (C7 D7 E7 F7) holds more chords than 3/4 has beats: they share the bar"
    assert _second_bar(parse_progression(tune.chart)) == "C7 0-0.75, D7 0.75-1.5, E7 1.5-2.25, F7 2.25-3"
    assert chart_warning(tune.chart).startswith("bar 2 holds 4 beats; 3/4 has 3")
    chart = "[T34D-7XyQ|" + "C7D7E7F7|" * 2 + "T44C7D7E7F7Z"  # a later 4/4 bar is read in 3/4: both told
    (tune,) = tunes_in(ireal_link(ireal_song("Crowded", chart)))
    assert tune.notice == ("bar 4 is in 4/4: read in 3/4 (Encore plays one meter per chart); bars 2, 3, 4 "
                           "(C7 D7 E7 F7 ...) hold more chords than 3/4 has beats: they share the bar")


@pytest.mark.parametrize("chart, bar, played", [
    ("[T24C7XyQ|p D7G7|C7XyQZ", "2/4 [ C7 | D7 G7 | C7", "D7 0-1, G7 1-2"),
    ("[T34C7XyQ|pD-7G7C7|C7XyQZ", "3/4 [ C7 | D-7 G7 C7 | C7", "D-7 0-1, G7 1-2, C7 2-3"),
])
def test_a_bar_opening_on_a_slash_counts_only_its_chords(chart, bar, played):
    """The leading slash of 'p D7 G7' holds the chord before, no chord of its own: two chords fit 2/4."""
    (tune,) = tunes_in(ireal_link(ireal_song("Slash", chart)))
    assert (tune.chart, tune.notice) == (bar, "")
    chords = parse_progression(tune.chart)
    assert chart_warning(tune.chart) == ""
    beats = chords[-1].end / 3  # quarter notes a bar
    second = [f"{c.symbol} {c.start - beats:g}-{c.end - beats:g}" for c in chords if beats <= c.start < 2 * beats]
    assert ", ".join(second) == played
