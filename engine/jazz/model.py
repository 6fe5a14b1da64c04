"""The solo model: an LSTM over one-hot grammar tokens with a softmax over the vocabulary.

The course architecture by default (64 hidden units, one layer, dense softmax, teacher forcing, Adam lr
0.01), run as torch's fused ``nn.LSTM`` over whole sequences. The course's 60 windows go in as one batch
without the course's lr decay: 100 updates then reach a lower loss than the course's 200 decayed ones, in
half the time (set ``batch_size=32, decay=0.01`` for the course's exact recipe). ``train`` reports every
epoch through the job protocol, can be cancelled, and gives the same weights for the same seed.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

from ..checkpoint import check_amount, check_counts, check_learning_rate, check_shares
from ..errors import EncoreError, FileProblem
from . import dataset, subdivisions

KIND = "jazz-lstm"
FORMAT = 1  # model.json's layout; a later Encore that changes it raises this, and this one then says so


@dataclass
class TrainSettings:
    preset: str = "course"  # "course": the reference's 60 random windows; "full": every window + validation
    epochs: int = 100
    hidden: int = 64
    layers: int = 1
    dropout: float = 0.0
    lr: float = 0.01
    decay: float = 0.0  # Keras-style: lr / (1 + decay * updates); the course used 0.01
    seed: int = 0
    batch_size: int = 0  # 0: the preset's choice (course: all 60 windows at once, full: 64)
    steps: int = 30  # tokens per window (the course's Tx)
    validation: float = 0.1  # full mode: share of each piece's bars held out; the best epoch's weights are kept

    @classmethod
    def from_json(cls, data: dict) -> TrainSettings:
        """Settings from JSON, each of its field's type; ValueError or EncoreError otherwise."""
        from ..checkpoint import settings_from_json

        return settings_from_json(cls, data)

    def check(self) -> None:
        from .presets import PRESETS

        if self.preset not in PRESETS:
            raise EncoreError(f"unknown preset {self.preset!r} (course or full)")
        counts = {"epochs": (1, 100_000), "hidden": (1, 4096), "layers": (1, 16), "steps": (2, 100_000),
                  "batch_size": (0, 100_000)}
        check_counts(self, counts)
        check_shares(self, ("dropout", "validation"))
        check_learning_rate(self, "lr")
        check_amount(self, "decay", "none")


def build_network(vocabulary_size: int, settings: TrainSettings):
    import torch
    from torch import nn

    class SoloNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.size = vocabulary_size
            self.lstm = nn.LSTM(vocabulary_size, settings.hidden, settings.layers, batch_first=True,
                                dropout=settings.dropout if settings.layers > 1 else 0.0)
            self.drop = nn.Dropout(settings.dropout)
            self.out = nn.Linear(settings.hidden, vocabulary_size)

        def forward(self, inputs: torch.Tensor, state=None):
            hidden, state = self.lstm(dataset.one_hot(inputs, self.size), state)
            return self.out(self.drop(hidden)), state

    return SoloNet()


@dataclass
class JazzModel:
    vocabulary: list[str]
    settings: TrainSettings
    network: object
    trained_on: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # playable range, progression to improvise over, timings

    @property
    def parameters(self) -> int:
        return sum(p.numel() for p in self.network.parameters())

    @property
    def final_loss(self) -> float | None:
        return self.history[-1]["loss"] if self.history else None

    def meta(self) -> dict:
        return {"kind": KIND, "format": FORMAT, "vocabulary": self.vocabulary, "settings": asdict(self.settings),
                "trained_on": self.trained_on, "history": self.history, "parameters": self.parameters,
                **self.extra}

    def save(self, directory) -> None:
        from .. import checkpoint

        checkpoint.save(directory, dict(self.network.state_dict()), self.meta())

    @classmethod
    def load(cls, directory) -> JazzModel:
        from .. import checkpoint

        tensors, meta = checkpoint.load(directory, KIND)
        if meta.get("format", FORMAT) != FORMAT:  # models from before the field are format 1
            raise FileProblem(f"was saved by another version of Encore (model format {meta['format']!r}, this "
                              f"one reads {FORMAT}): train it again", directory)
        vocabulary = meta.get("vocabulary")
        if not isinstance(vocabulary, list) or not vocabulary or not all(isinstance(v, str) for v in vocabulary):
            raise FileProblem("model.json has no valid vocabulary", directory)
        _check_playing_facts(meta, directory)
        history = _history(meta, directory)
        _check_best_epoch(meta, len(history), directory)
        try:
            settings = TrainSettings.from_json(meta.get("settings") or {})
        except (ValueError, EncoreError) as e:
            raise FileProblem(f"model.json has unusable settings ({e})", directory) from None
        network = build_network(len(vocabulary), settings)
        try:
            network.load_state_dict(tensors)
        except (RuntimeError, KeyError) as e:  # torch's text runs over lines: one line, shortened at a word
            why = " ".join(str(e).split())
            why = why if len(why) <= 120 else why[:120].rsplit(" ", 1)[0] + " …"
            raise FileProblem(f"weights do not fit the model description ({why})", directory) from None
        network.eval()
        known = {"kind", "format", "vocabulary", "settings", "trained_on", "history", "parameters"}
        return cls(vocabulary, settings, network, _list_field(meta, "trained_on", directory),
                   history, {k: v for k, v in meta.items() if k not in known})


