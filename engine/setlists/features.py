"""What fans read off a band's history before a show, per song: gap, rotation, era, favourite slots.

`song_features` gives, for every show (and one more: the next show), a row per song computed only from
the shows before it. `transition_counts` gives the bigram the model adds to its LSTM. The model learns
how to weigh these; nothing here is fitted to one band.
"""

from __future__ import annotations

import numpy as np

from .stream import UNK_ID, Stream

HALF_LIVES = (4.0, 16.0, 64.0, 256.0)  # shows: this tour, this year, this era, all time
GAP_CAP = 300.0
ROLE_HALF_LIVES = (16.0, 64.0)  # favourite slots lately and over the era
TOUR_BREAK, SEASON_BREAK = 10, 45  # days without a show that end a tour leg, a touring season
FEATURES = 9 + 3 * len(HALF_LIVES) + 8 * len(ROLE_HALF_LIVES) + 6


def _decay(half_life: float) -> float:
    return 0.5 ** (1.0 / half_life)


ROLES = 8  # opener of set 1, of set 2, of a later set; encore; in set 1; in set 2; set closer; late in a set


def _roles(stream: Stream, i: int, first_song: int) -> list[int]:
    """The roles the song at stream position i played (from the slot of the token before it)."""
    slot = stream.slot[i - 1] if i else 4
    roles = [slot] if slot < 4 else [3] if slot == 7 else []
    roles += [4] if slot in (0, 4) else [5] if slot in (1, 5) else []
    closing = i + 1 >= len(stream) or stream.tokens[i + 1] in range(UNK_ID + 1, first_song)
    roles += [6] if closing and slot not in (3, 7) else []
    roles += [7] if stream.position[i] >= 6 else []
    return roles


def show_songs(stream: Stream, shows: int, first_song: int) -> tuple[list, list]:
    """Per show: the song ids it had, and (id, role) pairs for the roles they played."""
    played, roles = [[] for _ in range(shows)], [[] for _ in range(shows)]
    for i, t in enumerate(stream.tokens):
        if t < first_song:
            continue
        played[stream.show[i]].append(t)
        roles[stream.show[i]] += [(t, r) for r in _roles(stream, i, first_song)]
    return played, roles


def song_features(stream: Stream, venues: list[str], days: np.ndarray, vocab_size: int,
                  first_song: int, job=None) -> np.ndarray:
    """(shows + 1, V, FEATURES) float32; row s only uses shows before s. days: the day number of each show
    and of the next one (len(venues) + 1). ``job`` may cancel between shows: the rows of 2,000 shows take
    seconds (11 on a busy machine), and Cancel waited for all of them."""
    shows = len(venues)
    calendar = Calendar(vocab_size)
    played, roles = show_songs(stream, shows, first_song)
    out = np.zeros((shows + 1, vocab_size, FEATURES), dtype=np.float32)
    last = np.full(vocab_size, -1e9)
    first = np.full(vocab_size, np.nan)
    total = np.zeros(vocab_size)
    decayed = np.zeros((len(HALF_LIVES), vocab_size))
    norm = np.zeros(len(HALF_LIVES))
    role_counts = np.zeros((len(ROLE_HALF_LIVES), ROLES, vocab_size))
    role_plays = np.zeros((len(ROLE_HALF_LIVES), vocab_size))
    run = np.zeros(vocab_size, dtype=bool)  # played earlier in this run of nights at one venue
    for s in range(shows + 1):
        if job is not None:
            job.check()
        calendar.start(days[s])
        out[s] = np.concatenate([_row(s, last, first, total, decayed, norm, role_counts, role_plays, run),
                                 calendar.row()], axis=1)
        if s == shows:
            break
        ids = np.array(played[s], dtype=np.int64)
        calendar.played(ids)
        for h, half_life in enumerate(HALF_LIVES):
            decayed[h] *= _decay(half_life)
            norm[h] = norm[h] * _decay(half_life) + 1.0
            decayed[h, ids] += 1.0
        role_decay = np.array([_decay(h) for h in ROLE_HALF_LIVES])
        role_counts *= role_decay[:, None, None]
        role_plays *= role_decay[:, None]
        role_plays[:, ids] += 1.0
        for t, role in roles[s]:
            role_counts[:, role, t] += 1.0
        total[ids] += 1.0
        first[ids] = np.where(np.isnan(first[ids]), s, first[ids])
        last[ids] = s
        same_venue = s + 1 < shows and venues[s + 1] == venues[s]
        run = run if same_venue else np.zeros_like(run)
        if same_venue:
            run[ids] = True
    out[:, :first_song] = 0.0
    return out


