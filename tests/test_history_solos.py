"""Renaming and deleting solos in the Jazz page's history: a bad solo can be taken out of a project, both are
edits on the page's undo stack (undo puts a solo back at its row, with its title), and the rows that other
commands on the stack hold stay true."""

import json

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QLineEdit
from test_gui_jazz_page import jazz_page, solo

from gui.jazz.history_list import ReplacePiece


def history_page(window, *titles):
    """The Jazz page with solos of these titles."""
    page = jazz_page(window)
    for title in titles:
        page.history.add(solo(title))
    return page


def titles(page) -> list[str]:
    return [p.title for p in page.history.pieces]


def lines(page) -> list[str]:
    return [page.history.item(row).text() for row in range(page.history.count())]


def test_del_deletes_the_shown_solo_the_next_one_is_shown_and_undo_puts_it_back(window):
    page = history_page(window, "A", "B", "C")
    history = page.history
    b = history.pieces[1]
    history.setCurrentRow(1)
    before = lines(page)
    QTest.keyClick(history, Qt.Key_Delete)
    assert titles(page) == ["A", "C"] and len(lines(page)) == 2
    assert history.currentRow() == 1 and page.roll.piece is history.pieces[1]  # its neighbour, C, in the roll
    assert "C" in page.project.piece_label.text()
    assert page.has_unsaved_changes() and page.undo_stack.undoText() == "Delete B"
    page.undo_stack.undo()
    assert lines(page) == before and history.pieces[1] is b  # at its row, with its title
    assert history.currentRow() == 1 and page.roll.piece is b
    page.undo_stack.redo()
    assert titles(page) == ["A", "C"] and page.roll.piece.title == "C"


def test_deleting_the_last_row_shows_the_one_before_and_the_only_solo_leaves_no_piece(window):
    page = history_page(window, "A", "B")
    QTest.keyClick(page.history, Qt.Key_Backspace)  # B, the newest, is selected
    assert titles(page) == ["A"] and page.history.currentRow() == 0 and page.roll.piece.title == "A"
    QTest.keyClick(page.history, Qt.Key_Delete)
    assert page.history.pieces == [] and page.roll.piece is None
    assert "No piece" in page.project.piece_label.text()
    page.undo_stack.undo()
    assert titles(page) == ["A"] and page.history.currentRow() == 0 and page.roll.piece.title == "A"


def test_the_menu_deletes_a_solo_not_shown_and_the_shown_one_stays(window):
    page = history_page(window, "A", "B", "C")
    shown = page.roll.piece
    menu = page.history.menu_for(0)
    assert [a.text() for a in menu.actions()] == ["Rename…", "Delete solo"]
    next(a for a in menu.actions() if a.text() == "Delete solo").trigger()
    assert titles(page) == ["B", "C"] and page.roll.piece is shown and page.history.current_piece() is shown
    page.undo_stack.undo()
    assert titles(page) == ["A", "B", "C"] and page.history.currentRow() == 0  # what came back is selected


def test_f2_renames_the_title_in_place_and_undo_names_it_back(window, qtbot):
    page = history_page(window, "A", "B")
    window.resize(1300, 800)
    window.show()
    page.side.setCurrentWidget(page.generate_tab)
    qtbot.waitExposed(window)
    history = page.history
    history.setCurrentRow(0)
    history.setFocus()
    QTest.keyClick(history, Qt.Key_F2)
    assert history.state() == QAbstractItemView.EditingState
    editor = history.findChild(QLineEdit)
    assert editor.text() == "A"  # the title alone, not the bars and seed beside it
    editor.setText("Blue  take\n")
    QTest.keyClick(editor, Qt.Key_Return)  # Qt commits it from the event loop
    qtbot.waitUntil(lambda: history.state() != QAbstractItemView.EditingState)
    assert titles(page) == ["Blue take", "B"] and lines(page)[0].startswith("Blue take — 2 bars")
    assert "Blue take" in page.project.piece_label.text() and page.has_unsaved_changes()
    assert page.undo_stack.undoText() == "Rename A"
    history.setCurrentRow(1)
    page.undo_stack.undo()
    assert titles(page) == ["A", "B"] and history.currentRow() == 0 and "A" in page.project.piece_label.text()
    page.undo_stack.redo()
    assert titles(page) == ["Blue take", "B"]