def _check_playing_facts(meta: dict, directory) -> None:
    """The vocabulary's tokens, the pitch range and the progression improvise() reads, refused in words when a
    hand edit broke them (they were IndexError, ValueError and AttributeError at generation)."""
    from .grammar import CLASSES, Token

    def problem(what: str):
        return FileProblem(f"model.json has {what}", directory)

    for text in meta["vocabulary"]:
        try:
            token = Token.parse(text)
            token.semitone_range()  # its interval names, read as improvise() reads them
            usable = token.kind in CLASSES and token.duration > 0
        except Exception:  # noqa: BLE001 - IndexError, ValueError, music21's IntervalException ...
            usable = False
        if not usable:
            raise problem(f"a damaged vocabulary token {text[:40]!r}")
    span = meta.get("range")
    if span is not None and not (isinstance(span, list) and len(span) == 2 and
                                 all(isinstance(p, int) and 0 <= p <= 127 for p in span) and span[0] <= span[1]):
        raise problem("a damaged pitch range (two MIDI pitches, low then high)")
    if "subdivisions" in meta and not subdivisions.usable(meta["subdivisions"]):
        raise problem("damaged subdivisions (where in the beat notes start, in 48ths of a quarter note)")
    stored = meta.get("progression")
    if stored is None:
        return
    _check_progression(stored, problem)


def _check_progression(stored, problem) -> None:
    """The chords a model improvises over without a chart: times, pitches and symbol, then their spelled names
    ('B-3'), which generation hands to music21 (a name it cannot read stopped the solo: "Cannot make a step
    out of 'X'")."""
    from .grammar import classify
    from .piece import MAX_BARS, MAX_BEATS

    try:
        chords = stored.get("chords", [])
        for c in chords:
            times, pitches = [float(c["start"]), float(c["duration"])], [int(p) for p in c["pitches"]]
            if not (all(0 <= t <= MAX_BARS * MAX_BEATS for t in times) and all(0 <= p <= 127 for p in pitches)
                    and isinstance(c["symbol"], str)):
                raise ValueError(c)
        if not 0 <= float(stored.get("bars", 0)) <= MAX_BARS:
            raise ValueError(stored.get("bars"))
    except (AttributeError, KeyError, TypeError, ValueError):
        raise problem("a damaged progression (the chords it was trained over)") from None
    for c in chords:
        names = c.get("names", [])
        try:
            if not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
                raise ValueError(names)
            classify("C", tuple(names))  # music21 reads them as generation does
        except Exception:  # noqa: BLE001 - ValueError, music21's PitchException, ChordException ...
            raise problem(f"damaged chord names in its progression ({str(names)[:40]!r} for "
                          f"{c['symbol'][:20]!r}: spelled pitches such as 'B-3')") from None


def _check_best_epoch(meta: dict, epochs: int, directory) -> None:
    """The epoch whose weights were kept (full mode's least validation loss) is one of those trained: the Train
    tab and `jazz train` report its loss."""
    best = meta.get("best_epoch")
    if best is not None and not (isinstance(best, int) and not isinstance(best, bool) and 1 <= best <= epochs):
        raise FileProblem(f"model.json has a damaged best_epoch ({repr(best)[:20]}: the epoch whose weights were "
                          f"kept, from 1 to {epochs}, the last trained)", directory)


def _history(meta: dict, directory) -> list[dict]:
    """The epochs' losses, each a number (val_loss may be null): the window draws and prints them ('loss': null
    stopped it)."""
    import math

    def number(value) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)

    history = _list_field(meta, "history", directory)
    for record in history:
        if not (isinstance(record, dict) and number(record.get("loss"))
                and all(v is None or number(v) for v in record.values())):
            raise FileProblem("model.json has a damaged training history (each epoch's losses are numbers)",
                              directory)
    return history


def _list_field(meta: dict, name: str, directory) -> list:
    value = meta.get(name) or []
    if not isinstance(value, list):
        raise FileProblem(f"model.json: {name!r} should be a list", directory)
    return value


def train(sources, settings: TrainSettings | None = None, job=None) -> JazzModel:
    """Train on the sources' tokens (see dataset.py for the windows each preset cuts)."""
    from .training import fit

    settings = settings or TrainSettings()
    settings.check()
    if not sources or not any(s.tokens for s in sources):
        raise EncoreError("nothing to train on: the sources have no melody tokens")
    return fit(list(sources), settings, job, time.monotonic())
