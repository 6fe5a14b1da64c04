"""The Setlists workspace: dataset, training and evaluation, the next show, the song explorer."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from ..workspace import Workspace


class SetlistsPage(Workspace):
    title = "Setlists"
    key = "setlists"
    open_filter = "Setlists (*.csv *.json);;Encore setlist project (*.encore-setlist)"
    extensions = (".csv", ".json", ".encore-setlist")

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Setlists</h2><p>Learn a band's history and draft the next show.</p>"))
        layout.addStretch()
