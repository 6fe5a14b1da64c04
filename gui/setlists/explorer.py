"""The song explorer: a song's story (plays, first and last time, gap), its neighbours, and a map of all songs."""

from __future__ import annotations

import html

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from engine.words import counted

from .plots import LazyPlot
from .show_fields import pass_files_over

HOVER_HINT = "Hover over a point to see the song; click it to open it."
NOTHING_TO_EXPLORE = "Nothing to explore: this history has no songs"


class SongMap(LazyPlot):
    """Songs placed by the first two principal components of their embeddings; hover names, click opens."""

    song_clicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__("Song map: embeddings by PCA (songs the band plays in the same places sit close)", parent)
        self.hover_label = QLabel(HOVER_HINT)
        self.hover_label.setTextFormat(Qt.RichText)  # a bold name, escaped: "Nope & Nope" shows as written
        self.layout().addWidget(self.hover_label)
        self.names: list[str] = []

    def build(self, plot) -> None:
        import pyqtgraph as pg

        plot.hideAxis("left")
        plot.hideAxis("bottom")
        self.scatter = pg.ScatterPlotItem(size=9, hoverable=True, hoverSize=14, hoverBrush=pg.mkBrush("#d62728"),
                                          pen=pg.mkPen("#ffffff", width=0.5), brush=pg.mkBrush(31, 119, 180, 170),
                                          tip=lambda x, y, data: data)
        self.scatter.sigClicked.connect(lambda _item, points, _ev: self._clicked(points))
        self.scatter.sigHovered.connect(lambda _item, points, _ev: self._hovered(points))
        plot.addItem(self.scatter)
        self.marker = pg.ScatterPlotItem(size=18, pen=pg.mkPen("#d62728", width=2), brush=None)
        self.label = pg.TextItem(color="#b3261e", anchor=(0, 1))
        plot.addItem(self.marker)
        plot.addItem(self.label)

    def set_points(self, names: list[str], points) -> None:
        self.plot  # noqa: B018 - create the items
        self.names = list(names)
        self.points = points
        self.scatter.setData(x=points[:, 0], y=points[:, 1], data=self.names)
        # the points alone: the ring's name, left where the last band's song was, squeezed a new band's map
        # into a corner
        self.plot.autoRange(items=[self.scatter])

    def clear(self) -> None:
        """No song map (another band's history came in): the last band's points must not stay."""
        self.names, self.points = [], None
        self.hover_label.setText(HOVER_HINT)  # it named the last band's song, "(click to open)"
        if self._plot is not None:
            self.scatter.setData(x=[], y=[])
            self.mark("")

    def mark(self, song: str) -> None:
        """Ring the song on the map; a song not on it ("") rings none."""
        if self._plot is None:
            return
        if song not in self.names:
            self.marker.setData([], [])
            self.label.setText("")
            return
        x, y = self.points[self.names.index(song)]
        self.marker.setData([x], [y])
        self.label.setText(song)
        self.label.setPos(x, y)

    def _hovered(self, points) -> None:
        if len(points):
            self.hover_label.setText(f"<b>{html.escape(points[0].data())}</b> (click to open)")

    def _clicked(self, points) -> None:
        if len(points):
            self.song_clicked.emit(points[0].data())


