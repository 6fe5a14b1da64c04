"""A key struck again before its release sounds twice; the pedal, all notes off and all sound off end both.

TinySoundFont's note-off ends only the oldest voice of a key, and the render once sent a single note-off for
a key struck twice under the pedal (or cut by CC123/CC120): the second strike droned to the end of the WAV.
"""

from __future__ import annotations

import io

import mido
import numpy as np
import pytest

from engine.audio.export import export_wav
from engine.audio.performance import performance_of
from engine.audio.wav import read_wav

ORGAN = 19  # sustains while the key is down, so a voice never released is heard to the end
BEAT = 0.5  # seconds at mido's default 120 bpm
SILENT = 1e-3  # RMS; a stuck organ note measures about 0.02


def pedal(beat: float, down: bool):
    return beat, mido.Message("control_change", control=64, value=127 if down else 0)


def control(beat: float, number: int):
    return beat, mido.Message("control_change", control=number, value=0)


def on(beat: float, key: int = 60):
    return beat, mido.Message("note_on", note=key, velocity=100)


def off(beat: float, key: int = 60):
    return beat, mido.Message("note_off", note=key)


def midi(*timed, end_beat: float = 10) -> bytes:
    """An organ track of the (beat, message) pairs, ending at ``end_beat`` (5 s)."""
    ticks = 480
    track, now = mido.MidiTrack([mido.Message("program_change", program=ORGAN)]), 0
    for beat, msg in sorted(timed, key=lambda pair: pair[0]):
        tick = round(beat * ticks)
        track.append(msg.copy(time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=round(end_beat * ticks) - now))
    buf = io.BytesIO()
    mido.MidiFile(ticks_per_beat=ticks, tracks=[track]).save(file=buf)
    return buf.getvalue()


def rendered(data: bytes, tmp_path):
    out = tmp_path / "double.wav"
    export_wav(data, out)
    frames, rate = read_wav(out)
    return frames, rate


def rms(frames, rate, start: float, stop: float | None = None) -> float:
    part = frames[round(start * rate):None if stop is None else round(stop * rate)]
    return float(np.sqrt(np.mean(np.square(part))))


DOUBLE = (on(0), on(0.5))  # the same key struck again a quarter second later, with no release between
ENDINGS = {
    "pedal up": (pedal(0, True), *DOUBLE, off(1), off(1.5), pedal(2, False)),
    "all notes off": (*DOUBLE, control(2, 123)),
    "all notes off, then pedal up": (pedal(0, True), *DOUBLE, control(2, 123), pedal(3, False)),
    "all sound off under the pedal": (pedal(0, True), *DOUBLE, off(1), off(1.5), control(2, 120)),
    "all sound off, keys down": (*DOUBLE, control(2, 120)),
}


@pytest.mark.parametrize("ending", ENDINGS)
def test_a_key_struck_twice_falls_silent_when_it_is_let_go(ending, tmp_path):
    frames, rate = rendered(midi(*ENDINGS[ending]), tmp_path)
    assert rms(frames, rate, 0.3, 0.9) > 0.01  # both strikes sound...
    assert len(frames) / rate > 6  # (5 s of MIDI and the release tail)
    assert rms(frames, rate, 2.0) < SILENT  # ...and stop at 1 s, not at the end of the file
    assert rms(frames, rate, len(frames) / rate - 1) < SILENT  # the last second


def test_a_key_struck_twice_gets_a_note_off_for_each_strike():
    """What TinySoundFont and MIDI out are sent: one note-off per strike when the pedal comes up."""
    events = performance_of(midi(*ENDINGS["pedal up"])).events
    assert [(e.time, e.kind) for e in events if e.kind in ("on", "off")] == [
        (0.0, "on"), (0.25, "on"), (1.0, "off"), (1.0, "off")]


def test_without_the_pedal_both_strikes_sound_until_their_own_release(tmp_path):
    frames, rate = rendered(midi(*DOUBLE, off(1), off(2)), tmp_path)
    one = rms(frames, rate, 0.05, 0.2)
    assert rms(frames, rate, 0.3, 0.45) > 1.3 * one  # two voices of the key at once
    assert rms(frames, rate, 0.75, 0.95) > 0.5 * one  # the second rings on after the first note-off
    assert rms(frames, rate, 1.5) < SILENT
