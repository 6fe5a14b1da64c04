"""Tensions in parentheses as a lead sheet prints them: F7(9) is F9, C(9) is Cadd9, Cm7(9) is Cm9. Dropping the
parentheses made '79', which music21 read as a major seventh with a ninth and no third (F G E), written to
MusicXML as <kind>none</kind> and read back as no chord."""

from __future__ import annotations

import re

import pytest
from music21 import converter, harmony

from engine.jazz.musicxml import musicxml_bytes
from engine.jazz.piece import ChordSymbol, Note, Piece
from engine.jazz.progression import chord_pitches, parse_progression

# (typed, the same chord without parentheses)
SAME_CHORD = [
    ("F7(9)", "F9"), ("Bb7(13)", "Bb13"), ("C7(11)", "C11"), ("E7(9)", "E9"), ("A7(13)", "A13"),
    ("C7(9,13)", "C13"), ("C9(13)", "C13"), ("C7(9,#11)", "C9#11"), ("C(9)", "Cadd9"), ("Cm(9)", "Cmadd9"),
    ("Cm7(9)", "Cm9"), ("Cmaj7(9)", "Cmaj9"), ("C-7(9)", "Cm9"), ("Cm7(11)", "Cm11"),
    ("Cmaj7(9,#11)", "Cmaj9#11"), ("C7sus4(9)", "C9sus4"), ("C^7(9)", "C^9"),
]


def _classes(symbol: str) -> set[str]:
    names = "C Db D Eb E F Gb G Ab A Bb B".split()
    return {names[p % 12] for p in chord_pitches(symbol)[1]}


@pytest.mark.parametrize("typed, notes", [
    ("F7(9)", "F A C Eb G"), ("E7(9)", "E Ab B D Gb"), ("C7(9)", "C E G Bb D"),
    ("C7(13)", "C E G Bb D A"), ("C7(11)", "C E G Bb D F"),  # as Encore voices C13 and C11
    ("C7(9,13)", "C E G Bb D A"), ("C7(9,#11)", "C E G Bb D Gb"),
    ("C(9)", "C E G D"), ("Cm(9)", "C Eb G D"),  # add9, not the ninth chord
    ("Cm7(9)", "C Eb G Bb D"), ("Cmaj7(9)", "C E G B D"), ("C-7(9)", "C Eb G Bb D"),
    ("C(#11)", "C E G Gb"),  # was read as a C-sharp chord
    ("C7(b9,11)", "C E G Bb Db F"),  # music21 reads C11b9 as C11: the flat nine is kept
    ("C7(b9,13)", "C E G Bb Db A"), ("C7(9,b13)", "C E Bb D Ab"),
    # an altered fifth with the 13: no 11 a semitone above the third (music21's C13b5 holds one)
    ("C7b5(13)", "C E Gb Bb A"), ("C7(b5,13)", "C E Gb Bb A"), ("C9b5(13)", "C E Gb Bb D A"),
    ("F7(#5,13)", "F A Db Eb D"),
    ("C(5)", "C G"),  # a power chord, as before: no third to add a fifth to
])
def test_plain_tensions_in_parentheses_are_voiced_as_a_lead_sheet_means_them(typed, notes):
    assert _classes(typed) == set(notes.split())


@pytest.mark.parametrize("typed, bare", SAME_CHORD)
def test_a_chord_with_tensions_in_parentheses_is_the_chord_written_without_them(typed, bare):
    assert chord_pitches(typed) == chord_pitches(bare)
    (chord,) = parse_progression(typed)
    assert chord.symbol == typed  # the chart's own text stays on screen and in the piece


@pytest.mark.parametrize("typed", ["C7(b9)", "C7(b9,#5)", "C7(b13)", "C13(#11)", "Cm(maj7)"])
def test_parentheses_around_anything_but_plain_tensions_read_as_before(typed):
    assert chord_pitches(typed) == chord_pitches(re.sub(r"[(),]", "", typed))


# the voicings of altered tensions in parentheses before plain ones were read, which they keep
ALTERED = {
    "C7(b9)": (48, 49, 52, 55, 58), "C7(#9)": (48, 51, 52, 55, 58), "C7(#11)": (48, 52, 54, 55, 58),
    "C7(b13)": (48, 52, 56, 58), "C7(b5)": (48, 52, 54, 58), "C7(#5)": (48, 52, 56, 58),
    "C7(b9,#5)": (48, 49, 52, 56, 58), "C7(b9,#11)": (48, 49, 52, 54, 55, 58),
    "C7(#9,b13)": (48, 51, 52, 56, 58), "C7(b9,b13)": (48, 49, 52, 56, 58),
    "C7(#9,#11)": (48, 51, 52, 54, 55, 58), "C13(b9)": (48, 49, 52, 55, 57, 58),
    "C13(#11)": (48, 50, 52, 54, 55, 57, 58), "C9(#11)": (48, 50, 52, 54, 55, 58), "Cm7(b5)": (48, 51, 54, 58),
    "C7(alt)": (48, 51, 52, 56, 58), "Cm(maj7)": (48, 51, 55, 59),
}


