"""Chords from iReal Pro: an exported chart (opened, dropped on the window, or its irealb:// link pasted into
the Chords field) fills the field in Encore's chart notation, where the user reads and edits it."""

from __future__ import annotations

import os
import threading

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QUndoCommand, QUndoStack, QValidator
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu

from engine.files import peek
from engine.jazz.ireal import tune_names
from engine.jazz.piece import MAX_BARS
from engine.words import counted

from ..save_dialog import chosen_file
from ..undo_keys import stack_key, stack_undo_items

FILTER = "iReal Pro charts (*.html *.htm *.irealb *.txt);;All files (*)"
PEEK_BYTES = 1024 * 1024  # of a dropped .txt, read on the GUI thread to tell a chart from other notes
# The longest text the Chords field takes: Encore's longest chart, each bar a 12/4 bar of long chord symbols
# ("Db7b9#11/Ab", 12 a bar), or its iReal Pro link with the link's escapes. Qt's default 32,767 cut a long
# chart silently, mid-chord, to a shorter one that still played.
MAX_CHART_CHARS = MAX_BARS * 200
TYPING = "Type chords"  # the undo step of keys typed in a row in the Chords field
TYPING_MERGE_ID = 0x43484F  # its merge id: far from the velocity gestures' (0x6A7A, counting up)


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


class ChordsStep(QUndoCommand):
    """The chords from ``before`` to ``after``, one undo step named ``name``; ``also``: (undo, redo) callables
    for what else the step sets (a chart's Bars and Tempo); ``cursor``: where the cursor goes either way, None
    for where the change ends."""

    def __init__(self, field: ChordsField, name: str, before: str, after: str, also=None, cursor=None):
        super().__init__(name)
        self.field, self.before, self.after, self.also, self.cursor = field, before, after, also, cursor

    def redo(self) -> None:
        self.field.show_step(self.after, self._cursor(self.before, self.after))
        if self.also:
            self.also[1]()

    def undo(self) -> None:
        self.field.show_step(self.before, self._cursor(self.after, self.before))
        if self.also:
            self.also[0]()

    def _cursor(self, old: str, new: str) -> int:
        return edit_end(old, new) if self.cursor is None else self.cursor


class TypedChords(ChordsStep):
    """An edit made in the field (keys typed, a paste, a drop), already on screen when pushed. Keys typed on
    fold into the field's ``burst``: the step that typing began, until something else comes between."""

    def __init__(self, field: ChordsField, name: str, before: str, after: str):
        super().__init__(field, name, before, after)
        self._shown = True  # the push's redo: the text is there already

    def redo(self) -> None:
        if self._shown:
            self._shown = False
        else:
            super().redo()

    def id(self) -> int:  # noqa: A003 - Qt override
        return TYPING_MERGE_ID

    def mergeWith(self, other) -> bool:  # noqa: N802 - Qt override
        if self.field.burst is not self or not isinstance(other, TypedChords) or other.field is not self.field:
            return False
        self.after = other.after
        self.setObsolete(self.after == self.before)  # typed back: the stack drops the step
        self.field.merged(self)
        return True


def edit_end(old: str, new: str) -> int:
    """Where in ``new`` its difference from ``old`` ends: the cursor's place after an edit, or after its undo."""
    prefix = len(os.path.commonprefix([old, new]))
    suffix = len(os.path.commonprefix([old[prefix:][::-1], new[prefix:][::-1]]))
    return len(new) - suffix


