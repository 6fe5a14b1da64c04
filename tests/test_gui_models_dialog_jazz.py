"""File > Models… and the Jazz page: a deleted model leaves the Train tab's list, the table follows a model saved
while it is open, and each page names the other page's model in words, with where it opens."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_model_store import JAZZ, SETLIST, trained  # noqa: F401 - trained: the tiny models, a fixture

SECOND = "jazz-20261124-090000-full"


@pytest.fixture
def models(trained, tmp_path) -> Path:  # noqa: F811 - pytest hands in the imported fixture
    folder = tmp_path / "models"
    shutil.copytree(trained, folder)
    return folder


def names_in(dialog) -> list[str]:
    return sorted(dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount()))


def listed_on_the_train_tab(page) -> list[str]:
    return [page.training.models.item(i).text() for i in range(page.training.models.count())]


def test_deleting_the_jazz_pages_models_takes_them_off_its_train_tab(window, models, qtbot):
    """A double-click on the deleted model there said "Model failed: … no such folder"."""
    from gui.models_dialog import ModelsDialog

    jazz = window.workspaces[0]
    shutil.copytree(models / JAZZ, models / SECOND)
    jazz.training.add_model(str(models / SECOND), current=False)  # trained earlier in the session
    jazz.use_model(str(models / JAZZ))
    qtbot.waitUntil(lambda: jazz.model is not None, timeout=60000)
    assert listed_on_the_train_tab(jazz) == [SECOND, JAZZ]
    dialog = ModelsDialog(window, models)
    dialog.show()
    dialog.select([JAZZ, SECOND])
    dialog.delete_button.click()
    assert not (models / JAZZ).exists() and listed_on_the_train_tab(jazz) == []
    assert jazz.model is not None and jazz.model_dir is None  # generates from memory; Save names no lost folder
    assert jazz.project_data().get("model") is None
    assert f"Model: {JAZZ} (its folder deleted: in use until Quit)" in jazz.training.summary.text()
    dialog.close()


def test_the_table_follows_a_model_saved_while_it_is_open(window, models, qtbot):
    """A training that ended while the dialog was open: the table stayed at one row, two models in the folder."""
    from engine.jazz.model import JazzModel
    from gui.models_dialog import ModelsDialog

    dialog = ModelsDialog(window, models)
    dialog.show()
    dialog.select([SETLIST])
    JazzModel.load(models / JAZZ).save(models / SECOND)  # as a training keeps its model: renamed into place
    qtbot.waitUntil(lambda: names_in(dialog) == sorted([JAZZ, SECOND, SETLIST]), timeout=10000)
    assert [m.name for m in dialog.selected()] == [SETLIST] and "3 models" in dialog.summary.text()
    dialog.select([SECOND])
    dialog.delete_button.click()
    said = dialog.summary.text()
    qtbot.wait(800)  # the folder's own change notice, after the dialog's Delete
    assert names_in(dialog) == sorted([JAZZ, SETLIST]) and dialog.summary.text() == said  # what Delete did stays
    shutil.rmtree(models / JAZZ)  # by hand, in the file manager
    qtbot.waitUntil(lambda: names_in(dialog) == [SETLIST], timeout=10000)
    dialog.close()


def test_each_page_names_the_other_pages_model_and_where_it_opens(window, models, qtbot):
    """The Jazz page's Open model… said "is a 'setlist-model' model, not a 'jazz-lstm' model"."""
    jazz, setlists = window.workspaces
    said = {jazz: [], setlists: []}
    for page in said:
        page.status.connect(said[page].append)
    jazz.use_model(str(models / SETLIST))
    assert said[jazz] == [f"Model failed: {models / SETLIST}: is a setlist model: open it on the Setlists page"]
    assert not jazz.busy() and jazz.model is None and jazz.model_dir is None
    setlists.load_model(str(models / JAZZ))
    assert said[setlists] == [f"{models / JAZZ}: is a jazz model: open it on the Jazz page"]
    assert setlists.model is None
    jazz.use_model(str(models / JAZZ))  # its own kind still loads
    qtbot.waitUntil(lambda: jazz.model is not None, timeout=60000)
    assert os.path.samefile(jazz.model_dir, models / JAZZ)


