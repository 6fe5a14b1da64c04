"""File > Recent files, kept in QSettings."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

MAX_RECENT = 10


class RecentFiles:
    def __init__(self, settings, open_path, parent):
        self.settings = settings
        self.open_path = open_path
        self.menu = QMenu("Recent &Files", parent)
        self.menu.setToolTipsVisible(True)  # the full path; QMenu shows no tooltips unless told
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
        for i, (path, name) in enumerate(zip(paths, names(paths), strict=True)):
            action = QAction(f"&{(i + 1) % 10} {name.replace('&', '&&')}", self.menu)  # 'AT&T.csv': no mnemonic
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
            self.menu.addAction(action)
        if not paths:
            empty = self.menu.addAction("No recent files")
            empty.setEnabled(False)
        else:
            self.menu.addSeparator()
            self.menu.addAction("Clear", lambda: self._store([]))


def names(paths: list[str]) -> list[str]:
    """What the menu calls each file: its name, and where two files share one (two bands' shows.csv), as many
    of the folders above it as tell them apart: 'shows.csv — phish', 'shows.csv — dead'."""
    named = [os.path.basename(p) for p in paths]
    shown = list(named)
    for name in {n for n in named if named.count(n) > 1}:
        group = [i for i, n in enumerate(named) if n == name]
        wheres = _tell_apart([Path(os.path.abspath(paths[i])).parent.parts for i in group])
        for i, where in zip(group, wheres, strict=True):
            shown[i] = f"{name} — {where}"
    return shown


def _tell_apart(folders: list[tuple[str, ...]]) -> list[str]:
    """The nearest folders of each, as few as tell them all apart (all of them, should nothing fewer)."""
    for depth in range(1, max(map(len, folders)) + 1):
        tails = [os.path.join(*f[-depth:]) for f in folders]
        if len(set(tails)) == len(tails):
            break
    return tails
