"""How long the window's event loop stalls while the Jazz page trains and generates on its worker thread.

A 10 ms QTimer records how late each tick fires; the longest lateness is the longest moment the window
could not repaint or react. Training runs the course preset on the default corpus, as a user would.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

TICK_MS = 10
METHENY = Path(__file__).resolve().parents[2] / "shared" / "data" / "original_metheny.mid"
EPOCHS = 60


class StallMeter:
    def __init__(self):
        from PySide6.QtCore import QTimer

        self.lateness: list[float] = []
        self.timer = QTimer(interval=TICK_MS)
        self.timer.timeout.connect(self._tick)
        self._last = None

    def start(self) -> None:
        self.lateness, self._last = [], time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self._tick()  # a stall at the very end of the work ends the wait before the timer could fire again
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.lateness.append(max(0.0, now - self._last - TICK_MS / 1000))
        self._last = now

    def worst_ms(self) -> float:
        return 1000 * max(self.lateness, default=0.0)

    def p99_ms(self) -> float:
        ordered = sorted(self.lateness)
        return 1000 * ordered[int(0.99 * (len(ordered) - 1))] if ordered else 0.0


def wait_idle(app, page, timeout: float) -> float:
    began = time.perf_counter()
    while (page.jobs.busy or page.jobs.waiting) and time.perf_counter() - began < timeout:
        app.processEvents()
        time.sleep(0.001)
    return time.perf_counter() - began


_HOMES: list = []  # settings and autosaves of the run, removed when the process exits


def measure(app, page, start, timeout: float = 300) -> tuple[StallMeter, float]:
    meter = StallMeter()
    meter.start()
    start()
    seconds = wait_idle(app, page, timeout)
    meter.stop()
    return meter, seconds


LONG_SOLO_BARS = 2000  # a 40-bar chart played 50 choruses: the longest solo a project keeps


def long_solo_repaint(app) -> list[tuple[str, str]]:
    """How long the piano roll and its velocity lane take to repaint, scrolled to the middle of a 2,000-bar solo
    of 16,000 notes: the time a drag or a scroll waits for each picture."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from engine.jazz.piece import ChordSymbol, Note, Piece
    from gui.jazz.piano_roll import PianoRoll
    from gui.jazz.velocity_lane import VelocityLane

    notes = [Note(bar * 4 + i * 0.5, 0.5, 60 + (bar + i) % 12, 40 + (bar * 7 + i) % 80)
             for bar in range(LONG_SOLO_BARS) for i in range(8)]
    chords = [ChordSymbol(bar * 4.0, 4.0, "Dm7") for bar in range(LONG_SOLO_BARS)]
    box = QWidget()
    column = QVBoxLayout(box)
    roll = PianoRoll(parent=box)
    lane = VelocityLane(roll, box)
    column.addWidget(roll, 1)
    column.addWidget(lane)
    box.resize(1300, 700)
    box.show()
    app.processEvents()
    roll.set_piece(Piece("Fifty choruses", notes, chords, bars=LONG_SOLO_BARS))
    roll.horizontalScrollBar().setValue(roll.horizontalScrollBar().maximum() // 2)
    app.processEvents()
    figures = [_median_ms(roll.viewport().repaint), _median_ms(lane.repaint)]
    box.close()
    box.deleteLater()
    return [(f"repainting the piano roll amid a {LONG_SOLO_BARS:,}-bar solo ({len(notes):,} notes)",
             f"{figures[0]:.1f} ms"),
            ("repainting its velocity lane", f"{figures[1]:.1f} ms")]


def _median_ms(paint, times: int = 15) -> float:
    taken = []
    for _ in range(times):
        began = time.perf_counter()
        paint()
        taken.append(1000 * (time.perf_counter() - began))
    return sorted(taken)[times // 2]


def run() -> list[tuple[str, str]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["ENCORE_NO_PROMPTS"] = "1"
    _HOMES[:] = [tempfile.TemporaryDirectory(prefix="encore-bench-", ignore_cleanup_errors=True) for _ in range(2)]
    os.environ["XDG_DATA_HOME"], os.environ["XDG_CONFIG_HOME"] = (home.name for home in _HOMES)
    from gui.app import make_application
    from gui.main_window import MainWindow

    app = make_application()
    window = MainWindow()
    window.show()
    page = window.workspaces[0]
    repaint = long_solo_repaint(app)
    loading, load_s = measure(app, page, page.load_default_corpus)
    if METHENY.exists():  # the reference solo when the shared data is here; the course preset reads it the course's way
        from gui.jazz.tasks import CorpusFile

        page.import_entries([CorpusFile(str(METHENY))])
        wait_idle(app, page, 300)
    if not page.corpus.sources():
        return repaint + [("GUI stall bench", "no corpus to train on: " + window.statusBar().currentMessage())]
    settings = dict(page.training.settings(), preset="course", epochs=EPOCHS)
    train, train_s = measure(app, page, lambda: page.train(settings))
    if page.model is None:
        return repaint + [("GUI stall bench", "training failed: " + window.statusBar().currentMessage())]
    options = dict(page.generation.options(), bars=32)
    generate, gen_s = measure(app, page, lambda: page.generate(options))
    window.close()
    return [
        (f"reading the default corpus + torch warm-up ({load_s:.1f} s): longest event-loop stall",
         f"{loading.worst_ms():.0f} ms"),
        (f"training {EPOCHS} epochs in the window ({train_s:.1f} s): longest event-loop stall",
         f"{train.worst_ms():.0f} ms"),
        ("training: 99th-percentile timer lateness", f"{train.p99_ms():.0f} ms"),
        (f"generating 32 bars ({gen_s:.2f} s): longest event-loop stall", f"{generate.worst_ms():.0f} ms"),
        *repaint,
    ]


if __name__ == "__main__":
    for label, figure in run():
        print(f"{label}: {figure}")
    sys.exit(0)
