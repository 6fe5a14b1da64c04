"""A solo over a file's own chords keeps that file's key signatures and tempo.

A lead sheet in C, then Eb from bar 5, at 176 bpm: a solo over its chords was signed in C throughout (every Eb
bar written with accidentals) at 130 bpm, though exporting the file, or reworking bars of it, kept both.
Typed chords still have their key heard in them, at 130 bpm unless a tempo is given.
"""

from __future__ import annotations

import copy
import re

import pytest
from conftest import run_encore
from test_source_key_changes import _key_change_score

from engine.jazz.improvise import improvise
from engine.jazz.key_signature import form_keys, looped_keys
from engine.jazz.model import TrainSettings, train
from engine.jazz.musicxml import musicxml_bytes
from engine.jazz.piece import ChordSymbol, Piece
from engine.jazz.progression import chord_pitches
from engine.jazz.source import load_source

KEYS = [[0.0, 0, None], [16.0, -3, None]]  # C, then three flats at bar 5


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    """Four bars of C major, then four in three flats, at 176 bpm, as a notation program writes them."""
    path = tmp_path_factory.mktemp("sheet") / "keys.musicxml"
    _key_change_score(path, bpm=176)
    return path


@pytest.fixture(scope="module")
def model(sheet):
    """Trained on the sheet: it keeps the sheet's keys and tempo with its chords."""
    return train([load_source(sheet)], TrainSettings(preset="full", epochs=1, hidden=8, seed=1))


def test_training_keeps_the_first_files_keys_and_tempo_with_its_chords(model, sheet):
    """Only its chords were kept: `jazz generate --model` had no keys or tempo to give the solo."""
    piece = load_source(sheet).to_piece()
    assert model.extra["progression"]["keys"] == form_keys(piece) == KEYS
    assert model.extra["progression"]["tempo"] == 176


def _fifths(data: bytes) -> dict[int, int]:
    """{bar number: fifths} of each bar that writes a key signature."""
    bars = re.findall(r'<measure[^>]*number="(\d+)"(.*?)</measure>', data.decode(), re.S)
    return {int(n): int(re.search(r"<fifths>(-?\d+)</fifths>", body)[1]) for n, body in bars if "<fifths>" in body}


def test_a_solo_over_the_sources_chords_keeps_its_keys_and_tempo(model, sheet):
    solo = improvise(model, source=load_source(sheet), seed=1)
    assert solo.meta["keys"] == KEYS and solo.tempo == 176
    assert _fifths(musicxml_bytes(solo)) == {1: 0, 5: -3}


def test_a_solo_over_the_models_own_chords_keeps_the_training_files_keys_and_tempo(model):
    solo = improvise(model, seed=1)
    assert solo.meta["keys"] == KEYS and solo.tempo == 176


def test_a_longer_solo_repeats_the_keys_with_the_chords(model, sheet):
    again = [[32.0, 0, None], [48.0, -3, None]]  # bar 9 back in C, bar 13 in Eb again
    for solo in (improvise(model, bars=14, seed=2), improvise(model, source=load_source(sheet), choruses=2, seed=2)):
        assert solo.meta["keys"] == KEYS + again
    assert improvise(model, bars=10, seed=2).meta["keys"] == KEYS + again[:1]


def test_a_tempo_given_holds_over_the_files(model, sheet):
    assert improvise(model, source=load_source(sheet), tempo=100, seed=1).tempo == 100


def test_typed_chords_keep_their_heard_key_and_130_bpm(model, sheet):
    typed = [ChordSymbol(4.0 * i, 4.0, s, chord_pitches(s)[1], chord_pitches(s)[0]) for i, s in enumerate(["F7"] * 4)]
    for solo in (improvise(model, chords="Dm7 G7 | Cmaj7", source=load_source(sheet), seed=1),
                 improvise(model, chords=typed, seed=1)):
        assert "keys" not in solo.meta and solo.tempo == 130


def test_a_model_from_before_or_with_damaged_keys_hears_its_key(model):
    for kept in ({}, {"keys": [[0, 99, "major"]], "tempo": 9999}):
        old = copy.copy(model)
        progression = {k: v for k, v in model.extra["progression"].items() if k not in ("keys", "tempo")}
        old.extra = {**model.extra, "progression": {**progression, **kept}}
        solo = improvise(old, seed=1)
        assert "keys" not in solo.meta and solo.tempo == 130


def test_a_pickups_bar_is_left_out_of_the_forms_keys():
    """The form a solo goes round starts after a pickup's bar 0: a change at bar 2 is one bar in."""
    piece = Piece(bars=3, chords=[ChordSymbol(3.0, 9.0, "C")], meta={"bars": [0, 2], "keys": [[0.0, 2, None],
                                                                                        [8.0, -1, None]]})
    assert form_keys(piece) == [[0.0, 2, None], [4.0, -1, None]]


def test_keys_repeat_only_where_they_change():
    assert looped_keys([[0.0, 0, None], [4.0, 0, None]], 8.0, 20.0) == [[0.0, 0, None]]
    assert looped_keys([[0.0, 0, None], [4.0, 2, None]], 8.0, 10.0) == [[0.0, 0, None], [4.0, 2, None],
                                                                         [8.0, 0, None]]


def test_jazz_generate_writes_the_training_files_keys_and_tempo(model, tmp_path):
    model.save(tmp_path / "m")
    out = tmp_path / "solo.musicxml"
    done = run_encore("jazz", "generate", "--model", str(tmp_path / "m"), "--out", str(out), "--json")
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    assert _fifths(data) == {1: 0, 5: -3} and b"<per-minute>176</per-minute>" in data
    run_encore("jazz", "generate", "--model", str(tmp_path / "m"), "--out", str(out), "--tempo", "90")
    assert b"<per-minute>90</per-minute>" in out.read_bytes()
