"""Chords from iReal Pro: an exported chart (opened, dropped on the window, or its irealb:// link pasted into
the Chords field) fills the field in Encore's chart notation, where the user reads and edits it."""

from __future__ import annotations

import os
import threading

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QValidator
from PySide6.QtWidgets import QInputDialog, QLineEdit

from engine.files import peek
from engine.jazz.ireal import tune_names
from engine.jazz.piece import MAX_BARS
from engine.words import counted

from ..save_dialog import chosen_file

FILTER = "iReal Pro charts (*.html *.htm *.irealb *.txt);;All files (*)"
PEEK_BYTES = 1024 * 1024  # of a dropped .txt, read on the GUI thread to tell a chart from other notes
# The longest text the Chords field takes: Encore's longest chart, each bar a 12/4 bar of long chord symbols
# ("Db7b9#11/Ab", 12 a bar), or its iReal Pro link with the link's escapes. Qt's default 32,767 cut a long
# chart silently, mid-chord, to a shorter one that still played.
MAX_CHART_CHARS = MAX_BARS * 200


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
    head = peek(path, PEEK_BYTES)
    if head is None:
        return True
    from engine.jazz.ireal import LINK

    found = LINK.search(head.replace(b"\0", b"").decode("latin-1"))  # UTF-16's ASCII, NULs out, reads as is
    fields = found.group(0).split("://", 1)[1].split("=") if found else []
    return len(fields) >= 3 and bool(fields[0])  # a tune's title=composer=...: not notes naming irealb://...


class ChartLength(QValidator):
    """Refuses, whole and in words, an edit that would make the chords longer than the field takes: Qt's
    maxLength would keep the start of a paste, a different chart."""

    def __init__(self, field: ChordsField):
        super().__init__(field)
        self.field = field

    def validate(self, text: str, pos: int):
        if len(text) <= MAX_CHART_CHARS:
            return QValidator.Acceptable
        self.field.refused.emit(too_long(text))
        return QValidator.Invalid


def too_long(text: str) -> str:
    return (f"Chords not changed: {len(text):,} characters, over the {MAX_CHART_CHARS:,} the Chords field takes "
            f"(Encore plays at most {MAX_BARS:,} bars); open a long iReal Pro playlist as a file instead")


class ChordsField(QLineEdit):
    """The Chords field. A dropped file is left to the window, which routes an iReal Pro export here, instead
    of pasting its file:// address into the chords; an irealb:// link dragged from a browser goes in as its
    text, as a paste of it does, and is read even when it is the link read last (dragged in again).

    Its own undo (Ctrl+Z, Ctrl+Y, the right-click menu) steps through the chords as typed; a chart imported is
    one such step that also set Bars and Tempo, which its undo and redo set back (see remember_import)."""

    link_dropped = Signal()
    refused = Signal(str)  # an edit not made, in words: the text would be too long

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMaxLength(2**31 - 1)  # the validator refuses a long text whole; maxLength would cut it first
        self.setValidator(ChartLength(self))
        self._imports: list[tuple[str, str, object, object]] = []  # chords before, chart, undo, redo

    def fits(self, text: str) -> bool:
        """Whether ``text`` fits in the field; when not, says so."""
        if len(text) <= MAX_CHART_CHARS:
            return True
        self.refused.emit(too_long(text))
        return False

    def remember_import(self, before: str, undo, redo) -> None:
        """The edit just made, from ``before`` to the text now, was a chart imported: when the field's undo
        steps back over it, ``undo()`` sets back what else the import changed, and its redo ``redo()``."""
        self._imports = [*self._imports[-19:], (before, self.text(), undo, redo)]

    def undo(self) -> None:
        self._step(super().undo, back=True)

    def redo(self) -> None:
        self._step(super().redo, back=False)

    def _step(self, step, back: bool) -> None:
        """One step of the field's undo; one that goes from a chart imported to the chords before it, or
        back, is that import: its other settings go with it."""
        if not (self.isUndoAvailable() if back else self.isRedoAvailable()):
            return
        was = self.text()
        step()
        for before, chart, undo, redo in reversed(self._imports):
            if (was, self.text()) == ((chart, before) if back else (before, chart)):
                (undo if back else redo)()
                return

    def keyPressEvent(self, event):  # noqa: N802 - Qt override
        if event.matches(QKeySequence.Undo) or event.matches(QKeySequence.Redo):
            (self.undo if event.matches(QKeySequence.Undo) else self.redo)()
            event.accept()
        else:
            super().keyPressEvent(event)

    def contextMenuEvent(self, event):  # noqa: N802 - Qt override
        menu = self.standard_menu()
        menu.setAttribute(Qt.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def standard_menu(self):
        """Qt's right-click menu, its Undo and Redo this field's (Qt's own would skip an import's settings)."""
        menu = self.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() in ("edit-undo", "edit-redo"):
                action.triggered.disconnect()
                action.triggered.connect(self.undo if action.objectName() == "edit-undo" else self.redo)
        return menu

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
        if not self.panel.set_chart(tune.chart, tune.tempo):  # too long for the field: it said so
            return
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
