"""Chords from iReal Pro: an exported chart (opened, dropped on the window, or its irealb:// link pasted into
the Chords field) fills the field in Encore's chart notation, where the user reads and edits it."""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit

from engine.words import counted

FILTER = "iReal Pro charts (*.html *.htm *.irealb *.txt);;All files (*)"


class ChordsField(QLineEdit):
    """The Chords field. A dropped file is left to the window, which routes an iReal Pro export here, instead
    of pasting its file:// address into the chords."""

    def dragEnterEvent(self, event):  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.ignore()
        else:
            super().dragEnterEvent(event)


class ChartImport(QObject):
    message = Signal(str)

    def __init__(self, panel):
        super().__init__(panel)
        self.panel = panel  # the GenerationPanel whose Chords field and tempo a chart sets
        self.choose = self._ask  # (tunes) -> the tune, or None when the user cancels; tests answer here

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.panel, "Chords from an iReal Pro chart", "", FILTER)
        if path:
            self.load(path)

    def load(self, path: str) -> None:
        from engine.errors import EncoreError
        from engine.jazz.ireal import read_tunes

        skipped: list[str] = []
        QGuiApplication.setOverrideCursor(Qt.WaitCursor)  # a playlist of a thousand tunes takes a moment
        try:
            tunes = read_tunes(path, skipped)
        except EncoreError as e:
            self.message.emit(f"Chart not read: {e}")
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._use(tunes, os.path.basename(path), skipped)

    def pasted(self, text: str) -> None:
        """A pasted irealb:// link becomes its chart (called on every edit: cheap when the text is not one)."""
        if "ireal" not in text:
            return
        from engine.jazz.ireal import LINK, tunes_in

        if not LINK.search(text):
            return
        skipped: list[str] = []
        tunes = tunes_in(text, skipped)
        if tunes:
            self._use(tunes, "the pasted link", skipped)
        else:
            self.message.emit(f"iReal Pro link not read: {skipped[0] if skipped else 'it holds no chart'}")

    def _use(self, tunes: list, where: str, skipped: list[str]) -> None:
        tune = tunes[0] if len(tunes) == 1 else self.choose(tunes)
        if tune is None:
            return
        self.panel.set_chart(tune.chart, tune.tempo)
        about = ", ".join(x for x in (tune.composer, f"key of {tune.key}") if x)
        meter = f"{tune.time}, played in 4/4 bars" if tune.in_4_4_bars else "" if tune.time == "4/4" else f"in {tune.time}"
        notes = [meter,
                 f"{counted(len(skipped), 'tune')} skipped ({skipped[0]})" if skipped else ""]
        self.message.emit(f"Chords of {tune.title} ({about}): {counted(tune.bars, 'bar')} "
                          f"from {where}" + "".join(f"; {n}" for n in notes if n))

    def _ask(self, tunes: list):
        titles = [f"{t.title} ({t.composer})" if t.composer else t.title for t in tunes]
        title, ok = QInputDialog.getItem(self.panel, "iReal Pro playlist", f"{counted(len(tunes), 'tune')}; "
                                         "improvise over:", titles, 0, False)
        return tunes[titles.index(title)] if ok else None
