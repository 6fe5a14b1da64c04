"""The two evaluation protocols of the setlist model, each with the baselines on the same split.

chronological: fit on the first 85 % of shows, predict every song play of the last 15 % from the true
history before it; songs the show already had are out of the ranking; songs new since training are misses.
random-windows: TrAI's protocol (shows up to 2019-09-01 with an encore, windows of 50 tokens, a seeded
random 80/20 split of target positions, set tokens are targets too) so the figures compare with TrAI's.
"""

from __future__ import annotations

import time

import numpy as np

from ..errors import EncoreError
from ..words import counted
from .corpus import Corpus
from .features import transition_counts
from .history import History, is_encore
from .model import TrainSettings, fit
from .scoring import position_logits, top_k_hits
from .stream import UNK_ID, Vocabulary

PROTOCOLS = ("chronological", "random-windows")
TRAI_UNTIL = "2019-09-01"


def evaluate(history: History, protocol: str, seed: int = 0, settings: TrainSettings | None = None,
             job=None) -> dict:
    if protocol not in PROTOCOLS:
        raise EncoreError(f"unknown protocol {protocol!r} (use {' or '.join(PROTOCOLS)})")
    if len(history.shows) < 10:
        raise EncoreError(f"too few shows to evaluate: {len(history.shows)} (at least 10 needed)")
    settings = settings or TrainSettings(seed=seed)
    start = time.monotonic()
    run = chronological if protocol == "chronological" else random_windows
    result = run(history, seed, settings, job)
    return {"protocol": protocol, **result, "seconds": round(time.monotonic() - start, 1)}


def chronological(history: History, seed: int, settings: TrainSettings, job=None) -> dict:
    shows = len(history.shows)
    train_shows = shows - int(round(shows * 0.15))
    corpus = Corpus(history, Vocabulary.build(history.before(train_shows)), job=job)
    train = corpus.targets(0, train_shows)
    test = corpus.targets(train_shows, shows, songs_only=True)
    _check_split(corpus, train, test)
    model = fit(corpus, train, settings, job, validation_tail=True)
    return _scores(corpus, model, train, test, songs_only=True) | {
        "train_shows": train_shows, "test_shows": shows - train_shows, "test_plays": len(test)}


def trai_shows(history: History, until: str = TRAI_UNTIL) -> History:
    """Shows with an encore up to TrAI's cut-off date (all shows with an encore if that leaves too few)."""
    encore = [s for s in history.shows if any(is_encore(x.name) for x in s.sets)]
    dated = [s for s in encore if s.date <= until]
    chosen = dated if len(dated) >= 20 else encore if len(encore) >= 20 else history.shows
    return History(chosen, history.problems, history.band, history.demo, artist=history.artist)


def random_windows(history: History, seed: int, settings: TrainSettings, job=None, window: int = 50) -> dict:
    subset = trai_shows(history)
    corpus = Corpus(subset, Vocabulary.build(subset), job=job)
    positions = np.arange(min(window, len(corpus.stream) - 2), len(corpus.stream))
    order = np.random.default_rng(seed).permutation(len(positions))
    cut = int(round(len(positions) * 0.2))
    test, train = np.sort(positions[order[:cut]]), np.sort(positions[order[cut:]])
    _check_split(corpus, train, test)
    model = fit(corpus, train, settings, job, validation_tail=False)
    shows = corpus.stream.show
    return _scores(corpus, model, train, test, songs_only=False) | {
        "train_shows": int(len(np.unique(shows[train]))), "test_shows": int(len(np.unique(shows[test]))),
        "test_plays": len(test)}


def _check_split(corpus: Corpus, train: np.ndarray, test: np.ndarray) -> None:
    """Before any training: a few short shows leave no target on one side, and every figure would be 0 of 0."""
    if not len(train) or not len(test):
        raise EncoreError(f"too few plays to evaluate: {counted(len(corpus.stream), 'token')} leave "
                          f"{'none to test' if not len(test) else 'none to train on'}")


def _scores(corpus: Corpus, model, train: np.ndarray, test: np.ndarray, songs_only: bool) -> dict:
    truth = corpus.stream.tokens[test].copy()
    truth[truth == UNK_ID] = -1  # an unknown song is a miss whatever is ranked
    logits = position_logits(model, corpus, test, repeats=not songs_only)  # TrAI's targets include reprises
    excluded = _excluded(corpus, test, songs_only)
    top1, top5 = top_k_hits(np.where(excluded, -np.inf, logits), truth)
    return {"model": {"top1": top1, "top5": top5}, "baselines": baselines(corpus, train, test, songs_only)}


def _excluded(corpus: Corpus, test: np.ndarray, songs_only: bool) -> np.ndarray:
    """Tokens out of the ranking: padding/unknown, set tokens when only songs are asked, the show's songs."""
    excluded = np.zeros((len(test), len(corpus.vocab)), dtype=bool)
    excluded[:, :corpus.vocab.first_song if songs_only else UNK_ID + 1] = True
    if songs_only:
        excluded |= corpus.played[test - 1]
    return excluded


def baselines(corpus: Corpus, train: np.ndarray, test: np.ndarray, songs_only: bool) -> dict:
    """Most-frequent and bigram (previous token -> next, ties and unseen contexts by frequency)."""
    size = len(corpus.vocab)
    tokens = corpus.stream.tokens
    frequency = np.bincount(tokens[train], minlength=size).astype(np.float64)
    counts = transition_counts(corpus.stream, train, size)
    truth = tokens[test].copy()
    truth[truth == UNK_ID] = -1
    excluded = _excluded(corpus, test, songs_only)
    freq_scores = np.where(excluded, -np.inf, np.broadcast_to(frequency, excluded.shape))
    bigram_scores = np.where(excluded, -np.inf, counts[tokens[test - 1]] * 1e6 + frequency[None, :])
    f1, f5 = top_k_hits(freq_scores, truth)
    b1, b5 = top_k_hits(bigram_scores, truth)
    return {"frequency": {"top1": f1, "top5": f5}, "bigram": {"top1": b1, "top5": b5}}
