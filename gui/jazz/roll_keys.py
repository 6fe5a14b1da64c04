"""Keyboard shortcuts of the piano roll (undo and redo come from the window's Edit menu)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence


def handle_key(roll, event) -> bool:
    """Act on a key press; False when the key is not the roll's, so the parent may use it."""
    key, mods = event.key(), event.modifiers()
    if event.matches(QKeySequence.SelectAll):
        roll.select_all()
    elif key in (Qt.Key_Delete, Qt.Key_Backspace):
        roll.delete_selected()
    elif key == Qt.Key_Space:
        roll.play_pause_requested.emit()
    elif key in (Qt.Key_Up, Qt.Key_Down):
        step = (12 if mods & Qt.ShiftModifier else 1) * (1 if key == Qt.Key_Up else -1)
        if mods & Qt.AltModifier:  # the whole piece with its chords, in another key
            roll.transpose_piece(step)
        else:
            roll.transpose_selected(step)
    elif key in (Qt.Key_Left, Qt.Key_Right):
        roll.nudge_selected(1 if key == Qt.Key_Right else -1)
    elif key == Qt.Key_Escape:
        roll.select([])
    else:
        return False
    event.accept()
    return True
