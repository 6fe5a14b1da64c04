"""Python's cycle collector runs on the GUI thread only, while the window lives.

A collection runs in whichever thread happens to allocate. When that is a worker (training, rendering) and the
garbage holds Qt objects, their destructors run off the GUI thread and can deadlock against it. Seen in the test
suite: a worker's collection deleted a widget and, inside its destructor, waited for the GIL, while the GUI
thread held the GIL and waited for the Qt connection lock that destructor held. So automatic collection is off
and a timer on the GUI thread collects instead, by the same thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250


class GuiThreadCollector(QObject):
    def __init__(self, parent):
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self, interval=INTERVAL_MS)
        self.timer.timeout.connect(self.collect_if_due)
        self.timer.start()

    def collect_if_due(self) -> None:
        counts = gc.get_count()
        for generation in (2, 1, 0):  # the oldest generation that is due, as the automatic collector would
            if counts[generation] > self.threshold[generation]:
                gc.collect(generation)
                return
