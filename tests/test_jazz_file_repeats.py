"""A score's repeats and endings read as played, and an ABC tune without L: or M: read with the standard's
defaults: an AABA tune written |:A:|BA was learned as AB without a word (a typed chart's repeats were written out),
and a tune with only X:, T: and K: was refused although ABC says what it means."""

from __future__ import annotations

from engine.jazz.reading import read_score
from engine.jazz.source import load_source

HEADER = "X:1\nT:Repeats\nM:4/4\nL:1/4\nQ:1/4=140\nK:C\n"
A = '"C"C D E F | "G7"G A B c '
B = '"F"f e d c | "C"c4 '


def abc(tmp_path, text: str, name: str = "tune.abc"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def played(raw) -> tuple[list, list]:
    """(offset, note) of the melody and (offset, chord) of its symbols."""
    part = raw.parts[0]
    return [(e.offset, e.names) for e in part.events], [(c.offset, c.figure) for c in part.lead_chords]


def test_an_abc_repeat_is_read_as_played(tmp_path):
    repeated = read_score(abc(tmp_path, HEADER + f"|: {A}:| {B}|]\n", "repeated.abc"))
    written_out = read_score(abc(tmp_path, HEADER + f"{A}| {A}| {B}|]\n", "written.abc"))
    assert played(repeated) == played(written_out)
    assert [figure for _, figure in played(repeated)[1]] == ["C", "G7", "C", "G7", "F", "C"]
    assert repeated.notices == [] and repeated.tempo == 140 and repeated.tempo_changes == []
    assert load_source(tmp_path / "repeated.abc").n_bars == 6


def test_abc_first_and_second_endings_are_read_as_played(tmp_path):
    endings = read_score(abc(tmp_path, HEADER + '|: "C"C D E F |1 "Dm"d e f g :|2 "F"a b c\' d\' |]\n', "e.abc"))
    written_out = read_score(abc(tmp_path, HEADER + '"C"C D E F | "Dm"d e f g | "C"C D E F | "F"a b c\' d\' |]\n',
                                 "w.abc"))
    assert played(endings) == played(written_out)
    assert [figure for _, figure in played(endings)[1]] == ["C", "Dm", "C", "F"]


MUSICXML = """<?xml version="1.0" encoding="UTF-8"?>
<score-partwise version="4.0">
  <work><work-title>Endings</work-title></work>
  <part-list><score-part id="P1"><part-name>Melody</part-name></score-part></part-list>
  <part id="P1">
    <measure number="1">
      <attributes><divisions>1</divisions><time><beats>4</beats><beat-type>4</beat-type></time></attributes>
      <barline location="left"><repeat direction="forward"/></barline>
      <harmony><root><root-step>C</root-step></root><kind>major</kind></harmony>
      <note><pitch><step>C</step><octave>5</octave></pitch><duration>4</duration><type>whole</type></note>
    </measure>
    <measure number="2">
      <barline location="left"><ending number="1" type="start"/></barline>
      <harmony><root><root-step>D</root-step></root><kind>minor</kind></harmony>
      <note><pitch><step>D</step><octave>5</octave></pitch><duration>4</duration><type>whole</type></note>
      <barline location="right"><ending number="1" type="stop"/><repeat direction="backward"/></barline>
    </measure>
    <measure number="3">
      <barline location="left"><ending number="2" type="start"/></barline>
      <harmony><root><root-step>F</root-step></root><kind>major</kind></harmony>
      <note><pitch><step>F</step><octave>5</octave></pitch><duration>4</duration><type>whole</type></note>
      <barline location="right"><ending number="2" type="stop"/></barline>
    </measure>
  </part>
</score-partwise>
"""


def test_musicxml_repeats_and_endings_are_read_as_played(tmp_path):
    path = tmp_path / "endings.musicxml"
    path.write_text(MUSICXML, encoding="utf-8")
    notes, chords = played(read_score(path))
    assert notes == [(0.0, ("C5",)), (4.0, ("D5",)), (8.0, ("C5",)), (12.0, ("F5",))]
    assert chords == [(0.0, "C"), (4.0, "Dm"), (8.0, "C"), (12.0, "F")]
    assert load_source(path).n_bars == 4


def test_repeats_music21_cannot_follow_are_read_as_written_and_said(tmp_path):
    """Two |: and one :| do not pair up: the tune is read once through, and the notice says why."""
    raw = read_score(abc(tmp_path, HEADER + f"|: {A}|: {B}:|]\n"))
    assert [figure for _, figure in played(raw)[1]] == ["C", "G7", "F", "C"]
    assert len(raw.notices) == 1 and raw.notices[0].startswith("its repeats are not written out")
    assert "do not pair up" in raw.notices[0]
    assert "its repeats are not written out" in load_source(tmp_path / "tune.abc").notice


def test_repeats_in_a_tune_too_short_for_its_bars_are_said_to_be_read_once(tmp_path):
    """music21 keeps an ABC tune's bars, and its repeat signs with them, only from two plain bar lines on."""
    raw = read_score(abc(tmp_path, HEADER + "|: C D E F G A B c :|]\n"))
    assert len(raw.parts[0].events) == 8
    assert raw.notices == ["its repeats are not written out, so it is read once through as written: too few "
                           "plain bar lines (|) to tell its bars apart"]


def test_a_repeat_marked_to_play_absurdly_often_is_read_once(tmp_path):
    path = tmp_path / "many.musicxml"
    path.write_text(MUSICXML.replace('<repeat direction="backward"/>', '<repeat direction="backward" times="99999"/>'))
    raw = read_score(path)
    assert len(raw.parts[0].events) == 3
    assert "would run to about" in raw.notices[0]


def test_a_pickup_before_a_repeat_stays_a_pickup(tmp_path):
    """The repeat's last bar is short by the pickup's beat: played twice, the bars run on unbroken."""
    raw = read_score(abc(tmp_path, HEADER + "G |: c d e f | g a b c' | c' b a g | f e d :|\n"))
    assert raw.pickup == 1.0
    assert [e.offset for e in raw.parts[0].events] == [float(i) for i in range(31)]
    assert load_source(tmp_path / "tune.abc").n_bars == 9  # the pickup's bar 0, then 4 bars twice


def test_a_tunebooks_first_tune_is_read_as_played(tmp_path):
    book = HEADER + f"|: {A}:| {B}|]\n\nX:2\nT:Second\nM:4/4\nL:1/4\nK:C\nC D E F | G A B c |]\n"
    raw = read_score(abc(tmp_path, book))
    assert [figure for _, figure in played(raw)[1]] == ["C", "G7", "C", "G7", "F", "C"]
    assert raw.notices == ["holds 2 tunes; read the first, 'Repeats'"]


def test_an_abc_tune_without_length_or_meter_reads_with_the_standards_defaults(tmp_path):
    raw = read_score(abc(tmp_path, "X:1\nT:Bare\nK:C\nCDEF GABc | c2 B2 A2 G2 |]\n"))
    assert [e.duration for e in raw.parts[0].events] == [0.5] * 8 + [1.0] * 4  # L:1/8, the free meter's unit
    assert raw.meters == []
    assert len(raw.notices) == 1 and "(L:1/8)" in raw.notices[0] and "4/4 bars" in raw.notices[0]
    source = load_source(tmp_path / "tune.abc")
    assert source.beats_per_bar == 4 and source.n_bars == 2


def test_the_default_length_applies_to_each_tune_of_a_book_but_not_over_its_header(tmp_path):
    bare = "X:1\nT:Bare\nK:C\nCDEF GABc | c2 B2 A2 G2 |]\n\nX:2\nT:Also\nK:G\nGABc | d4 |]\n"
    raw = read_score(abc(tmp_path, bare, "bare.abc"))
    assert raw.notices[0].startswith("gives no note length (L:) or meter (M:)")
    headed = read_score(abc(tmp_path, "L:1/4\n\n" + bare, "headed.abc"))  # the book's L: is every tune's
    assert [e.duration for e in headed.parts[0].events][:4] == [1.0] * 4
    assert headed.notices == ["holds 2 tunes; read the first, 'Bare'"]


def test_a_tune_with_a_meter_but_no_length_is_read_as_before(tmp_path):
    """music21 already takes L: from a 2/4 meter as the standard says (a sixteenth below 3/4): no notice."""
    raw = read_score(abc(tmp_path, "X:1\nT:Reel\nM:2/4\nK:D\nDEFG ABcd | d2 c2 B2 A2 |]\n"))
    assert [e.duration for e in raw.parts[0].events][:2] == [0.25, 0.25] and raw.notices == []


def chords_of(raw) -> list[str]:
    return [figure for _, figure in played(raw)[1]]


AB_AB = ['"C"C D E F | "D"D E F G ', '"E"E F G A | "F"F G A B ']


def test_an_end_repeat_that_starts_the_next_repeat_plays_each_section_twice(tmp_path):
    """ABC's ':|:' (as '::') ends one repeat and starts the next, and a second ':|' with no '|:' goes back to
    the first ':|': both were read from the top of the tune, AAB twice."""
    first, second = AB_AB
    for text in (f"|: {first}:|: {second}:|", f"{first}:| {second}:|", f"|: {first}:: {second}:|"):
        raw = read_score(abc(tmp_path, HEADER + text + "\n"))
        assert chords_of(raw) == ["C", "D", "C", "D", "E", "F", "E", "F"] and raw.notices == [], text
    three = read_score(abc(tmp_path, HEADER + '|:"C"C D E F|"G"G A B c:|:"F"F G A B|\n"C"c B A G:|:"G7"G F E D|'
                                              '"C"C4:|\n'))  # a second ':|:' lost the tune's end
    assert chords_of(three) == ["C", "G", "C", "G", "F", "C", "F", "C", "G7", "C", "G7", "C"] and not three.notices


def test_the_bar_after_a_repeat_that_is_an_ending_is_no_new_repeat(tmp_path):
    raw = read_score(abc(tmp_path, HEADER + '|: "C"C4 |1 "D"D4 :|2 "E"E4 | "F"F4 :|\n'))
    assert chords_of(raw)[:5] == ["C", "D", "C", "E", "F"]


def test_parts_that_repeat_differently_are_read_as_written_and_said(tmp_path):
    """Only the melody carried the repeat signs: written out, its second A met the block chords' third bar."""
    text = ("X:1\nT:Voices\nM:4/4\nL:1/4\nK:C\nV:1\n|: c d e f | g a b c' :| a g f e | c4 |]\n"
            "V:2 clef=bass\n[C,E,G,]4 | [G,,B,,D,F,]4 | [F,,A,,C,]4 | [C,E,G,]4 |]\n")
    raw = read_score(abc(tmp_path, text))
    assert [len(p.events) for p in raw.parts] == [13, 4]
    assert raw.notices == ["its repeats are not written out, so it is read once through as written: its parts "
                           "repeat differently (a part without the repeat signs of another)"]


def test_a_bar_range_counts_the_bars_as_played_and_an_older_projects_as_written(tmp_path):
    """Encore shows a repeated file's bars as played ("bars 1-6"), so a range counts them so; a project of an
    earlier Encore chose its range among the bars as written (bars 3-4 of |: A(2 bars) :| B(2 bars) are B), and
    keeps it."""
    import json

    from engine.jazz.project import VERSION, project_data, read_project

    path = abc(tmp_path, HEADER + f"|: {A}:| {B}|]\n")
    assert load_source(path).n_bars == 6
    ranged = load_source(path, bars="3-6")
    assert [c.figure for bar in ranged.bars for c in bar.chords] == ["C", "G7", "F", "C"] and not ranged.notice
    for version, chords in ((2, ["F", "C"]), (VERSION, ["C", "G7"])):
        saved = tmp_path / f"v{version}.encore-jazz"
        saved.write_text(json.dumps({**project_data([], 0, None, [{"path": str(path), "choices": {"bars": "3-4"}}],
                                                    {}), "version": version}))
        (entry,) = read_project(saved)["corpus"]
        source = load_source(entry["path"], **entry["choices"])
        assert [c.figure for bar in source.bars for c in bar.chords] == chords and source.bar_range == (3, 4)
        assert ("chosen by an earlier Encore" in source.notice) == (version == 2)


def test_inline_fields_opening_the_music_are_the_tunes_own(tmp_path):
    """music21 ignores inline fields: a tune opening on [M:3/4] was read in 4/4 bars (its chords mid-bar), and an
    L:1/8 put before an opening [L:1/4] halved every note. A later inline [L:] is still refused, with the advice
    to add an L: line; a later inline meter is no length, and the default still holds."""
    import pytest

    from engine.errors import FileProblem

    waltz = read_score(abc(tmp_path, 'X:1\nT:a\nK:C\n[M:3/4]"C"C2E2G2|"F"F2A2c2|"G7"G2B2d2|"C"c6|\n'))
    assert waltz.meters == ["3/4"] and [c.offset for c in waltz.parts[0].lead_chords] == [0, 3, 6, 9]
    quarters = read_score(abc(tmp_path, "X:1\nT:a\nK:C\n[L:1/4] CDEF | GABc |]\n"))
    assert quarters.parts[0].events[0].duration == 1.0 and not quarters.notices
    with pytest.raises(FileProblem, match="gives no note length: add an L: line"):
        read_score(abc(tmp_path, "X:1\nT:a\nK:C\nCDEF | GABc |\n[L:1/4] cdef |]\n"))
    later = read_score(abc(tmp_path, "X:1\nT:a\nK:C\nCDEF | GABc |\n[M:3/4] cde | fga |]\n"))
    assert later.parts[0].events[0].duration == 0.5