class Calendar:
    """What the dates say: days since each song was last played, and what this tour leg and this touring
    season already had (fans expect few repeats within a tour, and songs "not yet played this tour")."""

    def __init__(self, vocab_size: int):
        self.day, self.shows_in_tour, self.break_days = None, 0, 400.0
        self.last = np.full(vocab_size, -1e5)
        self.tour = np.zeros(vocab_size)
        self.season = np.zeros(vocab_size, dtype=bool)

    def start(self, day: float) -> None:
        self.break_days = min(400.0, day - self.day) if self.day is not None else 400.0
        self.day = day
        if self.break_days > TOUR_BREAK:
            self.tour[:], self.shows_in_tour = 0.0, 0
        if self.break_days > SEASON_BREAK:
            self.season[:] = False

    def played(self, ids: np.ndarray) -> None:
        self.last[ids], self.season[ids] = self.day, True
        self.tour[ids] += 1.0
        self.shows_in_tour += 1

    def row(self) -> np.ndarray:
        days = np.minimum(self.day - self.last, 3650.0)
        ones = np.ones_like(days)
        return np.stack([np.log1p(days) / 8, self.tour > 0, np.log1p(self.tour), self.season,
                         ones * np.log1p(self.shows_in_tour) / 3, ones * np.log1p(self.break_days) / 6],
                        axis=1).astype(np.float32)


def show_days(dates: list[str], next_date: str | None = None) -> np.ndarray:
    """Day numbers of the shows and of the next show (the day after the last unless given); an unreadable
    date counts as the day after the show before it."""
    import datetime as dt

    days: list[float] = []
    for text in [*dates, next_date]:
        try:
            day = float(dt.date.fromisoformat(text).toordinal())
        except (TypeError, ValueError):
            day = days[-1] + 1.0 if days else 0.0
        days.append(max(day, days[-1]) if days else day)  # shows are in date order: never back in time
    return np.array(days)


def _row(s, last, first, total, decayed, norm, role_counts, role_plays, run) -> np.ndarray:
    gap = np.minimum(s - last, GAP_CAP)
    seen = total > 0
    span = np.where(seen, s - np.nan_to_num(first, nan=s), 0.0)
    interval = np.where(seen, (span + 1) / np.maximum(total, 1), GAP_CAP)  # shows between plays, on average
    rates = decayed / np.maximum(norm[:, None], 1e-9)
    columns = [np.log1p(gap) / 3, (~seen).astype(float), gap == 1, gap == 2, gap == 3, run,
               np.log((gap + 1) / (interval + 1)) * seen, np.log1p(total) / 5, np.log(total / max(s, 1) + 1e-3)]
    columns += [r for r in rates] + [np.log(r + 1e-3) for r in rates]
    # overdue by the song's own recent habit: gap against the interval its current play rate implies
    columns += [np.log((gap + 1) * (r + 0.01)) * seen for r in rates]
    for counts, plays in zip(role_counts, role_plays, strict=True):
        columns += [np.log((counts[g] + 0.05) / (plays + 1.0)) for g in range(ROLES)]
    return np.stack(columns, axis=1).astype(np.float32)


def transition_counts(stream: Stream, targets: np.ndarray, vocab_size: int) -> np.ndarray:
    """(V, V) counts of previous token -> next token over the training targets (positions i+1)."""
    counts = np.zeros((vocab_size, vocab_size), dtype=np.float32)
    np.add.at(counts, (stream.tokens[targets - 1], stream.tokens[targets]), 1.0)
    return counts


def bigram_log_probs(counts: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """Smoothed log P(next | previous), backing off to how often each token is a target at all."""
    unigram = (counts.sum(0) + 0.1) / (counts.sum() + 0.1 * counts.shape[0])
    return np.log(counts + alpha * unigram[None, :]) - np.log(counts.sum(1, keepdims=True) + alpha)


def leave_one_out(counts: np.ndarray, stream: Stream, targets: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """For each training target, how much its own pair inflated the bigram score (removed in training)."""
    unigram = (counts.sum(0) + 0.1) / (counts.sum() + 0.1 * counts.shape[0])
    prev, nxt = stream.tokens[targets - 1], stream.tokens[targets]
    c = counts[prev, nxt]
    return (np.log(c - 1 + alpha * unigram[nxt]) - np.log(c + alpha * unigram[nxt])).astype(np.float32)
