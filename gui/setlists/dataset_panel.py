"""The band's history: import and merge files, its figures, a searchable table of shows, import problems."""

from __future__ import annotations

import html
import os

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from engine.setlists.history import song_key
from engine.words import counted

from ..save_dialog import chosen_files
from .show_fields import pass_files_over
from .tasks import Digest

FILE_FILTER = "Setlist histories (*.csv *.json);;CSV (*.csv);;phish.net / setlist.fm / Encore JSON (*.json)"
ROOT = QModelIndex()
WIDEST = 40  # characters: a column sized to its cells stops there (one long venue hid every setlist)


class ShowsTable(QAbstractTableModel):
    """The shows of a History, one per row: date, venue, number of songs, the setlist as fans write it.

    It sorts itself, by a key per show made once: a QSortFilterProxyModel's sort asked data() for both shows
    of every comparison, seconds for a big band's 10,000 shows at each click on a column's header."""

    HEADERS = ("Date", "Venue", "Songs", "Setlist")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.shows: list = []
        self.texts: list[str] = []
        self.counts: list[int] = []
        self.order: list[int] = []  # the show (its place in the history) on each row
        self.sorted_by: tuple[int, Qt.SortOrder] = (-1, Qt.AscendingOrder)
        self.found: list[str] | None = None  # each show's searched_line, made at the first search
        self.written: list[str] | None = None  # each show's written_line, made at the first search of signs

    def set_history(self, history, made: Digest) -> None:
        """``made``: the history's digest (tasks.digest), made once by the page."""
        self.beginResetModel()
        self.shows = list(history.shows)
        self.texts, self.counts = made.lines, made.counts
        self.found = self.written = None
        self.order = self._sorted(*self.sorted_by)
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
        i, column = self.order[index.row()], index.column()
        if role == Qt.ToolTipRole:  # the whole of a cell the view may cut short (an elided venue, a setlist)
            return {1: self.shows[i].venue, 3: self.texts[i].replace(" | ", "\n")}.get(column)
        show = self.shows[i]
        return (show.date, show.venue, self.counts[i], self.texts[i])[column]

    def searched_line(self, row: int) -> str:
        """The row's cells in one line, for the search box (tabs apart: no match runs across two cells), each
        folded as the words searched for are."""
        if self.found is None:
            self.found = ["\t".join(map(folded, (s.date or "", s.venue or "", str(n), t)))
                          for s, n, t in zip(self.shows, self.counts, self.texts, strict=True)]
        return self.found[self.order[row]]

    def written_line(self, row: int) -> str:
        """The row's cells as written, case-folded: what a search of signs only looks in (folding drops them)."""
        if self.written is None:
            self.written = ["\t".join((s.date or "", s.venue or "", str(n), t)).casefold()
                            for s, n, t in zip(self.shows, self.counts, self.texts, strict=True)]
        return self.written[self.order[row]]

    def sort(self, column, order=Qt.AscendingOrder):
        self.sorted_by = (column, order)
        self.layoutAboutToBeChanged.emit()
        before, self.order = self.order, self._sorted(column, order)
        row_of = {show: row for row, show in enumerate(self.order)}
        kept = self.persistentIndexList()  # the selection follows its shows
        self.changePersistentIndexList(kept, [self.index(row_of[before[i.row()]], i.column()) for i in kept])
        self.layoutChanged.emit()

    def _sorted(self, column: int, order) -> list[int]:
        """The shows in the column's order; shows alike in it stay in the history's (date) order."""
        shows = range(len(self.shows))
        if not 0 <= column < len(self.HEADERS):
            return list(shows)
        key = (lambda i: self.shows[i].date or "", lambda i: self.shows[i].venue.casefold(),
               self.counts.__getitem__, lambda i: self.texts[i].casefold())[column]
        return sorted(shows, key=key, reverse=order == Qt.DescendingOrder)  # stable both ways


