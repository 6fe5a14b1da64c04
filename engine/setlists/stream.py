"""A history as one token stream, the way the next-song model reads it.

Set headers are tokens (`<SET1>` starts a show, `<ENCORE>` an encore), songs are vocabulary indices of
their matching keys. Beside each token the stream keeps what the model may know when it predicts the
NEXT token: which show it is in, the slot (a set's opener, inside set 2, the encore ...) and how far into
the set it is, and which songs this show has already had.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from .history import History, Show, is_encore, song_key

PAD, UNK = "<PAD>", "<UNK>"
SET_TOKENS = ["<SET1>", "<SET2>", "<SET3>", "<SET4>", "<SET5>", "<ENCORE>", "<ENCORE2>", "<ENCORE3>"]
SPECIALS = [PAD, UNK] + SET_TOKENS
UNK_ID = SPECIALS.index(UNK)  # the id of every song the vocabulary does not hold
SLOTS = 8  # openers of set 1, set 2, later sets, encore; inside set 1, set 2, later sets, encore
MAX_POSITION = 15


def set_token(name: str) -> str:
    if is_encore(name):
        rest = name[6:].strip()
        return "<ENCORE>" if rest in ("", "1") else f"<ENCORE{min(max(_number(rest, 2), 2), 3)}>"
    return f"<SET{min(max(_number(name.split()[-1] if name.split() else '1', 3), 1), 5)}>"


def _number(text: str, otherwise: int) -> int:
    """A set's number as int() reads it: 'Set ²' has a digit that int() refuses."""
    return int(text) if text.isdecimal() else otherwise


def _slot_group(token: str) -> int:
    return 0 if token == "<SET1>" else 1 if token == "<SET2>" else 3 if token.startswith("<ENC") else 2


@dataclass
class Vocabulary:
    keys: list[str]  # specials first, then song keys by how often they were played
    names: dict[str, str]  # key -> display spelling

    @classmethod
    def build(cls, history: History) -> Vocabulary:
        counts = Counter(k for show in history.shows for k in show.keys())
        return cls(SPECIALS + [k for k, _ in counts.most_common()], history.names())

    def __post_init__(self):
        self.index = {k: i for i, k in enumerate(self.keys)}

    def __len__(self) -> int:
        return len(self.keys)

    def id(self, key: str) -> int:
        return self.index.get(key, UNK_ID)

    def name(self, i: int) -> str:
        return self.names.get(self.keys[i], self.keys[i])

    @property
    def first_song(self) -> int:
        return len(SPECIALS)


@dataclass
class Stream:
    tokens: np.ndarray  # (N,) vocabulary ids
    show: np.ndarray  # (N,) index of the show each token belongs to
    slot: np.ndarray  # (N,) slot of the token that FOLLOWS (0-7)
    position: np.ndarray  # (N,) songs so far in the current set, capped
    marks: list[str]  # transition mark after each token ("," for set tokens)

    def __len__(self) -> int:
        return len(self.tokens)

    def played_before(self, vocab_size: int) -> np.ndarray:
        """(N, V) bool: tokens the current show already had, up to and including position i."""
        mask = np.zeros((len(self), vocab_size), dtype=bool)
        for i, (t, s) in enumerate(zip(self.tokens, self.show, strict=True)):
            if i and self.show[i - 1] == s:
                mask[i] = mask[i - 1]
            if t != 2:  # `<SET1>` may come again: it starts the next show
                mask[i, t] = True
        mask[:, 1] = False
        return mask


def show_tokens(show: Show) -> list[tuple[str, str, int, int]]:
    """(key, mark, slot, position) for each token of one show."""
    out = []
    for s in show.sets:
        token = set_token(s.name)
        group = _slot_group(token)
        out.append((token, ",", group, 0))
        for j, entry in enumerate(s.entries):
            out.append((song_key(entry.song), entry.transition, 4 + group, min(j + 1, MAX_POSITION)))
    return out


def encode(history: History, vocab: Vocabulary) -> Stream:
    tokens, shows, slots, positions, marks = [], [], [], [], []
    for i, show in enumerate(history.shows):
        for key, mark, slot, position in show_tokens(show):
            tokens.append(vocab.id(key))
            shows.append(i)
            slots.append(slot)
            positions.append(position)
            marks.append(mark)
    return Stream(np.array(tokens, dtype=np.int64), np.array(shows, dtype=np.int64),
                  np.array(slots, dtype=np.int64), np.array(positions, dtype=np.int64), marks)