def test_an_empty_or_unchanged_title_is_no_edit(window):
    page = history_page(window, "A")
    page.history.rename(0, "  ")
    page.history.rename(0, "A")
    assert titles(page) == ["A"] and page.undo_stack.count() == 0


def test_a_regenerate_then_a_delete_undone_leave_the_list_as_before(window):
    page = history_page(window, "A", "B", "C")
    before = list(page.history.pieces)
    page.undo_stack.push(ReplacePiece(page.history, 2, solo("C, again")))
    page.history.delete(0)
    assert titles(page) == ["B", "C, again"]
    page.undo_stack.undo()
    page.undo_stack.undo()
    assert page.history.pieces == before and all(a is b for a, b in zip(page.history.pieces, before, strict=True))
    assert lines(page) == [page.history.describe(p) for p in before]
    page.undo_stack.redo()
    page.undo_stack.redo()
    assert titles(page) == ["B", "C, again"]


def test_a_solo_generated_after_a_delete_stays_when_the_delete_is_undone(window):
    page = history_page(window, "A", "B", "C")
    page.history.delete(1)
    page._generated(solo("D"))  # a new solo is added outside the stack, at the end
    assert titles(page) == ["A", "C", "D"]
    page.undo_stack.undo()
    assert titles(page) == ["A", "B", "C", "D"] and page.history.currentRow() == 1 and page.roll.piece.title == "B"
    page.undo_stack.redo()
    assert titles(page) == ["A", "C", "D"]


def test_a_delete_is_unsaved_saved_without_the_solo_and_reopened_without_it(window, tmp_path):
    page = history_page(window, "A", "B")
    path = tmp_path / "night.encore-jazz"
    assert page.project.save_to(str(path)) and not page.has_unsaved_changes()
    page.history.delete(0)
    assert page.has_unsaved_changes()
    page.undo_stack.undo()
    assert not page.has_unsaved_changes()  # back as saved
    page.undo_stack.redo()
    page.history.rename(0, "Keeper")
    assert page.project.save_to(str(path)) and not page.has_unsaved_changes()
    assert [p["title"] for p in json.loads(path.read_text())["pieces"]] == ["Keeper"]
    page.history.clear_pieces()
    window.open_path(str(path))
    assert titles(page) == ["Keeper"] and page.roll.piece.title == "Keeper"


def test_dragging_out_after_a_delete_writes_the_solo_on_that_line(window):
    page = history_page(window, "A", "B")
    page.history.delete(0)
    assert page.history.mimeData([page.history.item(0)]).urls()[0].toLocalFile().endswith("B.mid")
    page.undo_stack.undo()
    files = [u.toLocalFile() for u in page.history.mimeData([page.history.item(0), page.history.item(1)]).urls()]
    assert [f.rsplit("/", 1)[1] for f in files] == ["A.mid", "B.mid"]


def test_a_new_solo_after_a_delete_is_not_named_as_one_kept(window):
    """Solos were numbered by the history's count: after deleting Solo 2, the next was a second 'Solo 3'."""
    page = history_page(window, "Solo 1", "Solo 2", "Solo 3")
    page.history.delete(1)
    page._generated(solo("Improvisation"))  # the engine's generic name, numbered by the page
    assert titles(page) == ["Solo 1", "Solo 3", "Solo 4"]


