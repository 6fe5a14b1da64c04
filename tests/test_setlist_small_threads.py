"""A small band's model trains on one CPU thread (two fought each other: the demo band took 120-280 s instead of
15-25 s on a busy 2-core machine); a big one keeps torch's threads, CUDA is left alone, and the count the app
had comes back afterwards. The same seed still gives the same weights."""

import numpy as np
import pytest
import torch

from engine.setlists import fitting
from engine.setlists.history import History, demo_history
from engine.setlists.model import TrainSettings, train
from engine.setlists.network import NextSongNet

TINY = dict(epochs=1, dims=16, hidden=32, word2vec_epochs=1, tune_epochs=1, seed=5)


@pytest.fixture(scope="module")
def history():
    full = demo_history()
    return History(full.shows[-80:], band=full.band, demo=True)


@pytest.fixture
def two_threads():
    """Two threads before each training, whatever this machine's default, so one thread shows."""
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    yield
    torch.set_num_threads(before)


@pytest.fixture
def threads_seen(monkeypatch):
    """torch's thread count at each forward pass of the network during training."""
    seen = []
    forward = NextSongNet.forward

    def counting(self, *args, **kwargs):
        seen.append(torch.get_num_threads())
        return forward(self, *args, **kwargs)

    monkeypatch.setattr(NextSongNet, "forward", counting)
    return seen


def test_a_small_band_trains_on_one_thread_and_gives_the_threads_back(history, two_threads, threads_seen):
    train(history, TrainSettings(**TINY))
    assert threads_seen and set(threads_seen) == {1}
    assert torch.get_num_threads() == 2


def test_a_big_model_keeps_the_threads(history, two_threads, threads_seen, monkeypatch):
    monkeypatch.setattr(fitting, "SMALL_MODEL", 10)  # this band's songs x hidden units count as big now
    train(history, TrainSettings(**TINY))
    assert threads_seen and set(threads_seen) == {2}
    assert torch.get_num_threads() == 2


def bare_fitting(history, device: str, **settings):
    """Only what `Fitting.threads` reads: which threads a run would use, without CUDA or a slow training."""
    from engine.setlists.corpus import Corpus
    from engine.setlists.stream import Vocabulary

    run = fitting.Fitting.__new__(fitting.Fitting)
    run.corpus, run.settings = Corpus(history, Vocabulary.build(history)), TrainSettings(**{**TINY, **settings})
    run.device = torch.device(device)
    return run


def test_wide_hidden_layers_keep_the_threads(history, two_threads):
    with bare_fitting(history, "cpu", hidden=1024).threads():  # songs x hidden units over the line
        assert torch.get_num_threads() == 2


def test_cuda_runs_are_left_alone(history, two_threads):
    with bare_fitting(history, "cuda").threads():
        assert torch.get_num_threads() == 2
    with bare_fitting(history, "cpu").threads():
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == 2


def test_same_seed_same_weights_on_one_thread(history, two_threads, threads_seen):
    a, b = train(history, TrainSettings(**TINY)), train(history, TrainSettings(**TINY))
    assert set(threads_seen) == {1}
    for (name, x), (_, y) in zip(a.net.state_dict().items(), b.net.state_dict().items(), strict=True):
        assert np.array_equal(x.numpy(), y.numpy()), name
