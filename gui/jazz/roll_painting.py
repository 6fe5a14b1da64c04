"""Drawing the piano roll: grid, notes, keyboard, chord lane, playhead. Plain functions on a QPainter."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from engine.jazz.improvise import first_bar_number
from engine.jazz.piece import Piece

from .grid import CHORD_LANE_HEIGHT, HIGHEST, KEYBOARD_WIDTH, LOWEST, Grid

BLACK_KEYS = {1, 3, 6, 8, 10}
NAMES = ["C", "C♯", "D", "E♭", "E", "F", "F♯", "G", "A♭", "A", "B♭", "B"]

ROW_LIGHT = QColor("#2b2f36")
ROW_DARK = QColor("#24272d")
BAR_LINE = QColor("#6b7280")
BEAT_LINE = QColor("#3d434d")
STEP_LINE = QColor("#30353c")
NOTE = QColor("#4aa3df")
NOTE_SELECTED = QColor("#f5b942")
LANE = QColor("#1c1f24")
CHORD_BOX = QColor("#3a3f4a")
PLAYHEAD = QColor("#ff5a5f")
EDGE = 2  # pixels beyond the view still drawn: an antialiased edge there can touch the first pixel inside


def is_black(pitch: int) -> bool:
    return pitch % 12 in BLACK_KEYS


def pitch_name(pitch: int) -> str:
    return f"{NAMES[pitch % 12]}{pitch // 12 - 1}"


def paint_rows(p: QPainter, grid: Grid, width: float) -> None:
    for pitch in range(LOWEST, HIGHEST + 1):
        y = grid.y_of(pitch)
        p.fillRect(QRectF(KEYBOARD_WIDTH, y, width, grid.key_height), ROW_DARK if is_black(pitch) else ROW_LIGHT)


def view_span(p: QPainter) -> tuple[float, float]:
    """The pixels from left to right that ``p`` can show, with a little to spare for antialiased edges: what
    lies outside is never drawn, so a 2,000-bar solo repaints as fast as a chorus."""
    return -EDGE, p.device().width() + EDGE


def paint_beat_lines(p: QPainter, grid: Grid, beats: float, height: float) -> None:
    step = grid.snap if grid.snap and grid.snap * grid.beat_width >= 6 else grid.beat
    count = int(math.ceil(beats / step))
    left, right = view_span(p)
    first, last = max(0, math.floor(grid.beat_at(left) / step)), min(count, math.ceil(grid.beat_at(right) / step))
    for i in range(first, last + 1):
        beat = i * step
        x = grid.x_of(beat)
        if x < KEYBOARD_WIDTH:
            continue
        on_bar = abs(beat / grid.beats_per_bar - round(beat / grid.beats_per_bar)) < 1e-6
        on_beat = abs(beat / grid.beat - round(beat / grid.beat)) < 1e-6
        p.setPen(QPen(BAR_LINE if on_bar else BEAT_LINE if on_beat else STEP_LINE, 1))
        p.drawLine(QPointF(x, CHORD_LANE_HEIGHT), QPointF(x, height))


def paint_after_end(p: QPainter, grid: Grid, piece: Piece, width: float, height: float) -> None:
    """Shade the time after the piece's last bar, where nothing plays."""
    x = max(grid.x_of(piece.length), KEYBOARD_WIDTH)
    if x < width:
        p.fillRect(QRectF(x, CHORD_LANE_HEIGHT, width - x, height), QColor(0, 0, 0, 70))


def note_color(velocity: int, selected: bool) -> QColor:
    base = QColor(NOTE_SELECTED if selected else NOTE)
    # Softer notes are drawn darker, so dynamics are visible at a glance.
    return base.darker(int(100 + (127 - velocity) * 0.9))


def paint_notes(p: QPainter, grid: Grid, piece: Piece, selected: set[int]) -> None:
    p.setRenderHint(QPainter.Antialiasing, True)
    bottom = p.device().height() + EDGE
    for note in grid.notes_across(piece.notes, *view_span(p)):
        rect = grid.note_rect(note.start, note.duration, note.pitch).adjusted(0.5, 0.5, -0.5, -0.5)
        if rect.bottom() < -EDGE or rect.top() > bottom:
            continue
        chosen = id(note) in selected
        p.setPen(QPen(QColor("#ffffff") if chosen else QColor("#0d1b26"), 1))
        p.setBrush(note_color(note.velocity, chosen))
        p.drawRoundedRect(rect, 2, 2)
    p.setRenderHint(QPainter.Antialiasing, False)


