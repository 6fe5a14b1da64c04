"""The piano roll numbers its bars as the score does, a run of relative velocity steps keeps the dynamics, one
velocity gesture is one undo step, and the Velocity box's Undo and Redo keys are the page's."""

import time

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from engine.jazz.piece import ChordSymbol, Note, Piece


class LabelPainter(QPainter):
    """A QPainter that keeps the bar labels drawn: text in the strip over the chord boxes."""

    labels: list[str] = []

    def drawText(self, *args):  # noqa: N802 - Qt override
        if isinstance(args[0], QRectF) and args[0].top() == 0 and args[0].height() == 12:
            LabelPainter.labels.append(args[-1])
        return super().drawText(*args)


@pytest.fixture
def roll(app, qtbot):
    from gui.jazz.piano_roll import PianoRoll

    view = PianoRoll()
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    return view


def bar_labels(roll, monkeypatch) -> list[str]:
    from gui.jazz import piano_roll

    monkeypatch.setattr(piano_roll, "QPainter", LabelPainter)
    LabelPainter.labels = []
    roll.viewport().grab()
    return list(LabelPainter.labels)


def four_bars(first: int | None = None) -> Piece:
    notes = [Note(4.0 * bar + 3.0, 1.0, 67) for bar in range(4)]
    chords = [ChordSymbol(4.0 * bar, 4.0, "C7") for bar in range(4)]
    meta = {} if first is None else {"bars": [first, first + 3]}
    return Piece("Bars", notes, chords, bars=4, tempo=120.0, meta=meta)


def test_an_improvised_solo_is_numbered_from_bar_1(roll, monkeypatch):
    roll.set_piece(four_bars())
    assert bar_labels(roll, monkeypatch) == ["1", "2", "3", "4"]


def test_a_pickup_is_bar_0_as_in_the_score_and_for_regenerate(roll, monkeypatch):
    roll.set_piece(four_bars(first=0))
    assert bar_labels(roll, monkeypatch) == ["0", "1", "2", "3"]


def test_the_metheny_file_is_numbered_from_bar_12_as_its_score(roll, monkeypatch, metheny_midi):
    from engine.jazz.source import load_source

    roll.set_piece(load_source(metheny_midi).to_piece())
    labels = bar_labels(roll, monkeypatch)
    assert labels[:3] == ["12", "13", "14"]


# Velocity ----------------------------------------------------------------------------------------------
def dynamics_piece() -> Piece:
    notes = [Note(0.0, 1.0, 60, 60), Note(1.0, 1.0, 64, 90), Note(2.0, 1.0, 67, 120)]
    return Piece("Dynamics", notes, [ChordSymbol(0.0, 4.0, "C")], bars=1, tempo=120.0)


@pytest.fixture
def dynamics(roll):
    roll.set_piece(dynamics_piece())
    roll.select_all()
    return roll


def velocities(roll) -> list[int]:
    return [n.velocity for n in roll.piece.notes]