class SongExplorer(QWidget):
    song_requested = Signal(str)  # a song to add to the draft from here

    def __init__(self, parent=None):
        super().__init__(parent)
        self.history = None
        self.embedding = None
        self.catalogue = QStringListModel(self)
        self.picker = QComboBox(editable=True)
        self.picker.setModel(self.catalogue)
        self.picker.setInsertPolicy(QComboBox.NoInsert)
        self.picker.completer().setFilterMode(Qt.MatchContains)
        self.picker.completer().setCompletionMode(QCompleter.PopupCompletion)
        self.picker.textActivated.connect(self.open_song)
        # a name the list does not hold sends no textActivated: Enter on it said nothing, the last song's facts
        # staying beside it
        self.picker.lineEdit().returnPressed.connect(self._typed)
        self.facts = {name: QLabel("–") for name in ("Times played", "First played", "Last played", "Current gap")}
        # "Times played" holds markup (a bold count, an escaped name); the rest plain text, shown as it is.
        # Left to guess (AutoText), a label showed "Nope &amp; Nope" for a song never played.
        for name, label in self.facts.items():
            label.setTextFormat(Qt.RichText if name == "Times played" else Qt.PlainText)
        self.similar = QListWidget()
        self.follows = QListWidget()
        for songs in (self.similar, self.follows):
            songs.itemActivated.connect(lambda item: self.open_song(item.data(Qt.UserRole)))
            songs.itemClicked.connect(lambda item: self.open_song(item.data(Qt.UserRole)))
        self.map = SongMap()
        self.map.song_clicked.connect(self.open_song)
        self.song = ""
        self._build_layout()
        pass_files_over(self)  # the picker typed a dropped file's URL in

    def _build_layout(self) -> None:
        form = QFormLayout()
        for name, label in self.facts.items():
            form.addRow(name, label)
        side = QVBoxLayout()
        side.addWidget(self.picker)
        side.addLayout(form)
        for title, songs in (("Most similar songs (embeddings)", self.similar),
                             ("Songs that usually follow", self.follows)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(songs)
            side.addWidget(box)
        panel = QWidget()
        panel.setLayout(side)
        panel.setMaximumWidth(360)
        layout = QHBoxLayout(self)
        layout.addWidget(panel)
        layout.addWidget(self.map, 1)

    def set_history(self, history) -> None:
        """The history to explore; one with no shows (or None) leaves nothing of the last one: its facts stayed
        under the picker, as only a song of the new history's last show replaced them."""
        self.history, self.embedding = history, None
        self.map.clear()
        names = sorted(history.names().values(), key=str.lower) if history is not None else []
        self.catalogue.setStringList(names)
        self.picker.setCurrentText("")
        self.picker.lineEdit().setPlaceholderText("" if names else NOTHING_TO_EXPLORE)
        self._forget_song("" if names else NOTHING_TO_EXPLORE)
        if not names:
            self.map.hover_label.setText(NOTHING_TO_EXPLORE)
        elif history.shows[-1].songs():
            self.open_song(history.shows[-1].songs()[0])

    def _forget_song(self, why: str) -> None:
        """No song's facts, neighbours or ring on the map; ``why`` in place of the count."""
        self.song = ""
        for label in self.facts.values():
            label.setText("–")
        self.facts["Times played"].setText(why or "–")
        _fill(self.follows, [])
        _fill(self.similar, [])
        self.map.mark("")

    def set_embedding(self, embedding, names: list[str], points) -> None:
        self.embedding = embedding
        if not self.catalogue.rowCount():  # a model's map of songs a history of none never played: no map
            return
        self.map.set_points(names, points)
        if self.song:
            self.open_song(self.song)

    def _typed(self) -> None:
        """Enter opens what is typed, whatever the list sent: a name it does not hold, or one with a space around
        it, sends no textActivated, nor does the name of the item the list thinks is current."""
        text = self.picker.currentText().strip()
        if text != self.song:  # else textActivated opened it already
            self.open_song(text)

    def open_song(self, song: str) -> None:
        from engine.setlists.history import song_profile

        if self.history is None or not song:
            return
        profile = song_profile(self.history, song, follows=8)
        if not profile["times_played"]:  # nothing of the last song shown may stay beside its name
            played = self.catalogue.rowCount()  # a song typed where the history has none: still nothing
            self._pick(song)  # its name in the picker: the last song's stayed there above "never played"
            self._forget_song(f"{html.escape(song)}: never played by this band" if played else NOTHING_TO_EXPLORE)
            return
        self.song = profile["song"]
        self._pick(self.song)
        self._show_profile(profile)
        self._show_similar()
        self.map.mark(self.song)

    def _pick(self, song: str) -> None:
        """The song as the list's current item, not only its text: setCurrentText left another item current, and
        typing that one's name then sent no textActivated (its facts never came)."""
        row = self.picker.findText(song, Qt.MatchExactly | Qt.MatchCaseSensitive)
        if row >= 0:
            self.picker.setCurrentIndex(row)
        else:  # no item current: one left so sent no textActivated when its name was typed again
            self.picker.setCurrentIndex(-1)
            self.picker.setCurrentText(song)

    def _show_profile(self, profile: dict) -> None:
        gap = profile["gap"]
        self.facts["Times played"].setText(f"<b>{profile['times_played']}</b>")
        self.facts["First played"].setText(profile["first_played"] or "–")
        self.facts["Last played"].setText(profile["last_played"] or "–")
        self.facts["Current gap"].setText("played at the last show" if gap == 0 else counted(gap, "show"))
        _fill(self.follows, [(f["song"], f"{f['song']}  ({f['times']}×)") for f in profile["followed_by"]])

    def _show_similar(self) -> None:
        if self.embedding is None:
            _fill(self.similar, [])
            return
        from engine.errors import EncoreError

        try:
            similar = self.embedding.most_similar(self.song, 8)
        except EncoreError:  # a model loaded from another history may not know the song
            similar = []
        _fill(self.similar, [(name, f"{name}  ({similarity:.3f})") for name, similarity in similar])


def _fill(songs: QListWidget, items: list[tuple[str, str]]) -> None:
    from PySide6.QtWidgets import QListWidgetItem

    songs.clear()
    for song, text in items:
        item = QListWidgetItem(text)
        item.setData(Qt.UserRole, song)
        songs.addItem(item)
