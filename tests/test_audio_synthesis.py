"""SoundFont synthesis: pitch, length, drums, timbre, silence, streaming, seeking, tempo, pedal, WAV files."""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys

import mido
import numpy as np
import pytest
from test_audio_midi import make_midi, pedal

from engine.audio.feed import PcmFeed
from engine.audio.soundfont import default_soundfont
from engine.audio.synthesizer import GRID, TAIL_SECONDS, Synthesizer
from engine.audio.wav import read_wav, to_pcm16, write_wav
from engine.errors import FileProblem

RATE = 44100
A4 = make_midi((0, 0, [(0, 2, 69, 100)]))  # one second of A4 on the piano


def render(data, **kw):
    return Synthesizer(data, **kw).render()


def seconds(frames, start, stop):
    first = round(start * RATE)
    return frames[first:first + round((stop - start) * RATE)]


def rms(frames) -> float:
    return float(np.sqrt(np.mean(np.square(frames)))) if len(frames) else 0.0


def spectrum(frames):
    mono = frames.mean(axis=1)
    magnitude = np.abs(np.fft.rfft(mono * np.hanning(len(mono))))
    return magnitude / np.linalg.norm(magnitude), np.fft.rfftfreq(len(mono), 1 / RATE)


def first_sound(frames, threshold=1e-3) -> float:
    return int(np.argmax(np.abs(frames).max(axis=1) > threshold)) / RATE


def test_a4_sounds_at_440_hz():
    magnitude, freqs = spectrum(seconds(render(A4), 0.05, 0.95))
    assert freqs[np.argmax(magnitude)] == pytest.approx(440, rel=0.02)


def test_a_band_renders_for_its_midi_length_plus_the_tail():
    bars = [(b * 4 + beat, 0.9, key, 90) for b in range(8) for beat, key in enumerate((60, 64, 67, 72))]
    data = make_midi((0, 0, bars), (1, 32, [(b * 4, 3.9, 36, 100) for b in range(8)]),
                     (9, 0, [(b, 0.1, 42, 80) for b in range(32)]), bpm=140)
    frames = render(data)
    expected = mido.MidiFile(file=io.BytesIO(data)).length + TAIL_SECONDS
    assert len(frames) / RATE == pytest.approx(expected, abs=0.5)
    assert frames.shape[1] == 2 and frames.dtype == np.float32
    assert 0.01 < np.abs(frames).max() <= 1.0


def test_drum_only_file_is_audible():
    frames = render(make_midi((9, 0, [(b, 0.25, key, 110) for b, key in enumerate((36, 38, 42, 46, 49))])))
    assert rms(frames) > 1e-3 and np.abs(frames).max() > 0.05


def test_drum_channel_uses_the_drum_kit_not_a_melodic_program():
    kit = render(make_midi((9, 0, [(0, 1, 38, 110)])))
    piano = render(make_midi((0, 0, [(0, 1, 38, 110)])))
    assert spectrum(seconds(kit, 0, 0.4))[0] @ spectrum(seconds(piano, 0, 0.4))[0] < 0.8


def test_two_programs_have_measurably_different_spectra():
    piano, flute = (spectrum(seconds(render(make_midi((0, p, [(0, 2, 60, 100)]))), 0.1, 0.8))[0] for p in (0, 73))
    assert piano @ flute < 0.8  # cosine similarity of the magnitude spectra; the same program gives 1.0


def test_program_changes_mid_piece_are_honoured():
    change = (2.0, mido.Message("program_change", program=73))
    data = make_midi((0, 0, [(0, 1.5, 60, 100), (2, 1.5, 60, 100)]), extra=[change])
    frames = render(data)
    before, after = spectrum(seconds(frames, 0.05, 0.7))[0], spectrum(seconds(frames, 1.05, 1.7))[0]
    assert before @ after < 0.8


def test_silence_renders_as_silence():
    frames = render(make_midi((0, 0, [(2, 1, 60, 100), (20, 1, 64, 100)]), bpm=120))
    assert np.abs(seconds(frames, 0, 0.99)).max() == 0.0  # before the first note
    assert np.abs(seconds(frames, 5.0, 9.99)).max() < 1e-4  # the gap, after the release
    assert rms(seconds(frames, 10.0, 10.4)) > 1e-3


def test_louder_velocity_is_louder():
    soft, loud = (rms(render(make_midi((0, 0, [(0, 1, 60, v)])))) for v in (30, 120))
    assert loud > 2 * soft


def test_sustain_pedal_keeps_notes_ringing():
    notes = (0, 0, [(0, 0.5, 60, 100)])
    dry, held = render(make_midi(notes)), render(make_midi(notes, extra=[pedal(0.1, True), pedal(4, False)]))
    assert rms(seconds(held, 1.0, 1.8)) > 5 * rms(seconds(dry, 1.0, 1.8))


