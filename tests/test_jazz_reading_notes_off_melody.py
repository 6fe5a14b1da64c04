"""MIDI read as it sounds: all notes off ends the notes it silences, and Encore's own short solo is the melody.

A file whose notes were ended by CC123 (or CC120, CC124-127) instead of note-offs had them held to the next
strike of the key or the end of the track, though Encore's render stops them there. A solo Encore wrote with
fewer than 8 notes was no busy line, and its bass (or comping) was read as the melody, the chart's markers unused.
"""

from __future__ import annotations

import mido
import pytest

from engine.jazz.export import write_midi
from engine.jazz.piece import Note, Piece
from engine.jazz.progression import parse_progression
from engine.jazz.reading import read_score
from engine.jazz.source import load_source
from tests.jazz_files import TPB


def silenced_line(path, control: int, note_off_after: bool = False):
    """Four notes on channel 1, two beats apart, each ended by ``control`` a beat after it is struck; with
    ``note_off_after``, each key's own note-off comes half a beat later still."""
    messages = []
    for beat, pitch in zip([0, 2, 4, 6], [72, 74, 76, 77], strict=True):
        messages += [(beat * TPB, mido.Message("note_on", note=pitch, velocity=80)),
                     ((beat + 1) * TPB, mido.Message("control_change", control=control, value=0))]
        if note_off_after:
            messages.append((int((beat + 1.5) * TPB), mido.Message("note_off", note=pitch, velocity=0)))
    track = mido.MidiTrack([mido.MetaMessage("track_name", name="Lead", time=0)])
    now = 0
    for tick, message in sorted(messages, key=lambda m: m[0]):
        track.append(message.copy(time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=12 * TPB - now))
    song = mido.MidiFile(ticks_per_beat=TPB)
    song.tracks.append(track)
    song.save(str(path))
    return path


def spans(path) -> list[tuple[float, float, tuple[int, ...]]]:
    (part,) = read_score(path).parts
    return [(e.offset, e.duration, e.pitches) for e in part.events]


@pytest.mark.parametrize("control", [120, 123, 124, 125, 126, 127])
def test_all_notes_off_ends_the_notes_it_silences(tmp_path, control):
    assert spans(silenced_line(tmp_path / "off.mid", control)) == [
        (0.0, 1.0, (72,)), (2.0, 1.0, (74,)), (4.0, 1.0, (76,)), (6.0, 1.0, (77,))]


def test_a_note_off_after_all_notes_off_does_not_lengthen_the_note(tmp_path):
    path = silenced_line(tmp_path / "late.mid", 123, note_off_after=True)
    assert [d for _, d, _ in spans(path)] == [1.0, 1.0, 1.0, 1.0]


def test_other_controllers_leave_the_notes_to_their_strikes(tmp_path):
    """CC121 (reset all controllers) stops no note: each key, struck once, is held to the end of the track."""
    assert [d for _, d, _ in spans(silenced_line(tmp_path / "reset.mid", 121))] == [12.0, 10.0, 8.0, 6.0]


def test_a_short_solo_in_encores_own_file_is_its_melody_with_the_charts_chords(tmp_path):
    chords = parse_progression("C7 | Gb7 | C7 | Gb7")  # read from the comping's notes, Gb7 is F#7
    notes = [Note(0, 2, 74), Note(4, 2, 68), Note(8, 2, 62), Note(12, 4, 70)]  # a 9th: not a chord's note
    path = tmp_path / "sparse.mid"
    write_midi(Piece("Sparse", notes, chords, 4), path)
    source = load_source(path)
    assert [p.role for p in source.parts] == ["melody", "chords", "chords"]
    back = source.to_piece()
    assert [(n.start, n.pitch) for n in back.notes] == [(n.start, n.pitch) for n in notes]
    assert [(c.start, c.symbol) for c in back.chords] == [(0, "C7"), (4, "Gb7"), (8, "C7"), (12, "Gb7")]


def test_a_track_named_melody_in_another_programs_file_is_not_taken_for_the_solo(tmp_path):
    """Untagged, a file's 'Melody' is only a name: its busy high line is still the melody."""
    from tests.jazz_files import midi_track

    song = mido.MidiFile(ticks_per_beat=TPB)
    song.tracks += [midi_track("Melody", 0, [(b * 4.0, 4.0, 48) for b in range(4)]),
                    midi_track("Lead", 1, [(i * 0.5, 0.5, 72 + i % 5) for i in range(32)])]
    song.save(str(tmp_path / "other.mid"))
    assert [p.role for p in load_source(tmp_path / "other.mid").parts] == ["chords", "melody"]
