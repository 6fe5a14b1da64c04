"""Training settings a musician understands, Train, the live loss curve, and the trained models."""

from __future__ import annotations

import math
import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.jazz.presets import PRESETS  # what each fills in; the user may change any of it
from engine.words import counted

from ..save_dialog import chosen_folder


def spin(low: int, high: int, value: int, tip: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setToolTip(tip)
    return box


class TrainingPanel(QWidget):
    train_requested = Signal(dict)  # TrainSettings fields
    model_chosen = Signal(str)  # a model folder to load
    edited = Signal()  # the user changed a setting the project saves (set_settings does not count)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.preset = QComboBox()
        self.preset.addItems(list(PRESETS))
        self.preset.setToolTip("course: your files read as the course assignment's dataset was made, in its "
                               "30-token windows; full: every window of every piece, with a validation split")
        first = PRESETS[self.preset.currentText()]
        self.epochs = spin(1, 5000, first["epochs"], "Passes over the corpus")
        self.hidden = spin(8, 1024, first["hidden"], "LSTM hidden units")
        self.learning_rate = QDoubleSpinBox(decimals=4, minimum=0.0001, maximum=1.0, singleStep=0.001,
                                            value=first["lr"])
        self.seed = spin(0, 2**31 - 1, 1, "The same seed gives the same model")
        self.train_button = QPushButton("Train")
        self.train_button.setToolTip("Train a new model on the corpus (runs in the background)")
        self.models = QListWidget()
        self.models.setToolTip("Trained models: double-click to use one for generating")
        self.plot_holder = QVBoxLayout()
        self.plot = None
        self.summary = QLabel("No model yet.")
        self.summary.setWordWrap(True)
        self._build_layout()
        self._setting = False  # a project's settings being put back: no edit of it
        self.preset.currentTextChanged.connect(self._apply_preset)
        for box in (self.preset, self.epochs, self.hidden, self.learning_rate, self.seed):
            changed = box.currentTextChanged if box is self.preset else box.valueChanged
            changed.connect(lambda *_: None if self._setting else self.edited.emit())
        self.train_button.clicked.connect(lambda: self.train_requested.emit(self.settings()))
        self.models.itemDoubleClicked.connect(lambda item: self.model_chosen.emit(item.data(Qt.UserRole)))

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.addRow("Preset", self.preset)
        form.addRow("Epochs", self.epochs)
        form.addRow("Hidden size", self.hidden)
        form.addRow("Learning rate", self.learning_rate)
        form.addRow("Seed", self.seed)
        open_button = QPushButton("Open model…")
        open_button.clicked.connect(self._open_dialog)
        buttons = QHBoxLayout()
        buttons.addWidget(self.train_button)
        buttons.addWidget(open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addLayout(self.plot_holder, 3)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("Models"))
        layout.addWidget(self.models, 1)

    def settings(self) -> dict:
        return {"preset": self.preset.currentText(), "epochs": self.epochs.value(), "hidden": self.hidden.value(),
                "lr": self.learning_rate.value(), "seed": self.seed.value()}

    def set_settings(self, settings: dict) -> None:
        """A project's saved settings back in the boxes (what settings() gave): the preset first, as it fills in
        the others; a hand-edited value that is not a number or a preset is left as it was, one out of range is
        clamped by its box."""
        self._setting = True
        try:
            if settings.get("preset") in PRESETS:
                self.preset.setCurrentText(settings["preset"])
            for key, box in (("epochs", self.epochs), ("hidden", self.hidden), ("lr", self.learning_rate),
                             ("seed", self.seed)):
                value = settings.get(key)
                if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
                    value = min(max(value, box.minimum()), box.maximum())  # a spin box takes no int past 2**31 - 1
                    box.setValue(value if isinstance(box, QDoubleSpinBox) else round(value))
        finally:
            self._setting = False

    def _apply_preset(self, name: str) -> None:
        values = PRESETS[name]
        self.epochs.setValue(values["epochs"])
        self.hidden.setValue(values["hidden"])
        self.learning_rate.setValue(values["lr"])

    def _open_dialog(self) -> None:
        folder = chosen_folder(self, "Open a trained model folder")
        if folder:
            self.model_chosen.emit(folder)

    # The loss curve: pyqtgraph is imported only when the panel is first shown (window start-up stays fast).
    def loss_plot(self):
        if self.plot is None:
            from .loss_plot import LossPlot

            self.plot = LossPlot()
            self.plot_holder.addWidget(self.plot)
        return self.plot

    def showEvent(self, event):  # noqa: N802 - Qt override
        super().showEvent(event)
        self.loss_plot()

    def add_model(self, folder: str, label: str = "", current: bool = True) -> None:
        """List a model; ``current``: the one in use, so the row chosen."""
        for i in range(self.models.count()):
            if self.models.item(i).data(Qt.UserRole) == folder:
                if current:
                    self.models.setCurrentRow(i)
                return
        item = QListWidgetItem(label or os.path.basename(folder))
        item.setData(Qt.UserRole, folder)
        item.setToolTip(folder)
        self.models.addItem(item)
        if current:
            self.models.setCurrentItem(item)

    def remove_models(self, folders: set[str]) -> None:
        """Take the models deleted from disk off the list (``folders`` as os.path.realpath gives them)."""
        for i in reversed(range(self.models.count())):
            if os.path.realpath(self.models.item(i).data(Qt.UserRole)) in folders:
                self.models.takeItem(i)

    def show_model(self, model, folder: str | None, deleted: str = "") -> None:
        """Describe the model in use (``folder`` None: one that could not be saved, or whose folder ``deleted``
        was deleted); a reopened model shows the loss curve it was trained with."""
        plot = self.loss_plot()
        history = list(getattr(model, "history", []) or [])
        plot.clear_curves()  # the curve of the model in use: not the last one trained, nor a cancelled run's
        plot.add_epochs(history)
        best = getattr(model, "extra", {}).get("best_epoch", len(history))
        if not isinstance(best, int) or isinstance(best, bool):  # a hand-edited model.json: the last epoch's
            best = len(history)
        kept = history[best - 1] if 1 <= best <= len(history) else history[-1] if history else {}
        loss = f", final loss {kept['loss']:.3f}" if kept.get("loss") is not None else ""
        if best != len(history) and kept.get("val_loss") is not None:  # full mode keeps its best epoch
            loss = f", epoch {best} kept (validation loss {kept['val_loss']:.3f})"
        size = len(getattr(model, "vocabulary", []))
        name = os.path.basename(folder) if folder else \
            f"{os.path.basename(deleted)} (its folder deleted: in use until Quit)" if deleted else "not saved"
        self.summary.setText(f"Model: {name} · {counted(len(history), 'epoch')}{loss} · "
                             f"vocabulary {size}{_trained_on(getattr(model, 'trained_on', []))}")

    def set_busy(self, busy: bool) -> None:
        self.train_button.setEnabled(not busy)


def _trained_on(sources: list) -> str:
    """' · 18 bars of 1 file': what the model learned from, which the course preset reads its own way (the
    corpus list shows each file's full reading)."""
    try:
        bars = sum(int(s["bars"][1]) - int(s["bars"][0]) + 1 for s in sources)
    except (KeyError, TypeError, ValueError, IndexError):  # a hand-edited model.json: say nothing
        return ""
    return f" · {counted(bars, 'bar')} of {counted(len(sources), 'file')}" if sources else ""