@pytest.mark.parametrize("answer", ["Cancel", "Yes"])
def test_a_save_while_delete_asks_again_neither_breaks_the_delete_nor_loses_its_words(window, models, monkeypatch,
                                                                                     qtbot, tmp_path, answer):
    """The trash took one model and refused the other; the folder's change notice came while "Delete for good?"
    was open and dropped the trashed model from the table: the Delete ended in KeyError, without a word."""
    from PySide6.QtWidgets import QMessageBox

    import gui.models_dialog as models_dialog

    jazz = window.workspaces[0]
    shutil.copytree(models / JAZZ, models / SECOND)
    for name in (JAZZ, SECOND):
        jazz.training.add_model(str(models / name), current=False)
    (tmp_path / "Trash").mkdir()
    held = []

    class HalfTrash:  # takes JAZZ, refuses SECOND (a locked folder)
        @staticmethod
        def moveToTrash(path):  # noqa: N802 - Qt's name
            return Path(path).name == JAZZ and shutil.move(path, tmp_path / "Trash") is not None

    def question(_parent, title, *_):
        if title == "Delete for good?":  # the user reads it while the folder's change notice arrives
            dialog.settle.start()
            qtbot.wait(500)
            dialog._folder_changed()
            held.append(names_in(dialog))  # the table the user chose from, until the Delete ends
        return QMessageBox.Yes if title == "Delete models?" else getattr(QMessageBox, answer)

    monkeypatch.setattr(models_dialog, "QFile", HalfTrash)
    monkeypatch.delenv("ENCORE_NO_PROMPTS")  # each question is stood in for: no box can wait for a click
    monkeypatch.setattr(models_dialog.QMessageBox, "question", question)
    dialog = models_dialog.ModelsDialog(window, models)
    dialog.show()
    dialog.select([JAZZ, SECOND])
    dialog.delete_selected()
    said = dialog.summary.text()
    assert held == [sorted([JAZZ, SECOND, SETLIST])]
    assert said.startswith("1 model moved to the trash.") and not (models / JAZZ).exists()
    if answer == "Yes":
        assert "1 model deleted for good." in said and not (models / SECOND).exists()
        assert listed_on_the_train_tab(jazz) == []
    else:
        assert f"The system's trash did not take {SECOND}: kept." in said and (models / SECOND).exists()
        assert listed_on_the_train_tab(jazz) == [SECOND]
    assert names_in(dialog) == sorted({SETLIST, SECOND} & {p.name for p in models.iterdir()})
    dialog.close()


def test_a_model_saved_meanwhile_keeps_the_users_sort(window, models, qtbot):
    """Each change notice sorted the table by Saved again, undoing a sort by Name."""
    from PySide6.QtCore import Qt

    from gui.models_dialog import ModelsDialog

    os.utime(models / SETLIST / "model.json", (1_700_000_000, 1_700_000_000))  # the oldest: last by Saved
    dialog = ModelsDialog(window, models)
    dialog.show()
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == [JAZZ, SETLIST]
    dialog.table.sortByColumn(0, Qt.DescendingOrder)
    shutil.copytree(models / JAZZ, models / SECOND)  # a training ends
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=10000)
    assert [dialog.table.item(r, 0).text() for r in range(3)] == [SETLIST, SECOND, JAZZ]
    dialog.close()


def test_a_model_trained_again_under_its_name_shows_its_new_saved_time(window, models, qtbot):
    """Only a change of names was read again: a model saved again kept its old Saved time on screen."""
    from engine import model_store
    from engine.jazz.model import JazzModel
    from gui.models_dialog import ModelsDialog

    long_ago = 1_000_000_000  # 2001
    os.utime(models / JAZZ / "model.json", (long_ago, long_ago))
    dialog = ModelsDialog(window, models)
    dialog.show()
    row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == JAZZ)
    assert dialog.table.item(row, 2).text() == model_store.saved_text(long_ago)
    JazzModel.load(models / JAZZ).save(models / JAZZ)  # trained again, kept under the same name
    now = model_store.saved_text((models / JAZZ / "model.json").stat().st_mtime)

    def saved_on_screen():
        rows = [r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == JAZZ]
        return rows and dialog.table.item(rows[0], 2).text()

    qtbot.waitUntil(lambda: saved_on_screen() == now, timeout=10000)
    dialog.close()
