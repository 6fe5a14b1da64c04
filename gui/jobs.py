"""Running engine jobs off the GUI thread, with a progress bar, time left and a Cancel button."""

from __future__ import annotations

import itertools
import threading

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from engine.jobs import Cancelled, Job, Progress, _format_seconds

from .key_table import bindings

KEYS = ((("Esc",), "Cancel the running job (of two, the newer): training, importing, generating, exporting "
         "(Esc in the piano roll first clears its selection)",
         lambda panel, i: panel.esc_target().cancel()),)  # a key table

_STARTS = itertools.count()  # which job's bar appeared last, across every panel
ESC_TIP, OTHER_TIP = "Stop this job (Esc)", "Stop this job (Esc stops the newer job first)"


class JobRunner(QObject):
    """Runs `fn(*args, job=job, **kwargs)` on a worker thread; its reports arrive as signals on the GUI thread."""

    progressed = Signal(object)  # Progress
    finished = Signal(object)  # the function's result
    failed = Signal(str)  # one line for the user
    cancelled = Signal()
    running_changed = Signal(bool)
    _ended = Signal(str, object)  # the worker's last act: (which outcome signal, its arguments)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.job: Job | None = None
        self._thread: threading.Thread | None = None
        self._busy = False
        self._ended.connect(self._end)

    @property
    def running(self) -> bool:
        """From start() until the job's end reaches the GUI thread, so whoever hears `finished` finds it False."""
        return self._busy

    def start(self, fn, *args, **kwargs) -> None:
        if self._busy:
            raise RuntimeError("a job is already running")
        self.wait(5)  # the previous worker is past its last signal; let its thread end
        self.job = Job(on_progress=self.progressed.emit)
        self._thread = threading.Thread(target=self._work, args=(fn, args, kwargs, self.job), daemon=True)
        self._busy = True
        self.running_changed.emit(True)
        self._thread.start()

    def _work(self, fn, args, kwargs, job: Job) -> None:
        # Signals emitted here are queued to the runner's (GUI) thread.
        outcome = ("failed", ("the job stopped unexpectedly",))  # what is left if something skips the handlers
        try:
            outcome = ("finished", (fn(*args, job=job, **kwargs),))
        except Cancelled:
            outcome = ("cancelled", ())
        except Exception as e:  # noqa: BLE001 - shown to the user as one line, never a crash
            outcome = ("failed", (str(e) or type(e).__name__,))
        finally:
            self._ended.emit(*outcome)

    @Slot(str, object)
    def _end(self, outcome: str, args: tuple) -> None:
        # Idle first, then the outcome: buttons are enabled again and a follow-on job may start at once
        # (both arrived separately from the worker before, and a quick click could land in between).
        self._busy = False
        self.running_changed.emit(False)
        getattr(self, outcome).emit(*args)

    def cancel(self) -> None:
        if self.job:
            self.job.cancel()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread:
            self._thread.join(timeout)

    def stop(self, timeout: float = 5) -> None:
        """Cancel, then let the worker end (or give up after `timeout` s): a page closing calls this, so that no
        worker signal arrives while its widgets are being deleted."""
        self.cancel()
        self.wait(timeout)


class ProgressPanel(QWidget):
    """A progress bar with the job's message, the time left, and Cancel; hidden while idle."""

    def __init__(self, runner: JobRunner, parent=None, cancel=None):
        """``cancel``: what Cancel and Esc do, where a queue decides which job they stop (the runner's own job
        by default)."""
        super().__init__(parent)
        self.runner = runner
        self.cancel = cancel or runner.cancel
        self.bar = QProgressBar()
        self.label = QLabel()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip(ESC_TIP)
        self.started = -1  # when its job started, in _STARTS
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 2)
        layout.addWidget(self.label, 3)
        layout.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(lambda: self.cancel())
        # Window-wide, but only while this panel shows (a hidden widget's shortcut is off); the piano roll claims
        # Esc first (ShortcutOverride) while it has notes selected, to clear them and leave the job running
        for keys, i, act in bindings(KEYS):
            shortcut = QShortcut(keys, self, lambda act=act, i=i: act(self, i), context=Qt.WindowShortcut)
            # two panels shown at once (a history read while a model trains) make Esc ambiguous: Qt then hands
            # the press to one of them in its own order, and esc_target picks the job the user can foresee
            shortcut.activatedAmbiguously.connect(shortcut.activated)
        runner.progressed.connect(self.show_progress)
        runner.running_changed.connect(self._running)
        self.setVisible(False)

    def shown_panels(self) -> list[ProgressPanel]:
        """The panels whose Esc is live with this one's: shown in the same window, oldest job first."""
        window = self.window()
        panels = [self] if window is self else window.findChildren(ProgressPanel)
        return sorted((p for p in panels if p.isVisible()), key=lambda p: p.started)

    def esc_target(self) -> ProgressPanel:
        """The panel Esc stops: the newest job whose bar shows, whichever shortcut Qt handed the press to."""
        return (self.shown_panels() or [self])[-1]

    def _running(self, running: bool) -> None:
        if running:
            self.started = next(_STARTS)
            self.bar.setRange(0, 0)  # busy until the first report
            self.label.setText("Starting…")
        self.setVisible(running)
        self.cancel_button.setEnabled(running)

    def _say_which_esc_stops(self) -> None:
        shown = self.shown_panels()
        for panel in shown:
            panel.cancel_button.setToolTip(ESC_TIP if panel is shown[-1] else OTHER_TIP)

    # Bars show and hide as jobs start and end and as pages switch; each time, the tooltips follow Esc.
    def showEvent(self, event):  # noqa: N802 - Qt override
        super().showEvent(event)
        self._say_which_esc_stops()

    def hideEvent(self, event):  # noqa: N802 - Qt override
        super().hideEvent(event)
        self._say_which_esc_stops()

    def show_progress(self, p: Progress) -> None:
        self.bar.setRange(0, max(1, p.total))
        self.bar.setValue(p.step)
        self.label.setText(f"{p.message}  ·  {_format_seconds(p.seconds_left)} left")
