"""pyqtgraph plots built on first use: importing pyqtgraph costs more than half a second of start-up."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..loss_history import curve_points


class LazyPlot(QWidget):
    """A place for a pyqtgraph PlotWidget that is created when first shown or first drawn on."""

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.title = title
        self._plot = None
        self.setMinimumHeight(180)
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)

    @property
    def plot(self):
        if self._plot is None:
            import pyqtgraph as pg

            self._plot = pg.PlotWidget(title=self.title, background="w")
            self._plot.showGrid(x=True, y=True, alpha=0.25)
            self.layout().addWidget(self._plot)
            self.build(self._plot)
        return self._plot

    def build(self, plot) -> None:
        """Subclasses add their curves and items here."""

    def showEvent(self, event):  # noqa: N802 - Qt override
        super().showEvent(event)
        self.plot  # noqa: B018 - creating it is the point


class LossCurve(LazyPlot):
    """Training and validation loss per epoch, updated live from the job's partial results."""

    def __init__(self, parent=None):
        super().__init__("Loss per epoch", parent)
        self.epochs: list[dict] = []

    def build(self, plot) -> None:
        import pyqtgraph as pg

        plot.addLegend(offset=(-10, 10))
        plot.setLabel("bottom", "epoch")
        plot.setLabel("left", "cross-entropy")
        self.train_curve = plot.plot([], [], pen=pg.mkPen("#1f77b4", width=2), symbol="o", symbolSize=6,
                                     name="training")
        self.val_curve = plot.plot([], [], pen=pg.mkPen("#d62728", width=2), symbol="s", symbolSize=6,
                                   name="validation")

    def clear(self) -> None:
        self.show([])

    def show(self, epochs: list[dict]) -> None:
        self.epochs = list(epochs)
        self._redraw()

    def add(self, partial: dict) -> None:
        if isinstance(partial, dict) and "epoch" in partial:
            self.epochs.append(partial)
            self._redraw()

    def _redraw(self) -> None:
        self.plot  # noqa: B018 - make sure the curves exist
        for curve, key in ((self.train_curve, "loss"), (self.val_curve, "val_loss")):
            curve.setData(*curve_points(self.epochs, key))
