"""Moving a chart or a solo to another key: every chord by one interval, spelled as a lead sheet in that key."""

from __future__ import annotations

import pytest

from engine.errors import EncoreError
from engine.jazz.piece import Note, Piece
from engine.jazz.progression import parse_progression
from engine.jazz.transpose import transpose_chart, transpose_chords, transpose_piece

CHART = "3/4 Dm7 G7 | Cmaj7 |: Bb7/D / :| N1 A7alt N2C6/9 | N.C. | % | F#m7b5 B7(b9) | C-^7 |"


@pytest.mark.parametrize("semitones, expected", [
    (2, "3/4 Em7 A7 | Dmaj7 |: C7/E / :| N1 B7alt N2D6/9 | N.C. | % | G#m7b5 C#7(b9) | D-^7 |"),
    (1, "3/4 Ebm7 Ab7 | Dbmaj7 |: B7/Eb / :| N1 Bb7alt N2Db6/9 | N.C. | % | Gm7b5 C7(b9) | Db-^7 |"),  # Cb7 read as B7
    (-2, "3/4 Cm7 F7 | Bbmaj7 |: Ab7/C / :| N1 G7alt N2Bb6/9 | N.C. | % | Em7b5 A7(b9) | Bb-^7 |"),
    (6, "3/4 Abm7 Db7 | Gbmaj7 |: E7/Ab / :| N1 Eb7alt N2Gb6/9 | N.C. | % | Cm7b5 F7(b9) | Gb-^7 |"),  # a tie: flats
    (12, CHART), (-24, CHART),
])
def test_a_chart_moves_by_one_interval_with_its_form_kept(semitones, expected):
    assert transpose_chart(CHART, semitones) == expected
    moved, original = parse_progression(expected), parse_progression(CHART)
    assert [(c.start, c.duration) for c in moved] == [(c.start, c.duration) for c in original]
    assert [sorted(p % 12 for p in c.pitches) for c in moved] == [
        sorted((p + semitones) % 12 for p in c.pitches) for c in original]


def test_the_spelling_follows_the_key_not_each_chord():
    """Down a semitone from C is B major (five sharps), not Cb (seven flats); its iii chord is D#m7."""
    assert transpose_chart("Cmaj7 | Em7 A7 | Dm7 G7", -1) == "Bmaj7 | D#m7 G#7 | C#m7 F#7"
    assert transpose_chart("Cmaj7 | Em7 A7 | Dm7 G7", 3) == "Ebmaj7 | Gm7 C7 | Fm7 Bb7"
    assert transpose_chart("Bb7 | Eb7 | Edim7 | G7", 2) == "C7 | F7 | F#dim7 | A7"


def test_a_chart_typed_with_flat_and_sharp_signs_comes_back_in_them():
    assert transpose_chart("D♭maj7 | G♭7 | N1C7(b9)", 2) == "E♭maj7 | A♭7 | N1D7(b9)"
    assert transpose_chart("F♯m7 | B7/D♯", -1) == "Fm7 | B♭7/D"
    assert transpose_chart("Dbmaj7 | Gb7", 2) == "Ebmaj7 | Ab7"  # and one typed with b and # in b and #


def test_a_piece_moves_its_notes_and_its_chords():
    piece = Piece(notes=[Note(0, 1, 62, 70), Note(1, 3, 67, 90)], chords=parse_progression("Dm7 G7 | Cmaj7"), bars=2,
                  meta={"chords": "Dm7 G7 | Cmaj7"})
    moved = transpose_piece(piece, -3)
    assert moved.meta["chords"] == "Bm7 E7 | Amaj7" and piece.meta["chords"] == "Dm7 G7 | Cmaj7"
    assert [(n.start, n.duration, n.pitch, n.velocity) for n in moved.notes] == [(0, 1, 59, 70), (1, 3, 64, 90)]
    assert [c.symbol for c in moved.chords] == ["Bm7", "E7", "Amaj7"]
    again = parse_progression("Bm7 E7 | Amaj7")  # as if typed in the new key
    assert [c.pitches for c in moved.chords] == [c.pitches for c in again]
    assert [[n[:-1] for n in c.names] for c in moved.chords] == [[n[:-1] for n in c.names] for c in again]
    assert [n.pitch for n in piece.notes] == [62, 67] and piece.chords[0].symbol == "Dm7"  # a copy


def test_a_piece_is_not_moved_past_midi_or_too_far():
    piece = Piece(notes=[Note(0, 1, 120)], chords=parse_progression("C7"), bars=1)
    with pytest.raises(EncoreError, match=r"moving up 8 semitones would take notes past MIDI's range \(0-127\)"):
        transpose_piece(piece, 8)
    assert transpose_piece(piece, 7).notes[0].pitch == 127
    with pytest.raises(EncoreError, match="the transposition must be -24 to 24 semitones, not 25"):
        transpose_piece(piece, 25)


CHROMATIC = "Bbmaj7 | Eb7 | F7 Gb7 | Bbmaj7"  # Gb7, the flat six, is no chord of B-flat major


@pytest.mark.parametrize("semitones, expected", [
    (5, "Ebmaj7 | Ab7 | Bb7 B7 | Ebmaj7"), (-7, "Ebmaj7 | Ab7 | Bb7 B7 | Ebmaj7"),  # Cb7 read as B7
    (-2, "Abmaj7 | Db7 | Eb7 E7 | Abmaj7"), (3, "Dbmaj7 | Gb7 | Ab7 A7 | Dbmaj7"),
    (-4, "F#maj7 | B7 | C#7 D7 | F#maj7"),  # F# or Gb, six either way: the one without Cb7
    (1, "Bmaj7 | E7 | F#7 G7 | Bmaj7"),
])
def test_a_chromatic_chord_does_not_spell_a_flat_key_in_sharps(semitones, expected):
    """The move was spelled for all the chart's roots, the chromatic Gb7's too, whose Cb counted double: Bb to Eb
    was written D#maj7 | G#7 | A#7 B7. It is spelled for the chart's key, and the chromatic chord as that key's."""
    assert transpose_chart(CHROMATIC, semitones) == expected
    moved = transpose_piece(Piece(chords=parse_progression(CHROMATIC), bars=4), semitones)
    assert " ".join(c.symbol for c in moved.chords) == expected.replace("| ", "")


@pytest.mark.parametrize("step", [-12, -13, 12, 13])
def test_a_piece_moved_far_keeps_its_chords_clean(step):
    """Moved down an octave at a time, a chord's spelled names sank below octave 0, where music21 writes A in
    octave -1 as 'A-1', which reads back as A-flat 1 (then 'F#-1' could not be read at all)."""
    from music21 import pitch

    chart = "Dm7 G7 | Abmaj7 | F#m7b5 B7"
    piece = Piece(notes=[Note(0, 1, 64)], chords=parse_progression(chart), bars=3)
    for _ in range(4):
        piece = transpose_piece(piece, step)
    far = [transpose_chords(parse_progression(chart), 4 * step), piece.chords]
    again = parse_progression(transpose_chart(chart, (4 * step) % 12 or 12))  # as if typed in the new key
    for chords in far:
        assert [c.symbol for c in chords] == [c.symbol for c in again]
        for chord in chords:
            names = [pitch.Pitch(n) for n in chord.names]
            assert sorted(n.pitchClass for n in names) == sorted(p % 12 for p in chord.pitches), chord.names
            assert all(0 <= n.octave <= 8 for n in names), chord.names
