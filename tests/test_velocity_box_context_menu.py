"""The Velocity box's right-click Undo and Redo are the page's, as its Ctrl+Z and Ctrl+Shift+Z are: the text's
own undid the typing, and set every selected note to the value typed over."""

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from engine.jazz.piece import ChordSymbol, Note, Piece

MIXED = [96, 84, 84, 84, 96, 84]  # shown as 88 in the box


@pytest.fixture
def page(window, qtbot):
    """The Jazz page in the shown window, six notes of mixed velocity selected, the Velocity box focused."""
    window.show_workspace("jazz")
    page = window.workspaces[0]
    notes = [Note(i * 0.5, 0.5, 60 + i, v) for i, v in enumerate(MIXED)]
    page.history.add(Piece("Mixed", notes, [ChordSymbol(0.0, 4.0, "C")], bars=1, tempo=120.0))
    window.resize(1300, 850)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    page.roll.select(page.roll.piece.notes)
    page.roll_toolbar.velocity.setFocus()
    return page


def velocities(page) -> list[int]:
    return [n.velocity for n in page.roll.piece.notes]


def right_click(box, choice: str = "") -> dict:
    """Right-click the box (its text has no menu of its own: the click goes to the box) and pick the item named
    ``choice`` ("edit-undo"; "" for none) as a user would; returns each named item's (enabled, text) as shown."""
    shown = {}

    def pick():
        menu = QApplication.activePopupWidget()
        if menu is None:
            return
        try:
            named = [a for a in menu.actions() if a.objectName()]
            shown.update({a.objectName(): (a.isEnabled(), a.text()) for a in named})
            chosen = [a for a in menu.actions() if a.objectName() == choice and a.isEnabled()]
            if chosen:
                menu.setActiveAction(chosen[0])
                QTest.keyClick(menu, Qt.Key_Return)
        finally:
            if menu.isVisible():
                menu.close()

    QTimer.singleShot(0, pick)
    at = QPoint(5, 5)
    QApplication.sendEvent(box, QContextMenuEvent(QContextMenuEvent.Mouse, at, box.mapToGlobal(at)))
    assert shown, "no context menu was shown"
    return shown


def test_the_menus_undo_and_redo_are_the_pages(page):
    box, stack = page.roll_toolbar.velocity, page.undo_stack
    box.lineEdit().selectAll()
    QTest.keyClicks(box.lineEdit(), "120")
    assert velocities(page) == [120] * 6 and stack.count() == 1
    right_click(box, "edit-undo")
    assert velocities(page) == MIXED and stack.index() == 0 and stack.count() == 1 and box.value() == 88
    right_click(box, "edit-redo")
    assert velocities(page) == [120] * 6 and stack.index() == 1 and box.value() == 120


def test_the_menus_undo_and_redo_are_enabled_as_the_pages_stack_is(page):
    """After an arrow step the text had nothing to undo: its Undo was greyed, with the step there to undo."""
    box, stack = page.roll_toolbar.velocity, page.undo_stack
    shown = right_click(box)
    assert not shown["edit-undo"][0] and not shown["edit-redo"][0]
    QTest.keyClick(box, Qt.Key_Up)
    assert velocities(page) == [v + 1 for v in MIXED] and stack.count() == 1
    shown = right_click(box)
    assert shown["edit-undo"][0] and not shown["edit-redo"][0]
    assert shown["edit-undo"][1].startswith("&Undo ") and shown["edit-undo"][1] != "&Undo "  # names the edit
    right_click(box, "edit-undo")
    assert velocities(page) == MIXED and not stack.canUndo()
    shown = right_click(box)
    assert not shown["edit-undo"][0] and shown["edit-redo"][0]


def test_the_menus_steps_still_move_the_notes_keeping_their_dynamics(page):
    box = page.roll_toolbar.velocity
    menu = box.context_menu()  # the items built as the spin box's own menu has them
    try:
        step_up = next(a for a in menu.actions() if a.text() == "&Step up")
        step_up.trigger()
    finally:
        menu.deleteLater()
    assert velocities(page) == [v + 1 for v in MIXED] and page.undo_stack.count() == 1
