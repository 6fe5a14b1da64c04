"""The window at start-up with work to recover, the Quit question with two pages working, a SoundFont gone
from Preferences, and a saved model's folder dropped on the window."""

import json
import os

from jazz_files import band_midi
from PySide6.QtCore import QSettings, QUrl


def _crashed_copy(folder, name: str, title: str, age: int = 0):
    """An autosaved jazz project left by a session that was killed (no lock held)."""
    from engine.files import write_json
    from engine.jazz.piece import Note, Piece
    from engine.jazz.project import project_data

    path = folder / name
    write_json(path, project_data([Piece(title, [Note(0, 1, 60)], [], bars=1)], 0, None, [], {}))
    if age:
        os.utime(path, (age, age))
    return path


def _window(qtbot, monkeypatch, data_home, workspace="jazz"):
    from gui.main_window import MainWindow

    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    QSettings().setValue("workspace", workspace)  # the tab the window last showed
    window = MainWindow()
    qtbot.addWidget(window)
    return window


def _autosave_folder(tmp_path):
    folder = tmp_path / "data" / "Encore" / "autosave"
    folder.mkdir(parents=True)
    return folder


# Recovery at start-up ------------------------------------------------------------------------------
def test_the_page_offering_recovery_is_shown_whichever_tab_was_last(app, qtbot, tmp_path, monkeypatch):
    """Last on the Setlists tab, the window reopened there after a crash: the Jazz page's Recover banner went
    unseen, and nothing else said there was work to recover."""
    _crashed_copy(_autosave_folder(tmp_path), "jazz-999999.encore-jazz", "Crashed solo")
    window = _window(qtbot, monkeypatch, tmp_path / "data", workspace="setlists")
    jazz = window.workspaces[0]
    assert jazz.offers_recovery()
    assert window.current is jazz and not jazz.project.recovery_banner.isHidden()
    said = window.statusBar().currentMessage()
    assert "session that ended unexpectedly" in said and "Jazz page" in said


def test_any_page_offering_recovery_is_shown(app, qtbot, tmp_path, monkeypatch):
    """Not the Jazz page's banner alone: a page that says it offers recovered work is the one shown."""
    from gui.setlists.page import SetlistsPage

    monkeypatch.setattr(SetlistsPage, "offers_recovery", lambda _self: True, raising=False)
    window = _window(qtbot, monkeypatch, tmp_path / "data", workspace="jazz")
    assert window.current is window.workspaces[1]
    assert "Setlists page" in window.statusBar().currentMessage()


def test_the_tab_shown_for_recovery_is_not_remembered_as_the_users(app, qtbot, tmp_path, monkeypatch):
    """Shown the Jazz page for its recovered work, the user quit without touching the tabs: the next plain
    start opened on Jazz, not the Setlists tab they had last chosen."""
    _crashed_copy(_autosave_folder(tmp_path), "jazz-999999.encore-jazz", "Crashed solo")
    window = _window(qtbot, monkeypatch, tmp_path / "data", workspace="setlists")
    assert window.current is window.workspaces[0]
    assert window.close()
    assert QSettings().value("workspace") == "setlists"


def test_a_tab_the_user_picks_after_recovery_is_remembered(app, qtbot, tmp_path, monkeypatch):
    """Clicking the recovery page's own tab chooses it, as picking another tab does."""
    from PySide6.QtCore import Qt

    _crashed_copy(_autosave_folder(tmp_path), "jazz-999999.encore-jazz", "Crashed solo")
    window = _window(qtbot, monkeypatch, tmp_path / "data", workspace="setlists")
    window.show()
    qtbot.waitExposed(window)
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(0).center())
    assert window.current is window.workspaces[0] and QSettings().value("workspace") == "jazz"
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(1).center())
    assert window.current is window.workspaces[1] and QSettings().value("workspace") == "setlists"
    window.close()


def test_nothing_to_recover_keeps_the_tab_last_shown(app, qtbot, tmp_path, monkeypatch):
    window = _window(qtbot, monkeypatch, tmp_path / "data", workspace="setlists")
    assert not any(page.offers_recovery() for page in window.workspaces)
    assert window.current is window.workspaces[1]


