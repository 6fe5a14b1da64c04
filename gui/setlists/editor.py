"""The setlist editor: sets as sections, drag and drop, add by typing, delete, segue marks, locks, alternatives,
sets added and removed, songs moved by key."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QObject,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from engine.setlists.history import song_key
from engine.setlists.setlist import Entry, Setlist

from ..key_table import answer, bindings
from . import commands
from .alternatives import AlternativesPanel
from .setlist_model import LOCKED, PROBABILITY, SONG, TRANSITION, SetlistModel
from .show_fields import FilesPassOver, PageUndoKeys

# The editor's key table (gui/key_table.py), answered by the view before its own keys.
KEYS = (
    (("Del", "Backspace"), "Remove the selected songs", lambda editor, i: editor.delete_selected()),
    (("Ctrl+T",), "Cycle the mark after each selected song: stop, segue, jam segue", lambda editor, i: editor.toggle_transition()),
    (("Ctrl+L",), "Lock or unlock the selected songs", lambda editor, i: editor.toggle_locked()),
    (("F2",), "Rename the current song, or type its mark on the Mark cell (Enter keeps it, Esc drops it)",
     lambda editor, i: editor.rename_current()),
)
# The sets' keys, also the Sets button's and the context menu's actions (named by SET_ACTIONS, in this order).
SET_KEYS = (
    (("Ctrl+Shift+N",), "Add the next set (Set 3 after Set 2) before the encores; Regenerate fills it",
     lambda editor, i: editor.add_set()),
    (("Ctrl+Shift+E",), "Add an encore (Encore, then Encore 2) at the end; Regenerate fills it",
     lambda editor, i: editor.add_set(encore=True)),
    (("Ctrl+Shift+Del", "Ctrl+Shift+Backspace"), "Remove the selected set and its songs",
     lambda editor, i: editor.remove_set()),
)
# Alt, as the piano roll's Alt+Up moves its whole piece; Ctrl+Up is the tree's own (the current row moves,
# the selection stays). Also the context menu's actions, named by MOVE_ACTIONS.
MOVE_KEYS = (
    (("Alt+Up", "Alt+Down"), "Move the current song up or down; past its set's first or last place, into the set "
     "before or after", lambda editor, i: editor.move_current((-1, 1)[i])),
)
KEYS = KEYS + MOVE_KEYS + SET_KEYS
SET_ACTIONS = (("add", "Add set"), ("encore", "Add encore"), ("remove", "Remove set"))
MOVE_ACTIONS = (("up", "Move song up"), ("down", "Move song down"))  # MOVE_KEYS' two keys
TEXT_KEYS = (Qt.Key_Delete, Qt.Key_Backspace)  # in the add-song field, the typed name's, never the show's


class SongSpelling(QStyledItemDelegate):
    """A song renamed in its cell takes the band's spelling when the band has the song ('harry hood' is their
    'Harry Hood'), as one typed in the add field does."""

    def __init__(self, spelling, files: FilesPassOver, parent=None):
        super().__init__(parent)
        self.spelling, self.files = spelling, files

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt override
        cell = super().createEditor(parent, option, index)
        self.files.watch([cell])  # a file dropped on the cell being typed in is the window's to open
        return cell

    def setModelData(self, editor, model, index):  # noqa: N802 - Qt override
        if index.column() == SONG and isinstance(editor, QLineEdit):
            model.setData(index, self.spelling(editor.text()))
            return
        super().setModelData(editor, model, index)


class SetlistView(QTreeView):
    def __init__(self, model: SetlistModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setDragDropMode(QAbstractItemView.InternalMove)
        self.setDefaultDropAction(Qt.MoveAction)
        self.setDropIndicatorShown(True)
        self.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        header = self.header()
        header.setSectionResizeMode(SONG, QHeaderView.Stretch)
        for column in (TRANSITION, PROBABILITY, LOCKED):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        header.setStretchLastSection(False)
        model.modelReset.connect(self.expandAll)
        model.rowsInserted.connect(lambda *_: self.expandAll())
        self.expandAll()
        self.keys, self.key_target = [], None  # the editor's key bindings, and the editor they act on

    def commit_open_edit(self) -> None:
        """A song name still being typed counts: Save and Quit come before its cell loses focus."""
        editor = self.indexWidget(self.currentIndex()) if self.state() == QAbstractItemView.EditingState else None
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.NoHint)

    def keyPressEvent(self, event):  # noqa: N802 - Qt override
        if self.state() != QAbstractItemView.EditingState and answer(self.keys, self.key_target, event):
            return
        super().keyPressEvent(event)


class SongFieldKeys(QObject):
    """The editor's keys answered in the add-song field too, on the current song, as the Edit menu shows them:
    the song just added is current while the field keeps the focus for the next one, and Alt+Up or Ctrl+L did
    nothing there. Del and Backspace stay the typed name's; the completer's open list keeps its keys."""

    def __init__(self, editor, field):
        super().__init__(field)
        self.editor, self.field = editor, field
        self.keys = [(keys, i, act) for keys, i, act in bindings(KEYS) if keys[0].key() not in TEXT_KEYS]
        field.installEventFilter(self)

    def eventFilter(self, watched, event):  # noqa: N802 - Qt override
        if event.type() != QEvent.KeyPress or self.field.completer().popup().isVisible():
            return False
        return answer(self.keys, self.editor, event)


class SetlistEditor(QWidget):
    """Edits one shared Setlist; every change goes on `undo_stack`. Emits `regenerate_requested`."""

    regenerate_requested = Signal()
    song_chosen = Signal(str)  # the user wants to see this song in the explorer
    start_requested = Signal(str)  # a song typed with no show yet: the page starts one with it
    status = Signal(str)  # a message for the status bar (a mark typed that is none)

    def __init__(self, setlist: Setlist, undo_stack, parent=None):
        super().__init__(parent)
        self.model = SetlistModel(setlist, undo_stack, self)
        self.view = SetlistView(self.model)
        self.alternatives = AlternativesPanel(self.model, self._selected_slot)
        self.catalogue = QStringListModel(self)
        self.spellings: dict[str, str] = {}  # song key -> the band's spelling, of the catalogue's songs
        self.files = FilesPassOver(self)  # files dragged onto the add-song field or a cell go to the window
        self.view.setItemDelegate(SongSpelling(self.spelling, self.files, self.view))
        self.song_field = self._song_field()
        self.files.watch([self.song_field])
        self.song_field_keys = SongFieldKeys(self, self.song_field)
        self.model.status.connect(self.status)
        self.set_actions = self._actions((*named, row, 0) for named, row in zip(SET_ACTIONS, SET_KEYS, strict=True))
        self.move_actions = self._actions((*named, MOVE_KEYS[0], i) for i, named in enumerate(MOVE_ACTIONS))
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.view.selectionModel().currentChanged.connect(lambda *_: self._sets_changed())
        self.model.modelReset.connect(self._sets_changed)  # a show, or a set added or removed
        # a move undone: the song's place changed; a song added or taken out after the current one: it is the
        # set's last or no longer (Qt moves the current row before the row goes, while the song is still there)
        for changed in (self.model.rowsMoved, self.model.rowsInserted, self.model.rowsRemoved):
            changed.connect(lambda *_: self._sets_changed())
        self.model.selection_wanted.connect(self.select_slots)  # a delete, done, undone or redone
        self.view.doubleClicked.connect(self._double_clicked)
        self._build_layout()
        self._add_actions()

    def _song_field(self) -> QLineEdit:
        field = QLineEdit()
        field.setPlaceholderText("Add a song: type its name, Enter inserts it after the selection")
        completer = QCompleter(self.catalogue, field)
        completer.setCaseSensitivity(Qt.CaseInsensitive)
        completer.setFilterMode(Qt.MatchContains)
        field.setCompleter(completer)
        field.returnPressed.connect(lambda: self._return_pressed(field))
        completer.activated.connect(lambda name: self._picked(field, name))  # Enter or a click on the list
        # Ctrl+Z in the emptied field is Edit's "Undo Add …": the text's own undo put the song just added back in
        # it; with a name being typed, Ctrl+Z takes back the typing, not the show's last edit
        self.song_field_undo = PageUndoKeys(field, self.model.undo_stack, lambda: not field.text())
        return field

    def _picked(self, field: QLineEdit, name: str) -> None:
        """The song chosen on the completer's list. QLineEdit writes the choice into the field after this (it
        ties its completer to itself on focus-in, after our connection), so an added song is cleared once that
        is done: its name left there was added again by the next Enter."""
        self.add_song(name)
        if not field.text():
            QTimer.singleShot(0, field.clear)

    def _return_pressed(self, field: QLineEdit) -> None:
        popup = field.completer().popup()
        if not (popup.isVisible() and popup.currentIndex().isValid()):  # else the list's choice comes next
            self.add_song(field.text())

    def _build_layout(self) -> None:
        buttons = QGridLayout()  # two rows: the editor must fit beside the controls in a small window
        for i, (text, tip, slot) in enumerate((
                ("Segue , > ->", "Cycle the mark after each selected song: stop, segue, jam segue (Ctrl+T)", self.toggle_transition),
                ("Lock", "Keep the selected songs when regenerating (Ctrl+L locks or unlocks them)", lambda: self.set_locked(True)),
                ("Unlock", "Let the model replace the selected songs", lambda: self.set_locked(False)),
                ("Delete", "Remove the selected songs (Del)", self.delete_selected),
                ("Regenerate unlocked", "Draft again, keeping the locked songs in their places",
                 self.regenerate_requested.emit))):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button, i // 3, i % 3)
        self.regenerate_button = button
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        adding = QHBoxLayout()
        adding.addWidget(self.song_field, 1)
        adding.addWidget(self._sets_button())
        column.addLayout(adding)
        column.addWidget(self.view, 1)
        column.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.alternatives)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def _add_actions(self) -> None:
        self.view.keys, self.view.key_target = bindings(KEYS), self
        self.view.setContextMenuPolicy(Qt.CustomContextMenu)
        self.view.customContextMenuRequested.connect(
            lambda at: self.context_menu().exec(self.view.viewport().mapToGlobal(at)))

    def _actions(self, named) -> dict[str, QAction]:
        """(name, text, key table row, which of its keys) -> that key's action: the sets' (for the Sets button and
        the context menu) and the moves' (the context menu). Their keys are answered by the view: shown here, and
        bound only while a menu holding them is open."""
        actions = {}
        for name, text, (keys, tip, act), i in named:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys[i]))
            action.setShortcutContext(Qt.WidgetShortcut)
            action.setShortcutVisibleInContextMenu(True)
            action.setToolTip(tip)
            action.triggered.connect(lambda _=False, act=act, i=i: act(self, i))
            actions[name] = action
        return actions

    def _sets_button(self) -> QToolButton:
        button = QToolButton()
        button.setText("Sets")
        button.setToolTip("Add a set or an encore, or remove the selected set")
        button.setPopupMode(QToolButton.InstantPopup)
        menu = QMenu(button)
        menu.addActions(list(self.set_actions.values()))
        button.setMenu(menu)
        return button

    def context_menu(self) -> QMenu:
        """What a right click offers: the selected songs' edits, then the sets'."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WA_DeleteOnClose)  # one per right click
        for text, slot in (("Segue , > ->", self.toggle_transition), ("Lock or unlock", self.toggle_locked),
                           ("Delete", self.delete_selected)):
            menu.addAction(text, slot).setEnabled(bool(self.selected_slots()))
        menu.addActions(list(self.move_actions.values()))
        menu.addSeparator()
        menu.addActions(list(self.set_actions.values()))
        return menu

    def set_catalogue(self, songs: list[str]) -> None:
        self.catalogue.setStringList(sorted(songs, key=str.lower))
        self.spellings = {song_key(song): song for song in songs}

    def spelling(self, name: str) -> str:
        """The band's spelling of a song typed in any case or spacing; a song they never played as typed."""
        name = name.strip()
        return self.spellings.get(song_key(name), name) if name else name

    # Selection -------------------------------------------------------------------------------------
    def selected_slots(self) -> list[tuple[int, int]]:
        rows = self.view.selectionModel().selectedRows(SONG)
        return sorted({s for s in (self.model.slot(i) for i in rows) if s is not None})

    def select(self, set_index: int, position: int) -> None:
        self.select_slots([(set_index, position)])

    def select_slots(self, slots: list[tuple[int, int]]) -> None:
        """These songs selected, the first one current (and scrolled to); nothing changes for none."""
        if not slots:
            return
        selection = QItemSelection()
        for where in slots:
            index = self.model.song_index(*where)
            selection.select(index, index)
        self.view.setCurrentIndex(self.model.song_index(*slots[0]))
        self.view.selectionModel().select(selection, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)

    def _selection_changed(self) -> None:
        self.alternatives.show_slot(self._selected_slot())
        self._sets_changed()

    def selected_set(self) -> int | None:
        """The set of the current row: the set itself, or the set of the song."""
        current = self.view.currentIndex()
        if not current.isValid():
            return None
        where = self.model.slot(current)
        return where[0] if where is not None else current.row()

    def _sets_changed(self) -> None:
        sets = self.model.setlist.sets
        for name in ("add", "encore"):
            self.set_actions[name].setEnabled(bool(sets))  # no show yet: a typed song starts one
        chosen = self.selected_set()
        remove = self.set_actions["remove"]
        remove.setEnabled(chosen is not None and len(sets) > 1)  # a show keeps a set to type into
        remove.setText(f"Remove {sets[chosen].name}" if chosen is not None else "Remove set")
        where = self.model.slot(self.view.currentIndex())
        for name, step in (("up", -1), ("down", 1)):
            self.move_actions[name].setEnabled(
                where is not None and commands.step_target(self.model.setlist, where, step) is not None)

    def _selected_slot(self) -> tuple[int, int] | None:
        slots = self.selected_slots()
        return slots[0] if len(slots) == 1 else None

    def _double_clicked(self, index) -> None:
        entry = self.model.entry(index)
        if entry is not None and index.column() == PROBABILITY:
            self.song_chosen.emit(entry.song)

    # Edits -----------------------------------------------------------------------------------------
    def insertion_point(self) -> tuple[int, int] | None:
        """After the last selected song, at the end of a selected set, or at the end of the first set."""
        if not self.model.setlist.sets:
            return None
        slots = self.selected_slots()
        if slots:
            return slots[-1][0], slots[-1][1] + 1
        current = self.view.currentIndex()
        set_index = current.row() if current.isValid() and self.model.slot(current) is None else 0
        return set_index, len(self.model.setlist.sets[set_index].entries)

    def add_song(self, name: str) -> None:
        name = self.spelling(name)
        where = self.insertion_point()
        if name and where is None:  # nothing drafted yet: a show written by hand, from its first song
            self.start_requested.emit(name)
            where = self.insertion_point()
            if where is not None:
                self.song_field.clear()
                self.select(0, 0)
            return
        if not name or where is None:
            return
        self.model.undo_stack.push(commands.InsertSong(self.model, where, Entry(name)))
        self.song_field.clear()
        self.select(*where)

    def delete_selected(self) -> None:
        """The song that takes the first deleted one's place is selected (DeleteSongs does it, on redo too): Qt
        kept only a current row, so a second Del, Ctrl+L or Ctrl+T did nothing."""
        slots = self.selected_slots()
        if slots:
            commands.delete_songs(self.model, slots)
            self.view.setFocus()  # after the Delete button too: Del goes on deleting

    def rename_current(self) -> None:
        """The current row's song cell opened for typing, whichever of its cells is current (Ctrl+T changes the
        mark)."""
        current = self.view.currentIndex()
        if current.isValid() and self.model.slot(current) is not None:
            if current.column() == TRANSITION:  # the mark typed, as F2 did there before: Ctrl+T only cycles
                self.view.edit(current)
                return
            song = current.siblingAtColumn(SONG)  # current too: Save commits the open cell (commit_open_edit)
            self.view.selectionModel().setCurrentIndex(song, QItemSelectionModel.NoUpdate)
            self.view.edit(song)

    def toggle_transition(self) -> None:
        commands.toggle_transition(self.model, self.selected_slots())

    def set_locked(self, locked: bool) -> None:
        slots = self.selected_slots()
        if slots:
            commands.set_locked(self.model, slots, locked)

    def toggle_locked(self) -> None:
        slots = self.selected_slots()
        if slots:
            entries = [self.model.setlist.sets[s].entries[p] for s, p in slots]
            self.set_locked(not all(e.locked for e in entries))

    def move_current(self, step: int) -> None:
        """The current song one place up (-1) or down (1), across into the next set at a set's end, as a drag
        moves it (a locked song too: the lock keeps it through Regenerate, not in place). It stays the current
        and only selected song, so the key pressed again moves it on."""
        where = self.model.slot(self.view.currentIndex())
        landed = commands.move_song_step(self.model, where, step) if where is not None else None
        if landed is not None:
            self.select(*landed)
            self._keys_here()

    def add_set(self, encore: bool = False) -> None:
        """The new set, empty, becomes the current row: a song typed next goes into it."""
        where = commands.add_set(self.model, encore)
        if where is not None:
            self._select_set(where)

    def remove_set(self) -> None:
        chosen = self.selected_set()
        if chosen is not None and len(self.model.setlist.sets) > 1:
            commands.remove_set(self.model, chosen)
            self._select_set(min(chosen, len(self.model.setlist.sets) - 1))

    def _select_set(self, set_index: int) -> None:
        index = self.model.index(set_index, 0)
        self.view.setCurrentIndex(index)
        self.view.selectionModel().select(index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
        self._keys_here()

    def _keys_here(self) -> None:
        """The view takes the focus (from the context menu too), so that the keys go on answering; the add-song
        field keeps it, where they answer as well and the next song is typed."""
        if self.window().focusWidget() is not self.song_field:  # (hasFocus: only while the window is active)
            self.view.setFocus()
