"""Where playback goes: the sound card through a QAudioSink, or an external MIDI port.

Both answer the same few calls so `AudioPlayer` can keep one state machine; each reports how far into the
piece (seconds at the written tempo) the listener has heard.
"""

from __future__ import annotations

import time
from dataclasses import replace

from PySide6 import QtMultimedia
from PySide6.QtCore import QElapsedTimer
from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices

from engine.audio.feed import BYTES_PER_FRAME, PcmFeed
from engine.audio.performance import STATE_KINDS, Event
from engine.audio.synthesizer import Synthesizer

SINK_BUFFER_SECONDS = 0.5  # rides out a busy GUI thread; Stop, Pause and Seek drop it, so it costs no delay
FIRST_WRITE_FRAMES = 2048  # Play writes 46 ms at once; the timer tops up the rest in small slices
PUMP_FRAMES = 4096  # per tick: a few ms of synthesis, never a long stall of the GUI thread
STALL_SECONDS = 1.5  # the sound card's clock standing this long with sound to play: its server is gone
START_SECONDS = 5.0  # the same before its first sound: a sound server can take over a second to wake a device
ALL_SOUND_OFF = 120  # the MIDI controller that silences a channel at once, leaving its sustain pedal as it is
# Qt 6.7 moved the sink's enums to QtAudio; comparing against the old QAudio ones is silently always unequal.
AUDIO = getattr(QtMultimedia, "QtAudio", None) or QtMultimedia.QAudio


def audio_problem() -> str | None:
    """Why there is no sound output, or None when a default output device exists."""
    if QMediaDevices.defaultAudioOutput().isNull():
        return "No audio output device: cannot play here (rendering to WAV still works)"
    return None


class StallWatch:
    """Notices a sink whose clock stopped. Qt's PulseAudio sink still reads Active with no error after the
    sound server went away; only its count of what it has played stands still (and the playhead with it)."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.reset()

    def reset(self) -> None:
        """Play, Resume: the clock may take a while to start again."""
        self.played, self.since, self.moved = None, None, False

    def stalled(self, played_usecs: int, should_advance: bool) -> bool:
        """True once ``played_usecs`` has stood still for STALL_SECONDS of ``should_advance`` (START_SECONDS
        before it first moved)."""
        now = self.clock()
        if played_usecs != self.played:
            self.moved = self.moved or self.played is not None
        elif should_advance:
            return now - self.since > (STALL_SECONDS if self.moved else START_SECONDS)
        self.played, self.since = played_usecs, now
        return False


class SinkOutput:
    """Push-mode QAudioSink fed from a PcmFeed a little ahead of the sound card; loops without a gap."""

    def __init__(self, synth: Synthesizer, owner=None):
        self.synth, self.owner, self.sink, self.io, self.feed = synth, owner, None, None, None
        self.origin, self.scale, self.volume, self.loop = 0.0, 1.0, 1.0, False
        self.paused, self.watch = False, StallWatch()

    def start(self, at: float, scale: float, loop: bool = False) -> str | None:
        """Begin at ``at`` seconds; returns a problem message instead of raising."""
        self.stop()
        self.origin, self.scale, self.loop, self.paused = at, scale, loop, False
        self.watch.reset()
        self.feed = PcmFeed(self.synth, at, scale, loop=loop)
        device = QMediaDevices.defaultAudioOutput()
        self.sink = QAudioSink(device, _format(self.synth.sample_rate), self.owner)  # dies with its player
        self.sink.setBufferSize(int(self.synth.sample_rate * SINK_BUFFER_SECONDS) * BYTES_PER_FRAME)
        self.sink.setVolume(self.volume)
        self.io = self.sink.start()
        if self.io is None or self.sink.error() != AUDIO.Error.NoError:
            self.stop()
            return "The audio device could not be opened"
        self.pump(FIRST_WRITE_FRAMES * BYTES_PER_FRAME, force=True)
        return None

    def pump(self, limit: int = PUMP_FRAMES * BYTES_PER_FRAME, force: bool = False) -> int:
        """Top the sink up by at most ``limit`` bytes (``force``: even if it claims to be full)."""
        if self.sink is None:
            return 0
        data = self.feed.take(limit if force else min(self.sink.bytesFree(), limit))
        written = max(0, int(self.io.write(data))) if data else 0
        if written < len(data):
            self.feed.put_back(data[written:])
        return written

    def failure(self) -> str | None:
        """A message when the device broke off (unplugged, taken by another program, its sound server gone);
        underruns are normal."""
        if self.sink is None:
            return None
        error = self.sink.error()
        if error not in (AUDIO.Error.NoError, AUDIO.Error.UnderrunError):
            return f"The audio device stopped ({error.name})"
        if self.watch.stalled(self.sink.processedUSecs(), self._should_drain()):
            return "The audio output stopped (the sound system took no sound: is it still running?)"
        return None

    def _should_drain(self) -> bool:
        """Playing with its buffer at least half full. Pulse plays nothing until the buffer first fills, and
        the piece's end or a busy window empties it: the clock may stand then."""
        sink = self.sink
        active = not self.paused and sink.state() == AUDIO.State.ActiveState
        return active and sink.bytesFree() <= sink.bufferSize() // 2

    def heard(self) -> float:
        heard = self.origin + (self.sink.processedUSecs() / 1e6 * self.scale if self.sink is not None else 0.0)
        length = self.synth.performance.duration
        return (heard - length) % length if self.loop and heard >= length > 0 else heard

    def finished(self) -> bool:
        return self.feed is not None and self.feed.exhausted and self.sink is not None \
            and self.sink.state() == AUDIO.State.IdleState

    def pause(self) -> None:
        self.paused = True
        if self.sink is not None:
            self.sink.suspend()

    def resume(self) -> None:
        self.paused = False
        self.watch.reset()  # the pause was no stall
        if self.sink is not None:
            self.sink.resume()

    def stop(self) -> None:
        if self.sink is not None:
            self.sink.stop()
            self.sink.deleteLater()
        self.sink, self.io = None, None

    def set_volume(self, volume: float) -> None:
        """``volume`` as the slider shows it (0..1); the ear hears loudness logarithmically."""
        self.volume = AUDIO.convertVolume(volume, AUDIO.VolumeScale.LogarithmicVolumeScale,
                                          AUDIO.VolumeScale.LinearVolumeScale)
        if self.sink is not None:
            self.sink.setVolume(self.volume)


