"""The next show: pick the date, Generate, then edit the draft (sets as sections), export or print it.

Before a show is on screen the Date and Venue fields ask for the next draft; once one is, they are the show's
own: they show its date and venue, and typing in them changes the show (an undo step, like any edit).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QDate, QSignalBlocker, Signal
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

from engine.setlists.setlist import RECENT_BACK
from engine.words import counted

from .editor import SetlistEditor
from .show_fields import EditShowField, PageUndoKeys, pass_files_over

DATE_FORMAT = "yyyy-MM-dd"


# what the heading shows of a draft's meta: how it was drafted, and its warning
HEADING_META = ("demo", "temperature", "seed", "avoid_recent", RECENT_BACK, "warning")


def heading_meta(setlist) -> dict:
    """The meta the heading shows: a draft whose songs are the show's but whose heading differs is an edit."""
    meta = setlist.meta or {}
    return {key: meta[key] for key in HEADING_META if key in meta and not (key == "seed" and _greedy(meta))}


def _greedy(meta: dict) -> bool:
    """Drafted at temperature 0: the likeliest songs, whatever the seed (which the heading leaves out)."""
    temperature = meta.get("temperature")
    return isinstance(temperature, (int, float)) and not isinstance(temperature, bool) and temperature == 0


class NextShowPanel(QWidget):
    """`generate_requested(keep_locked)`: draft a new show, or redraft only the unlocked songs."""

    generate_requested = Signal(bool)
    export_requested = Signal()
    print_requested = Signal()

    def __init__(self, setlist, undo_stack, parent=None):
        super().__init__(parent)
        self.editor = SetlistEditor(setlist, undo_stack)
        self.undo_stack = undo_stack
        self._picked = False  # a date picked by hand for the next draft: a history loaded then keeps it
        self._next = None  # the loaded history's next date: the day after its last show
        self._typed = ""  # the date typed while this history was loaded: Generate keeps it even if already played
        self.editor.regenerate_requested.connect(lambda: self.generate_requested.emit(True))
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(DATE_FORMAT)
        self.date.dateChanged.connect(self._date_typed)
        self.venue = QLineEdit()
        self.venue.setPlaceholderText("optional")
        self.venue.textChanged.connect(lambda text: self._edit("venue", text.strip()))
        # Once they are the show's, their Ctrl+Z is Edit's (the date field ate it); before, the venue's own text
        # and once the page has steps: undone back to no show, Redo there must bring the draft back
        self.field_undo = [PageUndoKeys(field, undo_stack, lambda: self.has_show() or undo_stack.count() > 0)
                           for field in (self.date, self.venue)]
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
        # a new show, opened, generated, or brought back by undo and redo: the heading and the fields follow it
        self.editor.model.modelReset.connect(self._show_changed)
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
        pass_files_over(controls)  # the Venue typed a dropped file's URL in: an edit of the show
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
        """A history loaded: ``date`` is its next date, the day after the band's last show (None: unreadable).

        With no show on screen the field shows it, unless the date picked by hand is still after the last show.
        A show on screen keeps its date (reloading the history re-dated an opened show, and Regenerate with it);
        Generate's new show takes that date only as new_show_date says."""
        if date != self._next:  # another history's shows: a date typed for the last one is no date for these
            self._typed = ""  # (the same shows under another file name keep it)
        self._next = date
        if date and not self.has_show() and not (self._picked and self._field() >= date):
            self._picked = False
            with QSignalBlocker(self.date):
                self.date.setDate(QDate.fromString(date, DATE_FORMAT))
        self._say_next()

    def new_show_date(self) -> str:
        """The date Generate drafts a new show for: the field's when it is after the loaded history's last show
        (whoever's show put it there), or typed while this history was loaded (a show already played, drafted
        again); else the day after the last show: an old show's date, or another band's, was played already."""
        field = self._field()
        if self._next and field < self._next and field != self._typed:
            return self._next
        return field

    def _say_next(self) -> None:
        """The Generate button says when it will not draft the date in the field (one played already)."""
        date = self.new_show_date()
        when = f", for {date}: the day after the last show" if date != self._field() else ""
        self.generate_button.setToolTip(f"Draft the whole show with the trained model{when}")

    def _field(self) -> str:
        return self.date.date().toString(DATE_FORMAT)

    def has_show(self) -> bool:
        setlist = self.editor.model.setlist
        return bool(setlist.sets or setlist.date)

    def _date_typed(self, date: QDate) -> None:
        if not self.has_show():
            self._picked = True
        self._typed = date.toString(DATE_FORMAT)
        self._edit("date", self._typed)
        self._say_next()

    def _edit(self, name: str, value: str) -> None:
        """A field typed in while a show is on screen changes the show (the same value is no undo step)."""
        if self.has_show() and getattr(self.editor.model.setlist, name) != value:
            self.undo_stack.push(EditShowField(self, name, value))

    def apply_field(self, name: str, value: str) -> None:
        """The show's date or venue (EditShowField does and undoes this)."""
        setattr(self.editor.model.setlist, name, value)
        self._show_changed()

    def _show_changed(self) -> None:
        setlist = self.editor.model.setlist
        self.show_heading(setlist)
        if self.has_show():  # (an empty show, undone back to, leaves the fields for the next draft)
            self._picked = False  # the date picked is the show's now: undone back to none, a history suggests again
            self._show_fields(setlist)
        self._say_next()

    def _show_fields(self, setlist) -> None:
        """The show's date and venue in the fields, so that Regenerate around its locks keeps them; signals
        blocked: showing is no edit. A date that is not one (a hand-edited file) leaves the field be."""
        date = QDate.fromString(setlist.date, DATE_FORMAT)
        if date.isValid() and date != self.date.date():
            with QSignalBlocker(self.date):
                self.date.setDate(date)
        if self.venue.text().strip() != setlist.venue:  # (a space typed after the venue stays in the field)
            with QSignalBlocker(self.venue):
                self.venue.setText(setlist.venue)

    def show_heading(self, setlist) -> None:
        """The heading, from the show's date, venue and its meta's HEADING_META only (a draft differing in those
        is an edit: page._same_show)."""
        if not setlist.sets and not setlist.date:  # undone back to before the first show
            self.heading.setText("No show yet: Generate drafts one, or open a saved setlist.")
            return
        meta = setlist.meta or {}
        demo = " · <b style='color:#b3261e'>DEMO DATA</b>" if meta.get("demo") else ""
        how = ", ".join(f"{word} {html.escape(str(meta[word]))}" for word in ("temperature", "seed") if word in meta
                        and word in heading_meta(setlist))
        if isinstance(meta.get("avoid_recent"), int) and meta["avoid_recent"] > 0:
            how += f", songs of the last {counted(meta['avoid_recent'], 'show')} left out"
            back = meta.get(RECENT_BACK)
            if isinstance(back, int) and back > 0:  # the catalogue ran short: the engine took some back
                how += " where the catalogue allowed"
                if not meta.get("warning"):  # else the warning says which shows rested and which songs came back
                    how += f" ({counted(back, 'song')} came back: too few others)"
        how = f" · {how.lstrip(', ')}" if how else ""
        warning = meta.get("warning")  # the model knows few of the history's songs (engine.setlists.draft)
        warning = f"<br><span style='color:#b3261e'>{html.escape(str(warning))}</span>" if warning else ""
        title = f"Next show: {html.escape(setlist.date)} {html.escape(setlist.venue)}"
        self.heading.setText(f"<b style='font-size:13pt'>{title}</b>{how}{demo}{warning}")

    def request(self) -> dict:
        return {"date": self.date.date().toString(DATE_FORMAT), "venue": self.venue.text().strip(),
                "temperature": round(self.temperature.value(), 2), "seed": self.seed.value(),
                "avoid_recent": self.avoid_recent.value()}
