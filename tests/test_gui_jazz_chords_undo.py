"""The Chords field's edits are steps on the Jazz page's undo stack: Edit > Undo with the focus elsewhere took
no chord edit back (the field kept its own undo), and the page's history ran apart from the note edits."""

import pytest
from jazz_files import BLUES, ireal_link, ireal_song
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from engine.jazz.piece import ChordSymbol, Note, Piece


def solo() -> Piece:
    notes = [Note(i * 0.5, 0.5, 60 + i, 80) for i in range(8)]
    return Piece("Solo 1", notes, [ChordSymbol(0, 4, "C")], bars=1, tempo=120.0)


@pytest.fixture
def page(window, qtbot):
    """The Jazz page in the shown window, the focus in its Chords field."""
    window.show_workspace("jazz")
    page = window.workspaces[0]
    page.side.setCurrentWidget(page.generate_tab)
    window.resize(1300, 850)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    page.generation.chords.setFocus()
    return page


def steps(stack) -> list[str]:
    return [stack.command(i).text() for i in range(stack.index())]


def test_keys_typed_in_a_row_are_one_step_that_edit_undo_takes_back_with_the_focus_elsewhere(page, window):
    chords, stack = page.generation.chords, page.undo_stack
    QTest.keyClicks(chords, "Dm7 G7")
    assert steps(stack) == ["Type chords"]
    page.roll.setFocus()  # the focus elsewhere: the field's own undo never saw Edit > Undo
    window.undo_action.trigger()
    assert chords.text() == "" and stack.index() == 0
    window.redo_action.trigger()
    assert chords.text() == "Dm7 G7"


def test_undo_puts_the_cursor_back_where_the_typing_was(page):
    chords, stack = page.generation.chords, page.undo_stack
    chords.setText("Dm7 G7")  # set in code: no step
    assert stack.count() == 0
    chords.setCursorPosition(3)
    QTest.keyClicks(chords, "b5")
    chords.end(False)
    stack.undo()
    assert (chords.text(), chords.cursorPosition()) == ("Dm7 G7", 3)
    stack.redo()
    assert (chords.text(), chords.cursorPosition()) == ("Dm7b5 G7", 5)


def test_leaving_the_field_or_an_edit_elsewhere_ends_the_typing_and_undo_keeps_their_order(page):
    chords, stack = page.generation.chords, page.undo_stack
    QTest.keyClicks(chords, "Dm7")
    page.roll.setFocus()
    chords.setFocus()
    QTest.keyClicks(chords, " G7")
    assert steps(stack) == ["Type chords", "Type chords"]
    page.history.add(solo())
    page.roll.select_all()
    page.roll.transpose_selected(1)  # a note edit between two bursts of typing
    chords.setFocus()
    QTest.keyClicks(chords, " | C")
    assert stack.count() == 4
    stack.undo()
    assert chords.text() == "Dm7 G7" and page.roll.piece.notes[0].pitch == 61
    stack.undo()
    assert chords.text() == "Dm7 G7" and page.roll.piece.notes[0].pitch == 60  # the note edit, in its turn
    stack.undo()
    assert chords.text() == "Dm7"
    QTest.keyClicks(chords, "b5")  # typing after an undo is a new step, not the undone one's
    assert steps(stack) == ["Type chords", "Type chords"] and chords.text() == "Dm7b5"
    stack.undo()
    assert chords.text() == "Dm7"


def typed_then_a_note_edit(page):
    """"Dm7" typed in the Chords field, then a note edit on top of the stack: the field and the stack."""
    chords, stack = page.generation.chords, page.undo_stack
    QTest.keyClicks(chords, "Dm7")
    page.history.add(solo())
    page.roll.select_all()
    page.roll.transpose_selected(1)
    return chords, stack


def test_typing_on_after_an_edit_elsewhere_was_undone_is_a_step_of_its_own(page):
    """The typing before the note edit is on top again once that is undone, but the typing ended with it."""
    chords, stack = typed_then_a_note_edit(page)
    stack.undo()
    chords.setFocus()
    QTest.keyClicks(chords, " G7")
    assert steps(stack) == ["Type chords", "Type chords"]
    stack.undo()
    assert chords.text() == "Dm7"


def test_each_transpose_is_a_step_of_its_own(page):
    panel, stack = page.generation, page.undo_stack
    flat, sharp = panel.key_buttons
    QTest.keyClicks(panel.chords, "Dm7 G7")
    sharp.click()
    sharp.click()
    flat.click()
    assert panel.chords.text() == "Ebm7 Ab7"
    assert steps(stack) == ["Type chords", "Transpose chords up", "Transpose chords up", "Transpose chords down"]
    QTest.keyClicks(panel.chords, " | C")  # typing after a transpose does not fold into the typing before it
    stack.undo()
    stack.undo()
    assert panel.chords.text() == "Em7 A7"
    stack.undo()
    stack.undo()
    assert panel.chords.text() == "Dm7 G7"


