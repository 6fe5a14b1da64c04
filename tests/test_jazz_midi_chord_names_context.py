"""Chords read from MIDI named in the key the piece is heard in, and shell voicings named from their bass.

A Gb major chord among Db, Ab7 and Bbm came back 'F#' and an F# blues's V 'Db7': MIDI pitches carry no
spelling, and a root was spelled alone. A rootless C13 over C in the bass came back 'Am/CaddBb,D' and an E13 over
C 'F#7sus4(9,b13)/C'.
"""

from __future__ import annotations

import mido
import pytest

from engine.jazz.bars import BarChord
from engine.jazz.grammar import midi_name
from engine.jazz.harmony_reduction import figure, key_sharps
from engine.jazz.progression import chord_pitches
from engine.jazz.source import load_source


def named(pitches: tuple[int, ...], sharps: int = 0) -> str:
    return figure(tuple(midi_name(p) for p in pitches), sharps)


def heard(*voicings: tuple[int, ...]) -> list[BarChord]:
    return [BarChord(4.0 * i, tuple(midi_name(p) for p in v), v) for i, v in enumerate(voicings)]


DB, GB, AB7, BBM = (49, 53, 56), (54, 58, 61), (56, 60, 63, 66), (58, 61, 65)
F_SHARP7, B7, C_SHARP7 = (54, 58, 61, 64), (47, 51, 54, 57), (49, 53, 56, 59)


def test_a_gb_chord_among_flat_chords_is_gb():
    key = key_sharps(heard(DB, GB, AB7, BBM))
    assert key < 0
    assert [named(c, key) for c in (DB, GB, AB7, BBM)] == ["Db", "Gb", "Ab7", "Bbm"]
    assert named(GB) == "F#"  # no key known: charts keep F# sharp


def test_an_f_sharp_blues_keeps_its_sharps():
    key = key_sharps(heard(F_SHARP7, B7, C_SHARP7))
    assert key > 0
    assert [named(c, key) for c in (F_SHARP7, B7, C_SHARP7)] == ["F#7", "B7", "C#7"]
    assert named(C_SHARP7) == "Db7"  # no key known: the spelling whose third needs no sharp


@pytest.mark.parametrize(("pitches", "sharps", "name"), [
    ((58, 62, 65, 68), 4, "Bb7"),  # E major's tritone substitute, not A#7 with its C double sharp
    ((51, 55, 58, 61), 4, "Eb7"),  # D#7's F double sharp
    ((51, 54, 57, 61), 3, "D#m7b5"),  # A major's #iv half-diminished: a tie goes to the key's side
    ((49, 52, 55, 58), -1, "C#o7"),  # F major's passing diminished: Dbo7 needs double flats
    ((54, 58, 61, 65), -3, "Gbmaj7"),  # Eb major's bIII
])
def test_a_key_spells_a_root_as_charts_in_it_do(pitches, sharps, name):
    assert named(pitches, sharps) == name


def test_a_piece_without_accidentals_leaves_roots_as_they_were():
    assert key_sharps(heard((48, 52, 55, 59), (50, 53, 57, 60), (55, 59, 62, 65))) == 0
    assert key_sharps([]) == 0


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


def test_a_gb_chord_in_a_flat_key_reads_back_from_a_midi_file_as_gb(tmp_path):
    """Db, Gb, Ab7, Db from another program: the Gb was named F#, music21's spelling of the chord alone."""
    def track(name: str, channel: int, notes: list[tuple[float, float, int]]) -> mido.MidiTrack:
        out, now = mido.MidiTrack([mido.MetaMessage("track_name", name=name)]), 0
        for tick, kind, p in sorted([(round(t * 480), "note_on", p) for t, _, p in notes] +
                                    [(round((t + d) * 480), "note_off", p) for t, d, p in notes]):
            out.append(mido.Message(kind, note=p, velocity=80, channel=channel, time=tick - now))
            now = tick
        return out

    voicings = [(49, 53, 56), (54, 58, 61), (56, 60, 63, 66), (49, 53, 56)]
    comping = [(bar * 4.0, 4.0, p) for bar, chord in enumerate(voicings) for p in chord]
    melody = [(i * 1.0, 1.0, 65 + (i % 3)) for i in range(16)]
    path = tmp_path / "flats.mid"
    mido.MidiFile(tracks=[track("Piano", 0, comping), track("Sax", 1, melody)], ticks_per_beat=480).save(path)
    chords = load_source(path, melody_part=1, chord_parts=[0]).to_piece().chords
    assert [c.symbol for c in chords] == ["Db", "Gb", "Ab7", "Db"]
