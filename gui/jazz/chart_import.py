"""Chords from iReal Pro: an exported chart (opened, dropped on the window, or its irealb:// link pasted into
the Chords field) fills the field in Encore's chart notation, where the user reads and edits it."""

from __future__ import annotations

import os
import threading

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit

from engine.jazz.ireal import tune_names
from engine.words import counted

from ..save_dialog import chosen_file

FILTER = "iReal Pro charts (*.html *.htm *.irealb *.txt);;All files (*)"
PEEK_BYTES = 1024 * 1024  # of a dropped .txt, read on the GUI thread to tell a chart from other notes


def dragged_link(mime) -> str:
    """The irealb:// link a browser drags, or "". Read from the drag's text, not its URLs: Qt finds no valid
    URL in a link whose 'host' is the tune's title."""
    from engine.jazz.ireal import LINK

    for text in (mime.text(), bytes(mime.data("text/uri-list").data()).decode("utf-8", "replace")):
        if match := LINK.search(text):
            return match.group(0)
    return ""


def holds_link(path: str) -> bool:
    """Whether a text file is an iReal Pro chart: an irealb:// link with its fields (title=composer=...) near
    its start, UTF-16 too; notes that only mention one are not. One that cannot be peeked at is left to the
    chart reader, which names its problem."""
    if not os.path.isfile(path):  # a FIFO would never end
        return True
    try:
        with open(path, "rb") as f:
            head = f.read(PEEK_BYTES)
    except OSError:
        return True
    from engine.jazz.ireal import LINK

    found = LINK.search(head.replace(b"\0", b"").decode("latin-1"))  # UTF-16's ASCII, NULs out, reads as is
    fields = found.group(0).split("://", 1)[1].split("=") if found else []
    return len(fields) >= 3 and bool(fields[0])  # a tune's title=composer=...: not notes naming irealb://...


class ChordsField(QLineEdit):
    """The Chords field. A dropped file is left to the window, which routes an iReal Pro export here, instead
    of pasting its file:// address into the chords; an irealb:// link dragged from a browser goes in as its
    text, as a paste of it does, and is read even when it is the link read last (dragged in again)."""

    link_dropped = Signal()

    def dragEnterEvent(self, event):  # noqa: N802 - Qt override
        self._drag(event, super().dragEnterEvent)

    def dragMoveEvent(self, event):  # noqa: N802 - Qt override
        self._drag(event, super().dragMoveEvent)

    def _drag(self, event, usual) -> None:
        if dragged_link(event.mimeData()):
            event.acceptProposedAction()
        elif event.mimeData().hasUrls():
            event.ignore()
        else:
            usual(event)

    def dropEvent(self, event):  # noqa: N802 - Qt override
        link = dragged_link(event.mimeData())
        if not link:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        self.link_dropped.emit()
        self.selectAll()  # in place of the chords, which its chart replaces: beside them, it ran into them
        self.insert(link)  # an edit, as a paste is: the link is read, and Ctrl+Z takes it back out


class ChartCheck(QObject):
    """Reads the Chords field's text a moment after the user stops typing, off the GUI thread (the first chord
    symbol loads music21), and says what it plays or its first problem. One check runs at a time; the latest
    text typed meanwhile is checked next."""

    checked = Signal(str, str, bool)  # the text, what it plays or its problem, whether it can be played
    _done = Signal(str, str, bool)

    def __init__(self, field: QLineEdit, delay_ms: int = 350):
        super().__init__(field)
        self.field = field
        self.timer = QTimer(self, singleShot=True, interval=delay_ms)
        self.timer.timeout.connect(lambda: self._start(self.field.text().strip()))
        field.textChanged.connect(lambda _: self.timer.start())
        self._running, self._next = False, None
        self._done.connect(self._finish)

    def _start(self, text: str) -> None:
        if self._running:
            self._next = text
            return
        self._running = True
        threading.Thread(target=self._work, args=(text,), daemon=True).start()

    def _work(self, text: str) -> None:
        from engine.errors import EncoreError
        from engine.jazz.ireal import LINK
        from engine.jazz.progression import chart_summary

        try:
            words, ok = ("", True) if not text or LINK.search(text) else (chart_summary(text), True)
        except EncoreError as e:
            words, ok = e.problem, False
        except Exception:  # noqa: BLE001 - the hint only advises (Generate reports any problem); never wedge it
            words, ok = "", True
        try:
            self._done.emit(text, words, ok)
        except RuntimeError:  # the window closed while the chart was read
            pass

    def _finish(self, text: str, words: str, ok: bool) -> None:
        self._running = False
        if self._next is not None:
            text_next, self._next = self._next, None
            self._start(text_next)
        elif text == self.field.text().strip():
            self.checked.emit(text, words, ok)


