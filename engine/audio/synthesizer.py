"""Rendering a `Performance` to stereo PCM with TinySoundFont, whole or as a stream of chunks.

The synth is advanced in segments cut at event times and on a fixed grid of GRID frames counted from the
stream's start. TinySoundFont updates envelopes per render call, so fixing the cuts makes the samples
independent of the chunk size: a stream and a whole render are identical, sample for sample.

Each drum key gets its own internal channel so that striking it again chokes its previous ring, as on a
real cymbal; otherwise a ride pattern piles up dozens of 10-second voices and rendering slows threefold.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterator

from ..errors import FileProblem
from .performance import GM_VOLUME, STATE_KINDS, WITHHELD_CONTROLS, Event, Performance, performance_of
from .soundfont import resolve_soundfont, soundfont_bytes
from .synth_pool import POOL

DRUM_CHANNEL = 9  # MIDI channel 10
DRUM_BANK = 128
DRUM_VOICE_BASE = 16  # drum key k sounds on internal channel 16 + k (TinySoundFont grows its channels)
GRID = 1024  # frames; every chunk is a whole number of grid cells
TAIL_SECONDS = 1.5  # release tail after the last MIDI event
FADE_SECONDS = 0.5  # the tail's end fades out, so a cymbal still ringing is not cut with a click
LOOP_FADE_SECONDS = 0.005  # at a loop point: just enough to avoid a click from notes still ringing
MIN_LOOP_SECONDS = 0.25
DEFAULT_RATE = 44100
DEFAULT_GAIN_DB = -3.0  # a full band on TimGM6mb peaks near 0 dBFS at 0 dB gain


class Synthesizer:
    """Plays one Performance through one SoundFont; each stream gets a reset synth (no stuck notes)."""

    def __init__(self, source, soundfont: str | os.PathLike | None = None, sample_rate: int = DEFAULT_RATE,
                 gain_db: float = DEFAULT_GAIN_DB):
        self.performance = source if isinstance(source, Performance) else performance_of(source)
        self.sample_rate = int(sample_rate)
        self.gain_db = gain_db
        self._key = (soundfont_bytes(soundfont), self.sample_rate, float(gain_db))
        self._frames: dict[float, list[int]] = {}  # event frames per tempo scale: a seek is then a bisect
        try:
            POOL.warm(self._key)  # the SoundFont is parsed when the piece is loaded, not when Play is pressed
        except Exception as e:  # noqa: BLE001 - the binding raises bare RuntimeError for a corrupt font
            raise FileProblem(f"cannot be loaded as a SoundFont ({e})", resolve_soundfont(soundfont)) from None

    @property
    def duration(self) -> float:
        """Seconds of audio a whole render gives at the written tempo (MIDI length plus the tail)."""
        return self.performance.duration + TAIL_SECONDS

    def render(self, tempo_scale: float = 1.0):
        """The whole piece as float32 frames, shape (n, 2)."""
        import numpy as np

        chunks = list(self.stream(0.0, tempo_scale=tempo_scale))
        return np.concatenate(chunks) if chunks else np.zeros((0, 2), np.float32)

    def stream(self, start: float = 0.0, chunk_frames: int = 4096, tempo_scale: float = 1.0,
               loop: bool = False) -> Iterator:
        """Chunks of float32 frames (n, 2) from ``start`` (seconds at the written tempo) to the end.

        ``tempo_scale`` > 1 plays faster. The first chunk is ready after one chunk of synthesis. With
        ``loop`` the stream never ends: at the end of the MIDI it goes on from the start without a gap.
        """
        if not loop or self.performance.duration < MIN_LOOP_SECONDS:
            return _Stream(self, max(0.0, start), chunk_frames, tempo_scale).chunks()
        return self._looped(max(0.0, start), chunk_frames, tempo_scale)

    def frames_at(self, tempo_scale: float) -> list[int]:
        """The frame of every event when played at ``tempo_scale`` (cached)."""
        if tempo_scale not in self._frames:
            per_second = self.sample_rate / tempo_scale
            self._frames[tempo_scale] = [round(e.time * per_second) for e in self.performance.events]
        return self._frames[tempo_scale]

    def _looped(self, start: float, chunk_frames: int, tempo_scale: float) -> Iterator:
        while True:
            yield from _Stream(self, start, chunk_frames, tempo_scale, 0.0, LOOP_FADE_SECONDS).chunks()
            start = 0.0


class _Stream:
    def __init__(self, synth: Synthesizer, start: float, chunk_frames: int, tempo_scale: float,
                 tail: float = TAIL_SECONDS, fade: float = FADE_SECONDS):
        self.rate, self.scale = synth.sample_rate, max(0.05, float(tempo_scale))
        self.chunk = max(GRID, -(-int(chunk_frames) // GRID) * GRID)
        self.key = synth._key
        self.tsf, self.sfid = POOL.borrow(*self.key)
        self.banks = [0] * 16
        # Every channel starts at General MIDI's volume, as on a GM device and after a type-2 sequence's reset;
        # the drum keys' own channels get it with the kit's controls
        self.kit, self.drum_voices = 0, set()
        self.drum_controls = {7: Event(0.0, "control", DRUM_CHANNEL, 7, GM_VOLUME)}
        for channel in range(16):
            self._program(channel, 0)
            self.tsf.control_change(channel, 7, GM_VOLUME)
        self.events, self.frames, origin = synth.performance.events, synth.frames_at(self.scale), self._frame(start)
        self.next = bisect.bisect_left(self.frames, origin)
        for e in self.events[:self.next]:
            if e.kind in STATE_KINDS:
                self._send(e)  # bring instruments, controllers and bends up to date at the seek point
        self.origin = origin
        self.end = max(0, self._frame(synth.performance.duration) - origin) + int(tail * self.rate)
        self.fade = max(1, int(fade * self.rate))

    def _frame(self, seconds: float) -> int:
        return round(seconds / self.scale * self.rate)

    def chunks(self) -> Iterator:
        try:
            yield from self._render()
        finally:  # also when the player drops the stream at a seek
            try:
                POOL.give_back(self.key, self.tsf, self.sfid)
            except Exception:  # noqa: BLE001, S110 - at interpreter exit; an unreused synth is just garbage
                pass

    def _render(self) -> Iterator:
        import numpy as np

        pos, i, count = self.origin, self.next, len(self.events)
        end = self.origin + self.end
        while pos < end:
            length = min(self.chunk, end - pos)
            buf = np.zeros((length, 2), np.float32)
            view = memoryview(buf).cast("B")
            done = 0
            while done < length:
                while i < count and self.frames[i] <= pos + done:
                    self._send(self.events[i])
                    i += 1
                stop = min(length, (pos + done - self.origin) // GRID * GRID + GRID + self.origin - pos)
                if i < count:
                    stop = min(stop, self.frames[i] - pos)
                self.tsf.generate_simple(stop - done, buffer=view[done * 8:stop * 8])
                done = stop
            self._fade_out(buf, pos - self.origin)
            pos += length
            yield buf

    def _fade_out(self, buf, pos: int) -> None:
        import numpy as np

        if pos + len(buf) > self.end - self.fade:
            frames = np.arange(pos, pos + len(buf))
            buf *= np.clip((self.end - frames) / self.fade, 0.0, 1.0).astype(np.float32)[:, None]

    def _send(self, e: Event) -> None:
        if e.channel != DRUM_CHANNEL:
            return self._apply(e, e.channel)
        if e.kind in ("on", "off"):
            return self._strike(e)
        self.kit = e.a if e.kind == "program" else self.kit
        if e.kind in ("control", "bend"):
            self.drum_controls[-1 if e.kind == "bend" else e.a] = e
        for channel in (DRUM_CHANNEL, *self.drum_voices):
            self._apply(e, channel)

    def _apply(self, e: Event, channel: int) -> None:
        tsf = self.tsf
        if e.kind == "on":
            tsf.noteon(channel, e.a, e.b)
        elif e.kind == "off":
            tsf.noteoff(channel, e.a)
        elif e.kind == "program":
            self._program(channel, e.a)
        elif e.kind == "bend":
            tsf.pitchbend(channel, e.a)
        elif e.a == 0 and channel < 16:
            self.banks[channel] = e.b
        elif e.a not in WITHHELD_CONTROLS:
            tsf.control_change(channel, e.a, e.b)

    def _strike(self, e: Event) -> None:
        voice = DRUM_VOICE_BASE + e.a
        if e.kind == "off":
            return self._apply(e, voice) if voice in self.drum_voices else None
        if voice in self.drum_voices:
            self.tsf.control_change(voice, 120, 0)  # all sound off, with TinySoundFont's quick fade
        else:
            self.drum_voices.add(voice)
            self._program(voice, self.kit)
            for state in self.drum_controls.values():
                self._apply(state, voice)
        self._apply(e, voice)

    def _program(self, channel: int, program: int) -> None:
        """Select a preset, falling back to the GM default of the bank when the font lacks it."""
        drums = channel == DRUM_CHANNEL or channel >= DRUM_VOICE_BASE
        bank = DRUM_BANK if drums else self.banks[channel]
        for b, p in ((bank, program), (bank, 0), (0, program), (0, 0)):
            try:
                self.tsf.program_select(channel, self.sfid, b, p, is_drums=drums)
                return
            except Exception:  # noqa: BLE001, S112 - the binding signals a missing preset this way
                continue