def test_discard_and_recover_offer_the_next_crashed_copy(app, qtbot, tmp_path, monkeypatch):
    """Two crashed sessions: Discard (or Recover) hid the banner while the other copy was still there, and
    that copy came back at the next launch."""
    folder = _autosave_folder(tmp_path)
    oldest = _crashed_copy(folder, "jazz-999997.encore-jazz", "Oldest", age=1)
    older = _crashed_copy(folder, "jazz-999998.encore-jazz", "Older", age=2)
    newest = _crashed_copy(folder, "jazz-999999.encore-jazz", "Newest")
    window = _window(qtbot, monkeypatch, tmp_path / "data")
    page = window.workspaces[0]
    assert page.autosave.recoverable() == newest
    page.project.discard_recovery()
    assert not newest.exists() and page.autosave.recoverable() == older
    assert not page.project.recovery_banner.isHidden()
    page.project.recover()
    assert [p.title for p in page.history.pieces] == ["Older"]
    assert page.autosave.recoverable() == oldest and not page.project.recovery_banner.isHidden()
    page.project.discard_recovery()
    assert page.autosave.recoverable() is None and page.project.recovery_banner.isHidden()
    window.close()


# The Quit question ---------------------------------------------------------------------------------
def _asked_at_quit(window, monkeypatch, jazz_work, setlists_work):
    from PySide6.QtWidgets import QMessageBox

    jazz, setlists = window.workspaces
    monkeypatch.setattr(jazz, "work_in_progress", lambda: list(jazz_work))
    monkeypatch.setattr(setlists, "work_in_progress", lambda: list(setlists_work))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or QMessageBox.Cancel)
    monkeypatch.delenv("ENCORE_NO_PROMPTS")
    try:
        assert not window.close()  # Cancel: the window stays
    finally:
        monkeypatch.setenv("ENCORE_NO_PROMPTS", "1")
    return asked


def test_the_quit_question_names_each_pages_work(window, monkeypatch):
    """A Jazz and a Setlists training at once: 'Encore is still working on training and training. Quitting
    now cancels it.'"""
    asked = _asked_at_quit(window, monkeypatch, ["training"], ["training"])
    assert asked == ["Encore is still working on Jazz training and Setlists training. Quitting now cancels "
                     "them. Quit anyway?"]
    asked = _asked_at_quit(window, monkeypatch, ["an export"], ["training"])
    assert asked == ["Encore is still working on an export on the Jazz page and Setlists training. Quitting "
                     "now cancels them. Quit anyway?"]


def test_the_quit_question_for_one_pages_work(window, monkeypatch):
    asked = _asked_at_quit(window, monkeypatch, ["training", "an export"], [])
    assert asked == ["Encore is still working on training and an export. Quitting now cancels them. "
                     "Quit anyway?"]
    asked = _asked_at_quit(window, monkeypatch, [], ["an evaluation"])
    assert asked == ["Encore is still working on an evaluation. Quitting now cancels it. Quit anyway?"]


# Preferences -----------------------------------------------------------------------------------------
def test_preferences_say_the_chosen_soundfont_is_gone(qtbot, tmp_path):
    """A SoundFont deleted since it was chosen showed its path and nothing else; Play and Export to WAV then
    failed with 'no such file'."""
    from gui.audio.player import SOUNDFONT_KEY
    from gui.audio.preferences import AudioPreferences

    settings = QSettings(str(tmp_path / "prefs.ini"), QSettings.IniFormat)
    settings.setValue(SOUNDFONT_KEY, str(tmp_path / "gone.sf2"))
    def section() -> AudioPreferences:
        shown = AudioPreferences(settings=settings)
        qtbot.addWidget(shown)  # closed and deleted by Qt: a widget left to Python's collector crashed the exit
        return shown

    gone = section()
    assert gone.soundfont_path.text() == str(tmp_path / "gone.sf2")
    said = gone.status.text()
    assert said.startswith("No such file: ") and "Export to WAV fails" in said
    (tmp_path / "there.sf2").write_bytes(b"RIFF")
    settings.setValue(SOUNDFONT_KEY, str(tmp_path / "there.sf2"))
    assert section().status.text() == ""
    settings.setValue(SOUNDFONT_KEY, "")  # the default one
    assert section().status.text() == ""


