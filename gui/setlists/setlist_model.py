"""A Qt tree model over one shared `Setlist`: sets are top-level rows, their songs are the children.

The model holds no truth of its own. Reads go straight to the Setlist; edits from the view (typing a
name, ticking a lock, dropping a song) become undo commands, and the commands change the Setlist through
the `apply_*` methods below, which also tell the views what moved.
"""

from __future__ import annotations

import copy
import json

from PySide6.QtCore import QAbstractItemModel, QByteArray, QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from engine.setlists.history import song_key
from engine.setlists.setlist import TRANSITIONS, UNKNOWN, Entry, Setlist
from engine.words import counted

SONG, TRANSITION, PROBABILITY, LOCKED = range(4)
HEADERS = ("Song", "Mark", "Probability", "Locked")
MIME = "application/x-encore-setlist-entries"
TRANSITION_NAMES = {",": "(stop)", ">": "> segue", "->": "-> jam segue",
                    UNKNOWN: "(unknown: the history gave no mark)"}
FIELDS = {SONG: "song", TRANSITION: "transition"}
ROOT = QModelIndex()  # the invisible root, as a default argument
TWICE_COLOR = "#c2410c"  # a song the show has twice: legitimate for a reprise, so marked, not refused


class SetlistModel(QAbstractItemModel):
    """Adapts `setlist` for QTreeView; `undo_stack` receives every edit the user makes in the view."""

    selection_wanted = Signal(list)  # [(set, position)]: the songs an undo step wants selected (views select them)
    status = Signal(str)  # why an edit typed in a cell was refused

    def __init__(self, setlist: Setlist, undo_stack, parent=None):
        super().__init__(parent)
        self.setlist = setlist
        self.undo_stack = undo_stack

    # Where things are: a song's index carries its set number + 1 as internal id; a set's carries 0.
    def index(self, row, column, parent=ROOT):
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1 if parent.isValid() else 0)

    def parent(self, index=ROOT):
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent=ROOT):  # noqa: N802 - Qt override
        if not parent.isValid():
            return len(self.setlist.sets)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.setlist.sets[parent.row()].entries)
        return 0

    def columnCount(self, parent=ROOT):  # noqa: N802 - Qt override
        return len(HEADERS)

    def slot(self, index: QModelIndex) -> tuple[int, int] | None:
        """(set, position) of a song index; None for a set or an invalid index."""
        if not index.isValid() or index.internalId() == 0:
            return None
        return index.internalId() - 1, index.row()

    def entry(self, index: QModelIndex) -> Entry | None:
        where = self.slot(index)
        return self.setlist.sets[where[0]].entries[where[1]] if where else None

    def song_index(self, set_index: int, position: int, column: int = SONG) -> QModelIndex:
        return self.index(position, column, self.index(set_index, 0))

    def elsewhere(self, entry: Entry | None) -> dict[str, str]:
        """Song key -> the first set that has it, over the show's songs other than `entry`."""
        where: dict[str, str] = {}
        for s in self.setlist.sets:
            for e in s.entries:
                if e is not entry:
                    where.setdefault(song_key(e.song), s.name)
        return where

    # Display ------------------------------------------------------------------------------------------
    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802 - Qt override
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        entry = self.entry(index)
        if entry is None:
            return self._set_data(index, role)
        return self._entry_data(entry, index.column(), role)

    def _set_data(self, index, role):
        s = self.setlist.sets[index.row()]
        if role == Qt.DisplayRole and index.column() == SONG:
            return s.name
        if role == Qt.DisplayRole and index.column() == PROBABILITY:
            return counted(len(s.entries), "song")
        if role == Qt.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _entry_data(self, entry: Entry, column: int, role):
        if role in (Qt.DisplayRole, Qt.EditRole):
            if column == SONG:
                return entry.song
            if column == TRANSITION:  # a stop, or an unknown mark, shows as nothing: the segues stand out
                return entry.transition if role == Qt.EditRole or entry.transition in (">", "->") else ""
            if column == PROBABILITY and role == Qt.DisplayRole and entry.probability is not None:
                return f"{entry.probability:.0%}" if entry.probability >= 0.01 else "<1%"
        if role == Qt.CheckStateRole and column == LOCKED:
            return Qt.Checked if entry.locked else Qt.Unchecked
        if role == Qt.ToolTipRole and column == TRANSITION:
            return TRANSITION_NAMES.get(entry.transition)
        if role == Qt.ToolTipRole and column == SONG:
            return self._song_tip(entry)
        if role == Qt.ForegroundRole and column == SONG and song_key(entry.song) in self.elsewhere(entry):
            return QColor(TWICE_COLOR)
        if role == Qt.TextAlignmentRole and column in (TRANSITION, PROBABILITY):
            return int(Qt.AlignCenter)
        return None

    def _song_tip(self, entry: Entry) -> str | None:
        """The other set that has this song, and the model's alternatives, each marked if the show has it."""
        elsewhere = self.elsewhere(entry)
        lines = []
        if song_key(entry.song) in elsewhere:
            lines.append(f"Also in {elsewhere[song_key(entry.song)]}: a reprise?")
        if entry.alternatives:
            marked = [f"{s} (in {elsewhere[song_key(s)]})" if song_key(s) in elsewhere else f"{s} ({p:.0%})"
                      for s, p in entry.alternatives[:5]]
            lines.append("Model's alternatives: " + ", ".join(marked))
        return "\n".join(lines) or None

    def flags(self, index):
        if not index.isValid():
            return Qt.NoItemFlags
        if self.slot(index) is None:  # a set: songs drop into it
            return Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsDropEnabled
        flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsDragEnabled | Qt.ItemIsDropEnabled
        if index.column() in FIELDS:
            flags |= Qt.ItemIsEditable
        if index.column() == LOCKED:
            flags |= Qt.ItemIsUserCheckable
        return flags

    # Edits from the view become undo commands ------------------------------------------------------
    def setData(self, index, value, role=Qt.EditRole):  # noqa: N802 - Qt override
        from . import commands

        where = self.slot(index)
        if where is None:
            return False
        if role == Qt.CheckStateRole and index.column() == LOCKED:
            locked = Qt.CheckState(value) == Qt.Checked if not isinstance(value, bool) else value
            commands.set_locked(self, [where], locked)
            return True
        if role != Qt.EditRole or index.column() not in FIELDS:
            return False
        value = str(value).strip()
        if not value:
            return False
        if index.column() == TRANSITION and value not in TRANSITIONS:  # refused without a word, the cell went back
            self.status.emit(f"Not a mark: {value!r}. The marks are , (stop), > (segue) and -> (jam segue)")
            return False
        name = FIELDS[index.column()]
        entry = self.setlist.sets[where[0]].entries[where[1]]
        if getattr(entry, name) == value:  # nothing changed: no undo step, nothing unsaved
            return True
        changes = {name: value}
        if name == "song" and song_key(value) != song_key(entry.song):  # another song: the model's odds were not for it
            changes.update(probability=None, alternatives=[])
        self.undo_stack.push(commands.EditEntry(self, where, f"Change {name}", **changes))
        return True

    # Drag and drop: a move of whole songs, within or between sets ---------------------------------
    def supportedDropActions(self):  # noqa: N802 - Qt override
        return Qt.MoveAction

    def supportedDragActions(self):  # noqa: N802 - Qt override
        return Qt.MoveAction

    def mimeTypes(self):  # noqa: N802 - Qt override
        return [MIME]

    def mimeData(self, indexes):  # noqa: N802 - Qt override
        slots = sorted({self.slot(i) for i in indexes if self.slot(i) is not None})
        data = QMimeData()
        data.setData(MIME, QByteArray(json.dumps({"model": id(self), "slots": slots}).encode()))
        return data

    def canDropMimeData(self, data, action, row, column, parent):  # noqa: N802 - Qt override
        return data.hasFormat(MIME) and parent.isValid()

    def dropMimeData(self, data, action, row, column, parent):  # noqa: N802 - Qt override
        if action == Qt.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        payload = json.loads(bytes(data.data(MIME)).decode())
        if payload.get("model") != id(self):
            return False
        target = self._drop_target(row, parent)
        from .commands import move_songs

        move_songs(self, [tuple(s) for s in payload["slots"]], target)
        # False keeps the view from removing the dragged rows itself: the move already happened.
        return False

    def _drop_target(self, row: int, parent: QModelIndex) -> tuple[int, int]:
        where = self.slot(parent)
        if where is not None:  # dropped onto a song: take its place
            return where
        set_index = parent.row()
        return set_index, row if row >= 0 else len(self.setlist.sets[set_index].entries)

    # What the undo commands call: change the Setlist and tell the views --------------------------
    def apply_insert(self, where: tuple[int, int], entry: Entry) -> None:
        self.beginInsertRows(self.index(where[0], 0), where[1], where[1])
        self.setlist.insert(where[0], where[1], entry)
        self.endInsertRows()
        self._set_changed(where[0])
        self._songs_changed()

    def apply_remove(self, where: tuple[int, int]) -> Entry:
        self.beginRemoveRows(self.index(where[0], 0), where[1], where[1])
        entry = self.setlist.remove(*where)
        self.endRemoveRows()
        self._set_changed(where[0])
        self._songs_changed()
        return entry

    def apply_move(self, src: tuple[int, int], dst: tuple[int, int]) -> None:
        """`dst` is read after removal, as Setlist.move reads it; Qt wants the row before removal."""
        qt_row = dst[1] + 1 if src[0] == dst[0] and dst[1] >= src[1] else dst[1]
        if src == dst or not self.beginMoveRows(self.index(src[0], 0), src[1], src[1], self.index(dst[0], 0), qt_row):
            return
        self.setlist.move(src, dst)
        self.endMoveRows()
        self._set_changed(src[0])
        self._set_changed(dst[0])
        self._songs_changed()

    def apply_fields(self, where: tuple[int, int], changes: dict) -> dict:
        """Set entry fields; returns their old values (for undo)."""
        entry = self.setlist.sets[where[0]].entries[where[1]]
        old = {name: copy.deepcopy(getattr(entry, name)) for name in changes}
        for name, value in changes.items():
            setattr(entry, name, copy.deepcopy(value))
        self.dataChanged.emit(self.song_index(*where, SONG), self.song_index(*where, LOCKED))
        if "song" in changes:
            self._songs_changed()
        return old

    def apply_content(self, content: Setlist) -> None:
        """Replace date, venue, sets and meta in place: everyone holding the Setlist sees the new show."""
        self.beginResetModel()
        self.setlist.date, self.setlist.venue = content.date, content.venue
        self.setlist.sets[:] = copy.deepcopy(content.sets)
        self.setlist.meta = copy.deepcopy(content.meta)
        self.endResetModel()

    def _set_changed(self, set_index: int) -> None:
        count = self.index(set_index, PROBABILITY)
        self.dataChanged.emit(count, count)

    def _songs_changed(self) -> None:
        """Whether a song is in the show twice can change in any row when one row changes."""
        for i, s in enumerate(self.setlist.sets):
            if s.entries:
                self.dataChanged.emit(self.song_index(i, 0), self.song_index(i, len(s.entries) - 1),
                                      [Qt.ForegroundRole, Qt.ToolTipRole])
