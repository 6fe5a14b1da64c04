"""The band's history: import and merge files, its figures, a searchable table of shows, import problems."""

from __future__ import annotations

import html
import os

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from engine.words import counted

FILE_FILTER = "Setlist histories (*.csv *.json);;CSV (*.csv);;phish.net / setlist.fm / Encore JSON (*.json)"
ROOT = QModelIndex()


class ShowsTable(QAbstractTableModel):
    """The shows of a History, one per row: date, venue, number of songs, the setlist as fans write it."""

    HEADERS = ("Date", "Venue", "Songs", "Setlist")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.shows: list = []
        self.texts: list[str] = []

    def set_history(self, history) -> None:
        from engine.setlists.export import setlist_text

        self.beginResetModel()
        self.shows = list(history.shows) if history else []
        # One line per show, without its date line: what the search box looks through.
        self.texts = [" | ".join(setlist_text(s).splitlines()[1:]) for s in self.shows]
        self.endResetModel()

    def rowCount(self, parent=ROOT):  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.shows)

    def columnCount(self, parent=ROOT):  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802 - Qt override
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or role not in (Qt.DisplayRole, Qt.ToolTipRole):
            return None
        show = self.shows[index.row()]
        column = index.column()
        if role == Qt.ToolTipRole:
            return self.texts[index.row()].replace(" | ", "\n") if column == 3 else None
        if column == 2:
            return len(show.songs())
        return (show.date, show.venue, None, self.texts[index.row()])[column]


class DatasetPanel(QWidget):
    """Shows the current History; `import_requested(paths, merge)` asks the page to load files,
    `export_requested` to write the history (merged files included) as one file."""

    import_requested = Signal(list, bool)
    demo_requested = Signal()
    export_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.RichText)
        self.table_model = ShowsTable(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.table_model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)  # search date, venue and songs
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search shows: a song, a venue, a date…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.matches = QLabel()
        self.proxy.rowsInserted.connect(self._count)
        self.proxy.rowsRemoved.connect(self._count)
        self.proxy.modelReset.connect(self._count)
        self.table = self._table()
        self.problems = QListWidget()
        self.problems_box = QGroupBox("Import problems")
        box = QVBoxLayout(self.problems_box)
        box.addWidget(self.problems)
        self._build_layout()

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.DescendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the table (it went round 698 shows' cells for good)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setResizeContentsPrecision(100)  # size columns from 100 rows, not every show (slow on big bands)
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        header.setStretchLastSection(True)
        return table

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        for text, tip, slot in (
                ("Import…", "Load a history from CSV, phish.net JSON or setlist.fm JSON files",
                 lambda: self._ask(merge=False)),
                ("Add files…", "Merge more files into the current history (a show in two files is kept once)",
                 lambda: self._ask(merge=True)),
                ("Demo band", "Go back to the generated demo band", self.demo_requested.emit),
                ("Export history…", "Write the history shown here (merged files included) as one CSV or JSON file",
                 self.export_requested.emit)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        shows = QWidget()
        column = QVBoxLayout(shows)
        column.setContentsMargins(0, 0, 0, 0)
        search = QHBoxLayout()
        search.addWidget(self.search, 1)
        search.addWidget(self.matches)
        column.addLayout(search)
        column.addWidget(self.table)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(shows)
        splitter.addWidget(self.problems_box)
        splitter.setStretchFactor(0, 4)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)

    def _count(self, *_) -> None:
        self.matches.setText(f"{self.proxy.rowCount()} of {counted(self.table_model.rowCount(), 'show')}")

    def _ask(self, merge: bool) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Add setlist files" if merge else "Import setlists",
                                                "", FILE_FILTER)
        if paths:
            self.import_requested.emit(paths, merge)

    def show_history(self, history, paths: list[str]) -> None:
        self.summary.setText(summary_html(history, paths))
        self.table_model.set_history(history)
        self.problems.clear()
        self.problems.addItems(history.problems)
        self.problems_box.setTitle(f"Import problems ({len(history.problems)})")
        self.problems_box.setVisible(bool(history.problems))


def summary_html(history, paths: list[str]) -> str:
    stats = history.stats()
    demo = ('<span style="background:#b3261e;color:white;font-weight:bold">&nbsp;DEMO DATA&nbsp;</span> '
            "a generated band, not a real one: import your band's history to replace it.<br>"
            if history.demo else "")
    source = "from " + ", ".join(html.escape(os.path.basename(p)) for p in paths) if paths else "built into Encore"
    return (f"{demo}<b style='font-size:14pt'>{html.escape(stats['band'] or 'Unnamed band')}</b><br>"
            f"{counted(stats['shows'], 'show')} · {counted(stats['plays'], 'play')} · "
            f"{counted(stats['songs'], 'song')} · "
            f"{stats['first_date'] or '?'} to {stats['last_date'] or '?'} · {source}")