def paint_keyboard(p: QPainter, grid: Grid, height: float) -> None:
    p.fillRect(QRectF(0, CHORD_LANE_HEIGHT, KEYBOARD_WIDTH, height), QColor("#f4f4f4"))
    font = QFont(p.font())
    font.setPointSizeF(7)
    p.setFont(font)
    for pitch in range(LOWEST, HIGHEST + 1):
        y = grid.y_of(pitch)
        if y + grid.key_height < CHORD_LANE_HEIGHT or y > height:
            continue
        rect = QRectF(0, y, KEYBOARD_WIDTH, grid.key_height)
        if is_black(pitch):
            p.fillRect(rect.adjusted(0, 1, -KEYBOARD_WIDTH * 0.35, -1), QColor("#1b1b1b"))
        p.setPen(QColor("#b8b8b8"))
        p.drawLine(rect.bottomLeft(), rect.bottomRight())
        if pitch % 12 == 0 and grid.key_height >= 7:
            p.setPen(QColor("#333333"))
            p.drawText(rect.adjusted(0, 0, -3, 0), Qt.AlignRight | Qt.AlignVCenter, pitch_name(pitch))


def paint_chord_lane(p: QPainter, grid: Grid, piece: Piece, width: float) -> None:
    p.fillRect(QRectF(0, 0, width, CHORD_LANE_HEIGHT), LANE)
    bold = QFont(p.font())
    bold.setPointSizeF(9)
    bold.setBold(True)
    p.setFont(bold)
    for chord in piece.chords:
        x0, x1 = max(grid.x_of(chord.start), KEYBOARD_WIDTH), grid.x_of(chord.end)
        if x1 <= KEYBOARD_WIDTH or x0 > width:
            continue
        box = QRectF(x0 + 1, 12, max(0.0, x1 - x0 - 2), CHORD_LANE_HEIGHT - 14)
        p.fillRect(box, CHORD_BOX)
        p.setPen(QColor("#e8e8e8"))
        p.drawText(box.adjusted(4, 0, 0, 0), Qt.AlignLeft | Qt.AlignVCenter, chord.symbol)
    paint_bar_numbers(p, grid, piece, width)


def paint_bar_numbers(p: QPainter, grid: Grid, piece: Piece, width: float) -> None:
    """Numbered as the score numbers them, as --regenerate takes them: from 0 after a pickup, from 12 for a
    file's bars 12-217; from 1 for a solo Encore improvised."""
    first = first_bar_number(piece)
    small = QFont(p.font())
    small.setPointSizeF(7)
    small.setBold(False)
    p.setFont(small)
    p.setPen(QColor("#9aa3ad"))
    left, right = view_span(p)
    bars = range(max(0, math.floor(grid.beat_at(left) / grid.beats_per_bar)),
                 min(max(piece.bars, 1), math.ceil(grid.beat_at(right) / grid.beats_per_bar) + 1))
    for bar in bars:
        x = grid.x_of(bar * grid.beats_per_bar)
        if KEYBOARD_WIDTH <= x < width:
            p.drawText(QRectF(x + 3, 0, 40, 12), Qt.AlignLeft | Qt.AlignVCenter, str(bar + first))
    p.fillRect(QRectF(0, 0, KEYBOARD_WIDTH, CHORD_LANE_HEIGHT), LANE)


def paint_playhead(p: QPainter, grid: Grid, beat: float | None, height: float) -> None:
    if beat is None:
        return
    x = grid.x_of(beat)
    if x >= KEYBOARD_WIDTH:
        p.setPen(QPen(PLAYHEAD, 2))
        p.drawLine(QPointF(x, 0), QPointF(x, height))


def paint_rubber_band(p: QPainter, rect: QRectF | None) -> None:
    if rect is None:
        return
    p.setPen(QPen(QColor("#f5b942"), 1, Qt.DashLine))
    p.setBrush(QColor(245, 185, 66, 40))
    p.drawRect(rect)


def paint_swept_bars(p: QPainter, grid: Grid, bars: list[int], beats_per_bar: float, height: float) -> None:
    """The bars a rubber band swept, which Regenerate improvises again (silent ones included)."""
    p.setPen(Qt.NoPen)
    p.setBrush(QColor(245, 185, 66, 28))
    for bar in bars:
        left, right = grid.x_of(bar * beats_per_bar), grid.x_of((bar + 1) * beats_per_bar)
        p.drawRect(QRectF(left, 0, right - left, height))


def paint_empty_hint(p: QPainter, width: float, height: float) -> None:
    p.setPen(QColor("#9aa3ad"))
    p.drawText(QRectF(0, 0, width, height), Qt.AlignCenter,
               "No piece yet: train a model and press Generate, or open a MIDI file.")
