"""The README's pictures of the Setlists workspace: `python -m gui.setlists.screenshots [docs]`.

Builds real state on the demo band (a short training run, a generated show) and grabs the window.
"""

from __future__ import annotations

import os
import sys
import time


def _settle(app, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def _wait_for_job(app, page) -> None:
    while page.runner.running:
        _settle(app, 0.1)
    _settle(app)


def _grab(window, path: str) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from engine.files import write_bytes

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    window.grab().toImage().save(buffer, "PNG")
    write_bytes(path, bytes(data))


def make_screenshots(folder: str, epochs: int = 4) -> list[str]:
    from ..app import make_application
    from ..main_window import MainWindow

    app = make_application()
    window = MainWindow()
    window.resize(1400, 900)
    window.show_workspace("setlists")
    window.show()
    page = window.current
    page.ensure_history()
    page.training.settings()
    page.training.fields["epochs"].setValue(epochs)
    page.train(page.training.settings())
    _wait_for_job(app, page)
    page.generate()
    _wait_for_job(app, page)
    editor = page.next_show.editor
    editor.select(1, 2)
    editor.set_locked(True)
    editor.select(0, 3)
    _settle(app)
    os.makedirs(folder, exist_ok=True)
    paths = [os.path.join(folder, "setlists.png"), os.path.join(folder, "setlists_explorer.png")]
    _grab(window, paths[0])
    page.explore(page.setlist.sets[1].entries[0].song)
    _settle(app)
    _grab(window, paths[1])
    window.close()
    return paths


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["ENCORE_NO_PROMPTS"] = "1"
    from gui.app import scratch_home

    scratch_home()  # it trains a model, kept in the models folder: a folder of its own, not the user's
    for written in make_screenshots(sys.argv[1] if len(sys.argv) > 1 else "docs"):
        print(written)
