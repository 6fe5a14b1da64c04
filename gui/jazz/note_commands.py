"""Every piano-roll edit as a QUndoCommand on the Jazz page's undo stack.

Commands hold the `Note` objects themselves (compared by identity, since two notes may be equal in
value) and tell the view to repaint through `changed(notes_to_select)`.
"""

from __future__ import annotations

import itertools
import math
from contextlib import contextmanager
from typing import Callable

from PySide6.QtGui import QUndoCommand

from engine.jazz.piece import Note, Piece
from engine.jazz.transpose import move_words

from .grid import on_the_grid

VELOCITY_MERGE_ID = 0x6A7A  # the first velocity gesture's merge id; each gesture after it takes the next

Shape = tuple[float, float, int, int]  # start, duration, pitch, velocity


def playable_velocity(velocity: int) -> int:
    """A velocity within MIDI's audible range (0 would be a note-off)."""
    return max(1, min(127, velocity))


def shape_of(note: Note) -> Shape:
    return (note.start, note.duration, note.pitch, note.velocity)


def apply_shape(note: Note, shape: Shape) -> None:
    note.start, note.duration, note.pitch, note.velocity = shape


def remove_by_identity(notes: list[Note], gone: list[Note]) -> None:
    ids = {id(n) for n in gone}
    notes[:] = [n for n in notes if id(n) not in ids]


class _Notes(QUndoCommand):
    """Adding or deleting notes; undo puts the piece's list back exactly, in its order too (a moved note is not
    re-sorted, and a piece whose notes came back reordered no longer compared equal to itself)."""

    def __init__(self, piece: Piece, notes: list[Note], changed: Callable, text: str):
        super().__init__(text)
        self.piece, self.notes, self.changed = piece, list(notes), changed
        self.before: list[Note] = []
        self.selected_after_undo: list[Note] = []  # the notes a Delete's undo brings back

    def undo(self) -> None:
        self.piece.notes[:] = self.before
        self.changed(self.selected_after_undo)


class AddNotes(_Notes):
    def __init__(self, piece: Piece, notes: list[Note], changed: Callable, text: str = "Add note"):
        super().__init__(piece, notes, changed, text)

    def redo(self) -> None:
        self.before = list(self.piece.notes)
        self.piece.notes.extend(self.notes)
        self.piece.notes.sort(key=lambda n: (n.start, n.pitch))
        self.changed(self.notes)


class DeleteNotes(_Notes):
    def __init__(self, piece: Piece, notes: list[Note], changed: Callable):
        super().__init__(piece, notes, changed, "Delete note" if len(notes) == 1 else f"Delete {len(notes)} notes")
        self.selected_after_undo = self.notes

    def redo(self) -> None:
        self.before = list(self.piece.notes)
        remove_by_identity(self.piece.notes, self.notes)
        self.changed([])


class ChangeNotes(QUndoCommand):
    """Move, resize, transpose, nudge or re-velocity notes: each note goes from one shape to another."""

    def __init__(self, notes: list[Note], before: list[Shape], after: list[Shape], changed: Callable,
                 text: str, merge_id: int = -1, select: list[Note] | None = None):
        """select: the notes selected after it (all it changes unless told: Quantize shortens neighbours)."""
        super().__init__(text)
        self.notes, self.before, self.after = list(notes), list(before), list(after)
        self.changed, self.merge_id = changed, merge_id
        self.select = self.notes if select is None else list(select)
        self.shift: tuple[list[Shape], int] | None = None  # a run of relative velocity changes: (start, offset)

    def redo(self) -> None:
        for note, shape in zip(self.notes, self.after, strict=True):
            apply_shape(note, shape)
        self.changed(self.select)

    def undo(self) -> None:
        for note, shape in zip(self.notes, self.before, strict=True):
            apply_shape(note, shape)
        self.changed(self.select)

    def id(self) -> int:  # noqa: A003 - Qt override
        return self.merge_id

    def mergeWith(self, other) -> bool:  # noqa: N802 - Qt override
        if not isinstance(other, ChangeNotes) or [id(n) for n in other.notes] != [id(n) for n in self.notes]:
            return False
        if other.shift is None:  # a typed velocity: the levels as given
            self.after, self.shift = other.after, None
        else:
            self._shift_on(other)
        self.setObsolete(self.after == self.before)  # back where it began (100, then 90 again): no step, no edit
        return True

    def _shift_on(self, other: ChangeNotes) -> None:
        """Each level from the run's start plus all its offsets, clamped once: up past 127 and back down gives
        the dynamics back (other moved the levels the step before had clamped)."""
        start, offset = self.shift if self.shift is not None else (other.before, 0)
        self.shift = (start, offset + other.shift[1])
        self.after = shifted_velocities(start, self.shift[1])
        if self.after != other.after:
            self.redo()


