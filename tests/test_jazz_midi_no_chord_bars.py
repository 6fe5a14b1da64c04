"""Bars where Encore's own MIDI leaves the band silent (a chart's N.C.) read back as N.C., not the chord before.

Read back, the chord heard last lasted until the next one: 'C7 | N.C. | F7 | N.C.' came back as two bars of C7 and
two of F7, so a re-export comped and played bass through the N.C. bars and its MusicXML had no N.C. symbols.
"""

from __future__ import annotations

import mido

from engine.jazz.export import write_midi
from engine.jazz.musicxml import musicxml_bytes
from engine.jazz.piece import Note, Piece
from engine.jazz.progression import parse_progression
from engine.jazz.source import load_source


def read_back(changes: str, tmp_path) -> list[tuple[float, float, str]]:
    """(start, length, symbol) of the chords of a solo over ``changes``, written as Encore exports MIDI (comping
    and a bass track) and read back as Encore opens a file without chord symbols."""
    chords = parse_progression(changes)
    bars = round(max(c.end for c in chords) / 4)
    notes = [Note(bar * 4 + beat, 1, 72 + beat) for bar in range(bars) for beat in (1, 2)]
    path = tmp_path / "nc.mid"
    write_midi(Piece("No chord", notes, chords, bars), path)
    return [(c.start, c.duration, c.symbol) for c in load_source(path).to_piece().chords]


def test_no_chord_bars_of_encores_own_midi_read_back_as_no_chord(tmp_path):
    assert read_back("C7 | N.C. | F7 | N.C.", tmp_path) == [
        (0, 4, "C7"), (4, 4, "N.C."), (8, 4, "F7"), (12, 4, "N.C.")]


def test_the_same_chord_after_the_band_rests_is_struck_again(tmp_path):
    assert read_back("C7 | N.C. | N.C. | C7 F7", tmp_path) == [
        (0, 4, "C7"), (4, 8, "N.C."), (12, 2, "C7"), (14, 2, "F7")]


def test_a_chord_before_no_chord_keeps_its_own_length(tmp_path):
    back = read_back("Dm7 G7 | C/E A7/C# | N.C. | G13", tmp_path)
    assert back[3:] == [(6, 2, "A7/C#"), (8, 4, "N.C."), (12, 4, "G13")]


def test_the_musicxml_of_the_piece_read_back_writes_its_no_chord_bars(tmp_path):
    chords = parse_progression("C7 | N.C. | F7 | N.C.")
    notes = [Note(bar * 4 + 1, 1, 72) for bar in range(4)]
    write_midi(Piece("No chord", notes, chords, 4), tmp_path / "nc.mid")
    assert musicxml_bytes(load_source(tmp_path / "nc.mid").to_piece()).count(b'text="N.C."') == 2


def _midi(path, melody: list[tuple[float, float, int]], comping: list[tuple[float, float, tuple[int, ...]]]):
    """A two-track file (melody, then comping if any): (beat, length, pitches) at 480 ticks a quarter note."""
    midi = mido.MidiFile(ticks_per_beat=480)
    parts = [[(start, length, (pitch,)) for start, length, pitch in melody]] + ([comping] if comping else [])
    for channel, notes in enumerate(parts):
        timed = sorted([(round(s * 480), "note_on", p) for s, _, ps in notes for p in ps]
                       + [(round((s + d) * 480), "note_off", p) for s, d, ps in notes for p in ps],
                       key=lambda m: (m[0], m[1] == "note_on"))
        track, now = mido.MidiTrack(), 0
        for tick, kind, pitch in timed:
            track.append(mido.Message(kind, note=pitch, velocity=80, channel=channel, time=tick - now))
            now = tick
        midi.tracks.append(track)
    midi.save(path)


C7, F7 = (48, 52, 55, 58), (53, 57, 60, 63)


def test_comping_that_rests_for_beats_holds_its_chord(tmp_path):
    """A chord held over a bar line into a bar it is not struck in, and comping struck on beat 4 only after three
    beats' rest: no bar is silent, so no N.C."""
    melody = [(bar * 4 + beat, 1, 76) for bar in range(4) for beat in (0, 2)]
    _midi(tmp_path / "rests.mid", melody, [(0, 6, C7), (8, 1, F7), (15, 0.5, F7)])
    back = [(c.start, c.symbol) for c in load_source(tmp_path / "rests.mid").to_piece().chords]
    assert back == [(0, "C7"), (8, "F7")]


def test_a_melody_alone_that_rests_for_a_bar_has_no_no_chord(tmp_path):
    melody = [(0, 1, 60), (1, 1, 64), (2, 1, 67), (3, 1, 70), (12, 1, 65), (13, 1, 69), (14, 2, 72)]
    _midi(tmp_path / "alone.mid", melody, [])
    assert "N.C." not in [c.symbol for c in load_source(tmp_path / "alone.mid").to_piece().chords]
