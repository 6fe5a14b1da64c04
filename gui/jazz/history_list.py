"""The session's generated pieces; each can be dragged out of the window as a .mid file."""

from __future__ import annotations

import os
import tempfile

from PySide6.QtCore import QMimeData, Qt, QUrl, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem

from engine.jazz.piece import Piece
from engine.words import counted, file_name

TIP_WIDTH = 80  # characters of one tooltip line


class HistoryList(QListWidget):
    piece_selected = Signal(object)  # Piece

    def __init__(self, parent=None):
        super().__init__(parent)
        self.pieces: list[Piece] = []
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragOnly)
        self.setToolTip("Generated pieces: click to edit, drag one out of the window to save it as MIDI")
        self.currentRowChanged.connect(self._row_changed)
        self._drag_folder: tempfile.TemporaryDirectory | None = None  # removed with the list, or at exit

    def add(self, piece: Piece, select: bool = True) -> int:
        self.pieces.append(piece)
        item = QListWidgetItem(self.describe(piece))
        item.setToolTip(self._details(piece))
        self.addItem(item)
        if select:
            self.setCurrentRow(len(self.pieces) - 1)
        return len(self.pieces) - 1

    def replace(self, row: int, piece: Piece) -> None:
        """The piece at ``row`` swapped, and shown: an undo of another piece's change brings that piece up."""
        self.pieces[row] = piece
        self.item(row).setText(self.describe(piece))
        self.item(row).setToolTip(self._details(piece))
        if row == self.currentRow():
            self.piece_selected.emit(piece)
        else:
            self.setCurrentRow(row)

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
