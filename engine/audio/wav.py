"""16-bit stereo PCM: the format of exported WAV files and of the bytes fed to the sound card."""

from __future__ import annotations

import os
import wave

from ..errors import FileProblem
from ..files import writing

KNEE = 0.9  # above this a dense arrangement is rounded off softly instead of clipped flat


def to_pcm16(frames) -> bytes:
    """float32 frames (n, 2) to interleaved little-endian int16; peaks above the knee are soft-limited."""
    import numpy as np

    if len(frames) and float(np.abs(frames).max()) > KNEE:
        over = np.abs(frames) > KNEE
        room = 1.0 - KNEE
        frames = np.where(over, np.sign(frames) * (KNEE + room * np.tanh((np.abs(frames) - KNEE) / room)), frames)
    return (np.clip(frames, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()


def write_wav(path: str | os.PathLike, frames, sample_rate: int) -> None:
    """Write a 16-bit stereo WAV atomically: the old file or the complete new one, never half."""
    with writing(path) as f, wave.open(f, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(int(sample_rate))
        w.writeframes(to_pcm16(frames))


def read_wav(path: str | os.PathLike):
    """A 16-bit WAV back as float32 frames (n, channels) and its sample rate (for tests and checks)."""
    import numpy as np

    try:
        with wave.open(os.fspath(path), "rb") as w:
            rate, channels, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
            raw = w.readframes(w.getnframes())
    except (wave.Error, EOFError) as e:
        raise FileProblem(f"is not a WAV file ({e})", path) from None
    if width != 2:
        raise FileProblem(f"is {8 * width}-bit; only 16-bit WAV is read", path)
    return np.frombuffer(raw, "<i2").reshape(-1, channels).astype(np.float32) / 32767.0, rate