class VelocityGesture:
    """One continuous velocity edit: the digits of one typed value, one run of arrow clicks or wheel steps. Its
    changes share a merge id, so the stack makes them one undo step; a later gesture on the same notes is a step
    of its own (one id for all had merged edits made minutes apart, and Undo skipped the levels between). Any
    of ``enders`` firing outside the gesture's own changes (a new selection, another edit, an undo, the focus
    leaving the Velocity box) ends it; time does not, or digits typed slowly became a step each, and a run up
    past 127 and back lost the dynamics."""

    _ids = itertools.count(VELOCITY_MERGE_ID)

    def __init__(self, *enders):
        self.merge_id = -1  # -1: none under way
        self._changing = False  # a change of its own is being made: the signals it fires end nothing
        for signal in enders:
            signal.connect(self.end)

    @contextmanager
    def change(self):
        """The block makes one change of the gesture under way, or of a new one: yields its merge id."""
        if self.merge_id == -1:
            self.merge_id = next(self._ids)
        self._changing = True
        try:
            yield self.merge_id
        finally:
            self._changing = False

    def end(self, *_signal_args) -> None:
        if not self._changing:
            self.merge_id = -1


class TransposePiece(QUndoCommand):
    """The whole piece in another key: its notes (the same objects, moved) and its chords (replaced)."""

    def __init__(self, piece: Piece, moved: Piece, changed: Callable, semitones: int,
                 select: list[Note] | None = None):
        """select: the notes selected before it, selected again after it, its undo and its redo, so that the
        next key (another Alt+Up, a Delete) still has notes to act on."""
        super().__init__(f"Transpose piece {move_words(semitones)}")
        self.piece, self.changed = piece, changed
        self.select = list(select or [])
        self.notes = list(piece.notes)
        self.before, self.after = [shape_of(n) for n in piece.notes], [shape_of(n) for n in moved.notes]
        self.chords_before, self.chords_after = list(piece.chords), list(moved.chords)
        self.chart_before, self.chart_after = piece.meta.get("chords"), moved.meta.get("chords")
        self.keys_before, self.keys_after = piece.meta.get("keys"), moved.meta.get("keys")  # the file's, moved

    def redo(self) -> None:
        self._apply(self.after, self.chords_after, self.chart_after, self.keys_after)

    def undo(self) -> None:
        self._apply(self.before, self.chords_before, self.chart_before, self.keys_before)

    def _apply(self, shapes: list[Shape], chords: list, chart, keys) -> None:
        for note, shape in zip(self.notes, shapes, strict=True):
            apply_shape(note, shape)
        self.piece.chords[:] = chords
        if "chords" in self.piece.meta:
            self.piece.meta["chords"] = chart
        if keys is not None:
            self.piece.meta["keys"] = keys
        self.changed(self.select)


def change_notes(notes: list[Note], edit: Callable[[Note], Shape], changed: Callable, text: str,
                 merge_id: int = -1) -> ChangeNotes | None:
    """A ChangeNotes built from a function giving each note's new shape; None when nothing changes."""
    before = [shape_of(n) for n in notes]
    after = [edit(n) for n in notes]
    if before == after:
        return None
    return ChangeNotes(notes, before, after, changed, text, merge_id)


