"""File > Models…: the kept models in a sortable table, deleted several at once (to the trash), opened on the page
of their kind."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from test_model_store import JAZZ, SETLIST, trained  # noqa: F401 - trained: the tiny models, a fixture


@pytest.fixture
def models(trained, tmp_path) -> Path:  # noqa: F811 - pytest hands in the imported fixture
    folder = tmp_path / "models"
    shutil.copytree(trained, folder)
    shutil.copytree(folder / JAZZ, folder / "jazz-20261123-090000-full")
    (folder / "jazz-20261123-090000-full" / "model.json").write_text("{")  # damaged
    os.utime(folder / "jazz-20261123-090000-full" / "model.json", (1_700_000_000, 1_700_000_000))  # the oldest
    (folder / "photos").mkdir()
    return folder


def dialog_for(window, folder):
    from gui.models_dialog import ModelsDialog

    dialog = ModelsDialog(window, folder)
    dialog.show()
    return dialog


def shown(dialog) -> list[list[str]]:
    table = dialog.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_the_table_lists_each_model_and_sorts_by_size_in_bytes(window, models):
    dialog = dialog_for(window, models)
    rows = shown(dialog)
    assert [r[:2] for r in rows] == [[SETLIST, "setlist"], [JAZZ, "jazz"], ["jazz-20261123-090000-full", "damaged"]]
    assert rows[1][4].startswith("Encore Etude") and rows[2][4].startswith("damaged: ")
    dialog.table.sortByColumn(3, Qt.AscendingOrder)  # "6 bytes" < "16.6 KB" < "116.6 KB" by bytes, not by text
    assert [r[0] for r in shown(dialog)] == ["jazz-20261123-090000-full", JAZZ, SETLIST]
    assert "3 models" in dialog.summary.text() and str(models) in dialog.summary.text()


def test_delete_removes_several_chosen_models_to_the_trash(window, models):
    dialog = dialog_for(window, models)
    dialog.select([JAZZ, "jazz-20261123-090000-full"])
    assert [m.name for m in dialog.selected()] == [JAZZ, "jazz-20261123-090000-full"]
    assert dialog.delete_button.isEnabled() and not dialog.open_button.isEnabled()  # Open takes one model
    dialog.delete_button.click()
    assert sorted(p.name for p in models.iterdir()) == ["photos", SETLIST]
    assert [r[0] for r in shown(dialog)] == [SETLIST] and "2 models" in dialog.summary.text()
    if sys.platform.startswith("linux"):  # the freedesktop trash, in the tests' own data folder
        trash = Path(os.environ["XDG_DATA_HOME"]) / "Trash" / "files"
        assert (trash / JAZZ / "weights.safetensors").exists()
        assert "moved to the trash" in dialog.summary.text()


def test_open_loads_the_model_on_the_page_of_its_kind(window, models, qtbot):
    jazz, setlists = window.workspaces
    window.show_workspace("jazz")
    dialog = dialog_for(window, models)
    dialog.select([SETLIST])
    dialog.open_button.click()
    assert window.current is setlists and setlists.model is not None and not dialog.isVisible()
    assert setlists.model.history.band.startswith("The Demo Band")
    dialog = dialog_for(window, models)
    dialog.select([JAZZ])
    dialog.open_button.click()
    assert window.current is jazz
    qtbot.waitUntil(lambda: jazz.model is not None, timeout=60000)
    assert jazz.model_dir == str(models / JAZZ)


def test_a_damaged_model_cannot_be_opened(window, models):
    dialog = dialog_for(window, models)
    dialog.select(["jazz-20261123-090000-full"])
    assert not dialog.open_button.isEnabled() and dialog.delete_button.isEnabled()


def test_file_menu_opens_models_with_a_key_no_other_item_uses(window, qtbot):
    from gui.models_dialog import ModelsDialog
    from gui.shortcuts import key_text, sections

    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text() == "&Models…")
    keys = [k for _where, rows in sections(window) for keys, _what in rows for k in keys.split(" / ")]
    assert keys.count(key_text(action.shortcut())) == 1
    action.trigger()
    dialog = window.findChild(ModelsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_delete_asks_first_and_cancel_keeps_every_model(window, models, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    import gui.models_dialog as models_dialog

    asked = []
    monkeypatch.delenv("ENCORE_NO_PROMPTS")  # the question itself is stood in for: no box can wait for a click
    monkeypatch.setattr(models_dialog.QMessageBox, "question",
                        lambda _parent, _title, text, *_: asked.append(text) or QMessageBox.Cancel)
    window.workspaces[0].model_dir = str(models / JAZZ)  # the Jazz page's model in use
    dialog = dialog_for(window, models)
    dialog.select([JAZZ, SETLIST])
    dialog.delete_button.click()
    assert len(asked) == 1 and asked[0].startswith("Delete 2 models (") and f"{JAZZ} is the Jazz page's" in asked[0]
    assert (models / JAZZ).exists() and (models / SETLIST).exists() and len(shown(dialog)) == 3


def test_show_folder_opens_the_models_folder_in_the_file_manager(window, models, monkeypatch):
    import gui.models_dialog as models_dialog

    opened = []
    monkeypatch.setattr(models_dialog.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    dialog_for(window, models).folder_button.click()
    assert opened == [str(models)]


class NoTrash:
    """QFile where the system's trash does not take a folder (none on this system, or a locked models folder)."""

    @staticmethod
    def moveToTrash(_path):  # noqa: N802 - Qt's name
        return False


