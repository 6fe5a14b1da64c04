"""Encore's own MIDI files keep their chord symbols: markers in the conductor track, tagged as Encore's.

Read back, the chords were guessed from the comping's notes: N.C. bars came back as the chord before (and a solo
on them had the band play through the breaks), Gb7 came back F#7, D-7 Dm7, Cdim7 Co7. Other programs' markers name sections
('A' reads as a chord), so only a tagged file's are chords.
"""

from __future__ import annotations

import io

import mido
import pytest

from engine.jazz.export import TICKS, midi_bytes, midi_file, write_midi
from engine.jazz.piece import Note, Piece
from engine.jazz.progression import parse_progression
from engine.jazz.reading import CHORD_MARKS
from engine.jazz.source import load_source

GB7 = (54, 58, 61, 64)  # the comping's notes: read from them, F#7
B7 = (59, 63, 66, 69)
BAR_1 = ((0, 4, GB7),)  # Gb7, then a silent bar: as Encore comps Gb7 | N.C.


def solo(chart: str, beats: int = 4) -> Piece:
    """A line of quarter notes through every bar of a typed chart."""
    chords = parse_progression(chart)
    bars = round(max(c.end for c in chords) / beats)
    notes = [Note(bar * beats + beat, 1, 72 + beat) for bar in range(bars) for beat in range(beats)]
    return Piece("Breaks", notes, chords, bars, beats_per_bar=beats)


def read_back(piece: Piece, tmp_path, **choices) -> Piece:
    path = tmp_path / "solo.mid"
    write_midi(piece, path)
    return load_source(path, **choices).to_piece()


def chords_of(piece: Piece) -> list[tuple[float, float, str, tuple[int, ...]]]:
    return [(c.start, c.duration, c.symbol, c.pitches) for c in piece.chords]


