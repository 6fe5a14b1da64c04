"""Asking a trained model what comes next: the same code for evaluation, drafting and the app."""

from __future__ import annotations

import numpy as np
import torch

from .corpus import Corpus
from .features import bigram_log_probs

BLOCKED = -1e4  # the logit of a token ruled out (a song the show already had, when repeats are not allowed)


def window_logits(model, tokens, slots, positions, show_features, show_rows, played,
                  repeats: bool = False) -> torch.Tensor:
    """Logits (P, V) for the token after the last of each window (P, W), on the model's device. `played`
    (P, V) is ruled out, or with `repeats` only scored down by the model's reprise penalty."""
    net = model.net
    device = next(net.parameters()).device
    t = lambda a: torch.as_tensor(np.ascontiguousarray(a)).to(device)  # noqa: E731
    bigram = getattr(model, "_bigram", None)
    if bigram is None or bigram.device != device:
        bigram = model._bigram = t(bigram_log_probs(model.bigram_counts))
    shows, inverse = np.unique(show_rows, return_inverse=True)
    song_mask = t((np.arange(len(model.vocab)) >= model.vocab.first_song).astype(np.float32))
    with torch.no_grad():
        logits = net.out(net.context(t(tokens), t(slots), t(positions))[:, -1])
        logits = logits + net.extra_scores(t(tokens[:, -1]), t(slots[:, -1]), t(positions[:, -1]), t(inverse),
                                           t(show_features[shows]), song_mask, bigram)
        if repeats:
            return logits + net.reprise_scores(t(played), t(slots[:, -1]))
        return logits.masked_fill(t(played), BLOCKED)


def position_logits(model, corpus: Corpus, targets: np.ndarray, batch: int = 1024,
                    repeats: bool = False) -> np.ndarray:
    """(P, V) logits for each target position of the corpus, from the true stream before it (songs the show
    already had ruled out unless `repeats`)."""
    s, w = corpus.stream, model.settings.window
    out = []
    for k in range(0, len(targets), batch):
        last = targets[k:k + batch] - 1
        index = last[:, None] + np.arange(-w + 1, 1)[None, :]
        valid = index >= 0
        index = np.maximum(index, 0)
        tokens = np.where(valid, s.tokens[index], 0)
        logits = window_logits(model, tokens, s.slot[index], s.position[index], corpus.features, s.show[last],
                               corpus.played[last], repeats)
        out.append(logits.float().cpu().numpy())
    return np.concatenate(out) if out else np.zeros((0, len(model.vocab)), dtype=np.float32)


def top_k_hits(logits: np.ndarray, truth: np.ndarray, k: int = 5) -> tuple[float, float]:
    """Top-1 and top-k accuracy as fractions (truth < 0 or an unknown song counts as a miss)."""
    if len(truth) == 0:
        return 0.0, 0.0
    top = np.argsort(-logits, axis=1, kind="stable")[:, :k]  # ties in vocabulary order, whatever numpy's sort
    hit = top == truth[:, None]
    return float(hit[:, 0].mean()), float(hit.any(axis=1).mean())
