"""A `PcmFeed`: the synthesizer's stream as 16-bit bytes handed out in whatever sizes a sound card asks for.

Rendering happens lazily, one chunk ahead of the sound card, so Play starts after one small chunk.
"""

from __future__ import annotations

from .synthesizer import Synthesizer
from .wav import to_pcm16

BYTES_PER_FRAME = 4  # 16-bit stereo


class PcmFeed:
    def __init__(self, synth: Synthesizer, start: float = 0.0, tempo_scale: float = 1.0, chunk_frames: int = 2048,
                 loop: bool = False):
        self._chunks = synth.stream(start, chunk_frames=chunk_frames, tempo_scale=tempo_scale, loop=loop)
        self._pending = b""
        self.finished = False  # the stream is exhausted (the last bytes may still be pending)
        self.bytes_out = 0

    def take(self, max_bytes: int) -> bytes:
        """Up to ``max_bytes`` (whole frames) of PCM; b"" only at the end."""
        max_bytes -= max_bytes % BYTES_PER_FRAME
        while len(self._pending) < max_bytes and not self.finished:
            chunk = next(self._chunks, None)
            if chunk is None:
                self.finished = True
            else:
                self._pending += to_pcm16(chunk)
        out, self._pending = self._pending[:max_bytes], self._pending[max_bytes:]
        self.bytes_out += len(out)
        return out

    def put_back(self, data: bytes) -> None:
        """Return bytes the sound card did not accept; they go out first next time."""
        self._pending = data + self._pending
        self.bytes_out -= len(data)

    @property
    def exhausted(self) -> bool:
        return self.finished and not self._pending
