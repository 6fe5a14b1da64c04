"""Spellings students copy from lead sheets into the Chords field: N/C, (N.C.) and NC. were refused; Cmaj#11 was
voiced without its 7th and Cmaj13#11 with a natural 11th; CΔ#11, C^#11 and C+maj7 were refused. Each reads as the
chord a musician means, and comes back from Encore's MusicXML under a chart's name, not music21's degrees."""

from __future__ import annotations

import pytest

from engine.errors import EncoreError
from engine.jazz.musicxml import write_musicxml
from engine.jazz.piece import Note, Piece
from engine.jazz.progression import chord_pitches, parse_progression
from engine.jazz.source import load_source

NOTES = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}


def _pitch_classes(symbol: str) -> set[int]:
    return {p % 12 for p in chord_pitches(symbol)[1]}


def _notes(names: str, root: str = "C") -> set[int]:
    """'C E G# B' over C, moved up to ``root`` ('Eb')."""
    shift = NOTES[root[0]] + {"b": -1, "#": 1}.get(root[1:], 0)
    return {(NOTES[n[0]] + n.count("#") - n.count("b") + shift) % 12 for n in names.split()}


@pytest.mark.parametrize("spelling", ["N/C", "(N.C.)", "NC.", "n/c", "(NC)", "N.C.", "NC"])
def test_no_chord_spellings_rest_the_band(spelling):
    chords = parse_progression(f"Cmaj7 | {spelling} | C/E F/A")
    assert [c.symbol for c in chords] == ["Cmaj7", "N.C.", "C/E", "F/A"]
    assert chords[1].pitches == () and chords[1].names == chords[0].names  # the solo keeps the chord before


def test_slash_chords_keep_their_bass():
    assert chord_pitches("C/E")[1] == (52, 55, 60) and chord_pitches("F/A")[1] == (57, 60, 65)
    with pytest.raises(EncoreError, match="unknown chord symbol"):
        chord_pitches("N")  # no root N: N/C cannot be a slash chord


MEANT = {  # quality as a lead sheet writes it -> its notes over C
    "maj#11": "C E G B F#", "Δ#11": "C E G B F#", "^#11": "C E G B F#", "maj7#11": "C E G B F#",
    "maj9#11": "C E G B D F#", "Δ9#11": "C E G B D F#", "maj13#11": "C E G B D F# A", "^13#11": "C E G B D F# A",
    "Δ9": "C E G B D", "^7": "C E G B", "Δ": "C E G B", "Δ#5": "C E G# B", "Δb5": "C E Gb B",
    "-Δ7": "C Eb G B", "-^7": "C Eb G B", "-Δ": "C Eb G B",
    "+maj7": "C E G# B", "+Δ": "C E G# B", "+^7": "C E G# B", "augmaj7": "C E G# B", "+maj9": "C E G# B D",
    "+Δ#11": "C E G# B F#",
}


@pytest.mark.parametrize("root", ["C", "Eb", "F#", "Bb"])
@pytest.mark.parametrize("quality", list(MEANT))
def test_lead_sheet_qualities_voice_the_chord_meant(root, quality):
    assert _pitch_classes(root + quality) == _notes(MEANT[quality], root)


def _reopened(tmp_path, chords, name: str):
    path = tmp_path / f"{name}.musicxml"
    write_musicxml(Piece("Changes", [Note(c.start, 1, 72) for c in chords], chords, len(chords)), path)
    return load_source(path).to_piece().chords


def test_new_spellings_reopen_from_musicxml_as_chart_names(tmp_path):
    typed = "Cmaj#11 | C^#11 | FΔ#11/A | Bb+maj7 | C+^9 | D+Δ#11 | Cmaj13#11 | EbΔ13#11 | Cmaj7b5 | N/C"
    written = parse_progression(typed)
    back = _reopened(tmp_path, written, "first")
    assert [c.symbol for c in back] == ["Cmaj7#11", "Cmaj7#11", "Fmaj7#11/A", "Bb+M7", "C+M9", "D+M7#11",
                                        "Cmaj13#11", "Ebmaj13#11", "Cmaj7b5", "N.C."]
    assert [_pitch_classes(c.symbol) for c in back[:-1]] == [_pitch_classes(c.symbol) for c in written[:-1]]
    again = _reopened(tmp_path, back, "again")  # saved once more, as a user saves an opened file
    assert [c.symbol for c in again] == [c.symbol for c in back]
