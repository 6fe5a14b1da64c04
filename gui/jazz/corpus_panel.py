"""The corpus: the files to learn from, what the importer found in each, and the choices to change."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.words import counted

from .tasks import CorpusFile

COLUMNS = ["File / part", "Role", "Bars", "Tokens"]


class CorpusPanel(QWidget):
    add_requested = Signal()
    builtin_requested = Signal()  # the built-in solos back: removed, or their loading cancelled
    reimport_requested = Signal(object)  # a CorpusFile with new choices
    changed = Signal()  # entries added, removed, ticked or re-read

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[CorpusFile] = []
        self.builtin_off: set[str] = set()  # names of the built-in files the user unticked (the project keeps them)
        self.recent: list[str] = []  # paths of the files the user added or selected, the latest last
        # the user's removals and ticks, by path, at the moment they were made: a reading that began before
        # them brings back neither the removed file nor the old tick (the newest intent wins)
        self._moment = 0
        self._removed_at: dict[str, int] = {}
        self._ticked_at: dict[str, int] = {}
        # the tree is never rebuilt inside one of its own item signals: clear() deleted the item Qt was still
        # ticking, and the app crashed; a rebuild asked for there waits for this timer (the panel's own)
        self._in_tree_signal = False
        self.undo_stack = None  # the page's, where each tick and removal is a step (set_undo_stack)
        self._rebuild_later = QTimer(self, singleShot=True, interval=0)
        self._rebuild_later.timeout.connect(self.refresh)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setColumnWidth(0, 190)
        self.tree.setToolTip("Tick the files to train on; select one to change what the importer chose")
        self.vocabulary = QLabel()
        self.melody = QSpinBox(minimum=0, maximum=999)
        self.chord_parts = QLineEdit(placeholderText="e.g. 0, 2")
        self.bar_range = QLineEdit(placeholderText="e.g. 1-32")
        self.apply_button = QPushButton("Read again with these choices")
        self._build_layout()
        self.tree.currentItemChanged.connect(self._selected)
        self.tree.itemChanged.connect(self._ticked)
        self.apply_button.clicked.connect(self._apply_choices)
        self.refresh()

    def _build_layout(self) -> None:
        add, remove = QPushButton("Add files…"), QPushButton("Remove")
        add.setToolTip("Add MIDI, MusicXML or ABC files (or drop them on the window)")
        add.clicked.connect(self.add_requested)
        remove.clicked.connect(self.remove_selected)
        builtin = QPushButton("Built-in solos")
        builtin.setToolTip("Read Encore's own solos into the corpus again (after Remove, or a cancelled start-up)")
        builtin.clicked.connect(self.builtin_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addWidget(builtin)
        form = QFormLayout()
        form.addRow("Melody part", self.melody)
        form.addRow("Chord parts", self.chord_parts)
        form.addRow("Bars", self.bar_range)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.vocabulary)
        layout.addLayout(form)
        layout.addWidget(self.apply_button)

    def set_undo_stack(self, stack) -> None:
        """The page's undo stack: ticks and removals become its steps, and its clean state the project's."""
        self.undo_stack = stack

    def _step(self, command: QUndoCommand) -> None:
        """An edit already made, recorded on the page's stack, whose clean state is the project's."""
        self.undo_stack.push(command)

    # Entries -------------------------------------------------------------------------------------
    def moment(self) -> int:
        """Now, for a reading beginning: its files removed after this are left out when it ends."""
        return self._moment

    def removed_since(self, path: str, moment: int | None) -> bool:
        return moment is not None and self._removed_at.get(path, -1) > moment

    def add_entries(self, entries: list[CorpusFile], since: int | None = None) -> None:
        """Files read: new ones listed, a listed one given its new reading (the same entry, updated). ``since``:
        when the reading began; files the user removed after it stay removed, ticks made after it stay."""
        known = {e.path: e for e in self.entries}
        for entry in entries:
            if self.removed_since(entry.path, since):
                continue
            if entry.builtin:
                entry.use = entry.name not in self.builtin_off
            listed = known.get(entry.path)
            if listed is None:
                self.entries.append(entry)
            elif listed is not entry:
                ticked_since = since is not None and self._ticked_at.get(entry.path, -1) > since
                listed.choices, listed.source, listed.problem = entry.choices, entry.source, entry.problem
                listed.builtin, listed.use = entry.builtin, listed.use if ticked_since else entry.use
            if not entry.builtin:  # read at start-up, maybe after a file the window opened: no one's pick
                self._looked_at(entry.path)
        self.refresh()
        self.changed.emit()

    def remove_selected(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            command = RemoveFile(self, entry, self.entries.index(entry))
            command.redo()
            self._step(command)

    def _take_out(self, entry: CorpusFile) -> None:
        """Off the list; a reading of it begun before now brings it back no more (removed_since)."""
        if entry in self.entries:
            self.entries.remove(entry)
            self._removed_at[entry.path] = self._note_moment()
            self.refresh()
            self.changed.emit()

    def _put_back(self, entry: CorpusFile, row: int, removed_at: int | None) -> None:
        """A removal undone: the same entry, its choices and reading, at its row; a reading of it still under
        way lands on it again."""
        if entry in self.entries:
            return
        self.entries.insert(min(row, len(self.entries)), entry)
        if removed_at is None:
            self._removed_at.pop(entry.path, None)
        else:
            self._removed_at[entry.path] = removed_at
        self.refresh()
        self.changed.emit()

    def set_builtin_off(self, names) -> None:
        """A project's unticked built-in files, by name (their folder differs from one install to another)."""
        self.builtin_off = set(names)
        for entry in self.entries:
            if entry.builtin:
                entry.use = entry.name not in self.builtin_off
        self.refresh()
        self.changed.emit()

    def drop_user_entries(self) -> None:
        """Only the built-in files: another project's own files are not this one's."""
        self.entries = [e for e in self.entries if e.builtin]
        self.refresh()
        self.changed.emit()

    def mark_unread(self, problem: str, stopped: list[CorpusFile]) -> None:
        """Files of a reading that stopped before them: 'not read', with why, not 'reading…' for good."""
        listed = {id(e) for e in self.entries}
        waiting = [e for e in stopped if id(e) in listed and e.source is None and not e.problem]
        for entry in waiting:
            entry.problem = problem
        self.refresh()  # those read before it stopped show what they hold

    def sources(self) -> list:
        return [e.source for e in self.entries if e.use and e.source is not None]

    def chord_entry(self) -> CorpusFile | None:
        """The file whose chords a solo takes when none are typed: the selected one (ticked or not: a pick),
        else the one the user added or selected last of those still ticked, else the first ticked (a built-in
        solo at start-up). An unticked file is one the user left out: its chords are not taken unasked."""
        current = self.current_entry()
        if current is not None and current.source is not None:
            return current
        readable = {e.path: e for e in self.entries if e.use and e.source is not None}
        latest = next((readable[p] for p in reversed(self.recent) if p in readable), None)
        return latest or next((e for e in self.entries if e.use and e.source is not None), None)

    def _note_moment(self) -> int:
        self._moment += 1
        return self._moment

    def _looked_at(self, path: str) -> None:
        if path in self.recent:
            self.recent.remove(path)
        self.recent.append(path)

    def current_entry(self) -> CorpusFile | None:
        item = self._current_file_item()
        return self.entries[self.tree.indexOfTopLevelItem(item)] if item is not None else None

    def _current_file_item(self):
        """The current file's row (a part's row belongs to its file)."""
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item

    # Showing ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self._in_tree_signal:  # its item is still in Qt's hands: rebuild once the signal has returned
            self._rebuild_later.start()
            return
        item = self._current_file_item()  # by path: the entries may have changed already
        current = item.data(0, Qt.UserRole) if item is not None else None
        self.tree.blockSignals(True)
        self.tree.clear()
        for row, entry in enumerate(self.entries):
            self.tree.addTopLevelItem(file_item(entry))
            if entry.path == current:  # ticking it, or reading it again, keeps it the one being looked at
                self.tree.setCurrentItem(self.tree.topLevelItem(row))
        self.tree.blockSignals(False)
        self._show_totals()
        self._show_choices()

    def _show_totals(self) -> None:
        vocabulary = {t for s in self.sources() for t in s.tokens}
        used = len(self.sources())
        self.vocabulary.setText(f"{used} of {counted(len(self.entries), 'file')} used · "
                                f"vocabulary: {counted(len(vocabulary), 'token')}")

    def _selected(self) -> None:
        with self._tree_signal():
            entry = self.current_entry()
            if entry is not None:
                self._looked_at(entry.path)
            self._show_choices()

    @contextmanager
    def _tree_signal(self):
        outer, self._in_tree_signal = self._in_tree_signal, True
        try:
            yield
        finally:
            self._in_tree_signal = outer

    def _show_choices(self) -> None:
        entry = self.current_entry()
        for widget in (self.melody, self.chord_parts, self.bar_range, self.apply_button):
            widget.setEnabled(entry is not None)
        if entry is not None:
            shown = _shown_choices(entry)
            self.melody.setValue(shown["melody_part"] or 0)
            self.chord_parts.setText(", ".join(str(i) for i in shown["chord_parts"] or []))
            self.bar_range.setText(shown["bars"] or "")

    def _ticked(self, item: QTreeWidgetItem, column: int) -> None:
        if item.parent() is not None or column != 0:
            return
        with self._tree_signal():  # the row shows the tick already: only the totals change
            entry = self.entries[self.tree.indexOfTopLevelItem(item)]
            use = item.checkState(0) == Qt.Checked
            self._set_use(entry, use)
            self._step(TickFile(self, entry, use))

    def _set_use(self, entry: CorpusFile, use: bool) -> None:
        """A file ticked or not, its row's box as well (signals blocked: an undo's tick is no new step)."""
        entry.use = use
        self._ticked_at[entry.path] = self._note_moment()
        if entry.builtin:
            self.builtin_off = (self.builtin_off - {entry.name}) | (set() if use else {entry.name})
        if entry in self.entries:
            item = self.tree.topLevelItem(self.entries.index(entry))
            if item is not None and (item.checkState(0) == Qt.Checked) != use:
                self.tree.blockSignals(True)
                item.setCheckState(0, Qt.Checked if use else Qt.Unchecked)
                self.tree.blockSignals(False)
        self._show_totals()
        self.changed.emit()

    def _apply_choices(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        parts = [int(x) for x in self.chord_parts.text().replace(",", " ").split() if x.isdigit()]
        asked = {"melody_part": self.melody.value(), "chord_parts": parts or None,
                 "bars": self.bar_range.text().strip() or None}
        # only the fields changed: one left as shown stays the reading's own choice, which the course preset
        # makes its way (the reference solo's parts and bars; no pickup bar 0), or the file's saved choice
        shown = _shown_choices(entry)
        shown["melody_part"] = shown["melody_part"] or 0  # as the box shows "none chosen"
        # a copy is read: the entry keeps its choices and reading until the new reading ends (a cancel keeps them)
        wanted = replace(entry, choices=entry.choices | {k: v for k, v in asked.items() if v != shown[k]})
        self.reimport_requested.emit(wanted)


class TickFile(QUndoCommand):
    """A file ticked or unticked, made already when pushed (the box was clicked)."""

    def __init__(self, panel: CorpusPanel, entry: CorpusFile, use: bool):
        super().__init__(f"{'Use' if use else 'Leave out'} {entry.name}")
        self.panel, self.entry, self.use, self.made = panel, entry, use, True

    def redo(self) -> None:
        if not self.made:
            self.panel._set_use(self.entry, self.use)
        self.made = False

    def undo(self) -> None:
        self.panel._set_use(self.entry, not self.use)


class RemoveFile(QUndoCommand):
    """A file removed from the corpus; undone, the same entry (its choices and reading) is back at its row."""

    def __init__(self, panel: CorpusPanel, entry: CorpusFile, row: int):
        super().__init__(f"Remove {entry.name}")
        self.panel, self.entry, self.row = panel, entry, row
        self.removed_at = panel._removed_at.get(entry.path)  # before this removal: an undo puts it back

    def redo(self) -> None:
        self.panel._take_out(self.entry)

    def undo(self) -> None:
        self.panel._put_back(self.entry, self.row, self.removed_at)


def _shown_choices(entry: CorpusFile) -> dict:
    """What the choice fields show for a file: as it was read, or its saved choices while it is not read."""
    source = entry.source
    if source is None:
        return {k: entry.choices.get(k) for k in ("melody_part", "chord_parts", "bars")}
    return {"melody_part": source.melody_part, "chord_parts": source.chord_parts,
            "bars": f"{source.bar_range[0]}-{source.bar_range[1]}"}


def file_item(entry: CorpusFile) -> QTreeWidgetItem:
    source = entry.source
    label = entry.name + (" (built in)" if entry.builtin else "")
    if source is None and not entry.problem:  # a project's file, its reading queued
        item = QTreeWidgetItem([label, "reading…", "", ""])
    elif source is None:
        item = QTreeWidgetItem([label, "not read", "", ""])
        item.setToolTip(0, f"{entry.path}\n{entry.problem}")  # as a file read names itself (below)
        item.setForeground(1, Qt.red)
    else:
        first, last = source.bar_range
        read_as = f"{source.meter} as 4/4" if source.read_in_4_4 else source.meter
        item = QTreeWidgetItem([label, read_as, f"{first}-{last} ({source.n_bars})", str(len(source.tokens))])
        item.setToolTip(0, f"{entry.path}\n{source.title}" + (f"\n{source.notice}" if source.notice else ""))
        item.setToolTip(1, source.notice)
        for part in source.parts:
            part_label = f"{part.index}: {part.name or 'part'} ({counted(part.notes, 'note')})"
            child = QTreeWidgetItem([part_label, part.role, "", ""])
            item.addChild(child)
    item.setData(0, Qt.UserRole, entry.path)
    item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
    item.setCheckState(0, Qt.Checked if entry.use else Qt.Unchecked)
    return item