@pytest.mark.parametrize("typed, pitches", ALTERED.items())
def test_altered_tensions_in_parentheses_keep_their_voicing(typed, pitches):
    assert chord_pitches(typed)[1] == pitches


def _read_back(symbols: list[str], path) -> list:
    chords = [ChordSymbol(i * 4, 4, s, chord_pitches(s)[1], chord_pitches(s)[0]) for i, s in enumerate(symbols)]
    piece = Piece("Changes", [Note(i * 4, 4, 60) for i in range(len(symbols))], chords, len(symbols))
    xml = musicxml_bytes(piece)
    path.write_bytes(xml)
    return [xml.decode(), list(converter.parse(path).recurse().getElementsByClass(harmony.ChordSymbol))]


def test_musicxml_writes_the_chord_a_lead_sheet_means_and_music21_reads_it_back(tmp_path):
    typed, bare = [s[0] for s in SAME_CHORD], [s[1] for s in SAME_CHORD]
    xml, back = _read_back(typed, tmp_path / "typed.musicxml")
    _, expected = _read_back(bare, tmp_path / "bare.musicxml")
    assert "<kind>none</kind>" not in xml
    assert [type(h) for h in back] == [harmony.ChordSymbol] * len(typed)  # no N.C. among them
    assert [(h.chordKind, h.figure) for h in back] == [(h.chordKind, h.figure) for h in expected]
    assert [h.chordKind for h in back[:4]] == ["dominant-ninth", "dominant-13th", "dominant-11th", "dominant-ninth"]


def test_musicxml_of_altered_tensions_in_parentheses_reads_back_as_before(tmp_path):
    xml, back = _read_back(list(ALTERED), tmp_path / "altered.musicxml")
    assert "<kind>none</kind>" not in xml
    assert [h.figure for h in back[:3]] == ["C7 add b9", "C7 add #9", "C7 add #11"]
    assert [type(h) for h in back] == [harmony.ChordSymbol] * len(ALTERED)


@pytest.mark.parametrize("typed, notes", [
    # an 11th typed beside the 13th stays: a 13th chord only leaves the 11th out when the chart does not ask for it
    ("C7(11,13)", "C E G Bb D F A"), ("C7(9,11,13)", "C E G Bb D F A"), ("C13(11)", "C E G Bb D F A"),
    ("C7(11,13)/G", "G C E Bb D F A"),
])
def test_an_eleventh_typed_with_the_thirteenth_is_kept(typed, notes):
    assert _classes(typed) == set(notes.split())
    assert _classes("C7(13)") == set("C E G Bb D A".split())  # untyped, the 11th still stays out


@pytest.mark.parametrize("typed, notes", [
    ("C7sus4(9,13)", "C F G Bb D A"), ("C9sus4(13)", "C F G Bb D A"), ("C7sus(9,13)", "C F G Bb D A"),
    ("C13sus4(9)", "C F G Bb D A"), ("C7sus4(9,11)", "C F G Bb D"),
])
def test_a_suspended_chord_keeps_the_ninth_it_was_given(typed, notes):
    assert _classes(typed) == set(notes.split())


@pytest.mark.parametrize("typed, same", [
    ("Ch7(11)", "Cø7(11)"), ("Ch(11)", "Cø(11)"), ("Ch7(9,11)", "Cø7(9,11)"), ("Ch7(13)", "Cø7(13)"),
])
def test_h_with_tensions_in_parentheses_is_half_diminished_as_h7_is(typed, same):
    (chord,) = parse_progression(typed)
    assert chord.symbol == typed and chord_pitches(typed) == chord_pitches(same)
    assert {"C", "Eb", "Gb", "Bb", "F"} <= _classes(typed)  # Cm7b5 with its 11th


def test_h7_with_an_eleventh_is_the_half_diminished_eleventh():
    assert _classes("Ch7(11)") == set("C D Eb F Gb Bb".split())  # as Cø7(11) and Cm7b5(11): the 9 stacked under it
