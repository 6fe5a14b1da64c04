"""Audio benchmark: render speed as a multiple of real time (target >= 50x), Play to first buffer and to sound.

The piece is a generated jazz quartet chart made with mido: trumpet melody, piano comping with the
sustain pedal, walking bass and a swing drum kit on channel 10, with a tempo change half-way, ~2.5 minutes.
"""

from __future__ import annotations

import io
import os
import random
import time

TICKS = 480
PROGRESSION = [(2, "m7"), (7, "7"), (0, "maj7"), (9, "7")]  # ii-V-I-VI in the key
CHORD_TONES = {"m7": (0, 3, 7, 10), "7": (0, 4, 7, 10), "maj7": (0, 4, 7, 11)}


def band_midi(seconds: float = 150.0, seed: int = 7) -> bytes:
    """A multi-track General MIDI arrangement of about ``seconds`` at 160 then 176 bpm."""
    import mido

    rng = random.Random(seed)
    bars = int(seconds / (4 * 60 / 168))
    mid = mido.MidiFile(ticks_per_beat=TICKS)
    conductor = mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(160)),
                                mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(176), time=bars // 2 * 4 * TICKS)])
    mid.tracks.append(conductor)
    for channel, program, part in ((0, 56, _melody), (1, 0, _comping), (2, 32, _bass), (9, 0, _drums)):
        notes = [n for bar in range(bars) for n in part(bar, _chord(bar), rng)]
        mid.tracks.append(_track(channel, program, notes, pedal=channel == 1))
    out = io.BytesIO()
    mid.save(file=out)
    return out.getvalue()


