"""File > Models…: the models Encore kept from each training (engine.model_store), to open on their page, show in
the file manager, or delete (to the system's trash; for good only once the user says so)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFile, QFileSystemWatcher, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from engine import model_store
from engine.errors import EncoreError
from engine.words import counted, listed

COLUMNS = ["Name", "Kind", "Saved", "Size", "Trained on"]
PAGES = {"jazz": "jazz", "setlist": "setlists"}  # a model's kind: the key of the page that plays it
TITLES = {"jazz": "Jazz", "setlist": "Setlists"}  # ... and that page's name on its tab
IN_USE = {"jazz": "Jazz page's model: a project saved with it opens without it.",  # what deleting it costs
          "setlist": "Setlists page's model: the page drafts with it until another is trained or loaded "
                     "or the window closes; Save model… keeps a copy."}
BUSY = "The Setlists page is running a job: open the model once it ends (or cancel it)."


class _Cell(QTableWidgetItem):
    """A cell that sorts by its value (bytes, seconds), not by the words shown."""

    def __init__(self, text: str, key):
        super().__init__(text)
        self.key = key
        self.setFlags(self.flags() & ~Qt.ItemIsEditable)

    def __lt__(self, other):  # every cell of the table is one: a column's keys are of one kind
        return self.key < other.key


class ModelsDialog(QDialog):
    def __init__(self, window, folder: str | os.PathLike | None = None):
        super().__init__(window)
        self.main_window = window
        self.folder = Path(folder) if folder else _kept_models_folder()
        self.models: dict[str, model_store.StoredModel] = {}
        self.trashed: list[str] = []  # names moved to the trash by the last Delete
        self.refused: list[str] = []  # names the trash did not take in the last Delete
        self.deleting = False  # a Delete (and its questions) under way: the folder is read again once it ends
        self.missed = False  # ... if it changed meanwhile
        self.setWindowTitle("Models")
        self.resize(900, 420)
        self.summary = QLabel(wordWrap=True, textInteractionFlags=Qt.TextSelectableByMouse)
        self.table = self._make_table()
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.open_button = buttons.addButton("&Open", QDialogButtonBox.AcceptRole)
        self.delete_button = buttons.addButton("&Delete…", QDialogButtonBox.DestructiveRole)
        self.folder_button = buttons.addButton("Show &Folder", QDialogButtonBox.ActionRole)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.folder_button.clicked.connect(self.show_folder)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.Delete), self.table).activated.connect(self.delete_selected)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        setlists = self._page("setlist")
        if setlists is not None:  # Open waits for its jobs, as its own Load model… does
            setlists.runner.running_changed.connect(self._page_busy_changed)
        self._watch_folder()
        self.refresh()

    def _watch_folder(self) -> None:
        """A training that ends while the dialog is open keeps its model here (so does another Encore, or the
        command line): the table reads the folder again. Every save and delete renames folders in it, so the
        changes are taken together, a moment after the last."""
        self.watcher = QFileSystemWatcher(self)
        self.settle = QTimer(self, singleShot=True, interval=300)
        self.watcher.directoryChanged.connect(lambda _path: self.settle.start())
        self.settle.timeout.connect(self._folder_changed)
        self._watch()

    def _watch(self) -> None:
        where = self.folder if self.folder.is_dir() else self.folder.parent  # made by the first training
        if where.is_dir() and str(where) not in self.watcher.directories():
            self.watcher.addPath(str(where))

    def _folder_changed(self) -> None:
        """Read again where models came or went; the chosen rows stay chosen. A change the dialog made itself
        (Delete) is on screen already, with what it did: left as it is. While a Delete asks its questions, the
        table stays as the user chose from: its refresh at the end reads the folder."""
        if self.deleting:
            self.missed = True
            return
        self._watch()
        try:
            found = {_shown(m) for m in model_store.list_models(self.folder)}
        except EncoreError:
            found = set()
        if found != {_shown(m) for m in self.models.values()}:  # a model re-trained under its name: a new Saved
            chosen = [m.name for m in self.selected()]
            self.refresh()
            self.select(chosen)

    def _make_table(self) -> QTableWidget:
        table = QTableWidget(0, len(COLUMNS))
        table.setHorizontalHeaderLabels(COLUMNS)
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        table.verticalHeader().hide()
        table.setWordWrap(False)  # one line a model; the whole of "Trained on" is its tooltip
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.itemSelectionChanged.connect(self._update_buttons)
        table.itemDoubleClicked.connect(lambda _item: self.open_selected())
        return table

    def refresh(self, note: str = "") -> None:
        """Read the folder again; ``note`` says what the last action did."""
        try:
            models = model_store.list_models(self.folder)
        except EncoreError as e:  # the folder removed or made unreadable meanwhile
            models, note = [], f"{e}"
        first = not self.table.isSortingEnabled()
        header = self.table.horizontalHeader()
        column, order = (2, Qt.DescendingOrder) if first else (header.sortIndicatorSection(),
                                                               header.sortIndicatorOrder())
        self.models = {m.name: m for m in models}
        self.table.setSortingEnabled(False)
        self.table.setRowCount(0)
        for m in models:
            self._add_row(m)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(column, order)  # newest first, then as the user sorted it (a save meanwhile)
        total = model_store.size_text(sum(m.size for m in models))
        said = f"{counted(len(models), 'model')}, {total}, in {self.folder}" if models else \
            f"No models in {self.folder}: each training in the window keeps one here."
        self.summary.setText(f"{note}\n{said}" if note else said)
        self._update_buttons()

    def _add_row(self, m: model_store.StoredModel) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        cells = [_Cell(m.name, m.name.lower()), _Cell(m.kind, m.kind), _Cell(model_store.saved_text(m.saved), m.saved),
                 _Cell(model_store.size_text(m.size), m.size), _Cell(m.trained_on, m.trained_on.lower())]
        cells[0].setData(Qt.UserRole, m.name)
        cells[3].setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
        for column, cell in enumerate(cells):
            cell.setToolTip(m.trained_on if column == 4 else str(m.path))
            self.table.setItem(row, column, cell)

    def selected(self) -> list[model_store.StoredModel]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.models[self.table.item(row, 0).data(Qt.UserRole)] for row in rows]

    def select(self, names: list[str]) -> None:
        """Choose the rows of ``names`` (for tests, and for whoever drives the dialog from code)."""
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.MultiSelection)
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.UserRole) in names:
                self.table.selectRow(row)
        self.table.setSelectionMode(mode)

    def _update_buttons(self) -> None:
        chosen = self.selected()
        busy = len(chosen) == 1 and self._busy(chosen[0])
        self.open_button.setEnabled(len(chosen) == 1 and chosen[0].kind in PAGES and not busy)
        self.open_button.setToolTip(BUSY if busy else "")
        self.delete_button.setEnabled(bool(chosen))

    @Slot(bool)
    def _page_busy_changed(self, _running: bool) -> None:
        self._update_buttons()

    def _page(self, kind: str):
        return next((p for p in getattr(self.main_window, "workspaces", []) if p.key == PAGES[kind]), None)

    def _busy(self, model: model_store.StoredModel) -> bool:
        """The Setlists page greys its own Load model… while a job runs: a training that ends would replace the
        model opened meanwhile. (The Jazz page queues a load behind its jobs itself.)"""
        page = self._page(model.kind) if model.kind == "setlist" else None
        return page is not None and page.runner.running

    # Actions --------------------------------------------------------------------------------------------
    def open_selected(self) -> None:
        """Load the chosen model on the page of its kind, and show that page."""
        chosen = self.selected()
        if len(chosen) != 1 or chosen[0].kind not in PAGES:
            return
        model = chosen[0]
        if self._busy(model):  # a double-click, or the page's job started after the choice
            self.summary.setText(BUSY)
            return
        page = self._page(model.kind)
        self.main_window.show_workspace(page.key)
        if model.kind == "jazz":
            page.use_model(str(model.path))
        else:
            page.load_model(str(model.path))
        self.accept()

    def delete_selected(self) -> None:
        self.deleting = True
        try:
            self._delete(self.selected())
        finally:
            self.deleting = False
        if self.missed:  # a Cancel leaves the table as it was: a model saved meanwhile joins it now
            self.missed = False
            self._folder_changed()

    def _delete(self, chosen: list[model_store.StoredModel]) -> None:
        """``chosen`` keeps each model's folder: the table may not, by the time the questions are answered."""
        if not chosen or not self._confirm_delete(chosen):
            return
        self.trashed, self.refused, problems, gone = [], [], [], []
        for model in chosen:
            try:
                model_store.delete_model(model.name, self.folder, move=self._to_trash)
                self.trashed.append(model.name)
            except EncoreError as e:
                if model.name in self.refused:  # a refusal of the trash is asked about below
                    continue
                if _vanished(model):  # changed by hand meanwhile: the engine's words sent the user to the CLI
                    gone.append(model)
                else:
                    problems.append(str(e))
        problems += _vanished_words(gone)
        left = [m for m in chosen if m.name in self.refused]
        if left and not self._confirm_for_good(left):  # the question promised the trash: nothing goes for good
            problems.append(f"The system's trash did not take {listed([m.name for m in left])}: kept.")
            left = []
        deleted = [m.name for m in left if self._delete_for_good(m, problems)]
        off_disk = [m.path for m in gone if not m.path.exists()]
        self._tell_pages([m.path for m in chosen if m.name in self.trashed + deleted] + off_disk)
        notes = [f"{counted(len(self.trashed), 'model')} moved to the trash." if self.trashed else "",
                 f"{counted(len(deleted), 'model')} deleted for good." if deleted else ""]
        self.refresh(" ".join(filter(None, [*notes, *problems])))

    def _delete_for_good(self, model: model_store.StoredModel, problems: list[str]) -> bool:
        try:
            model_store.delete_model(model.name, self.folder)
        except EncoreError as e:
            problems.append(str(e))
            return False
        return True

    def _confirm_delete(self, chosen: list[model_store.StoredModel]) -> bool:
        """Tests (ENCORE_NO_PROMPTS) always go on."""
        if os.environ.get("ENCORE_NO_PROMPTS"):
            return True
        size = model_store.size_text(sum(m.size for m in chosen))
        what = f"the model {chosen[0].name}" if len(chosen) == 1 else counted(len(chosen), "model")
        warning = "".join(f"\n\n{names} is the {IN_USE[kind]}" for kind in IN_USE
                          if (names := self._in_use(chosen, kind)))
        answer = QMessageBox.question(self, "Delete models?", f"Delete {what} ({size})? Each goes to the "
                                      f"system's trash (you are asked again where it cannot).{warning}",
                                      QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Cancel)
        return answer == QMessageBox.Yes

    def _in_use(self, chosen: list[model_store.StoredModel], kind: str) -> str:
        """The chosen models' names the page of ``kind`` has in use ("" for none)."""
        used = getattr(self._page(kind), "model_dir", None)
        return listed([m.name for m in chosen if used and _same_folder(m.path, used)])

    def _tell_pages(self, gone: list[Path]) -> None:
        """The Setlists page forgets the folder of its model in use once it is gone (it drafts from memory); the
        Jazz page takes the deleted models off its Train tab's list, and forgets its own folder too."""
        page = self._page("setlist")
        if page is not None and page.model_dir and any(_same_folder(path, page.model_dir) for path in gone):
            page.model_folder_deleted()
        page = self._page("jazz")
        if page is not None:
            page.model_folders_deleted([str(path) for path in gone])

    def _confirm_for_good(self, left: list[model_store.StoredModel]) -> bool:
        """Tests (ENCORE_NO_PROMPTS) keep them: only a click deletes what the trash would not take."""
        if os.environ.get("ENCORE_NO_PROMPTS"):
            return False
        size = model_store.size_text(sum(m.size for m in left))
        what = f"the model {left[0].name}" if len(left) == 1 else counted(len(left), "model")
        answer = QMessageBox.question(self, "Delete for good?", f"The system's trash did not take {what} ({size})."
                                      " Delete for good? This cannot be undone.",
                                      QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Cancel)
        return answer == QMessageBox.Yes

    def _to_trash(self, path: Path) -> None:
        """To the trash, which the user can take it back from: a move, whole or not at all. Refused (or no trash
        on this system), it stays where it is, and the user is asked before it is deleted for good."""
        moved = QFile.moveToTrash(str(path))  # a bool, or (bool, where) in some PySide6 versions
        if not (moved[0] if isinstance(moved, tuple) else moved):
            self.refused.append(path.name)
            raise OSError("the system's trash did not take it")

    def show_folder(self) -> None:
        if not self.folder.is_dir():
            self.summary.setText(f"{self.folder} does not exist yet: the first training in the window makes it.")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))


