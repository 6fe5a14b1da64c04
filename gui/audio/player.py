"""`AudioPlayer`: play a piece's MIDI through the SoundFont synthesiser (or a MIDI port) with a playhead.

Feed it bytes with ``set_midi(midi_bytes(piece))``; connect ``position_changed(float)`` (seconds at the
written tempo, so a piano roll maps it straight to its time axis regardless of the tempo scale).
Synthesis runs on the GUI thread, up to half a second ahead of the sound card, in 93 ms slices: at >= 50x
real time a slice costs about 2 ms, so no worker thread (and no cross-thread audio) is needed.
"""

from __future__ import annotations

import os
from contextlib import suppress

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer, Signal

from engine.audio.synthesizer import Synthesizer
from engine.errors import EncoreError

from .outputs import MidiPortOutput, SinkOutput, audio_problem

SOUNDFONT_KEY = "audio/soundfont"  # QSettings keys the Preferences section writes
MIDI_OUT_KEY = "audio/midi_out"
TICK_MS = 15
STOPPED, PLAYING, PAUSED = "stopped", "playing", "paused"


def preferred_soundfont() -> str | None:
    """The SoundFont chosen in Preferences (None: the default), e.g. for engine.audio.export.export_wav."""
    return chosen_soundfont(QSettings()) or None


def chosen_soundfont(settings: QSettings) -> str:
    """The SoundFont's path as Preferences stored it, "" for the default. Only a text is a path: a damaged
    settings file can hold bytes or a list there, whose spelling ("b'abc'") was taken for a file's name."""
    value = settings.value(SOUNDFONT_KEY, "")
    return value if isinstance(value, str) else ""


class AudioSettings(QObject):
    """One per application: the Audio preferences announce changes here and every AudioPlayer follows."""

    soundfont_changed = Signal(str)  # "" = the default GM SoundFont
    midi_out_changed = Signal(str)  # "" = the built-in synthesiser


_settings_hub: list[AudioSettings] = []


def audio_settings() -> AudioSettings:
    if not _settings_hub:
        _settings_hub.append(AudioSettings(QCoreApplication.instance()))
    return _settings_hub[0]