def _chord(bar: int) -> tuple[int, tuple[int, ...]]:
    key = (0, 5, 10, 3)[bar // 16 % 4]
    degree, quality = PROGRESSION[bar % 4]
    return 48 + (key + degree) % 12, CHORD_TONES[quality]


def _melody(bar, chord, rng):
    root, tones = chord
    beat, out = 0.0, []
    while beat < 4:
        length = rng.choice((0.5, 0.5, 0.5, 1.0, 1.5))
        if rng.random() > 0.15:
            out.append((bar * 4 + beat, length * 0.9, root + 24 + rng.choice(tones) + rng.choice((0, 12)),
                        rng.randint(70, 110)))
        beat += length
    return out


def _comping(bar, chord, rng):
    root, tones = chord
    hits = rng.choice(((0, 2.5), (1.5, 3), (0, 1.5, 3)))
    return [(bar * 4 + h, 0.8, root + 12 + t, rng.randint(55, 80)) for h in hits for t in tones]


def _bass(bar, chord, rng):
    root, tones = chord
    return [(bar * 4 + b, 0.95, root - 12 + (0, rng.choice(tones), 7, rng.choice((-1, 1, 5)))[b], 95)
            for b in range(4)]


def _drums(bar, chord, rng):
    ride = [(bar * 4 + b, 0.2, 51, 80) for b in (0, 1, 1.66, 2, 3, 3.66)]
    feet = [(bar * 4 + b, 0.1, 44, 60) for b in (1, 3)]
    kick = [(bar * 4, 0.2, 36, 90)] + ([(bar * 4 + 2.66, 0.1, 38, 70)] if rng.random() < 0.5 else [])
    return ride + feet + kick


def _track(channel, program, notes, pedal=False):
    import mido

    timed = [(0.0, 0, mido.Message("program_change", channel=channel, program=program))]
    for start, length, key, velocity in notes:
        timed.append((start, 2, mido.Message("note_on", channel=channel, note=key, velocity=velocity)))
        timed.append((start + length, 1, mido.Message("note_off", channel=channel, note=key)))
    if pedal:  # pedal down through each bar, up on the barline (up sorts before the downbeat's down)
        for bar in range(int(max(n[0] for n in notes) // 4) + 1):
            timed.append((bar * 4 + 0.05, 2, mido.Message("control_change", channel=channel, control=64, value=127)))
            timed.append((bar * 4 + 3.98, 1, mido.Message("control_change", channel=channel, control=64, value=0)))
    track, last = mido.MidiTrack(), 0
    for beat, _, msg in sorted(timed, key=lambda x: (x[0], x[1])):
        tick = round(beat * TICKS)
        track.append(msg.copy(time=tick - last))
        last = tick
    return track


def run() -> list[tuple[str, str]]:
    import numpy as np

    from engine.audio.soundfont import _cached_bytes
    from engine.audio.synthesizer import Synthesizer

    data = band_midi()
    _cached_bytes.cache_clear()
    cold_ms, synth = _timed(lambda: Synthesizer(data))
    load_ms, synth = _timed(lambda: Synthesizer(data))
    wall, cpu = time.perf_counter(), time.process_time()
    frames = synth.render()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    seconds = len(frames) / synth.sample_rate
    first_ms = sorted(_first_chunk_ms(synth, 0.0) for _ in range(5))[2]
    seek_ms = sorted(_first_chunk_ms(synth, 90.0) for _ in range(5))[2]
    return [("piece", f"{seconds:.0f} s, {len(synth.performance.notes)} notes, 4 tracks"),
            ("render speed, wall clock", f"{seconds / wall:.0f}x real time ({wall:.2f} s; target >= 50x)"),
            ("render speed, CPU time", f"{seconds / cpu:.0f}x real time (as if the machine were idle)"),
            ("peak level", f"{20 * np.log10(float(np.abs(frames).max())):.1f} dBFS"),
            ("first set_midi (MIDI + reading and parsing the SoundFont)", f"{cold_ms:.0f} ms"),
            ("later set_midi (MIDI parse; the SoundFont is cached)", f"{load_ms:.0f} ms"),
            ("Play to first chunk (2048 frames, loaded synth)", f"{first_ms:.1f} ms (median of 5)"),
            ("seek to 90 s, first chunk", f"{seek_ms:.1f} ms (median of 5)")] + _sink_rows(data)


def _first_chunk_ms(synth, at: float) -> float:
    began = time.perf_counter()
    stream = synth.stream(at, chunk_frames=2048)
    next(stream)
    elapsed = time.perf_counter() - began
    stream.close()  # hands the synth back to the pool, outside the timing as in the player
    return elapsed * 1000


def _timed(fn) -> tuple[float, object]:
    began = time.perf_counter()
    result = fn()
    return (time.perf_counter() - began) * 1000, result


def _sink_rows(data: bytes) -> list[tuple[str, str]]:
    """Time from AudioPlayer.play() to the first buffer written into a real QAudioSink, if there is one."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer
    from PySide6.QtMultimedia import QMediaDevices

    from gui.app import make_application
    from gui.audio.player import AudioPlayer

    app = make_application()  # a QApplication: later benchmarks in this process need one, not a QCoreApplication
    if QMediaDevices.defaultAudioOutput().isNull():
        return [("Play to first buffer in QAudioSink", "no audio output device on this machine")]
    player, clock = AudioPlayer(), QElapsedTimer()
    player.set_midi(data)
    clock.start()
    player.play()
    while player.bytes_written == 0 and clock.elapsed() < 3000:
        app.processEvents()
    elapsed = clock.elapsed()
    player.stop()
    return [("Play to first buffer in QAudioSink", f"{elapsed} ms"), _heard_row(app, player)]


def _heard_row(app, player) -> tuple[str, str]:
    """Play to the first sound recorded back from the output's monitor (PulseAudio), median of 5. A quiet
    low-latency stream keeps the sink running meanwhile, as a sound card in use is (an idle null sink wakes
    in 2 s blocks, which would measure the virtual sink, not Encore)."""
    import shutil
    import subprocess
    import threading

    import numpy as np

    label = "Play to first sound back from the sound server (PulseAudio monitor)"
    if not (shutil.which("parec") and shutil.which("pacat")):
        return label, "no PulseAudio tools (parec, pacat) here"
    raw = ["--raw", "--format=s16le", "--rate=44100", "--channels=2", "--latency-msec=10"]
    with open("/dev/zero", "rb") as silence:
        keep = subprocess.Popen(["pacat", *raw], stdin=silence, stderr=subprocess.DEVNULL)
    time.sleep(2.5)  # past the sink's wake-up
    times = []
    for _ in range(5):
        recorder = subprocess.Popen(["parec", "--device=@DEFAULT_MONITOR@", *raw], stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, bufsize=0)
        heard: list[float] = []

        def listen(out=recorder.stdout, heard=heard):
            while block := out.read(1764):
                if np.abs(np.frombuffer(block[:len(block) // 2 * 2], np.int16)).max() > 30:
                    heard.append(time.perf_counter())
                    return

        threading.Thread(target=listen, daemon=True).start()
        time.sleep(0.3)
        began = time.perf_counter()
        player.play()
        while not heard and time.perf_counter() - began < 3:
            app.processEvents()
            time.sleep(0.002)
        player.stop()
        recorder.kill()
        recorder.wait()
        if heard:
            times.append((heard[0] - began) * 1000)
    keep.kill()
    keep.wait()
    if len(times) < 5:
        return label, f"no sound came back in {5 - len(times)} of 5 tries"
    return label, f"{sorted(times)[2]:.0f} ms (median of 5; {min(times):.0f}-{max(times):.0f} ms)"


if __name__ == "__main__":
    for label, figure in run():
        print(f"{label:66} {figure}")
