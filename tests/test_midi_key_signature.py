"""A MIDI export says the key its MusicXML lead sheet is written in: without a key signature, notation programs
opened an F blues, or a solo moved to Ab, in C."""

from __future__ import annotations

import io

import mido
import pytest
from conftest import ROOT

from engine.jazz.export import midi_bytes
from engine.jazz.key_signature import key_of
from engine.jazz.piece import ChordSymbol, Note, Piece
from engine.jazz.source import load_source
from engine.jazz.transpose import transpose_piece

BLUES = ROOT / "resources" / "jazz" / "etudes" / "etude_2_blues_in_f.abc"


def _keys(data: bytes) -> list[str]:
    return [m.key for track in mido.MidiFile(file=io.BytesIO(data)).tracks for m in track
            if m.type == "key_signature"]


def _piece(symbols: list[str]) -> Piece:
    from engine.jazz.progression import chord_pitches

    chords = [ChordSymbol(4.0 * i, 4.0, s, chord_pitches(s)[1], chord_pitches(s)[0]) for i, s in enumerate(symbols)]
    return Piece("Tune", [Note(0.0, 1.0, 65, 90)], chords, len(symbols))


def test_an_f_blues_exports_in_f_as_its_lead_sheet_is_written():
    piece = load_source(BLUES).to_piece()
    assert key_of(piece).sharps == -1
    assert _keys(midi_bytes(piece)) == ["F"]


@pytest.mark.parametrize(("symbols", "key"), [(["Cm7", "Fm7", "G7", "Cm7"], "Cm"),
                                              (["Abmaj7", "Db7", "Eb7", "Abmaj7"], "Ab")])
def test_minor_and_flat_keys_are_named_as_mido_writes_them(symbols, key):
    assert _keys(midi_bytes(_piece(symbols))) == [key]


def test_a_solo_moved_to_ab_says_ab():
    moved = transpose_piece(load_source(BLUES).to_piece(), 3)
    assert _keys(midi_bytes(moved)) == ["Ab"]


def test_a_piece_with_nothing_to_hear_has_no_key_signature():
    assert _keys(midi_bytes(Piece("Empty", [], [], 2))) == []
