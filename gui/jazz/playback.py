"""Binds the audio player to the piece in the piano roll: MIDI from the engine's exporter, a playhead."""

from __future__ import annotations

import threading
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal

from engine.errors import EncoreError

from .piano_roll import PianoRoll

RELOAD_DELAY_MS = 250  # after an edit; a drag of many small steps reloads once


class PiecePlayback(QObject):
    problem = Signal(str)
    _built = Signal(int, object, str)  # which load, the Performance (None: a problem), the problem

    def __init__(self, roll: PianoRoll, parent=None):
        super().__init__(parent)
        from gui.audio.player import AudioPlayer
        from gui.audio.transport import Transport

        self.roll = roll
        self.player = AudioPlayer(self)
        self.transport = Transport(self.player, toggle=self.toggle)  # the button waits for the build too
        self._reload = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._reload.timeout.connect(self.load)
        self._loads = 0  # a build that ends after a later load() is dropped
        self._building = False
        self._again = False  # load() called while a build ran: one more build when it ends
        self._toggle_when_built = False  # Play pressed while the piece's MIDI was being built
        self._built.connect(self._use)
        self.player.position_changed.connect(self._follow)
        self.player.state_changed.connect(self._state)
        self.player.stop_requested.connect(self._call_off_play)  # Stop, however pressed, outranks a waiting Play
        roll.play_pause_requested.connect(self.toggle)
        roll.edited.connect(self._reload.start)

    def load(self) -> None:
        """Give the player the roll's current piece (it keeps playing, or stays paused, where it was). The MIDI
        and its timed events are built on a thread of their own: a 2,000-bar solo held the window for seconds
        after every edit, playing or not."""
        self._loads += 1
        piece = self.roll.piece
        if piece is None or not piece.notes:
            self._toggle_when_built = False
            self.player.set_midi(None)
            return
        if self._building:
            self._again = True
            return
        self._building = True
        snapshot = replace(piece, notes=[replace(n) for n in piece.notes], chords=list(piece.chords))
        threading.Thread(target=self._build, args=(self._loads, snapshot), daemon=True).start()

    def building(self) -> bool:
        return self._building

    def _build(self, load: int, piece) -> None:
        from engine.audio.performance import performance_of
        from engine.jazz.export import midi_file

        try:
            result, problem = performance_of(midi_file(piece), piece.title), ""
        except (EncoreError, ImportError) as e:  # bad MIDI, or the exporter is missing from this install
            result, problem = None, f"Cannot play {piece.title}: {e}"
        except Exception as e:  # noqa: BLE001 - the build must always report back, or playback stays dead
            result, problem = None, f"Cannot play {piece.title}: {type(e).__name__}: {e}"
        try:
            self._built.emit(load, result, problem)
        except RuntimeError:  # the window closed meanwhile
            pass

    def _use(self, load: int, performance, problem: str) -> None:
        self._building = False
        if self._again:
            self._again = False
            self.load()
            return
        if load != self._loads:  # another piece was chosen, or its notes all deleted, meanwhile
            return
        toggle, self._toggle_when_built = self._toggle_when_built, False
        if problem:  # not the piece before it either: Play would play that
            self.player.set_midi(None)
            self.problem.emit(problem)
            return
        state, where = self.player.state, self.player.position
        self.player.set_midi(performance, self.roll.piece.title)
        if state == "playing":
            self.player.seek(where)
            self.player.play()
        elif state == "paused":
            self.player.pause_at(where)
        elif toggle:  # stopped: the waiting Play starts where the user sought (else 0)
            self.player.seek(where)
        if toggle:
            self.player.toggle()

    def toggle(self) -> None:
        """Play or pause; right after an edit, or a piece chosen, Play waits until its MIDI is built (not the
        one before). Pause never waits."""
        if self.player.state == "playing":
            self.player.pause()
            return
        if self._reload.isActive():
            self._reload.stop()
            self.load()
        if self._building:
            self._toggle_when_built = not self._toggle_when_built
            return
        self.player.toggle()

    def _call_off_play(self) -> None:
        self._toggle_when_built = False

    def _follow(self, seconds: float) -> None:
        piece = self.roll.piece
        if piece is not None:  # Stop rewinds after it stops: no line left standing at 0
            rewound = self.player.state == "stopped" and seconds == 0
            self.roll.set_playhead(None if rewound else seconds * piece.tempo / 60.0)

    def _state(self, state: str) -> None:
        if state == "stopped":
            self.roll.set_playhead(None)
