"""What the Setlists page keeps of a history once another is loaded: the evaluation table, the model's song map,
and the figures of a protocol that could be evaluated when the other could not."""

import pytest

pytest.importorskip("engine.setlists.draft", reason="the setlist engine's drafting has not landed yet")

SMALL = {"epochs": 1, "hidden": 16, "dims": 8, "learning_rate": 0.006, "word2vec_epochs": 1, "seed": 0,
         "tune_epochs": 0, "refit": False}


def write_csv(path, rows: list[str]) -> str:
    path.write_text("show_date,venue,set,song\n" + "\n".join(rows) + "\n")
    return str(path)


def read(page, qtbot, path: str) -> None:
    page.import_paths([path])
    qtbot.waitUntil(lambda: not page.reading(), timeout=30000)


def evaluate(page, qtbot) -> None:
    page.evaluate(dict(SMALL))
    qtbot.waitUntil(lambda: not page.runner.running, timeout=120000)


def twelve_nights(first: int = 1) -> list[str]:
    """Twelve one-song shows: enough shows to evaluate, too few plays for random-windows' 20 % to test."""
    return [f"2023-02-{day:02d},V,1,S{day % 3}" for day in range(first, first + 12)]


def test_another_history_clears_the_last_ones_evaluation(page, qtbot, tmp_path):
    """The table kept the last band's figures beside the new band's history, even when evaluating it failed."""
    from engine.setlists.history import demo_history
    from gui.setlists.tasks import Rows

    row = {"protocol": "chronological", "method": "model", "top1": 0.25, "top5": 0.5, "test_shows": 2,
           "test_plays": 9}
    page.training.show_evaluation([row])
    read(page, qtbot, write_csv(tmp_path / "five.csv", [f"2023-01-0{d},A,1,Alpha" for d in range(1, 6)]))
    assert page.training.evaluation.rowCount() == 0
    messages = []
    page.status.connect(messages.append)
    evaluate(page, qtbot)  # five shows: too few to evaluate
    assert messages[-1].startswith("Evaluation failed: too few shows") and page.training.evaluation.rowCount() == 0
    # An evaluation that ends after another history came in is of the one before
    before = page.history
    page._use_history(demo_history(), [])
    page._evaluated(before, Rows([row]))
    assert page.training.evaluation.rowCount() == 0 and "Evaluate again" in messages[-1]


def test_the_same_shows_read_again_keep_their_figures(page, qtbot, tmp_path):
    """Re-opening the same file (Recent Files, or Add files… adding nothing) threw away figures that take a minute
    on Phish, whether shown or still being worked out (a regression hunt's find)."""
    from gui.setlists.tasks import Rows

    row = {"protocol": "chronological", "method": "model", "top1": 0.25, "top5": 0.5, "test_shows": 2,
           "test_plays": 9}
    path = write_csv(tmp_path / "twelve.csv", twelve_nights())
    read(page, qtbot, path)
    before = page.history
    page.training.show_evaluation([row])
    read(page, qtbot, path)
    assert page.history is not before and page.training.evaluation.rowCount() == 1
    page.training.show_evaluation([])
    page._evaluated(before, Rows([row]))  # an evaluation that ends after the same shows were read again
    assert page.training.evaluation.rowCount() == 1


@pytest.fixture(scope="module")
def band(tmp_path_factory):
    """The band's setlists.csv then (the demo band's first 30 shows) and now (two shows more, with a new
    song), and a tiny model of the 30 shows."""
    from engine.setlists.export import write_history
    from engine.setlists.history import History, demo_history, load_history
    from engine.setlists.model import TrainSettings, train

    root = tmp_path_factory.mktemp("band")
    shows = demo_history().shows[:30]
    last = shows[-1].songs()[0]
    rows = [f"2030-01-0{d},The Barn,1,{song}" for d in (1, 2) for song in ("Brand New Tune", last)]
    later = load_history(write_csv(root / "later.csv", rows)).shows
    for name, held in (("then", shows), ("now", shows + later)):
        (root / name).mkdir()
        write_history(History(held), root / name / "setlists.csv")
    settings = TrainSettings(epochs=1, hidden=8, dims=8, word2vec_epochs=1, feature_hidden=8, tune_epochs=0)
    train(load_history(str(root / "then" / "setlists.csv")), settings).save(root / "model")
    return str(root / "then" / "setlists.csv"), str(root / "now" / "setlists.csv"), str(root / "model")


def test_songs_played_since_the_model_are_on_the_explorers_map(page, qtbot, band):
    """A model of the band's first shows gave the explorer its map: a song played since was missing from it and
    had no similar songs. The explorer learns its own map of the history then, as it does without a model."""
    then, now, model = band
    read(page, qtbot, then)
    page.load_model(model)
    assert page.explorer.embedding is page.model.embedding  # the model knows every song played: its map
    read(page, qtbot, now)
    assert len(page.history.shows) == 32 and page._model_fits()
    assert page.explorer.embedding is None
    page.tabs.setCurrentWidget(page.explorer)
    qtbot.waitUntil(lambda: page.explorer.embedding is not None and not page.runner.running, timeout=60000)
    assert "Brand New Tune" in page.explorer.map.names
    page.explorer.open_song("Brand New Tune")
    assert page.explorer.similar.count() > 0
    assert page.next_show.generate_button.isEnabled()  # the model still drafts
    # A model loaded while the longer history is open does not bring its map either
    page.load_model(model)
    assert page.explorer.embedding is not page.model.embedding


def test_evaluate_keeps_the_chronological_figures_when_random_windows_cannot_split(page, qtbot, tmp_path):
    """Random-windows found no play to test in a short history after chronological had trained: both tables'
    worth of figures were lost, and "too few plays" did not say which protocol wanted more."""
    read(page, qtbot, write_csv(tmp_path / "twelve.csv", twelve_nights()))
    messages = []
    page.status.connect(messages.append)
    evaluate(page, qtbot)
    table = page.training.evaluation
    protocols = {table.item(r, 0).text() for r in range(table.rowCount())}
    assert protocols == {"chronological"} and table.rowCount() == 3
    assert "random-windows: too few plays" in messages[-1] and "chronological only" in messages[-1]


def test_evaluating_a_history_too_short_for_both_says_why_once():
    from engine.errors import EncoreError
    from engine.setlists.history import demo_history
    from gui.setlists import tasks

    with pytest.raises(EncoreError) as raised:
        tasks.evaluate_both(demo_history().before(5), dict(SMALL))
    assert str(raised.value) == "too few shows to evaluate: 5 (at least 10 needed)"