def shift_velocities(notes: list[Note], offset: int, changed: Callable, merge_id: int) -> ChangeNotes:
    """The notes' velocities each moved by ``offset``, kept within 1-127. Repeated shifts of the same notes
    with a merge_id are one undo step, each level taken from the first one's start. One that changes nothing
    (all at 127, and up again) is obsolete: the stack drops it, unless it merges and counts in its run."""
    before = [shape_of(n) for n in notes]
    command = ChangeNotes(notes, before, shifted_velocities(before, offset), changed, "Change velocity", merge_id)
    command.shift = (before, offset)
    command.setObsolete(command.after == command.before)
    return command


def shifted_velocities(shapes: list[Shape], offset: int) -> list[Shape]:
    return [(start, duration, pitch, playable_velocity(velocity + offset))
            for start, duration, pitch, velocity in shapes]


# Quantize --------------------------------------------------------------------------------------------------
def quantize_notes(piece: Piece, notes: list[Note], step: float, changed: Callable,
                   ends: bool = False) -> ChangeNotes | None:
    """One undo step putting each note's start on the nearest line of a ``step`` grid, its length kept (its
    end on a line too when ``ends``). No note starts before 0, runs further past the piece's end than it did,
    or lands on the start of another note of its pitch (it stays put); an earlier note of a pitch that a
    quantized note now overlaps ends where the later one starts. None when every note is on the grid."""
    times = {id(n): (n.start, n.duration) for n in piece.notes}
    wanted = {id(n): _quantized(n, step, ends, piece.length) for n in notes}
    taken = {(n.pitch, _key(n.start)) for n in piece.notes if id(n) not in wanted}
    for note in sorted(notes, key=lambda n: (abs(wanted[id(n)][0] - n.start), n.start)):  # the nearest first
        start, duration = wanted[id(note)]
        if (note.pitch, _key(start)) in taken:
            start, duration = note.start, note.duration  # one of its pitch starts there: they'd sound as one
        taken.add((note.pitch, _key(start)))
        times[id(note)] = (start, duration)
    _end_overlaps(piece, notes, times)
    touched = [n for n in piece.notes if times[id(n)] != (n.start, n.duration)]
    if not touched:
        return None
    text = "Quantize note" if len(notes) == 1 else f"Quantize {len(notes)} notes"
    return ChangeNotes(touched, [shape_of(n) for n in touched],
                       [(*times[id(n)], n.pitch, n.velocity) for n in touched], changed, text, select=notes)


def _key(time: float) -> float:
    return round(time, 6)


def _quantized(note: Note, step: float, ends: bool, piece_end: float) -> tuple[float, float]:
    """(start, length) on the grid; the line before when the nearest one would leave the note no room before
    the piece's end (or before its own end, for a note already past it)."""
    limit = max(piece_end, note.end)
    start = on_the_grid(round(note.start / step) * step)
    if start >= limit:
        start = on_the_grid(math.floor(note.start / step + 1e-6) * step)
    duration = max(step, on_the_grid(round(note.end / step) * step) - start) if ends else note.duration
    return start, min(duration, limit - start)


def _end_overlaps(piece: Piece, notes: list[Note], times: dict[int, tuple[float, float]]) -> None:
    """Each note of a quantized note's pitch ends by the next start of that pitch that it now overlaps: any
    for a quantized note, a quantized one's for another (two overlapping in the file are not this edit's)."""
    quantized = {id(n) for n in notes}
    for pitch in {n.pitch for n in notes}:
        row = sorted((n for n in piece.notes if n.pitch == pitch), key=lambda n: times[id(n)][0])
        for i, note in enumerate(row):
            start, duration = times[id(note)]
            later = [times[id(n)][0] for n in row[i + 1:] if _key(times[id(n)][0]) > _key(start)
                     and (id(note) in quantized or id(n) in quantized)]
            if later and later[0] < start + duration:
                times[id(note)] = (start, later[0] - start)
