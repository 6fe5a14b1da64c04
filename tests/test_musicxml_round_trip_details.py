"""Encore's MusicXML reopened as written: the chords under the names a chart gives them (not music21's CM9 and
Cpower), every note at its velocity, the notes MusicXML cannot hold refused by name, and the part named."""

from __future__ import annotations

import re

from engine.jazz.musicxml import musicxml_bytes, write_musicxml
from engine.jazz.piece import ChordSymbol, Note, Piece
from engine.jazz.progression import chord_pitches, jazz_figure, parse_progression
from engine.jazz.source import load_source

# typed -> reopened: as typed, or in Encore's own chord names (chord_names.QUALITIES: o7, mM7, +M7)
REOPENED = {"Cmaj9": "Cmaj9", "C5": "C5", "E+7": "E+7", "Ebmaj9/Bb": "Ebmaj9/Bb", "Fdim7": "Fo7",
            "Abm(maj7)": "AbmM7", "Emaj7#5": "E+M7", "Dsus4": "Dsus4", "Bbmaj13": "Bbmaj13"}


def _reopened(tmp_path, piece: Piece) -> Piece:
    path = tmp_path / "solo.musicxml"
    write_musicxml(piece, path)
    return load_source(path).to_piece()


def test_chords_reopen_with_the_names_they_were_written_with(tmp_path):
    """Cmaj9 came back CM9, C5 Cpower and E+7 E7+: music21's names, the sounding chords the same."""
    chords = parse_progression(" | ".join(REOPENED))
    piece = Piece("Changes", [Note(c.start, 1, 72) for c in chords], chords, len(chords))
    back = _reopened(tmp_path, piece)
    assert [c.symbol for c in back.chords] == list(REOPENED.values())
    assert [{p % 12 for p in c.pitches} for c in back.chords] == [{p % 12 for p in c.pitches} for c in chords]


def test_music21_names_of_another_programs_chords_read_as_a_chart_writes_them():
    """A kind music21 names its own way comes in named as a chart writes it, and reads as the same chord; Encore's
    own names are left as they are."""
    for theirs, ours in {"CM9": "Cmaj9", "E-M13/B-": "Ebmaj13/Bb", "Cpower": "C5", "F#7+": "F#+7", "Gsus": "Gsus4",
                         "C7sus": "C7sus4", "Cdom7dim5": "C7b5", "Cøb9": "Cø7b9", "Cob9": "Co7b9"}.items():
        assert jazz_figure(theirs) == ours
        assert {p % 12 for p in chord_pitches(ours)[1]} == {p % 12 for p in chord_pitches(jazz_figure(theirs))[1]}
    for name in ("C+M7", "CmM7", "Co7", "C6/9", "Cmaj7", "B-7/A-", "Csus4"):
        assert jazz_figure(name) == name.replace("-", "b")


def test_every_velocity_reads_back_exactly(tmp_path):
    """Every note came back at 90: the velocity lane's dynamics were not written."""
    notes = [Note(i / 2, 0.5, 60 + i % 12, i + 1) for i in range(127)]
    back = _reopened(tmp_path, Piece("Shaped", notes, [ChordSymbol(0, 64, "C7", (48, 52, 55, 58))], 16))
    assert [(n.start, n.pitch, n.velocity) for n in back.notes] == [(n.start, n.pitch, n.velocity) for n in notes]


def test_notes_struck_together_are_written_at_the_loudest_ones_velocity():
    """A MusicXML chord's notes take their dynamics from the chord in music21: the loudest note's, as a MIDI
    file's chord is read (dynamics are a percentage of velocity 90)."""
    chord = [Note(0, 1, 55, 20), Note(0, 1, 59, 100), Note(1, 1, 60, 45)]
    xml = musicxml_bytes(Piece("Struck", chord, [], 1)).decode()
    assert re.findall(r'<note dynamics="([^"]+)"', xml) == ["111.11", "111.11", "50.00"]


def test_midi_12_is_written_c0_not_b_sharp_in_octave_minus_1(tmp_path):
    """B#-1 over G#7 is MIDI 12, written in an octave MusicXML does not have: it is written C0."""
    chords = parse_progression("G#7 | G#7")
    xml = musicxml_bytes(Piece("Low", [Note(0, 1, 12), Note(1, 1, 24)], chords, 2)).decode()
    assert re.findall(r"<step>(\w)</step>(?:\s*<alter>[^<]*</alter>)?\s*<octave>(-?\d+)</octave>", xml) == [
        ("C", "0"), ("B", "0")]
    assert [n.pitch for n in _reopened(tmp_path, Piece("Low", [Note(0, 1, 12)], chords, 2)).notes] == [12]


def test_the_part_is_named_as_the_midi_track_is():
    xml = musicxml_bytes(Piece("Named", [Note(0, 1, 60)], [], 1)).decode()
    assert "<part-name>Melody</part-name>" in xml and "<part-name />" not in xml
