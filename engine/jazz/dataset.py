"""Token sequences cut into training windows for the LSTM.

A window of T steps is fed as inputs ``[start, w0 .. w(T-2)]`` with targets ``[w0 .. w(T-1)]``, where the
start input is the all-zero vector. The course preset instead draws 60 windows of 30 tokens at random
(numpy seed 0) and, as the course does, feeds ``[0, w1 .. w29]`` against ``[w1 .. w29, nothing]``: its
first token is never predicted and its last step has no target (so its summed loss has 29 terms).
"""

from __future__ import annotations

from dataclasses import dataclass

IGNORE = -100  # target of a step that has none (torch's cross-entropy skips it)
COURSE_WINDOWS, COURSE_STEPS = 60, 30


def vocabulary_of(token_lists) -> list[str]:
    """Distinct tokens, sorted: the same order on every run (the reference used a Python set)."""
    return sorted({t for tokens in token_lists for t in tokens})


@dataclass
class Windows:
    inputs: "object"  # int64 tensor (N, T): token index, or V for the zero vector
    targets: "object"  # int64 tensor (N, T): token index or IGNORE

    def __len__(self) -> int:
        return int(self.inputs.shape[0])


def course_windows(tokens: list[str], vocabulary: list[str], m: int = COURSE_WINDOWS,
                   tx: int = COURSE_STEPS) -> Windows:
    import numpy as np

    rng = np.random.RandomState(0)  # the course: np.random.seed(0); np.random.choice(len - Tx)
    index = {v: i for i, v in enumerate(vocabulary)}
    zero = len(vocabulary)
    inputs, targets = [], []
    for _ in range(m):
        start = int(rng.choice(len(tokens) - tx))
        ids = [index[t] for t in tokens[start:start + tx]]
        inputs.append([zero] + ids[1:])
        targets.append(ids[1:] + [IGNORE])
    return _tensors(inputs, targets)


def sliding_windows(token_lists: list[list[str]], vocabulary: list[str], tx: int, stride: int = 1) -> Windows:
    """Every window of every piece (pieces shorter than ``tx`` give one short, padded window). With a stride,
    the tokens after the last whole stride get a padded window of their own, the ones scored already ignored:
    validation (stride ``tx``) left up to tx - 1 tokens of every held-out section unscored."""
    index = {v: i for i, v in enumerate(vocabulary)}
    zero = len(vocabulary)
    inputs, targets = [], []
    for tokens in token_lists:
        ids = [index[t] for t in tokens if t in index]
        if not ids:
            continue
        starts = list(range(0, max(1, len(ids) - tx + 1), stride))
        tail = starts[-1] + tx < len(ids)
        if tail:
            starts.append(starts[-1] + stride)
        for i, start in enumerate(starts):
            window = ids[start:start + tx]
            pad = tx - len(window)
            seen = starts[-2] + tx - start if tail and i == len(starts) - 1 else 0  # the window before scored them
            inputs.append([zero] + window[:-1] + [zero] * pad)
            targets.append([IGNORE] * seen + window[seen:] + [IGNORE] * pad)
    return _tensors(inputs, targets)


def _tensors(inputs, targets) -> Windows:
    import torch

    return Windows(torch.tensor(inputs, dtype=torch.long).reshape(len(inputs), -1),
                   torch.tensor(targets, dtype=torch.long).reshape(len(targets), -1))


def one_hot(inputs, size: int):
    """(N, T) indices -> (N, T, size) floats; index ``size`` (start / padding) is the zero vector."""
    import torch

    return torch.nn.functional.one_hot(inputs, size + 1)[..., :size].float()


def split_bars(bar_tokens: list[list[str]], share: float = 0.1,
               written: list[tuple[int, ...]] | None = None) -> tuple[list[str], list[str]]:
    """Hold out the last ``share`` of a piece's bars (at least one when it has 5 or more; none for a share of 0,
    which trained without a bar and still chose an epoch by it). ``written``: each bar's places among the bars
    as written, where its repeats were played out; the last share of those is held out, each time it is played,
    as a repeat of a held-out bar in the training part would have validated on bars already learnt."""
    flat = lambda bars: [t for bar in bars for t in bar]  # noqa: E731
    if written:
        places = sorted({w for bar in written for w in bar})
        held = set(places[len(places) - _held(len(places), share):])
        out = [bool(held.intersection(bar)) for bar in written]
        return (flat(b for b, o in zip(bar_tokens, out, strict=True) if not o),
                flat(b for b, o in zip(bar_tokens, out, strict=True) if o))
    cut = len(bar_tokens) - _held(len(bar_tokens), share)
    return flat(bar_tokens[:cut]), flat(bar_tokens[cut:])


def _held(bars: int, share: float) -> int:
    """How many of a piece's bars are held out for validation."""
    held = int(round(bars * share))
    return max(1, held) if bars >= 5 and share > 0 else held
