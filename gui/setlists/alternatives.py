"""The model's other choices for the selected slot, with their probabilities, and a button to swap one in."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.setlists.history import song_key

from .commands import swap_alternative

# Set False in a show's meta by the page for a show read from a file that keeps no alternatives (a CSV keeps
# each song's probability only): an empty list there is no word from the model. A draft brings its own meta.
ALTERNATIVES_KEPT = "alternatives_kept"


class AlternativesPanel(QWidget):
    def __init__(self, model, selected, parent=None):
        """``selected`` gives the slot the view has selected: after an edit moves rows, the panel shows the song
        still selected there, not whichever song now stands at the old position."""
        super().__init__(parent)
        self.model = model
        self.slot = None
        self.selected = selected
        self.heading = QLabel("Select a song to see the model's alternatives.")
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Alternative", "Probability"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab goes on to Swap in, not round the cells for good
        self.table.activated.connect(lambda index: self.swap(index.row()))  # Enter, or a double click
        self.swap_button = QPushButton("Swap in")
        self.swap_button.setToolTip("Put the chosen alternative in this slot (undoable)")
        self.swap_button.clicked.connect(lambda: self.swap(self.table.currentRow()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        layout.addWidget(self.swap_button)
        for signal in (model.dataChanged, model.modelReset, model.rowsMoved, model.rowsRemoved, model.rowsInserted):
            signal.connect(lambda *_: self.show_slot(self.selected()))
        self.show_slot(None)

    def show_slot(self, slot) -> None:
        """Show the alternatives of the song at (set, position), or nothing for None."""
        entry = self._entry(slot)
        self.slot = slot if entry else None
        alternatives = entry.alternatives if entry else []
        elsewhere = self.model.elsewhere(entry)
        self.table.setRowCount(len(alternatives))
        for row, (song, probability) in enumerate(alternatives):
            items = [QTableWidgetItem(song), QTableWidgetItem(f"{probability:.1%}")]
            items[1].setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            where = elsewhere.get(song_key(song))
            if where:  # swapping it in would put it in the show twice: shown, not offered
                items[0].setText(f"{song} (in {where})")
                for item in items:
                    item.setFlags(Qt.NoItemFlags)
                    item.setToolTip(f"Already in {where}")
            for column, item in enumerate(items):
                self.table.setItem(row, column, item)
        usable = [row for row in range(len(alternatives)) if self.usable(row)]
        if usable:
            self.table.selectRow(usable[0])
        self.heading.setText(self._heading(entry))
        self.swap_button.setEnabled(bool(usable))

    def usable(self, row: int) -> bool:
        item = self.table.item(row, 0)
        return item is not None and bool(item.flags() & Qt.ItemIsEnabled)

    def _entry(self, slot):
        sets = self.model.setlist.sets
        if slot is None or slot[0] >= len(sets) or slot[1] >= len(sets[slot[0]].entries):
            return None
        return sets[slot[0]].entries[slot[1]]

    def _heading(self, entry) -> str:
        if entry is None:
            return "Select a song to see the model's alternatives."
        song = html.escape(entry.song)  # a song called <Untitled> is text, not a tag
        if not entry.alternatives and entry.probability is None:
            return f"<b>{song}</b>: no alternatives (added by hand)"
        if not entry.alternatives and not self.model.setlist.meta.get(ALTERNATIVES_KEPT, True):
            return f"<b>{song}</b> ({entry.probability:.1%}): the model's other choices for this slot were not " \
                "kept (a CSV keeps only the probability)"
        if not entry.alternatives:  # the model's other choices are all in the show already
            return f"<b>{song}</b>: the model has no other song left for this slot"
        share = f" ({entry.probability:.1%})" if entry.probability is not None else ""
        return f"Instead of <b>{song}</b>{share}, the model also considered:"

    def swap(self, row: int) -> None:
        entry = self._entry(self.slot)
        if entry is not None and 0 <= row < len(entry.alternatives) and self.usable(row):
            swap_alternative(self.model, self.slot, row)
