"""Rendering a piece to a WAV file chunk by chunk: constant memory, progress, and Cancel for the window."""

from __future__ import annotations

import os
import time
import wave

from ..errors import FileProblem
from ..files import writing
from .synthesizer import TAIL_SECONDS, Synthesizer
from .wav import to_pcm16

CHUNK_FRAMES = 16384
MAX_SECONDS = 3 * 3600  # a WAV can hold 6.7 h of CD audio; a corrupt delta time can claim days
WAV_DATA_BYTES = 0xFFFFFFFF - 36  # the RIFF header's 32-bit size: at 192 kHz that is 1.6 h, not 3


def export_wav(source, out: str | os.PathLike, soundfont: str | os.PathLike | None = None,
               sample_rate: int = 44100, tempo_scale: float = 1.0, job=None) -> dict:
    """Write ``source`` (MIDI path, bytes, mido.MidiFile or Performance) as 16-bit stereo WAV, atomically.

    Returns {"out", "duration", "midi_duration", "peak", "peak_dbfs", "sample_rate", "notes",
    "render_seconds"}. A cancelled job (engine.jobs.Cancelled) leaves no file behind.
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
    frames, peak = 0, 0.0
    with writing(out) as f, wave.open(f, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        for chunk in synth.stream(0.0, CHUNK_FRAMES, tempo_scale):
            w.writeframes(to_pcm16(chunk))
            frames, peak = frames + len(chunk), max(peak, float(abs(chunk).max()))
            if job is not None:
                job.report(round(frames / sample_rate), round(total), "rendering")
    return _report(out, synth, frames, peak, time.perf_counter() - began)


def _report(out, synth: Synthesizer, frames: int, peak: float, seconds: float) -> dict:
    import math

    return {"out": os.fspath(out), "duration": round(frames / synth.sample_rate, 3),
            "midi_duration": round(synth.performance.duration, 3), "peak": round(peak, 4),
            "peak_dbfs": round(20 * math.log10(peak), 2) if peak > 0 else None,
            "sample_rate": synth.sample_rate, "notes": len(synth.performance.notes),
            "render_seconds": round(seconds, 3)}