@pytest.mark.parametrize("answer", ["no prompts", "Cancel", "Yes"])
def test_a_model_the_trash_does_not_take_is_deleted_for_good_only_when_the_user_says_so(window, models, monkeypatch,
                                                                                       answer):
    from PySide6.QtWidgets import QMessageBox

    import gui.models_dialog as models_dialog

    monkeypatch.setattr(models_dialog, "QFile", NoTrash)
    asked = []
    if answer != "no prompts":
        monkeypatch.delenv("ENCORE_NO_PROMPTS")  # each question is stood in for: no box can wait for a click
        replies = iter([QMessageBox.Yes, getattr(QMessageBox, answer)])  # Delete models? then Delete for good?
        monkeypatch.setattr(models_dialog.QMessageBox, "question",
                            lambda _parent, title, *_: asked.append(title) or next(replies))
    kept = {p.name: p.read_bytes() for p in (models / JAZZ).iterdir()}
    dialog = dialog_for(window, models)
    dialog.select([JAZZ])
    dialog.delete_button.click()
    if answer == "Yes":
        assert asked == ["Delete models?", "Delete for good?"] and not (models / JAZZ).exists()
        assert "1 model deleted for good." in dialog.summary.text()
        return
    assert {p.name: p.read_bytes() for p in (models / JAZZ).iterdir()} == kept  # the whole model, untouched
    assert asked == ([] if answer == "no prompts" else ["Delete models?", "Delete for good?"])
    assert f"trash did not take {JAZZ}: kept" in dialog.summary.text() and len(shown(dialog)) == 3


def test_open_waits_while_the_setlists_page_runs_a_job(window, models, qtbot):
    """Its own Load model… is greyed then: a training that ends would replace the model opened meanwhile."""
    import threading

    setlists = window.workspaces[1]
    released = threading.Event()
    setlists.runner.start(lambda job: released.wait(30))  # a training, as far as the page can tell
    try:
        dialog = dialog_for(window, models)
        dialog.select([SETLIST])
        busy = "The Setlists page is running a job: open the model once it ends (or cancel it)."
        assert not dialog.open_button.isEnabled() and dialog.open_button.toolTip() == busy
        dialog.open_selected()  # a double-click
        assert setlists.model is None and dialog.isVisible() and dialog.summary.text() == busy
    finally:
        released.set()
    qtbot.waitUntil(lambda: not setlists.runner.running, timeout=30000)
    assert dialog.open_button.isEnabled() and not dialog.open_button.toolTip()  # without choosing again
    dialog.open_button.click()
    assert setlists.model is not None and window.current is setlists
