"""Training the next-song model and keeping it: `train(history, settings, job) -> SetlistModel`.

Training predicts at every position of overlapping chunks of the stream (a short burn-in gives each
target some context), reports every epoch through the job protocol, picks the epoch with the lowest
validation loss (for the next show, then fits again on every show for that long) and saves weights as
safetensors with the vocabulary and history as JSON.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, replace

import numpy as np

from ..checkpoint import check_amount, check_counts, check_learning_rate, check_shares
from ..errors import EncoreError
from .corpus import Corpus
from .embeddings import SongEmbedding
from .history import History
from .stream import SPECIALS, Vocabulary

KIND = "setlist-model"
FORMAT = 3  # 2: calendar features, song traits in the feature head, bigram weights on log P and P; 3: reprises


@dataclass
class TrainSettings:
    epochs: int = 16
    seed: int = 0
    dims: int = 128  # song embedding (Word2Vec) size
    hidden: int = 128
    learning_rate: float = 0.006
    batch: int = 32  # chunks per step (fewer on small histories, so they still get enough steps)
    length: int = 48  # targets per training chunk
    burn_in: int = 16  # context tokens before the first target of a chunk
    window: int = 50  # tokens of context when predicting
    word2vec_epochs: int = 20
    validation: float = 0.03  # share of training targets held out to pick the best epoch
    dropout: float = 0.3
    label_smoothing: float = 0.1  # setlists repeat loosely: a hedged target ranks the runners-up better (+0.9 top-5)
    feature_hidden: int = 64  # units of the per-song feature head
    recency_half_life: float = 200.0  # shows; 0 weighs every show alike (used for next-show training only)
    tune_share: float = 0.2  # next-show training: refit the per-song parts on this latest share of shows (0: off)
    tune_epochs: int = 10
    refit: bool = True  # next-show training: fit again on every show for the epochs the held-out latest chose

    @classmethod
    def from_json(cls, data: dict) -> TrainSettings:
        """Settings from JSON, each of its field's type; ValueError or EncoreError otherwise."""
        from ..checkpoint import settings_from_json

        return settings_from_json(cls, data)

    def check(self) -> None:
        """Ranges a run can finish in: 16 epochs is the default, so 1,000 is a typo's worth of hours."""
        counts = {"epochs": (1, 1000), "tune_epochs": (0, 1000), "word2vec_epochs": (1, 1000), "dims": (1, 4096),
                  "hidden": (1, 4096), "feature_hidden": (1, 4096), "batch": (1, 4096), "length": (1, 4096),
                  "burn_in": (0, 4096), "window": (1, 4096)}
        check_counts(self, counts)
        check_shares(self, ("dropout", "validation", "label_smoothing", "tune_share"))
        check_learning_rate(self, "learning_rate")
        check_amount(self, "recency_half_life", "off")  # in shows


def train(history: History, settings: TrainSettings | None = None, job=None) -> SetlistModel:
    """Fit a model on the whole history (what the app does before drafting the next show)."""
    settings = settings or TrainSettings()
    _say(job, settings, "preparing training data…")
    vocab = Vocabulary.build(history)
    corpus = Corpus(history, vocab, job=job)
    return fit(corpus, corpus.targets(), settings, job, validation_tail=True)


def fit(corpus: Corpus, targets: np.ndarray, settings: TrainSettings, job=None,
        validation_tail: bool = True) -> SetlistModel:
    from .. import compute

    with compute.seeded_training(settings.seed, job):
        return _fit(corpus, targets, settings, job, validation_tail)


