"""The key signature a lead sheet of a chart has, and the key a chart is moved to, as a jazz musician writes
them."""

from __future__ import annotations

import re

import pytest

from engine.jazz.key_signature import key_of
from engine.jazz.musicxml import musicxml_bytes
from engine.jazz.piece import Note, Piece
from engine.jazz.progression import parse_progression
from engine.jazz.transpose import transpose_chart

SO_WHAT = " | ".join(["Dm7"] * 16 + ["Ebm7"] * 8 + ["Dm7"] * 8)
F_BLUES = "F7 | Bb7 | F7 | F7 | Bb7 | Bb7 | F7 | D7 | Gm7 | C7 | F7 D7 | Gm7 C7"
ATTYA = ("Fm7 | Bbm7 | Eb7 | Abmaj7 | Dbmaj7 | G7 | Cmaj7 | Cmaj7 | Cm7 | Fm7 | Bb7 | Ebmaj7 | Abmaj7 | D7 | "
         "Gmaj7 | Gmaj7 | Am7 | D7 | Gmaj7 | Gmaj7 | F#m7b5 | B7 | Emaj7 | C7b9 | Fm7 | Bbm7 | Eb7 | "
         "Abmaj7 | Dbmaj7 | Dbm7 | Cm7 | Bdim7 | Bbm7 | Eb7 | Abmaj7 | Abmaj7")  # All the Things You Are, in A-flat


def _fifths(chart: str, notes: list[Note] | None = None) -> int:
    """The key signature's sharps (flats below zero) in the chart's MusicXML."""
    piece = Piece("Tune", notes or [], parse_progression(chart), len(chart.split("|")))
    return int(re.findall(r"<fifths>(-?\d+)</fifths>", musicxml_bytes(piece).decode())[0])


@pytest.mark.parametrize("chart, fifths", [
    ("Abm7 | Db7 | Abm7 | Eb7", -7),  # was G# minor's five sharps, then Gb's six flats (Db7 read as Dorian)
    ("Abm6 | Dbm7 | Abm6 | Eb7 | Abm6", -7),
    ("Abm7 | Bbm7b5 Eb7 | Abm7", -7),
    ("G#m7 | C#7 | G#m7 | D#7", 5),  # the same tune typed in sharps keeps them
])
def test_a_minor_key_is_signed_as_its_chords_are_spelled(chart, fifths):
    """An A-flat minor chart's chords are all spelled in flats: G# minor's sharps contradicted every one."""
    assert _fifths(chart) == fifths


@pytest.mark.parametrize("chart, fifths", [
    (SO_WHAT, 0),  # was D minor's flat (F major, heard in Eb-7's flats)
    ("Dm7 | Dm7 | Dm7 | Dm7", 0),  # a D-7 vamp: D Dorian
    ("Dm7 | Dm7 | Ebm7 | Ebm7 | Dm7", 0),
    # real minor tunes stay minor: a minor sixth tonic, a V7 of the tonic, a minor sixth in the chords
    ("Cm6 | Dm7b5 G7 | Cm6 |", -3),
    ("Cm7 | F7 | Bbmaj7 | Ebmaj7 | Am7b5 | D7 | Gm6 | Gm6", -2),
    ("Cm7 | F7 | Bbmaj7 | Ebmaj7 | Am7b5 | D7 | Gm7 | Gm7", -2),
    ("Cm7 | Cm7 | Dm7b5 | G7b9 | Cm7", -3),
    ("Cm7 | Fm7 | Cm7", -3),
])
def test_a_modal_vamp_on_minor_sevenths_is_signed_as_its_parent_major(chart, fifths):
    assert _fifths(chart) == fifths


def test_so_what_with_its_melody_is_still_d_dorian():
    """Eb-7's B-flats, in the chords and in the melody over them, are Eb Dorian's, not D minor's sixth."""
    bars = SO_WHAT.split(" | ")
    notes = [Note(4 * i, 4, 70 if chord == "Ebm7" else 69) for i, chord in enumerate(bars)]
    assert _fifths(SO_WHAT, notes) == 0


