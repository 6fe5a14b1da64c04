"""A locked song's odds and runners-up are those the draft gave it: locking songs and regenerating the rest
must not move the numbers the user sees on the songs they kept (the later locked songs used to be ruled out of
each locked slot's odds, so locking every song took a 7% song to 60%)."""

import copy

import pytest

from engine.setlists.draft import draft_show
from engine.setlists.history import History, demo_history, song_key
from engine.setlists.model import TrainSettings, train

TINY = dict(epochs=1, dims=16, hidden=16, word2vec_epochs=1, feature_hidden=8, seed=1)


@pytest.fixture(scope="module")
def model():
    full = demo_history()
    return train(History(full.shows[-40:], band=full.band, demo=True), TrainSettings(**TINY))


def _locked(setlist, keep=lambda i, j: True):
    template = copy.deepcopy(setlist)
    for i, s in enumerate(template.sets):
        for j, entry in enumerate(s.entries):
            entry.locked = keep(i, j)
    return template


def _numbers(setlist):
    return [(e.song, e.transition, e.probability, e.alternatives) for s in setlist.sets for e in s.entries]


def test_a_show_locked_whole_drafts_the_same_numbers(model):
    first = draft_show(model, temperature=0.9, seed=3)
    again = draft_show(model, temperature=0.9, seed=4, template=_locked(first), date=first.date)
    for (song, mark, p, alts), (song2, mark2, p2, alts2) in zip(_numbers(again), _numbers(first), strict=True):
        assert (song, mark) == (song2, mark2)
        assert p == pytest.approx(p2, rel=1e-9), song
        assert [a for a, _ in alts] == [a for a, _ in alts2], song
        assert [q for _, q in alts] == pytest.approx([q for _, q in alts2], rel=1e-9), song


def test_locked_songs_before_the_redrafted_one_keep_their_odds(model):
    first = draft_show(model, temperature=0.9, seed=3)
    last_set = len(first.sets) - 1
    last = len(first.sets[-1].entries) - 1
    again = draft_show(model, temperature=0.9, seed=4, date=first.date,
                       template=_locked(first, lambda i, j: (i, j) != (last_set, last)))
    kept = [(e.song, e.probability) for s in again.sets for e in s.entries][:-1]
    before = [(e.song, e.probability) for s in first.sets for e in s.entries][:-1]
    assert [s for s, _ in kept] == [s for s, _ in before]
    assert [p for _, p in kept] == pytest.approx([p for _, p in before], rel=1e-9)
    songs = [song_key(e.song) for s in again.sets for e in s.entries]
    assert len(set(songs)) == len(songs)  # the redrafted slot still leaves the locked songs out
