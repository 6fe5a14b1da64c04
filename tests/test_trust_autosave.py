"""Autosave: a jazz project edited and then SIGKILLed is offered for recovery on the next launch, last edit included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import killed_after_autosave

ROOT = Path(__file__).resolve().parents[1]

SESSION = """
import sys, time
from gui.app import make_application
from gui.main_window import MainWindow
from gui.jazz.page import JazzPage
from engine.jazz.piece import ChordSymbol, Note, Piece
app = make_application()
window = MainWindow()
window.show()
page = window.findChildren(JazzPage)[0]
page._generated(Piece("Kill Test", [Note(0, 1, 60)], [ChordSymbol(0, 4, "C7", (48, 52, 55, 58))], 1))
page.roll.add_note(67, 2.0, 1.0)  # the last edit before the crash
page.autosave.save_now()
print("autosaved", flush=True)
time.sleep(120)
"""

NEXT_LAUNCH = """
import json
from gui.app import make_application
from gui.main_window import MainWindow
from gui.jazz.page import JazzPage
app = make_application()
window = MainWindow()
page = window.findChildren(JazzPage)[0]
offered = not page.project.recovery_banner.isHidden()
page.project.recover()
pieces = page.history.pieces
print(json.dumps({"offered": offered, "titles": [p.title for p in pieces],
                  "notes": [[n.pitch, n.start] for p in pieces for n in p.notes]}))
