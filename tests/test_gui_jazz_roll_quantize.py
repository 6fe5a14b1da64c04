"""Quantize in the piano roll: Q (or the toolbar's button) puts the selected notes' starts on the Snap grid."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.jazz.piece import Note, Piece
from gui.jazz.note_commands import shape_of
from tests.test_gui_jazz_roll import click
from tests.test_gui_jazz_roll_drag_resize import roll as roll_under_toolbar  # noqa: F401 - a fixture


@pytest.fixture
def roll(roll_under_toolbar):  # noqa: F811 - the drag tests' roll, its toolbar's Snap and Quantize with it
    return roll_under_toolbar


def show(roll, notes: list[Note], snap: str = "1/16", bars: int = 2) -> list[Note]:
    roll.set_piece(Piece("Off the grid", notes, [], bars=bars, tempo=120.0))
    roll.toolbar.snap.setCurrentText(snap)
    return notes


def select(roll, *notes: Note) -> None:
    """Ctrl+click each note, as a user picks several."""
    for n in notes:
        click(roll, n.pitch, n.start + min(n.duration / 3, 0.04), Qt.ControlModifier)  # before a later one
    assert roll.selected_notes() == sorted(notes, key=roll.piece.notes.index)


def quantize(roll, modifier=Qt.NoModifier) -> None:
    QTest.keyClick(roll, Qt.Key_Q, modifier)


def times(notes: list[Note]) -> list[tuple[float, float]]:
    return [(n.start, n.duration) for n in notes]


def test_q_puts_the_selected_starts_on_the_grid_keeping_lengths_in_one_step_that_undoes_exactly(roll):
    a, b, c, left = show(roll, [Note(0.1, 0.5, 60, 70), Note(1.13, 0.25, 62, 80), Note(2.4, 1.0, 64),
                                Note(3.1, 0.5, 65)], snap="1/8")
    before = [shape_of(n) for n in roll.piece.notes]
    select(roll, a, b, c)
    quantize(roll)
    assert times([a, b, c, left]) == [(0.0, 0.5), (1.0, 0.25), (2.5, 1.0), (3.1, 0.5)]  # unselected: left alone
    assert (a.velocity, b.velocity) == (70, 80)
    assert roll.undo_stack.count() == 1 and roll.undo_stack.undoText() == "Quantize 3 notes"
    assert roll.selected_notes() == [a, b, c]
    roll.undo_stack.undo()
    assert [shape_of(n) for n in roll.piece.notes] == before
    roll.undo_stack.redo()
    assert times([a, b, c]) == [(0.0, 0.5), (1.0, 0.25), (2.5, 1.0)]


def test_with_nothing_selected_quantize_does_nothing_and_its_button_waits_for_a_selection(roll):
    """As Delete, the arrows and the nudges: they act on the selection, and none is no edit."""
    [n] = show(roll, [Note(0.6, 0.5, 60)])
    button = roll.toolbar.quantize
    quantize(roll)
    assert n.start == 0.6 and roll.undo_stack.count() == 0 and not button.isEnabled()
    click(roll, 60, 0.7)
    assert button.isEnabled() and "Snap Off" in button.toolTip()
    QTest.mouseClick(button, Qt.LeftButton)
    assert times([n]) == [(0.5, 0.5)] and roll.undo_stack.undoText() == "Quantize note"


def test_quantize_never_starts_a_note_before_0_nor_runs_it_past_the_end_of_the_piece(roll):
    first, last, long = show(roll, [Note(0.05, 0.5, 60), Note(3.9, 0.1, 62), Note(2.9, 1.1, 64)], bars=1)
    select(roll, first, last, long)
    quantize(roll)
    assert first.start == 0.0
    assert times([last]) == [(3.75, 0.1)]  # its nearest line, the end, would leave it no room: the one before
    assert times([long]) == [(3.0, 1.0)]  # moved later, it ends at the end of the piece rather than past it
    assert all(n.duration > 0 and n.end <= roll.piece.length for n in roll.piece.notes)


def test_an_earlier_note_of_the_same_pitch_is_shortened_rather_than_overlapped(roll):
    held, moved, tied, _ = show(roll, [Note(0.0, 1.3, 62), Note(1.4, 0.5, 62),
                                       Note(2.4, 0.5, 60), Note(2.95, 0.5, 60)], snap="1/4")
    select(roll, moved, tied)
    quantize(roll)
    assert times([moved, tied]) == [(1.0, 0.5), (2.0, 0.5)]
    assert times([held]) == [(0.0, 1.0)]  # unselected, but a quantized note now starts inside it
    assert roll.selected_notes() == [moved, tied]  # the note shortened for it is not selected
    roll.undo_stack.undo()
    assert times(roll.piece.notes) == [(0.0, 1.3), (1.4, 0.5), (2.4, 0.5), (2.95, 0.5)]
    show(roll, [Note(0.4, 0.5, 60), Note(0.95, 0.5, 60)])
    early, later = roll.piece.notes
    select(roll, early)
    quantize(roll)
    assert times([early, later]) == [pytest.approx((0.5, 0.45)), (0.95, 0.5)]  # moved later, it ends where the next begins


def test_a_note_whose_line_holds_a_note_of_its_pitch_stays_put_and_no_note_gets_zero_length(roll):
    there, near = show(roll, [Note(1.0, 0.5, 64), Note(1.1, 0.5, 64)])
    select(roll, there, near)
    quantize(roll)
    assert times([there, near]) == [pytest.approx((1.0, 0.1)), (1.1, 0.5)]  # two on one line would sound as one
    assert all(n.duration > 0 for n in roll.piece.notes)


def test_shift_q_puts_the_ends_on_the_grid_too(roll):
    short, long = show(roll, [Note(0.1, 0.45, 60), Note(1.05, 0.05, 62)])
    select(roll, short, long)
    quantize(roll, Qt.ShiftModifier)
    assert times([short, long]) == [(0.0, 0.5), (1.0, 0.25)]  # a note never shrinks to nothing: one grid step


def test_with_snap_off_quantize_uses_a_sixteenth_grid_as_the_nudges_do(roll):
    [n] = show(roll, [Note(0.3, 0.5, 60)], snap="Off")
    select(roll, n)
    quantize(roll)
    assert times([n]) == [(0.25, 0.5)]


def test_help_keyboard_shortcuts_lists_quantize(window):
    from gui.shortcuts import ShortcutsDialog

    rows = ShortcutsDialog(window).rows()
    found = {keys for where, keys, what in rows if where == "Jazz: Piano roll" and "Quantize" in what}
    assert found == {"Q", "Shift+Q"}
