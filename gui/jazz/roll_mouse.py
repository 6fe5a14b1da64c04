"""Mouse gestures on the piano roll: move, resize and rubber-band select.

A drag changes the notes live for feedback; on release the notes go back to where they started and
one ChangeNotes command is pushed, so the whole drag is one undo step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF

from engine.jazz.grammar import GRID
from engine.jazz.piece import Note

from .grid import HIGHEST, LOWEST, Grid, on_the_grid
from .note_commands import Shape, apply_shape, change_notes, shape_of

EDGE_PIXELS = 5  # how close to a note's right end a press resizes instead of moving
DRAG_PIXELS = 4  # how far the pointer goes before a press on a note moves or resizes it: a click only selects
SHORTEST = 1 / GRID  # the shortest note a resize leaves without snap: the finest length the generator writes


def note_at(grid: Grid, notes: list[Note], pos: QPointF) -> Note | None:
    """The note under ``pos``; the last drawn (topmost) wins. Only the notes across the pointer are looked at:
    every note of a 2,000-bar solo, at each mouse move, was 40 ms."""
    for note in reversed(grid.notes_across(notes, pos.x() - 1, pos.x() + 1)):
        if grid.note_rect(note.start, note.duration, note.pitch).contains(pos):
            return note
    return None


def on_right_edge(grid: Grid, note: Note, pos: QPointF) -> bool:
    rect = grid.note_rect(note.start, note.duration, note.pitch)
    return pos.x() >= rect.right() - min(EDGE_PIXELS, rect.width() / 3)


@dataclass
class Drag:
    """One mouse drag: ``kind`` is "move", "resize" or "select"."""

    kind: str
    grid: Grid
    origin: QPointF
    anchor: Note | None = None
    notes: list[Note] = field(default_factory=list)
    before: list[Shape] = field(default_factory=list)
    current: QPointF | None = None
    anchor_index: int = 0
    started: bool = False  # past DRAG_PIXELS: a click would snap a note off the grid to it
    # a band's: the notes selected before it (by id, the notes kept alive), which it adds to and never drops.
    # Not in ``notes``: a select drag puts those back on release, undoing a key's edit made in between.
    held: dict[int, Note] = field(default_factory=dict)
    # the latest a note may end (the piece's latest_end: a project with a note past it does not open), and
    # whether the drag is held there now
    latest_end: float = math.inf
    stopped_at_the_end: bool = False

    @classmethod
    def start(cls, kind: str, grid: Grid, origin: QPointF, anchor: Note | None, notes: list[Note],
              held: list[Note] = (), latest_end: float = math.inf) -> Drag:
        index = next((i for i, n in enumerate(notes) if n is anchor), 0)
        return cls(kind, grid, origin, anchor, list(notes), [shape_of(n) for n in notes], anchor_index=index,
                   held={id(n): n for n in held}, latest_end=latest_end)

    def follow(self, pos: QPointF) -> None:
        self.current = pos
        self.started = self.started or (pos - self.origin).manhattanLength() >= DRAG_PIXELS
        if not self.started:
            return
        if self.kind == "move":
            self._move_to(pos)
        elif self.kind == "resize":
            self._resize_to(pos)

    def _move_to(self, pos: QPointF) -> None:
        g = self.grid
        # a drag under half a grid step sideways changes no time (a drag straight up pulled a triplet onto the
        # 16ths); further, the note held lands on a grid line, as it did, an off-grid one included
        delta = g.beat_at(pos.x()) - g.beat_at(self.origin.x())
        anchor = self.before[self.anchor_index][0]
        shift = g.snapped(anchor + delta) - anchor if g.snapped(delta) else 0.0
        shift = max(shift, -min(s[0] for s in self.before))  # the earliest stops at 0, spacing kept
        shift = self._stop_at_the_end(shift)
        lift = g.pitch_at(pos.y()) - g.pitch_at(self.origin.y())
        # the selection stops at the piano's keys, as the arrows do (a note past them is out of sight and reach);
        # one already past them (an imported file's) may come back but not go further
        top, bottom = max(s[2] for s in self.before), min(s[2] for s in self.before)
        lift = max(min(lift, max(0, HIGHEST - top)), min(0, LOWEST - bottom))
        for note, (start, duration, pitch, velocity) in zip(self.notes, self.before, strict=True):
            apply_shape(note, (on_the_grid(start + shift), duration, pitch + lift, velocity))

    def _resize_to(self, pos: QPointF) -> None:
        g = self.grid
        start, duration = self.before[self.anchor_index][:2]
        end = start + duration
        new_end = g.snapped(g.beat_at(pos.x()))
        # the end never goes against the hand: the grid line nearest the pointer may lie on the other side
        new_end = min(new_end, end) if pos.x() < self.origin.x() else max(new_end, end)
        stretch = self._stop_at_the_end(max(new_end, start + self._shortest(duration)) - end)
        for note, (s, d, p, v) in zip(self.notes, self.before, strict=True):
            apply_shape(note, (s, max(self._shortest(d), d + stretch), p, v))

    def _stop_at_the_end(self, later: float) -> float:
        """``later`` (quarter notes added to the notes' ends), cut so that none ends past ``latest_end``; one
        already past it (a note cannot be, but a move back is always allowed) goes no further."""
        room = max(0.0, self.latest_end - max(s[0] + s[1] for s in self.before))
        self.stopped_at_the_end = later > room + 1e-9
        return min(later, room)

    def _shortest(self, duration: float) -> float:
        """How short a resize may make a note: a grid step (1/48 quarter without snap), or the note's own length
        when it is shorter already: a triplet 32nd under a 1/16 grid is not lengthened by a drag to the left."""
        return min(self.grid.snap or SHORTEST, duration)

    def band(self) -> QRectF | None:
        if self.kind != "select" or self.current is None:
            return None
        return QRectF(self.origin, self.current).normalized()

    def cancel(self) -> None:
        """The notes back where the drag found them, and no edit."""
        for note, shape in zip(self.notes, self.before, strict=True):
            apply_shape(note, shape)

    def finish(self, changed):
        """The undo command for this drag (None when nothing moved); puts the notes back first."""
        after = [shape_of(n) for n in self.notes]
        for note, shape in zip(self.notes, self.before, strict=True):
            apply_shape(note, shape)
        if self.kind not in ("move", "resize"):
            return None
        text = "Move notes" if self.kind == "move" else "Resize notes"
        shapes = dict(zip(map(id, self.notes), after, strict=True))
        return change_notes(self.notes, lambda n: shapes[id(n)], changed, text)
