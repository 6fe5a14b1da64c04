"""Regenerate unlocked with every song locked changes nothing: no draft, no undo step, a saved show stays saved,
and the first press says why (it drafted the show again, with each locked song's odds moved: 7% to 60%)."""

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
    page.next_show.seed.setValue(page.next_show.seed.value() + 1)  # another seed: still nothing to draft
    page.next_show.editor.regenerate_button.click()
    qtbot.waitUntil(lambda: not page.runner.running, timeout=60000)  # (a draft it started, to its end)
    assert said and said[-1].startswith("Same songs: every song is locked")
    assert json.dumps(page.setlist.to_json(), sort_keys=True) == before
    assert page.undo_stack.count() == steps and page.undo_stack.isClean()
