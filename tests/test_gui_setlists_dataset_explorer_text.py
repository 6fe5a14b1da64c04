"""Text in the Setlists page's Dataset table and song explorer: a long venue, names with '&' and '<'."""

from PySide6.QtCore import Qt

from engine.setlists.history import History, Show
from engine.setlists.setlist import Entry, Set

LONG_VENUE = "The Extremely Long Venue Name Amphitheatre and Convention Centre at the Riverside Park, " * 4


def band(venue_of=lambda day: f"Venue {day}", songs=("Ghost", "Tweezer", "Sand")) -> History:
    shows = [Show(f"2023-05-{day:02d}", venue_of(day), [Set("Set 1", [Entry(s) for s in songs])])
             for day in range(1, 31)]
    return History(shows, band="Long")


def shown(label) -> str:
    """What a QLabel shows: its text read as markup where the label takes it so, else as it is."""
    from PySide6 import QtGui

    text = label.textFormat()
    if text == Qt.RichText or (text == Qt.AutoText and QtGui.Qt.mightBeRichText(label.text())):
        document = QtGui.QTextDocument()
        document.setHtml(label.text())
        return document.toPlainText()
    return label.text()


def test_one_long_venue_leaves_the_setlist_on_screen(app, qtbot):
    """One venue of 350 characters made its column 2262 px wide in a 1224 px view: the setlist was off-screen
    on every row, and the column could not be narrowed (ResizeToContents)."""
    from PySide6.QtWidgets import QHeaderView

    from gui.setlists.dataset_panel import DatasetPanel
    from gui.setlists.tasks import digest

    panel = DatasetPanel()
    qtbot.addWidget(panel)
    panel.resize(1280, 800)
    panel.show()
    history = band(lambda day: LONG_VENUE if day == 7 else f"Venue {day}")
    panel.show_history(history, [], digest(history))
    table, header = panel.table, panel.table.horizontalHeader()
    view = table.viewport().width()
    assert header.sectionSize(1) < 0.4 * view  # the venue column takes no more than its share
    assert sum(header.sectionSize(c) for c in range(3)) < 0.7 * view  # the setlist has room left
    assert header.sectionSize(1) > table.fontMetrics().horizontalAdvance("Venue 30")  # short venues still fit
    for column in range(3):  # the user can still drag a column wider or narrower
        assert header.sectionResizeMode(column) == QHeaderView.Interactive
    table.setColumnWidth(1, 600)
    assert header.sectionSize(1) == 600
    assert table.textElideMode() == Qt.ElideRight
    long_row = next(r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 1).data() == LONG_VENUE)
    assert panel.proxy.index(long_row, 1).data(Qt.ToolTipRole) == LONG_VENUE  # the whole venue, cut or not
    panel.search.setText("amphitheatre")  # searching and sorting as before
    assert panel.proxy.rowCount() == 1
    panel.search.setText("")
    table.sortByColumn(1, Qt.DescendingOrder)
    assert panel.proxy.index(0, 1).data() == "Venue 9"


def test_a_song_never_played_shows_its_name_as_written(app, qtbot):
    """'Nope & Nope' showed as 'Nope &amp; Nope: never played by this band' (escaped for a plain label)."""
    from gui.setlists.explorer import SongExplorer

    explorer = SongExplorer()
    qtbot.addWidget(explorer)
    explorer.set_history(band(songs=("A <b> Song", "Ghost & Friends")))
    times = explorer.facts["Times played"]
    for name in ("Nope & Nope", "<Nope>", "a <b>bold</b> claim"):
        explorer.open_song(name)
        assert shown(times) == f"{name}: never played by this band"
    explorer.open_song("Ghost & Friends")  # a song played: its count, the rest as written
    assert shown(times) == "30"
    assert shown(explorer.facts["First played"]) == "2023-05-01"
    assert shown(explorer.facts["Current gap"]) == "played at the last show"
    explorer.open_song("A <b> Song")
    assert explorer.song == "A <b> Song" and shown(times) == "30"
