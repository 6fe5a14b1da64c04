"""Per-song features read off the history before each show: gaps in shows and days, this tour, this season."""

import numpy as np
import pytest

from engine.setlists.corpus import Corpus
from engine.setlists.features import FEATURES, show_days
from engine.setlists.history import History, Show
from engine.setlists.setlist import Entry, Set
from engine.setlists.stream import Vocabulary

CALENDAR = FEATURES - 6  # the calendar columns come last


def _show(date: str, venue: str, *songs: str) -> Show:
    return Show(date, venue, [Set("Set 1", [Entry(s) for s in songs])])


@pytest.fixture
def corpus():
    shows = [_show("2024-06-01", "Barn", "Alpha", "Beta"),
             _show("2024-06-02", "Barn", "Gamma"),
             _show("2024-06-05", "Hall", "Alpha"),
             _show("2024-06-30", "Arena", "Delta"),  # 25 days later: a new tour leg, same season
             _show("2024-09-01", "Dome", "Beta")]  # 63 days later: a new season
    history = History(shows)
    return Corpus(history, Vocabulary.build(history), next_date="2024-09-03")


def _calendar(corpus, show: int, song: str) -> np.ndarray:
    return corpus.features[show, corpus.vocab.id(song.lower()), CALENDAR:]


def test_each_row_only_knows_the_shows_before_it(corpus):
    assert corpus.features.shape == (6, len(corpus.vocab), FEATURES)
    songs = slice(corpus.vocab.first_song, None)
    assert (corpus.features[0, songs, 1] == 1.0).all()  # before the first show every song is unplayed
    assert not corpus.features[0, songs, CALENDAR + 1:CALENDAR + 4].any()  # and nothing is on this tour
    assert (corpus.features[1, corpus.vocab.id("gamma"), 1] == 1.0)  # Gamma comes in show 1: not known at 1
    first = _calendar(corpus, 1, "Alpha")
    assert first[1] == 1.0 and first[3] == 1.0  # played on this tour and this season
    assert np.isclose(first[0], np.log1p(1) / 8)  # one day since it was played
    assert _calendar(corpus, 1, "Gamma")[1] == 0.0  # not yet played


def test_a_break_ends_the_tour_and_a_long_one_the_season(corpus):
    after_leg = _calendar(corpus, 3, "Alpha")  # 25 days off: new leg, same season
    assert after_leg[1] == 0.0 and after_leg[3] == 1.0
    assert np.isclose(after_leg[0], np.log1p(25) / 8)
    assert np.isclose(after_leg[5], np.log1p(25) / 6)  # the break itself, for every song
    after_season = _calendar(corpus, 4, "Delta")  # 63 days off
    assert after_season[1] == 0.0 and after_season[3] == 0.0
    in_tour = _calendar(corpus, 2, "Gamma")  # third show of the tour: two shows in
    assert in_tour[1] == 1.0 and np.isclose(in_tour[2], np.log1p(1))
    assert np.isclose(in_tour[4], np.log1p(2) / 3)


def test_the_next_show_row_uses_its_date(corpus):
    nxt = _calendar(corpus, 5, "Beta")
    assert nxt[1] == 1.0 and np.isclose(nxt[0], np.log1p(2) / 8)  # two days after 2024-09-01


def test_unreadable_or_missing_dates_follow_the_show_before():
    days = show_days(["2024-01-01", "someday", "2024-01-05"])
    assert list(np.diff(days)) == [1.0, 3.0, 1.0]  # the next show defaults to the day after the last
    assert list(np.diff(show_days(["2024-01-05", "2024-01-01"]))) == [0.0, 1.0]  # never goes back in time
