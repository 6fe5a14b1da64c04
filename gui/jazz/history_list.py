"""The session's generated pieces; each can be dragged out of the window as a .mid file, renamed or deleted
(both undoable on the page's undo stack)."""

from __future__ import annotations

import os
import tempfile

from PySide6.QtCore import QMimeData, Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QStyledItemDelegate,
)

from engine.jazz.piece import Piece
from engine.words import counted, file_name

from ..key_table import answer, bindings

TIP_WIDTH = 80  # characters of one tooltip line

KEYS = (
    (("Del", "Backspace"), "Delete the selected solo (Undo brings it back)", lambda history, i: history.delete_current()),
    (("F2",), "Rename the selected solo", lambda history, i: history.rename_current()),
)
_BINDINGS = bindings(KEYS)


class HistoryList(QListWidget):
    piece_selected = Signal(object)  # Piece, or None when the last one was deleted: the roll shows no piece
    renamed = Signal(object)  # Piece: a title shown elsewhere (above the roll) is out of date
    version_shown = Signal(object)  # Piece: the solo shown, in another version (bars regenerated, or undone)

    def __init__(self, parent=None, undo_stack: QUndoStack | None = None):
        super().__init__(parent)
        self.pieces: list[Piece] = []
        self.undo_stack = undo_stack  # the page's: a rename or a delete is an edit of the project, undoable
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragOnly)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)  # F2 and the menu rename, not a stray double-click
        self.setItemDelegate(_TitleEditor(self))
        self.setToolTip("Generated pieces: click to edit, drag one out of the window to save it as MIDI; "
                        "F2 renames one, Del deletes it, or right-click")
        self.currentRowChanged.connect(self._row_changed)
        if undo_stack is not None:  # every edit of a piece (a transpose's chords) and its undo passes through it
            undo_stack.indexChanged.connect(self.refresh)
        self._drag_folder: tempfile.TemporaryDirectory | None = None  # removed with the list, or at exit

    def add(self, piece: Piece, select: bool = True) -> int:
        self.pieces.append(piece)
        self.addItem(self._item(piece))
        if select:
            self.setCurrentRow(len(self.pieces) - 1)
        return len(self.pieces) - 1

    def _item(self, piece: Piece) -> QListWidgetItem:
        item = QListWidgetItem(self.describe(piece))
        item.setToolTip(self._details(piece))
        item.setFlags(item.flags() | Qt.ItemIsEditable)
        return item

    def replace(self, row: int, piece: Piece) -> None:
        """The piece at ``row`` swapped, and shown: an undo of another piece's change brings that piece up."""
        self.pieces[row] = piece
        self._show_details(row)
        if row == self.currentRow():
            self.version_shown.emit(piece)
        else:
            self.setCurrentRow(row)

    # Renaming and deleting: the user's keys and menu push commands; the commands call insert, take, retitle.
    def delete(self, row: int) -> None:
        if self.undo_stack is not None and 0 <= row < len(self.pieces):
            self.undo_stack.push(DeleteSolo(self, row))

    def delete_current(self) -> None:
        self.delete(self.currentRow())

    def rename_current(self) -> None:
        item = self.currentItem()
        if self.undo_stack is not None and item is not None:
            self.editItem(item)  # the title alone is edited (_TitleEditor); Enter renames, Esc leaves it

    def rename(self, row: int, title: str) -> None:
        title = " ".join(title.split())  # a pasted line break would break the list's line and the file name
        if self.undo_stack is not None and title and title != self.pieces[row].title:
            self.undo_stack.push(RenameSolo(self, row, title))

    def commit_open_edit(self) -> None:
        """A title still being typed becomes its rename (Save, Quit): the page saves what the user sees."""
        editor = self.indexWidget(self.currentIndex())  # Qt keeps an open editor as the index's widget
        if self.state() == QAbstractItemView.EditingState and editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.NoHint)

    def menu_for(self, row: int) -> QMenu:
        """The right-click menu of the solo at ``row``; its keys are shown beside the items as a reminder."""
        menu = QMenu(self)
        for text, key, act in (("Rename…", "F2", lambda: self.editItem(self.item(row))),
                               ("Delete solo", "Del", lambda: self.delete(row))):
            menu.addAction(text, act).setShortcut(QKeySequence(key))
        return menu

    def contextMenuEvent(self, event):  # noqa: N802 - Qt override
        item = self.itemAt(event.pos())
        if item is None or self.undo_stack is None:
            return
        self.setCurrentItem(item)  # the menu acts on the solo under the mouse, shown in the roll meanwhile
        menu = self.menu_for(self.row(item))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def keyPressEvent(self, event):  # noqa: N802 - Qt override
        if not answer(_BINDINGS, self, event):
            super().keyPressEvent(event)

    def insert(self, row: int, piece: Piece) -> None:
        """A deleted solo back in its place, selected and shown."""
        self.pieces.insert(row, piece)
        self.blockSignals(True)  # the row shifting under the current one is no new choice of piece
        self.insertItem(row, self._item(piece))
        self.blockSignals(False)
        self._show_row(row)

    def take(self, row: int) -> Piece:
        """The solo at ``row`` out of the list. When it was the one shown, a neighbour is (the next, or the one
        before at the end), or no piece when it was the last."""
        shown = self.current_piece()
        piece = self.pieces.pop(row)
        self.blockSignals(True)  # Qt moves the current row as it likes; which solo is shown is said below
        self.takeItem(row)
        self.blockSignals(False)
        if not self.pieces:
            self.piece_selected.emit(None)
        elif shown is piece:
            self._show_row(min(row, len(self.pieces) - 1))
        return piece

    def retitle(self, row: int, title: str, bring_up: bool = True) -> None:
        """The solo at ``row`` renamed; ``bring_up``: selected and shown, as an undo names what it changed. Not
        for the rename itself, which the editor commits as the user moves on (a click on another solo, a new
        solo shown): pulled back to the renamed row half-way through the move, the list's current row was not the
        solo on screen, and Del deleted the renamed one."""
        piece = self.pieces[row]
        piece.title = title
        self._show_details(row)
        if bring_up and row != self.currentRow():
            self.setCurrentRow(row)
        self.renamed.emit(piece)

    def refresh(self) -> None:
        """Each solo's line and tooltip as its piece is now: an edit in the roll changes the piece in place (a
        transpose its chords), which the tooltip named as they were."""
        for row in range(min(len(self.pieces), self.count())):
            self._show_details(row)

    def _show_details(self, row: int) -> None:
        # set only when changed: a change of an item being renamed resets the editor's text, losing the typing
        item, piece = self.item(row), self.pieces[row]
        line, details = self.describe(piece), self._details(piece)
        if item.text() != line:
            item.setText(line)
        if item.toolTip() != details:
            item.setToolTip(details)

    def _show_row(self, row: int) -> None:
        self.blockSignals(True)
        self.setCurrentRow(row)
        self.blockSignals(False)
        self.piece_selected.emit(self.pieces[row])  # even when Qt had already made the row current

    def clear_pieces(self) -> None:
        self.blockSignals(True)
        self.clear()
        self.pieces = []
        self.blockSignals(False)

    def current_piece(self) -> Piece | None:
        row = self.currentRow()
        return self.pieces[row] if 0 <= row < len(self.pieces) else None

    def show_piece(self, piece: Piece) -> None:
        for row, p in enumerate(self.pieces):
            if p is piece:
                self.setCurrentRow(row)

    @staticmethod
    def describe(piece: Piece) -> str:
        meta = piece.meta
        seed = f" · {'reworked, ' if meta.get('reworked') else ''}seed {meta['seed']}" if "seed" in meta else ""
        return f"{piece.title} — {counted(piece.bars, 'bar')}{seed}"

    @staticmethod
    def _details(piece: Piece) -> str:
        """What made the piece, a line each; not its grammar tokens (a 200-bar solo's filled the screen), and a
        long value cut short."""
        lines = [piece.title]
        for key, value in piece.meta.items():
            if key != "tokens" and value not in (None, ""):
                text = str(value)
                half = TIP_WIDTH // 2  # cut in the middle: a path keeps its file name, a chart its last bars
                lines.append(f"{key}: {text if len(text) <= TIP_WIDTH else text[:half] + '…' + text[-half:]}")
        return "\n".join(lines)

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self.pieces):
            self.piece_selected.emit(self.pieces[row])

    # Dragging out: the piece is written to a temporary .mid file whose URL travels with the drag.
    def mimeData(self, items):  # noqa: N802 - Qt override
        from .tasks import piece_midi

        mime = QMimeData()
        urls, names = [], set()
        for item in items:
            piece = self.pieces[self.row(item)]
            base = name = file_name(piece.title, "piece")
            n = 1
            while name.lower() in names:  # two pieces of one title: two files, not one written twice
                n += 1
                name = f"{base} ({n})"
            names.add(name.lower())
            path = os.path.join(self._folder(), name + ".mid")
            from engine.files import write_bytes

            write_bytes(path, piece_midi(piece))
            urls.append(QUrl.fromLocalFile(path))
        mime.setUrls(urls)
        return mime

    def supportedDragActions(self):  # noqa: N802 - Qt override
        return Qt.CopyAction

    def _folder(self) -> str:
        # a drop target copies the file when it is dropped, so it only has to outlive the window
        if self._drag_folder is None:
            self._drag_folder = tempfile.TemporaryDirectory(prefix="encore-drag-", ignore_cleanup_errors=True)
        return self._drag_folder.name


