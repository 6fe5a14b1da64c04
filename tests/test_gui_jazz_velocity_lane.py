"""The velocity lane under the piano roll, driven with the mouse: one stem per note, undoable drags."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QVBoxLayout, QWidget

from engine.jazz.piece import ChordSymbol, Note, Piece


@pytest.fixture
def lane(app, qtbot):
    from gui.jazz.piano_roll import PianoRoll
    from gui.jazz.velocity_lane import VelocityLane

    box = QWidget()
    column = QVBoxLayout(box)
    roll = PianoRoll()
    view = VelocityLane(roll)
    column.addWidget(roll, 1)
    column.addWidget(view)
    qtbot.addWidget(box)
    box.resize(900, 560)
    box.show()
    qtbot.waitExposed(box)
    notes = [Note(0.0, 1.0, 64, 80), Note(1.0, 0.5, 67, 60), Note(1.0, 0.5, 71, 60), Note(4.0, 2.0, 72, 100)]
    roll.set_piece(Piece("Test", notes, [ChordSymbol(0.0, 8.0, "Dm7")], bars=2, tempo=120.0))
    view.box = box  # the Python side must keep the window alive, or Qt deletes roll and lane with it
    return view


def drag(lane, start: QPoint, end: QPoint):
    QTest.mousePress(lane, Qt.LeftButton, Qt.NoModifier, start)
    QTest.mouseMove(lane, QPoint(start.x(), (start.y() + end.y()) // 2))
    QTest.mouseMove(lane, end)
    QTest.mouseRelease(lane, Qt.LeftButton, Qt.NoModifier, end)


def level_at(lane, velocity):
    """The y of a velocity, and the velocity a press there gives (a pixel spans about two levels)."""
    y = round(lane.y_of(velocity))
    assert abs(lane.velocity_at(y) - velocity) <= 1
    return y, lane.velocity_at(y)


def velocities(lane):
    return [n.velocity for n in lane.roll.piece.notes]


def test_stems_line_up_with_the_notes_in_the_roll(lane):
    roll = lane.roll
    for note in roll.piece.notes:
        in_roll = roll.viewport().mapToGlobal(roll.grid.point_at(note.pitch, note.start)).x()
        assert abs(lane.mapToGlobal(lane.point_of(note)).x() - in_roll) <= 1
    roll.zoom(horizontal=2.0)
    roll.horizontalScrollBar().setValue(40)
    note = roll.piece.notes[-1]
    in_roll = roll.viewport().mapToGlobal(roll.grid.point_at(note.pitch, note.start)).x()
    assert abs(lane.mapToGlobal(lane.point_of(note)).x() - in_roll) <= 1


def test_dragging_a_stem_changes_that_note_in_one_undo_step(lane):
    first = lane.roll.piece.notes[0]
    start = lane.point_of(first)
    y, loud = level_at(lane, 120)
    drag(lane, start, QPoint(start.x(), y))
    assert velocities(lane) == [loud, 60, 60, 100]
    assert lane.roll.undo_stack.count() == 1
    lane.roll.undo_stack.undo()
    assert velocities(lane) == [80, 60, 60, 100]
    lane.roll.undo_stack.redo()
    assert velocities(lane) == [loud, 60, 60, 100]


def test_a_chord_shares_a_stem_and_two_drags_are_two_steps(lane):
    chord = lane.roll.piece.notes[1]
    start = lane.point_of(chord)
    y, soft = level_at(lane, 30)
    drag(lane, start, QPoint(start.x(), y))
    assert velocities(lane) == [80, soft, soft, 100]
    start = lane.point_of(chord)
    y, medium = level_at(lane, 45)
    drag(lane, start, QPoint(start.x(), y))
    assert velocities(lane) == [80, medium, medium, 100]
    assert lane.roll.undo_stack.count() == 2
    lane.roll.undo_stack.undo()
    assert velocities(lane) == [80, soft, soft, 100]


def test_a_selected_stem_moves_the_selection_keeping_its_dynamics(lane):
    roll = lane.roll
    first, last = roll.piece.notes[0], roll.piece.notes[-1]
    roll.select([first, last])
    start = lane.point_of(last)
    y, lower = level_at(lane, 80)
    drag(lane, start, QPoint(start.x(), y))  # 100 -> about 80: the whole selection goes down as much
    assert velocities(lane) == [80 + lower - 100, 60, 60, lower]
    assert roll.undo_stack.count() == 1


def test_the_drag_is_previewed_and_clamped_then_nothing_between_stems_edits(lane):
    last = lane.roll.piece.notes[-1]
    start = lane.point_of(last)
    QTest.mousePress(lane, Qt.LeftButton, Qt.NoModifier, start)
    QTest.mouseMove(lane, QPoint(start.x(), -50))  # above the lane: the loudest there is
    assert lane._shown(last) == 127 and last.velocity == 100  # previewed, not yet an edit
    QTest.mouseRelease(lane, Qt.LeftButton, Qt.NoModifier, QPoint(start.x(), -50))
    assert last.velocity == 127
    between = round((lane.x_of(lane.roll.piece.notes[0]) + lane.x_of(last)) / 2) + 20
    drag(lane, QPoint(between, 10), QPoint(between, 60))
    assert velocities(lane) == [80, 60, 60, 127]
    assert lane.roll.undo_stack.count() == 1
