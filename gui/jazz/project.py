"""Autosave of the `.encore-jazz` project (the format itself is engine.jazz.project)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from engine.errors import FileProblem
from engine.files import write_json

from ..app import APP

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

    A clean save or a normal quit deletes the copy; finding one at start-up means a session ended without
    either, so the page offers to recover it. Each running Encore keeps its own copy, named by its process:
    a second window neither deletes the first one's copy at its quit nor offers it while the first runs.
    """

    def __init__(self, page, parent=None):
        super().__init__(parent)
        self.page = page
        try:
            self.folder: Path | None = app_data_folder("autosave")
        except FileProblem as e:  # the window still opens: only the safety copy is lost, and the user is told
            self.folder, message = None, f"Autosave is off: {e}"
            QTimer.singleShot(0, lambda: page.status.emit(message))
        self.path = self.folder / f"jazz-{os.getpid()}.encore-jazz" if self.folder else None
        self.timer = QTimer(self, interval=AUTOSAVE_MS)
        self.timer.timeout.connect(self.save_now)
        if self.folder is not None:
            self.timer.start()

    def save_now(self) -> None:
        if self.folder is not None and self.page.has_unsaved_changes():
            try:
                # where the work was saved before, so that Ctrl+S after a recovery saves it there again
                write_json(self.path, {**self.page.project_data(), "saved_as": self.page.project.path})
            except (FileProblem, OSError):
                pass  # autosave must never interrupt the user; the next tick tries again

    def recoverable(self) -> Path | None:
        """The newest copy left by a session that is no longer running."""
        if self.folder is None:
            return None
        left = [p for p in self.folder.glob("jazz*.encore-jazz") if p != self.path and not _running(p)]
        return max(left, key=lambda p: p.stat().st_mtime, default=None)

    def adopt(self, path: Path) -> None:
        """A recovered copy becomes this session's own: kept until this one saves or quits, not offered again."""
        if self.folder is None:
            return
        try:
            os.replace(path, self.path)
        except OSError:
            pass  # the next tick writes this session's copy anyway

    def set_aside(self, path: Path) -> Path | None:
        """A copy that cannot be read, renamed out of the offers (kept for whoever wants to look at it)."""
        aside = path.with_name(path.name + ".damaged")
        try:
            os.replace(path, aside)
        except OSError:
            return None
        return aside

    def discard(self) -> None:
        if self.folder is not None:
            self.path.unlink(missing_ok=True)


def _running(copy: Path) -> bool:
    """Whether the Encore that wrote ``copy`` still runs (a copy named by no process is an earlier version's)."""
    found = re.fullmatch(r"jazz-(\d+)\.encore-jazz", copy.name)
    if not found:
        return False
    try:
        os.kill(int(found[1]), 0)
    except PermissionError:  # a process of another user's: running
        return True
    except (ProcessLookupError, OverflowError):
        return False
    return True