@pytest.mark.parametrize("chart", ["C7 | N.C. | F7 | N.C.", "3/4 C7 | N.C. | F7 G7 | N.C."])
def test_no_chord_bars_read_back_from_encores_midi_and_the_band_rests_in_them(tmp_path, chart):
    beats = 3 if chart.startswith("3/4") else 4
    written = solo(chart, beats)
    back = read_back(written, tmp_path)
    assert chords_of(back) == chords_of(written)
    assert [c.names for c in back.chords] == [c.names for c in written.chords]  # N.C.: the chord before's
    comping = next(t for t in midi_file(back).tracks if t.name == "Comping")
    ticks, now = [], 0
    for message in comping:
        now += message.time
        if message.type == "note_on":
            ticks.append(now)
    assert ticks and not [t for t in ticks if (t // (beats * TICKS)) % 2]  # nothing in bars 2 and 4


@pytest.mark.parametrize("symbol", ["Gb7", "D-7", "Ebmi7", "CΔ7", "Bø", "F7(b9)", "Cdim7", "Abm7/Gb"])
def test_chord_symbols_read_back_from_encores_midi_as_written_and_voiced_as_typed(tmp_path, symbol):
    written = solo(f"{symbol} | Cmaj7 {symbol}")
    assert chords_of(read_back(written, tmp_path)) == chords_of(written)


def test_markers_move_with_the_bars_read(tmp_path):
    """--bars: the piece read starts at bar 1, its first chord the one sounding there (N.C. too)."""
    back = read_back(solo("C7 | Gb7 | N.C. | F7 | Bb7"), tmp_path, bars="2-4")
    assert [(c.start, c.symbol) for c in back.chords] == [(0, "Gb7"), (4, "N.C."), (8, "F7")]


def band(path, marks=(), tagged=False, pickup=False, comping=((0, 4, GB7), (4, 4, GB7))):
    """A file as another program writes it: a melody, comping (start and length in beats, pitches: by default
    Gb7 in two bars, read from its notes as F#7), and markers in the conductor track; ``pickup``: a one-beat
    1/4 bar before the 4/4 ones, as notation programs export."""
    song = mido.MidiFile(ticks_per_beat=TICKS)
    conductor = [mido.MetaMessage("time_signature", numerator=1 if pickup else 4, denominator=4, time=0)]
    conductor += [mido.MetaMessage("text", text=CHORD_MARKS, time=0)] if tagged else []
    now = 0
    for at, text in marks:
        conductor.append(mido.MetaMessage("marker", text=text, time=at * TICKS - now))
        now = at * TICKS
        if pickup and at == 0:  # the 4/4 bars open after the pickup
            conductor.append(mido.MetaMessage("time_signature", numerator=4, denominator=4, time=TICKS))
            now = TICKS
    song.tracks.append(mido.MidiTrack(conductor))
    lead = mido.MidiTrack([mido.MetaMessage("track_name", name="Lead", time=0)])
    piano = mido.MidiTrack([mido.MetaMessage("track_name", name="Piano", time=0)])
    for beat in range(9 if pickup else 8):
        lead += [mido.Message("note_on", note=72 + beat % 4, velocity=90, time=0),
                 mido.Message("note_off", note=72 + beat % 4, time=TICKS)]
    now = 0
    for start, length, pitches in comping:
        piano += [mido.Message("note_on", channel=1, note=p, velocity=64, time=start * TICKS - now if i == 0 else 0)
                  for i, p in enumerate(pitches)]
        piano += [mido.Message("note_off", channel=1, note=p, time=length * TICKS if i == 0 else 0)
                  for i, p in enumerate(pitches)]
        now = (start + length) * TICKS
    song.tracks += [lead, piano]
    song.save(str(path))
    return path


def symbols(path, **choices) -> list[str]:
    return [c.symbol for c in load_source(path, **choices).to_piece().chords]


def test_only_markers_encore_tagged_as_chord_symbols_are_read_as_chords(tmp_path):
    """'A' and 'Verse' name sections: the chords come from the notes as ever. Tagged, markers are the chords."""
    plain = symbols(band(tmp_path / "plain.mid"))
    assert plain == ["F#7"]
    assert symbols(band(tmp_path / "sections.mid", [(0, "A"), (4, "Verse")])) == plain
    assert symbols(band(tmp_path / "encore.mid", [(0, "Gb7"), (4, "N.C.")], tagged=True, comping=BAR_1)) == [
        "Gb7", "N.C."]


def test_a_tagged_file_with_a_marker_encore_cannot_read_takes_its_chords_from_its_notes(tmp_path):
    """A hand-edited marker ('Zz9') must not stop the file opening: the whole file is read from its notes."""
    kept = band(tmp_path / "kept.mid", [(0, "Gb7"), (4, "B7")], tagged=True, comping=((0, 4, GB7), (4, 4, B7)))
    assert symbols(kept) == ["Gb7", "B7"]
    for garbage in ("Zz9", "", "Verse"):
        assert symbols(band(tmp_path / "edited.mid", [(0, "Gb7"), (4, garbage)], tagged=True)) == ["F#7"]


def test_chosen_chord_parts_and_the_course_preset_read_the_notes_not_the_markers(tmp_path):
    path = band(tmp_path / "encore.mid", [(0, "Gb7"), (4, "N.C.")], tagged=True, comping=BAR_1)
    assert symbols(path) == ["Gb7", "N.C."]
    assert symbols(path, chord_parts=[1]) == ["F#7"]
    assert "N.C." not in [c.symbol for c in load_source(path, preset="course").to_piece().chords]


def test_markers_move_with_a_pickup(tmp_path):
    """A one-beat pickup is read as the end of bar 0: its chord and the next bar's move with the notes."""
    marks = [(0, "Gb7"), (1, "B7"), (5, "N.C.")]
    source = load_source(band(tmp_path / "pickup.mid", marks, tagged=True, pickup=True,
                              comping=((0, 1, GB7), (1, 4, B7))))
    assert source.pickup == 1
    assert [(c.offset, c.figure) for c in source.chords] == [(3, "Gb7"), (4, "B7"), (8, "N.C.")]
    assert [n.offset for n in source.line[:2]] == [3, 4]


def test_a_solo_keeps_the_same_bytes_and_a_chordless_one_has_no_tag():
    piece = solo("Gb7 | N.C. | C13")
    assert midi_bytes(piece) == midi_bytes(piece.copy())
    song = mido.MidiFile(file=io.BytesIO(midi_bytes(piece)))
    assert [m.text for m in song.tracks[0] if m.type == "marker"] == ["Gb7", "N.C.", "C13"]
    bare = mido.MidiFile(file=io.BytesIO(midi_bytes(Piece("No chords", piece.notes, [], piece.bars))))
    assert not [m for m in bare.tracks[0] if m.type in ("marker", "text")]


def test_a_melody_read_back_over_flat_chords_is_judged_by_their_notes_as_midi_spells_them(tmp_path):
    """The melody's notes come back spelled as MIDI spells them (F#): over Gb7 spelled G-flat, its chord tones
    were tokens of scale notes. The piece keeps the chart's spelling, an N.C. bar the chord before's."""
    written = solo("Gb7 | Db7 | Abm7 | N.C.")
    written.notes = [Note(bar * 4 + i, 1, p) for bar, tones in enumerate([(66, 70, 73, 76), (61, 65, 68, 71),
                                                                         (68, 71, 75, 78), (68, 71, 75, 78)])
                     for i, p in enumerate(tones)]
    write_midi(written, tmp_path / "flats.mid")
    source = load_source(tmp_path / "flats.mid")
    assert {t.split(",")[0] for t in source.tokens} == {"C"}
    back = source.to_piece()
    assert chords_of(back) == chords_of(written)
    assert [c.names for c in back.chords] == [c.names for c in written.chords]


def _shifted(path, semitones: int) -> None:
    """The notes of every track moved, the conductor's markers left: an edit in another program."""
    song = mido.MidiFile(path)
    for track in song.tracks:
        for message in track:
            if message.type in ("note_on", "note_off"):
                message.note += semitones
    song.save(path)


def test_markers_the_notes_no_longer_play_give_way_to_the_notes(tmp_path):
    """Transposed in another program, or a rehearsal mark 'B' added, the markers named chords the file does not
    play (C7 read under D7's notes; F7's bar read as a B major chord): the notes are read then, as before."""
    path = tmp_path / "solo.mid"
    write_midi(solo("C7 | N.C. | F7 | N.C. | Bb7"), path)
    _shifted(path, 2)
    assert [c.symbol for c in load_source(path).to_piece().chords][:1] == ["D7"]
    write_midi(solo("C7 | C7 | F7 | F7"), path)
    song = mido.MidiFile(path)
    song.tracks[0].insert(-1, mido.MetaMessage("marker", text="B", time=0))  # at the end of bar 4's chord
    song.save(path)
    assert "B" not in [c.symbol for c in load_source(path).to_piece().chords]


def test_a_chord_worked_out_from_notes_keeps_its_notes_through_a_round_trip(tmp_path):
    """A D-C dyad from another file's comping is named D, which voices as a triad: written with that marker and
    read back, the band played D F# A where the file has D and C. The notes are read, and stay the dyad."""
    piece = solo("C7 | F7")
    dyad = piece.chords[0].__class__(0, 4, "D", (50, 60), ("D3", "C4"))
    piece = Piece("Dyad", piece.notes, [dyad, *piece.chords[1:]], 2)
    back = read_back(piece, tmp_path)
    assert {p % 12 for p in back.chords[0].pitches} == {2, 0}


def test_an_opening_no_chord_survives_the_round_trip(tmp_path):
    """'N.C. | C7 | F7 | C7' came back without its first bar's N.C. (no chord at all there), and a reworked solo
    lost it for good."""
    written = solo("N.C. | C7 | F7 | C7")
    back = read_back(written, tmp_path)
    assert [(c.start, c.symbol) for c in back.chords] == [(0, "N.C."), (4, "C7"), (8, "F7"), (12, "C7")]


@pytest.mark.parametrize("line", ["^c d e f ^f g a b", "_d e f _g g _a _b c"])
def test_a_melody_under_an_opening_no_chord_is_outside_any_harmony_whichever_its_spelling(tmp_path, line):
    """Kept as a chord of no notes, the opening N.C. gave music21 a C# Dorian scale to judge the melody by: the
    same sounds spelled with sharps and with flats came out S S S X S X S S and X S X X X X X X."""
    path = tmp_path / "nc.abc"
    path.write_text(f'X:1\nT:NC\nM:4/4\nL:1/8\nK:C\n"N.C." {line} |"C7" c2 e2 g2 _b2 |"F7" f8 |]\n')
    assert [t.split(",")[0] for t in load_source(path).tokens[:8]] == ["X"] * 8
