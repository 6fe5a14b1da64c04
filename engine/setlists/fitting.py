"""One training run of the next-song network: chunks of the stream, epochs, validation, best epoch kept (or a
final fit for a given number of epochs, nothing held out)."""

from __future__ import annotations

import copy

import numpy as np
import torch
from torch.nn import functional as F

from ..compute import small_model_threads
from .corpus import Corpus
from .features import FEATURES, bigram_log_probs, leave_one_out, transition_counts
from .network import NextSongNet

TUNE_MIN_SHOWS = 100  # the recent era must be at least this long to refit on it
# songs x hidden units up to which a CPU run trains on one thread. The demo band (105 x 128) trained in 15-25 s on
# one thread and 120-280 s on two of a 2-core machine other work also used; Phish (985 x 128) keeps torch's default
SMALL_MODEL = 512 * 128


def split_validation(targets: np.ndarray, share: float, tail: bool, seed: int) -> tuple[np.ndarray, np.ndarray]:
    count = int(round(len(targets) * share))
    if count == 0:
        return targets, targets[:0]
    if tail:  # the most recent shows: closest to what the model will be asked next
        return targets[:-count], targets[-count:]
    chosen = np.random.default_rng(seed).permutation(len(targets))
    return np.sort(targets[chosen[count:]]), np.sort(targets[chosen[:count]])


