"""Regenerate unlocked with every song locked: a show this model drafted stays as it is (no undo step, a saved
show stays saved, whatever the seed or temperature) and the first press says why (it drafted the show again,
with each locked song's odds moved: 7% to 60%); a show without this model's odds gets them, and its runners-up,
as one undo step (a press that did nothing whenever every song was locked left an opened show without them)."""

import json

import pytest


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    from engine.setlists.history import History, demo_history
    from engine.setlists.model import TrainSettings, train

    full = demo_history()
    folder = tmp_path_factory.mktemp("locked") / "model"
    settings = TrainSettings(epochs=1, dims=16, hidden=16, word2vec_epochs=1, feature_hidden=8, seed=1)
    train(History(full.shows[-40:], band=full.band, demo=True), settings).save(folder)
    return str(folder)


def test_regenerate_with_every_song_locked_keeps_the_show_and_says_so(page, qtbot, tiny_model):
    page.load_model(tiny_model)
    page.next_show.temperature.setValue(0.8)
    with qtbot.waitSignal(page.runner.finished, timeout=60000):
        page.next_show.generate_button.click()
    editor = page.next_show.editor
    editor.select_slots([(i, j) for i, s in enumerate(page.setlist.sets) for j in range(len(s.entries))])
    editor.set_locked(True)
    page.undo_stack.setClean()  # as if saved: the title must not turn unsaved
    before, steps = json.dumps(page.setlist.to_json(), sort_keys=True), page.undo_stack.count()
    said = []
    page.status.connect(said.append)
    for change in (page.next_show.seed, page.next_show.temperature):  # neither chooses a song when all are locked
        change.setValue(change.value() + 1)
        page.next_show.editor.regenerate_button.click()
        qtbot.waitUntil(lambda: not page.runner.running, timeout=60000)  # (a draft it started, to its end)
        assert said and said[-1].startswith("Same songs: every song is locked")
        assert json.dumps(page.setlist.to_json(), sort_keys=True) == before
        assert page.undo_stack.count() == steps and page.undo_stack.isClean()


@pytest.mark.parametrize("odds", [{}, {"probability": 0.5, "alternatives": [["Somebody Else's Song", 0.25]]}],
                         ids=["no odds", "another model's odds"])
def test_regenerate_fills_in_the_odds_of_a_show_opened_with_every_song_locked(page, qtbot, tiny_model, tmp_path,
                                                                              odds):
    from engine.setlists.history import demo_history

    last = demo_history().shows[-1]
    songs = [{"song": song, "transition": ",", "locked": True, **odds} for song in last.songs()[:5]]
    path = tmp_path / "locked.json"
    path.write_text(json.dumps({"date": "2030-01-01", "venue": "The Barn", "sets": [{"name": "Set 1", "songs": songs}]}))
    page.open_setlist(str(path))
    page.load_model(tiny_model)
    steps = page.undo_stack.count()
    with qtbot.waitSignal(page.runner.finished, timeout=60000):
        page.next_show.editor.regenerate_button.click()
    entries = page.setlist.sets[0].entries
    assert [(e.song, e.locked) for e in entries] == [(s["song"], True) for s in songs]
    assert all(e.probability is not None and e.probability != 0.5 for e in entries)
    assert all(len(e.alternatives) == 4 for e in entries)
    assert page.undo_stack.count() == steps + 1
    page.undo_stack.undo()
    assert [(e.probability, len(e.alternatives)) for e in page.setlist.sets[0].entries] == \
        [(odds.get("probability"), len(odds.get("alternatives", []))) for _ in songs]
