"""Python's cycle collector runs on the GUI thread only, while the window lives.

A collection runs in whichever thread happens to allocate. When that is a worker (training, rendering) and the
garbage holds Qt objects, their destructors run off the GUI thread and can deadlock against it. Seen in the test
suite: a worker's collection deleted a widget and, inside its destructor, waited for the GIL, while the GUI
thread held the GIL and waited for the Qt connection lock that destructor held. So automatic collection is off
and a timer on the GUI thread collects instead, by the same rules: the thresholds, and a full collection only once
the objects promoted to the oldest generation since the last one are a quarter of those it left. Without that
rule every tenth collection of generation 1 was a full one, a 100-170 ms stall once torch and music21 are loaded.
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
        self.long_lived = len(gc.get_objects(generation=2))  # what the last full collection left (CPython's name)
        self.pending = 0  # objects promoted to generation 2 since
        self.timer = QTimer(self, interval=INTERVAL_MS)
        self.timer.timeout.connect(self.collect_if_due)
        self.timer.start()

    def collect_if_due(self) -> None:
        counts = gc.get_count()
        if counts[2] > self.threshold[2] and self.pending > self.long_lived / 4:
            gc.collect(2)
            self.long_lived, self.pending = len(gc.get_objects(generation=2)), 0
            return
        for generation in (1, 0):  # the oldest generation that is due, as the automatic collector would
            if counts[generation] > self.threshold[generation]:
                self._collect_young(generation)
                return

    def _collect_young(self, generation: int) -> None:
        """A generation-1 collection moves its survivors into generation 2; they are counted as pending."""
        young = len(gc.get_objects(generation=0)) + len(gc.get_objects(generation=1)) if generation else 0
        found = gc.collect(generation)
        self.pending += max(0, young - found)