def folded(text: str) -> str:
    """Text as the search matches it: as song names are matched everywhere else (song_key), so that 'Deja vu'
    finds 'Déjà vu', 'mikes song' and 'Mike’s Song' find "Mike's Song", in any case and spacing. Dates stay
    found: '2019-12-31' is '2019 12 31' in the query and in the show alike. Case-folded first, as the search
    was: 'STRASSE' still finds 'Straße'."""
    return song_key(text.casefold())


class ShowsProxy(QSortFilterProxyModel):
    """The search over the table; sorting is the table's own (ShowsTable.sort), this one keeps its order. A show
    matches where its date, venue, number of songs or setlist holds the text, both folded(), looked
    up in a line made once per show, not by data() for each cell (seconds again, at each sort while searching:
    the table's new order is searched again)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.searched = ""
        self.signs = False  # the text has no letter or digit: it is looked for as written

    def setFilterFixedString(self, text: str) -> None:  # noqa: N802 - Qt override
        # Signs only ('->', '!!!', '&') are matched as written: folded, '->' was '>' and found every segue, '&'
        # was 'and' and found 'Grand Ballroom', and '!!!' found no show, not even a song called '!!!'
        self.signs = bool(text.strip()) and not any(c.isalnum() for c in text)
        self.searched = text.strip().casefold() if self.signs else folded(text)  # (a space typed after the last
        super().setFilterFixedString(text)                                        # song of a show finds it)

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802 - Qt override
        if not self.searched:
            return True
        table = self.sourceModel()
        return self.searched in (table.written_line(row) if self.signs else table.searched_line(row))

    def sort(self, column, order=Qt.AscendingOrder):
        self.sourceModel().sort(column, order)


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
        self.proxy = ShowsProxy(self)
        self.proxy.setSourceModel(self.table_model)  # it searches date, venue and songs in any case
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
        pass_files_over(self)  # the search box typed a dropped file's URL in: 0 shows matched it

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
        header.setSectionResizeMode(QHeaderView.Interactive)  # sized by _fit_columns, then the user's to drag
        header.setStretchLastSection(True)
        table.setTextElideMode(Qt.ElideRight)  # a venue cut short ends in "…", its tooltip holds it all
        return table

    def _fit_columns(self) -> None:
        """Date, venue and songs as wide as their cells, none wider than WIDEST characters: ResizeToContents
        let one long venue push the setlist off-screen on every row, and no one could narrow it."""
        widest = self.table.fontMetrics().averageCharWidth() * WIDEST
        for column in range(3):
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))

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
        paths = chosen_files(self, "Add setlist files" if merge else "Import setlists", FILE_FILTER)
        if paths:
            self.import_requested.emit(paths, merge)

    def show_history(self, history, paths: list[str], made: Digest) -> None:
        self.summary.setText(summary_html(history, paths, made.stats))
        self.table_model.set_history(history, made)
        self._fit_columns()
        self.problems.clear()
        self.problems.addItems(history.problems)
        self.problems_box.setTitle(f"Import problems ({len(history.problems)})")
        self.problems_box.setVisible(bool(history.problems))


def summary_html(history, paths: list[str], stats: dict | None = None) -> str:
    stats = stats or history.stats()
    demo = ('<span style="background:#b3261e;color:white;font-weight:bold">&nbsp;DEMO DATA&nbsp;</span> '
            "a generated band, not a real one: import your band's history to replace it.<br>"
            if history.demo else "")
    source = "from " + ", ".join(html.escape(os.path.basename(p)) for p in paths) if paths else "built into Encore"
    return (f"{demo}<b style='font-size:14pt'>{html.escape(stats['band'] or 'Unnamed band')}</b><br>"
            f"{counted(stats['shows'], 'show')} · {counted(stats['plays'], 'play')} · "
            f"{counted(stats['songs'], 'song')} · "
            f"{stats['first_date'] or '?'} to {stats['last_date'] or '?'} · {source}")
