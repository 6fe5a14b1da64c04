"""A text field's Undo and Redo keys and right-click items, given to an undo stack (the page's, or a field's own).

A field whose edits are steps on the page's QUndoStack (the Velocity box, the Chords field, a show's Date and
Venue) must not run its text's own undo: that put back a value typed over, or a song just added, as one more
edit, out of Edit's order.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QMenu


def undo_or_redo(event) -> str | None:
    """'undo' or 'redo' for a key the window's Edit > Undo or Redo answers to, else None."""
    if event.matches(QKeySequence.Undo):
        return "undo"
    if event.matches(QKeySequence.Redo) or QKeySequence(event.keyCombination()) == QKeySequence("Ctrl+Shift+Z"):
        return "redo"
    return None


def stack_key(event, step: Callable[[str], object], to_window: Callable[[], bool] = lambda: True) -> bool:
    """Whether ``event`` was an Undo or Redo key, taken from the text. While ``to_window()``, the window's Edit >
    Undo or Redo takes it as a shortcut; where none does (nothing to undo, no window, a field's own stack), the
    key press runs ``step('undo' | 'redo')``."""
    which = undo_or_redo(event) if event.type() in (QEvent.ShortcutOverride, QEvent.KeyPress) else None
    if which is None:
        return False
    if event.type() == QEvent.ShortcutOverride:
        event.setAccepted(not to_window())
        return True
    event.accept()
    step(which)
    return True


def stack_undo_items(menu: QMenu, stack) -> None:
    """A text's right-click menu with ``stack``'s Undo and Redo, each naming its step, in the text's own place;
    disabled while the stack is not active (a drag in the roll holds the Jazz page's)."""
    for name, stack_action, key in (("edit-undo", stack.createUndoAction, QKeySequence(QKeySequence.Undo)),
                                    ("edit-redo", stack.createRedoAction, QKeySequence("Ctrl+Shift+Z"))):
        text_action = menu.findChild(QAction, name)
        action = stack_action(menu, text_action.text().partition("\t")[0])
        action.setObjectName(name)
        action.setShortcut(key)  # shown beside it; the field's own key steps the stack too (stack_key)
        action.setEnabled(action.isEnabled() and stack.isActive())
        menu.insertAction(text_action, action)
        menu.removeAction(text_action)


def spin_steps(menu: QMenu, box: QAbstractSpinBox) -> None:
    """A spin box's Step up and Step down, as Qt's own menu for it has them."""
    menu.addSeparator()
    for text, steps, enabled in (("&Step up", 1, QAbstractSpinBox.StepUpEnabled),
                                 ("Step &down", -1, QAbstractSpinBox.StepDownEnabled)):
        step = menu.addAction(text, lambda steps=steps: box.stepBy(steps))
        step.setEnabled(bool(box.stepEnabled() & enabled))