"""


def test_a_killed_session_is_recovered_with_its_last_edit(tmp_path):
    env = killed_after_autosave(SESSION, tmp_path)
    after = subprocess.run([sys.executable, "-c", NEXT_LAUNCH], cwd=ROOT, env=env, capture_output=True, text=True,
                           timeout=180)
    assert after.returncode == 0, after.stderr[-2000:]
    found = json.loads(after.stdout.strip().splitlines()[-1])
    assert found["offered"], "no recovery offered after the crash"
    assert "Kill Test" in found["titles"]
    assert [67, 2.0] in found["notes"] and [60, 0.0] in found["notes"]


def test_app_data_lives_in_one_encore_folder_unless_an_earlier_version_nested_it(app, tmp_path, monkeypatch):
    """Models and autosave go to <data home>/Encore, not Encore/Encore (Qt's organisation + application);
    an existing Encore/Encore stays in use, since saved projects name their model folders by path."""
    from gui.jazz.project import app_data_folder

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "fresh"))
    assert app_data_folder("models") == tmp_path / "fresh" / "Encore" / "models"
    assert not (tmp_path / "fresh" / "Encore" / "Encore").exists()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "earlier"))
    (tmp_path / "earlier" / "Encore" / "Encore" / "models").mkdir(parents=True)
    assert app_data_folder("models") == tmp_path / "earlier" / "Encore" / "Encore" / "models"


def _window_in(data_home, monkeypatch):
    from gui.main_window import MainWindow

    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    window = MainWindow()
    return window, window.workspaces[0]


def test_recover_asks_before_replacing_this_sessions_work_and_sets_a_damaged_copy_aside(app, tmp_path, monkeypatch):
    """Recover replaced unsaved work without a word (its own autosave then held the crashed copy), and a copy
    that could not be read was offered again at every launch, hiding the older ones."""
    import gui.workspace
    from engine.files import write_json
    from engine.jazz.piece import Note, Piece
    from engine.jazz.project import project_data

    autosave = tmp_path / "data" / "Encore" / "autosave"
    autosave.mkdir(parents=True)
    older, damaged = autosave / "jazz-999998.encore-jazz", autosave / "jazz-999999.encore-jazz"
    write_json(older, project_data([Piece("Crashed solo", [Note(0, 1, 60)], [], bars=1)], 0, None, [], {}))
    damaged.write_text("{not json")
    os.utime(older, (1, 1))  # the damaged copy is the newest, the one offered first
    window, page = _window_in(tmp_path / "data", monkeypatch)
    page.history.add(Piece("Tonight's solo", [Note(0, 1, 62)], [], bars=1))
    page.project.touch()
    asked = []
    monkeypatch.setattr(gui.workspace, "confirm_discard", lambda *args, **kw: asked.append(args[2]) or False)
    page.project.recover()
    assert asked == ["Recover the autosaved work"] and [p.title for p in page.history.pieces] == ["Tonight's solo"]
    monkeypatch.setattr(gui.workspace, "confirm_discard", lambda *args, **kw: True)
    page.project.recover()  # the damaged one: set aside, and the older one offered
    assert (autosave / "jazz-999999.encore-jazz.damaged").exists() and not damaged.exists()
    assert not page.project.recovery_banner.isHidden() and page.autosave.recoverable() == older
    page.project.recover()
    assert [p.title for p in page.history.pieces] == ["Crashed solo"]
    window.close()


def test_the_window_opens_with_autosave_off_when_its_folder_cannot_be_made(app, tmp_path, monkeypatch):
    """A file where the autosave folder goes (or a read-only home) stopped the app at start with a traceback."""
    (tmp_path / "data" / "Encore").mkdir(parents=True)
    (tmp_path / "data" / "Encore" / "autosave").write_text("x")
    window, page = _window_in(tmp_path / "data", monkeypatch)
    messages = []
    page.status.connect(messages.append)
    app.processEvents()
    assert page.autosave.folder is None and page.autosave.recoverable() is None
    assert messages and messages[0].startswith("Autosave is off: ") and "cannot be made" in messages[0]
    page.autosave.save_now()  # nothing written anywhere, no error
    window.close()


def test_a_crashed_sessions_copy_is_offered_even_when_its_process_id_is_in_use_again(app, tmp_path, monkeypatch):
    """Named by the process id alone, a crashed session's copy was hidden while any process had that id, and deleted
    at this session's quit when the id was this session's own (after a reboot, or in a container, Encore gets the
    same id every time). A live session holds a lock beside its copy instead."""
    from gui.main_window import MainWindow

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    page = MainWindow().workspaces[0]
    folder, mine = page.autosave.folder, page.autosave.path
    crashed = folder / f"jazz-{os.getpid()}-0badc0de.encore-jazz"  # this process's id, another session's copy
    crashed.write_text(json.dumps({"format": "encore-jazz", "version": 2, "pieces": []}))
    (folder / f"jazz-{os.getpid()}-0badc0de.lock").touch()  # its lock, let go of when it was killed
    assert page.autosave.recoverable() == crashed
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, sys, time\nf = open(sys.argv[1], 'a')\n"
                               "fcntl.flock(f, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(60)",
                               str(folder / f"jazz-{os.getpid()}-0badc0de.lock")], stdout=subprocess.PIPE, text=True)
    try:  # a session still running holds it: not offered
        assert holder.stdout.readline().strip() == "held"
        assert page.autosave.recoverable() is None
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert page.autosave.recoverable() == crashed
    page.autosave.discard()  # this session's quit keeps the other's copy
    assert crashed.exists() and mine != crashed
    crashed.unlink()
    earlier = folder / f"jazz-{os.getpid()}.encore-jazz"  # an earlier version's name, by this process's id
    earlier.write_text(json.dumps({"format": "encore-jazz", "version": 2, "pieces": []}))
    assert page.autosave.recoverable() == earlier


def test_autosave_makes_its_folder_again_when_it_was_removed_while_encore_ran(app, tmp_path, monkeypatch):
    """Made only at start-up, the folder's removal stopped every later copy without a word."""
    import shutil

    from engine.jazz.piece import Note, Piece
    from gui.main_window import MainWindow

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    page = MainWindow().workspaces[0]
    page.history.add(Piece("Unsaved", [Note(0, 1, 60)], [], 1))
    page.project.touch()
    shutil.rmtree(page.autosave.folder)
    page.autosave.save_now()
    assert json.loads(page.autosave.path.read_text())["pieces"][0]["title"] == "Unsaved"
