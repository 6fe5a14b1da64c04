"""Rendering a piece to a WAV file chunk by chunk: constant memory, progress, and Cancel for the window."""

from __future__ import annotations

import os
import time
import wave

from ..errors import FileProblem
from ..files import writing
from .synthesizer import TAIL_SECONDS, Synthesizer
from .wav import KNEE, to_pcm16

CHUNK_FRAMES = 16384
MAX_SECONDS = 3 * 3600  # a WAV can hold 6.7 h of CD audio; a corrupt delta time can claim days
WAV_DATA_BYTES = 0xFFFFFFFF - 36  # the RIFF header's 32-bit size: at 192 kHz that is 1.6 h, not 3


def export_wav(source, out: str | os.PathLike, soundfont: str | os.PathLike | None = None,
               sample_rate: int = 44100, tempo_scale: float = 1.0, job=None) -> dict:
    """Write ``source`` (MIDI path, bytes, mido.MidiFile or Performance) as 16-bit stereo WAV, atomically.

    Returns {"out", "duration", "midi_duration", "peak", "peak_dbfs", "silent", "mix_peak_dbfs",
    "limited_seconds", "sample_rate", "notes", "render_seconds"}: the peak is the written file's; the mix
    may go over full scale, and ``limited_seconds`` says how long the soft limiter held it in.
    A cancelled job (engine.jobs.Cancelled) leaves no file behind.
    """
    began = time.perf_counter()
    synth = Synthesizer(source, soundfont, sample_rate)
    total = synth.performance.duration / tempo_scale + TAIL_SECONDS
    longest = min(MAX_SECONDS, WAV_DATA_BYTES / (4 * sample_rate))  # 4 bytes: a 16-bit stereo frame
    if total > longest:
        why = (f"{MAX_SECONDS // 3600} hours" if longest == MAX_SECONDS
               else f"{longest / 3600:.1f} hours at {sample_rate} Hz")
        raise FileProblem(f"lasts {total / 3600:.1f} hours; WAV export stops at {why}",
                          source if isinstance(source, (str, os.PathLike)) else None)
    levels = _Levels()
    with writing(out) as f, wave.open(f, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        for chunk in synth.stream(0.0, CHUNK_FRAMES, tempo_scale):
            pcm = to_pcm16(chunk)
            w.writeframes(pcm)
            levels.add(chunk, pcm)
            if job is not None:
                job.report(round(levels.frames / sample_rate), round(total), "rendering")
    return _report(out, synth, levels, time.perf_counter() - began)


class _Levels:
    """Peaks of the mix and of the 16-bit samples written, and how many frames the limiter touched."""

    def __init__(self):
        self.frames, self.limited, self.mix_peak, self.written_peak = 0, 0, 0.0, 0

    def add(self, chunk, pcm: bytes) -> None:
        import numpy as np

        # left against right, not max(axis=1): numpy's reduction over a length-2 axis took 1.3 s of a 9 s render
        loudest = np.maximum(np.abs(chunk[:, 0]), np.abs(chunk[:, 1])) if len(chunk) else np.zeros(0)
        self.frames += len(chunk)
        self.limited += int(np.count_nonzero(loudest > KNEE))
        self.mix_peak = max(self.mix_peak, float(loudest.max(initial=0.0)))
        samples = np.frombuffer(pcm, "<i2").astype(np.int32)
        self.written_peak = max(self.written_peak, int(np.abs(samples).max(initial=0)))


def level_warning(report: dict) -> str:
    """Why the WAV will not sound as the MIDI file intends: silence, or a mix too loud for 16 bits."""
    if report["silent"]:
        return "is silent: no note made a sound with this SoundFont (pitches outside its samples?)"
    if (report["mix_peak_dbfs"] or 0) > 0:
        limited = _duration(report["limited_seconds"])
        return (f"the mix peaked at +{report['mix_peak_dbfs']:.1f} dBFS; {limited} of it was limited to fit "
                "16-bit audio and may sound squashed")
    return ""


def _duration(seconds: float) -> str:
    """'1.5 s', '22 ms', 'under 1 ms': never '0.0 s' for a limiter that held a few samples."""
    if seconds >= 0.9995:  # 1000 ms and up
        return f"{seconds:.1f} s"
    return f"{round(seconds * 1000)} ms" if seconds >= 0.0005 else "under 1 ms"


def _dbfs(level: float) -> float | None:
    import math

    return round(20 * math.log10(level), 2) if level > 0 else None


def _report(out, synth: Synthesizer, levels: _Levels, seconds: float) -> dict:
    rate, peak = synth.sample_rate, levels.written_peak / 32767
    return {"out": os.fspath(out), "duration": round(levels.frames / rate, 3),
            "midi_duration": round(synth.performance.duration, 3), "peak": round(peak, 4),
            "peak_dbfs": _dbfs(peak), "silent": levels.written_peak == 0,
            "mix_peak_dbfs": _dbfs(levels.mix_peak), "limited_seconds": round(levels.limited / rate, 3),
            "sample_rate": rate, "notes": len(synth.performance.notes), "render_seconds": round(seconds, 3)}
