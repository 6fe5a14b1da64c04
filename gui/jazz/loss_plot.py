"""The live loss curve: training and validation loss per epoch, drawn with pyqtgraph."""

from __future__ import annotations

import pyqtgraph as pg

from ..loss_history import curve_points


class LossPlot(pg.PlotWidget):
    def __init__(self, parent=None):
        super().__init__(parent, background="#1c1f24")
        self.setMinimumHeight(150)
        self.setLabel("bottom", "epoch")
        self.setLabel("left", "loss (nats/token)")
        self.showGrid(x=True, y=True, alpha=0.25)
        self.addLegend(offset=(10, -10))  # bottom left: the curves start high and fall to the right
        self.training = self.plot([], [], pen=pg.mkPen("#4aa3df", width=2), name="training")
        self.validation = self.plot([], [], pen=pg.mkPen("#f5b942", width=2), name="validation")
        self.epochs: list[dict] = []

    def clear_curves(self) -> None:
        self.epochs = []
        self._redraw()

    def add_epoch(self, partial: dict) -> None:
        """One epoch's report from the training job: {"epoch", "loss", "val_loss"?, ...}."""
        self.add_epochs([partial])

    def add_epochs(self, records: list) -> None:
        """A reopened model's whole history, drawn once (drawn epoch by epoch, 20,000 epochs took 50 s)."""
        added = [r for r in records if isinstance(r, dict) and "loss" in r]
        if added:
            self.epochs.extend(added)
            self._redraw()

    def _redraw(self) -> None:
        for curve, key in ((self.training, "loss"), (self.validation, "val_loss")):
            curve.setData(*curve_points(self.epochs, key))
