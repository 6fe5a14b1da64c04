"""MIDI to Performance: tempo map, sustain pedal, bad input. Also the MIDI builder the audio tests share."""

from __future__ import annotations

import io

import mido
import pytest

from engine.audio.performance import performance_of
from engine.errors import FileProblem

TICKS = 480


def make_midi(*parts, bpm: float = 120, extra=()) -> bytes:
    """parts: (channel, program, [(beat, beats, key, velocity), ...]); extra: (beat, mido message)."""
    mid = mido.MidiFile(ticks_per_beat=TICKS)
    timed = [(0.0, 0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm)))]
    for channel, program, notes in parts:
        timed.append((0.0, 0, mido.Message("program_change", channel=channel, program=program)))
        for beat, length, key, velocity in notes:
            timed.append((beat, 2, mido.Message("note_on", channel=channel, note=key, velocity=velocity)))
            timed.append((beat + length, 1, mido.Message("note_off", channel=channel, note=key)))
    timed += [(beat, 1, msg) for beat, msg in extra]
    track, last = mido.MidiTrack(), 0
    for beat, _, msg in sorted(timed, key=lambda x: (x[0], x[1])):
        track.append(msg.copy(time=round(beat * TICKS) - last))
        last = round(beat * TICKS)
    mid.tracks.append(track)
    out = io.BytesIO()
    mid.save(file=out)
    return out.getvalue()


def pedal(beat: float, down: bool, channel: int = 0):
    return beat, mido.Message("control_change", channel=channel, control=64, value=127 if down else 0)


def offs(performance, key):
    return [e.time for e in performance.events if e.kind == "off" and e.a == key]


def test_times_follow_tempo_changes():
    slow_down = (2.0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(60)))
    p = performance_of(make_midi((0, 0, [(4, 1, 60, 90)]), bpm=120, extra=[slow_down]))
    (note,) = p.notes
    assert note.time == pytest.approx(1.0 + 2.0)  # 2 beats at 120 bpm, then 2 beats at 60 bpm
    assert p.duration == pytest.approx(4.0)


def test_sustain_pedal_holds_note_offs_until_released():
    p = performance_of(make_midi((0, 0, [(0, 1, 60, 90), (1, 1, 64, 90)]), extra=[pedal(0.5, True), pedal(4, False)]))
    assert offs(p, 60) == pytest.approx([2.0]) and offs(p, 64) == pytest.approx([2.0])


def test_restriking_a_sustained_key_damps_it_first_and_pedal_to_the_end_releases_at_the_end():
    p = performance_of(make_midi((0, 0, [(0, 1, 60, 90), (2, 1, 60, 90), (3, 3, 67, 90)]), extra=[pedal(0.5, True)]))
    assert offs(p, 60) == pytest.approx([1.0, p.duration])
    assert [e.kind for e in p.events if e.a == 60 and e.kind in ("on", "off")] == ["on", "off", "on", "off"]


def test_velocity_zero_note_on_is_a_note_off_and_velocities_are_kept():
    on, off = mido.Message("note_on", note=60, velocity=33), mido.Message("note_on", note=60, velocity=0)
    p = performance_of(make_midi((0, 0, []), extra=[(0, on), (1, off)]))
    assert [(e.kind, e.b) for e in p.events if e.a == 60] == [("on", 33), ("off", 0)]


def test_drums_keep_their_channel():
    p = performance_of(make_midi((9, 0, [(0, 0.25, 36, 100)])))
    assert {e.channel for e in p.notes} == {9}


@pytest.mark.parametrize("data, problem", [
    (b"this is text, not MIDI", "not a MIDI file"),
    (b"", "not a MIDI file"),
    (b"MThd\x00\x00\x00\x06\x00\x01\x00", "not a readable MIDI file"),
])
def test_not_midi_is_a_clear_file_problem(data, problem):
    with pytest.raises(FileProblem, match=problem):
        performance_of(data, "song.mid")


def test_smpte_timing_and_a_cut_file_are_named_not_played_silent():
    """SMPTE division came through mido as -6360 ticks a beat: a silent WAV, exit 0. A cut file said '(EOFError: )'."""
    tune = make_midi((0, 0, [(0, 1, 60, 90)]))
    with pytest.raises(FileProblem, match="song.mid: counts time in SMPTE frames"):
        performance_of(tune[:12] + b"\xe7\x28" + tune[14:], "song.mid")  # 25 frames a second, 40 ticks each
    with pytest.raises(FileProblem, match=r"not a readable MIDI file \(EOFError: truncated\)"):
        performance_of(tune[:-6], "song.mid")


def test_a_file_without_notes_is_refused(tmp_path):
    path = tmp_path / "rests.mid"
    path.write_bytes(make_midi((0, 0, []), extra=[pedal(4, False)]))
    with pytest.raises(FileProblem, match="has no notes") as info:
        performance_of(path)
    assert str(path) in str(info.value)


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(FileProblem, match="no such file"):
        performance_of(tmp_path / "absent.mid")
