"""The main window: menus, workspaces, remembered state, drag and drop, jobs with Cancel."""

import time

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent, QUndoCommand

from engine.jobs import Job


def menu_titles(window):
    return [a.text().replace("&", "") for a in window.menuBar().actions()]


def menu_items(window, title):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == title)
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def test_menus_and_workspaces(window):
    assert {"File", "Edit", "Help"} <= set(menu_titles(window))
    file_items = menu_items(window, "File")
    for item in ("Open…", "Save", "Import…", "Export…", "Recent Files", "Quit"):
        assert item in file_items
    assert any(i.startswith("Undo") for i in menu_items(window, "Edit"))
    assert any(i.startswith("Redo") for i in menu_items(window, "Edit"))
    assert "Preferences…" in menu_items(window, "Edit")
    assert "About Encore" in menu_items(window, "Help")
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["Jazz", "Setlists"]
    assert window.statusBar() is not None


def test_workspace_and_geometry_are_remembered(app, qtbot):
    from gui.main_window import MainWindow

    first = MainWindow()
    qtbot.addWidget(first)
    first.show_workspace("setlists")
    first.resize(711, 477)  # inside the offscreen screen (800 x 600)
    first.show()
    qtbot.waitExposed(first)
    first.close()
    QSettings().sync()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.current.key == "setlists"
    assert second.size().width() == 711
    second.show_workspace("jazz")


def test_damaged_settings_open_the_window_with_its_defaults(app, qtbot, tmp_path):
    """A settings file cut short left geometry=hello or recent_files=@Rect(...): the window would not start."""
    from PySide6.QtCore import QRect

    from gui.main_window import MainWindow

    for geometry, recent in (("hello", QRect(1, 2, 3, 4)), (5, 7), (["a", "b"], [3, None, ""])):
        settings = QSettings()
        settings.setValue("geometry", geometry)
        settings.setValue("recent_files", recent)
        settings.sync()
        window = MainWindow()
        qtbot.addWidget(window)
        # the default size, as far as the offscreen screen (800 x 800) has room for it
        assert (window.width(), window.height()) == (784, 760) and window.recent.paths() == []


def test_recent_files_show_an_ampersand_as_written_and_let_go_of_deleted_files(window, tmp_path):
    path = tmp_path / "AT&T shows.csv"
    path.write_text("show_date,set,song\n2020-01-01,1,A\n")
    window.recent.add(str(path))
    window.recent._fill()
    assert window.recent.menu.actions()[0].text() == "&1 AT&&T shows.csv"  # shown 'ATT', the T underlined
    gone = tmp_path / "gone.csv"
    gone.write_text("x")
    window.recent.add(str(gone))
    gone.unlink()
    window.recent.add(str(path))  # a file deleted since kept one of the ten slots for good
    assert window.recent.paths() == [str(path)]


def test_file_import_sends_each_file_to_the_page_that_reads_it(window, tmp_path, monkeypatch, qtbot):
    """A setlist CSV imported from the Jazz page became a broken corpus entry and marked the project unsaved."""
    from PySide6.QtWidgets import QFileDialog

    shows = tmp_path / "shows.csv"
    shows.write_text("show_date,set,song\n2020-01-01,1,Tweezer\n2020-01-02,1,Sand\n")
    jazz, setlists = window.workspaces
    window.show_workspace("jazz")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(shows)], ""))
    window.import_dialog()
    qtbot.waitUntil(lambda: not setlists.reading())  # a history is read on a worker
    assert window.current is setlists and setlists.paths == [str(shows)]
    assert not jazz.corpus.entries and not jazz.has_unsaved_changes()


def test_undo_follows_the_current_workspace(window):
    jazz, setlists = window.workspaces
    window.show_workspace("jazz")
    command = QUndoCommand("Add note")
    jazz.undo_stack.push(command)
    assert window.undo_action.isEnabled() and "Add note" in window.undo_action.text()
    window.show_workspace("setlists")
    assert not window.undo_action.isEnabled()
    assert not window.windowTitle().endswith("•")  # the title's • is the shown page's: the Jazz tab's own has it
    assert window.tabs.tabText(0) == "Jazz •"
    window.show_workspace("jazz")
    window.undo_action.trigger()
    assert jazz.undo_stack.index() == 0


