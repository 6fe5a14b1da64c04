"""Keyboard shortcuts of the piano roll (undo and redo come from the window's Edit menu), as a key table
(gui/key_table.py) that Help > Keyboard Shortcuts lists."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ..key_table import answer, bindings

KEYS = (
    (("Ctrl+A",), "Select every note", lambda roll, i: roll.select_all()),
    (("Del", "Backspace"), "Delete the selected notes", lambda roll, i: roll.delete_selected()),
    (("Space",), "Play or pause", lambda roll, i: roll.play_pause_requested.emit()),
    (("Up", "Down"), "Move the selected notes up or down a semitone",
     lambda roll, i: roll.transpose_selected((1, -1)[i])),
    (("Shift+Up", "Shift+Down"), "Move the selected notes up or down an octave",
     lambda roll, i: roll.transpose_selected((12, -12)[i])),
    (("Alt+Up", "Alt+Down"), "Move the whole piece and its chords up or down a semitone (another key)",
     lambda roll, i: roll.transpose_piece((1, -1)[i])),
    (("Alt+Shift+Up", "Alt+Shift+Down"), "Move the whole piece and its chords up or down an octave",
     lambda roll, i: roll.transpose_piece((12, -12)[i])),
    (("Left", "Right"), "Nudge the selected notes earlier or later by a grid step",
     lambda roll, i: roll.nudge_selected((-1, 1)[i])),
    (("Q",), "Quantize: the selected notes' starts to the nearest line of the Snap grid, lengths kept",
     lambda roll, i: roll.quantize_selected()),
    (("Shift+Q",), "Quantize the selected notes' starts and ends to the Snap grid",
     lambda roll, i: roll.quantize_selected(ends=True)),
    (("Esc",), "Select no notes (with none selected, Esc cancels a running job)", lambda roll, i: roll.select([])),
)
_BINDINGS = bindings(KEYS)


def handle_key(roll, event) -> bool:
    """Act on a key press; False when the key is not the roll's, so the parent may use it."""
    return answer(_BINDINGS, roll, event)


def claims_key(roll, event) -> bool:
    """Whether the roll takes a key before a window-wide shortcut: Esc while it has notes selected (a drag's
    notes are), so that clearing a selection while a model trains does not throw the training away."""
    is_esc = event.key() == Qt.Key_Escape and not event.modifiers() & ~Qt.KeypadModifier
    return is_esc and bool(roll.selected)
