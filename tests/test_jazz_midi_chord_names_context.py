"""Chords read from MIDI: shell voicings named from their bass. A rootless C13 over C in the bass came back
'Am/CaddBb,D' and an E13 over C 'F#7sus4(9,b13)/C'.
"""

from __future__ import annotations

import mido
import pytest

from engine.jazz.grammar import midi_name
from engine.jazz.harmony_reduction import figure
from engine.jazz.progression import chord_pitches
from engine.jazz.source import load_source


def named(pitches: tuple[int, ...]) -> str:
    return figure(tuple(midi_name(p) for p in pitches))


@pytest.mark.parametrize(("pitches", "name"), [
    ((36, 52, 58, 62, 69), "C13"),  # rootless 3 b7 9 13 over the root in the bass
    ((48, 52, 58), "C7"),  # a shell, music21's 'C'
    ((48, 51, 58), "Cm7"),
    ((48, 52, 59, 62), "Cmaj9"),
    ((48, 52, 57, 62), "C6/9"),
    ((43, 59, 65, 69, 76), "G13"),  # the Metheny solo's 'Em/GaddA,F'
    ((36, 52, 56, 59, 62, 66, 73), "E13/C"),  # not F#7sus4(9,b13)/C
])
def test_a_voicing_is_named_from_its_bass_before_an_odd_slash_chord(pitches, name):
    assert named(pitches) == name
    assert {p % 12 for p in chord_pitches(name)[1]} >= {p % 12 for p in pitches}


@pytest.mark.parametrize(("pitches", "name"), [
    ((48, 52, 57), "Am/C"),  # an inversion, not a C6 without its fifth
    ((48, 64, 68, 70), "C7#5"),  # its #5 is no fifth left out
    ((36, 58, 62, 64, 65, 69), "Bbmaj7#11/C"),  # not C7(11,13) without its fifth
])
def test_a_chord_that_holds_its_notes_otherwise_keeps_its_name(pitches, name):
    assert named(pitches) == name


def test_a_rootless_thirteenth_over_its_root_reads_back_from_a_midi_file(tmp_path):
    """Comping of E Bb D A over a bass C, as another program writes it: C13, each bar."""
    def track(name: str, channel: int, notes: list[tuple[float, float, int]]) -> mido.MidiTrack:
        events = sorted([(round(t * 480), "note_on", p) for t, _, p in notes] +
                        [(round((t + d) * 480), "note_off", p) for t, d, p in notes], key=lambda e: (e[0], e[1]))
        out, now = mido.MidiTrack([mido.MetaMessage("track_name", name=name)]), 0
        for tick, kind, p in events:
            out.append(mido.Message(kind, note=p, velocity=80, channel=channel, time=tick - now))
            now = tick
        return out

    comping = [(bar * 4.0, 4.0, p) for bar in range(2) for p in (36, 52, 58, 62, 69)]
    melody = [(i * 0.5, 0.5, 72 + i % 5) for i in range(16)]
    path = tmp_path / "shell.mid"
    mido.MidiFile(tracks=[track("Piano", 0, comping), track("Sax", 1, melody)], ticks_per_beat=480).save(path)
    chords = load_source(path, melody_part=1, chord_parts=[0]).to_piece().chords
    assert [c.symbol for c in chords] == ["C13"]