class ReplacePiece(QUndoCommand):
    """Regenerating bars swaps the piece in the history for a new one; undo brings the old one back."""

    def __init__(self, history: HistoryList, row: int, new: Piece, text: str = "Regenerate bars"):
        super().__init__(text)
        self.history, self.row, self.old, self.new = history, row, history.pieces[row], new

    def redo(self) -> None:
        self.history.replace(self.row, self.new)

    def undo(self) -> None:
        self.history.replace(self.row, self.old)


class DeleteSolo(QUndoCommand):
    """A solo taken out of the history; undo puts it back at its row, with its title, and selects it. The stack
    is linear and new solos are added at the end, so the rows of this and of ReplacePiece stay true."""

    def __init__(self, history: HistoryList, row: int):
        super().__init__(f"Delete {history.pieces[row].title}")
        self.history, self.row, self.piece = history, row, history.pieces[row]

    def redo(self) -> None:
        self.history.take(self.row)

    def undo(self) -> None:
        self.history.insert(self.row, self.piece)


class RenameSolo(QUndoCommand):
    def __init__(self, history: HistoryList, row: int, title: str):
        super().__init__(f"Rename {history.pieces[row].title}")
        self.history, self.row, self.old, self.new = history, row, history.pieces[row].title, title
        self.typed = True  # the first redo is the user's rename, where they are: no row to bring up

    def redo(self) -> None:
        self.history.retitle(self.row, self.new, bring_up=not self.typed)
        self.typed = False

    def undo(self) -> None:
        self.history.retitle(self.row, self.old)


class _TitleEditor(QStyledItemDelegate):
    """Renaming in place edits the title alone, not the bars and seed the line shows beside it; what is typed
    becomes a RenameSolo, not a change of the line's text."""

    def setEditorData(self, editor, index):  # noqa: N802 - Qt override
        editor.setText(self.parent().pieces[index.row()].title)
        editor.selectAll()

    def setModelData(self, editor, model, index):  # noqa: N802 - Qt override
        self.parent().rename(index.row(), editor.text())
