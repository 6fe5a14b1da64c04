"""Training the next-song model and keeping it: `train(history, settings, job) -> SetlistModel`.

Training predicts at every position of overlapping chunks of the stream (a short burn-in gives each
target some context), reports every epoch through the job protocol, picks the epoch with the lowest
validation loss (for the next show, then fits again on every show for that long) and saves weights as
safetensors with the vocabulary and history as JSON.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, fields, replace

import numpy as np

from .corpus import Corpus
from .embeddings import SongEmbedding
from .history import History
from .stream import Vocabulary

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
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def train(history: History, settings: TrainSettings | None = None, job=None) -> SetlistModel:
    """Fit a model on the whole history (what the app does before drafting the next show)."""
    settings = settings or TrainSettings()
    vocab = Vocabulary.build(history)
    corpus = Corpus(history, vocab)
    return fit(corpus, corpus.targets(), settings, job, validation_tail=True)


def fit(corpus: Corpus, targets: np.ndarray, settings: TrainSettings, job=None,
        validation_tail: bool = True) -> SetlistModel:
    from .. import compute
    from .fitting import Fitting

    compute.seed_everything(settings.seed)
    seen = corpus.history.before(int(corpus.stream.show[targets].max()) + 1)  # never the shows it is tested on
    embedding = SongEmbedding.train(seen, settings.dims, epochs=settings.word2vec_epochs,
                                    seed=settings.seed)
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


class SetlistModel:
    """A trained next-song model with the vocabulary, bigram counts and the history it learned from."""

    def __init__(self, vocab: Vocabulary, net, bigram_counts: np.ndarray, settings: TrainSettings,
                 embedding: SongEmbedding, history: History):
        self.vocab, self.net, self.settings = vocab, net, settings
        self.bigram_counts = bigram_counts
        self.embedding = embedding
        self.history = history

    def save(self, directory) -> None:
        import torch

        from .. import checkpoint
        from .history_json import history_to_compact

        tensors = {f"net.{k}": v for k, v in self.net.state_dict().items()}
        tensors["bigram_counts"] = torch.from_numpy(self.bigram_counts)
        tensors.update(self.embedding.tensors())
        meta = {"kind": KIND, "format": FORMAT, "saved": time.strftime("%Y-%m-%d %H:%M:%S"), "vocab": self.vocab.keys,
                "names": self.vocab.names, "settings": asdict(self.settings), "embedding": self.embedding.meta(),
                "band": self.history.band, "demo": self.history.demo,
                "history": history_to_compact(self.history)}
        checkpoint.save(directory, tensors, meta)

    @classmethod
    def load(cls, directory) -> SetlistModel:
        from .. import checkpoint, compute
        from ..errors import FileProblem
        from .features import FEATURES
        from .history_json import history_from_compact
        from .network import NextSongNet

        tensors, meta = checkpoint.load(directory, KIND)
        if meta.get("format", 1) != FORMAT:
            raise FileProblem("was trained by another version of Encore's setlist model (train it again)", directory)
        try:
            vocab = Vocabulary(list(meta["vocab"]), dict(meta["names"]))
            settings = TrainSettings.from_json(meta["settings"])
            net = NextSongNet(len(vocab), FEATURES, settings.dims, settings.hidden, settings.dropout,
                             settings.feature_hidden)
            net.load_state_dict({k[4:]: v for k, v in tensors.items() if k.startswith("net.")})
            history = history_from_compact(meta["history"], meta.get("band", ""), bool(meta.get("demo")))
            embedding = SongEmbedding.from_parts(tensors, meta["embedding"])
            counts = tensors["bigram_counts"].numpy()
        except (KeyError, TypeError, ValueError, RuntimeError, AttributeError, IndexError) as e:
            raise FileProblem(f"damaged setlist model ({type(e).__name__}: {e})", directory) from None
        net.to(compute.device()).eval()
        return cls(vocab, net, counts, settings, embedding, history)
