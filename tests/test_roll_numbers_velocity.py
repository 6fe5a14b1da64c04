"""The piano roll numbers its bars as the score does, and a run of relative velocity steps keeps the dynamics."""

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QWheelEvent
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
