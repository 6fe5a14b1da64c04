"""Loaded TinySoundFont synths kept for reuse, so a seek or an edit does not parse the SoundFont again."""

from __future__ import annotations

import threading

FLUSH_FRAMES = 1024  # per render while the voices reset() quick-fades die away


class SynthPool:
    """Loaded TinySoundFont synths of finished streams, reset, by (SoundFont, rate, gain).

    Parsing a SoundFont takes 20 ms for TimGM6mb and seconds for a big one; seeks, tempo changes and
    every edit of a playing piece start a new stream, so they reuse a loaded synth instead.
    """

    def __init__(self, per_key: int = 2, keys: int = 2):
        self.idle: dict[tuple, list] = {}
        self.per_key, self.keys, self.lock = per_key, keys, threading.Lock()

    def borrow(self, font: bytes, rate: int, gain: float):
        import tinysoundfont

        with self.lock:
            idle = self.idle.get((font, rate, gain))
            if idle:
                return idle.pop()
        tsf = tinysoundfont.Synth(gain=gain, samplerate=rate)
        return tsf, tsf.sfload(font)

    def give_back(self, key: tuple, tsf, sfid: int) -> None:
        """Keep a synth for the next stream once the voices reset() quick-fades are silent."""
        import numpy as np

        tsf.soundfonts[sfid].reset()
        scratch = np.zeros((FLUSH_FRAMES, 2), np.float32)
        for _ in range(16):
            tsf.generate_simple(FLUSH_FRAMES, buffer=memoryview(scratch).cast("B"))
            if not scratch.any():
                return self._keep(key, (tsf, sfid))

    def _keep(self, key: tuple, loaded) -> None:
        with self.lock:
            if key not in self.idle and len(self.idle) >= self.keys:
                self.idle.pop(next(iter(self.idle)))  # the least recently added SoundFont
            idle = self.idle.setdefault(key, [])
            if len(idle) < self.per_key:
                idle.append(loaded)

    def warm(self, key: tuple) -> None:
        with self.lock:
            if self.idle.get(key):
                return
        self._keep(key, self.borrow(*key))


POOL = SynthPool()
