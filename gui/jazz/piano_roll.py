"""The piano roll: the melody over a keyboard and a bar/beat grid, chord symbols in a lane above.

Edits go through the page's QUndoStack as commands (see note_commands); the Piece stays the one source
of truth, so the exporters and the player always see what the user sees.
"""

from __future__ import annotations

import math
from contextlib import contextmanager, nullcontext

from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QPainter, QUndoStack
from PySide6.QtWidgets import QAbstractScrollArea

from engine.errors import EncoreError
from engine.jazz import transpose
from engine.jazz.piece import MAX_BARS, Note, Piece

from . import roll_painting as paint
from .grid import CHORD_LANE_HEIGHT, HIGHEST, KEYBOARD_WIDTH, LOWEST, Grid, on_the_grid
from .note_commands import (
    AddNotes,
    DeleteNotes,
    TransposePiece,
    VelocityGesture,
    apply_shape,
    change_notes,
    playable_velocity,
    quantize_notes,
    shape_of,
    shift_velocities,
)
from .roll_keys import claims_key, handle_key
from .roll_mouse import Drag, note_at, on_right_edge


class PianoRoll(QAbstractScrollArea):
    selection_changed = Signal(list)  # the selected Note objects
    edited = Signal()  # the piece's notes changed (an edit, an undo or a redo)
    piece_needed = Signal(object)  # an undo or redo changed a piece that is not on screen: show it
    play_pause_requested = Signal()  # Space
    zoom_changed = Signal()
    refused = Signal(str)  # an edit that cannot be made, and why

    def __init__(self, undo_stack: QUndoStack | None = None, parent=None):
        super().__init__(parent)
        self.undo_stack = undo_stack or QUndoStack(self)
        self.velocity_gesture = VelocityGesture(self.selection_changed, self.undo_stack.indexChanged)
        self.grid = Grid()
        self.piece: Piece | None = None
        self.selected: dict[int, Note] = {}
        self.playhead: float | None = None
        self.drag: Drag | None = None
        self._undo_held = False  # a drag has taken the Edit menu's Undo from the window
        self.swept_bars: list[int] = []  # bars the last rubber band swept: a silent bar has no note to select
        self.new_note_length: float | None = None  # the length of the last note drawn or resized
        self.setFocusPolicy(Qt.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.setMinimumSize(320, 200)
        self.horizontalScrollBar().valueChanged.connect(lambda v: self._scrolled("scroll_x", v))
        self.verticalScrollBar().valueChanged.connect(lambda v: self._scrolled("scroll_y", v))

    # The piece -----------------------------------------------------------------------------------
    def set_piece(self, piece: Piece | None, version: bool = False) -> None:
        """Show ``piece``: from its start, fitted to the view; a ``version`` of the solo shown (bars of it
        regenerated, or that undone or redone) where the user was, the same zoom and scroll, with the bars
        chosen still swept, so that "try again" is one more Regenerate."""
        self.cancel_drag()  # begun on the piece before (a Generate landing mid-drag): it would edit it unseen
        version = version and piece is not None and self.piece is not None
        select, swept = self._choice_in(piece) if version else ([], [])
        scroll = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        self.piece = piece
        self.playhead = None
        if piece is not None and not version:
            self.grid.beats_per_bar, self.grid.beat = piece.beats_per_bar, 1.5 if piece.compound else 1.0
            self.fit_bars(min(max(piece.bars, 1), 8))
        self._update_scroll_ranges()
        if version:
            self.horizontalScrollBar().setValue(scroll[0])
            self.verticalScrollBar().setValue(scroll[1])
        else:
            self.centre_on_melody()
            self.horizontalScrollBar().setValue(0)
        self.swept_bars = swept
        self.selected = {id(n): n for n in select}
        self.viewport().update()
        self.selection_changed.emit(select)

    def _choice_in(self, piece: Piece) -> tuple[list[Note], list[int]]:
        """(notes, bars) of ``piece`` to choose in place of the piece shown's: its notes of the same time, pitch
        and velocity as those selected (in the bars kept), and the bars swept, with those whose selected notes
        are gone (improvised again): a silent bar has no note to select."""
        chosen = self.selected_notes()
        if piece is self.piece:
            return chosen, list(self.swept_bars)
        found = {shape_of(n): n for n in piece.notes}
        gone = {int(n.start // piece.beats_per_bar) for n in chosen if shape_of(n) not in found}
        kept = {id(found[shape_of(n)]): found[shape_of(n)] for n in chosen if shape_of(n) in found}
        return list(kept.values()), sorted(b for b in gone | set(self.swept_bars) if 0 <= b < piece.bars)

    def centre_on_melody(self) -> None:
        pitches = [n.pitch for n in self.piece.notes] if self.piece else []
        self.centre_on(sum(pitches) / len(pitches) if pitches else 67)

    def centre_on(self, pitch: float) -> None:
        self.verticalScrollBar().setValue(round(self.grid.scroll_y_for(pitch, self._notes_height())))

    # A drag moves its notes as the mouse goes and records the edit on release, from where they began: an
    # Undo or a key's edit in between would be undone by it, so the Edit menu's Undo is held until then.
    def _begin_drag(self, drag: Drag) -> None:
        self.drag = drag
        if drag.kind != "select" and self.undo_stack.isActive():
            self.undo_stack.setActive(False)
            self._undo_held = True

    def _end_drag(self) -> Drag | None:
        drag, self.drag = self.drag, None
        if self._undo_held and self.isVisible():  # not when another page came up meanwhile: its stack is active
            self.undo_stack.setActive(True)
        self._undo_held = False
        return drag

    @contextmanager
    def as_before_drag(self):
        """The notes where a drag under way found them, for as long as the block runs: a save or an autosave
        in mid-drag keeps the edits made, not a move the user may yet cancel (Esc) or undo."""
        drag = self.drag
        moved = [shape_of(n) for n in drag.notes] if drag is not None else []
        if drag is not None:
            drag.cancel()
        try:
            yield
        finally:
            for note, shape in zip(drag.notes if drag is not None else [], moved, strict=True):
                apply_shape(note, shape)

    def cancel_drag(self) -> None:
        """The notes a drag has moved back where they were, and no edit."""
        drag = self._end_drag()
        if drag is not None:
            drag.cancel()
            self.viewport().update()

    def notes_changed(self, select: list[Note]) -> None:
        """Called by every command after it changed the piece."""
        self.selected = {id(n): n for n in select}
        self._update_scroll_ranges()
        self.viewport().update()
        self.selection_changed.emit(list(select))
        self.edited.emit()

    def changed_here(self):
        """The callback for a command on this piece: an undo made after switching pieces brings it back first."""
        piece = self.piece

        def changed(select: list[Note]) -> None:
            if piece is not self.piece:
                self.piece_needed.emit(piece)  # the page shows it now, or it is gone from the history
            self.notes_changed(select if piece is self.piece else [])
        return changed

    def push(self, command) -> None:
        if command is not None and self.piece is not None:
            self.undo_stack.push(command)

    # Selection -----------------------------------------------------------------------------------
    def selected_notes(self) -> list[Note]:
        return [n for n in (self.piece.notes if self.piece else []) if id(n) in self.selected]

    def select(self, notes: list[Note]) -> None:
        if self.drag is None or self.drag.kind != "select":  # a selection made otherwise sweeps no bars
            self.swept_bars = []
        self.selected = {id(n): n for n in notes}
        self.viewport().update()
        self.selection_changed.emit(list(notes))

    def select_all(self) -> None:
        self.select(list(self.piece.notes) if self.piece else [])

    # Edits ---------------------------------------------------------------------------------------
    def add_note(self, pitch: int, start: float, duration: float | None = None, velocity: int = 90) -> Note | None:
        """The note added, cut short at the end of the longest solo; None where it would start there or later."""
        if not self.piece.fits(start + FLOAT_STEP):
            self.refused.emit(PAST_THE_LAST_BAR)
            return None
        duration = min(duration or self.new_note_length or self.grid.step, self.piece.latest_end - start)
        note = Note(start, duration, pitch, velocity)
        self.push(AddNotes(self.piece, [note], self.changed_here()))
        return note

    def delete_selected(self) -> None:
        notes = self.selected_notes()
        if notes:
            self.push(DeleteNotes(self.piece, notes, self.changed_here()))

    def transpose_selected(self, semitones: int) -> None:
        notes = self.selected_notes()
        if not notes:
            return
        if not all(_stays_on_the_keyboard(n.pitch, semitones) for n in notes):
            self.refused.emit(OFF_THE_KEYBOARD)
            return
        text = "Transpose octave" if abs(semitones) == 12 else "Transpose"
        self.push(change_notes(notes, lambda n: (n.start, n.duration, n.pitch + semitones, n.velocity),
                               self.changed_here(), text))

    def transpose_piece(self, semitones: int) -> None:
        """The whole piece, notes and chord symbols, in another key (one undo step)."""
        if self.piece is None:
            return
        if not all(_stays_on_the_keyboard(n.pitch, semitones) for n in self.piece.notes):
            self.refused.emit(OFF_THE_KEYBOARD)
            return
        try:
            moved = transpose.transpose_piece(self.piece, semitones)
        except EncoreError as e:
            self.refused.emit(f"Cannot transpose: {e}")
            return
        self.push(TransposePiece(self.piece, moved, self.changed_here(), semitones, self.selected_notes()))

    def nudge_selected(self, steps: int) -> None:
        """Earlier or later by grid steps; the earliest note stops at the last step before the start of the piece
        (by whole steps, so notes on the grid stay on it)."""
        notes = self.selected_notes()
        if not notes:
            return
        step = self.grid.step
        room = math.floor(min(n.start for n in notes) / step + 1e-6)  # whole steps left before the start
        # and after the end of the longest solo a project opens: a note past it lost the whole project
        room_after = max(0, math.floor((self.piece.latest_end - max(n.end for n in notes)) / step + 1e-6))
        if steps > room_after:
            self.refused.emit(PAST_THE_LAST_BAR)
        shift = min(max(steps, -room), room_after) * step
        self.push(change_notes(notes, lambda n: (on_the_grid(n.start + shift), n.duration, n.pitch, n.velocity),
                               self.changed_here(), "Nudge notes"))

    def quantize_selected(self, ends: bool = False) -> None:
        """The selected notes' starts (and ends, when asked) on the nearest line of the Snap grid; with Snap
        Off, of a sixteenth's, the step a nudge takes then."""
        notes = self.selected_notes()
        if notes:
            self.push(quantize_notes(self.piece, notes, self.grid.step, self.changed_here(), ends))

    def set_velocity(self, velocity: int, notes: list[Note] | None = None, relative: bool = False,
                     merge_id: int | None = None) -> None:
        """merge_id: repeated changes of the same notes with it are one undo step (-1: always a step); by
        default the change is part of the velocity gesture under way (see VelocityGesture)."""
        notes = self.selected_notes() if notes is None else notes
        with self.velocity_gesture.change() if merge_id is None else nullcontext(merge_id) as merge_id:
            if relative:
                command = shift_velocities(notes, velocity, self.changed_here(), merge_id)
                if not command.isObsolete() or self._runs_on(command):  # pushed, a step that changes nothing and
                    self.push(command)  # ends no run still cleared Redo (Alt+scroll on notes at 127, a trackpad tick)
                return
            level = playable_velocity(velocity)
            self.push(change_notes(notes, lambda n: (n.start, n.duration, n.pitch, level),
                                   self.changed_here(), "Change velocity", merge_id))

    def _runs_on(self, command) -> bool:
        """Whether ``command`` would merge into the last step, with nothing to redo after it."""
        stack = self.undo_stack
        last = stack.command(stack.index() - 1) if stack.index() == stack.count() else None
        return isinstance(last, type(command)) and last.id() == command.id() != -1 and \
            [id(n) for n in last.notes] == [id(n) for n in command.notes]

    # Playback and zoom ---------------------------------------------------------------------------
    def set_playhead(self, beats: float | None) -> None:
        """Move the playhead (quarter notes); the view scrolls to keep it in sight while playing."""
        self.playhead = beats
        if beats is not None:
            x = self.grid.x_of(beats)
            if x > self.viewport().width() - 24 or x < KEYBOARD_WIDTH:
                bar = self.horizontalScrollBar()
                bar.setValue(round(bar.value() + x - KEYBOARD_WIDTH - self._notes_width() * 0.1))
        self.viewport().update()

    def zoom(self, horizontal: float = 1.0, vertical: float = 1.0, around_x: float | None = None) -> None:
        anchor_x = KEYBOARD_WIDTH if around_x is None else around_x
        anchor_beat = self.grid.beat_at(anchor_x)
        middle_pitch = self.grid.pitch_at(CHORD_LANE_HEIGHT + self._notes_height() / 2)
        self.grid.beat_width = min(400.0, max(6.0, self.grid.beat_width * horizontal))
        self.grid.key_height = min(40.0, max(4.0, self.grid.key_height * vertical))
        self._update_scroll_ranges()
        self.horizontalScrollBar().setValue(round(anchor_beat * self.grid.beat_width - anchor_x + KEYBOARD_WIDTH))
        if vertical != 1.0:
            self.verticalScrollBar().setValue(round(self.grid.scroll_y_for(middle_pitch, self._notes_height())))
        self.viewport().update()
        self.zoom_changed.emit()

    def fit_bars(self, bars: int) -> None:
        """Zoom time so that ``bars`` bars fill the view (within readable limits)."""
        beats = bars * self.grid.beats_per_bar
        self.grid.beat_width = min(64.0, max(20.0, self._notes_width() / beats))
        self.zoom_changed.emit()

    def set_snap(self, snap: float | None) -> None:
        self.grid.snap = snap
        self.viewport().update()

    # Geometry ------------------------------------------------------------------------------------
    def _notes_width(self) -> float:
        return max(1, self.viewport().width() - KEYBOARD_WIDTH)

    def _notes_height(self) -> float:
        return max(1, self.viewport().height() - CHORD_LANE_HEIGHT)

    def _beats_shown(self) -> float:
        if self.piece is None:
            return 16.0
        last = max((n.end for n in self.piece.notes), default=0.0)
        return max(self.piece.length, last) + self.piece.beats_per_bar

    def _update_scroll_ranges(self) -> None:
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setRange(0, max(0, round(self.grid.content_width(self._beats_shown()) - self._notes_width())))
        h.setPageStep(round(self._notes_width()))
        v.setRange(0, max(0, round(self.grid.content_height() - self._notes_height())))
        v.setPageStep(round(self._notes_height()))
        self.grid.scroll_x, self.grid.scroll_y = h.value(), v.value()

    def _scrolled(self, axis: str, value: int) -> None:
        setattr(self.grid, axis, float(value))
        self.viewport().update()

    def resizeEvent(self, event):  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._update_scroll_ranges()

    # Painting ------------------------------------------------------------------------------------
    def paintEvent(self, event):  # noqa: N802 - Qt override
        p = QPainter(self.viewport())
        width, height = self.viewport().width(), self.viewport().height()
        paint.paint_rows(p, self.grid, width)
        if self.piece is None:
            paint.paint_keyboard(p, self.grid, height)
            paint.paint_empty_hint(p, width, height)
            return
        paint.paint_beat_lines(p, self.grid, self._beats_shown(), height)
        paint.paint_after_end(p, self.grid, self.piece, width, height)
        paint.paint_notes(p, self.grid, self.piece, set(self.selected))
        paint.paint_keyboard(p, self.grid, height)
        paint.paint_chord_lane(p, self.grid, self.piece, width)
        paint.paint_swept_bars(p, self.grid, self.swept_bars, self.piece.beats_per_bar, height)
        paint.paint_rubber_band(p, self.drag.band() if self.drag else None)
        paint.paint_playhead(p, self.grid, self.playhead, height)

    # Mouse ---------------------------------------------------------------------------------------
    def mousePressEvent(self, event):  # noqa: N802 - Qt override
        pos = event.position()
        if self.piece is None or event.button() != Qt.LeftButton or not self.grid.in_notes_area(pos.x(), pos.y()):
            return super().mousePressEvent(event)
        self.cancel_drag()  # one whose release never came (let go over another window): its move is no edit
        self.setFocus()
        toggle = bool(event.modifiers() & (Qt.ControlModifier | Qt.ShiftModifier))
        note = note_at(self.grid, self.piece.notes, pos)
        if note is None:
            if not toggle:
                self.select([])
            # with a modifier the band adds to the notes chosen before it, as a Ctrl- or Shift-click does
            self._begin_drag(Drag.start("select", self.grid, pos, None, [], held=self.selected_notes()))
            return
        if toggle:
            self._toggle(note)
            return
        if id(note) not in self.selected:
            self.select([note])
        kind = "resize" if on_right_edge(self.grid, note, pos) else "move"
        self._begin_drag(Drag.start(kind, self.grid, pos, note, self.selected_notes(),
                                    latest_end=self.piece.latest_end))

    def _toggle(self, note: Note) -> None:
        chosen = self.selected_notes()
        self.select([n for n in chosen if n is not note] if id(note) in self.selected else chosen + [note])

    def mouseMoveEvent(self, event):  # noqa: N802 - Qt override
        pos = event.position()
        if self.drag is None:
            self._hover_cursor(pos)
            return
        self.drag.follow(pos)
        if self.drag.kind == "select":
            band, held = self.drag.band(), self.drag.held
            near = self.grid.notes_across(self.piece.notes, band.left() - 1, band.right() + 1)
            banded = {id(n) for n in near if band.intersects(self.grid.note_rect(n.start, n.duration, n.pitch))}
            self.select([n for n in self.piece.notes if id(n) in held or id(n) in banded])
        self.viewport().update()

    def mouseReleaseEvent(self, event):  # noqa: N802 - Qt override
        drag = self._end_drag()
        if drag is None:
            return super().mouseReleaseEvent(event)
        drag.follow(event.position())
        band = drag.band()
        if band is not None and band.width() > 0:
            bars = self.piece.beats_per_bar
            first, last = (int(self.grid.beat_at(x) // bars) for x in (band.left(), band.right()))
            self.swept_bars = [b for b in range(max(first, 0), last + 1) if b < self.piece.bars]
        if drag.stopped_at_the_end:
            self.refused.emit(PAST_THE_LAST_BAR)
        command = drag.finish(self.changed_here())
        if command is not None and drag.kind == "resize":
            self.new_note_length = command.after[drag.anchor_index][1]
        self.push(command)
        self.viewport().update()

    def mouseDoubleClickEvent(self, event):  # noqa: N802 - Qt override
        pos = event.position()
        if self.piece is None or not self.grid.in_notes_area(pos.x(), pos.y()):
            return
        self._end_drag()
        note = note_at(self.grid, self.piece.notes, pos)
        if note is not None:
            self.push(DeleteNotes(self.piece, [note], self.changed_here()))
        else:
            start = max(0.0, self.grid.snapped_down(self.grid.beat_at(pos.x())))
            self.add_note(self.grid.pitch_at(pos.y()), start)

    def _hover_cursor(self, pos: QPointF) -> None:
        note = note_at(self.grid, self.piece.notes, pos) if self.piece else None
        shape = Qt.ArrowCursor if note is None else (
            Qt.SizeHorCursor if on_right_edge(self.grid, note, pos) else Qt.SizeAllCursor)
        self.viewport().setCursor(shape)

    def hideEvent(self, event):  # noqa: N802 - Qt override
        self.cancel_drag()  # another page came up: the release would never reach this one
        super().hideEvent(event)

    def focusOutEvent(self, event):  # noqa: N802 - Qt override
        self.cancel_drag()  # a dialog or another window took the mouse: its release may never come here
        super().focusOutEvent(event)

    def wheelEvent(self, event):  # noqa: N802 - Qt override
        if self.drag is not None and self.drag.kind != "select":  # an Alt+wheel velocity edit would be undone
            event.accept()  # by the release, and a zoom would move the notes under the mouse
            return
        mods = event.modifiers()
        delta = event.angleDelta().y() or event.angleDelta().x()  # Alt swaps the axes on some systems
        notches = delta / 120
        if mods & Qt.AltModifier and self.selected:
            self.set_velocity(round(5 * notches), relative=True)
        elif mods & Qt.ControlModifier:
            factor = 1.15 ** notches
            if mods & Qt.ShiftModifier:
                self.zoom(vertical=factor)
            else:
                self.zoom(horizontal=factor, around_x=event.position().x())
        else:
            return super().wheelEvent(event)
        event.accept()

    def event(self, event):  # Qt override
        if event.type() == QEvent.ShortcutOverride and claims_key(self, event):
            event.accept()  # the key comes to keyPressEvent, not to a window-wide shortcut (a job's Esc)
            return True
        return super().event(event)

    def keyPressEvent(self, event):  # noqa: N802 - Qt override
        if self.drag is not None and self.drag.kind != "select":  # its release would undo a key's edit
            if event.key() == Qt.Key_Escape:
                self.cancel_drag()
            return
        if not handle_key(self, event):
            super().keyPressEvent(event)


PAST_THE_LAST_BAR = f"A note cannot end past bar {MAX_BARS:,}: the end of the longest solo a project keeps"
FLOAT_STEP = 1e-6  # a note starting this near the end of the last bar would have no length left

OFF_THE_KEYBOARD = "Cannot transpose: a note would leave the piano's 88 keys (A0 to C8), where the roll cannot show it"


def _stays_on_the_keyboard(pitch: int, semitones: int) -> bool:
    """Whether a moved note is still on the roll's keys; one already off them (a file's) may move back towards
    them. Keys moved notes above C8, out of sight but still played and exported; a drag stops at the edge."""
    def off(p: int) -> int:  # semitones beyond the keys
        return max(LOWEST - p, p - HIGHEST, 0)

    return off(pitch + semitones) == 0 or off(pitch + semitones) < off(pitch)