class MidiPortOutput:
    """Sends events on a wall clock to a mido port; volume scales velocities (the file keeps its CC7).

    A port that fails (unplugged, its synth quit) raises on every send: the first failure is kept, sending
    stops, and `failure()` gives the player one message to stop with."""

    def __init__(self, synth: Synthesizer, port):
        self.events, self.port = synth.performance.events, port
        self.duration = synth.performance.duration
        self.clock, self.origin, self.scale, self.volume, self.next = QElapsedTimer(), 0.0, 1.0, 1.0, 0
        self.running, self.problem = False, None

    def start(self, at: float, scale: float, loop: bool = False) -> str | None:
        self.origin, self.scale = at, scale
        self.next = sum(1 for e in self.events if e.time < at)
        self.running = self._safely(self._catch_up)
        self.clock.restart()
        return self.problem

    def _catch_up(self) -> None:
        """Silence, then the instruments, controllers and bends in force at the start point."""
        self.port.panic()  # the player restarts a MIDI port at the loop point itself
        for e in self.events[:self.next]:
            if e.kind in STATE_KINDS:
                self.port.send(e)

    def pump(self, limit: int = 0, force: bool = False) -> int:
        before = self.next
        self._safely(self._send_due)
        return self.next - before

    def _send_due(self) -> None:
        now = self.heard()
        while self.running and self.next < len(self.events) and self.events[self.next].time <= now:
            e = self._at_volume(self.events[self.next])
            if e is not None:
                self.port.send(e)
            self.next += 1

    def _at_volume(self, e: Event) -> Event | None:
        """The event as the Vol slider has it; at 0 no note-on at all (one of velocity 0 is a note-off), so the
        port is as silent as the built-in synthesiser."""
        if e.kind != "on":
            return e
        if self.volume <= 0:
            return None
        return replace(e, b=max(1, round(e.b * self.volume)))

    def _safely(self, action) -> bool:
        """Run ``action`` on the port; False, the sending stopped and the problem kept when the port fails."""
        try:
            action()
            return True
        except Exception as e:  # noqa: BLE001 - rtmidi and the system raise their own kinds
            self.problem = self.problem or f"The MIDI output '{self.port.name}' stopped working ({e})"
            self.origin, self.running = self.heard(), False  # the playhead stays where the sound stopped
            return False

    def heard(self) -> float:
        return self.origin + (self.clock.elapsed() / 1000 * self.scale if self.running else 0.0)

    def finished(self) -> bool:
        return self.running and self.heard() >= self.duration

    def failure(self) -> str | None:
        return self.problem

    def pause(self) -> None:
        self.origin, self.running = self.heard(), False
        self._safely(self.port.panic)

    def resume(self) -> None:
        self.start(self.origin, self.scale)  # a failure shows at the player's next tick

    def stop(self) -> None:
        if self.running:
            self._safely(self.port.panic)
        self.running = False

    def set_volume(self, volume: float) -> None:
        if volume <= 0 < self.volume and self.running:  # hush the notes already sounding; the pedal stays
            self._safely(self._all_sound_off)
        self.volume = volume

    def _all_sound_off(self) -> None:
        for channel in range(16):
            self.port.send(Event(0.0, "control", channel, ALL_SOUND_OFF, 0))


def _format(rate: int) -> QAudioFormat:
    fmt = QAudioFormat()
    fmt.setSampleRate(rate)
    fmt.setChannelCount(2)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    return fmt