def test_bars_regenerated_while_a_solo_above_was_deleted_still_land(window):
    """The result was matched to the row the piece had when Regenerate was asked, and was dropped as 'no longer
    in the history' once a solo above it was deleted."""
    page = history_page(window, "A", "B", "C")
    piece = page.history.pieces[2]
    base = piece.copy()
    page.history.delete(0)
    new = solo("C")
    page._regenerated(piece, base, new)
    assert page.history.pieces[1] is new and page.undo_stack.undoText() == "Regenerate bars"
    page.undo_stack.undo()
    assert titles(page) == ["B", "C"] and page.history.pieces[1] is piece


def test_a_title_still_being_typed_is_saved_with_the_project(window, qtbot, tmp_path):
    """Ctrl+S while renaming saved the old title (the page had no edit of its own to finish)."""
    page = history_page(window, "A")
    window.resize(1300, 800)
    window.show()
    page.side.setCurrentWidget(page.generate_tab)
    qtbot.waitExposed(window)
    page.history.setFocus()
    QTest.keyClick(page.history, Qt.Key_F2)
    page.history.findChild(QLineEdit).setText("Keeper")
    path = tmp_path / "night.encore-jazz"
    page.finish_editing()  # what File > Save and Quit's check do first
    assert titles(page) == ["Keeper"] and page.history.state() != QAbstractItemView.EditingState
    assert page.project.save_to(str(path))
    assert [p["title"] for p in json.loads(path.read_text())["pieces"]] == ["Keeper"]


def shown_page(window, qtbot, *titles):
    page = history_page(window, *titles)
    page.side.setCurrentWidget(page.generate_tab)
    window.resize(1300, 850)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return page


def test_a_rename_finished_by_clicking_another_solo_leaves_that_one_current(window, qtbot):
    """The rename, committed as the click moved on, pulled the current row back to the renamed solo while the
    roll showed the clicked one: Del then deleted the renamed solo."""
    page = shown_page(window, qtbot, "A", "B", "C")
    history = page.history
    history.setCurrentRow(0)
    history.setFocus()
    QTest.keyClick(history, Qt.Key_F2)
    history.findChild(QLineEdit).setText("Alpha")
    QTest.mouseClick(history.viewport(), Qt.LeftButton, pos=history.visualItemRect(history.item(2)).center())
    qtbot.waitUntil(lambda: history.state() != QAbstractItemView.EditingState)
    assert titles(page) == ["Alpha", "B", "C"] and history.currentRow() == 2 and page.roll.piece.title == "C"
    QTest.keyClick(history, Qt.Key_Delete)
    assert titles(page) == ["Alpha", "B"] and page.undo_stack.undoText() == "Delete C"
    page.undo_stack.undo()
    page.undo_stack.undo()  # the rename, undone, brings its solo up
    assert titles(page) == ["A", "B", "C"] and history.currentRow() == 0 and page.roll.piece.title == "A"


def test_a_new_solo_shown_while_renaming_stays_current(window, qtbot):
    page = shown_page(window, qtbot, "A", "B")
    history = page.history
    history.setCurrentRow(0)
    history.setFocus()
    QTest.keyClick(history, Qt.Key_F2)
    history.findChild(QLineEdit).setText("Alp")
    page._generated(solo("Improvisation"))
    qtbot.wait(50)
    page.finish_editing()
    assert titles(page) == ["Alp", "B", "Solo 3"]
    assert history.currentRow() == 2 and page.roll.piece.title == "Solo 3"
    history.setFocus()
    QTest.keyClick(history, Qt.Key_Delete)
    assert titles(page) == ["Alp", "B"]


def test_bars_regenerated_while_their_solo_was_renamed_land_under_the_new_title(window):
    """The rename counted as an edit of the notes: the regenerated bars were dropped, 'edited meanwhile'."""
    page = history_page(window, "A")
    piece = page.history.pieces[0]
    base = piece.copy()
    page.history.rename(0, "Keeper")
    new = solo("A")
    new.notes[0].pitch = 99
    page._regenerated(piece, base, new)
    assert titles(page) == ["Keeper"] and page.history.pieces[0].notes[0].pitch == 99
    assert page.undo_stack.undoText() == "Regenerate bars"