@pytest.mark.parametrize("chart, fifths", [
    ("G7 | G7 | G7 | G7", 0),  # a G7 vamp is G Mixolydian: C's signature, not G major's sharp
    ("G7 | G9 | G13 | G7", 0),
    (F_BLUES, -1),  # a blues stays in the key of its I7
    ("G7 | G7 | G7 | G7 | G7 | G7 | C | C", 0),
])
def test_a_dominant_vamp_is_signed_in_its_parent_major_and_a_blues_in_its_i7(chart, fifths):
    assert _fifths(chart) == fifths


def test_all_the_things_you_are_up_a_minor_third_is_in_b_not_c_flat():
    """From A-flat up a minor third was C-flat major (Abm7 Dbm7 Gb7 Cbmaj7): seven flats, which no lead sheet
    uses."""
    moved = transpose_chart(ATTYA, 3)
    assert moved.startswith("G#m7 | C#m7 | F#7 | Bmaj7 | Emaj7 | A#7 | D#maj7 | D#maj7 | D#m7 |")
    assert moved.endswith("| Bmaj7 | Emaj7 | Em7 | D#m7 | Ddim7 | C#m7 | F#7 | Bmaj7 | Bmaj7")
    assert key_of(Piece(chords=parse_progression(moved))).sharps == 5


@pytest.mark.parametrize("chart, semitones, expected", [
    ("Amaj7 | Bm7 E7 | Amaj7", 9, "F#maj7 | G#m7 C#7 | F#maj7"),  # from sharps, F# (was Gb)
    ("Ebmaj7 | Fm7 Bb7 | Ebmaj7", 3, "Gbmaj7 | Abm7 Db7 | Gbmaj7"),  # from flats, Gb
    ("Cmaj7 | Dm7 G7", 1, "Dbmaj7 | Ebm7 Ab7"),  # Db, not C#'s seven sharps
])
def test_a_chart_moved_to_f_sharp_or_g_flat_keeps_the_side_its_key_leans_to(chart, semitones, expected):
    assert transpose_chart(chart, semitones) == expected


@pytest.mark.parametrize("chart, sharps", [
    ("D#7", -4), ("A#7", -3), ("A#m7", -4), ("Gbm7", 4), ("E#m7", -3), ("B#7", -1), ("Cb7", 4),
    ("Dbm7 | Gbm7 | Abm7 | Dbm7", 4), ("Gbm7 | Bm7 | Gbm7", 3),
])
def test_a_signature_never_has_more_than_seven_sharps_or_flats(chart, sharps):
    """A mode or minor key built on the typed root gave D# Mixolydian's eight sharps and Gb minor's nine flats
    (a regression hunt's finds): its twin is the key."""
    assert key_of(Piece(chords=parse_progression(chart))).sharps == sharps


@pytest.mark.parametrize("chart, semitones, expected", [
    ("F7 | Bb7 | F7 | C7", 1, "F#7 | B7 | F#7 | C#7"),
    ("C7 | F7 Gbdim7 | C7", 6, "F#7 | B7 Cdim7 | F#7"),
    ("Fmaj7 | Abmaj7/Bb | Bbm9 | Fmaj7", 1, "F#maj7 | Amaj7/B | Bm9 | F#maj7"),
    ("C6 A7 | Dm7 G7 | C7 | F7 F#o7", 6, "Gb6 Eb7 | Abm7 Db7 | Gb7 | Cb7 Co7"),  # F#'s would be B#o7, as Co7
    ("Cm7 | Fm7 | Abmaj7 | G7alt | Cm7", 3, "Ebm7 | Abm7 | Cbmaj7 | Bb7alt | Ebm7"),  # Eb minor, as charts are
    ("Am7 | Fmaj7 | G7 | Am7", 6, "Ebm7 | Cbmaj7 | Db7 | Ebm7"),
])
def test_a_move_into_f_sharp_or_g_flat_writes_its_roots_plainly(chart, semitones, expected):
    """From a key in flats into Gb, every B had become Cb (Gb7 Cb7 Db7, Amaj7/Cb, Cbm9); then the plainer
    F# took minor charts into D# minor and turned a round trip's F#o7 into Gbo7 (regression hunts' finds)."""
    assert transpose_chart(chart, semitones) == expected
    assert transpose_chart(expected, -semitones) == chart
