"""The Jazz workspace: corpus, training, generation, piano roll, transport."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from ..workspace import Workspace


class JazzPage(Workspace):
    title = "Jazz"
    key = "jazz"
    open_filter = "Music (*.mid *.midi *.xml *.musicxml *.mxl *.abc);;Encore jazz project (*.encore-jazz)"
    extensions = (".mid", ".midi", ".xml", ".musicxml", ".mxl", ".abc", ".encore-jazz")

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Jazz</h2><p>Train an LSTM on jazz solos and improvise over any chords.</p>"))
        layout.addStretch()
