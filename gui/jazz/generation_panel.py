"""Generation settings: bars, temperature, seed with a dice, tempo, the chord progression; Generate."""

from __future__ import annotations

import math
import random

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine.jazz.piece import FASTEST, SLOWEST
from engine.jazz.progression import MAX_CHORUSES
from engine.jazz.transpose import transpose_chart

from .chart_import import ChartCheck, ChartImport, ChordsField

GENERATE_TIP = "Improvise a new solo with the current model"
REGENERATE_TIP = ("Improvise again in the bars of the selected notes, or the bars a rubber band swept (silent ones "
                  "too); keep the rest")
NOTHING_TO_TRANSPOSE = ("Chords not transposed: they hold no chord symbol to move (a root is a capital letter: "
                        "G7, not g7)")
# What Generate waits for, by the running job's label (JobQueue's)
WAITING_FOR = {"train": "the training to finish", "import": "the corpus files being read",
               "model": "the model to load", "generate": "the solo being improvised",
               "regenerate": "the bars being improvised again", "export": "the export to finish",
               "warm-up": "Encore's start-up (loading the instruments)"}


def dice_icon() -> QIcon:
    """A die showing five, drawn here: emoji fonts are missing on many Linux desktops."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.Antialiasing)
    p.setPen(QPen(QColor("#333333"), 2))
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(3, 3, 26, 26, 6, 6)
    p.setBrush(QColor("#333333"))
    for x, y in ((10, 10), (22, 10), (16, 16), (10, 22), (22, 22)):
        p.drawEllipse(QPointF(x, y), 2.6, 2.6)
    p.end()
    return QIcon(pixmap)


class GenerationPanel(QWidget):
    generate_requested = Signal(dict)
    regenerate_requested = Signal(dict)  # the page adds which bars from the piano roll's selection
    edited = Signal()  # the user changed a setting the project saves (set_options does not count)
    message = Signal(str)  # for the status bar: why Enter did not generate, why chords were not taken

    def __init__(self, parent=None):
        super().__init__(parent)
        self.bars = QSpinBox(minimum=0, maximum=256, value=16, specialValueText="Whole chart")
        self.bars.setToolTip("Length of the solo in bars; chords shorter than that are played again. Below 1, "
                             "'Whole chart': as long as the chords (typed, from iReal Pro, or the source's), "
                             "as many choruses as asked")
        self.choruses = QSpinBox(minimum=1, maximum=MAX_CHORUSES, value=1, enabled=False)
        self.choruses.setToolTip("With 'Whole chart': times through the chords. The last chorus takes the chart's "
                                 "coda (Q), as iReal Pro plays it; the ones before play the form through")
        self.bars.valueChanged.connect(lambda bars: self.choruses.setEnabled(bars == 0))
        self.temperature = QDoubleSpinBox(decimals=2, minimum=0.0, maximum=3.0, singleStep=0.1, value=1.0)
        self.temperature.setToolTip("0 always takes the likeliest next token; higher is wilder")
        self.seed = QSpinBox(minimum=0, maximum=2**31 - 1, value=7)
        self.seed.setToolTip("The same seed and settings give the same solo")
        self.dice = QToolButton(icon=dice_icon())
        self.dice.setToolTip("A new random seed")
        self.dice.clicked.connect(self.roll_dice)
        self.tempo = QSpinBox(minimum=SLOWEST, maximum=FASTEST, value=130, suffix=" bpm")
        self.chords = ChordsField()
        self.chords.refused.connect(self.message)
        self.show_chord_source("")
        self.chords.setToolTip("Chord symbols, bars separated by |, as a chart writes them: D-7 or Dm7, C^7, Bø, "
                               "G7alt; / holds a chord a beat, % repeats a bar, |: :| repeats with N1 N2 endings, "
                               "N.C. rests the band, Q marks the coda the last chorus takes (two: from the first to the "
                               "second); open with a meter: 3/4 for a waltz, 6/8 or 12/8. Paste an "
                               "iReal Pro irealb:// link to use its chart. Empty: the chords of the corpus "
                               "file selected, else of the one added or selected last")
        self.chords_check = ChartCheck(self.chords)
        self.chords_hint = QLabel(wordWrap=True, visible=False)
        self.chords_check.checked.connect(self._show_check)
        self.charts = ChartImport(self)
        self.chart_button = QToolButton(text="iReal Pro…")
        self.chart_button.setToolTip("Take the chords from an iReal Pro chart: its Share > HTML export, one tune "
                                     "or a playlist (or drop the file on the window)")
        self.chart_button.clicked.connect(self.charts.open_dialog)
        self.chords.textEdited.connect(self.charts.pasted)
        self.key_buttons = [self._key_button("♭", -1, "down"), self._key_button("♯", 1, "up")]
        self.chords.textChanged.connect(self._typed)
        self.generate_button = QPushButton("Generate")
        self.generate_button.setDefault(True)
        self.regenerate_button = QPushButton("Regenerate selected bars")
        self._build_layout()
        self.generate_button.clicked.connect(lambda: self.generate_requested.emit(self.options()))
        self.regenerate_button.clicked.connect(lambda: self.regenerate_requested.emit(self.options()))
        self.chords.returnPressed.connect(self._enter)
        self._not_ready = ""  # why Generate is greyed, in words
        self._setting = False
        for box in (self.bars, self.choruses, self.temperature, self.seed, self.tempo):
            box.valueChanged.connect(self._edited)
        self.chords.changed.connect(self._edited)  # the page's undo stack tells of the chord edits it records
        self.set_ready(False)

    def _edited(self) -> None:
        if not self._setting:
            self.edited.emit()

    def set_undo_stack(self, stack) -> None:
        """The page's undo stack, where each chord edit becomes a step (None: the Chords field's own)."""
        self.chords.set_undo_stack(stack)

    def _build_layout(self) -> None:
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed, 1)
        seed_row.addWidget(self.dice)
        bars_row = QHBoxLayout()
        bars_row.addWidget(self.bars, 1)
        bars_row.addWidget(QLabel("Choruses"))
        bars_row.addWidget(self.choruses)
        form = QFormLayout()
        form.addRow("Bars", bars_row)
        form.addRow("Temperature", self.temperature)
        form.addRow("Seed", seed_row)
        form.addRow("Tempo", self.tempo)
        chords_row = QHBoxLayout()
        chords_row.addWidget(self.chords, 1)
        chords_row.addWidget(self.chart_button)
        form.addRow("Chords", chords_row)
        hint_row = QHBoxLayout()  # under the field, so that it keeps its width for a long chart
        hint_row.addWidget(self.chords_hint, 1)
        hint_row.addWidget(QLabel("Key"), 0, Qt.AlignTop)
        for button in self.key_buttons:
            hint_row.addWidget(button, 0, Qt.AlignTop)
        form.addRow("", hint_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.regenerate_button)
        layout.addLayout(buttons)

    def _key_button(self, text: str, semitones: int, way: str) -> QToolButton:
        button = QToolButton(text=text, enabled=False)
        button.setToolTip(f"Transpose the chords {way} a semitone, each respelled for the new key (one undo "
                          "step)")
        button.clicked.connect(lambda: self.transpose_chords(semitones))
        return button

    def _typed(self, text: str) -> None:
        for button in self.key_buttons:
            button.setEnabled(bool(text.strip()))

    def transpose_chords(self, semitones: int) -> None:
        """The chart in the Chords field moved, as one undo step; where nothing in it moves, no step, and why.
        A lowercase root (g7) is left as typed: the chart reader refuses it, and the field's check asks for G7."""
        text = self.chords.text()
        if not text.strip():
            return
        moved = transpose_chart(text, semitones)
        if moved == text:
            self.message.emit(NOTHING_TO_TRANSPOSE)
        elif self.chords.fits(moved):
            self.chords.change(f"Transpose chords {'up' if semitones > 0 else 'down'}", moved)

    def show_chord_source(self, name: str) -> None:
        """Which corpus file's chords an empty field stands for ("": none, so the model's own)."""
        whose = f"the chords of {name}" if name else "the model's chords"
        self.chords.setPlaceholderText(f"{whose}, or type e.g. Dm7 G7 | Cmaj7 A7")

    def follow_tempo(self, bpm: float) -> None:
        """The tempo of the corpus file whose chords a solo now takes (0: it states none, the box stays). Shown,
        not recorded: a selection is no edit of the project nor an undo step. Typed chords are no file's: the
        tempo typed or imported with them stays."""
        if bpm <= 0 or self.chords.text().strip():
            return
        was, self._setting = self._setting, True
        try:
            self.tempo.setValue(round(min(max(bpm, self.tempo.minimum()), self.tempo.maximum())))
        finally:
            self._setting = was

    def roll_dice(self) -> None:
        self.seed.setValue(random.randrange(1, 1_000_000))

    def _show_check(self, text: str, words: str, ok: bool) -> None:
        """Under the field: what the typed chords play ('12 bars in 3/4'), or in red why they cannot be."""
        self.chords_hint.setText(f"The chart: {words}" if ok and words else words)
        self.chords_hint.setStyleSheet("" if ok else "color: #c0392b")
        self.chords_hint.setVisible(bool(words))

    def set_chart(self, chart: str, tempo: int = 0) -> bool:
        """A chart's chords, played whole, and its tempo when it has one: one undo step, whose undo brings back
        the chords, Bars and Tempo before it. False, said, when the chart is too long for the field."""
        if not self.chords.fits(chart):
            return False
        before = self._chart_settings()
        after = (0, tempo or before[1])
        self.chords.change("Import chart", chart, (lambda: self._set_chart_settings(before),
                                                   lambda: self._set_chart_settings(after)))
        return True

    def _chart_settings(self) -> tuple[int, int]:
        """What a chart imported sets beside the chords."""
        return self.bars.value(), self.tempo.value()

    def _set_chart_settings(self, settings: tuple[int, int]) -> None:
        """Bars and Tempo as a chart's step sets them; no project change of their own when the page's undo stack
        holds the step: its clean state says whether the project is saved (an undo back to it is)."""
        was, self._setting = self._setting, self._setting or self.chords.on_page_stack
        try:
            self.bars.setValue(settings[0])
            self.tempo.setValue(settings[1])
        finally:
            self._setting = was

    def options(self) -> dict:
        return {"bars": self.bars.value() or None, "choruses": self.choruses.value(),
                "temperature": self.temperature.value(),
                "seed": self.seed.value(), "tempo": float(self.tempo.value()), "chords": self.chords.text().strip()}

    def set_options(self, options: dict) -> None:
        """A project's saved settings back in the boxes (what options() gave); a hand-edited value that is not a
        number is left as it was, one out of range is clamped by its box."""
        self._setting = True
        try:
            self._set_options(options)
        finally:
            self._setting = False

    def _set_options(self, options: dict) -> None:
        for key, box in (("bars", self.bars), ("choruses", self.choruses), ("temperature", self.temperature),
                         ("seed", self.seed), ("tempo", self.tempo)):
            value = 0 if key == "bars" and key in options and options[key] is None else options.get(key)  # whole chart
            if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
                value = min(max(value, box.minimum()), box.maximum())  # a spin box takes no int past 2**31 - 1
                box.setValue(value if isinstance(box, QDoubleSpinBox) else round(value))
        if isinstance(options.get("chords"), str) and self.chords.fits(options["chords"]):  # else left, said
            self.chords.set_chords(options["chords"])

    def set_ready(self, has_model: bool, busy: bool | str = False) -> None:
        """Generate and Regenerate work with a model and no job running (``busy``: its label, or True); while
        they are greyed, their tooltips say why, and so does Enter in the Chords field."""
        waiting = WAITING_FOR.get(busy, "the job running to finish") if busy else ""
        self._not_ready = ("Train or open a model first" if not has_model
                           else f"Waiting for {waiting}: Cancel below (Esc) stops it" if waiting else "")
        for button, tip in ((self.generate_button, GENERATE_TIP), (self.regenerate_button, REGENERATE_TIP)):
            button.setEnabled(not self._not_ready)
            button.setToolTip(self._not_ready or tip)

    def _enter(self) -> None:
        """Enter in the Chords field generates, or says why it cannot yet (a greyed button says nothing)."""
        if self._not_ready:
            self.message.emit(f"Not generated: {self._not_ready[0].lower()}{self._not_ready[1:]}")
        else:
            self.generate_button.click()
