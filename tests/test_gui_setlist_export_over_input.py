"""The Setlists page never exports over a file it read: import skips a history's malformed rows, so writing the
history (or a drafted show) back over its file lost them, unsaid. The command line refused it already."""

import os

from engine.setlists.setlist import Entry, Set, Setlist

# Two good shows, and rows import skips: a set called "Soundcheck", an American date
CSV = """show_id,show_date,venue,set,position,song,transition
1,2023-05-01,Red Rocks,1,1,Tweezer,>
1,2023-05-01,Red Rocks,1,2,Sand,","
1,2023-05-01,Red Rocks,Soundcheck,3,Loving Cup,","
2,5/3/2023,Red Rocks,1,1,Ghost,->
3,2023-05-04,Red Rocks,1,1,Reba,","
"""


def imported(page, qtbot, path) -> None:
    path.write_text(CSV)
    page.import_paths([str(path)])
    qtbot.waitUntil(lambda: not page.reading(), timeout=30000)
    assert page.paths == [str(path)] and page.history.stats()["problems"]


def refused(page, export, path, name) -> None:
    """``export(path)`` writes nothing and says why, naming the file."""
    messages = []
    page.status.connect(messages.append)
    before = open(path, "rb").read()
    assert not export(path)
    assert open(path, "rb").read() == before
    assert name in messages[-1] and "will not write over" in messages[-1]


def test_the_history_is_not_exported_over_its_own_file(page, qtbot, tmp_path, monkeypatch):
    source = tmp_path / "gui_src.csv"
    imported(page, qtbot, source)
    link = tmp_path / "link.csv"
    link.symlink_to(source)
    monkeypatch.chdir(tmp_path)
    for given in (str(source), "./gui_src.csv", str(link)):  # however the save dialog names it
        refused(page, page.export_history_to, given, os.path.basename(given))
    assert page.export_history_to(str(tmp_path / "all.csv"))  # another file is written as before
    assert "Soundcheck" not in (tmp_path / "all.csv").read_text() and "Soundcheck" in source.read_text()


def test_a_drafted_show_is_not_exported_or_saved_over_the_history(page, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from gui.setlists.commands import ReplaceShow

    source = tmp_path / "gui_src.csv"
    imported(page, qtbot, source)
    show = Setlist("2026-07-04", "The Barn", [Set("Set 1", [Entry("Tweezer", ">"), Entry("Sand")])])
    page.undo_stack.push(ReplaceShow(page.next_show.editor.model, show, "Generate"))
    refused(page, page.export_to, str(source), "gui_src.csv")
    history = tmp_path / "history.json"  # a history kept as JSON: a show's file type too
    assert page.export_history_to(str(history))
    page.import_paths([str(history)])
    qtbot.waitUntil(lambda: not page.reading(), timeout=30000)
    assert page.paths == [str(history)] and page.setlist.sets
    refused(page, page.export_to, str(history), "history.json")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(history), ""))
    refused(page, lambda _: page.save(), str(history), "history.json")  # Save of a new show asks where
    assert not page.show_path
    assert page.export_to(str(tmp_path / "show.csv"))


def test_the_saved_model_is_not_written_over(page, tmp_path):
    folder = tmp_path / "band model"
    folder.mkdir()
    (folder / "model.json").write_text("{}")
    page.model_dir = str(folder)  # the folder the model in use was loaded from or saved to
    refused(page, page.export_to, str(folder / "model.json"), "model.json")
    show = str(folder / "next show.json")  # the user's own file beside it: theirs to write again (Ctrl+S)
    page.setlist = Setlist("2024-01-01", "Venue", [Set("Set 1", [Entry("Tweezer")])])
    assert page.export_to(show) and page.export_to(show)