def alt_wheel(roll, notches: int) -> None:
    point = roll.grid.point_at(64, 1.5)
    event = QWheelEvent(QPointF(point), QPointF(roll.viewport().mapToGlobal(point)), QPoint(),
                        QPoint(0, 120 * notches), Qt.NoButton, Qt.AltModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(roll.viewport(), event)


def test_relative_steps_up_past_127_and_back_down_give_the_dynamics_back(dynamics):
    for _ in range(3):
        dynamics.set_velocity(20, relative=True)
    assert velocities(dynamics) == [120, 127, 127]
    dynamics.set_velocity(-60, relative=True)
    assert velocities(dynamics) == [60, 90, 120]
    assert dynamics.undo_stack.count() == 0  # back where it began: no step


def test_alt_wheel_up_and_partly_down_is_one_step_from_the_start(dynamics):
    for _ in range(3):
        alt_wheel(dynamics, 4)  # +20 each
    for _ in range(2):
        alt_wheel(dynamics, -4)
    assert velocities(dynamics) == [80, 110, 127]  # +20 from the start, not from the clamped levels
    assert dynamics.undo_stack.count() == 1
    dynamics.undo_stack.undo()
    assert velocities(dynamics) == [60, 90, 120]
    dynamics.undo_stack.redo()
    assert velocities(dynamics) == [80, 110, 127]


def test_alt_wheel_past_where_all_are_loudest_still_comes_back(dynamics):
    for _ in range(20):
        alt_wheel(dynamics, 1)  # +100: all at 127 after the first 14 notches
    assert velocities(dynamics) == [127, 127, 127]
    for _ in range(20):
        alt_wheel(dynamics, -1)
    assert velocities(dynamics) == [60, 90, 120]


def test_velocity_box_steps_up_and_back_keep_the_dynamics(dynamics):
    from gui.jazz.roll_toolbar import RollToolbar

    bar = RollToolbar(dynamics)
    dynamics.select_all()
    assert bar.velocity.value() == 90
    for _ in range(15):
        bar.velocity.stepBy(1)
    assert velocities(dynamics) == [75, 105, 127]
    for _ in range(15):
        bar.velocity.stepBy(-1)
    assert velocities(dynamics) == [60, 90, 120] and bar.velocity.value() == 90
    for _ in range(10):
        bar.velocity.stepBy(1)
    assert dynamics.undo_stack.count() == 1
    dynamics.undo_stack.undo()
    assert velocities(dynamics) == [60, 90, 120]


def test_a_step_that_changes_nothing_keeps_what_there_is_to_redo(roll):
    """Regression hunt: Alt+wheel on notes at 127 (or a trackpad's tick, a step of 0) made an empty step, and
    Qt's push of it wiped Redo: an undone edit was lost for good."""
    roll.set_piece(Piece("Loud", [Note(0.0, 1.0, 60, 127), Note(1.0, 1.0, 64, 127), Note(2.0, 1.0, 67, 90)],
                         [ChordSymbol(0.0, 4.0, "C")], bars=1, tempo=120.0))
    stack = roll.undo_stack
    roll.set_velocity(100, notes=[roll.piece.notes[2]], merge_id=-1)
    stack.undo()
    roll.select(roll.piece.notes[:2])
    alt_wheel(roll, 1)  # +5 on notes at 127
    roll.set_velocity(0, relative=True)
    assert stack.canRedo() and velocities(roll) == [127, 127, 90]
    stack.redo()
    assert velocities(roll) == [127, 127, 100]


# Undo keys in the Velocity box, and one gesture one step ------------------------------------------------------
MIXED = [96, 84, 84, 84, 96, 84]  # shown as 88 in the box


@pytest.fixture
def shown_page(window, qtbot):
    """The Jazz page in the shown, active window, with six notes of mixed velocity selected."""
    window.show_workspace("jazz")
    page = window.workspaces[0]
    notes = [Note(i * 0.5, 0.5, 60 + i, v) for i, v in enumerate(MIXED)] + [Note(3.0, 1.0, 72, 70)]
    page.history.add(Piece("Mixed", notes, [ChordSymbol(0.0, 4.0, "C")], bars=1, tempo=120.0))
    window.resize(1300, 850)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    page.roll.select(page.roll.piece.notes[:6])
    return page


def six(page) -> list[int]:
    return [n.velocity for n in page.roll.piece.notes[:6]]


def box_of(page):
    box = page.roll_toolbar.velocity
    box.setFocus()
    return box


def test_ctrl_z_in_the_velocity_box_undoes_the_typed_value_and_keeps_the_dynamics(shown_page):
    """The box's own text undo put back 88 and set all six to it, as one more step: their dynamics were lost."""
    box, stack = box_of(shown_page), shown_page.undo_stack
    assert box.value() == 88
    box.lineEdit().selectAll()
    QTest.keyClicks(box.lineEdit(), "120")
    assert six(shown_page) == [120] * 6 and stack.count() == 1
    QTest.keyClick(box.lineEdit(), Qt.Key_Z, Qt.ControlModifier)
    assert six(shown_page) == MIXED and stack.index() == 0 and stack.count() == 1 and box.value() == 88
    QTest.keyClick(box.lineEdit(), Qt.Key_Z, Qt.ControlModifier)  # nothing left to undo: nothing happens
    assert six(shown_page) == MIXED and stack.count() == 1
    QTest.keyClick(box.lineEdit(), Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert six(shown_page) == [120] * 6 and stack.index() == 1 and box.value() == 120
    QTest.keyClick(box, Qt.Key_Z, Qt.ControlModifier)  # the box itself, where the keyboard's keys go
    QTest.keyClick(box, Qt.Key_Y, Qt.ControlModifier)
    assert six(shown_page) == [120] * 6 and stack.index() == 1


def test_ctrl_z_after_the_box_arrow_undoes_the_step(shown_page):
    box, stack = box_of(shown_page), shown_page.undo_stack
    QTest.keyClick(box, Qt.Key_Up)
    assert six(shown_page) == [v + 1 for v in MIXED]
    QTest.keyClick(box.lineEdit(), Qt.Key_Z, Qt.ControlModifier)
    assert six(shown_page) == MIXED and stack.index() == 0 and box.value() == 88


def test_ctrl_z_in_the_box_undoes_without_a_window_too(dynamics, qtbot):
    """No Edit menu's shortcut takes the key (a page on its own): the box undoes on the page's stack itself."""
    from gui.jazz.roll_toolbar import RollToolbar

    bar = RollToolbar(dynamics, dynamics)  # parented: the roll deletes it
    bar.show()
    dynamics.select_all()
    bar.velocity.lineEdit().selectAll()
    QTest.keyClicks(bar.velocity.lineEdit(), "30")
    QTest.keyClick(bar.velocity.lineEdit(), Qt.Key_Z, Qt.ControlModifier)
    assert velocities(dynamics) == [60, 90, 120] and dynamics.undo_stack.count() == 1


def test_typed_values_on_two_occasions_are_two_undo_steps(shown_page):
    """Every velocity change shared one merge id: the second value merged into the first, and Undo skipped it."""
    roll, box = shown_page.roll, box_of(shown_page)
    chosen = roll.piece.notes[:6]
    box.setValue(45)
    roll.select([])
    roll.select(chosen)
    box.setValue(100)
    assert shown_page.undo_stack.count() == 2
    shown_page.window().undo_action.trigger()
    assert six(shown_page) == [45] * 6


def test_arrow_runs_parted_by_the_focus_leaving_the_box_are_two_steps(shown_page):
    roll, box = shown_page.roll, box_of(shown_page)
    QTest.keyClick(box, Qt.Key_Up)
    QTest.keyClick(box, Qt.Key_Up)  # one run: one step
    roll.setFocus()
    box.setFocus()
    QTest.keyClick(box, Qt.Key_Up)
    assert shown_page.undo_stack.count() == 2
    shown_page.window().undo_action.trigger()
    assert six(shown_page) == [v + 2 for v in MIXED]


def test_a_pause_within_a_velocity_run_ends_nothing(dynamics):
    """Up, a pause, and back: the notes as saved, no step left and still clean (a timed end made it two)."""
    dynamics.undo_stack.setClean()
    saved = velocities(dynamics)
    alt_wheel(dynamics, 2)
    time.sleep(1.2)
    alt_wheel(dynamics, -2)
    assert velocities(dynamics) == saved and dynamics.undo_stack.isClean()


def test_a_velocity_step_after_an_undone_edit_is_a_step_of_its_own(dynamics):
    """Undoing another edit left the first velocity step on top: the next one merged into it."""
    dynamics.set_velocity(5, relative=True)
    dynamics.transpose_selected(1)
    dynamics.undo_stack.undo()
    dynamics.set_velocity(5, relative=True)
    assert dynamics.undo_stack.count() == 2 and velocities(dynamics) == [70, 100, 127]
    dynamics.undo_stack.undo()
    assert velocities(dynamics) == [65, 95, 125]


def test_alt_wheel_runs_parted_by_a_new_selection_are_two_steps(dynamics):
    alt_wheel(dynamics, 1)
    dynamics.select(dynamics.piece.notes[:1])
    dynamics.select_all()  # the same notes again: a new gesture all the same
    alt_wheel(dynamics, 1)
    assert dynamics.undo_stack.count() == 2
    dynamics.undo_stack.undo()
    assert velocities(dynamics) == [65, 95, 125]