class Fitting:
    def __init__(self, corpus: Corpus, targets: np.ndarray, settings, embedding, validation_tail: bool, device):
        self.corpus, self.settings, self.device = corpus, settings, device
        self.validation_tail = validation_tail
        self.train_targets, self.val_targets = split_validation(targets, settings.validation, validation_tail,
                                                                settings.seed)
        size = len(corpus.vocab)
        self.counts = transition_counts(corpus.stream, self.train_targets, size)
        self.loo = np.zeros(len(corpus.stream), dtype=np.float32)
        self.loo[self.train_targets] = leave_one_out(self.counts, corpus.stream, self.train_targets)
        self.bigram = torch.from_numpy(bigram_log_probs(self.counts)).to(device)
        self.features = torch.from_numpy(corpus.features)
        self.song_mask = torch.from_numpy(corpus.song_mask()).to(device)
        self.best_epoch, self.best_tune = settings.epochs, 0  # what `run` found best (tuning epochs: 0 = none)
        # next-show training holds out the latest shows, the most telling: model.fit then learns from them too
        self.final_fit_follows = settings.refit and validation_tail and len(self.val_targets) > 0
        self.net = NextSongNet(size, FEATURES, settings.dims, settings.hidden, settings.dropout,
                              settings.feature_hidden).to(device)
        with torch.no_grad():
            matrix = embedding.matrix_for(corpus.vocab.keys, settings.dims, settings.seed)
            self.net.embed.weight.copy_(torch.from_numpy(matrix))

    def recency_weights(self) -> np.ndarray:
        """Recent shows count more when the goal is the next show: bands change their habits by era."""
        half_life = self.settings.recency_half_life
        if not half_life or not self.validation_tail:
            return np.ones(len(self.train_targets), dtype=np.float32)
        shows = self.corpus.stream.show[self.train_targets]
        return np.maximum(0.2, 0.5 ** ((shows.max() - shows) / half_life)).astype(np.float32)

    def chunks(self, targets: np.ndarray) -> list[tuple[int, int, int]]:
        """(start, first_target_input, end) input ranges that hold at least one of the targets."""
        n, step, burn = len(self.corpus.stream) - 1, self.settings.length, self.settings.burn_in
        has = np.zeros(n + 1, dtype=bool)
        has[targets - 1] = True
        return [(max(0, a - burn), a, min(n, a + step)) for a in range(0, n, step) if has[a:a + step].any()]

    def batch_size(self, chunks: int) -> int:
        return max(4, min(self.settings.batch, chunks // 12))

    def batch(self, chunks, targets_set: np.ndarray):
        """Inputs for every position of the chunks; scores and targets only where a target is weighed."""
        s = self.corpus.stream
        width = max(end - start for start, _, end in chunks)
        index = np.zeros((len(chunks), width), dtype=np.int64)
        weight = np.zeros((len(chunks), width), dtype=np.float32)
        valid = np.zeros_like(weight, dtype=bool)
        for row, (start, first, end) in enumerate(chunks):
            index[row, :end - start] = np.arange(start, end)
            weight[row, first - start:end - start] = targets_set[first + 1:end + 1]
            valid[row, :end - start] = True
        at = np.flatnonzero(weight)  # zero outside each chunk and in its burn-in
        scored = index.reshape(-1)[at]
        shows, show_index = np.unique(s.show[scored], return_inverse=True)
        following = np.minimum(scored + 1, len(s) - 1)
        t = lambda a: torch.from_numpy(np.ascontiguousarray(a)).to(self.device)  # noqa: E731
        return {"tokens": t(np.where(valid, s.tokens[index], 0)), "slots": t(s.slot[index]),
                "positions": t(s.position[index]), "at": t(at), "show_index": t(show_index),
                "show_features": self.features[shows].to(self.device), "played": t(self.corpus.played[scored]),
                "previous": t(s.tokens[scored]), "target": t(s.tokens[following]),
                "weight": t(weight.reshape(-1)[at]), "loo": t(self.loo[following])}

    def loss(self, b, train: bool):
        logits = self.net(b["tokens"], b["slots"], b["positions"], b["show_index"], b["show_features"],
                          self.song_mask, self.bigram, b["played"], b["at"])
        if train:  # a training pair must not vouch for itself through the bigram
            own = self.bigram[b["previous"], b["target"]][:, None]
            slots = b["slots"].reshape(-1).index_select(0, b["at"])
            bonus = self.net.pair_scores(slots, own + b["loo"][:, None]) - self.net.pair_scores(slots, own)
            logits = logits.scatter_add(-1, b["target"][:, None], bonus)
        losses = F.cross_entropy(logits, b["target"], reduction="none",
                                 label_smoothing=self.settings.label_smoothing if train else 0.0)
        w = b["weight"]
        hits = (logits.argmax(-1) == b["target"]).float()
        return (losses * w).sum() / w.sum().clamp(min=1), float((hits * w).sum()), float(w.sum())

    def epoch(self, chunks, targets_set, optimizer=None, job=None, scheduler=None) -> tuple[float, float]:
        total = hits = count = 0.0
        order = np.random.permutation(len(chunks)) if optimizer else np.arange(len(chunks))
        self.net.train(optimizer is not None)
        size = self.batch_size(len(chunks))
        for k in range(0, len(order), size):
            if job:
                job.check()
            b = self.batch([chunks[i] for i in order[k:k + size]], targets_set)
            with torch.set_grad_enabled(optimizer is not None):
                loss, h, c = self.loss(b, train=optimizer is not None)
            if optimizer:
                optimizer.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.net.parameters(), 1.0)
                optimizer.step()
                scheduler.step()
            total, hits, count = total + float(loss.detach()) * c, hits + h, count + c
        return total / max(count, 1), hits / max(count, 1)

    def run(self, job=None, stop: tuple[int, int] | None = None):
        """Train, keep the epoch with the lowest validation loss, then tune (see `tune`); records which epoch
        and how many tuning epochs were best. With `stop` (epochs, tuning epochs): the final fit, for exactly
        that long on the same schedules, nothing held out to choose by (see model.fit)."""
        with self.threads():
            return self._run(job, stop)

    def threads(self):
        """One CPU thread for a small band's model, as for a small Jazz LSTM: its steps are tiny, and a second
        thread mostly waits on the first (or on whatever else the machine runs). CUDA runs are left alone."""
        small = self.device.type == "cpu" and len(self.corpus.vocab) * self.settings.hidden <= SMALL_MODEL
        return small_model_threads(self.settings.hidden if small else 10**6)

    def _run(self, job, stop: tuple[int, int] | None):
        n = len(self.corpus.stream) + 1
        train_set, val_set = np.zeros(n, dtype=np.float32), np.zeros(n, dtype=np.float32)
        train_set[self.train_targets], val_set[self.val_targets] = self.recency_weights(), 1.0
        train_chunks, val_chunks = self.chunks(self.train_targets), self.chunks(self.val_targets)
        val_chunks = val_chunks[::max(1, (4 * len(val_chunks)) // max(1, len(train_chunks)))]  # scattered
        # validation targets touch nearly every chunk: a quarter of them picks the epoch just as well
        epochs = self.settings.epochs
        optimizer, scheduler = self.optimizer(list(self.net.parameters()), self.settings.learning_rate, epochs,
                                              len(train_chunks))
        best, best_state = float("inf"), None
        for epoch in range(1, (stop[0] if stop else epochs) + 1):
            loss, accuracy = self.epoch(train_chunks, train_set, optimizer, job, scheduler)
            if stop:
                if job:  # no partial: the loss curve shows the run that chose the epochs
                    job.report(epochs + epoch, epochs + stop[0], f"final fit on every show: epoch {epoch}/{stop[0]}")
                continue
            val_loss = self.epoch(val_chunks, val_set)[0] if val_chunks else None  # too short to hold any out
            chosen_by = loss if val_loss is None else val_loss
            kept = chosen_by <= best
            if kept:
                best, best_state, self.best_epoch = chosen_by, copy.deepcopy(self.net.state_dict()), epoch
            if job:
                val_text = f" val {val_loss:.3f}" if val_loss is not None else ""
                job.report(epoch, 2 * epochs if self.final_fit_follows else epochs,
                           f"epoch {epoch}: loss {loss:.3f}{val_text}",
                           {"epoch": epoch, "loss": loss, "accuracy": accuracy, "val_loss": val_loss,
                            "kept": kept, "final_fit": self.final_fit_follows})
        if not stop:
            self.net.load_state_dict(best_state)
        if self.validation_tail and (stop[1] if stop else val_chunks):
            self.tune(train_set, val_chunks, val_set, best, job, stop[1] if stop else None)
        return self.net.eval(), self.counts

    def optimizer(self, parts: list, learning_rate: float, epochs: int, chunks: int):
        optimizer = torch.optim.Adam(parts, lr=learning_rate)
        steps = max(1, -(-chunks // self.batch_size(chunks)))
        return optimizer, torch.optim.lr_scheduler.OneCycleLR(optimizer, learning_rate, epochs=epochs,
                                                              steps_per_epoch=steps)

    def tune(self, train_set, val_chunks, val_set, best: float, job=None, stop: int | None = None) -> None:
        """Refit what fans read off the recent era (feature head, song biases, bigram weights) on the latest
        shows with the sequence model frozen: habits drift, and the LSTM was fitted on every era at once.
        Kept where it lowers the validation loss (the latest shows, held out). Not on short histories: refit on
        a few dozen shows and judged on a handful, it chased noise (the demo band's pairs lost out to songs hot
        in its last shows). With `stop`, exactly that many epochs, nothing held out."""
        shows = self.corpus.stream.show[self.train_targets]
        recent = int(round((shows.max() + 1) * self.settings.tune_share)) if len(shows) else 0
        if recent < TUNE_MIN_SHOWS:
            return
        chunks = self.chunks(self.train_targets[shows > shows.max() - recent])
        parts = [*self.net.feature_head.parameters(), *self.net.traits.parameters(), self.net.out_bias,
                 self.net.bigram_weight.weight]
        frozen = [p for p in self.net.parameters() if all(p is not q for q in parts)]
        for p in frozen:
            p.requires_grad_(False)
            p.grad = None  # stale gradients would count in the clipping norm
        epochs = self.settings.tune_epochs
        best_state = None if stop else copy.deepcopy(self.net.state_dict())  # the final fit keeps its last
        optimizer, scheduler = self.optimizer(parts, self.settings.learning_rate, epochs, len(chunks))
        for epoch in range(1, (stop or epochs) + 1):
            self.epoch(chunks, train_set, optimizer, job, scheduler)
            if stop:
                continue
            val_loss = self.epoch(val_chunks, val_set)[0]
            if val_loss < best:
                best, best_state, self.best_tune = val_loss, copy.deepcopy(self.net.state_dict()), epoch
        for p in frozen:
            p.requires_grad_(True)
        if not stop:
            self.net.load_state_dict(best_state)
