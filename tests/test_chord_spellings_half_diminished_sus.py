"""Half-diminished elevenths and thirteenths as iReal Pro writes them, and the 13sus4 chord with its 9th.

'Ch11 | F7' was refused as an unknown chord while Ch7, Cø11 and Ch7(11) were read; C13sus4 was voiced C F G Bb A,
without the 9th a thirteenth implies (C13 holds it, and C7sus4(9,13) did).
"""

from __future__ import annotations

import pytest

from engine.jazz.harmony_reduction import figure
from engine.jazz.progression import chord_pitches, parse_progression

NAMES = "C Db D Eb E F Gb G Ab A Bb B".split()
ROOTS = ("C", "F#", "Bb", "Eb")


def _classes(symbol: str) -> set[str]:
    return {NAMES[p % 12] for p in chord_pitches(symbol)[1]}


@pytest.mark.parametrize("root", ROOTS)
@pytest.mark.parametrize("typed, same", [("h11", "ø11"), ("h13", "ø13"), ("h7b9", "ø7b9")])
def test_h_before_a_number_reads_as_the_same_half_diminished_chord(root, typed, same):
    chords = parse_progression(f"{root}{typed} | F7")
    assert [c.symbol for c in chords] == [root + typed, "F7"]
    assert chords[0].pitches == chord_pitches(root + same)[1]


def test_the_half_diminished_eleventh_and_thirteenth_hold_their_ninth_and_eleventh():
    assert _classes("Ch11") == set("C D Eb F Gb Bb".split())  # as Ch7(11) already read
    assert _classes("Ch13") == set("C D Eb F Gb A Bb".split())
    assert chord_pitches("Ch11/Gb")[1] == chord_pitches("Cø11/Gb")[1]


@pytest.mark.parametrize("typed", ["C13sus4", "C13sus", "C7sus4(9,13)", "C9sus4(13)"])
def test_a_13sus4_holds_its_ninth(typed):
    assert _classes(typed) == set("C F G Bb D A".split())


@pytest.mark.parametrize("root", ROOTS)
def test_a_13sus4_is_the_9sus4_with_its_13th_on_any_root(root):
    nine, thirteen = (set(chord_pitches(root + q)[1]) for q in ("9sus4", "13sus4"))
    assert nine < thirteen and len(thirteen - nine) == 1


def test_a_sus_chord_heard_without_its_ninth_is_named_so_the_chart_reader_voices_it_back():
    """C F G Bb A was named C13sus4, which now voices the 9th too: it is C7sus4(13), and with the 9th C13sus4."""
    for notes, name in (("C3 F3 G3 A3 B-3", "C7sus4(13)"), ("C3 F3 G3 B-3 D4 A4", "C13sus4")):
        assert figure(tuple(notes.split())) == name
        assert _classes(name) == {n[:-1].replace("B-", "Bb") for n in notes.split()}


@pytest.mark.parametrize("typed", ["CmM11", "C-^11", "Cm(maj11)"])
def test_a_minor_major_eleventh_is_read_with_its_ninth(typed):
    """mM11 and mM13 were among the qualities MIDI chords are named by, yet refused when typed (or read back)."""
    assert _classes(typed) == set("C D Eb F G B".split())


def test_a_minor_major_chord_heard_in_midi_is_named_as_a_chart_names_it_and_reads_back():
    for notes, name in (("C3 E-3 G3 B3 D4 F4", "CmM11"), ("C3 E-3 G3 B3 D4 F4 A4", "CmM13")):
        assert figure(tuple(notes.split())) == name
        assert _classes(name) == {n[:-1].replace("E-", "Eb") for n in notes.split()}


def test_a_13sus4_comes_back_from_musicxml_as_typed(tmp_path):
    """Its chart name, not C7sus4(9,13), which voices the same notes (a regression hunt's find)."""
    from engine.jazz.musicxml import musicxml_bytes
    from engine.jazz.piece import Note, Piece
    from engine.jazz.source import load_source

    chords = parse_progression("C13sus4 | Bb13sus | F7")
    (tmp_path / "sus.musicxml").write_bytes(musicxml_bytes(Piece("Sus", [Note(4 * b, 4, 72) for b in range(3)], chords, 3)))
    back = load_source(tmp_path / "sus.musicxml").to_piece()
    assert [c.symbol for c in back.chords] == ["C13sus4", "Bb13sus4", "F7"]


@pytest.mark.parametrize("typed", ["Ch7b5", "Cø7b5", "Cøb5"])
def test_a_half_diminished_chord_written_with_its_flat_five_sounds_each_note_once(typed):
    """Its b5 is the chord's own fifth: music21 added it again, so its notes named G-flat twice (Cøb5: refused)."""
    assert chord_pitches(typed) == chord_pitches("Cø7")
