"""Cancel is heard while a history's song features are worked out ("preparing training data…", and the start
of a draft): 2.8 s on Phish's 2,000 shows, 11 s on a busy machine, with no check for Cancel until they were
done."""

import pytest

from engine.jobs import Cancelled, Job
from engine.setlists import features
from engine.setlists.corpus import Corpus
from engine.setlists.history import History, demo_history
from engine.setlists.stream import Vocabulary


class CancelledAfter(Job):
    """A job the user cancels on its ``calls``-th check: deterministic, as no thread races the work."""

    def __init__(self, calls: int):
        super().__init__()
        self.calls, self.checked = calls, 0

    def check(self) -> None:
        self.checked += 1
        if self.checked >= self.calls:
            self.cancel()
        super().check()


@pytest.fixture(scope="module")
def history():
    return demo_history().before(60)


@pytest.fixture
def rows(monkeypatch):
    """How many shows' feature rows were worked out."""
    done = []
    row = features._row

    def counted(*args):
        done.append(args[0])
        return row(*args)

    monkeypatch.setattr(features, "_row", counted)
    return done


def test_cancel_stops_the_song_features_between_shows(history, rows):
    job = CancelledAfter(5)
    with pytest.raises(Cancelled):
        Corpus(history, Vocabulary.build(history), job=job)
    assert job.checked == 5 and len(rows) == 4  # not the 61 rows of 60 shows and the next


def test_an_uncancelled_job_checks_at_every_show(history, rows):
    job = CancelledAfter(10**9)
    Corpus(history, Vocabulary.build(history), job=job)
    assert len(rows) == len(history.shows) + 1 and job.checked >= len(rows)


def test_a_draft_cancelled_while_its_features_are_worked_out_drafts_no_slot(history, rows):
    from engine.setlists.draft import draft_show
    from engine.setlists.model import TrainSettings, train

    model = train(History(history.shows[-30:], band=history.band, demo=True),
                  TrainSettings(epochs=1, dims=8, hidden=8, word2vec_epochs=1, feature_hidden=8, tune_epochs=0))
    rows.clear()
    job, said = CancelledAfter(3), []
    job.on_progress = lambda p: said.append(p.message)
    with pytest.raises(Cancelled):
        draft_show(model, history, job=job)
    assert len(rows) == 2 and not said  # stopped in the features, before any slot was drafted


def test_training_cancelled_while_preparing_its_data_stops_there(history, rows):
    from engine.setlists.model import TrainSettings, train

    job = CancelledAfter(2)  # the first check is the "preparing training data…" report's: Cancel comes after it
    with pytest.raises(Cancelled):
        train(history, TrainSettings(epochs=1, dims=8, hidden=8, word2vec_epochs=1, tune_epochs=0), job)
    assert len(rows) <= 1
