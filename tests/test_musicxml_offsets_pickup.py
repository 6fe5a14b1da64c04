"""The MusicXML writer: chord symbols where they start to the division, after triplets too."""

from __future__ import annotations

from fractions import Fraction

from engine.jazz.musicxml import musicxml_bytes
from engine.jazz.piece import ChordSymbol, Note, Piece
from engine.jazz.progression import chord_pitches


def _chord(start: float, length: float, symbol: str) -> ChordSymbol:
    return ChordSymbol(start, length, symbol, *reversed(chord_pitches(symbol)))


def _read_chords(tmp_path, piece: Piece) -> list[tuple[Fraction, str]]:
    """The chord symbols as music21 reads them back from the written file: (offset, figure)."""
    from music21 import converter, harmony

    path = tmp_path / "solo.musicxml"
    path.write_bytes(musicxml_bytes(piece))
    score = converter.parse(path)
    return [(Fraction(h.getOffsetInHierarchy(score)).limit_denominator(10080), h.figure)
            for h in score.recurse().getElementsByClass(harmony.Harmony)]


def test_a_chord_on_the_and_of_two_after_a_triplet_is_written_where_it_starts(tmp_path):
    # the waltz study's bar 11: a sixteenth, an eighth and a sixteenth, then an eighth-note triplet, the Em7/D
    # on the and of two under the triplet's last note (music21 wrote it 1/10080 of a beat late: 31.500099)
    third = 1 / 3
    rhythm = [(30, 0.25), (30.25, 0.5), (30.75, 0.25), (31, third), (31 + third, third), (31 + 2 * third, third)]
    piece = Piece(notes=[Note(start, length, 72 + i) for i, (start, length) in enumerate(rhythm)],
                  chords=[_chord(30, 1.5, "Em7"), _chord(31.5, 1.5, "Em7/D")], bars=11, beats_per_bar=3)
    assert b'<offset sound="yes">-1680</offset>' in musicxml_bytes(piece)
    assert _read_chords(tmp_path, piece) == [(30, "Em7"), (Fraction(63, 2), "Em7/D")]


def _opening(bars: list[int]) -> Piece:
    """A pickup of one quarter note before two whole bars of F, as a source read it: at the end of bar 0."""
    notes = [Note(3, 1, 67)] + [Note(4 + i, 1, 65 + i) for i in range(8)]
    return Piece(notes=notes, chords=[_chord(3, 1, "C7"), _chord(4, 8, "F7")], bars=3, meta={"bars": bars})


def test_a_piece_that_opens_with_a_pickup_writes_it_as_a_short_bar_0(tmp_path):
    from music21 import converter, stream

    from engine.jazz.source import load_source

    path = tmp_path / "pickup.musicxml"
    path.write_bytes(musicxml_bytes(_opening([0, 2])))
    measures = list(converter.parse(path).recurse().getElementsByClass(stream.Measure))
    assert [m.number for m in measures] == [0, 1, 2]
    assert measures[0].duration.quarterLength == 1 and b'<measure implicit="yes" number="0">' in path.read_bytes()
    source = load_source(path)
    assert (source.pickup, source.bar_range) == (1, (0, 2))
    assert _read_chords(tmp_path, _opening([0, 2])) == [(0, "C7"), (1, "F7")]


def test_a_piece_read_from_bar_1_keeps_its_whole_first_bar(tmp_path):
    from music21 import converter, stream

    path = tmp_path / "whole.musicxml"
    path.write_bytes(musicxml_bytes(_opening([1, 3])))
    measures = list(converter.parse(path).recurse().getElementsByClass(stream.Measure))
    assert [m.number for m in measures] == [1, 2, 3] and measures[0].duration.quarterLength == 4
