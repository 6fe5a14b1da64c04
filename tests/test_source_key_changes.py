"""A source's own key signatures sign its lead sheet: a tune that changes key from C to Eb at bar 5 was exported
in Eb (as 'C minor') from bar 1, every E and B of its C-major bars with a natural."""

from __future__ import annotations

import io
import json
import re

import mido
from conftest import ROOT

from engine.jazz.export import midi_bytes
from engine.jazz.key_signature import key_of
from engine.jazz.musicxml import musicxml_bytes
from engine.jazz.piece import ChordSymbol, Note, Piece
from engine.jazz.progression import chord_pitches
from engine.jazz.source import load_source
from engine.jazz.transpose import transpose_piece

C_THEN_E_FLAT = ["Cmaj7", "Am7", "Dm7", "G7", "Ebmaj7", "Cm7", "Fm7", "Bb7"]
ETUDE_3 = ROOT / "resources" / "jazz" / "etudes" / "etude_3_minor_two_five.abc"  # K:C, heard in F


def _signed(data: bytes) -> dict[int, tuple[int, int]]:
    """{bar number: (fifths written there or None, accidentals written in it)} of each bar with either."""
    out = {}
    for number, body in re.findall(r'<measure[^>]*number="(\d+)"(.*?)</measure>', data.decode(), re.S):
        fifths = re.findall(r"<fifths>(-?\d+)</fifths>", body)
        if fifths or "<accidental>" in body:
            out[int(number)] = (int(fifths[0]) if fifths else None, body.count("<accidental>"))
    return out


def _key_change_score(path, bpm: int | None = None) -> None:
    """Four bars of C major, then four in three flats, as a notation program writes them (at ``bpm``)."""
    from music21 import harmony, key, meter, note, stream, tempo

    part = stream.Part([meter.TimeSignature("4/4"), key.KeySignature(0)])
    if bpm:
        part.append(tempo.MetronomeMark(number=bpm))
    for i, symbol in enumerate(C_THEN_E_FLAT):
        if i == 4:
            part.append(key.KeySignature(-3))
        part.append(harmony.ChordSymbol(symbol.replace("b", "-")))
        for pitch in ("E4", "G4", "B4", "C5") if i < 4 else ("E-4", "G4", "B-4", "C5"):
            part.append(note.Note(pitch, quarterLength=1))
    stream.Score([part]).write("musicxml", fp=str(path))


def _chords(symbols: list[str]) -> list[ChordSymbol]:
    return [ChordSymbol(4.0 * i, 4.0, s, chord_pitches(s)[1], chord_pitches(s)[0]) for i, s in enumerate(symbols)]


def _midi_file(path, keys: list[tuple[int, str]]) -> None:
    """A melody of C-major and then E-flat-major arpeggios, with these (tick, key) signatures."""
    song = mido.MidiFile(ticks_per_beat=480)
    song.tracks.append(mido.MidiTrack([mido.MetaMessage("key_signature", key=k, time=0) for _, k in keys[:1]]))
    now = 0
    for tick, k in keys[1:]:
        song.tracks[0].append(mido.MetaMessage("key_signature", key=k, time=tick - now))
        now = tick
    melody = mido.MidiTrack()
    for bar in range(8):
        for pitch in (64, 67, 71, 72) if bar < 4 else (63, 67, 70, 72):
            melody += [mido.Message("note_on", note=pitch, velocity=90, time=0),
                       mido.Message("note_off", note=pitch, velocity=0, time=480)]
    song.tracks.append(melody)
    song.save(str(path))


def test_a_musicxml_key_change_is_signed_where_the_source_changes_key(tmp_path):
    _key_change_score(tmp_path / "keychange.musicxml")
    piece = load_source(tmp_path / "keychange.musicxml").to_piece()
    assert piece.meta["keys"] == [[0.0, 0, None], [16.0, -3, None]]
    assert key_of(piece).sharps == 0  # the key it opens in: the MIDI export's first signature
    assert _signed(musicxml_bytes(piece)) == {1: (0, 0), 5: (-3, 0)}  # no naturals in C, no flats in Eb


def test_a_key_change_on_the_first_bar_of_a_written_section_needs_no_accidentals():
    """The writer works 16 bars at a time: a change on bar 17 opens the second section."""
    symbols = ["Cmaj7", "Am7", "Dm7", "G7"] * 4 + ["Ebmaj7", "Cm7", "Fm7", "Bb7"]
    notes = [Note(4.0 * bar + beat, 1.0, pitch - (bar >= 16), 90)
             for bar in range(20) for beat, pitch in enumerate((64, 71, 76, 83))]
    piece = Piece("Tune", notes, _chords(symbols), 20, meta={"keys": [[0.0, 0, None], [64.0, -3, None]]})
    assert _signed(musicxml_bytes(piece)) == {1: (0, 0), 17: (-3, 0)}
    damaged = Piece("Tune", notes, _chords(symbols), 20, meta={"keys": [[0.0, "C", None]]})  # hand-edited
    assert musicxml_bytes(damaged) == musicxml_bytes(Piece("Tune", notes, _chords(symbols), 20))  # as heard


