"""Dragging and resizing notes off the grid, and the toolbar's Velocity box on a selection of mixed dynamics."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QVBoxLayout, QWidget

from engine.jazz.piece import Note, Piece
from tests.test_gui_jazz_roll import drag


@pytest.fixture
def roll(app, qtbot):
    from gui.jazz.piano_roll import PianoRoll
    from gui.jazz.roll_toolbar import RollToolbar

    box = QWidget()
    column = QVBoxLayout(box)
    view = PianoRoll()
    view.toolbar = RollToolbar(view)
    column.addWidget(view.toolbar)
    column.addWidget(view, 1)
    qtbot.addWidget(box)
    box.resize(900, 520)
    box.show()
    qtbot.waitExposed(box)
    notes = [Note(1 / 3, 0.5, 77, 5), Note(1.0, 1 / 6, 80, 17), Note(2.0, 0.5, 82, 84), Note(3.0, 1.0, 72, 96)]
    view.set_piece(Piece("Test", notes, [], bars=1, tempo=120.0))
    view.centre_on(77)
    view.box = box  # the Python side must keep the window alive, or Qt deletes the roll with it
    return view


def note(roll, pitch: int) -> Note:
    return next(n for n in roll.piece.notes if n.pitch == pitch)


def right_edge(roll, n: Note) -> QPoint:
    rect = roll.grid.note_rect(n.start, n.duration, n.pitch)
    return QPoint(round(rect.right()) - 2, round(rect.center().y()))


# Moving ------------------------------------------------------------------------------------------------------
def test_dragging_a_triplet_straight_up_keeps_its_time(roll):
    """The drag snapped the note's own start, so a triplet at 1/3 dragged up a key landed on the 16th at 0.25."""
    triplet = note(roll, 77)
    grab = roll.grid.point_at(77, 0.45)
    drag(roll, grab, roll.grid.point_at(78, 0.45) + QPoint(3, 0))  # a hand's sideways wobble, under half a step
    assert (triplet.start, triplet.pitch) == (1 / 3, 78)
    assert roll.undo_stack.count() == 1 and roll.undo_stack.undoText() == "Move notes"
    roll.undo_stack.undo()
    assert (triplet.start, triplet.pitch) == (1 / 3, 77)


def test_dragging_sideways_lands_the_note_on_a_grid_line_exactly(roll):
    """Further sideways, the note held lands on a grid line, an off-grid one included (only a drag would put a
    note placed with Snap Off back on the grid), and exactly on it: a triplet dragged ten steps to the downbeat
    of bar 2 stopped at 3.9999999999999996, and Regenerate took it for bar 1 (a regression hunt's finds)."""
    triplet = note(roll, 77)
    drag(roll, roll.grid.point_at(77, 0.45), roll.grid.point_at(76, 0.95))  # two 16ths later, a key lower
    assert triplet.start == 0.75 and triplet.pitch == 76
    roll.undo_stack.undo()
    drag(roll, roll.grid.point_at(77, 0.45), roll.grid.point_at(77, -1.0))  # far past the start: stops at 0
    assert triplet.start == 0.0
    roll.undo_stack.undo()
    roll.toolbar.snap.setCurrentText("1/8 triplet")
    triplet.start = 2 / 3
    drag(roll, roll.grid.point_at(77, 2 / 3 + 0.05), roll.grid.point_at(77, 4.05))
    assert triplet.start == 4.0


# Resizing ----------------------------------------------------------------------------------------------------
def test_without_snap_a_short_note_can_be_made_shorter_down_to_a_48th(roll):
    """With Snap Off the shortest length was a 16th: a 1/6 note dragged shorter grew to 0.25."""
    roll.toolbar.snap.setCurrentText("Off")
    roll.zoom(horizontal=3)
    roll.horizontalScrollBar().setValue(0)
    short = note(roll, 80)
    edge = right_edge(roll, short)
    drag(roll, edge, edge - QPoint(6, 0))
    assert 1 / 48 <= short.duration < 1 / 6 and roll.undo_stack.undoText() == "Resize notes"
    roll.undo_stack.undo()
    drag(roll, edge, edge - QPoint(200, 0))
    assert short.duration == pytest.approx(1 / 48)


def test_with_snap_a_drag_to_the_left_never_lengthens_a_note(roll):
    """Under a 1/16 grid a 1/6 note grew to a 16th when its edge was nudged left."""
    short = note(roll, 80)
    edge = right_edge(roll, short)
    drag(roll, edge, edge - QPoint(5, 0))
    assert short.duration == 1 / 6 and roll.undo_stack.count() == 0
    eighth = note(roll, 82)
    drag(roll, right_edge(roll, eighth), roll.grid.point_at(82, 2.1))  # shorter than a step: one step is left
    assert eighth.duration == 0.25
    drag(roll, right_edge(roll, eighth), roll.grid.point_at(82, 2.8))
    assert eighth.duration == 0.75  # longer: snapped to the grid line nearest the pointer


def test_with_snap_a_drag_to_the_right_never_shortens_a_note(roll):
    """The grid line nearest the pointer may lie behind the note's end: an imported 0.3 went down to a 16th."""
    odd = roll.add_note(79, 2.0, 0.3)
    steps = roll.undo_stack.count()
    edge = right_edge(roll, odd)
    drag(roll, edge, edge + QPoint(5, 0))
    assert odd.duration == 0.3 and roll.undo_stack.count() == steps


# The Velocity box ----------------------------------------------------------------------------------------------
def velocities(roll):
    return [n.velocity for n in roll.piece.notes]


def test_a_step_of_the_velocity_box_moves_every_note_and_keeps_the_dynamics(roll):
    """One Up in the box set a selection of 5, 17, 84 and 96 all to 51. A step moves each as Alt + wheel does, and
    the box shows the notes' true average, even where the softest stops at 1."""
    box = roll.toolbar.velocity
    roll.setFocus()
    QTest.keyClick(roll, Qt.Key_A, Qt.ControlModifier)
    assert box.value() == 50
    box.setFocus()
    QTest.keyClick(box, Qt.Key_Up)
    assert velocities(roll) == [6, 18, 85, 97] and box.value() == 52  # 51.5, rounded to even
    assert roll.undo_stack.count() == 1
    for _ in range(11):
        QTest.keyClick(box, Qt.Key_Down)
    assert velocities(roll) == [1, 7, 74, 86] and box.value() == 42  # the softest stops at 1: 42.0 on average
    assert roll.undo_stack.count() == 1  # the steps are one edit
    roll.undo_stack.undo()
    assert velocities(roll) == [5, 17, 84, 96] and box.value() == 50


def test_a_typed_velocity_sets_every_selected_note_to_it(roll):
    """As it is typed, so what the box shows is what a Save writes (typed and not yet entered, it was left out)."""
    box = roll.toolbar.velocity
    roll.select_all()
    box.setFocus()
    box.lineEdit().selectAll()
    QTest.keyClicks(box, "70")
    assert velocities(roll) == [70] * 4 and roll.undo_stack.count() == 1 and box.value() == 70
    QTest.keyClick(box, Qt.Key_Up)  # then a step moves them all from there
    assert velocities(roll) == [71] * 4
    roll.undo_stack.undo()
    assert velocities(roll) == [5, 17, 84, 96]
