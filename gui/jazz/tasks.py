"""The Jazz page's long tasks: plain functions over the engine's API, run on a worker thread by JobRunner.

Engine modules are imported inside the functions so that opening the window never waits for torch
or music21.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path

from engine.errors import EncoreError


@dataclass
class CorpusFile:
    """One corpus entry: where it came from, the user's choices, and what the importer found."""

    path: str
    choices: dict = field(default_factory=dict)  # load_source's melody_part, chord_parts, bars ("A-B")
    source: object = None  # the engine's Source, once read
    problem: str = ""  # why it could not be read
    builtin: bool = False  # part of Encore's default corpus
    use: bool = True  # train on it

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    def to_json(self) -> dict:
        return {"path": self.path, "choices": self.choices, "builtin": self.builtin, "use": self.use}


def import_files(entries: list[CorpusFile], job=None) -> list[CorpusFile]:
    """Import each entry with its choices; a bad file gets its problem noted instead of stopping the rest."""
    from engine.jazz.source import load_source

    for i, entry in enumerate(entries):
        if job:
            job.report(i, len(entries), f"Reading {entry.name}")
        try:
            entry.source = load_source(entry.path, **entry.choices)
            entry.problem = ""
        except EncoreError as e:  # the problem alone: the page names the file ("x.mid: x.mid: has bars…" twice)
            entry.source, entry.problem = None, e.problem
        except (OSError, TypeError, ValueError) as e:  # a name too long; a hand-edited project's odd choice
            entry.source, entry.problem = None, f"could not be read ({e})"
    if job:
        job.report(len(entries), len(entries), "Corpus read")
    return entries


def default_corpus(job=None) -> list[CorpusFile]:
    from engine.jazz.source import default_corpus as sources

    found = [CorpusFile(str(s.path), source=s, builtin=True) for s in sources()]
    if job:
        job.report(1, 1, f"Default corpus: {len(found)} pieces")
    return found


def warm_up(soundfont: str | None = None, job=None) -> None:
    """Do torch's one-time start-up on the worker before the first Train: importing torch and building the
    first Adam optimiser (which imports torch._dynamo) hold the GIL for seconds at a time, and those
    freezes are better spent while the corpus loads than in the middle of the user's first run. The
    SoundFont is loaded here too, so the first generated piece plays without a parse on the GUI thread.

    Nothing Qt is imported here (pyqtgraph included): its module code touches PySide6, and running that on a
    worker while the GUI thread builds widgets crashed the test suite."""
    import torch

    import engine.jazz.model  # noqa: F401

    network = torch.nn.LSTM(4, 4, batch_first=True)
    optimiser = torch.optim.Adam(network.parameters(), lr=0.01)
    output, _ = network(torch.zeros(1, 2, 4))
    output.sum().backward()
    optimiser.step()
    _preload_soundfont(soundfont)


def _preload_soundfont(path: str | None) -> None:
    from engine.audio.soundfont import check_soundfont
    from engine.errors import EncoreError

    try:
        check_soundfont(path)
    except EncoreError:
        pass  # a bad SoundFont is reported where the user meets it: on Play, or in Preferences


def train_model(entries: list[CorpusFile], settings: dict, out_dir: str, job=None):
    """Train on the corpus entries read for the preset and save the model directory: (model, the folder it was
    saved in, why it was not: a NotSaved). A failed save (a full disk) costs the copy, not the trained model."""
    from engine.checkpoint import first_free
    from engine.jazz.model import TrainSettings, train

    settings = TrainSettings(**settings)
    sources = training_sources(entries, settings.preset)
    if not sources:
        raise EncoreError(nothing_to_train(entries))
    model = train(sources, settings, job=job)
    try:
        # two trainings in one second were saved in one folder, the first model overwritten (jobs run one at a time)
        out_dir = str(first_free(Path(out_dir), "-"))
        model.save(out_dir)  # makes the folder: one made here stayed behind, empty, when the save failed
    except (OSError, EncoreError) as e:
        return model, None, NotSaved(str(e), save_trouble(e, Path(out_dir).parent))
    return model, out_dir, ""


