"""Encore's own MIDI and MusicXML exports reopen as they were written.

A solo that laid out in its first and last bars came back two bars short, their chords lost (the bars ran from
the first note to the last); and one marked chord worked out from another file's notes (C Db Eb, named Cm, which
Encore voices C Eb G) made the reader throw away every chord marker and guess the file's chords again.
"""

from __future__ import annotations

import mido
import pytest

from engine.jazz.export import TICKS, write_midi
from engine.jazz.musicxml import write_musicxml
from engine.jazz.piece import ChordSymbol, Note, Piece
from engine.jazz.progression import parse_progression
from engine.jazz.source import load_source

CHART = "Dm7 | G7 | Cmaj7 | A7 | Dm7 | G7 | Cmaj7 | Cmaj7"


def laid_out(bars: set[int]) -> Piece:
    """Quarter notes over CHART, silent in ``bars`` (counted from 1)."""
    notes = [Note(bar * 4 + beat, 1, 72 + beat) for bar in range(8) if bar + 1 not in bars for beat in range(4)]
    return Piece("Laid out", notes, parse_progression(CHART), 8)


def symbols(piece: Piece) -> list[tuple[float, str]]:
    return [(c.start, c.symbol) for c in piece.chords]


@pytest.mark.parametrize("suffix", [".mid", ".musicxml"])
@pytest.mark.parametrize("silent", [{1}, {8}, {1, 8}])
def test_silent_first_and_last_bars_come_back_with_their_chords(tmp_path, suffix, silent):
    written = laid_out(silent)
    path = tmp_path / f"solo{suffix}"
    (write_midi if suffix == ".mid" else write_musicxml)(written, path)
    source = load_source(path)
    assert source.bar_range == (1, 8)
    back = source.to_piece()
    assert back.bars == 8
    assert symbols(back) == symbols(written)
    assert [(n.start, n.pitch) for n in back.notes] == [(n.start, n.pitch) for n in written.notes]


def test_a_file_without_written_chords_still_starts_at_its_first_note(tmp_path):
    """Comping under a silent first bar is no written chord: the solo starts where its notes do, as before."""
    song = mido.MidiFile(ticks_per_beat=TICKS)
    lead = mido.MidiTrack([mido.MetaMessage("track_name", name="Lead", time=0)])
    piano = mido.MidiTrack([mido.MetaMessage("track_name", name="Piano", time=0)])
    lead.append(mido.Message("note_on", note=72, velocity=90, time=4 * TICKS))  # bar 1 silent
    for beat in range(8):
        lead += [mido.Message("note_off", note=72 + beat % 4, time=TICKS),
                 mido.Message("note_on", note=72 + (beat + 1) % 4, velocity=90, time=0)]
    lead.append(mido.Message("note_off", note=72, time=TICKS))
    for _ in range(3):
        piano += [mido.Message("note_on", channel=1, note=p, velocity=64, time=0) for p in (48, 52, 55, 58)]
        piano += [mido.Message("note_off", channel=1, note=p, time=4 * TICKS if i == 0 else 0)
                  for i, p in enumerate((48, 52, 55, 58))]
    song.tracks += [lead, piano]
    song.save(str(tmp_path / "band.mid"))
    assert load_source(tmp_path / "band.mid").bar_range == (2, 4)


def worked_out() -> Piece:
    """A solo over chords read from another file: C Db Eb named Cm (Encore voices Cm C Eb G), then marked
    chords the notes alone would not give back (Gb7 reads F#7 from its notes; N.C. has none)."""
    chords = [ChordSymbol(0, 4, "Cm", (48, 49, 51), ("C3", "C#3", "E-3")), *parse_progression("Gb7 | N.C. | Gb7")[:3]]
    chords[1:] = [ChordSymbol(c.start + 4, c.duration, c.symbol, c.pitches, c.names) for c in chords[1:]]
    notes = [Note(bar * 4 + beat, 1, 72 + beat) for bar in range(4) for beat in range(4)]
    return Piece("Worked out", notes, chords, 4)


def test_a_chord_worked_out_from_notes_keeps_every_marked_chord_as_written(tmp_path):
    path = tmp_path / "solo.mid"
    write_midi(worked_out(), path)
    back = load_source(path).to_piece()
    assert symbols(back) == [(0, "Cm"), (4, "Gb7"), (8, "N.C."), (12, "Gb7")]
    assert back.chords[0].pitches == (48, 49, 51)  # the notes the file plays, not the name's voicing


def test_a_worked_out_chord_moved_in_another_program_gives_way_to_the_notes(tmp_path):
    """Its notes moved up a tone (D Eb F under the marker Cm): the markers no longer say what the file plays."""
    path = tmp_path / "solo.mid"
    write_midi(worked_out(), path)
    song = mido.MidiFile(path)
    for track in song.tracks[2:]:  # the comping and the bass
        now = 0
        for message in track:
            now += message.time
            if message.type in ("note_on", "note_off") and now < 4 * TICKS:
                message.note += 2
    song.save(path)
    assert "Gb7" not in [c.symbol for c in load_source(path).to_piece().chords]


def test_a_marker_whose_chord_another_program_moved_is_read_from_the_notes(tmp_path):
    """Bar 2's comping raised a tone (the bass left): its notes, G7 over F, are not the F7 its marker names, and
    the marker was kept all the same, naming a chord the bar does not play."""
    import mido

    from engine.jazz.export import write_midi
    from engine.jazz.piece import Note, Piece
    from engine.jazz.progression import parse_progression
    from engine.jazz.source import load_source

    path = tmp_path / "moved.mid"
    notes = [Note(b * 4 + k, 1, 72 + k) for b in range(4) for k in range(4)]
    write_midi(Piece("Moved", notes, parse_progression("C7 | F7 | C7 | G7"), 4, tempo=120), path)
    song = mido.MidiFile(path)
    comping = next(t for t in song.tracks if any(m.type == "track_name" and m.name == "Comping" for m in t))
    at = 0
    for message in comping:
        at += message.time
        if message.type in ("note_on", "note_off") and 4 * song.ticks_per_beat <= at < 8 * song.ticks_per_beat:
            message.note += 2
    song.save(path)
    bar_2 = [c for c in load_source(path).to_piece().chords if 4 <= c.start < 8]
    assert bar_2 and all(c.symbol != "F7" for c in bar_2)