def _fit(corpus: Corpus, targets: np.ndarray, settings: TrainSettings, job, validation_tail: bool) -> SetlistModel:
    from .. import compute
    from .fitting import Fitting

    seen = corpus.history.before(int(corpus.stream.show[targets].max()) + 1)  # never the shows it is tested on
    _say(job, settings, _word2vec_pass(1, settings.word2vec_epochs))
    embedding = SongEmbedding.train(seen, settings.dims, epochs=settings.word2vec_epochs, seed=settings.seed,
                                    each_pass=_passes_said(job, settings) if job else None)  # and Cancel heard
    _say(job, settings, "preparing training data…")
    fitting = Fitting(corpus, targets, settings, embedding, validation_tail, compute.device())
    net, counts = fitting.run(job)
    if fitting.final_fit_follows:
        # The held-out shows chose how long to train; they are the latest, the most telling for the next
        # show, so learn from them too: +0.4 points top-5 chronologically (seeds 0-2).
        stop = (fitting.best_epoch, fitting.best_tune)
        del fitting
        compute.seed_everything(settings.seed)
        final = Fitting(corpus, targets, replace(settings, validation=0.0), embedding, validation_tail,
                        compute.device())
        net, counts = final.run(job, stop)
    return SetlistModel(corpus.vocab, net, counts, settings, embedding, corpus.history)


def _say(job, settings: TrainSettings, stage: str) -> None:
    """A stage before the first epoch, in words: Word2Vec and the data take tens of seconds on a long history
    or a loaded machine, and the bar said only "Starting…". Step 0: the bar counts epochs, and stays empty."""
    if job:
        job.report(0, settings.epochs, stage)


def _word2vec_pass(number: int, passes: int) -> str:
    return f"learning song embeddings (Word2Vec pass {number} of {passes})…"


def _passes_said(job, settings: TrainSettings):
    """Word2Vec's each_pass: the pass now running, named (report() also stops there once Cancel is pressed);
    only words, so the vectors are the same with it or without."""
    def heard(done: int, passes: int) -> None:
        if done < passes:
            _say(job, settings, _word2vec_pass(done + 1, passes))
        else:
            job.check()
    return heard


class SetlistModel:
    """A trained next-song model with the vocabulary, bigram counts and the history it learned from."""

    def __init__(self, vocab: Vocabulary, net, bigram_counts: np.ndarray, settings: TrainSettings,
                 embedding: SongEmbedding, history: History):
        self.vocab, self.net, self.settings = vocab, net, settings
        self.bigram_counts = bigram_counts
        self.embedding = embedding
        self.history = history
        self.source = None  # the folder it was loaded from, to name in a damaged model's errors

    def save(self, directory) -> None:
        import torch

        from .. import checkpoint
        from .history_json import history_to_compact

        tensors = {f"net.{k}": v for k, v in self.net.state_dict().items()}
        tensors["bigram_counts"] = torch.from_numpy(self.bigram_counts)
        tensors.update(self.embedding.tensors())
        meta = {"kind": KIND, "format": FORMAT, "saved": time.strftime("%Y-%m-%d %H:%M:%S"), "vocab": self.vocab.keys,
                "names": self.vocab.names, "settings": asdict(self.settings), "embedding": self.embedding.meta(),
                "band": self.history.band, "artist": self.history.artist, "demo": self.history.demo,
                "history": history_to_compact(self.history)}
        checkpoint.save(directory, tensors, meta)

    @classmethod
    def load(cls, directory) -> SetlistModel:
        from .. import checkpoint, compute
        from ..errors import FileProblem
        from .features import FEATURES
        from .network import NextSongNet

        tensors, meta = checkpoint.load(directory, KIND)
        if meta.get("format", 1) != FORMAT:
            raise FileProblem("was trained by another version of Encore's setlist model (train it again)", directory)
        vocab, settings, history = _described(meta, directory)
        net = NextSongNet(len(vocab), FEATURES, settings.dims, settings.hidden, settings.dropout,
                          settings.feature_hidden)
        try:
            net.load_state_dict({k[4:]: v for k, v in tensors.items() if k.startswith("net.")})
            embedding = SongEmbedding.from_parts(tensors, meta["embedding"])
            counts = tensors["bigram_counts"].numpy()
            if counts.shape != (len(vocab), len(vocab)) or embedding.vectors.shape != (len(embedding.keys),
                                                                                      settings.dims):
                raise ValueError("sizes differ")
        except (RuntimeError, KeyError, TypeError, ValueError, AttributeError):
            raise FileProblem("weights.safetensors does not fit model.json (another model's weights?)",
                              directory) from None
        if (counts < 0).any():  # counts of pairs played: a negative one drafted <PAD> at every slot, with NaN
            raise FileProblem("holds damaged weights (a negative count in 'bigram_counts')", directory)
        if counts.size and counts.max() > _tokens(history):  # no pair was played more often than the history
            raise FileProblem(f"holds damaged weights (a count of {counts.max():.3g} in 'bigram_counts', more "
                              "than the history's songs)", directory)
        _check_sizes(tensors, directory)
        net.to(compute.device()).eval()
        model = cls(vocab, net, counts, settings, embedding, history)
        model.source = directory
        return model