def test_dropped_files_go_to_the_workspace_that_reads_them(window, tmp_path, monkeypatch):
    received = []
    setlists = window.workspaces[1]
    monkeypatch.setattr(setlists, "import_paths", received.extend)
    csv = tmp_path / "shows.csv"
    csv.write_text("show_date,song\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(csv))])
    event = QDropEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    window.dropEvent(event)
    assert received == [str(csv)]
    assert window.current is setlists


def test_a_dropped_folder_brings_the_files_inside_it(window, tmp_path, monkeypatch):
    received = []
    jazz = window.workspaces[0]
    monkeypatch.setattr(jazz, "import_paths", received.extend)
    folder = tmp_path / "solos"
    (folder / "deeper").mkdir(parents=True)
    for name in ("b.mid", "a.musicxml", "notes.txt", ".hidden.mid", "deeper/c.mid"):
        (folder / name).write_bytes(b"")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    window.dropEvent(QDropEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
    assert received == [str(folder / "a.musicxml"), str(folder / "b.mid")]  # one level, what the page reads
    assert window.current is jazz


def slow_count(n: int, job: Job) -> int:
    for i in range(1, n + 1):
        time.sleep(0.01)
        job.report(i, n, f"step {i}", {"step": i})
    return n


def test_job_runner_finishes_with_progress(app, qtbot):
    from gui.jobs import JobRunner, ProgressPanel

    runner = JobRunner()
    panel = ProgressPanel(runner)
    steps = []
    runner.progressed.connect(lambda p: steps.append(p.step))
    with qtbot.waitSignal(runner.finished, timeout=10000) as done:
        runner.start(slow_count, 20)
    assert done.args == [20]
    qtbot.waitUntil(lambda: not panel.isVisibleTo(panel.parentWidget() or panel) or not runner.running)
    assert steps[-1] == 20 and panel.bar.maximum() == 20


def test_job_runner_is_idle_when_its_outcome_arrives(app, qtbot):
    """Whoever hears `finished` finds the runner idle and can start the next job at once."""
    from gui.jobs import JobRunner

    runner = JobRunner()
    heard = []
    runner.running_changed.connect(lambda busy: heard.append(("running", busy)))

    def next_job(result):
        heard.append(("finished", result, runner.running))
        if result == 3:
            runner.start(slow_count, 2)

    runner.finished.connect(next_job)
    with qtbot.waitSignal(runner.finished, timeout=10000, check_params_cb=lambda r: r == 2):
        runner.start(slow_count, 3)
    assert heard == [("running", True), ("running", False), ("finished", 3, False),
                     ("running", True), ("running", False), ("finished", 2, False)]


def test_job_runner_cancel(app, qtbot):
    from gui.jobs import JobRunner, ProgressPanel

    runner = JobRunner()
    panel = ProgressPanel(runner)
    finished = []
    runner.finished.connect(finished.append)
    runner.start(slow_count, 100000)
    qtbot.waitUntil(lambda: panel.bar.value() >= 3, timeout=10000)
    with qtbot.waitSignal(runner.cancelled, timeout=10000):
        panel.cancel_button.click()
    runner.wait(5)
    assert not runner.running and finished == []


def test_job_runner_reports_failure_as_one_line(app, qtbot):
    from gui.jobs import JobRunner

    def broken(job):
        raise ValueError("shows.csv: no usable show")

    runner = JobRunner()
    with qtbot.waitSignal(runner.failed, timeout=10000) as failure:
        runner.start(broken)
    assert failure.args == ["shows.csv: no usable show"]


def test_garbage_cycles_are_collected_on_the_gui_thread_not_in_workers(app, qtbot):
    """A worker's collection can free Qt widgets off the GUI thread and deadlock against it (gui/collector.py)."""
    import gc
    import threading

    class Node:
        pass

    in_main: list[bool] = []

    def record(phase, info):
        if phase == "start":
            in_main.append(threading.current_thread() is threading.main_thread())

    def churn():
        for _ in range(20_000):
            node = Node()
            node.me = node  # a cycle: only the collector frees it

    gc.callbacks.append(record)
    try:
        worker = threading.Thread(target=churn)
        worker.start()
        worker.join()
        assert in_main == []  # the worker allocated far past the threshold and never collected
        qtbot.waitUntil(lambda: bool(in_main), timeout=3000)
        assert all(in_main)
    finally:
        gc.callbacks.remove(record)


def test_keyboard_shortcuts_lists_every_key_from_the_tables_that_bind_them(window):
    from gui.jazz.roll_keys import KEYS as ROLL_KEYS
    from gui.shortcuts import ShortcutsDialog

    dialog = ShortcutsDialog(window)
    rows = dialog.rows()
    assert ("Menus (everywhere)", "Ctrl+Z", "Edit › Undo the last edit") in rows
    assert ("Menus (everywhere)", "F1", "Help › Keyboard Shortcuts") in rows
    assert ("Jazz: Piano roll", "Alt+Up / Alt+Down",
            "Move the whole piece and its chords up or down a semitone (another key)") in rows
    assert ("Menus (everywhere)", "Ctrl+S", "File › Save") in rows
    assert ("Setlists: Setlist editor", "Ctrl+L", "Lock or unlock the selected songs") in rows
    assert ("While a job runs (on its page)", "Esc",  # a Setlists job runs on while Jazz shows
            "Cancel the running job (of two, the newer): training, importing, generating, exporting "
            "(Esc in the piano roll first clears its selection)") in rows
    assert sum(where == "Jazz: Piano roll" for where, _, _ in rows) == len(ROLL_KEYS)
    # One key means one thing: no workspace key is also a menu's, and none is bound twice in one widget's table
    # (Del in the piano roll deletes notes, in the list of solos the solo: whichever has the focus).
    menu_keys = {k for where, keys, _ in rows if where.startswith("Menus") for k in keys.split(" / ")}
    for page in ("Jazz", "Setlists"):
        page_keys = [k for where, keys, _ in rows if where.startswith(page) for k in keys.split(" / ")]
        assert page_keys and not menu_keys & set(page_keys)
        for table in {where for where, _, _ in rows if where.startswith(page)}:
            keys = [k for where, ks, _ in rows if where == table for k in ks.split(" / ")]
            assert len(keys) == len(set(keys)), table
    assert ("Jazz: Solo history", "F2", "Rename the selected solo") in rows
    dialog.filter.setText("alt+")
    assert {keys for _, keys, _ in dialog.rows()} == {"Alt+Up / Alt+Down", "Alt+Shift+Up / Alt+Shift+Down", "Alt+P",
                                                      "Alt+T", "Alt+L"}
    dialog.filter.setText("segue")
    assert [where for where, _, _ in dialog.rows()] == ["Setlists: Setlist editor"]



def test_emitting_signals_leaves_pythons_true_alone(app):
    """PySide6 6.12.0 dropped a reference to True at every emit() on Python 3.11: the window aborted after about
    1,900 edits (pyproject.toml keeps it below 6.12)."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Sender(QObject):
        moved = Signal(int, int)

    sender, heard = Sender(), []
    sender.moved.connect(lambda a, b: heard.append(a))
    before = sys.getrefcount(True)
    for i in range(300):
        sender.moved.emit(i, i)
    assert len(heard) == 300 and sys.getrefcount(True) >= before - 5


def test_the_quit_question_offers_save_and_quits_only_once_every_page_is_saved(window, tmp_path, monkeypatch):
    """It offered Discard or Cancel only: keeping the work meant Cancel, save each page, then Quit again."""
    import json

    from PySide6.QtWidgets import QMessageBox

    from engine.jazz.piece import Note, Piece
    from engine.setlists.setlist import Entry, Set, Setlist
    from gui.setlists.commands import ReplaceShow

    asked = []

    def answer(parent, title, text, buttons, default):
        asked.append(text)
        return QMessageBox.Save if buttons & QMessageBox.Save else QMessageBox.Cancel

    monkeypatch.delenv("ENCORE_NO_PROMPTS")
    monkeypatch.setattr(QMessageBox, "question", answer)
    jazz, setlists = window.workspaces
    project = tmp_path / "night.encore-jazz"
    jazz.history.add(Piece("Saved", [Note(0, 1, 60, 90)], [], bars=1, tempo=120.0))
    assert jazz.project.save_to(str(project))
    jazz.history.add(Piece("Unsaved", [Note(0, 1, 62, 90)], [], bars=1, tempo=120.0))
    jazz.project.touch()
    setlists.ensure_history()
    show = Setlist("2026-07-04", "The Barn", [Set("Set 1", [Entry("Tweezer", ",", 0.4)])])
    setlists.undo_stack.push(ReplaceShow(setlists.next_show.editor.model, show, "Generate"))
    monkeypatch.setattr("gui.setlists.page.save_path", lambda *args: "")  # the show's Save dialog cancelled
    assert not window._confirm_discard()
    assert asked == ["Jazz and Setlists have unsaved changes. Save them first, or Quit anyway?"]
    assert [p["title"] for p in json.loads(project.read_text())["pieces"]] == ["Saved", "Unsaved"]
    assert not jazz.has_unsaved_changes() and setlists.has_unsaved_changes()  # it stays open with the show
    show_file = tmp_path / "tonight.encore-setlist"
    monkeypatch.setattr("gui.setlists.page.save_path", lambda *args: str(show_file))
    assert window._confirm_discard() and not setlists.has_unsaved_changes()
    assert json.loads(show_file.read_text())["sets"][0]["songs"][0]["song"] == "Tweezer"


def test_the_docs_screenshot_scripts_keep_their_models_and_settings_out_of_the_users(monkeypatch):
    """`python -m gui.jazz.screenshot` trained into the user's own models folder and saved its window there."""
    import os

    from gui.app import scratch_home
    from gui.jazz.project import app_data_folder

    monkeypatch.setenv("XDG_DATA_HOME", os.environ["XDG_DATA_HOME"])  # restored after the test
    monkeypatch.setenv("XDG_CONFIG_HOME", os.environ["XDG_CONFIG_HOME"])
    users = app_data_folder("models")
    home = scratch_home()
    assert app_data_folder("models") != users and str(app_data_folder("models")).startswith(home)
    assert os.environ["XDG_CONFIG_HOME"].startswith(home)


def test_redo_has_each_key_once_where_the_platforms_redo_is_ctrl_shift_z(app, monkeypatch):
    """On GNOME and KDE Qt's Redo key is Ctrl+Shift+Z: bound twice on one action, it was ambiguous and never
    fired, and Help listed it twice."""
    from PySide6.QtGui import QKeySequence

    from gui import main_window

    gnome = [QKeySequence("Ctrl+Shift+Z")]
    monkeypatch.setattr(main_window.QKeySequence, "keyBindings", staticmethod(lambda _key: list(gnome)))
    assert [k.toString() for k in main_window.redo_keys()] == ["Ctrl+Shift+Z"]
    window = main_window.MainWindow()
    assert [k.toString() for k in window.redo_action.shortcuts()] == ["Ctrl+Shift+Z"]
    window.close()
    gnome[:] = [QKeySequence("Ctrl+Y"), QKeySequence("Alt+Shift+Backspace")]  # Windows, and offscreen
    assert [k.toString() for k in main_window.redo_keys()] == ["Ctrl+Shift+Z", "Ctrl+Y"]


def test_quitting_while_training_asks_first(window, qtbot, monkeypatch, tmp_path):
    """A training (or a queued export) was cancelled by Quit without a question; the title showed nothing unsaved."""
    from PySide6.QtWidgets import QMessageBox

    from engine.jazz.export import midi_bytes
    from engine.jazz.piece import Note, Piece

    jazz = window.workspaces[0]
    etude = tmp_path / "etude.mid"
    etude.write_bytes(midi_bytes(Piece("Etude", [Note(i, 1, 60 + i % 5, 90) for i in range(16)], [], bars=4)))
    jazz.import_paths([str(etude)])
    qtbot.waitUntil(lambda: not jazz.busy(), timeout=120_000)  # reading files asks nothing at Quit
    assert window.workspaces[0].work_in_progress() == [] == window.workspaces[1].work_in_progress()
    jazz.train({"preset": "full", "epochs": 300, "hidden": 8})
    asked = []
    monkeypatch.delenv("ENCORE_NO_PROMPTS")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or QMessageBox.Cancel)
    assert not window.close() and jazz.jobs.busy
    assert asked == ["Encore is still working on training. Quitting now cancels it. Quit anyway?"]
    monkeypatch.setenv("ENCORE_NO_PROMPTS", "1")
    said = []
    jazz.status.connect(said.append)
    jazz.jobs.runner.cancel()
    qtbot.waitUntil(lambda: not jazz.busy(), timeout=60_000)
    assert said == ["Train cancelled"]


def test_two_encores_at_once_keep_both_their_recent_files(window, tmp_path):
    """Each window kept its settings as read at start: the second one's file vanished from File > Recent when
    the first one opened another."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    mine, theirs, later = (tmp_path / f"{name}.encore-jazz" for name in ("mine", "theirs", "later"))
    for path in (mine, theirs, later):
        path.write_text("{}")
    window.recent.add(str(mine))
    other_encore = "\n".join(["from PySide6.QtCore import QSettings",
                              "from gui.app import make_application",
                              "from gui.recent import RecentFiles",
                              "app, settings = make_application(), QSettings()",
                              f"RecentFiles(settings, None, None).add({str(theirs)!r})"])
    subprocess.run([sys.executable, "-c", other_encore], cwd=ROOT, env=os.environ, check=True, timeout=120)
    window.recent.add(str(later))
    assert window.recent.paths()[:3] == [str(later), str(theirs), str(mine)]
