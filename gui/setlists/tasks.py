"""The engine work the Setlists page runs on a worker thread (JobRunner): each takes `job=`.

Engine modules are imported inside the functions, so the window opens without torch or gensim.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


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


class Rows(list):
    """The evaluation table's rows, and why a protocol has none ("random-windows: too few plays …")."""

    skipped: list[str]

    def __init__(self, rows=(), skipped=()):
        super().__init__(rows)
        self.skipped = list(skipped)


def evaluate_both(history, settings: dict, job=None) -> Rows:
    """Both protocols, as table rows: the model and each baseline with top-1 and top-5 accuracy. A protocol
    the history is too short for is skipped, naming it, and the other's figures stay (a short history leaves
    random-windows no play to test after chronological trained a minute); when neither can be, it raises."""
    from engine.errors import EncoreError
    from engine.setlists.evaluate import PROTOCOLS, evaluate
    from engine.setlists.model import TrainSettings

    rows, failed, start = [], {}, 0.0
    for protocol in PROTOCOLS:
        share = SHARES.get(protocol, 1 / len(PROTOCOLS))
        try:
            result = evaluate(history, protocol, settings.get("seed", 0), TrainSettings.from_json(settings),
                              _Labelled(job, protocol, start, share))
        except EncoreError as e:
            failed[protocol] = str(e)
            result = None
        start += share
        methods = {"model": result["model"], **result["baselines"]} if result else {}
        rows += [{"protocol": protocol, "method": name, "top1": scores["top1"], "top5": scores["top5"],
                  "test_shows": result["test_shows"], "test_plays": result["test_plays"]}
                 for name, scores in methods.items()]
    if not rows:  # one reason for both (too few shows) is said once
        reasons = set(failed.values())
        raise EncoreError(reasons.pop() if len(reasons) == 1 else "; ".join(f"{p}: {e}" for p, e in failed.items()))
    return Rows(rows, [f"{p}: {e}" for p, e in failed.items()])


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


@dataclass
class Digest:
    """What the page shows of a history, made once, on the worker for files read (a second for 10,000 shows):
    the table's line and number of songs per show, the band's song names (key -> spelling), its figures."""

    lines: list[str]
    counts: list[int]
    names: dict[str, str]
    stats: dict


@dataclass
class Reading:
    """What reading files for the page found: the drafted shows among them (for the editor), and the history
    of the rest with the files it came from (None, and why, when none of them reads)."""

    shows: list[str] = field(default_factory=list)
    history: object = None
    paths: list[str] = field(default_factory=list)
    problem: str = ""
    digest: Digest | None = None


def digest(history) -> Digest:
    from engine.setlists.export import setlist_text

    # One line per show, without its date line: what the search box looks through.
    lines = [" | ".join(setlist_text(s).splitlines()[1:]) for s in history.shows]
    return Digest(lines, [len(s.songs()) for s in history.shows], history.names(), history.stats())


def read_histories(kept: list[str], added: list[str], job=None) -> Reading:
    """The history of the files ``kept`` (already the band's) and ``added``; a drafted show among ``added`` is
    set aside for the editor. A band's whole history takes seconds to read and check, hence the worker."""
    from engine.errors import EncoreError
    from engine.setlists.history import load_history

    reading = Reading()
    for path in added:
        _check(job)
        if _drafted_show(path):
            reading.shows.append(path)
    wanted = [p for p in added if p not in reading.shows]
    if not wanted:
        return reading
    paths = kept + [p for p in wanted if p not in kept]
    _check(job)
    try:
        reading.history, reading.paths = load_history(paths, settled=len(kept)), paths  # the band stays
    except EncoreError as e:  # a stray JSON in a dropped folder stopped all its CSVs: the others still load
        reading.history, reading.paths = _readable(paths, job, len(kept))
        reading.problem = "" if reading.history else str(e)
    if reading.history is not None:  # another artist's files are not the band's: the next Add leaves them out
        reading.paths = [p for p in reading.paths if p not in reading.history.left_out]
        _check(job)
        reading.digest = digest(reading.history)
    return reading


def _readable(paths: list[str], job=None, settled: int = 0):
    """(the history of the files that read, those files), each file that did not listed first among the
    import problems, where they stay in sight; (None, []) when no file reads."""
    from engine.errors import EncoreError
    from engine.setlists.history import load_history

    good, skipped = [], []
    for i, path in enumerate(paths):
        _report(job, i, len(paths), f"Reading {os.path.basename(path)} on its own")
        try:
            load_history([path])
            good.append(path)
        except EncoreError as e:
            skipped.append(f"{e}; file skipped")
    if not good or not skipped:
        return None, []
    history = load_history(good, settled=len([p for p in good if p in paths[:settled]]))
    history.problems[:0] = skipped
    return history, good


def _drafted_show(path: str) -> bool:
    """A .json of one drafted show (setlist predict's, an export of the editor's), or the editor's CSV export,
    opens in the editor, not as a history (a history of one show never played); a file that cannot be read is
    left for the history import to name its problem."""
    from engine.errors import EncoreError
    from engine.files import read_json
    from engine.setlists.setlist import is_drafted_csv, is_drafted_show

    try:
        if path.lower().endswith(".csv"):  # exported from the editor: its probability column says so
            return is_drafted_csv(path)
        return path.lower().endswith(".json") and is_drafted_show(read_json(path))
    except (EncoreError, OSError):
        return False


def _report(job, step: int, total: int, message: str) -> None:
    if job:
        job.report(step, total, message)


def _check(job) -> None:
    if job:  # Cancel stops the reading here, between files (one file is read whole)
        job.check()
