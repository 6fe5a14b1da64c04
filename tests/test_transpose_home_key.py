"""A moved chart is spelled for the key its MusicXML is signed in (key_signature.key_of), not for the key
Temperley's finder heard: it heard All The Things You Are in C minor, and wrote it up a minor third in E-flat
minor (Cbmaj7, Ebmaj7) under a key signature of five sharps."""

from __future__ import annotations

import re

import pytest

from engine.jazz.key_signature import key_of
from engine.jazz.piece import Piece
from engine.jazz.progression import ROOT, music21_note, parse_progression
from engine.jazz.transpose import transpose_chart, transpose_piece

ATTYA = ("Fm7 | Bbm7 | Eb7 | Abmaj7 | Dbmaj7 | G7 | Cmaj7 | % | Cm7 | Fm7 | Bb7 | Ebmaj7 | Abmaj7 | Am7b5 D7 | "
         "Gmaj7 | % | Am7 | D7 | Gmaj7 | % | F#m7b5 | B7 | Emaj7 | C7b9 | Fm7 | Bbm7 | Eb7 | Abmaj7 | Dbmaj7 | "
         "Dbm7 | Cm7 | Bdim7 | Bbm7 | Eb7 | Abmaj7 | Gm7b5 C7b9 |")
AUTUMN_LEAVES = ("Cm7 | F7 | Bbmaj7 | Ebmaj7 | Am7b5 | D7 | Gm6 | % | Am7b5 | D7 | Gm6 | % | Cm7 | F7 | Bbmaj7 | "
                 "Ebmaj7 | Am7b5 | D7 | Gm7 C7 | Fm7 Bb7 | Am7b5 | D7 | Gm6 | % |")
BLUES = "Bb7 | Eb7 | Bb7 | Fm7 Bb7 | Eb7 | Edim7 | Bb7 | G7 | Cm7 | F7 | Bb7 G7 | Cm7 F7 |"
IN_KEY = {ATTYA: 5, AUTUMN_LEAVES: 8, BLUES: 5}  # how many chords open each tune in its key (a blues: to IV7)


def test_all_the_things_you_are_up_a_minor_third_is_written_in_b():
    moved = transpose_chart(ATTYA, 3)
    assert moved.startswith("G#m7 | C#m7 | F#7 | Bmaj7 | Emaj7 | A#7 | D#maj7 | % |")
    assert re.search(r"(^|[\s/])[A-G]b", moved) is None, moved  # no Cbmaj7, no Fb: sharps only
    assert key_of(Piece(chords=parse_progression(moved))).sharps == 5
    piece = transpose_piece(Piece(chords=parse_progression(ATTYA), bars=36, meta={"chords": ATTYA}), 3)
    assert piece.meta["chords"] == moved
    assert [c.symbol for c in piece.chords][:5] == ["G#m7", "C#m7", "F#7", "Bmaj7", "Emaj7"]


@pytest.mark.parametrize("chart", list(IN_KEY), ids=["attya", "autumn leaves", "blues"])
@pytest.mark.parametrize("semitones", range(1, 12))
def test_a_moved_tune_is_written_in_the_notes_of_its_key_signature(chart, semitones):
    """Its chords of the key have their roots in the key signature the MusicXML writer gives it: All The Things
    You Are up ten semitones is in G-flat, its IV Cbmaj7 (was Bmaj7, spelled for B-flat minor)."""
    moved = transpose_chart(chart, semitones)
    signed = key_of(Piece(chords=parse_progression(moved)))
    assert abs(signed.sharps) <= 6
    scale = {p.name for p in signed.pitches}
    opening = [root for word in moved.split() if (root := ROOT.fullmatch(word))][:IN_KEY[chart]]
    assert all(music21_note(r.group(1), r.group(2)) in scale for r in opening), (moved, signed)
