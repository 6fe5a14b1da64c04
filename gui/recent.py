"""File > Recent files, kept in QSettings."""

from __future__ import annotations

import os

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

MAX_RECENT = 10


class RecentFiles:
    def __init__(self, settings, open_path, parent):
        self.settings = settings
        self.open_path = open_path
        self.menu = QMenu("Recent &Files", parent)
        self.menu.aboutToShow.connect(self._fill)
        self._fill()

    def paths(self) -> list[str]:
        self.settings.sync()  # another Encore may have added its file since: read the settings file again
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)):  # a damaged settings file: no list, no recent files
            return []
        return [p for p in value if isinstance(p, str) and p]

    def add(self, path: str) -> None:
        path = os.path.abspath(path)
        paths = [path] + [p for p in self.paths() if p != path and os.path.exists(p)]  # gone files free their slot
        self._store(paths[:MAX_RECENT])

    def _store(self, paths: list[str]) -> None:
        self.settings.setValue("recent_files", paths)
        self.settings.sync()  # at once, so that another Encore adding its file next keeps this one

    def _fill(self) -> None:
        self.menu.clear()
        paths = [p for p in self.paths() if os.path.exists(p)]
        for i, path in enumerate(paths):
            name = os.path.basename(path).replace("&", "&&")  # 'AT&T.csv' is a name, not a mnemonic
            action = QAction(f"&{(i + 1) % 10} {name}", self.menu)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
            self.menu.addAction(action)
        if not paths:
            empty = self.menu.addAction("No recent files")
            empty.setEnabled(False)
        else:
            self.menu.addSeparator()
            self.menu.addAction("Clear", lambda: self._store([]))
