"""`python -m gui.jazz.screenshot [OUT_DIR]`: the Jazz workspace with a freshly generated solo, as PNGs.

Builds the state a user would (default corpus, a short training run, a 16-bar solo over a typed
progression) and grabs the window: OUT_DIR/jazz.png (piano roll) and OUT_DIR/jazz-training.png.
"""

from __future__ import annotations

import os
import sys
import time


def wait_idle(app, page, timeout: float = 600) -> None:
    began = time.monotonic()
    app.processEvents()  # queued starts (e.g. the corpus read after show) begin here
    while (page.jobs.busy or page.jobs.waiting) and time.monotonic() - began < timeout:
        app.processEvents()
        time.sleep(0.005)
    for _ in range(10):
        app.processEvents()
        time.sleep(0.01)


def build(app, window):
    page = window.workspaces[0]
    window.show_workspace("jazz")
    window.resize(1400, 900)
    window.show()
    wait_idle(app, page)  # the default corpus is read once the window shows
    page.training.preset.setCurrentText("full")
    page.training.epochs.setValue(12)
    page.training.train_button.click()
    wait_idle(app, page)
    if page.model is None:
        print(f"training failed: {window.statusBar().currentMessage()}", file=sys.stderr)
    page.generation.bars.setValue(16)
    page.generation.seed.setValue(2024)
    page.generation.chords.setText("Dm7 G7 | Cmaj7 | Em7 A7 | Dm7 G7 | Cmaj7 A7 | Dm7 | G7 | Cmaj7")
    page.generation.generate_button.click()
    wait_idle(app, page)
    return page


def save(window, path: str) -> None:
    from gui.app import save_screenshot

    save_screenshot(window, path, "jazz")


def main(out_dir: str = "docs") -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["ENCORE_NO_PROMPTS"] = "1"
    from gui.app import make_application, scratch_home
    from gui.main_window import MainWindow

    scratch_home()  # it trains a model: into a folder of its own, not the user's models

    app = make_application()
    window = MainWindow()
    page = build(app, window)
    if page.roll.piece is None:
        print(f"no piece was generated: {window.statusBar().currentMessage()}", file=sys.stderr)
        return 2
    page.roll.select([n for n in page.roll.piece.notes if 16 <= n.start < 20])
    page.roll.set_playhead(9.5)
    page.side.setCurrentIndex(2)
    wait_idle(app, page)
    save(window, os.path.join(out_dir, "jazz.png"))
    page.side.setCurrentIndex(1)
    wait_idle(app, page)
    save(window, os.path.join(out_dir, "jazz-training.png"))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