# A model's folder dropped ----------------------------------------------------------------------------
def _model_folder(tmp_path, name: str, kind: str | None, meta: str | None = None):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "model.json").write_text(meta if meta is not None else json.dumps({"kind": kind}))
    (folder / "weights.safetensors").write_bytes(b"\0" * 16)
    return folder


def _drop(window, *paths):
    said = []
    window.statusBar().messageChanged.connect(lambda text: text and said.append(text))
    window.take([QUrl.fromLocalFile(str(path)) for path in paths])
    return said


def test_a_dropped_model_folder_opens_on_the_page_that_plays_it(window, tmp_path, monkeypatch):
    """Its model.json was read as a band's history: 'Import failed: …/model.json: not a setlist file — Not
    opened: weights.safetensors'."""
    jazz, setlists = window.workspaces
    loaded = []
    monkeypatch.setattr(setlists, "load_model", lambda folder: loaded.append(("setlists", folder)))
    monkeypatch.setattr(jazz, "use_model", lambda folder: loaded.append(("jazz", folder)))
    monkeypatch.setattr(setlists, "import_paths", lambda paths: loaded.append(("read", paths)))
    setlist_model = _model_folder(tmp_path, "setlist-demo", "setlist-model")
    said = _drop(window, setlist_model)
    assert loaded == [("setlists", str(setlist_model))] and window.current is setlists and said == []
    loaded.clear()
    jazz_model = _model_folder(tmp_path, "jazz-a", "jazz-lstm")
    _drop(window, jazz_model)
    assert loaded == [("jazz", str(jazz_model))] and window.current is jazz


def test_a_dropped_model_folder_encore_cannot_open_is_named_with_why(window, tmp_path, monkeypatch):
    setlists = window.workspaces[1]
    read = []
    monkeypatch.setattr(setlists, "import_paths", read.append)
    damaged = _model_folder(tmp_path, "damaged", None, meta="{not json")
    foreign = _model_folder(tmp_path, "foreign", "other-program")
    said = _drop(window, damaged, foreign)
    assert read == []
    assert said[-1].startswith("Not opened: ")
    assert "damaged (a saved model whose model.json cannot be read: is not valid JSON" in said[-1]
    assert "foreign (not a model Encore plays: its model.json names 'other-program' as its kind)" in said[-1]


def test_the_solos_beside_a_dropped_model_are_read_too(window, tmp_path, monkeypatch):
    """Regression hunt: a folder holding a model and two solos opened the model alone, and the solos were
    dropped without a word (before, the solos were read)."""
    jazz = window.workspaces[0]
    loaded = []
    monkeypatch.setattr(jazz, "use_model", lambda folder: loaded.append(("model", folder)))
    monkeypatch.setattr(jazz, "import_paths", lambda paths: loaded.append(("read", paths)))
    folder = _model_folder(tmp_path, "mixed", "jazz-lstm")
    for name in ("a.mid", "b.mid"):
        band_midi(folder / name)
    _drop(window, folder)
    assert ("read", [str(folder / "a.mid"), str(folder / "b.mid")]) in loaded and ("model", str(folder)) in loaded


def test_a_copy_that_cannot_be_looked_at_does_not_stop_the_window(app, qtbot, tmp_path, monkeypatch):
    """A link to nothing in the autosave folder (or a copy another Encore recovered between the listing and the
    look at its time) stopped Encore at start-up with a traceback, every time."""
    folder = _autosave_folder(tmp_path)
    (folder / "jazz-999999-deadbeef.encore-jazz").symlink_to(tmp_path / "nowhere")
    _crashed_copy(folder, "jazz-999998-cafef00d.encore-jazz", "Crashed solo")
    window = _window(qtbot, monkeypatch, tmp_path / "data")
    jazz = window.workspaces[0]
    assert jazz.autosave.recoverable() == folder / "jazz-999998-cafef00d.encore-jazz"
    assert jazz.offers_recovery()
