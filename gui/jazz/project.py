"""Autosave of the `.encore-jazz` project (the format itself is engine.jazz.project)."""

from __future__ import annotations

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
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Autosave(QObject):
    """Every 30 s, while the page has unsaved changes, its project is copied to the app's data folder.

    A clean save or a normal quit deletes the copy; finding one at start-up means the last session
    ended without either, so the page offers to recover it.
    """

    def __init__(self, page, parent=None):
        super().__init__(parent)
        self.page = page
        self.path = app_data_folder("autosave") / "jazz.encore-jazz"
        self.timer = QTimer(self, interval=AUTOSAVE_MS)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()

    def save_now(self) -> None:
        if self.page.has_unsaved_changes():
            try:
                write_json(self.path, self.page.project_data())
            except (FileProblem, OSError):
                pass  # autosave must never interrupt the user; the next tick tries again

    def recoverable(self) -> Path | None:
        return self.path if self.path.exists() else None

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)
