"""The window opens whole on its screen: the first launch's 1400 x 900, or a size saved on a larger screen
that Qt would not restore, put the status bar and the transport below the edge of a 1366 x 768 laptop's."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QRect

from gui.main_window import DEFAULT_SIZE, fitted

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("screen", [QRect(0, 0, 1366, 768), QRect(0, 0, 1280, 720), QRect(0, 27, 1366, 741)])
def test_the_default_size_is_cut_to_a_small_screen(screen):
    fit = fitted(QRect(0, 0, *DEFAULT_SIZE), screen)
    assert screen.contains(fit)
    assert fit.width() >= screen.width() - 16 and fit.height() >= screen.height() - 40  # no smaller than need be


def test_a_window_that_fits_is_left_where_it_is():
    screen = QRect(0, 0, 2560, 1440)
    assert fitted(QRect(100, 50, 1400, 900), screen) == QRect(100, 50, 1400, 900)


def test_a_window_beyond_the_edge_is_moved_onto_the_screen():
    screen = QRect(1920, 0, 1280, 720)  # the second screen, to the right of the first
    fit = fitted(QRect(2400, 300, 2400, 1300), screen)
    assert screen.contains(fit)
    moved = fitted(QRect(3000, 600, 400, 300), screen)
    assert screen.contains(moved) and moved.size().toTuple() == (400, 300)  # moved, not shrunk


def test_the_first_window_fits_the_offscreen_screen(app, qtbot):
    """The offscreen screen is 800 x 800, less than the default 1400 x 900."""
    from PySide6.QtCore import QSettings

    from gui.main_window import MainWindow

    QSettings().remove("geometry")  # a first launch: another test's window may have left its own
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    available = window.screen().availableGeometry()
    assert available.contains(window.frameGeometry()), (window.frameGeometry(), available)


CHILD = textwrap.dedent("""
    import sys, time
    from gui.app import make_application
    from gui.main_window import MainWindow
    app = make_application()
    window = MainWindow()
    if sys.argv[1] == "save":
        window.show()
        window.setGeometry(100, 100, 2400, 1300)
        for _ in range(10):
            app.processEvents()
            time.sleep(0.01)
        window.close()
    else:
        window.show()
        app.processEvents()
        print(*window.frameGeometry().getRect(), *window.screen().availableGeometry().getRect())
""")


def _screen_config(tmp_path, width: int, height: int) -> str:
    path = tmp_path / f"screen{width}.json"
    path.write_text('{"synchronousWindowSystemEvents": false, "windowFrameMargins": false, "screens": [{"name": '
                    f'"s{width}", "x": 0, "y": 0, "width": {width}, "height": {height}, "logicalDpi": 96, '
                    '"logicalBaseDpi": 96, "dpr": 1}]}')
    return str(path)


def _launch(tmp_path, step: str, width: int, height: int) -> str:
    env = {"QT_QPA_PLATFORM": f"offscreen:configfile={_screen_config(tmp_path, width, height)}",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", CHILD, step], capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, **env), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_size_saved_on_a_large_screen_fits_a_small_one(tmp_path):
    _launch(tmp_path, "save", 2560, 1440)
    x, y, w, h, *available = map(int, _launch(tmp_path, "show", 1280, 720).split())
    assert QRect(*available).contains(QRect(x, y, w, h)), ((x, y, w, h), available)