def test_a_chart_imported_is_one_step_with_its_bars_and_tempo(page):
    panel, stack = page.generation, page.undo_stack
    panel.bars.setValue(16)
    panel.tempo.setValue(120)
    QTest.keyClicks(panel.chords, "Dm7 G7")
    assert panel.set_chart("C7 | F7 | C7 | G7", 170)
    assert (panel.chords.text(), panel.bars.value(), panel.tempo.value()) == ("C7 | F7 | C7 | G7", 0, 170)
    assert steps(stack) == ["Type chords", "Import chart"]
    page.roll.setFocus()
    stack.undo()
    assert (panel.chords.text(), panel.bars.value(), panel.tempo.value()) == ("Dm7 G7", 16, 120)
    stack.redo()
    assert (panel.chords.text(), panel.bars.value(), panel.tempo.value()) == ("C7 | F7 | C7 | G7", 0, 170)


def test_a_pasted_link_is_a_step_and_its_chart_another_and_the_link_pasted_again_is_read_again(page, qtbot):
    panel, stack = page.generation, page.undo_stack
    panel.tempo.setValue(200)
    QTest.keyClicks(panel.chords, "Dm7 G7")
    QGuiApplication.clipboard().setText(ireal_link(ireal_song("Blues", BLUES, tempo=90)))
    QTest.keyClick(panel.chords, Qt.Key_A, Qt.ControlModifier)
    QTest.keyClick(panel.chords, Qt.Key_V, Qt.ControlModifier)
    qtbot.waitUntil(lambda: not panel.charts.reading, timeout=30_000)
    assert panel.chords.text().startswith("[ C7") and panel.tempo.value() == 90
    assert steps(stack) == ["Type chords", "Paste chords", "Import chart"]
    stack.undo()
    assert panel.chords.text().startswith("irealb://") and panel.tempo.value() == 200
    assert not panel.charts.reading  # the link undone to is not read again
    stack.undo()
    assert panel.chords.text() == "Dm7 G7"
    QTest.keyClick(panel.chords, Qt.Key_A, Qt.ControlModifier)
    QTest.keyClick(panel.chords, Qt.Key_V, Qt.ControlModifier)
    assert panel.charts.reading
    qtbot.waitUntil(lambda: not panel.charts.reading, timeout=30_000)
    assert panel.chords.text().startswith("[ C7")


@pytest.mark.parametrize("redo_key", [Qt.Key_Y, "shift+z"])
def test_the_fields_undo_and_redo_keys_step_the_pages_stack(page, redo_key):
    """A note edit on top of the stack: the field's Ctrl+Z takes it back (the text's own undo took back the
    typing), once (the window's shortcut and the field both acting would be twice)."""
    chords, stack = typed_then_a_note_edit(page)
    chords.setFocus()
    QTest.keyClick(chords, Qt.Key_Z, Qt.ControlModifier)
    assert stack.index() == 1 and chords.text() == "Dm7" and page.roll.piece.notes[0].pitch == 60
    QTest.keyClick(chords, Qt.Key_Z, Qt.ControlModifier)
    assert stack.index() == 0 and chords.text() == ""
    if redo_key == "shift+z":
        QTest.keyClick(chords, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    else:
        QTest.keyClick(chords, redo_key, Qt.ControlModifier)
    assert stack.index() == 1 and chords.text() == "Dm7"


def test_the_fields_right_click_undo_and_redo_are_the_pages_and_name_the_step(page):
    chords, stack = page.generation.chords, page.undo_stack
    QTest.keyClicks(chords, "Dm7")
    page.generation.key_buttons[1].click()
    menu = chords.standard_menu()
    try:
        undo = next(a for a in menu.actions() if a.objectName() == "edit-undo")
        redo = next(a for a in menu.actions() if a.objectName() == "edit-redo")
        assert undo.isEnabled() and not redo.isEnabled()
        assert undo.text() == "&Undo Transpose chords up"
        undo.trigger()
    finally:
        menu.deleteLater()
    assert chords.text() == "Dm7" and stack.index() == 1


def test_a_projects_settings_are_no_step_and_a_typed_edit_undone_leaves_the_project_saved(page, window, tmp_path):
    panel, stack = page.generation, page.undo_stack
    page.history.add(solo())
    path = tmp_path / "night.encore-jazz"
    panel.set_options({"chords": "Dm7 G7", "tempo": 150})
    assert stack.count() == 0
    assert page.project.save_to(str(path)) and not page.has_unsaved_changes()
    panel.chords.setFocus()
    panel.chords.end(False)
    QTest.keyClicks(panel.chords, " | C")
    assert page.has_unsaved_changes() and window.windowTitle().endswith("•")
    stack.undo()
    assert panel.chords.text() == "Dm7 G7" and not page.has_unsaved_changes()
    assert not window.windowTitle().endswith("•")
    stack.redo()
    assert page.has_unsaved_changes()
    assert panel.set_chart("C7 | F7", 90) and panel.bars.value() == 0
    assert page.has_unsaved_changes()
    stack.undo()
    stack.undo()
    assert (panel.chords.text(), panel.bars.value(), panel.tempo.value()) == ("Dm7 G7", 16, 150)
    assert not page.has_unsaved_changes()  # the chart's Bars and Tempo, undone, left no change behind
    panel.chords.setText("Bb7")  # set in code, outside the stack: still a change to the project
    assert page.has_unsaved_changes()
    window.open_path(str(path))  # opening a project clears the stack, as before
    assert stack.count() == 0 and panel.chords.text() == "Dm7 G7" and not page.has_unsaved_changes()
