"""The `.encore-jazz` project file: the pieces with their edits, the model, the corpus, the generation options.

The window saves and autosaves it; the command line reads it (`jazz generate --base`). JSON, never pickle.
"""

from __future__ import annotations

import json
import math
import os

from ..errors import FileProblem, damage
from ..files import read_json
from .piece import Piece

FORMAT, VERSION = "encore-jazz", 3  # 2: a pickup is bar 0, as the score numbers it (it was bar 1); 3: a file's
# repeats are played out, and its bars counted so. Keys added since ("training", "chords_from", "builtin_choices")
# need no new version: a reader of version 3 leaves keys it does not know alone, and one without them opens as before
CHOICES = ("melody_part", "chord_parts", "bars", "pickup_bar_1", "bars_as_written")  # what load_source takes from a corpus entry


def project_data(pieces: list[Piece], current: int, model_dir: str | None, corpus: list[dict],
                 options: dict, builtin_unused: list[str] | None = None, training: dict | None = None,
                 chords_from: str | None = None, builtin_choices: dict | None = None) -> dict:
    """``builtin_unused``: the names of the built-in corpus files the user unticked; ``builtin_choices``: the
    parts and bars chosen for built-in files, by name (their folder differs from one install to another);
    ``chords_from``: the path of the corpus file whose chords a solo takes; ``training``: the Train tab's."""
    return {"format": FORMAT, "version": VERSION, "pieces": [p.to_json() for p in pieces], "current": current,
            "model": model_dir, "corpus": corpus, "builtin_unused": sorted(builtin_unused or []),
            "builtin_choices": builtin_choices or {}, "generation": options, "training": training or {},
            "chords_from": chords_from}


def read_project(path: str | os.PathLike) -> dict:
    """The project at ``path`` with its pieces as Piece objects; FileProblem when it is not one."""
    data = read_json(path)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FileProblem("is not an Encore jazz project (no \"format\": \"encore-jazz\")", path)
    version = data.get("version", 0)
    if isinstance(version, bool) or not isinstance(version, (int, float)) or not math.isfinite(version):
        raise FileProblem(f"has a damaged \"version\": {json.dumps(version)[:40]} is not a number", path)
    version = int(version)
    try:
        data["pieces"] = [Piece.from_json(p) for p in data.get("pieces", [])]
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as e:
        problem = damage(e, "a note or chord", "a piece")
        raise FileProblem(f"has a damaged piece: {problem}", path) from None
    if version > VERSION:
        raise FileProblem(f"was written by a newer Encore (project version {version})", path)
    corpus = data.get("corpus")  # a hand-edited entry without a path as text is left out, not a crash
    data["corpus"] = [e for e in corpus if isinstance(e, dict) and isinstance(e.get("path"), str) and e["path"]] \
        if isinstance(corpus, list) else []
    for entry in data["corpus"]:
        entry["choices"] = _choices(entry.get("choices"), version)
        entry["use"] = entry.get("use") is not False
    unused = data.get("builtin_unused")
    data["builtin_unused"] = [n for n in unused if isinstance(n, str)] if isinstance(unused, list) else []
    chosen = data.get("builtin_choices")
    data["builtin_choices"] = {name: _choices(c, version) for name, c in chosen.items() if isinstance(name, str)} \
        if isinstance(chosen, dict) else {}
    for key in ("generation", "training"):  # a hand-edited value that is no object: the defaults
        if not isinstance(data.get(key), dict):
            data[key] = {}
    if not isinstance(data.get("chords_from"), str) or not data["chords_from"]:
        data["chords_from"] = None  # an older project: the file added last, as before
    current = data.get("current")  # a hand-edited "abc" or 2.5 opens the first piece, not a Python error
    data["current"] = current if isinstance(current, int) and not isinstance(current, bool) and \
        0 <= current < len(data["pieces"]) else 0
    return data


def _choices(choices, version: int) -> dict:
    """A corpus file's import choices as load_source takes them (a hand-edited key is dropped, not fatal)."""
    kept = {k: v for k, v in choices.items() if k in CHOICES} if isinstance(choices, dict) else {}
    if version < 2 and kept.get("bars"):  # its bar range counts a pickup's bar as 1: read the bars chosen
        kept["pickup_bar_1"] = True
    if version < 3 and kept.get("bars"):  # chosen among the bars as written, before repeats were played out
        kept["bars_as_written"] = True
    return kept
