"""Key tables: (keys, what they do, action(target, i)), i being which of the keys was pressed. One table both
binds a widget's keys and lists them in Help > Keyboard Shortcuts, so the two cannot drift apart."""

from __future__ import annotations

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeySequence


def bindings(table) -> list[tuple[QKeySequence, int, object]]:
    """(key sequence, which of its entry's keys, action) for every key of a table."""
    return [(QKeySequence(name), i, act) for names, _, act in table for i, name in enumerate(names)]


def answer(bound, target, event) -> bool:
    """Act on a key press the table binds; False when it binds none, so the widget may use the key."""
    # Arrows and Del arrive with the keypad flag on some platforms; it says which keys, not which shortcut.
    pressed = QKeySequence(QKeyCombination(event.modifiers() & ~Qt.KeypadModifier, event.keyCombination().key()))
    for keys, i, act in bound:
        if pressed.matches(keys) == QKeySequence.ExactMatch:
            act(target, i)
            event.accept()
            return True
    return False
