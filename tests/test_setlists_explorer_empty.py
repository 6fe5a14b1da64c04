"""The song explorer given a history with no shows (or none at all): the last band's song, its facts, its
neighbours and its map stayed, as only a song of the new history's last show replaced them. Now all of it goes,
and the explorer says there is nothing to explore."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from engine.setlists.history import History, Show
from engine.setlists.setlist import Entry, Set
from gui.setlists.explorer import HOVER_HINT, NOTHING_TO_EXPLORE, SongExplorer

SONGS = ["Alpha", "Beta", "Gamma", "Delta"]


class Neighbours:
    """An embedding's one question the explorer asks: the songs nearest a song."""

    def most_similar(self, song, n):
        return [(other, 0.5) for other in SONGS if other != song][:n]


def band() -> History:
    return History([Show(f"2023-03-{day:02d}", "The Barn", [Set("Set 1", [Entry(s, ">") for s in SONGS])])
                    for day in range(1, 6)], band="Small")


@pytest.fixture
def explorer(qtbot):
    widget = SongExplorer()
    qtbot.addWidget(widget)  # closed and deleted at the end, not left to the collector
    widget.set_history(band())
    widget.set_embedding(Neighbours(), SONGS, np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=float))
    assert widget.song == "Alpha" and widget.facts["Times played"].text() == "<b>5</b>"
    assert widget.follows.count() and widget.similar.count() and widget.map.names == SONGS
    return widget


def assert_nothing_to_explore(explorer) -> None:
    facts = explorer.facts
    assert explorer.song == "" and facts["Times played"].text() == NOTHING_TO_EXPLORE
    assert {facts[k].text() for k in ("First played", "Last played", "Current gap")} == {"–"}
    assert explorer.catalogue.stringList() == [] and explorer.picker.currentText() == ""
    assert explorer.picker.lineEdit().placeholderText() == NOTHING_TO_EXPLORE
    assert explorer.follows.count() == explorer.similar.count() == 0
    assert explorer.map.names == [] and len(explorer.map.scatter.data) == 0 and len(explorer.map.marker.data) == 0
    assert explorer.map.hover_label.text() == NOTHING_TO_EXPLORE


@pytest.mark.parametrize("empty", [History([]), None], ids=["no shows", "no history"])
def test_a_history_of_no_shows_leaves_nothing_of_the_last(explorer, empty):
    explorer.set_history(empty)
    assert_nothing_to_explore(explorer)
    # a model's map comes after the history (the page's order): its songs are none of this history's
    explorer.set_embedding(Neighbours(), SONGS, np.zeros((4, 2)))
    assert_nothing_to_explore(explorer)


def test_a_song_typed_where_there_are_none_still_says_nothing_to_explore(explorer, qtbot):
    explorer.set_history(History([]))
    qtbot.keyClicks(explorer.picker.lineEdit(), "Alpha")
    qtbot.keyClick(explorer.picker.lineEdit(), Qt.Key_Return)
    assert explorer.facts["Times played"].text() == NOTHING_TO_EXPLORE and explorer.song == ""


def test_a_band_after_the_empty_history_is_explored_again(explorer):
    explorer.set_history(History([]))
    explorer.set_history(band())
    assert explorer.song == "Alpha" and explorer.facts["Times played"].text() == "<b>5</b>"
    assert explorer.picker.lineEdit().placeholderText() == "" and explorer.map.hover_label.text() == HOVER_HINT
