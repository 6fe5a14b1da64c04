"""Chords read from MIDI named with the piece's spelling: Gb7 in a blues in Db, F#7 in E major.

The third rule spells a black-key root (Db7, C#m7) but ties on F#/G-flat under a major third or none: F#7 and
Gb7 both need one accidental for the third. A lead sheet in a flat key writes Gb7, and the piece tells which.
Chords no quality of Encore's fits (a power chord, a dyad) were named with music21's sharps: C#power/G#.
"""

from __future__ import annotations

import pytest

from engine.jazz.export import write_midi
from engine.jazz.grammar import midi_name
from engine.jazz.harmony_reduction import figure, leans_flat
from engine.jazz.piece import Note, Piece
from engine.jazz.progression import chord_pitches, parse_progression
from engine.jazz.source import load_source

BLUES_IN_DB = "Db7 | Gb7 | Db7 | Db7 | Gb7 | Gb7 | Db7 | Bb7 | Ebm7 | Ab7 | Db7 | Ab7"
DB_MAJOR = "Dbmaj7 | Ebm7 | Fm7 | Gbmaj7 | Ab7 | Dbmaj7"
EB_MINOR = "Ebm7 | Abm7 | Bb7 | Ebm7 | Gbmaj7 | Bb7"
E_MAJOR = "Emaj7 | C#m7 | F#7 | B7 | Emaj7"


def named(*pitches: int, flats: bool = False) -> str:
    return figure(tuple(midi_name(p) for p in pitches), flats)


def classes(symbol: str) -> set[int]:
    return {p % 12 for p in chord_pitches(symbol)[1]}


def read_back(changes: str, tmp_path) -> list[str]:
    """The chords of a solo over ``changes`` written as Encore exports MIDI and read back, each named in the
    piece's spelling, as the reader names a piece's chords (leans_flat over all of them, then figure)."""
    chords = parse_progression(changes)
    notes = [Note(bar * 4 + beat, 1, 72 + beat) for bar in range(len(chords)) for beat in (1, 2)]
    path = tmp_path / "context.mid"
    write_midi(Piece("Context", notes, chords, len(chords)), path)
    read = load_source(path).chords
    flats = leans_flat([c.names for c in read])
    return [figure(c.names, flats) for c in read]


def in_turn(changes: str) -> list[str]:
    """The changes as they read back: a chord repeated in the next bar is one chord."""
    chords = changes.split(" | ")
    return [c for i, c in enumerate(chords) if i == 0 or c != chords[i - 1]]


def test_a_chord_on_g_flat_is_gb_where_the_piece_leans_to_flats_and_f_sharp_elsewhere():
    gb7, over_bb, gbmaj7, power = (54, 58, 61, 64), (46, 54, 61, 64), (54, 58, 61, 65), (54, 61)
    assert [named(*c, flats=True) for c in (gb7, over_bb, gbmaj7, power)] == ["Gb7", "Gb7/Bb", "Gbmaj7", "Gbpower"]
    assert [named(*c) for c in (gb7, over_bb, gbmaj7, power)] == ["F#7", "F#7/A#", "F#maj7", "F#power"]
    assert classes("Gb7/Bb") == classes("F#7/A#")


@pytest.mark.parametrize(("midi", "name"), [
    ((54, 57, 61, 64), "F#m7"),  # Gbm7's B double flat: no tie
    ((54, 57, 60, 64), "F#m7b5"),
    ((54, 57, 60, 63), "F#o7"),
    ((49, 52, 56, 59), "C#m7"),  # the rule, not the piece, spells the other black keys
    ((56, 59, 63), "G#m"),
    ((49, 53, 56, 59), "Db7"),
    ((51, 55, 58), "Eb"),
])
def test_the_piece_leaves_roots_the_third_rule_decides_as_they_were(midi, name):
    assert named(*midi, flats=True) == named(*midi) == name


@pytest.mark.parametrize("changes", [BLUES_IN_DB, DB_MAJOR, EB_MINOR])
def test_a_flat_key_piece_read_from_midi_writes_gb_as_its_lead_sheet_does(changes, tmp_path):
    back = read_back(changes, tmp_path)
    assert [classes(s) for s in back] == [classes(s) for s in in_turn(changes)]
    assert any(s.startswith("Gb") for s in back) and not any(s.startswith("F#") for s in back), back


def test_a_sharp_key_piece_read_from_midi_keeps_f_sharp(tmp_path):
    assert read_back(E_MAJOR, tmp_path) == in_turn(E_MAJOR)


def spelled(changes: str) -> list[tuple[str, ...]]:
    return [chord_pitches(symbol)[0] for symbol in changes.split(" | ")]


def test_a_piece_leans_to_flats_in_a_flat_key_and_not_in_a_sharp_key_or_in_none():
    assert all(leans_flat(spelled(changes)) for changes in (BLUES_IN_DB, DB_MAJOR, EB_MINOR))
    assert leans_flat(spelled("Bbmaj7 | Gm7 | Cm7 | F7 | Bbmaj7 | Gb7 | F7 | Bbmaj7"))  # its bVI7
    assert not leans_flat(spelled(E_MAJOR))
    assert not leans_flat(spelled("Bmaj7 | G#m7 | C#m7 | F#7 | Bmaj7"))
    assert not leans_flat(spelled("Dmaj7 | Bm7 | Em7 | A7 | F#7 | Bm7"))
    every_root = " | ".join(root + quality for root in ("C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb",
                                                         "B") for quality in ("7", "m7", "maj7"))
    assert not leans_flat(spelled(every_root))  # in no key (music21 hears B minor): F#7 as charts keep it
    assert not leans_flat([])


@pytest.mark.parametrize(("midi", "name"), [
    ((49, 56), "Dbpower"),  # music21: C#power
    ((56, 61), "Dbpower/Ab"),  # C#power/G#
    ((46, 56), "Ab/Bb"),  # G#/Bb
    ((51, 58), "Ebpower"),  # D#power
])
def test_power_chords_and_dyads_take_the_charts_spelling_of_a_black_root(midi, name):
    assert named(*midi) == name
    assert {m % 12 for m in midi} <= classes(name)  # the chart reader voices it (a dyad as its triad)


def test_a_power_chord_on_g_flat_follows_the_piece():
    assert named(54, 61, flats=True) == "Gbpower"
    assert named(61, 66, flats=True) == "Gbpower/Db"
    assert named(61, 66) == "F#power/C#"
    assert named(49, 52, flats=True) == "C#m"  # its E plain: the rule keeps the sharp


def test_the_reader_names_a_flat_key_pieces_chords_in_flats(tmp_path):
    """As a user opens the file: the piece's chord symbols (source.chord_symbols), not figure's by hand."""
    chords = parse_progression(BLUES_IN_DB)
    notes = [Note(bar * 4 + beat, 1, 72 + beat) for bar in range(len(chords)) for beat in (1, 2)]
    path = tmp_path / "blues.mid"
    write_midi(Piece("Blues in Db", notes, chords, len(chords)), path)
    assert [c.symbol for c in load_source(path).to_piece().chords] == in_turn(BLUES_IN_DB)
