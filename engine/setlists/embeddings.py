"""Song embeddings: gensim Word2Vec (CBOW) over the shows, so songs the band puts in the same places (between
the same songs, in the same slots) sit close: songs like each other, not songs played together (a fixed pair's
second half follows its first in the show, and is far from it here; the explorer's "followed by" list has it).

The vectors initialise the next-song model's embedding and answer "songs most like X". They are saved as
safetensors + JSON through engine.checkpoint, never as a gensim pickle.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import EncoreError
from .history import History, did_you_mean, song_key
from .stream import SPECIALS, show_tokens

KIND = "song-embedding"


@dataclass
class SongEmbedding:
    keys: list[str]  # song keys (and set tokens) in vector order
    names: dict[str, str]  # key -> display spelling
    vectors: np.ndarray  # (len(keys), dims) float32

    @classmethod
    def train(cls, history: History, dims: int = 64, window: int = 5, epochs: int = 30, seed: int = 0,
              negative: int = 15, each_pass=None) -> SongEmbedding:
        """``each_pass(n, epochs)`` is called after each pass over the shows; what it raises (Cancelled) stops
        the training there (the vectors are the same with it or without)."""
        from gensim.models import Word2Vec
        from gensim.models.callbacks import CallbackAny2Vec

        class Passes(CallbackAny2Vec):
            done = 0

            def on_epoch_end(self, _model):
                self.done += 1
                each_pass(self.done, epochs)

        shows = [[key for key, *_ in show_tokens(show)] for show in history.shows]
        w2v = Word2Vec(shows, vector_size=dims, window=window, sg=0, negative=negative, min_count=1,
                       epochs=epochs, seed=seed, workers=1,  # one worker: the same seed gives the same vectors
                       callbacks=[Passes()] if each_pass else ())
        keys = list(w2v.wv.index_to_key)
        return cls(keys, history.names(), np.asarray(w2v.wv.vectors, dtype=np.float32))

    def vector(self, key: str) -> np.ndarray | None:
        index = {k: i for i, k in enumerate(self.keys)}.get(key)
        return None if index is None else self.vectors[index]

    def song_keys(self) -> list[str]:
        return [k for k in self.keys if k not in SPECIALS]

    def most_similar(self, song: str, k: int = 10) -> list[tuple[str, float]]:
        """The k songs nearest by cosine similarity, as (display name, similarity)."""
        key = song_key(song)
        target = self.vector(key)
        if target is None:
            names = {k: self.names.get(k, k) for k in self.song_keys()}
            raise EncoreError(f"unknown song {song!r} (not in this band's history{did_you_mean(song, names)})")
        # Word2Vec vectors share a large common direction (raw cosines all near 0.9); centring on the
        # songs' mean makes the similarities tell songs apart.
        songs = [i for i, k in enumerate(self.keys) if k not in SPECIALS]
        mean = self.vectors[songs].mean(axis=0)
        centred = self.vectors - mean
        unit = centred / np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-9)
        sims = unit @ ((target - mean) / max(np.linalg.norm(target - mean), 1e-9))
        order = [i for i in np.argsort(-sims) if self.keys[i] != key and self.keys[i] not in SPECIALS]
        return [(self.names.get(self.keys[i], self.keys[i]), float(sims[i])) for i in order[:k]]

    def matrix_for(self, vocab_keys: list[str], dims: int, seed: int = 0) -> np.ndarray:
        """An embedding matrix in the model's vocabulary order (small random rows for unseen tokens)."""
        rng = np.random.default_rng(seed)
        out = rng.normal(0, 0.1, (len(vocab_keys), dims)).astype(np.float32)
        index = {k: i for i, k in enumerate(self.keys)}
        for row, key in enumerate(vocab_keys):
            if key in index:
                out[row] = self.vectors[index[key]]
        out[0] = 0.0
        return out

    def tensors(self) -> dict:
        import torch

        return {"song_vectors": torch.from_numpy(self.vectors)}

    def meta(self) -> dict:
        return {"keys": self.keys, "names": {k: self.names.get(k, k) for k in self.keys}}

    @classmethod
    def from_parts(cls, tensors: dict, meta: dict) -> SongEmbedding:
        from .history import rekeyed

        keys, names = rekeyed(list(meta["keys"]), dict(meta["names"]))
        return cls(keys, names, tensors["song_vectors"].numpy())

    def save(self, directory) -> None:
        from .. import checkpoint

        checkpoint.save(directory, self.tensors(), {"kind": KIND, **self.meta()})

    @classmethod
    def load(cls, directory) -> SongEmbedding:
        from .. import checkpoint

        tensors, meta = checkpoint.load(directory, KIND)
        return cls.from_parts(tensors, meta)
