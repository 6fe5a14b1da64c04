"""The `.encore-jazz` project file (pieces with their edits, the model, the corpus) and autosave."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from engine.errors import FileProblem
from engine.files import read_json, write_json
from engine.jazz.piece import Piece

FORMAT, VERSION = "encore-jazz", 1
AUTOSAVE_MS = 30_000


def project_data(pieces: list[Piece], current: int, model_dir: str | None, corpus: list[dict],
                 options: dict) -> dict:
    return {"format": FORMAT, "version": VERSION, "pieces": [p.to_json() for p in pieces], "current": current,
            "model": model_dir, "corpus": corpus, "generation": options}


def read_project(path: str | os.PathLike) -> dict:
    """The project at ``path`` with its pieces as Piece objects; FileProblem when it is not one."""
    data = read_json(path)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FileProblem("is not an Encore jazz project (no \"format\": \"encore-jazz\")", path)
    try:
        version = int(data.get("version", 0))  # 1e309 reads as infinity: OverflowError
        data["pieces"] = [Piece.from_json(p) for p in data.get("pieces", [])]
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as e:
        raise FileProblem(f"has a damaged version or piece ({type(e).__name__}: {e})", path) from None
    if version > VERSION:
        raise FileProblem(f"was written by a newer Encore (project version {version})", path)
    data.setdefault("corpus", [])
    data.setdefault("generation", {})
    return data


def app_data_folder(*parts: str) -> Path:
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.AppDataLocation)).joinpath(*parts)
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
