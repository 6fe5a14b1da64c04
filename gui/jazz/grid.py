"""The piano roll's coordinates: beats and MIDI pitches on one side, widget pixels on the other.

Kept apart from the widget so that painting, mouse handling and tests (`point_at`) all agree on one
mapping. The keyboard strip on the left and the chord lane on top do not scroll; the note area does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRectF

from engine.jazz.grammar import GRID
from engine.jazz.piece import Note

# Snap choices as the user reads them, in quarter notes (None = no snapping).
SNAPS = {"1/4": 1.0, "1/8": 0.5, "1/16": 0.25, "1/8 triplet": 1 / 3, "1/16 triplet": 1 / 6, "Off": None}

LOWEST, HIGHEST = 21, 108  # the piano's range
KEYBOARD_WIDTH = 48
CHORD_LANE_HEIGHT = 32


@dataclass
class Grid:
    beat_width: float = 48.0  # pixels per quarter note (horizontal zoom)
    key_height: float = 12.0  # pixels per semitone (vertical zoom)
    snap: float | None = 0.25
    scroll_x: float = 0.0  # pixels of the note area scrolled off to the left
    scroll_y: float = 0.0  # pixels scrolled off the top (from the highest pitch down)
    beats_per_bar: int = 4
    beat: float = 1.0  # quarter notes in a beat: 1.5 (a dotted quarter) in 6/8 and 12/8

    # Musical -> pixels ---------------------------------------------------------------------------
    def x_of(self, beat: float) -> float:
        return KEYBOARD_WIDTH + beat * self.beat_width - self.scroll_x

    def y_of(self, pitch: float) -> float:
        """Top edge of the row of ``pitch``."""
        return CHORD_LANE_HEIGHT + (HIGHEST - pitch) * self.key_height - self.scroll_y

    def point_at(self, pitch: int, beat: float) -> QPoint:
        """The widget pixel at ``beat`` in the middle of the row of ``pitch`` (used by tests and tools)."""
        return QPoint(round(self.x_of(beat)), round(self.y_of(pitch) + self.key_height / 2))

    def note_rect(self, start: float, duration: float, pitch: int) -> QRectF:
        return QRectF(self.x_of(start), self.y_of(pitch), max(3.0, duration * self.beat_width), self.key_height)

    # Pixels -> musical ---------------------------------------------------------------------------
    def beat_at(self, x: float) -> float:
        return (x - KEYBOARD_WIDTH + self.scroll_x) / self.beat_width

    def pitch_at(self, y: float) -> int:
        row = math.floor((y - CHORD_LANE_HEIGHT + self.scroll_y) / self.key_height)
        return max(LOWEST, min(HIGHEST, HIGHEST - row))

    def in_notes_area(self, x: float, y: float) -> bool:
        return x >= KEYBOARD_WIDTH and y >= CHORD_LANE_HEIGHT

    # What is on screen: a 2,000-bar solo has 16,000 notes, and a repaint or a hover should cost the few shown ---
    def notes_across(self, notes: list[Note], left: float, right: float) -> list[Note]:
        """The notes whose rectangles (``note_rect``) reach into the pixels ``left`` to ``right``, in their order
        (the last drawn stays on top). A note begun before ``left`` and still sounding counts."""
        first, last = self.beat_at(left), self.beat_at(right)
        shortest = 3.0 / self.beat_width  # note_rect draws every note at least 3 pixels wide
        return [n for n in notes
                if n.start <= last and n.start + (n.duration if n.duration > shortest else shortest) >= first]

    def notes_starting(self, notes: list[Note], left: float, right: float) -> list[Note]:
        """The notes that begin within the pixels ``left`` to ``right``, in their order."""
        first, last = self.beat_at(left), self.beat_at(right)
        return [n for n in notes if first <= n.start <= last]

    # Snapping -----------------------------------------------------------------------------------
    def snapped(self, beat: float) -> float:
        """``beat`` rounded to the nearest grid line (unchanged when snapping is off)."""
        if not self.snap:
            return beat
        return round(beat / self.snap) * self.snap

    def snapped_down(self, beat: float) -> float:
        """The grid line at or before ``beat``; a click within half a pixel of a line counts as on it."""
        if not self.snap:
            return beat
        return math.floor((beat + 0.5 / self.beat_width) / self.snap) * self.snap

    @property
    def step(self) -> float:
        """The length of a new note and of a Left/Right nudge: the grid, or a sixteenth without one."""
        return self.snap or 0.25

    # Sizes ---------------------------------------------------------------------------------------
    def content_width(self, beats: float) -> float:
        return beats * self.beat_width

    def content_height(self) -> float:
        return (HIGHEST - LOWEST + 1) * self.key_height

    def scroll_y_for(self, pitch: float, view_height: float) -> float:
        """The vertical scroll that centres ``pitch`` in a note area ``view_height`` pixels tall."""
        return max(0.0, (HIGHEST - pitch) * self.key_height - view_height / 2)


def on_the_grid(time: float) -> float:
    """``time`` exactly on the nearest 48th of a quarter note (where 16ths and triplets fall) when float steps of
    1/3 or 1/6 left it a hair off one (20 triplet nudges left a note at -3.3e-16, which the project refused);
    a time placed off the grid (snap Off) stays where it is. Never before the start of the piece."""
    nearest = round(time * GRID) / GRID
    return max(0.0, nearest if abs(nearest - time) < 1e-6 else time)
