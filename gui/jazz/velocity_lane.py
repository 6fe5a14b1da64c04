"""The velocity lane under the piano roll: one stem per note, as tall as the note is loud.

Drag a stem up or down to change that note's velocity; drag a selected note's stem and the whole selection
moves by the same amount, keeping its dynamics. The lane previews while dragging and the release is one
undo step through the roll (so the roll, the player and the exporters see the same Piece).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from engine.jazz.piece import Note

from .grid import KEYBOARD_WIDTH
from .note_commands import playable_velocity
from .roll_painting import LANE, NOTE_SELECTED, note_color

HEIGHT = 72
MARGIN = 6  # pixels above the loudest and below the softest level
GRAB = 5  # how near a stem (pixels) a press must be to take it


class VelocityLane(QWidget):
    def __init__(self, roll, parent=None):
        super().__init__(parent)
        self.roll = roll
        self.grabbed: list[Note] = []
        self.origin = 0  # the pressed note's velocity when the drag began
        self.delta = 0  # the change being dragged (previewed until release)
        self.setFixedHeight(HEIGHT)
        self.setToolTip("Velocity: drag a note's stem up or down (a selected note moves the whole selection)")
        for signal in (roll.edited, roll.selection_changed, roll.zoom_changed,
                       roll.horizontalScrollBar().valueChanged):
            signal.connect(self.update)

    # Coordinates (the roll's x, shifted to where its viewport sits relative to this lane) ---------------
    def _dx(self) -> float:
        return self.roll.viewport().mapToGlobal(QPoint(0, 0)).x() - self.mapToGlobal(QPoint(0, 0)).x()

    def x_of(self, note: Note, dx: float | None = None) -> float:
        return self.roll.grid.x_of(note.start) + (self._dx() if dx is None else dx)

    def y_of(self, velocity: int) -> float:
        return MARGIN + (127 - velocity) * (self.height() - 2 * MARGIN) / 126

    def velocity_at(self, y: float) -> int:
        return playable_velocity(round(127 - (y - MARGIN) * 126 / (self.height() - 2 * MARGIN)))

    def point_of(self, note: Note) -> QPoint:
        """Where a note's stem ends (tests and tools press here)."""
        return QPoint(round(self.x_of(note)), round(self.y_of(note.velocity)))

    def _notes_at(self, x: float) -> list[Note]:
        notes, dx = self.roll.piece.notes if self.roll.piece else [], self._dx()
        if x < KEYBOARD_WIDTH + dx:
            return []  # beside the roll's keyboard, where notes scrolled off the left are hidden
        near = {id(n): abs(self.x_of(n, dx) - x) for n in notes}
        nearest = min(near.values(), default=GRAB + 1)
        return [n for n in notes if near[id(n)] == nearest] if nearest <= GRAB else []  # a chord shares a stem

    def _shown(self, note: Note, grabbed: set[int] | None = None) -> int:
        grabbed = {id(n) for n in self.grabbed} if grabbed is None else grabbed
        return playable_velocity(note.velocity + self.delta if id(note) in grabbed else note.velocity)  # as the edit will

    # Mouse -----------------------------------------------------------------------------------------
    def mousePressEvent(self, event):  # noqa: N802 - Qt override
        pos = event.position()
        hit = self._notes_at(pos.x()) if event.button() == Qt.LeftButton else []
        if not hit:
            return super().mousePressEvent(event)
        in_selection = any(id(n) in self.roll.selected for n in hit)
        self.grabbed = self.roll.selected_notes() if in_selection else hit
        self.origin = max(n.velocity for n in hit)
        self.delta = self.velocity_at(pos.y()) - self.origin
        self.update()

    def mouseMoveEvent(self, event):  # noqa: N802 - Qt override
        if self.grabbed:
            self.delta = self.velocity_at(event.position().y()) - self.origin
            self.update()

    def mouseReleaseEvent(self, event):  # noqa: N802 - Qt override
        if not self.grabbed:
            return super().mouseReleaseEvent(event)
        shown = {id(n) for n in self.roll.piece.notes} if self.roll.piece else set()
        notes = [n for n in self.grabbed if id(n) in shown]  # another piece came up mid-drag: not its notes
        delta = self.velocity_at(event.position().y()) - self.origin
        self.grabbed, self.delta = [], 0
        if delta and notes:
            self.roll.set_velocity(delta, notes, relative=True, merge_id=-1)
        self.update()

    # Painting --------------------------------------------------------------------------------------
    def _stems_in_view(self, dx: float) -> list[Note]:
        """The notes whose stems may show (a pixel to spare either side): a long solo's 16,000 notes cost a
        repaint only those on screen."""
        notes = self.roll.piece.notes if self.roll.piece else []
        return self.roll.grid.notes_starting(notes, KEYBOARD_WIDTH - GRAB - 1 - dx, self.width() + GRAB + 1 - dx)

    def paintEvent(self, event):  # noqa: N802 - Qt override
        p = QPainter(self)
        p.fillRect(self.rect(), LANE)
        p.setPen(QColor("#8a8f98"))
        p.drawText(QRectF(0, 0, KEYBOARD_WIDTH - 4, self.height()), Qt.AlignRight | Qt.AlignVCenter, "Vel")
        dx, grabbed = self._dx(), {id(n) for n in self.grabbed}
        p.setClipRect(QRectF(KEYBOARD_WIDTH + dx, 0, self.width(), self.height()))
        for note in self._stems_in_view(dx):
            level, x = self._shown(note, grabbed), self.x_of(note, dx)
            if x < KEYBOARD_WIDTH - GRAB or x > self.width() + GRAB:
                continue
            color = QColor(NOTE_SELECTED) if id(note) in self.roll.selected else note_color(level, False).lighter(130)
            top, bottom = self.y_of(level), self.height() - MARGIN
            p.setPen(QPen(color, 2))
            p.drawLine(QPointF(x, bottom), QPointF(x, top))
            p.setBrush(color)
            p.drawEllipse(QPointF(x, top), 3, 3)
        if self.grabbed:
            level = self._shown(self.grabbed[0])
            p.setPen(QColor("#ffffff"))
            p.drawText(QPointF(self.x_of(self.grabbed[0]) + 6, max(12.0, self.y_of(level) + 4)), str(level))
