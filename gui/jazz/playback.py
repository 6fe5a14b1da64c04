"""Binds the audio player to the piece in the piano roll: MIDI from the engine's exporter, a playhead."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from engine.errors import EncoreError

from .piano_roll import PianoRoll

RELOAD_DELAY_MS = 250  # after an edit; a drag of many small steps reloads once


class PiecePlayback(QObject):
    problem = Signal(str)

    def __init__(self, roll: PianoRoll, parent=None):
        super().__init__(parent)
        from gui.audio.player import AudioPlayer
        from gui.audio.transport import Transport

        self.roll = roll
        self.player = AudioPlayer(self)
        self.transport = Transport(self.player)
        self._reload = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._reload.timeout.connect(self.load)
        self.player.position_changed.connect(self._follow)
        self.player.state_changed.connect(self._state)
        roll.play_pause_requested.connect(self.toggle)
        roll.edited.connect(self._reload.start)

    def load(self) -> None:
        """Give the player the roll's current piece (it keeps playing, or stays paused, where it was)."""
        from .tasks import piece_midi

        piece = self.roll.piece
        state, where = self.player.state, self.player.position
        if piece is None or not piece.notes:
            self.player.set_midi(None)
            return
        try:
            self.player.set_midi(piece_midi(piece), piece.title)
        except (EncoreError, ImportError) as e:  # bad MIDI, or the exporter is missing from this install
            self.problem.emit(f"Cannot play {piece.title}: {e}")
            return
        if state == "playing":
            self.player.seek(where)
            self.player.play()
        elif state == "paused":
            self.player.pause_at(where)

    def toggle(self) -> None:
        if self._reload.isActive():
            self._reload.stop()
            self.load()
        self.player.toggle()

    def _follow(self, seconds: float) -> None:
        piece = self.roll.piece
        if piece is not None:  # Stop rewinds after it stops: no line left standing at 0
            rewound = self.player.state == "stopped" and seconds == 0
            self.roll.set_playhead(None if rewound else seconds * piece.tempo / 60.0)

    def _state(self, state: str) -> None:
        if state == "stopped":
            self.roll.set_playhead(None)
