"""Tuplet brackets in MusicXML as a reader draws them: each one opened and closed in its bar, none on a rest
the reader does not show, and the notes where they were."""

from __future__ import annotations

import re
from fractions import Fraction

from engine.jazz.musicxml import musicxml_bytes
from engine.jazz.piece import ChordSymbol, Note, Piece

T = Fraction(1, 3)  # a triplet eighth


def _q(quarters) -> Fraction:
    return Fraction(quarters).limit_denominator(48)


def _bars(xml: str) -> list[str]:
    return re.findall(r"<measure\b.*?</measure>", xml, re.S)


def _brackets(bar: str) -> list[str]:
    return re.findall(r'<tuplet\b[^>]*type="(start|stop)"', bar)


def _balanced(bar: str) -> bool:
    """Each bracket opened before it is closed, none left open at the bar line."""
    depth = 0
    for mark in _brackets(bar):
        depth += 1 if mark == "start" else -1
        if depth not in (0, 1):
            return False
    return depth == 0


def _hidden_tuplets(xml: str) -> list[str]:
    return [n for n in re.findall(r"<note\b[^>]*>.*?</note>", xml, re.S)
            if 'print-object="no"' in n.split(">")[0] and ("<tuplet" in n or "<time-modification" in n)]


def _read_back(xml: bytes):
    """(bar lengths, [(offset, length, pitch)] with tied notes joined), as music21 reads the file."""
    from music21 import converter

    score = converter.parseData(xml, format="musicxml")
    bars = [_q(m.duration.quarterLength) for m in score.recurse().getElementsByClass("Measure")]
    notes = [(_q(n.getOffsetInHierarchy(score)), _q(n.quarterLength), n.pitch.midi)
             for n in score.stripTies().recurse().notes if n.isNote]
    return bars, sorted(notes)


def _check(piece: Piece, bars: list[Fraction]) -> None:
    xml = musicxml_bytes(piece)
    text = xml.decode()
    assert "<tuplet" in text
    for number, bar in enumerate(_bars(text)):
        assert _balanced(bar), (number, _brackets(bar))
    assert not _hidden_tuplets(text)
    read_bars, notes = _read_back(xml)
    assert read_bars == bars
    assert notes == sorted((_q(n.start), _q(n.duration), n.pitch) for n in piece.notes)


def test_a_held_note_split_to_complete_a_triplet_keeps_its_bracket_closed():
    """A triplet eighth, then a note held a beat from the triplet's last third (as an improvised solo has it):
    music21's exporter split the held note again to complete the triplet and left the '3' after it opened and
    never closed (two starts and one stop in the bar)."""
    rhythm = [(0, 1), (1, T), (1 + T, 1), (2 + T, T), (2 + 2 * T, 1), (3 + 2 * T, T)]
    notes = [Note(float(start), float(length), 60 + i) for i, (start, length) in enumerate(rhythm)]
    _check(Piece("Triplets", notes, [ChordSymbol(0, 4, "F7")], 1), [Fraction(4)])


def test_a_filler_rest_a_triplet_long_is_not_hidden_in_the_group():
    """Triplet eighths running into a bar past the piece's last, ending a triplet eighth after a beat: the rest
    music21 fills the bar with was hidden, yet a triplet eighth of the group (a '3' over a gap)."""
    notes = [Note(float(i * T), float(T), 60 + i % 7) for i in range(14)]
    _check(Piece("Past the end", notes, [ChordSymbol(0, 4, "C7")], 1), [Fraction(4), Fraction(4)])


def test_a_triplet_pickup_is_written_as_long_as_it_is_with_its_bracket_closed():
    """A pickup of two triplet eighths: its bar was written a beat and two thirds long, a stray quarter rest
    between its notes, and its bracket closed without being opened."""
    notes = [Note(3 + 1 / 3, 1 / 3, 60), Note(3 + 2 / 3, 1 / 3, 62)] + [Note(4 + i, 1, 64) for i in range(4)]
    piece = Piece("Pickup", notes, [ChordSymbol(4, 4, "C7")], 2, meta={"bars": [0, 1]})
    xml = musicxml_bytes(piece)
    assert all(_balanced(bar) for bar in _bars(xml.decode()))
    bars, read = _read_back(xml)
    assert bars == [2 * T, Fraction(4)]
    assert read == [(Fraction(0), T, 60), (T, T, 62)] + [(2 * T + i, Fraction(1), 64) for i in range(4)]
