"""Autosave of a page's unsaved work, and the app's data folder it is kept in (with the models)."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: a copy's session is told by its process id
    fcntl = None

import shiboken6
from PySide6.QtCore import QObject, QStandardPaths, QTimer

from engine.errors import FileProblem
from engine.files import write_json

from .app import APP

AUTOSAVE_MS = 30_000


def app_data_folder(*parts: str) -> Path:
    """~/.local/share/Encore/PARTS (or the platform's equivalent). Qt's AppDataLocation would name the
    organisation too, also Encore: Encore/Encore. Where an earlier version made that folder, it stays in use:
    projects saved then name their model folders by path."""
    root = Path(QStandardPaths.writableLocation(QStandardPaths.GenericDataLocation)) / APP
    if (root / APP).is_dir():
        root = root / APP
    folder = root.joinpath(*parts)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:  # a read-only home, or a file where the folder goes: the caller says what is lost
        raise FileProblem(f"cannot be made ({e.strerror or e})", folder) from None
    return folder


class Autosave(QObject):
    """Every 30 s, while the page has unsaved changes, its project is copied to the app's data folder.

    The Jazz page's project as it stands; a page with other work names its copies (``kind``, ``suffix``) and
    says what they hold (``contents``), as the Setlists page's show does (gui/setlists/autosave.py).

    A clean save or a normal quit deletes the copy, and so does the page turning clean without one (Undo back
    to the saved state, a project opened): a copy left then would bring the undone edit back as a recovery, to
    be saved over the good project. Finding one at start-up means a session ended without any of these, so the
    page offers to recover it. Each running Encore keeps its own copy, named by its process and
    a random word, and holds a lock beside it that the system lets go of when the process ends, however it ends:
    a second window neither deletes the first one's copy at its quit nor offers it while the first runs. (By the
    process id alone, a crashed session's copy was hidden, and deleted at the next quit, once its id was in use
    again: after a reboot, or in a container, where Encore gets the same id every time.)
    """

    kind, suffix = "jazz", ".encore-jazz"  # the copies are KIND-PROCESS-WORD.SUFFIX

    def __init__(self, page, parent=None):
        super().__init__(parent)
        self.page = page
        self._lock = None  # the open lock file beside this session's copy
        self._told = False  # that autosave failed: said once, until it works again
        self.finished = False  # the window quit normally: nothing more is written
        try:
            self.folder: Path | None = app_data_folder("autosave")
        except FileProblem as e:  # the window still opens: only the safety copy is lost, and the user is told
            self.folder, message = None, f"Autosave is off: {e}"
            QTimer.singleShot(0, lambda: page.status.emit(message))
        self.path = self.folder / f"{self.kind}-{os.getpid()}-{secrets.token_hex(4)}{self.suffix}" \
            if self.folder else None
        self.timer = QTimer(self, interval=AUTOSAVE_MS)
        self.timer.timeout.connect(self.save_now)
        page.undo_stack.cleanChanged.connect(self._clean_changed)  # also sent for changes outside the stack
        if self.folder is not None:
            self.timer.start()

    def _clean_changed(self, clean: bool) -> None:
        """At once, not at the next tick: a crash may come first. Not for the stack's own end, its window deleted
        without a quit (it says clean then, half gone): that is no Undo."""
        if clean and shiboken6.isValid(self.page.undo_stack) and not self.page.has_unsaved_changes():
            self.discard()

    def save_now(self) -> None:
        if self.finished:
            return
        if not self.page.has_unsaved_changes():  # nothing to keep, and an older copy would be stale
            self.discard()
        elif self.folder is not None:
            try:
                self._hold_lock()
                write_json(self.path, self.contents())
                self._told = False
            except (FileProblem, OSError) as e:  # no dialog: the next tick tries again, but the user is told once
                if not self._told:
                    self._told = True
                    self.page.status.emit(f"Autosave failed ({getattr(e, 'strerror', None) or e}); it tries "
                                          "again every 30 s: save your work")

    def contents(self) -> dict:
        # where the work was saved before, so that Ctrl+S after a recovery saves it there again
        return {**self.page.project_data(), "saved_as": self.page.project.path}

    def _hold_lock(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)  # removed while Encore ran: made again
        if fcntl is None or self._lock is not None and _lock_of(self.path).exists():
            return
        if self._lock is not None:
            self._lock.close()
        lock = open(_lock_of(self.path), "a")  # noqa: SIM115 - held open for the whole session
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._lock = lock

    def recoverable(self) -> Path | None:
        """The newest copy left by a session that is no longer running."""
        if self.folder is None:
            return None
        left = [(when, p) for p in self.folder.glob(f"{self.kind}*{self.suffix}")
                if p != self.path and not _running(p) and (when := _saved_at(p)) is not None]
        return max(left, default=(0, None))[1]

    def adopt(self, path: Path) -> None:
        """A recovered copy becomes this session's own: kept until this one saves or quits, not offered again."""
        if self.folder is None:
            return
        try:
            self._hold_lock()
            os.replace(path, self.path)
            _lock_of(path).unlink(missing_ok=True)
        except OSError:
            pass  # the next tick writes this session's copy anyway

    def remove(self, path: Path) -> None:
        """Another session's copy, which the user discarded, and its lock."""
        path.unlink(missing_ok=True)
        _lock_of(path).unlink(missing_ok=True)

    def set_aside(self, path: Path) -> Path | None:
        """A copy that cannot be read, renamed out of the offers (kept for whoever wants to look at it)."""
        aside = path.with_name(path.name + ".damaged")
        try:
            os.replace(path, aside)
        except OSError:
            return None
        _lock_of(path).unlink(missing_ok=True)
        return aside

    def finish(self) -> None:
        """A normal quit: the copy deleted, and no timer writes it back while the window closes (a quit waiting
        for a job to stop left time for a tick, and the next start offered the discarded edits as a crash's)."""
        self.timer.stop()
        self.discard()
        self.finished = True

    def discard(self) -> None:
        if self.folder is not None:
            self.path.unlink(missing_ok=True)
            if self._lock is not None:
                _lock_of(self.path).unlink(missing_ok=True)
                self._lock.close()
                self._lock = None


def _saved_at(copy: Path) -> float | None:
    """When a copy was written; None for one gone meanwhile (another Encore recovered or discarded it) or that
    cannot be looked at (a link to nothing): not offered, where it had stopped Encore from starting."""
    try:
        return copy.stat().st_mtime
    except OSError:
        return None


def _lock_of(copy: Path) -> Path:
    return copy.with_suffix(".lock")  # jazz-PROCESS-WORD.lock


def _running(copy: Path) -> bool:
    """Whether the Encore that wrote ``copy`` still runs: it holds the lock beside it. A copy without one is an
    earlier version's, named by its process alone (or a copy from a system without such locks)."""
    lock = _lock_of(copy)
    if fcntl is not None and lock.exists():
        try:
            with open(lock, "a") as held:
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # let go of when closed
        except OSError:  # held (BlockingIOError), or another user's: running, as a live process of theirs is
            return True
        return False
    found = re.fullmatch(r"[a-z]+-(\d+)(-[0-9a-f]+)?\.encore-[a-z]+", copy.name)
    if not found or int(found[1]) == os.getpid():  # this session's own copy has a name of its own
        return False
    try:
        os.kill(int(found[1]), 0)
    except PermissionError:  # a process of another user's: running
        return True
    except (ProcessLookupError, OverflowError):
        return False
    return True
