"""Time from process start to the main window shown (offscreen), median of several launches."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def launch_once() -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ENCORE_EXIT_WHEN_SHOWN="1", QT_LOGGING_RULES="qt.*=false")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py")], stdout=subprocess.PIPE, text=True, env=env)
    for line in proc.stdout:
        if line.strip() == "window-shown":
            elapsed = time.perf_counter() - start
            proc.wait(30)
            return elapsed
    raise RuntimeError("the window never reported being shown")


def heavy_modules_at_start() -> str:
    code = ("import sys, os; os.environ['QT_QPA_PLATFORM']='offscreen'; sys.argv=['main.py'];"
            "from gui.app import make_application; from gui.main_window import MainWindow;"
            "app = make_application(); w = MainWindow();"
            "print(','.join(m for m in ('torch','music21','gensim') if m in sys.modules) or 'none')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return out.stdout.strip() or out.stderr.strip().splitlines()[-1]


def run(repeats: int = 5) -> list[tuple[str, str]]:
    times = [launch_once() for _ in range(repeats)]
    return [("start-up to window shown (median of %d)" % repeats, f"{statistics.median(times) * 1000:.0f} ms"),
            ("heavy libraries imported before the window", heavy_modules_at_start())]


if __name__ == "__main__":
    for label, figure in run():
        print(f"{label}: {figure}")
