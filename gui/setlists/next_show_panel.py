"""The next show: pick the date, Generate, then edit the draft (sets as sections), export or print it."""

from __future__ import annotations

import html

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.words import counted

from .editor import SetlistEditor


class NextShowPanel(QWidget):
    """`generate_requested(keep_locked)`: draft a new show, or redraft only the unlocked songs."""

    generate_requested = Signal(bool)
    export_requested = Signal()
    print_requested = Signal()

    def __init__(self, setlist, undo_stack, parent=None):
        super().__init__(parent)
        self.editor = SetlistEditor(setlist, undo_stack)
        self.editor.regenerate_requested.connect(lambda: self.generate_requested.emit(True))
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.venue = QLineEdit()
        self.venue.setPlaceholderText("optional")
        self.temperature = QDoubleSpinBox(minimum=0.0, maximum=2.0, singleStep=0.1, value=0.8)
        self.temperature.setSpecialValueText("0 (greedy)")  # the likeliest song at every slot, as `setlist predict`
        self.temperature.setToolTip("Lower: the band's habits; higher: surprises. 0: always the likeliest song")
        self.seed = QSpinBox(minimum=0, maximum=2**31 - 1, value=1)
        self.avoid_recent = QSpinBox(minimum=0, maximum=20, value=3, suffix=" shows")
        self.avoid_recent.setToolTip("Songs of the band's last shows stay out of the draft. 0 for a band whose\n"
                                     "staples come back every night (the Dead's Drums, a pop band's hits)")
        self.generate_button = QPushButton("Generate")
        self.generate_button.setToolTip("Draft the whole show with the trained model")
        self.generate_button.clicked.connect(lambda: self.generate_requested.emit(False))
        self.heading = QLabel()
        # a new show, opened, generated, or brought back by undo and redo: the heading follows it
        self.editor.model.modelReset.connect(lambda: self.show_heading(self.editor.model.setlist))
        self._build_layout()
        self.set_ready(False, "Train a model (Train & evaluate) to draft the next show.")

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.addRow("Date", self.date)
        form.addRow("Venue", self.venue)
        form.addRow("Temperature", self.temperature)
        form.addRow("Seed", self.seed)
        form.addRow("Leave out last", self.avoid_recent)
        form.addRow(self.generate_button)
        for text, signal in (("Export…", self.export_requested), ("Print…", self.print_requested)):
            button = QPushButton(text)
            button.clicked.connect(signal.emit)
            form.addRow(button)
        controls = QWidget()
        controls.setLayout(form)
        controls.setMaximumWidth(300)
        column = QVBoxLayout()
        column.addWidget(self.heading)
        column.addWidget(self.editor, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(controls)
        layout.addLayout(column, 1)

    def set_ready(self, ready: bool, message: str = "") -> None:
        self.generate_button.setEnabled(ready)
        self.editor.regenerate_button.setEnabled(ready)
        if message:
            self.heading.setText(message)

    def suggest_date(self, date: str | None) -> None:
        """Show `date` (the history's next date: the day after the band's last show); None leaves the date be."""
        if date:
            self.date.setDate(QDate.fromString(date, "yyyy-MM-dd"))

    def follow(self, setlist) -> None:
        """An opened show's date and venue in the fields, so that regenerating around its locks keeps them."""
        self.suggest_date(setlist.date if QDate.fromString(setlist.date, "yyyy-MM-dd").isValid() else None)
        self.venue.setText(setlist.venue)

    def show_heading(self, setlist) -> None:
        if not setlist.sets and not setlist.date:  # undone back to before the first show
            self.heading.setText("No show yet: Generate drafts one, or open a saved setlist.")
            return
        meta = setlist.meta or {}
        demo = " · <b style='color:#b3261e'>DEMO DATA</b>" if meta.get("demo") else ""
        how = ", ".join(f"{word} {html.escape(str(meta[word]))}" for word in ("temperature", "seed") if word in meta)
        if isinstance(meta.get("avoid_recent"), int) and meta["avoid_recent"] > 0:
            how += f", songs of the last {counted(meta['avoid_recent'], 'show')} left out"
        how = f" · {how.lstrip(', ')}" if how else ""
        warning = meta.get("warning")  # the model knows few of the history's songs (engine.setlists.draft)
        warning = f"<br><span style='color:#b3261e'>{html.escape(str(warning))}</span>" if warning else ""
        title = f"Next show: {html.escape(setlist.date)} {html.escape(setlist.venue)}"
        self.heading.setText(f"<b style='font-size:13pt'>{title}</b>{how}{demo}{warning}")

    def request(self) -> dict:
        return {"date": self.date.date().toString("yyyy-MM-dd"), "venue": self.venue.text().strip(),
                "temperature": round(self.temperature.value(), 2), "seed": self.seed.value(),
                "avoid_recent": self.avoid_recent.value()}
