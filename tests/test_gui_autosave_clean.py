"""The jazz autosave copy goes as soon as the page is clean again without a save: Undo back to the saved state,
a project opened. Left behind, it was offered after a crash as unsaved work, with the project's path set, so
one Ctrl+S saved the undone edit (all notes deleted) over the good project."""

import json

from engine.jazz.piece import ChordSymbol, Note, Piece


def solo(title: str) -> Piece:
    notes = [Note(i * 0.5, 0.5, 60 + (i * 5) % 12, 80) for i in range(8)]
    return Piece(title, notes, [ChordSymbol(0, 4, "Dm7")], bars=1, tempo=140.0)


def saved_page(window, folder, title="Saved"):
    """The jazz page with a project saved to FOLDER/TITLE.encore-jazz; the path."""
    window.show_workspace("jazz")
    page = window.workspaces[0]
    page.history.add(solo(title))
    path = folder / f"{title}.encore-jazz"
    assert page.project.save_to(str(path))
    return page, path


def deleted_all_and_autosaved(page):
    page.roll.select_all()
    page.roll.delete_selected()
    page.autosave.save_now()  # the 30 s tick while the edit stood
    assert json.loads(page.autosave.path.read_text())["pieces"][0]["notes"] == []


def test_undo_back_to_the_saved_state_removes_the_copy_at_once(window, tmp_path):
    page, _ = saved_page(window, tmp_path)
    other = page.autosave.folder / "jazz-999999-0badc0de.encore-jazz"  # another Encore's copy: not this one's
    other.write_text("{}")
    deleted_all_and_autosaved(page)
    window.undo_action.trigger()
    assert not page.has_unsaved_changes()
    assert not page.autosave.path.exists()  # before any tick: a crash now has nothing stale to offer
    page.autosave.save_now()  # later ticks write nothing
    assert not page.autosave.path.exists() and other.exists()
    assert page.autosave.recoverable() == other
    other.unlink()
    window.redo_action.trigger()  # unsaved again: copied again
    page.autosave.save_now()
    assert json.loads(page.autosave.path.read_text())["pieces"][0]["notes"] == []


def test_a_tick_while_the_page_is_clean_removes_a_stale_copy(window, tmp_path):
    page, _ = saved_page(window, tmp_path)
    deleted_all_and_autosaved(page)
    page.undo_stack.blockSignals(True)  # clean again without a word to the autosave
    window.undo_action.trigger()
    page.undo_stack.blockSignals(False)
    assert not page.has_unsaved_changes() and page.autosave.path.exists()
    page.autosave.save_now()
    assert not page.autosave.path.exists()


def test_opening_a_project_removes_the_copy_of_the_work_it_replaces(window, tmp_path):
    page, path = saved_page(window, tmp_path)
    deleted_all_and_autosaved(page)
    window.open_path(str(path))  # the user said Don't save (tests are not asked)
    assert len(page.history.pieces[0].notes) == 8 and not page.has_unsaved_changes()
    assert not page.autosave.path.exists()


def test_a_window_deleted_without_a_quit_keeps_its_copy(app, tmp_path):
    """The undo stack says 'clean' as it goes with its window: no Undo, and no page left to ask."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from gui.main_window import MainWindow

    window = MainWindow()
    page, _ = saved_page(window, tmp_path)
    deleted_all_and_autosaved(page)
    copy = page.autosave.path
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    assert copy.exists()
    copy.unlink()
