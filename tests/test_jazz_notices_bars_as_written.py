"""Notices about a score whose repeats were played out name its bars as the score writes them: a 4-bar tune with a
repeat told of a tempo change 'at bar 6', a bar the user could not find in a score of four. The bar as played,
which --bars and `jazz inspect` count, follows in brackets; a score without repeats is told as before."""

from __future__ import annotations

from engine.jazz.reading import bar_name
from engine.jazz.source import load_source

ABC = 'X:1\nT:Tempo\nM:4/4\nL:1/4\nQ:1/4=120\nK:C\n{}"C"C D E F | "G7"G A B c {} "F"f e\nQ:1/4=60\nd c | "C"c4 |]\n'

ATTRIBUTES = "<attributes><divisions>1</divisions><time><beats>4</beats><beat-type>4</beat-type></time></attributes>"
FORWARD = '<barline location="left"><repeat direction="forward"/></barline>'
BACKWARD = '<barline location="right"><repeat direction="backward"/></barline>'


def _tempo(bpm: int) -> str:
    return (f'<direction><direction-type><metronome><beat-unit>quarter</beat-unit><per-minute>{bpm}</per-minute>'
            f'</metronome></direction-type><sound tempo="{bpm}"/></direction>')


def _bar(root: str, steps: str) -> str:
    notes = "".join(f"<note><pitch><step>{s}</step><octave>4</octave></pitch><duration>1</duration>"
                    "<type>quarter</type></note>" for s in steps)
    return f"<harmony><root><root-step>{root}</root-step></root><kind>dominant</kind></harmony>{notes}"


def _musicxml(path, repeat: bool):
    """Four bars at 120 bpm, 60 bpm from bar 2, a chord symbol F7 after the last note; bars 1-4 repeated where
    ``repeat``."""
    bars = [_tempo(120) + FORWARD * repeat + _bar("C", "CDEF"), _tempo(60) + _bar("F", "GABC"),
            _bar("G", "CDEF"), _bar("C", "GFED") + _bar("F", "") + BACKWARD * repeat]
    measures = "".join(f'<measure number="{n}">{ATTRIBUTES * (n == 1)}{bar}</measure>' for n, bar in enumerate(bars, 1))
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><score-partwise version="4.0"><part-list>'
                    '<score-part id="P1"><part-name>Melody</part-name></score-part></part-list>'
                    f'<part id="P1">{measures}</part></score-partwise>', encoding="utf-8")
    return path


def test_an_abc_tempo_change_after_a_repeat_is_told_at_its_bar_as_written(tmp_path):
    path = tmp_path / "repeated.abc"
    path.write_text(ABC.format("|: ", ":|"), encoding="utf-8")
    assert load_source(path).notice == ("tempo changes from 120 to 60 bpm at bar 3 (bar 5 as played): "
                                        "Encore keeps one tempo, 120 bpm")


def test_an_abc_tempo_change_without_repeats_is_told_as_before(tmp_path):
    path = tmp_path / "plain.abc"
    path.write_text(ABC.format("", "|"), encoding="utf-8")
    assert load_source(path).notice == "tempo changes from 120 to 60 bpm at bar 3: Encore keeps one tempo, 120 bpm"


def test_musicxml_notices_name_a_repeated_bar_and_the_time_through_it(tmp_path):
    notice = load_source(_musicxml(tmp_path / "repeated.musicxml", repeat=True)).notice
    assert notice == ('chord symbol "F7" written after the end of bar 4 (second time through, bar 8 as played), the '
                      "last, left out: no bar follows it; tempo changes from 120 to 60 bpm at bar 2 (first time "
                      "through) and 2 more times: Encore keeps one tempo, 120 bpm")


def test_musicxml_notices_without_repeats_are_told_as_before(tmp_path):
    notice = load_source(_musicxml(tmp_path / "plain.musicxml", repeat=False)).notice
    assert notice == ('chord symbol "F7" written after the end of bar 4, the last, left out: no bar follows it; '
                      "tempo changes from 120 to 60 bpm at bar 2: Encore keeps one tempo, 120 bpm")


def test_a_bar_is_named_as_written_with_its_time_through_and_its_number_as_played():
    assert bar_name(3, 3) == "bar 3"
    assert bar_name(4, 6) == "bar 4 (bar 6 as played)"
    assert bar_name(1, 1, 1, 2) == "bar 1 (first time through)"
    assert bar_name(1, 9, 3, 3) == "bar 1 (third time through, bar 9 as played)"
    assert bar_name(2, 50, 12, 12) == "bar 2 (12th time through, bar 50 as played)"


def test_a_chord_symbol_after_a_repeated_last_note_is_left_out_every_time_through(tmp_path):
    """The first time through, music21 read it on the repeat's first downbeat, beside that bar's own C7."""
    source = load_source(_musicxml(tmp_path / "repeated.musicxml", repeat=True))
    assert [chord.figure for chord in source.chords] == ["C7", "F7", "G7", "C7"] * 2
