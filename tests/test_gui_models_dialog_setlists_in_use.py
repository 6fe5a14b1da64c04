"""File > Models… and the Setlists page's model in use: the page remembers the folder its model came from, the
dialog warns before deleting it, and the page drafts and saves from memory once it is gone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_model_store import SETLIST, trained  # noqa: F401 - trained: the tiny models, a fixture


@pytest.fixture
def models(trained, tmp_path) -> Path:  # noqa: F811 - pytest hands in the imported fixture
    folder = tmp_path / "models"
    shutil.copytree(trained, folder)
    return folder


def opened_on_the_page(window, models):
    """The dialog, after its Open put the setlist model on the Setlists page."""
    from gui.models_dialog import ModelsDialog

    dialog = ModelsDialog(window, models)
    dialog.select([SETLIST])
    dialog.open_button.click()
    dialog = ModelsDialog(window, models)
    dialog.show()
    dialog.select([SETLIST])
    return dialog


def test_the_page_remembers_where_its_model_was_opened_kept_and_saved(page, window, models, tmp_path):
    opened_on_the_page(window, models)
    assert page.model is not None and page.model_dir == str(models / SETLIST)
    page._trained_and_kept((page.model, str(models / "setlist-kept"), ""))  # what a training hands back
    assert page.model_dir == str(models / "setlist-kept")
    page._trained_and_kept((page.model, "", "disk full"))  # trained, no copy kept: in memory only
    assert page.model_dir is None
    assert page.save_model_to(str(tmp_path / "saved")) and page.model_dir == str(tmp_path / "saved")


def test_delete_warns_that_the_model_is_the_setlists_pages_in_use(page, window, models, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    import gui.models_dialog as models_dialog

    asked = []
    monkeypatch.delenv("ENCORE_NO_PROMPTS")  # the question itself is stood in for: no box can wait for a click
    monkeypatch.setattr(models_dialog.QMessageBox, "question",
                        lambda _parent, _title, text, *_: asked.append(text) or QMessageBox.Cancel)
    dialog = opened_on_the_page(window, models)
    dialog.delete_button.click()
    assert len(asked) == 1 and f"{SETLIST} is the Setlists page's model: the page drafts with it" in asked[0]
    assert "Jazz page" not in asked[0] and (models / SETLIST).exists() and page.model_dir == str(models / SETLIST)


def test_once_its_folder_is_deleted_the_page_drafts_and_saves_from_memory(page, window, models, qtbot, tmp_path):
    dialog = opened_on_the_page(window, models)
    dialog.delete_button.click()
    assert not (models / SETLIST).exists()
    assert page.model_dir is None  # in memory only now: a second Delete… has nothing of the page's to warn of
    assert f"Its copy in {models / SETLIST} was deleted: Save model… keeps one." in page.training.state.text()
    with qtbot.waitSignal(page.runner.finished, timeout=60000):
        page.generate()
    assert page.setlist.songs()
    assert page.save_model_to(str(tmp_path / "again")) and (tmp_path / "again" / "model.json").is_file()
    assert page.model_dir == str(tmp_path / "again")


def test_a_model_opened_through_a_link_is_still_the_pages_own(page, window, models, monkeypatch, tmp_path):
    """The dialog compared folder names as written: the page's model, opened through a link to the models
    folder, was deleted without the warning, and the page kept naming a folder that was gone."""
    from PySide6.QtWidgets import QMessageBox

    import gui.models_dialog as models_dialog

    link = tmp_path / "linked"
    link.symlink_to(models, target_is_directory=True)
    opened_on_the_page(window, models)
    page.model_dir = str(link / SETLIST)  # as File > Load model… through the link keeps it
    asked = []
    monkeypatch.delenv("ENCORE_NO_PROMPTS")
    monkeypatch.setattr(models_dialog.QMessageBox, "question",
                        lambda _parent, _title, text, *_: asked.append(text) or QMessageBox.Yes)
    dialog = models_dialog.ModelsDialog(window, models)
    dialog.select([SETLIST])
    dialog.delete_button.click()
    assert asked and f"{SETLIST} is the Setlists page's model" in asked[0]
    assert not (models / SETLIST).exists() and page.model_dir is None
