"""Autosave of the Setlists page's show: a show edited and then SIGKILLed is offered back at the next launch, with
its sets, songs, marks and locks; Discard deletes the copy, and a save or a normal quit leaves none."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import killed_after_autosave

ROOT = Path(__file__).resolve().parents[1]

SESSION = """
import time
from gui.app import make_application
from gui.main_window import MainWindow
from gui.setlists import commands
app = make_application()
window = MainWindow()
window.show()
window.show_workspace("setlists")
page = window.workspaces[1]
page.ensure_history()
page._start_by_hand("Tweezer")
page.next_show.editor.add_song("Fluffhead")
page.next_show.venue.setText("Madison Square Garden")
commands.toggle_transition(page.next_show.editor.model, [(0, 0)])  # Tweezer > Fluffhead
commands.set_locked(page.next_show.editor.model, [(0, 1)], True)  # the last edit before the crash
deadline = time.monotonic() + 60
while not page.autosave.path.exists() and time.monotonic() < deadline:  # no save_now: the edits' own autosave
    app.processEvents()
    time.sleep(0.05)
print("autosaved" if page.autosave.path.exists() else "none", flush=True)
time.sleep(120)
"""


def _window_in(data_home, monkeypatch, qtbot):
    from gui.main_window import MainWindow

    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    window = MainWindow()
    qtbot.addWidget(window)
    return window, window.workspaces[1]


def _copies(data_home) -> list[Path]:
    return sorted((Path(data_home) / "Encore" / "autosave").glob("setlist*.encore-setlist"))


def test_a_killed_sessions_show_is_offered_and_recovered_as_unsaved_work(app, qtbot, tmp_path, monkeypatch):
    killed_after_autosave(SESSION, tmp_path)
    window, page = _window_in(tmp_path / "data", monkeypatch, qtbot)
    jazz = window.workspaces[0]
    assert not page.recovery_banner.isHidden() and jazz.project.recovery_banner.isHidden()  # the show's alone
    page.recovery_banner.recover()
    assert page.recovery_banner.isHidden()
    [show] = page.setlist.sets
    assert [(e.song, e.transition, e.locked) for e in show.entries] == [("Tweezer", ">", False),
                                                                        ("Fluffhead", ",", True)]
    assert page.setlist.venue == "Madison Square Garden"
    assert page.has_unsaved_changes() and window.windowTitle().endswith("•")  # still to be saved
    assert not page.undo_stack.canUndo()  # Undo does not bring back the empty show it replaced
    assert page.autosave.recoverable() is None and page.autosave.path.exists()  # this session's own copy now
    saved = tmp_path / "tonight.encore-setlist"
    assert page.export_to(str(saved))  # Save As
    assert not page.has_unsaved_changes() and _copies(tmp_path / "data") == []
    assert [e["song"] for e in json.loads(saved.read_text())["sets"][0]["songs"]] == ["Tweezer", "Fluffhead"]


def _crashed_copy(data_home, saved_as: str = "", name: str = "setlist-999999-0badc0de") -> Path:
    """A copy left by a session that was killed: named by a process that is gone, with no lock held."""
    from engine.files import write_json
    from engine.setlists.setlist import Entry, Set, Setlist

    folder = Path(data_home) / "Encore" / "autosave"
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / f"{name}.encore-setlist"
    show = Setlist("2025-07-04", "Alpine Valley", [Set("Set 1", [Entry("Reba", transition="->")]),
                                                    Set("Encore", [Entry("Possum", locked=True)])], {"seed": 7})
    write_json(copy, {**show.to_json(), "saved_as": saved_as})
    return copy


def test_recover_opens_the_copy_where_it_was_saved_before_and_discard_deletes_it(app, qtbot, tmp_path, monkeypatch):
    saved = str(tmp_path / "alpine.encore-setlist")
    copy = _crashed_copy(tmp_path / "data", saved)
    window, page = _window_in(tmp_path / "data", monkeypatch, qtbot)
    assert not page.recovery_banner.isHidden()
    page.recovery_banner.recover()
    assert [s.name for s in page.setlist.sets] == ["Set 1", "Encore"] and page.setlist.meta == {"seed": 7}
    assert page.setlist.sets[0].entries[0].transition == "->" and page.setlist.sets[1].entries[0].locked
    assert page.show_path == saved and not copy.exists()  # Ctrl+S writes it where it was saved, unasked
    window.close()  # a normal quit: nothing left to offer
    assert _copies(tmp_path / "data") == []

    copy = _crashed_copy(tmp_path / "data")
    window, page = _window_in(tmp_path / "data", monkeypatch, qtbot)
    assert not page.recovery_banner.isHidden()
    page.recovery_banner.discard()
    assert page.recovery_banner.isHidden() and not copy.exists() and not page.setlist.sets
    window.close()


def test_an_edit_is_autosaved_within_seconds_and_a_save_removes_the_copy(app, qtbot, tmp_path, monkeypatch):
    window, page = _window_in(tmp_path / "data", monkeypatch, qtbot)
    window.show()
    window.show_workspace("setlists")
    qtbot.waitUntil(lambda: page.history is not None, timeout=10_000)
    qtbot.wait(200)
    assert not page.autosave.soon.isActive() and _copies(tmp_path / "data") == []  # the demo band is no edit
    page._start_by_hand("Tweezer")
    qtbot.waitUntil(lambda: page.autosave.path.exists(), timeout=10_000)  # the edit's own autosave, no tick
    assert [e["song"] for e in json.loads(page.autosave.path.read_text())["sets"][0]["songs"]] == ["Tweezer"]
    assert page.export_to(str(tmp_path / "show.encore-setlist"))
    assert not page.autosave.path.exists()
    page.next_show.editor.add_song("Fluffhead")
    qtbot.waitUntil(lambda: page.autosave.path.exists(), timeout=10_000)
    page.undo_stack.undo()  # back to the saved show: the copy would bring the undone edit back
    assert not page.autosave.path.exists()
    page.undo_stack.redo()
    qtbot.waitUntil(lambda: page.autosave.path.exists(), timeout=10_000)
    window.close()
    assert _copies(tmp_path / "data") == []


def test_a_damaged_copy_is_set_aside_and_the_next_one_offered(app, qtbot, tmp_path, monkeypatch):
    older = _crashed_copy(tmp_path / "data", name="setlist-999998-0badc0de")
    os.utime(older, (1, 1))
    damaged = older.with_name("setlist-999999-0badc0de.encore-setlist")
    damaged.write_text("{not json")
    window, page = _window_in(tmp_path / "data", monkeypatch, qtbot)
    page.recovery_banner.recover()
    assert damaged.with_name(damaged.name + ".damaged").exists() and not damaged.exists()
    assert not page.setlist.sets and not page.recovery_banner.isHidden()  # the older copy is offered next
    page.recovery_banner.recover()
    assert [e.song for e in page.setlist.sets[0].entries] == ["Reba"] and page.recovery_banner.isHidden()
    window.close()


def test_no_copy_is_written_back_after_a_normal_quit(app, qtbot, tmp_path, monkeypatch):
    """The edit's 3 s timer and the 30 s tick ran on after the quit deleted the copy: a quit that waited for a
    job left time for one to fire, and the next start offered the discarded edits as a crashed session's."""
    monkeypatch.setenv("ENCORE_NO_PROMPTS", "1")  # the Quit question answered Discard
    window, page = _window_in(tmp_path / "data", monkeypatch, qtbot)
    window.show()
    window.show_workspace("setlists")
    qtbot.waitUntil(lambda: page.history is not None, timeout=10_000)
    page._start_by_hand("Tweezer")
    assert page.autosave.soon.isActive()
    window.close()
    assert not page.autosave.soon.isActive() and not page.autosave.timer.isActive()
    page.autosave.save_now()  # a tick already queued when the window closed
    page.next_show.editor.add_song("Fluffhead")  # an edit the closing window still saw
    qtbot.wait(200)
    assert not page.autosave.soon.isActive() and _copies(tmp_path / "data") == []
