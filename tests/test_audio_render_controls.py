"""Rendering obeys the channel-wide controllers, reports the level it wrote, plays type-2 files in turn."""

from __future__ import annotations

import io
import json

import mido
import numpy as np
import pytest
from conftest import run_encore
from test_audio_midi import make_midi, pedal
from test_audio_synthesis import RATE, render, rms, seconds, spectrum

from engine.audio.synthesizer import TAIL_SECONDS

ORGAN = 19  # sustains for as long as the key is down: a note that is never stopped is heard throughout


def control(beat: float, number: int, channel: int = 0):
    return beat, mido.Message("control_change", channel=channel, control=number, value=0)


def organ(*extra, notes=((0, 20, 60, 100),)) -> bytes:
    """An organ note held for 20 beats (10 s) unless a controller stops it, and the given controllers."""
    return make_midi((0, ORGAN, list(notes)), extra=list(extra))


def test_all_notes_off_stops_a_held_note():
    frames = render(organ(control(1, 123)))
    assert rms(seconds(frames, 0.1, 0.4)) > 0.01
    assert rms(seconds(frames, 1.5, 9.5)) < 1e-4  # without CC123 the organ plays on for 10 s


def test_all_notes_off_leaves_the_sustain_pedal_holding_the_note():
    frames = render(organ(pedal(0, True), control(1, 123), pedal(4, False)))
    assert rms(seconds(frames, 1.2, 1.9)) > 0.01  # the pedal holds it past CC123 (beat 1 = 0.5 s)...
    assert rms(seconds(frames, 2.5, 9.5)) < 1e-4  # ...until it comes up at beat 4


def test_all_sound_off_stops_even_what_the_pedal_holds():
    frames = render(organ(pedal(0, True), control(1, 120)))
    assert rms(seconds(frames, 1.5, 9.5)) < 1e-4


def test_reset_all_controllers_lifts_the_pedal():
    notes = [(0, 1, 60, 100), (5, 1, 72, 100), (8, 1, 76, 100)]
    frames = render(organ(pedal(0, True), control(1, 121), notes=notes))
    assert rms(seconds(frames, 1.0, 2.4)) < 1e-4  # the first note ends with its key, at beat 1
    assert rms(seconds(frames, 3.5, 3.9)) < 1e-4  # and the second too: the pedal stayed up


def test_reset_all_controllers_centres_the_pitch_bend():
    bent = (0, mido.Message("pitchwheel", channel=0, pitch=8191))  # two semitones up: A4 would sound as B4
    frames = render(make_midi((0, 0, [(2, 2, 69, 100)]), extra=[bent, control(1, 121)]))
    magnitude, freqs = spectrum(seconds(frames, 1.05, 1.95))
    assert freqs[np.argmax(magnitude)] == pytest.approx(440, rel=0.02)  # A4, not B4 (494 Hz)


def type2_file() -> bytes:
    """Two independent sequences: A4 for one beat at 60 bpm, then E5 for one beat at the default 120 bpm."""
    mid = mido.MidiFile(type=2, ticks_per_beat=480)
    first = [mido.MetaMessage("set_tempo", tempo=1_000_000), mido.Message("note_on", note=69, velocity=100),
             mido.Message("note_off", note=69, time=480)]
    second = [mido.Message("note_on", note=76, velocity=100), mido.Message("note_off", note=76, time=480)]
    mid.tracks += [mido.MidiTrack(first), mido.MidiTrack(second)]
    out = io.BytesIO()
    mid.save(file=out)
    return out.getvalue()


def test_a_type_2_file_plays_its_sequences_one_after_another():
    frames = render(type2_file())
    assert len(frames) / RATE == pytest.approx(1.0 + 0.5 + TAIL_SECONDS, abs=0.01)
    for start, stop, hz in ((0.1, 0.9, 440), (1.05, 1.45, 659.3)):
        magnitude, freqs = spectrum(seconds(frames, start, stop))
        assert freqs[np.argmax(magnitude)] == pytest.approx(hz, rel=0.02)
    assert rms(seconds(frames, 0.1, 0.9)) > 0.003  # CC7 starts at General MIDI's 100: (100/127)³ of full level


