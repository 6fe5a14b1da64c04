"""One job at a time on the page's JobRunner, the rest waiting their turn (e.g. an import during training)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from ..jobs import JobRunner

OWN = {"warm-up"}  # Encore's own jobs, which run to their end whatever Cancel says


@dataclass
class QueuedJob:
    label: str  # "import", "train", "model", "generate", "regenerate", "export"
    fn: Callable
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    done: Callable | None = None


class JobQueue(QObject):
    failed = Signal(str, str)  # label, one line for the user
    cancelled = Signal(str)
    partial = Signal(str, object)  # label, the job's partial result (e.g. one epoch of training)
    busy_changed = Signal(bool)
    queued = Signal(str, str)  # the label of a job that waits its turn, the label of the one running

    def __init__(self, parent=None):
        super().__init__(parent)
        # No parent: a worker still running when the page closes keeps its runner alive until it ends,
        # and its last signals find no receiver instead of a deleted object.
        self.runner = JobRunner()
        self.waiting: list[QueuedJob] = []
        self.current: QueuedJob | None = None
        self.ended: QueuedJob | None = None  # the last job that failed or was cancelled
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.runner.cancelled.connect(self._cancelled)
        self.runner.progressed.connect(self._progressed)

    @property
    def busy(self) -> bool:
        return self.current is not None

    def run(self, label: str, fn: Callable, *args, done: Callable | None = None, **kwargs) -> None:
        job = QueuedJob(label, fn, args, kwargs, done)
        self.waiting.append(job)
        self._next()
        # said, or an import clicked during a long training seemed to do nothing
        if self.current is not None and any(j is job for j in self.waiting):
            self.queued.emit(label, self.current.label)

    def _next(self) -> None:
        if self.current is not None or not self.waiting:
            return
        self.current = self.waiting.pop(0)
        self.busy_changed.emit(True)
        self.runner.start(self.current.fn, *self.current.args, **self.current.kwargs)

    def _finished(self, result) -> None:
        job, self.current = self.current, None
        try:
            if job and job.done:
                job.done(result)
        finally:
            self._after()

    def _failed(self, message: str) -> None:
        self._ended(self.failed, message)

    def _cancelled(self) -> None:
        self._ended(self.cancelled)

    def _ended(self, signal, *message) -> None:
        job, self.current = self.current, None
        self.ended = job  # whoever hears it may look at what the job was given
        signal.emit(job.label if job else "", *message)
        self._after()

    def _after(self) -> None:
        self.busy_changed.emit(bool(self.waiting))
        QTimer.singleShot(0, self._next)

    def _progressed(self, progress) -> None:
        if self.current is not None and progress.partial is not None:
            self.partial.emit(self.current.label, progress.partial)

    def cancel(self) -> None:
        """Cancel the running job, or behind Encore's own the newest job waiting: Esc pressed after Train during
        the start-up's warm-up stopped nothing, and the training the user meant to stop began."""
        if self.current is None or self.current.label not in OWN or not self.waiting:
            self.runner.cancel()
            return
        self.ended = self.waiting.pop()
        self.cancelled.emit(self.ended.label)
        self.busy_changed.emit(True)  # the warm-up still runs

    def stop(self) -> None:
        self.waiting.clear()
        self.runner.stop()
