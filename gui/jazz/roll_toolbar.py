"""The strip above the piano roll: snap, zoom in both directions, and the selected notes' velocity."""

from __future__ import annotations

from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QWidget,
)

from ..undo_keys import spin_steps, stack_key, stack_undo_items
from .grid import SNAPS
from .piano_roll import PianoRoll

QUANTIZE_TIP = ("Quantize (Q): move each selected note's start to the nearest line of the Snap grid, "
                "keeping its length; Shift+Q puts its end on a line too. With Snap Off it uses a 1/16 grid, "
                "the step of a nudge. A note stops at the piece's end, and an earlier note of the same pitch "
                "is shortened rather than overlapped. One undo step")


def tool_button(text: str, tip: str, slot) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


class VelocityBox(QSpinBox):
    """A spin box that tells a step (arrows, wheel, Page Up/Down) from a typed value: ``stepping`` is True while
    the step's valueChanged is emitted. Typed digits count as they are typed (one undo step), so what the box
    shows is what the notes have, before a Save or a click elsewhere. Its Undo and Redo keys are the page's."""

    def __init__(self, undo_stack, parent=None):
        super().__init__(parent)
        self.stepping = False
        self.undo_stack = undo_stack
        self.lineEdit().installEventFilter(self)  # a key sent to the text itself (the box forwards its own)

    def event(self, event):  # noqa: A003 - Qt override
        return self._page_undo(event) or super().event(event)

    def eventFilter(self, watched, event):  # noqa: N802 - Qt override
        return self._page_undo(event) or super().eventFilter(watched, event)

    def _page_undo(self, event) -> bool:
        """Whether ``event`` was an Undo or Redo key, taken for the page's stack. The text's own undo put back the
        value shown before and set every selected note to it, as one more edit: their dynamics were lost."""
        return stack_key(event, lambda which: self.undo_stack.isActive()  # not while a drag in the roll holds Undo
                         and getattr(self.undo_stack, which)())

    def context_menu(self) -> QMenu:
        """The right-click menu as the spin box builds it, with the page's Undo and Redo in the text's place:
        the text's own Undo, as its Ctrl+Z did, put back a value typed over and set every selected note to it."""
        menu = self.lineEdit().createStandardContextMenu()
        stack_undo_items(menu, self.undo_stack)
        spin_steps(menu, self)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        menu = self.context_menu()
        mouse = event.reason() == QContextMenuEvent.Mouse
        menu.exec(event.globalPos() if mouse else self.mapToGlobal(self.rect().center()))
        menu.deleteLater()
        event.accept()

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt override
        self.stepping = True
        try:
            super().stepBy(steps)
        finally:
            self.stepping = False


class RollToolbar(QWidget):
    def __init__(self, roll: PianoRoll, parent=None):
        super().__init__(parent)
        self.roll = roll
        self.snap = QComboBox()
        self.snap.addItems(list(SNAPS))
        self.snap.setCurrentText("1/16")
        self.snap.setToolTip("Snap notes to this grid when drawing, moving and resizing")
        self.snap.currentTextChanged.connect(lambda text: roll.set_snap(SNAPS[text]))
        self.velocity = VelocityBox(roll.undo_stack)
        self.velocity.setRange(1, 127)
        self.velocity.setEnabled(False)
        self.velocity.setToolTip("The selected notes' average velocity: a step moves each note as much, keeping "
                                 "the dynamics; a typed value sets them all to it (or Alt + mouse wheel over the "
                                 "roll, or drag in the velocity lane)")
        self.velocity.valueChanged.connect(self._velocity_edited)
        self.velocity.editingFinished.connect(roll.velocity_gesture.end)  # Enter, or the focus went elsewhere
        self.quantize = tool_button("Quantize", QUANTIZE_TIP, lambda: roll.quantize_selected())
        self.quantize.setEnabled(False)
        self._shown = 0  # the average the box last showed: a step moves every note by its difference from it
        self._build_layout()
        roll.selection_changed.connect(self._show_selection)
        roll.set_snap(SNAPS["1/16"])

    def _build_layout(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Snap"))
        layout.addWidget(self.snap)
        layout.addSpacing(12)
        layout.addWidget(QLabel("Zoom"))
        layout.addWidget(tool_button("−", "Zoom out in time (Ctrl + wheel)", lambda: self.roll.zoom(horizontal=1 / 1.25)))
        layout.addWidget(tool_button("+", "Zoom in in time (Ctrl + wheel)", lambda: self.roll.zoom(horizontal=1.25)))
        layout.addWidget(tool_button("↕−", "Smaller keys (Ctrl + Shift + wheel)", lambda: self.roll.zoom(vertical=1 / 1.2)))
        layout.addWidget(tool_button("↕+", "Taller keys (Ctrl + Shift + wheel)", lambda: self.roll.zoom(vertical=1.2)))
        layout.addSpacing(12)
        layout.addWidget(QLabel("Key"))
        layout.addWidget(tool_button("♭", "Transpose the piece and its chords down a semitone (Alt + ↓; "
                                     "Alt + Shift + ↓: an octave)", lambda: self.roll.transpose_piece(-1)))
        layout.addWidget(tool_button("♯", "Transpose the piece and its chords up a semitone (Alt + ↑; "
                                     "Alt + Shift + ↑: an octave)", lambda: self.roll.transpose_piece(1)))
        layout.addSpacing(12)
        layout.addWidget(self.quantize)
        layout.addSpacing(12)
        layout.addWidget(QLabel("Velocity"))
        layout.addWidget(self.velocity)
        self.hint = QLabel("Double-click: add/delete · drag: move · right edge: resize · ↑↓ transpose · "
                           "Alt+↑↓ key · ←→ nudge · Q quantize")
        self.hint.setStyleSheet("color: gray")
        self.hint.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        layout.addStretch()
        layout.addWidget(self.hint)

    def _show_selection(self, notes: list) -> None:
        self.velocity.setEnabled(bool(notes))
        self.quantize.setEnabled(bool(notes))
        if notes:
            self._shown = round(sum(n.velocity for n in notes) / len(notes))
            self.velocity.blockSignals(True)
            self.velocity.setValue(self._shown)
            self.velocity.blockSignals(False)

    def _velocity_edited(self, value: int) -> None:
        """A step moves every selected note as much, as Alt + wheel does (a step had levelled them all to the
        average); a typed value sets them all to it. Either way the box then shows the notes' true average."""
        if not self.roll.selected:
            return
        if self.velocity.stepping:
            self.roll.set_velocity(value - self._shown, relative=True)
        else:
            self.roll.set_velocity(value)
        self._show_selection(self.roll.selected_notes())
