"""Setlists training says what it does before the first epoch (Word2Vec and the data took tens of seconds on a
loaded machine under a bare "Starting…"), stops there when cancelled, and a job that ends says which it was."""

import numpy as np
import pytest

from engine.jobs import Cancelled, Job
from engine.setlists.history import demo_history
from engine.setlists.model import TrainSettings, train

TINY = {"epochs": 1, "hidden": 16, "dims": 8, "word2vec_epochs": 3, "tune_epochs": 0, "refit": False}


@pytest.fixture(scope="module")
def history():
    return demo_history().before(60)


def test_the_stages_before_the_first_epoch_are_said_in_words(history):
    seen = []
    train(history, TrainSettings(**TINY), Job(on_progress=seen.append))
    before = seen[:[p.partial is not None for p in seen].index(True)]
    assert [p.message for p in before] == [
        "preparing training data…", *(f"learning song embeddings (Word2Vec pass {n} of 3)…" for n in (1, 2, 3)),
        "preparing training data…"]
    assert {(p.step, p.total) for p in before} == {(0, 1)}  # the bar counts epochs: empty until the first


def test_cancel_during_word2vec_stops_before_its_next_pass(history):
    job, said = Job(), []

    def progress(p):
        said.append(p.message)
        if "pass 2 of" in p.message:
            job.cancel()

    job.on_progress = progress
    with pytest.raises(Cancelled):
        train(history, TrainSettings(**{**TINY, "word2vec_epochs": 20}), job)
    assert said[-1].endswith("pass 2 of 20)…") and not job.history


def test_saying_the_stages_changes_no_weight(history):
    """The benchmark figures depend on a seed giving the same model: the reports are words, nothing more."""
    heard = train(history, TrainSettings(**TINY), Job(on_progress=lambda p: None))
    quiet = train(history, TrainSettings(**TINY))
    assert np.array_equal(heard.embedding.vectors, quiet.embedding.vectors)
    for (name, x), (_, y) in zip(heard.net.state_dict().items(), quiet.net.state_dict().items(), strict=True):
        assert np.array_equal(x.numpy(), y.numpy()), name


def test_a_cancelled_training_says_training_and_the_bar_named_word2vec(page, qtbot):
    """The status said a bare "Cancelled", naming no job; the bar said "Starting…" through Word2Vec."""
    from gui.jobs import ProgressPanel

    page._use_history(demo_history().before(60), [])
    panel = next(p for p in page.findChildren(ProgressPanel) if p.runner is page.runner)
    shown, messages = [], []
    page.status.connect(messages.append)

    def cancel_at_word2vec(p):
        if "Word2Vec pass 2 of" in p.message:  # the panel heard it first: its label says it now
            shown.append(panel.label.text())
            page.runner.cancel()

    page.runner.progressed.connect(cancel_at_word2vec)
    with qtbot.waitSignal(page.runner.cancelled, timeout=60000):
        page.train({**page.training.settings(), **TINY, "word2vec_epochs": 20})
    assert shown[0].startswith("learning song embeddings (Word2Vec pass 2 of 20)…")
    assert messages[-1] == "Training cancelled"


def test_a_failed_evaluation_says_evaluation(page, qtbot):
    page._use_history(demo_history().before(5), [])  # too few shows to evaluate
    messages = []
    page.status.connect(messages.append)
    with qtbot.waitSignal(page.runner.failed, timeout=60000):
        page.evaluate({**page.training.settings(), **TINY})
    assert messages[-1] == "Evaluation failed: too few shows to evaluate: 5 (at least 10 needed)"
