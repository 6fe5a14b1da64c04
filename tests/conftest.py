"""Shared test set-up: headless Qt, isolated settings, and the optional shared data folder."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
os.environ["ENCORE_NO_PROMPTS"] = "1"  # no modal "unsaved changes" questions in tests
_PULSE_COOKIE = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "pulse" / "cookie"
if _PULSE_COOKIE.exists():  # moving the config home below would hide it: a desktop sound server refuses us
    os.environ.setdefault("PULSE_COOKIE", str(_PULSE_COOKIE))
# QSettings and autosaves away from ~, removed when the run ends
_HOMES = [tempfile.TemporaryDirectory(prefix=f"encore-test-{kind}-", ignore_cleanup_errors=True)
          for kind in ("config", "data")]
os.environ["XDG_CONFIG_HOME"], os.environ["XDG_DATA_HOME"] = (home.name for home in _HOMES)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"
SHARED_REFERENCE = SHARED / "reference"


def shared_file(*parts: str) -> Path:
    """A file from ../shared, or skip the test with the reason."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared data folder is only beside the developers' checkout)")
    return path


@pytest.fixture
def metheny_midi() -> Path:
    return shared_file("data", "original_metheny.mid")


@pytest.fixture
def phish_csv() -> Path:
    return shared_file("data", "phish_setlists.csv")


@pytest.fixture
def course_corpus() -> Path:
    return shared_file("reference", "metheny_course_corpus.json")


def fill_the_disk_for_weights(monkeypatch) -> None:
    """Writing a model's weights file fails as on a full disk (the rest of the model folder is written)."""
    import errno

    from engine import checkpoint

    real = Path.write_bytes

    def full(self, data):
        if self.name == checkpoint.WEIGHTS:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)


def killed_after_autosave(session: str, tmp_path) -> dict:
    """Run a window ``session`` (Python source that prints 'autosaved' once its work is autosaved) in a
    subprocess with its own settings folders, then kill it outright, as a crash would; returns its environment,
    for the next launch to find what it left."""
    import signal
    import subprocess

    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", session], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "autosaved"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        proc.stdout.close()
    return env


def run_encore(*args: str, timeout: float = 600, env: dict | None = None, cwd=None):
    """Run `python main.py ARGS` in a subprocess; returns the CompletedProcess (text mode)."""
    import subprocess

    full_env = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=timeout, env=full_env, cwd=cwd or ROOT)


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread():
    """Once the app exists, cycles are collected by its GUI-thread timer (gui/collector.py); tests that never
    spin the event loop would let garbage pile up, so every test ends with a collection here."""
    yield
    import gc

    if not gc.isenabled():
        gc.collect()


@pytest.fixture
def app():
    from gui.app import make_application

    return make_application()


def barn_show():
    """The setlist editor tests' show: a segue into a locked encore, odds and alternatives on its opener."""
    from engine.setlists.setlist import Entry, Set, Setlist

    return Setlist("2026-07-04", "The Barn", [
        Set("Set 1", [Entry("Tweezer", ">", 0.4, [("Sand", 0.2), ("Piper", 0.1)]), Entry("Sand"),
                      Entry("Fee", "->")]),
        Set("Set 2", [Entry("Ghost"), Entry("Harry Hood")]),
        Set("Encore", [Entry("Loving Cup", locked=True)])])


@pytest.fixture
def editor(app, qtbot):
    """A setlist editor of barn_show(), with its own undo stack (a test file may define its own)."""
    from PySide6.QtGui import QUndoStack

    from gui.setlists.editor import SetlistEditor

    widget = SetlistEditor(barn_show(), QUndoStack())
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def window(app, qtbot):
    from gui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    return w


def jazz_page_showing(window, qtbot, piece):
    """The Jazz page shown with ``piece`` in its history and in the roll, the window at the size the roll's
    tests place their clicks in."""
    window.show_workspace("jazz")
    page = window.workspaces[0]
    page.history.add(piece)
    window.resize(1300, 800)
    window.show()
    qtbot.waitExposed(window)
    return page


@pytest.fixture
def page(window):
    """The Setlists page, shown, with its history loaded (a test file may define its own ``page``)."""
    page = window.workspaces[1]
    window.show_workspace("setlists")
    page.ensure_history()
    return page