class AudioPlayer(QObject):
    position_changed = Signal(float)
    state_changed = Signal(str)  # "stopped", "playing", "paused"
    duration_changed = Signal(float)
    error = Signal(str)
    stop_requested = Signal()  # every stop(), even when already stopped: a Play waiting for its MIDI is off

    def __init__(self, parent: QObject | None = None, soundfont: str | None = None, read_settings: bool = True):
        super().__init__(parent)
        self.soundfont = soundfont or (preferred_soundfont() if read_settings else None)
        self.midi_port_name = (str(QSettings().value(MIDI_OUT_KEY, "") or "") if read_settings else "") or None
        self.synth: Synthesizer | None = None
        self._midi = None  # what set_midi was given
        self._output, self._port = None, None
        self.state, self.position = STOPPED, 0.0
        self.loop, self.volume, self.tempo_scale = False, 1.0, 1.0
        self.bytes_written = 0
        self._timer = QTimer(self, interval=TICK_MS)
        self._timer.timeout.connect(self._tick)
        if read_settings:
            audio_settings().soundfont_changed.connect(self.set_soundfont)
            audio_settings().midi_out_changed.connect(self.set_midi_out)

    # -- what to play --------------------------------------------------------------------------------

    @property
    def duration(self) -> float:
        return self.synth.performance.duration if self.synth else 0.0

    def audio_problem(self) -> str | None:
        """Why Play cannot sound here (no device and no MIDI port), else None."""
        return None if self.midi_port_name else audio_problem()

    def set_midi(self, midi, name: str = "") -> bool:
        """Load MIDI bytes (or a path / mido.MidiFile); False and `error` on bad input."""
        self.stop()
        self._midi = midi  # kept: a working SoundFont chosen after a broken one loads it then
        try:
            self.synth = Synthesizer(midi, self.soundfont) if midi is not None else None
        except EncoreError as e:
            self.synth = None
            soundfont = self.soundfont and e.path == os.fspath(self.soundfont)  # not the piece's problem
            self.error.emit(f"SoundFont {e}" if soundfont else str(e) if not name else f"{name}: {e.problem}")
        self._seek_quietly(0.0)
        self.duration_changed.emit(self.duration)
        return self.synth is not None

    def set_soundfont(self, path: str | None) -> bool:
        """Use another .sf2/.sf3 (None: the default); playback continues from where it was."""
        source = self.synth.performance if self.synth else self._midi  # None: the last SoundFont failed it
        try:
            synth = Synthesizer(source, path or None) if source is not None else None
        except EncoreError as e:
            self.error.emit(str(e))
            return False
        self.soundfont = path or None
        if synth is not None:
            was_none, self.synth = self.synth is None, synth
            self._restart_if_playing()
            if was_none:  # the transport follows: the piece can be played now
                self.duration_changed.emit(self.duration)
        return True

    def set_midi_out(self, port_name: str | None) -> None:
        """Send playback to an external MIDI port instead of the sound card (None: the sound card)."""
        was_playing = self.state == PLAYING
        self._halt()
        self._close_port()
        self.midi_port_name = port_name or None
        if was_playing:
            self._start_at(self.position)
        elif self.state == PAUSED:
            self._set_state(STOPPED)

    # -- transport ------------------------------------------------------------------------------------

    def play(self) -> None:
        if self.state == PLAYING or self.synth is None:
            return
        if self.state == PAUSED and self._output is not None:
            self._output.resume()
            return self._set_state(PLAYING)
        self._start_at(self.position)

    def pause(self) -> None:
        if self.state == PLAYING and self._output is not None:
            self._output.pause()
            self._set_state(PAUSED)

    def toggle(self) -> None:
        self.pause() if self.state == PLAYING else self.play()

    def stop(self) -> None:
        self.stop_requested.emit()
        self._halt()
        self._set_state(STOPPED)
        self._seek_quietly(0.0)

    def seek(self, seconds: float) -> None:
        seconds = min(max(0.0, float(seconds)), self.duration)
        if self.state == PLAYING:
            self._start_at(seconds)
        else:
            self._halt()  # a paused player stays paused, at the new place
            self._seek_quietly(seconds)

    def pause_at(self, seconds: float) -> None:
        """Paused at ``seconds``, without a sound: where a piece reloaded during a pause is left."""
        if self.synth is not None and self.state != PLAYING:
            self.seek(seconds)
            self._set_state(PAUSED)

    def set_loop(self, on: bool) -> None:
        """Loop the whole piece (the release tail is left out so the beat stays even)."""
        if self.loop != bool(on):
            self.loop = bool(on)
            if isinstance(self._output, SinkOutput):
                self._restart_if_playing()  # the feed renders ahead and has to know

    def set_volume(self, volume: float) -> None:
        self.volume = min(1.0, max(0.0, float(volume)))
        if self._output is not None:
            self._output.set_volume(self.volume)

    def set_tempo_scale(self, scale: float) -> None:
        """Play ``scale`` times faster (0.25..4); the playhead stays in written-tempo seconds."""
        self.tempo_scale = min(4.0, max(0.25, float(scale)))
        self._restart_if_playing()

    # -- machinery ------------------------------------------------------------------------------------

    def _start_at(self, seconds: float) -> None:
        self._halt()
        problem = self.audio_problem()
        output = None if problem else self._make_output()  # a port that fails to open reports itself
        problem = problem or (output.start(seconds, self.tempo_scale, self.loop) if output else None)
        if problem or output is None:
            self._set_state(STOPPED)
            if problem:
                self._let_go_of(output)
                self.error.emit(problem)
            return
        self._output = output
        self._output.set_volume(self.volume)
        self.bytes_written = output.feed.bytes_out if isinstance(output, SinkOutput) else 0
        self._seek_quietly(seconds)
        self._timer.start()
        self._set_state(PLAYING)

    def _make_output(self):
        if not self.midi_port_name:
            return SinkOutput(self.synth, self)
        if self._port is None:
            from engine.audio.midi_out import MidiOut

            try:
                self._port = MidiOut(self.midi_port_name)
            except EncoreError as e:
                self.error.emit(str(e))
                return None
        return MidiPortOutput(self.synth, self._port)

    def _tick(self) -> None:
        if self._output is None or self.state != PLAYING:
            return
        if problem := self._output.failure():  # a MIDI port's shows here at the tick after it failed
            output = self._output
            self.stop()
            self._let_go_of(output)
            return self.error.emit(problem)
        self.bytes_written += self._output.pump()
        heard = self._output.heard()
        if self.loop and heard >= self.duration and not isinstance(self._output, SinkOutput):
            return self._start_at(0.0)
        if self._output.finished():
            return self.stop()
        self._seek_quietly(min(heard, self.duration))

    def _let_go_of(self, output) -> None:
        """A MIDI port that failed is closed, so the next Play opens it afresh (or says it is gone)."""
        if isinstance(output, MidiPortOutput):
            self._close_port()

    def _close_port(self) -> None:
        port, self._port = self._port, None
        if port is None:
            return
        try:
            port.close()  # silences its notes first
        except Exception:  # noqa: BLE001 - an unplugged port fails in its own way; it is let go all the same
            with suppress(Exception):
                port.port.close()

    def _halt(self) -> None:
        self._timer.stop()
        if self._output is not None:
            self._output.stop()
        self._output = None

    def _restart_if_playing(self) -> None:
        if self.state == PLAYING:
            self._start_at(self.position)
        elif self.state == PAUSED:
            self._halt()  # still paused; Play starts afresh from here with the new settings

    def _seek_quietly(self, seconds: float) -> None:
        if seconds != self.position:
            self.position = seconds
            self.position_changed.emit(seconds)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)
