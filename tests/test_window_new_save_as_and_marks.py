"""The window's File › New and Save As on the page shown, each tab's own unsaved mark, and a dropped folder with
nothing to open said in the status bar."""

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence, QUndoCommand
from PySide6.QtWidgets import QFileDialog

from engine.jazz.piece import ChordSymbol, Note, Piece
from gui.main_window import dropped_paths
from gui.workspace import Workspace


def solo(title="Solo 1") -> Piece:
    notes = [Note(i * 0.5, 0.5, 60 + i, 80) for i in range(8)]
    return Piece(title, notes, [ChordSymbol(0, 4, "Dm7")], bars=1, tempo=140.0)


def file_action(window, text):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    return next(a for a in menu.actions() if a.text() == text)


# A folder with nothing to open -------------------------------------------------------------------------------
def folders(tmp_path):
    (tmp_path / "Empty").mkdir()
    (tmp_path / "Nested" / "Solos").mkdir(parents=True)
    (tmp_path / "Nested" / "Solos" / "tune.mid").write_bytes(b"MThd")
    (tmp_path / "Hidden").mkdir()
    (tmp_path / "Hidden" / ".tune.mid").write_bytes(b"MThd")
    return tmp_path


@pytest.mark.parametrize(("name", "why"), [
    ("Empty", "no files Encore opens inside"),
    ("Nested", "no files Encore opens directly inside; subfolders are not read"),
    ("Hidden", "no files Encore opens inside"),
])
def test_a_dropped_folder_with_nothing_to_open_is_named_with_why(window, tmp_path, name, why):
    folder = folders(tmp_path) / name
    window.take([QUrl.fromLocalFile(str(folder))])
    assert window.statusBar().currentMessage() == f"Not opened: {name} ({why})"


def test_a_folder_named_on_the_command_line_with_nothing_to_open_is_said(window, tmp_path):
    window.statusBar().clearMessage()
    window.open_files([str(folders(tmp_path) / "Nested")])
    assert window.statusBar().currentMessage().startswith("Not opened: Nested (no files Encore opens directly")


def test_a_folder_with_files_is_not_called_bare(tmp_path):
    (tmp_path / "Solos").mkdir()
    (tmp_path / "Solos" / "tune.mid").write_bytes(b"MThd")
    paths, elsewhere, bare = dropped_paths([QUrl.fromLocalFile(str(tmp_path / "Solos"))])
    assert paths == [str(tmp_path / "Solos" / "tune.mid")] and not elsewhere and not bare


# Each page's own unsaved mark --------------------------------------------------------------------------------
def tab_texts(window):
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_each_tab_marks_its_own_unsaved_work_and_the_title_the_shown_pages(window, page, tmp_path):
    jazz = window.workspaces[0]
    page.next_show.editor.add_song("Tweezer")  # the Setlists page's show, unsaved
    window.show_workspace("jazz")
    jazz.history.add(solo())
    jazz.project.touch()
    assert tab_texts(window) == ["Jazz •", "Setlists •"] and window.windowTitle() == "Encore — Jazz •"
    assert jazz.project.save_to(str(tmp_path / "night.encore-jazz"))  # Ctrl+S on Jazz
    assert tab_texts(window) == ["Jazz", "Setlists •"] and window.windowTitle() == "Encore — Jazz"
    window.show_workspace("setlists")
    assert window.windowTitle() == "Encore — Setlists •"
    page.undo_stack.undo()  # the show emptied: nothing left to save
    assert tab_texts(window) == ["Jazz", "Setlists"] and window.windowTitle() == "Encore — Setlists"
    jazz.undo_stack.push(QUndoCommand("Add note"))
    assert tab_texts(window) == ["Jazz •", "Setlists"] and window.windowTitle() == "Encore — Setlists"


# File › New and Save As --------------------------------------------------------------------------------------
def test_new_and_save_as_are_in_the_file_menu_with_keys_no_other_item_has(window):
    new, save_as = file_action(window, "&New"), file_action(window, "Save &As…")
    assert new.shortcut() == QKeySequence("Ctrl+N") and save_as.shortcut() == QKeySequence("Ctrl+Shift+S")
    keys = [k.toString() for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()
            for k in a.shortcuts()]
    assert len(keys) == len(set(keys)), keys


def test_a_page_without_new_or_save_as_has_them_greyed(window):
    class Plain(Workspace):
        pass

    plain = Plain(window)
    assert not plain.supports("new_document") and not plain.supports("save_as")
    assert not plain.new_document() and not plain.save_as()
    window.show_workspace("jazz")
    assert file_action(window, "&New").isEnabled() and file_action(window, "Save &As…").isEnabled()
    window.show_workspace("setlists")
    assert not file_action(window, "&New").isEnabled()  # no New of a show


def test_file_new_starts_the_jazz_project_afresh(window, tmp_path):
    page = window.workspaces[0]
    window.show_workspace("jazz")
    first = page.generation.options()
    page.history.add(solo())
    page.generation.set_options({"tempo": 190, "chords": "Bb7 | Eb7"})
    page.undo_stack.push(QUndoCommand("Add note"))
    assert page.project.save_to(str(tmp_path / "night.encore-jazz"))
    page.project.touch()
    file_action(window, "&New").trigger()  # the unsaved work: discarded (tests answer every question so)
    assert page.history.pieces == [] and page.roll.piece is None
    assert page.project.path is None and not page.has_unsaved_changes() and page.undo_stack.count() == 0
    assert page.generation.options() == first
    assert window.windowTitle() == "Encore — Jazz" and window.statusBar().currentMessage() == "New project"


def test_file_new_keeps_the_work_when_the_question_is_cancelled(window, monkeypatch):
    page = window.workspaces[0]
    window.show_workspace("jazz")
    page.history.add(solo())
    page.project.touch()
    monkeypatch.setattr(page, "may_replace", lambda action: False)  # Cancel in the unsaved-changes question
    assert not window.new_document()
    assert len(page.history.pieces) == 1 and page.has_unsaved_changes()


def test_file_save_as_writes_the_jazz_project_under_a_new_name(window, tmp_path, monkeypatch):
    page = window.workspaces[0]
    window.show_workspace("jazz")
    page.history.add(solo())
    assert page.project.save_to(str(tmp_path / "night.encore-jazz"))
    other = tmp_path / "copy.encore-jazz"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(other), ""))
    file_action(window, "Save &As…").trigger()
    assert other.is_file() and page.project.path == str(other)


def test_file_save_as_writes_the_show_under_a_new_name_and_save_goes_there_next(window, tmp_path, monkeypatch):
    from conftest import barn_show

    from gui.setlists.commands import ReplaceShow

    page = window.workspaces[1]
    window.show_workspace("setlists")
    page.undo_stack.push(ReplaceShow(page.next_show.editor.model, barn_show(), "Open the Barn"))
    first, second = tmp_path / "first.encore-setlist", tmp_path / "second.encore-setlist"
    assert page.export_to(str(first)) and page.show_path == str(first)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(second), ""))
    assert file_action(window, "Save &As…").isEnabled()
    file_action(window, "Save &As…").trigger()
    assert second.is_file() and page.show_path == str(second) and not page.has_unsaved_changes()