class ChartImport(QObject):
    """Reads an iReal Pro export or a pasted link off the GUI thread (a playlist of a thousand tunes takes a
    moment), then fills the Chords field with its tune, or the one the user picks. The latest read wins."""

    message = Signal(str)
    _read = Signal(int, list, str, list, str)  # request, tunes, where they came from, skipped, the failure

    def __init__(self, panel):
        super().__init__(panel)
        self.panel = panel  # the GenerationPanel whose Chords field and tempo a chart sets
        self.choose = self._ask  # (tunes) -> the tune, or None when the user cancels; tests answer here
        self._request, self.reading = 0, False
        # The link last read and the chart it gave: Ctrl+Z steps back through both (an edit to each, as the
        # field sees them) on the way to the chords before them, and neither may be read again on the way
        self._link = self._chart = ""
        self._read.connect(self._finish)

    def open_dialog(self) -> None:
        path = chosen_file(self.panel, "Chords from an iReal Pro chart", FILTER)
        if path:
            self.load(path)

    def load(self, path: str) -> None:
        from engine.jazz.ireal import read_tunes

        self._start(lambda skipped: read_tunes(path, skipped), os.path.basename(path), "Chart not read")

    def pasted(self, text: str) -> None:
        """A pasted irealb:// link becomes its chart (called on every edit: cheap when the text is not one)."""
        if text in (self._link, self._chart):
            return
        self._link = self._chart = ""
        if "ireal" not in text:
            return
        self._read_link(text, "the pasted link")

    def dropped(self, link: str) -> None:
        """An irealb:// link dropped on the window: read as a paste is, even the link read last."""
        self.forget_last()
        self._read_link(link, "the dropped link")

    def forget_last(self) -> None:
        """The next edit that is a link is read, even the link read last: it was dropped in again, not undone to."""
        self._link = self._chart = ""

    def _read_link(self, text: str, where: str) -> None:
        from engine.jazz.ireal import LINK, tunes_in

        if LINK.search(text):
            self._link = text
            self._start(lambda skipped: tunes_in(text, skipped), where, "iReal Pro link not read")

    def _start(self, read, where: str, not_read: str) -> None:
        """``read(skipped)`` -> the tunes, run off the GUI thread; ``not_read`` opens the message if none is."""
        if not self.reading:
            QGuiApplication.setOverrideCursor(Qt.BusyCursor)
        self._request += 1
        self.reading = True
        threading.Thread(target=self._work, args=(self._request, read, where, not_read), daemon=True).start()

    def _work(self, request: int, read, where: str, not_read: str) -> None:
        from engine.errors import EncoreError

        skipped: list[str] = []
        try:
            tunes, problem = read(skipped), ""
        except EncoreError as e:
            tunes, problem = [], str(e)
        except Exception as e:  # noqa: BLE001 - a reader's bug is reported, never left with a busy cursor
            tunes, problem = [], f"{type(e).__name__}: {e}"
        try:
            why = problem or (skipped[0] if skipped else "it holds no chart")
            self._read.emit(request, tunes, where, skipped, "" if tunes else f"{not_read}: {why}")
        except RuntimeError:  # the window closed while the chart was read
            pass

    def _finish(self, request: int, tunes: list, where: str, skipped: list[str], failure: str) -> None:
        if request != self._request:
            return
        self.reading = False
        QGuiApplication.restoreOverrideCursor()
        if failure:
            self.message.emit(failure)
        else:
            self._use(tunes, where, skipped)

    def _use(self, tunes: list, where: str, skipped: list[str]) -> None:
        from engine.jazz.ireal import skipped_note

        tune = tunes[0] if len(tunes) == 1 else self.choose(tunes)
        if tune is None:
            return
        self._chart = tune.chart
        self.panel.set_chart(tune.chart, tune.tempo)
        about = ", ".join(x for x in (tune.composer, f"key of {tune.key}") if x)
        meter = (f"{tune.time}, played in 4/4 bars" if tune.in_4_4_bars
                 else "" if tune.time == "4/4" else f"in {tune.time}")
        notes = [meter, tune.notice, skipped_note(skipped)]
        name = tune_names(tunes)[next(i for i, t in enumerate(tunes) if t is tune)]
        self.message.emit(f"Chords of {name} ({about}): {counted(tune.bars, 'bar')} "
                          f"from {where}" + "".join(f"; {n}" for n in notes if n))

    def _ask(self, tunes: list):
        rows = picker_rows(tunes)
        row, ok = QInputDialog.getItem(self.panel, "iReal Pro playlist", f"{counted(len(tunes), 'tune')}; "
                                       "improvise over:", rows, 0, False)
        return tunes[rows.index(row)] if ok else None  # the rows differ, so the text tells its row


def picker_rows(tunes: list) -> list[str]:
    """The playlist as the picker lists it: each row different, so that the one chosen is the one used (two
    Blues by one composer told apart by number and key)."""
    rows, taken = [], set()
    for number, (tune, name) in enumerate(zip(tunes, tune_names(tunes), strict=True), 1):
        twin = name != tune.title
        about = ", ".join(x for x in (tune.composer, f"key of {tune.key}" if twin else "") if x)
        row = f"{name} ({about})" if about else name
        row = f"{row} [tune {number}]" if row in taken else row  # a title that is another's row ('Blues #2')
        rows.append(row)
        taken.add(row)
    return rows
