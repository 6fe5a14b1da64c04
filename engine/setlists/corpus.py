"""A history made ready for the network: the stream, per-show song features and the in-show masks."""

from __future__ import annotations

import numpy as np

from .features import show_days, song_features
from .history import History
from .stream import UNK_ID, Stream, Vocabulary, encode


class Corpus:
    def __init__(self, history: History, vocab: Vocabulary, next_date: str | None = None, job=None):
        """``job`` may cancel while the song features are worked out, the slow part (seconds on 2,000 shows)."""
        self.history = history
        self.vocab = vocab
        self.stream: Stream = encode(history, vocab)
        venues = [show.venue for show in history.shows]
        days = show_days([show.date for show in history.shows], next_date)
        self.features = song_features(self.stream, venues, days, len(vocab), vocab.first_song,
                                      job)  # (S + 1, V, F)
        self.played = self.stream.played_before(len(vocab))  # (N, V)

    def song_mask(self) -> np.ndarray:
        mask = np.zeros(len(self.vocab), dtype=np.float32)
        mask[self.vocab.first_song:] = 1.0
        return mask

    def targets(self, first_show: int = 0, last_show: int | None = None, songs_only: bool = False) -> np.ndarray:
        """Token positions (>= 1) of the shows in [first_show, last_show), optionally songs only."""
        show = self.stream.show
        last_show = len(self.history.shows) if last_show is None else last_show
        keep = (show >= first_show) & (show < last_show)
        if songs_only:  # unknown songs stay in: they are plays the model cannot get right
            keep &= (self.stream.tokens >= self.vocab.first_song) | (self.stream.tokens == UNK_ID)
        keep[0] = False
        return np.flatnonzero(keep)