def _tokens(history: History) -> int:
    """How many tokens the history's stream has: each set's header and its songs."""
    return sum(len(s.entries) + 1 for show in history.shows for s in show.sets)


LARGEST_WEIGHT = 1e6  # trained weights stay within about ±10; a flipped exponent bit gives 1e38


def _check_sizes(tensors: dict, directory) -> None:
    """FileProblem for a weight no training gives: finite, but so large that every song's score overflows or
    ties, and the draft comes out of the special tokens (<PAD>) or the most played songs in a row."""
    from ..errors import FileProblem

    for name, t in tensors.items():
        if (name.startswith("net.") or name == "song_vectors") and t.is_floating_point() and t.numel():
            largest = float(t.abs().max())
            if largest > LARGEST_WEIGHT:
                where = name.removeprefix("net.")
                raise FileProblem(f"holds damaged weights (a value of {largest:.3g} in {where!r})", directory)


def _described(meta: dict, directory) -> tuple[Vocabulary, TrainSettings, History]:
    """The vocabulary, settings and history model.json holds, each refused in words when damaged."""
    from ..errors import FileProblem
    from .history import rekeyed
    from .history_json import history_from_compact

    def strings(value) -> bool:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)

    def spellings(value) -> bool:
        return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())

    embedding = meta.get("embedding")
    if not (strings(meta.get("vocab")) and _vocabulary(meta["vocab"]) and spellings(meta.get("names"))):
        raise FileProblem("model.json has no valid list of songs", directory)
    if not isinstance(meta.get("band", ""), str):
        raise FileProblem("model.json has a damaged band name (not text)", directory)
    if not isinstance(meta.get("artist", ""), str):  # models saved before it was kept have none: ""
        raise FileProblem("model.json has a damaged artist name (not text)", directory)
    if not isinstance(meta.get("demo", False), bool):  # "no" is a string, and bool("no") is True
        raise FileProblem(f"model.json has a damaged demo mark ({meta['demo']!r}, not true or false)", directory)
    if not (isinstance(embedding, dict) and strings(embedding.get("keys")) and spellings(embedding.get("names"))):
        raise FileProblem("model.json has no valid song embedding", directory)
    try:
        settings = TrainSettings.from_json(meta.get("settings"))
    except (ValueError, EncoreError) as e:
        raise FileProblem(f"model.json has unusable settings ({e})", directory) from None
    try:
        history = history_from_compact(meta["history"], meta.get("band", ""), meta.get("demo") is True,
                                       meta.get("artist", ""))
    except (KeyError, TypeError, ValueError):
        raise FileProblem("model.json has a damaged history of shows", directory) from None
    if not any(show.songs() for show in history.shows):  # a model is trained on songs: drafts start from them
        raise FileProblem("model.json has a damaged history of shows (no song in it)", directory)
    return Vocabulary(*rekeyed(meta["vocab"], meta["names"])), settings, history


def _vocabulary(keys: list[str]) -> bool:
    """Whether saved keys are a vocabulary: the special tokens first, where the network expects them, then
    songs, each once (a key twice gave one song two ids, drafted twice)."""
    return keys[:len(SPECIALS)] == SPECIALS and len(set(keys)) == len(keys)
