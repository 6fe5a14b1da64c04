"""One note off the grid in a MIDI file Encore wrote: the rest of the solo keeps its times.

A solo mixing 16ths and triplets is read from MIDI where its notes are; a note placed with Snap Off made the
reader quantize the whole file to 16ths or triplets, moving notes in other bars. Played MIDI, off the grid
nearly everywhere, is still quantized whole."""

from __future__ import annotations

import mido

from engine.jazz.export import write_midi
from engine.jazz.piece import Note, Piece
from engine.jazz.progression import parse_progression
from engine.jazz.source import load_source

# a 16th-triplet run and a 16th then triplet eighths: on twelfths of a beat, not on 16ths or eighth triplets
RUN = [Note(0, 0.25, 60), Note(0.25, 1 / 3, 62), Note(7 / 12, 1 / 3, 64), Note(11 / 12, 1 / 3, 65),
       Note(2, 1 / 6, 67), Note(2 + 1 / 6, 1 / 6, 69), Note(2 + 1 / 3, 1 / 6, 71), Note(2.5, 1, 72)]
STRAY = Note(5.09375, 0.25, 74)  # double-clicked into bar 2 with Snap Off


def twelfths(notes) -> list[tuple[float, float, int]]:
    return [(round(n.start * 12, 6), round(n.duration * 12, 6), n.pitch) for n in notes]


def read_back(piece: Piece, tmp_path, **choices) -> Piece:
    write_midi(piece, tmp_path / "solo.mid")
    return load_source(tmp_path / "solo.mid", **choices).to_piece()


def test_a_note_placed_off_the_grid_leaves_the_other_bars_where_they_were(tmp_path):
    piece = Piece("Triplets", [*RUN, STRAY], parse_progression("C7 | F7"), bars=2, tempo=120)
    again = read_back(piece, tmp_path)
    assert twelfths(n for n in again.notes if n.pitch != 74) == twelfths(RUN)
    stray = next(n for n in again.notes if n.pitch == 74)
    assert (stray.start, stray.duration) == (5, 0.25)  # the nearest 16th or triplet, as played MIDI is quantized


def test_the_course_preset_still_quantizes_to_16ths_and_triplets(tmp_path):
    piece = Piece("Triplets", [*RUN, STRAY], parse_progression("C7 | F7"), bars=2, tempo=120)
    again = read_back(piece, tmp_path, preset="course")
    assert all(_on_16ths_or_triplets(n.start) for n in again.notes)
    assert twelfths(n for n in again.notes if n.pitch != 74) != twelfths(RUN)


def _on_16ths_or_triplets(x: float) -> bool:
    return abs(x * 4 - round(x * 4)) < 1e-6 or abs(x * 3 - round(x * 3)) < 1e-6


def test_played_midi_is_quantized_whole_even_where_a_note_lands_on_the_grid(tmp_path):
    """A played line: eighths a few ticks late or early, and one note that happens to start at 7/12 of a beat
    and last a triplet eighth. It is quantized with the rest, not kept between the grids."""
    ticks = 480
    played = [(beat * ticks // 2 + (7 if beat % 2 else -5), 230, 60 + beat) for beat in range(1, 16)]
    played.append((8 * ticks + 7 * ticks // 12, ticks // 3, 80))  # bar 3, 7/12 of a beat in: on the grid
    track = mido.MidiTrack()
    now = 0
    for tick, kind, pitch in sorted([(t, 1, p) for t, _, p in played] + [(t + d, 0, p) for t, d, p in played]):
        track.append(mido.Message("note_on" if kind else "note_off", note=pitch, velocity=80 if kind else 0,
                                  time=tick - now))
        now = tick
    song = mido.MidiFile(ticks_per_beat=ticks)
    song.tracks.append(track)
    song.save(tmp_path / "played.mid")
    notes = load_source(tmp_path / "played.mid").to_piece().notes
    assert all(_on_16ths_or_triplets(n.start) for n in notes)
    assert [n.start for n in notes if n.pitch != 80] == [beat / 2 for beat in range(1, 16)]


def test_a_sequencers_swung_eighths_read_as_triplets(tmp_path):
    """A written part's swung pair (0.6 and 0.4 of a beat, a sequencer's 60 % swing) was snapped to the 48th
    grid, 0.604 and 0.396: lengths of its own that grew the vocabulary; as a played part's, they are triplets."""
    quarters = [Note(float(beat), 1.0, 60 + beat) for beat in range(7)]
    swung = [Note(7.0, 0.6, 72), Note(7.6, 0.4, 74)]
    again = read_back(Piece("Swing", [*quarters, *swung], parse_progression("C7 | F7"), bars=2, tempo=120), tmp_path)
    assert twelfths(again.notes) == twelfths(quarters) + [(84, 8, 72), (92, 4, 74)]


def test_32nds_and_a_grace_note_come_back_without_losing_a_note(tmp_path):
    """Snapped to 16ths or triplets, a grace note before a beat landed on the beat's note and took its place,
    a run of 32nds lost two of its notes, and a last short note grew the piece a bar."""
    eighths = [Note(i * 0.5, 0.5, 60 + i % 12) for i in range(32) if not 8 <= i < 10 and i not in (15, 31)]
    run = [Note(4 + i / 8, 0.125, 70 + i) for i in range(8)]
    grace = [Note(7.9, 0.1, 80), Note(15.9, 0.1, 82)]
    piece = Piece("Figures", [*eighths, *run, *grace], parse_progression("C7 | F7 | C7 | G7"), bars=4, tempo=120)
    again = read_back(piece, tmp_path)
    assert again.bars == 4 and len(again.notes) == len(piece.notes)
    assert twelfths(n for n in again.notes if n.pitch < 80) == twelfths(
        sorted([*eighths, *run], key=lambda n: (n.start, n.pitch)))
    assert [(round(n.start * 48), round(n.duration * 48)) for n in again.notes if n.pitch >= 80] == [(379, 5), (763, 5)]