class ChordsField(QLineEdit):
    """The Chords field. A dropped file is left to the window, which routes an iReal Pro export here, instead
    of pasting its file:// address into the chords; an irealb:// link dragged from a browser goes in as its
    text, as a paste of it does.

    Every chord edit is a step on an undo stack: the page's once set_undo_stack gives it (Edit > Undo then takes
    a chord edit back wherever the focus is, in turn with the note edits), else the field's own. Keys typed in a
    row are one step; a paste, a drop, a transpose, a chart imported (with the Bars and Tempo it set: see change)
    one each. The field's Undo and Redo keys and right-click items step that stack, never the text's own."""

    refused = Signal(str)  # an edit not made, in words: the text would be too long
    changed = Signal()  # the chords changed where the page's undo stack does not see it: set in code, no stack

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMaxLength(2**31 - 1)  # the validator refuses a long text whole; maxLength would cut it first
        self.setValidator(ChartLength(self))
        self._own_stack = self.undo_stack = QUndoStack(self)
        self.undo_stack.indexChanged.connect(self._stack_moved)
        self.burst: TypedChords | None = None  # the step that keys typed on fold into
        self._edit_name = TYPING  # the step an edit in the field makes
        self._before = ""  # the text before an edit: textEdited comes before textChanged
        self._typed = None  # the text of the edit just recorded, until its textChanged
        self._stepping = self._pushing = self._merged = False
        self.textEdited.connect(self._record)
        self.textChanged.connect(self._seen)

    def set_undo_stack(self, stack) -> None:
        """Record the chord edits on ``stack`` (the page's), or on the field's own for None."""
        self.undo_stack.indexChanged.disconnect(self._stack_moved)
        self.undo_stack = self._own_stack if stack is None else stack
        self.undo_stack.indexChanged.connect(self._stack_moved)
        self.burst = None

    @property
    def on_page_stack(self) -> bool:
        return self.undo_stack is not self._own_stack

    def fits(self, text: str) -> bool:
        """Whether ``text`` fits in the field; when not, says so."""
        if len(text) <= MAX_CHART_CHARS:
            return True
        self.refused.emit(too_long(text))
        return False

    def change(self, name: str, text: str, also=None) -> None:
        """The chords set to ``text`` as one undo step named ``name`` (a transpose, a chart imported), the cursor
        at the start; ``also``: (undo, redo) callables for what else the step sets."""
        self.burst = None
        self._push(ChordsStep(self, name, self.text(), text, also, cursor=0))

    def set_chords(self, text: str) -> None:
        """Chords Encore sets (a project's saved ones), no undo step. The field's own stack starts again, as the
        page's does when a project opens: its steps led to other chords."""
        self.setText(text)
        self.burst = None
        if not self.on_page_stack:
            self.undo_stack.clear()

    def show_step(self, text: str, cursor: int) -> None:
        """A step's text, done or undone."""
        self._stepping = True
        try:
            self.setText(text)
        finally:
            self._stepping = False
        self.setCursorPosition(cursor)

    def merged(self, step: TypedChords) -> None:
        self._merged = True
        if step.isObsolete():
            self.burst = None

    def undo(self) -> None:
        if self.undo_stack.isActive():  # not while a drag in the roll holds Undo
            self.undo_stack.undo()

    def redo(self) -> None:
        if self.undo_stack.isActive():
            self.undo_stack.redo()

    def _record(self, text: str) -> None:
        """An edit made in the field, as a step; keys typed on fold into the burst."""
        self._typed = text
        step = TypedChords(self, self._edit_name, self._before, text)
        self._merged = False
        self._push(step)
        if not self._merged:
            self.burst = step if self._edit_name == TYPING else None

    def _seen(self, text: str) -> None:
        recorded = self._stepping or text == self._typed
        self._before, self._typed = text, None
        if not (recorded and self.on_page_stack):
            self.changed.emit()

    def _push(self, step: QUndoCommand) -> None:
        self._pushing = True
        try:
            self.undo_stack.push(step)
        finally:
            self._pushing = False

    def _stack_moved(self, _index: int) -> None:
        """Another edit, an undo or a redo ends the typing: keys typed next are a step of their own."""
        if not self._pushing:
            self.burst = None

    def _alone(self, name: str, edit) -> None:
        """``edit()``'s change of the text as a step of its own, named ``name``."""
        self.burst, self._edit_name = None, name
        try:
            edit()
        finally:
            self.burst, self._edit_name = None, TYPING

    def event(self, event):  # noqa: A003 - Qt override
        return self._stack_key(event) or super().event(event)

    def _stack_key(self, event) -> bool:
        """Whether ``event`` was an Undo or Redo key, taken for the undo stack: the text's own undo skipped a
        chart's Bars and Tempo, and ran apart from the page's."""
        return stack_key(event, lambda which: (self.undo if which == "undo" else self.redo)(),
                         to_window=lambda: self.on_page_stack)  # the page's: Edit > Undo or Redo takes it

    def keyPressEvent(self, event):  # noqa: N802 - Qt override
        if event.matches(QKeySequence.Paste) or event.matches(QKeySequence.Cut):
            name = "Paste chords" if event.matches(QKeySequence.Paste) else "Cut chords"
            self._alone(name, lambda: QLineEdit.keyPressEvent(self, event))
        else:
            super().keyPressEvent(event)

    def focusOutEvent(self, event):  # noqa: N802 - Qt override
        self.burst = None  # typing on after coming back is a step of its own
        super().focusOutEvent(event)

    def contextMenuEvent(self, event):  # noqa: N802 - Qt override
        menu = self.standard_menu()
        menu.setAttribute(Qt.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def standard_menu(self) -> QMenu:
        """Qt's right-click menu, its Undo and Redo the undo stack's."""
        menu = self.createStandardContextMenu()
        stack_undo_items(menu, self.undo_stack)
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
        # in place of the chords, which its chart replaces (beside them, it ran into them); an edit, as a paste
        # is: the link is read, and Undo takes it back out
        self._alone("Drop link", lambda: (self.selectAll(), self.insert(link)))


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
        self._read.connect(self._finish)

    def open_dialog(self) -> None:
        path = chosen_file(self.panel, "Chords from an iReal Pro chart", FILTER)
        if path:
            self.load(path)

    def load(self, path: str) -> None:
        from engine.jazz.ireal import read_tunes

        self._start(lambda skipped: read_tunes(path, skipped), os.path.basename(path), "Chart not read")

    def pasted(self, text: str) -> None:
        """A pasted irealb:// link becomes its chart (called on every edit: cheap when the text is not one). An
        undo back to the link is no edit (the undo stack sets the text), so it is not read again."""
        if "ireal" in text:
            self._read_link(text, "the pasted link")

    def dropped(self, link: str) -> None:
        """An irealb:// link dropped on the window: read as a paste is."""
        self._read_link(link, "the dropped link")

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