def test_tempo_change_moves_the_onsets():
    slow_down = (1.0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(40)))
    frames = render(make_midi((0, 0, [(2, 1, 60, 100)]), bpm=120, extra=[slow_down]))
    assert first_sound(frames) == pytest.approx(0.5 + 1.5, abs=0.02)


def test_tempo_scale_plays_faster():
    data = make_midi((0, 0, [(b, 1, 60, 90) for b in range(8)]))
    synth = Synthesizer(data)
    assert len(synth.render(tempo_scale=2.0)) / RATE == pytest.approx(synth.performance.duration / 2 + TAIL_SECONDS,
                                                                      abs=0.01)


def test_stream_gives_the_same_samples_as_the_whole_render():
    synth = Synthesizer(make_midi((0, 0, [(b / 2, 0.4, 60 + b, 90) for b in range(12)]), (9, 0, [(1, 0.1, 38, 99)])))
    whole = synth.render()
    for chunk in (GRID, 3 * GRID, 5000):
        chunks = list(synth.stream(0.0, chunk_frames=chunk))
        assert all(len(c) <= -(-chunk // GRID) * GRID for c in chunks)
        assert np.array_equal(np.concatenate(chunks), whole)


def test_pcm_feed_hands_out_the_render_in_any_sizes():
    synth = Synthesizer(A4)
    feed, parts = PcmFeed(synth), []
    for size in [4, 1000, 17, 65536] * 200:
        parts.append(feed.take(size))
        if feed.exhausted:
            break
    assert b"".join(parts) == to_pcm16(synth.render()) and feed.take(4096) == b""


def test_seeking_starts_with_the_state_at_that_time():
    change = (1.0, mido.Message("program_change", program=73))
    synth = Synthesizer(make_midi((0, 0, [(0, 2, 60, 100), (6, 2, 60, 100)]), extra=[change]))
    whole, from_two = synth.render(), np.concatenate(list(synth.stream(2.0)))
    assert len(from_two) / RATE == pytest.approx(synth.duration - 2.0, abs=0.01)
    assert first_sound(from_two) == pytest.approx(1.0, abs=0.02)
    seeked = spectrum(seconds(from_two, 1.1, 1.8))[0]
    assert seeked @ spectrum(seconds(whole, 3.1, 3.8))[0] > 0.95  # the flute chosen before the seek point
    assert seeked @ spectrum(seconds(whole, 0.1, 0.8))[0] < 0.8  # not the piano of the start


def test_user_soundfont_path_is_used_and_bad_ones_are_refused(tmp_path):
    assert np.array_equal(render(A4, soundfont=default_soundfont()), render(A4))
    with pytest.raises(FileProblem, match="not a SoundFont"):
        Synthesizer(A4, soundfont=tmp_path / "notes.txt")
    junk = tmp_path / "junk.sf2"
    junk.write_bytes(b"RIFF....nope" * 10)
    with pytest.raises(FileProblem, match="not a SoundFont"):
        Synthesizer(A4, soundfont=junk)
    with pytest.raises(FileProblem, match="no such file"):
        Synthesizer(A4, soundfont=tmp_path / "absent.sf2")
    corrupt = tmp_path / "corrupt.sf2"
    corrupt.write_bytes(b"RIFF\x20\x00\x00\x00sfbkLIST\x04\x00\x00\x00" + b"junk" * 5)
    with pytest.raises(FileProblem, match="cannot be loaded as a SoundFont"):
        Synthesizer(A4, soundfont=corrupt)


def test_wav_round_trip_is_16_bit_stereo(tmp_path):
    frames = render(A4)
    write_wav(tmp_path / "a4.wav", frames, RATE)
    back, rate = read_wav(tmp_path / "a4.wav")
    assert rate == RATE and back.shape == frames.shape
    assert np.abs(back - frames).max() < 2 / 32767
    assert [p.name for p in tmp_path.iterdir()] == ["a4.wav"]  # no temporary file left behind


def test_a_real_solo_from_the_shared_data_renders(metheny_midi):
    synth = Synthesizer(metheny_midi)
    first = next(synth.stream(0.0))
    assert len(first) == 4096 and synth.performance.duration > 10


def test_a_restruck_cymbal_replaces_its_ring_but_other_drums_leave_it_alone():
    def drums(*hits):  # a quiet piano note at 7 s keeps the render going while the ride rings
        return render(make_midi((9, 0, list(hits)), (0, 0, [(14, 0.1, 30, 1)])))

    ride_once = drums((0, 0.2, 51, 100))
    with_kicks = drums((0, 0.2, 51, 100), (1, 0.1, 36, 100), (2, 0.1, 36, 100))
    assert rms(seconds(with_kicks, 2.5, 3.5)) == pytest.approx(rms(seconds(ride_once, 2.5, 3.5)), rel=0.05)
    pattern = drums(*[(b / 2, 0.2, 51, 100) for b in range(16)])
    assert rms(seconds(pattern, 4.5, 6.0)) == pytest.approx(rms(seconds(ride_once, 0.5, 2.0)), rel=0.25)


def test_the_tail_fades_out_instead_of_cutting_a_ringing_cymbal():
    frames = render(make_midi((9, 0, [(0, 0.2, 51, 120)])))
    assert rms(frames[: RATE // 2]) > 1e-3 and rms(seconds(frames, 1.0, 1.1)) > 3e-4
    assert np.abs(frames[-64:]).max() < 1e-4


def test_a_looped_stream_goes_round_without_a_gap():
    synth = Synthesizer(make_midi((0, 0, [(0, 0.5, 60, 100), (3, 1, 67, 100)])))  # 2 s long
    stream, frames = synth.stream(1.0, loop=True), []
    while sum(len(f) for f in frames) < 4 * RATE:
        frames.append(next(stream))
    looped = np.concatenate(frames)
    loop_point = round(1.0 * RATE)  # one second in, the MIDI ends and the first note sounds again
    assert first_sound(looped[loop_point:]) < 0.01 and first_sound(looped[loop_point + 2 * RATE:]) < 0.01
    assert rms(seconds(looped, 1.0, 1.2)) == pytest.approx(rms(seconds(synth.render(), 0.0, 0.2)), rel=0.1)


def test_export_reports_progress_and_a_cancel_leaves_no_file(tmp_path):
    from engine.audio.export import export_wav
    from engine.jobs import Cancelled, Job

    data = make_midi((0, 0, [(b, 1, 60, 90) for b in range(40)]))  # 20 s
    steps = []
    report = export_wav(data, tmp_path / "all.wav", job=Job(on_progress=lambda p: steps.append(p.step)))
    assert report["duration"] == pytest.approx(20 + TAIL_SECONDS, abs=0.01) and steps == sorted(steps)
    assert np.array_equal(read_wav(tmp_path / "all.wav")[0], read_wav_of(render(data)))
    job = Job()
    job.on_progress = lambda p: job.cancel()
    with pytest.raises(Cancelled):
        export_wav(data, tmp_path / "cancelled.wav", job=job)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.wav"]


def read_wav_of(frames):
    return np.frombuffer(to_pcm16(frames), "<i2").reshape(-1, 2).astype(np.float32) / 32767.0


def test_overs_are_rounded_off_not_clipped_and_quiet_samples_are_exact():
    ramp = np.linspace(-1.3, 1.3, 2601, dtype=np.float32)[:, None].repeat(2, axis=1)
    pcm = np.frombuffer(to_pcm16(ramp), "<i2").reshape(-1, 2)[:, 0].astype(int)
    assert np.all(np.diff(pcm) >= 0) and pcm.max() < 32767 and pcm.min() > -32767  # monotonic, no flat top
    at = {x: pcm[round((x + 1.3) * 1000)] for x in (0.95, 1.05, 1.2)}
    assert at[0.95] < at[1.05] < at[1.2]
    quiet = ramp[np.abs(ramp[:, 0]) <= 0.9]
    assert np.array_equal(np.frombuffer(to_pcm16(quiet), "<i2"), (quiet * 32767).astype("<i2").ravel())


def test_an_absurdly_long_file_is_refused_before_rendering(tmp_path):
    from engine.audio.export import export_wav

    days_later = make_midi((0, 0, [(0, 1, 60, 90), (400_000, 1, 62, 90)]))  # a note 55 hours in
    with pytest.raises(FileProblem, match="hours"):
        export_wav(days_later, tmp_path / "long.wav")
    assert not list(tmp_path.iterdir())


def test_a_long_file_at_a_high_sample_rate_is_refused_where_a_wav_would_overflow(tmp_path):
    """Under the 3-hour cap, but 1.7 h of 192 kHz stereo is over the 4 GiB a WAV header can state: it used to
    render gigabytes and then fail on the header with a struct error."""
    from engine.audio.export import export_wav

    two_hours = make_midi((0, 0, [(0, 1, 60, 90), (12_000, 1, 62, 90)]))  # the last note 100 minutes in
    with pytest.raises(FileProblem, match="stops at 1.6 hours at 192000 Hz"):
        export_wav(two_hours, tmp_path / "long.wav", sample_rate=192000)
    assert not list(tmp_path.iterdir())


def test_the_default_soundfont_is_found_without_importing_pretty_midi():
    probe = ("import sys; from engine.audio.soundfont import default_soundfont; "
             "assert default_soundfont().name == 'TimGM6mb.sf2'; assert 'pretty_midi' not in sys.modules")
    subprocess.run([sys.executable, "-c", probe], check=True)


def test_no_pretty_midi_means_a_clear_soundfont_problem(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    with pytest.raises(FileProblem, match="install pretty_midi"):
        default_soundfont()
