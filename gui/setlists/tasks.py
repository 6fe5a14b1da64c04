"""The engine work the Setlists page runs on a worker thread (JobRunner): each takes `job=`.

Engine modules are imported inside the functions, so the window opens without torch or gensim.
"""

from __future__ import annotations


class _Labelled:
    """One part of a longer task: its messages say which ("chronological: epoch 3 …"), and its steps fill its
    share of one bar (the bar ran to the end for the first protocol, then fell back for the second)."""

    SCALE = 1000

    def __init__(self, job, label: str, start: float = 0.0, share: float = 1.0):
        self.job, self.label, self.start, self.share = job, label, start, share

    def report(self, step, total, message="", partial=None) -> None:
        if self.job:
            done = self.start + self.share * (min(step / total, 1.0) if total else 0.0)
            self.job.report(round(done * self.SCALE), self.SCALE, f"{self.label}: {message}", partial)

    def check(self) -> None:
        if self.job:
            self.job.check()


def train_model(history, settings: dict, keep_in: str = "", job=None):
    """(model, the folder a copy was kept in, why none was): with `keep_in`, the trained model is saved in a
    free folder of that name, so that a minute's training outlives the session, as the Jazz page's models do."""
    from pathlib import Path

    from engine.checkpoint import first_free
    from engine.errors import EncoreError
    from engine.setlists.model import TrainSettings, train

    model = train(history, TrainSettings.from_json(settings), job)
    if not keep_in:
        return model, "", ""
    try:
        folder = first_free(Path(keep_in), "-")
        model.save(folder)
    except (OSError, EncoreError) as e:  # a full disk costs the copy, not the trained model
        return model, "", str(e)
    return model, str(folder), ""


SHARES = {"chronological": 2 / 3, "random-windows": 1 / 3}  # of the time both take (Phish: 41 s and 19 s)


def evaluate_both(history, settings: dict, job=None) -> list[dict]:
    """Both protocols, as table rows: the model and each baseline with top-1 and top-5 accuracy."""
    from engine.setlists.evaluate import PROTOCOLS, evaluate
    from engine.setlists.model import TrainSettings

    rows, start = [], 0.0
    for protocol in PROTOCOLS:
        share = SHARES.get(protocol, 1 / len(PROTOCOLS))
        result = evaluate(history, protocol, settings.get("seed", 0), TrainSettings.from_json(settings),
                          _Labelled(job, protocol, start, share))
        start += share
        methods = {"model": result["model"], **result["baselines"]}
        rows += [{"protocol": protocol, "method": name, "top1": scores["top1"], "top5": scores["top5"],
                  "test_shows": result["test_shows"], "test_plays": result["test_plays"]}
                 for name, scores in methods.items()]
    return rows


def draft(model, history, request: dict, template=None, job=None):
    from engine.setlists.draft import draft_show

    setlist = draft_show(model, history, request["date"], temperature=request["temperature"],
                         seed=request["seed"], template=template, avoid_recent=request["avoid_recent"], job=job)
    if request.get("venue"):
        setlist.venue = request["venue"]
    return setlist


def song_embedding(history, job=None):
    """Embeddings for the explorer when no model is trained yet (Word2Vec alone takes seconds)."""
    from engine.setlists.embeddings import SongEmbedding

    def each_pass(done: int, passes: int) -> None:
        if job:  # Cancel stops it between passes
            job.report(done, passes, f"learning song embeddings: pass {done} of {passes}")

    if job:
        job.report(0, 20, "learning song embeddings")
    return SongEmbedding.train(history, dims=32, epochs=20, each_pass=each_pass)


def embedding_map(embedding):
    """The songs' embedding vectors projected on their first two principal components (PCA by SVD)."""
    import numpy as np

    keys = embedding.song_keys()
    index = {k: i for i, k in enumerate(embedding.keys)}
    vectors = embedding.vectors[[index[k] for k in keys]].astype(np.float64)
    centred = vectors - vectors.mean(axis=0)
    _, _, axes = np.linalg.svd(centred, full_matrices=False)
    points = np.zeros((len(keys), 2))  # a band of one song has one component: the map still wants x and y
    projected = centred @ axes[:2].T
    points[:, :projected.shape[1]] = projected
    return [embedding.names.get(k, k) for k in keys], points