DISK_FULL, NO_PERMISSION = "disk full", "no permission"
FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}  # a quota full is a disk full to its user
LOCKED_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}


@dataclass(frozen=True)
class NotSaved:
    """Why a trained model was not saved: the engine's words, and the cause the advice goes by."""

    why: str
    trouble: str = ""  # DISK_FULL, NO_PERMISSION, or "" for a cause that has no sure advice

    def __str__(self) -> str:
        return self.why


def save_trouble(error: BaseException, models_folder: Path) -> str:
    """Why a model could not be saved, as far as the advice goes: DISK_FULL (make room), NO_PERMISSION (a
    folder that can be written), or "" (no advice beats wrong advice). The engine words an OSError as a
    FileProblem raised ``from None``, which keeps it as the context; its own refusal of a folder it may not
    write in has no errno, so the models folder is asked directly."""
    seen, depth = error, 0
    while seen is not None and depth < 5:  # a chain is short; a loop in it would not end
        if isinstance(seen, OSError) and seen.errno in FULL_ERRNOS:
            return DISK_FULL
        if isinstance(seen, OSError) and seen.errno in LOCKED_ERRNOS:
            return NO_PERMISSION
        seen, depth = seen.__cause__ or seen.__context__, depth + 1
    if models_folder.is_dir() and not os.access(models_folder, os.W_OK):
        return NO_PERMISSION
    return ""


def training_sources(entries: list[CorpusFile], preset: str) -> list:
    """What trains: the course preset reads the user's files as the reference dataset was made (the Metheny
    solo: 18 bars and 78 token values, not the 206 bars and 285 values of a full reading), as
    `jazz train --preset course --input FILE` does; the built-in pieces are used as they were read, as there."""
    from engine.jazz.source import load_source

    used = [e for e in entries if e.use and e.source is not None]
    if preset != "course":
        return [e.source for e in used]
    return [e.source if e.builtin else load_source(e.path, **(e.choices | {"preset": "course"})) for e in used]


def nothing_to_train(entries: list[CorpusFile]) -> str:
    """Why no file trains, in the user's terms: an empty corpus, none ticked, or none that could be read."""
    ticked = [e for e in entries if e.use]
    if not ticked:
        return ("no file is ticked for training: tick one in the corpus" if entries
                else "the corpus is empty: add a MIDI, MusicXML or ABC file first")
    unread = [e for e in ticked if e.source is None]
    first = unread[0]
    why = f"{first.name} ({first.problem})" if first.problem else first.name
    more = f" and {len(unread) - 1} more" if len(unread) > 1 else ""
    return f"no ticked file could be read: {why}{more}"


def load_model(model_dir: str, job=None):
    from engine.jazz.model import JazzModel

    if job:
        job.report(0, 1, f"Loading {os.path.basename(model_dir)}")
    return JazzModel.load(model_dir), model_dir


def improvise(model, options: dict, source=None, base=None, regenerate=None, job=None):
    """A new Piece from ``model``; with ``base`` and ``regenerate`` (bar indexes) only those bars change."""
    from engine.jazz.improvise import improvise as play

    chords = options.get("chords") or None
    return play(model, bars=options["bars"], chords=chords, source=source, temperature=options["temperature"],
                seed=options["seed"], tempo=options["tempo"], base=base,
                regenerate=set(regenerate) if regenerate is not None else None, job=job,
                choruses=options.get("choruses", 1))


def piece_midi(piece) -> bytes:
    from engine.jazz.export import midi_bytes

    return midi_bytes(piece)


def export_piece(piece, path: str, soundfont: str | None = None, job=None) -> tuple[str, str]:
    """Write ``piece`` as MIDI, MusicXML or WAV, chosen by the file's suffix; a WAV sounds as playback does,
    with the SoundFont chosen in Preferences (``soundfont``, read on the GUI thread). Returns the path and
    `render`'s warning of a silent or limited WAV ("" when there is none)."""
    from engine.jazz.export import write_piece

    return path, write_piece(piece, path, job=job, soundfont=soundfont)
