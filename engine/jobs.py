"""The job protocol every long task uses.

An engine function takes a ``Job``: it calls ``job.report(step, total, message, partial)`` as it goes and
``job.check()`` where stopping is safe; ``check`` raises ``Cancelled`` once cancellation was asked for.
The GUI passes a job whose reports become Qt signals; the command line passes a ``ConsoleJob``.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable


class Cancelled(Exception):
    """Raised inside a job when the user cancelled it."""


@dataclass
class Progress:
    step: int
    total: int
    message: str = ""
    partial: Any = None
    elapsed: float = 0.0

    @property
    def fraction(self) -> float:
        return min(1.0, self.step / self.total) if self.total else 0.0

    @property
    def seconds_left(self) -> float | None:
        if not self.step or not self.total:
            return None
        return self.elapsed / self.step * max(0, self.total - self.step)


@dataclass
class Job:
    """Progress and cancellation for one long task. Thread-safe: cancel() may come from any thread."""

    on_progress: Callable[[Progress], None] | None = None
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)
    _start: float = field(default_factory=time.monotonic, repr=False)
    history: list = field(default_factory=list, repr=False)

    def report(self, step: int, total: int, message: str = "", partial: Any = None) -> None:
        progress = Progress(step, total, message, partial, time.monotonic() - self._start)
        if partial is not None:
            self.history.append(partial)
        if self.on_progress:
            self.on_progress(progress)
        self.check()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()


def _format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    seconds = int(round(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class ConsoleJob(Job):
    """A job that draws a progress bar on stderr (plain lines when stderr is not a terminal)."""

    def __init__(self, label: str = "", stream=None, quiet: bool = False):
        super().__init__(on_progress=self._draw)
        self.label = label
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self._tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last_line = 0.0

    def _draw(self, p: Progress) -> None:
        if self.quiet:
            return
        width = 30
        filled = int(width * p.fraction)
        line = (f"{self.label} [{'#' * filled}{'.' * (width - filled)}] {p.step}/{p.total} "
                f"{p.message} (left {_format_seconds(p.seconds_left)})")
        if self._tty:
            self.stream.write("\r" + line[:150].ljust(150))
            if p.step >= p.total:
                self.stream.write("\n")
        elif p.step >= p.total or time.monotonic() - self._last_line > 2.0:
            self.stream.write(line + "\n")
            self._last_line = time.monotonic()
        self.stream.flush()