def render_cli(tmp_path, midi: bytes, *flags):
    (tmp_path / "in.mid").write_bytes(midi)
    return run_encore("render", str(tmp_path / "in.mid"), "--out", str(tmp_path / "out.wav"), *flags,
                      timeout=120)


def test_a_silent_render_says_so(tmp_path):
    unsampled = make_midi((0, 0, [(0, 2, 127, 100)]))  # the piano has no sample for G9
    result = render_cli(tmp_path, unsampled)
    assert result.returncode == 0, result.stderr
    assert "silent" in result.stdout and "None" not in result.stdout
    assert "warning" in result.stderr and "is silent" in result.stderr
    report = json.loads(render_cli(tmp_path, unsampled, "--json").stdout)
    assert report["silent"] is True and report["peak"] == 0


def test_a_saturated_mix_reports_the_written_peak_and_the_limiting(tmp_path):
    chord = [(0, 4, key, 127) for key in range(36, 96, 3)]  # 20 keys on 15 distorted guitars: 300 notes
    band = [(channel, 30, chord) for channel in range(16) if channel != 9]
    result = render_cli(tmp_path, make_midi(*band), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["peak"] <= 1.0 and report["peak_dbfs"] <= 0.0  # 16-bit audio cannot go over full scale
    assert report["mix_peak_dbfs"] > 6 and report["limited_seconds"] > 0.5 and report["silent"] is False
    assert "limited" in result.stderr and f"+{report['mix_peak_dbfs']:.1f} dBFS" in result.stderr


def expression(beat: float, value: int, channel: int = 0):
    return beat, mido.Message("control_change", channel=channel, control=11, value=value)


def test_a_faded_ending_stays_faded_through_a_daws_closing_resets():
    """Strings faded out by expression, then released with CC121 and CC123, as DAWs end a file: the reset's
    expression 127 reached the synth while the release rang, and the faded chord came back at full level."""
    fade = [expression(2 + i / 8, 127 - i * 127 // 32) for i in range(33)]  # to 0 by beat 6 (3 s)
    frames = render(make_midi((0, 48, [(0, 8, 60, 100), (0, 8, 67, 100)]),
                              extra=[expression(0, 127), *fade, control(8, 121), control(8, 123)]))
    assert rms(seconds(frames, 0.2, 0.9)) > 0.01
    assert rms(seconds(frames, 4.0, 5.0)) < 1e-4


def test_a_control_the_file_sets_after_a_reset_stands():
    """Expression 0 set between CC121 and the next note is the file's choice: the reset does not undo it."""
    frames = render(organ(control(1, 121), expression(1.5, 0), notes=[(0, 1, 60, 100), (2, 2, 72, 100)]))
    assert rms(seconds(frames, 1.1, 1.9)) < 1e-4


def test_reset_all_controllers_with_a_key_down_centres_its_bend_at_once():
    """A held note bent up, CC121, then a smaller bend: the reset waited for a next note that never came, so the
    second bend was taken off the first and the note stayed bent; the MIDI spec resets a sounding channel then."""
    from engine.audio.performance import performance_of

    bend = (0, mido.Message("pitchwheel", channel=0, pitch=4000))
    events = performance_of(organ(bend, control(0.5, 121), notes=((0, 2, 60, 100),))).events
    assert [(e.kind, e.a) for e in events if e.kind == "bend" and 0.2 < e.time < 0.3] == [("bend", 8192)]


def test_a_faded_ending_whose_keys_are_still_down_at_the_reset_stays_faded():
    """The usual DAW ending: CC121, then CC123 to let go of keys still down. Reset at once for the keys down,
    expression 127 came back under the release, at a third of full level out of silence."""
    fade = [expression(2 + i / 8, 127 - i * 127 // 32) for i in range(33)]  # to 0 by beat 6 (3 s)
    frames = render(make_midi((0, 48, [(0, 12, 60, 100), (0, 12, 67, 100)]),
                              extra=[expression(0, 127), *fade, control(8, 121), control(8, 123)]))
    assert rms(seconds(frames, 0.2, 0.9)) > 0.01
    assert rms(seconds(frames, 4.0, 5.0)) < 1e-4
