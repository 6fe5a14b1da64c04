"""Reading back what Encore writes: a solo exported as MIDI or MusicXML opens as the same piece."""

from __future__ import annotations

import pytest

from engine.jazz.export import write_midi
from engine.jazz.musicxml import write_musicxml
from engine.jazz.piece import Note, Piece
from engine.jazz.progression import chord_pitches, parse_progression
from engine.jazz.source import load_source

WRITERS = {"mid": write_midi, "musicxml": write_musicxml}


def read_back(piece: Piece, tmp_path, suffix: str, **choices) -> Piece:
    """The piece written as the app exports it and opened as the app opens a file (``choices``: load_source's)."""
    path = tmp_path / f"solo.{suffix}"
    WRITERS[suffix](piece, path)
    return load_source(path, **choices).to_piece()


def solo(changes: str) -> Piece:
    """Two quarter notes a bar, then a half note held over the bar line into the next bar's first beat."""
    chords = parse_progression(changes)
    bars = len(chords)
    notes = [Note(bar * 4 + beat, 1, 72 + beat) for bar in range(bars) for beat in (1, 2)]
    notes += [Note(bar * 4 + 3, 2, 79) for bar in range(bars - 1)] + [Note(0, 1, 70)]
    return Piece("Held over", sorted(notes, key=lambda n: n.start), chords, bars)


@pytest.mark.parametrize("suffix", WRITERS)
def test_a_note_held_over_a_bar_line_reads_back_as_one_note(tmp_path, suffix):
    """The bars' tokens cut a held note at the bar line, and the piece made from them struck it again on the
    downbeat: G held from beat 4 into the next bar came back as two G quarter notes."""
    piece = solo("Cmaj7 | Dm7 | G7 | Cmaj7")
    back = read_back(piece, tmp_path, suffix)
    assert [(n.start, n.duration, n.pitch) for n in back.notes] == [
        (n.start, n.duration, n.pitch) for n in piece.notes]


@pytest.mark.parametrize("suffix", WRITERS)
def test_an_altered_chord_read_back_is_voiced_as_encore_voices_its_symbol(tmp_path, suffix):
    """Encore leaves the fifth out of C7alt and C7b13 (G against A-flat); read back from MusicXML the chord had
    music21's pitches with the fifth again, and from MIDI a name ('Ab/CaddBb,E') no chart could voice."""
    back = read_back(solo("C7alt | C7b13 | Fmaj7"), tmp_path, suffix)
    for chord in back.chords:
        assert chord.pitches == chord_pitches(chord.symbol)[1], chord.symbol
    assert not {7} & {p % 12 for c in back.chords[:2] for p in c.pitches}


def test_diminished_and_half_diminished_chords_read_back_from_midi_keep_their_root(tmp_path):
    """music21 named the comping's dim7 from another of its notes (F#o7/C) and Ebm7b5 a minor sixth on F# (F#m6/Eb);
    over the bass track's root they are Co7 and Ebø7, which voice as the chords written."""
    changes = "Cdim7 | Cm7b5 | Bbdim7 | F#m7b5 | Ebm7b5 | Fmaj7 | C6 | Cm6 | Bbm6 | C6/9 | Am7"  # C6 was Am7/C
    back = read_back(solo(changes), tmp_path, "mid", chord_parts=[1, 2])  # from the notes, not the markers
    assert [c.symbol for c in back.chords] == ["Co7", "Cm7b5", "Bbo7", "F#m7b5", "Ebm7b5", "Fmaj7", "C6", "Cm6", "Bbm6",
                                               "C6/9", "Am7"]
    assert [chord_pitches(c.symbol)[1] for c in back.chords] == [c.pitches for c in parse_progression(changes)]


def test_every_quality_encore_voices_reads_back_from_its_midi_as_a_chord_voiced_the_same(tmp_path):
    """music21 named a chord from its MIDI notes by another root or with added notes (G7b9 as G7addG#, C7#9 as
    Cm7addE, C7sus4 as Dm/G, Emaj7 as EaddEb): 151 of 324 chords (27 qualities on 12 roots) came back under a
    name Encore could not voice, export or transpose as the chord written."""
    qualities = ("7 maj7 m7 7b9 7#9 7#11 13 7sus4 mM7 add9 9 m9 maj9 6 m6 7alt m7b5 dim7 7b13 13#11 9sus4 6/9 +7 "
                 "7b9b13 maj7#11 m11 7#5").split()
    changes = " | ".join(root + quality for quality in qualities for root in ("C", "Db", "F#", "G"))
    back = read_back(solo(changes), tmp_path, "mid", chord_parts=[1, 2])  # from the notes, not the markers
    assert [{p % 12 for p in chord_pitches(c.symbol)[1]} for c in back.chords] == [
        {p % 12 for p in c.pitches} for c in parse_progression(changes)]