def _shown(m: model_store.StoredModel) -> tuple:
    """What a row of the table shows of a model."""
    return m.name, m.kind, m.saved, m.size, m.trained_on


def _vanished(m: model_store.StoredModel) -> bool:
    """Whether a model the table listed has left its folder since (removed, or emptied, outside Encore)."""
    try:
        model_store.find_model(m.name, m.path.parent)
    except EncoreError:
        return True
    return False


def _vanished_words(gone: list[model_store.StoredModel]) -> list[str]:
    """What the summary says of models that left the list outside Encore, before Delete reached them."""
    words = []
    for where, names in (("no longer on disk", [m.name for m in gone if not m.path.exists()]),
                         ("no longer a model Encore can read", [m.name for m in gone if m.path.exists()])):
        if names:
            words.append(f"{listed(names)} {'is' if len(names) == 1 else 'are'} {where}; the list is refreshed.")
    return words


def _same_folder(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """One folder however it was reached (a link, a relative path): as the Jazz page compares its own."""
    return os.path.realpath(a) == os.path.realpath(b)


def _kept_models_folder() -> Path:
    """The folder each training keeps its model in (the pages' own), or where it would be if it cannot be made."""
    from .jazz.project import app_data_folder

    try:
        return app_data_folder("models")
    except EncoreError:
        return model_store.models_folder()


def kind_refusal(folder: str, page_key: str) -> str:
    """Why the page ``page_key`` does not open the model in ``folder``: it is the other page's ("" otherwise, and
    for what is no model: loading it says what is wrong)."""
    from .main_window import saved_model

    kind, _why = saved_model(folder)
    if kind not in PAGES or PAGES[kind] == page_key:
        return ""
    return f"{folder}: is a {kind} model: open it on the {TITLES[kind]} page"