def test_a_lone_c_is_no_key_chosen_and_the_key_heard_signs_the_sheet():
    """Etude 3 is typed K:C, its flats written out, though it is in F: C is what a file says when nobody chose
    a key, so it is signed in the F its chords are heard in, as before."""
    piece = load_source(ETUDE_3).to_piece()
    assert "keys" not in piece.meta
    assert key_of(piece).sharps == -1
    assert _signed(musicxml_bytes(piece))[1][0] == -1


def test_a_midi_file_keeps_its_key_changes_and_a_chosen_key_but_not_a_lone_default_c(tmp_path):
    _midi_file(tmp_path / "change.mid", [(0, "C"), (16 * 480, "Eb")])
    _midi_file(tmp_path / "default.mid", [(0, "C")])  # a sequencer's C, whatever the tune
    _midi_file(tmp_path / "f.mid", [(0, "F")])
    assert load_source(tmp_path / "change.mid").to_piece().meta["keys"] == [[0.0, 0, "major"], [16.0, -3, "major"]]
    assert "keys" not in load_source(tmp_path / "default.mid").to_piece().meta
    assert load_source(tmp_path / "f.mid").to_piece().meta["keys"] == [[0.0, -1, "major"]]


def test_the_keys_survive_a_project_a_midi_export_and_a_transposition(tmp_path):
    piece = Piece("Tune", [Note(4.0 * bar, 4.0, 67, 90) for bar in range(8)], _chords(C_THEN_E_FLAT), 8,
                  meta={"keys": [[0.0, 0, None], [16.0, -3, None]]})
    saved = Piece.from_json(json.loads(json.dumps(piece.to_json())))
    assert saved.meta["keys"] == piece.meta["keys"]
    data = midi_bytes(saved)
    signatures = [(m.time, m.key) for t in mido.MidiFile(file=io.BytesIO(data)).tracks for m in t
                  if m.type == "key_signature"]
    assert [k for _, k in signatures] == ["C", "Eb"]
    (tmp_path / "export.mid").write_bytes(data)
    assert load_source(tmp_path / "export.mid").to_piece().meta["keys"] == [[0.0, 0, "major"], [16.0, -3, "major"]]
    up = transpose_piece(piece, 2)
    assert up.meta["keys"] == [[0.0, 2, None], [16.0, -1, None]]  # D, then F: as its chords, Emaj7 ... Fmaj7
    assert _signed(musicxml_bytes(up)) == {1: (2, 0), 5: (-1, 0)}
    for semitones in range(-12, 13):
        assert all(abs(sharps) <= 7 for _, sharps, _ in transpose_piece(piece, semitones).meta["keys"])


def test_a_key_stated_just_after_the_opening_bar_line_is_the_opening_key(tmp_path):
    """Regression hunt: a melody track's D a tick after the tempo track's C (or a pickup's key a beat in) was
    a change rounded onto bar line 0 and dropped, and the whole sheet was signed in C."""
    symbols = ["Dmaj7", "Em7", "A7", "Dmaj7"]
    notes = [Note(4.0 * bar + beat, 1.0, pitch, 90) for bar in range(4) for beat, pitch in enumerate((62, 66, 69, 73))]
    piece = Piece("Tune", notes, _chords(symbols), 4, meta={"keys": [[0.0, 0, None], [1 / 480, 2, None]]})
    assert key_of(piece).sharps == 2
    assert _signed(musicxml_bytes(piece)) == {1: (2, 0)}
    signatures = [m.key for t in mido.MidiFile(file=io.BytesIO(midi_bytes(piece))).tracks for m in t
                  if m.type == "key_signature"]
    assert signatures == ["D"]


def test_a_lone_stated_key_the_music_does_not_keep_gives_way_to_the_key_heard():
    """Regression hunt: the Metheny file states G, yet plays F natural 112 times to F sharp's 12: its sheet
    was signed in G, with 299 accidentals where F's has 231."""
    symbols = ["Fmaj7", "Gm7", "C7", "Fmaj7"]
    notes = [Note(4.0 * bar + beat, 1.0, pitch, 90) for bar in range(4) for beat, pitch in enumerate((65, 69, 70, 72))]
    piece = Piece("Tune", notes, _chords(symbols), 4, meta={"keys": [[0.0, 1, "major"]]})
    assert key_of(piece).sharps == -1
    fitting = Piece("Tune", notes, _chords(symbols), 4, meta={"keys": [[0.0, -1, "major"]]})
    assert key_of(fitting).sharps == -1


def test_transposing_a_piece_in_the_window_moves_its_stated_keys(app):
    """Regression hunt: the roll's Transpose piece moved notes and chords but left the file's keys, so the
    exports were signed in the key before."""
    from gui.jazz.note_commands import TransposePiece

    piece = Piece("Tune", [Note(4.0 * bar, 4.0, 67, 90) for bar in range(8)], _chords(C_THEN_E_FLAT), 8,
                  meta={"keys": [[0.0, 0, None], [16.0, -3, None]]})
    command = TransposePiece(piece, transpose_piece(piece, 2), lambda _: None, 2)
    command.redo()
    assert piece.meta["keys"] == [[0.0, 2, None], [16.0, -1, None]]
    command.undo()
    assert piece.meta["keys"] == [[0.0, 0, None], [16.0, -3, None]]
