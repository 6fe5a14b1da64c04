"""Train and evaluate: the settings, a live loss curve, and the model next to the baselines."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .plots import LossCurve

# (TrainSettings field, label, minimum, maximum, step); floats get a QDoubleSpinBox
SETTINGS = (("epochs", "Epochs", 1, 200, 1), ("hidden", "LSTM units", 16, 1024, 16),
            ("dims", "Embedding size", 8, 256, 8), ("learning_rate", "Learning rate", 0.0001, 0.1, 0.0005),
            ("word2vec_epochs", "Word2Vec epochs", 1, 200, 1), ("seed", "Seed", 0, 2**31 - 1, 1))


class TrainingPanel(QWidget):
    train_requested = Signal(dict)  # TrainSettings fields
    evaluate_requested = Signal(dict)
    save_requested = Signal()
    load_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.fields = {}
        self.curve = LossCurve()
        self.state = QLabel("No model yet.")
        self.state.setWordWrap(True)
        self.evaluation = self._evaluation_table()
        self.buttons = {}
        self._busy, self._has_model = False, False
        self._build_layout()
        self._enable()

    def _ensure_fields(self) -> None:
        # Filled on first use: the engine's defaults come with numpy, too slow for start-up.
        if self.fields:
            return
        from engine.setlists.model import TrainSettings

        defaults = TrainSettings()
        form = self.settings_box.layout()
        for name, label, low, high, step in SETTINGS:
            box = QDoubleSpinBox(decimals=4) if isinstance(step, float) else QSpinBox()
            box.setRange(low, high)
            box.setSingleStep(step)
            box.setValue(getattr(defaults, name))
            form.addRow(label, box)
            self.fields[name] = box

    def showEvent(self, event):  # noqa: N802 - Qt override
        self._ensure_fields()
        super().showEvent(event)

    def _evaluation_table(self) -> QTableWidget:
        table = QTableWidget(0, 0)
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the table for the next control
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        return table

    def _build_layout(self) -> None:
        side = QVBoxLayout()
        self.settings_box = QGroupBox("Settings")
        self.settings_box.setLayout(QFormLayout())
        side.addWidget(self.settings_box)
        for key, text, tip, slot in (
                ("train", "Train", "Train on the whole history (uses the GPU when there is one)",
                 lambda: self.train_requested.emit(self.settings())),
                ("evaluate", "Evaluate", "Score the model and the baselines on held-out shows, both protocols",
                 lambda: self.evaluate_requested.emit(self.settings())),
                ("save", "Save model…", "Keep the trained model in a folder", self.save_requested.emit),
                ("load", "Load model…", "Open a model saved earlier", self.load_requested.emit)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            side.addWidget(button)
            self.buttons[key] = button
        side.addWidget(self.state)
        side.addStretch()
        main = QVBoxLayout()
        main.addWidget(self.curve, 3)
        main.addWidget(QLabel("<b>Evaluation</b>: the model next to the baselines, on shows it never saw"))
        main.addWidget(self.evaluation, 2)
        layout = QHBoxLayout(self)
        settings = QWidget()
        settings.setLayout(side)
        settings.setMaximumWidth(300)
        layout.addWidget(settings)
        layout.addLayout(main, 1)

    def settings(self) -> dict:
        self._ensure_fields()
        return {name: box.value() for name, box in self.fields.items()}

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._enable()

    def set_has_model(self, has_model: bool) -> None:
        """Save model… with no model to save did nothing, without a word: it waits for one."""
        self._has_model = has_model
        self._enable()

    def _enable(self) -> None:
        for key, button in self.buttons.items():
            button.setEnabled(not self._busy and (key != "save" or self._has_model))

    def show_evaluation(self, rows: list[dict]) -> None:
        """Rows of {"protocol", "method", metric: value...}; the model's rows in bold."""
        columns = list(dict.fromkeys(k for row in rows for k in row))
        self.evaluation.setColumnCount(len(columns))
        self.evaluation.setHorizontalHeaderLabels([HEADINGS.get(c, c.replace("_", " ")) for c in columns])
        self.evaluation.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, column in enumerate(columns):
                self.evaluation.setItem(r, c, _cell(row.get(column), row.get("method") == "model"))


HEADINGS = {"top1": "top-1", "top5": "top-5", "test_shows": "test shows", "test_plays": "test plays"}


def _cell(value, bold: bool) -> QTableWidgetItem:
    """An accuracy (a fraction) in percent, as the README and the command line's text give it; counts as they are."""
    text = f"{value:.1%}" if isinstance(value, float) else ("" if value is None else str(value))
    item = QTableWidgetItem(text)
    if isinstance(value, (int, float)):
        item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
    if bold:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    return item
