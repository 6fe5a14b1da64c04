"""The models Encore keeps: the window saves a copy of every model it trains in one folder, and here they are
listed and deleted (`python main.py models list|delete`, and the window's File > Models…).

Only model.json is read, as JSON: nothing is unpickled, and the weights are not opened. A folder is Encore's
when it holds a model.json and nothing but a model's two files (and what file managers leave); anything
else in the folder is not listed and cannot be deleted here.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .checkpoint import JUNK, META, WEIGHTS
from .errors import EncoreError, FileProblem
from .files import read_json
from .words import counted, listed, plural

APP = "Encore"  # gui.app.APP: the data folder's name
KINDS = {"jazz-lstm": "jazz", "setlist-model": "setlist"}  # model.json's kind: the page that plays it
KEPT_NAMES = tuple(f"{kind}-" for kind in KINDS.values())  # how the window names the copies it keeps
DAMAGED = "damaged"


@dataclass(frozen=True)
class StoredModel:
    name: str  # the folder's name
    path: Path
    kind: str  # "jazz", "setlist", or "damaged" (model.json cannot be read: it can only be deleted)
    saved: float  # when model.json was written, seconds since the epoch
    size: int  # bytes of its files
    trained_on: str  # in words, "" where model.json does not say; for a damaged one, what is wrong

    def to_json(self) -> dict:
        return {"name": self.name, "path": str(self.path), "kind": self.kind, "saved": saved_iso(self.saved),
                "size": self.size, "trained_on": self.trained_on}


def models_folder() -> Path:
    """The folder the window keeps its models in (gui.jazz.project.app_data_folder("models")), worked out as
    Qt's QStandardPaths.GenericDataLocation does, without Qt. Not made here: none yet means no models."""
    root = _generic_data_folder() / APP
    if (root / APP).is_dir():  # an earlier version's Encore/Encore, which the window still uses
        root = root / APP
    return root / "models"


def _generic_data_folder() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support"
    xdg = os.environ.get("XDG_DATA_HOME", "")
    if os.path.isabs(xdg):  # Qt ignores a relative one, as the XDG specification asks
        return Path(xdg)
    return Path(os.environ.get("HOME") or "/") / ".local" / "share"  # QDir.homePath(): $HOME, else the root


def list_models(folder: str | os.PathLike | None = None) -> list[StoredModel]:
    """The models in ``folder`` (default: the window's), newest first. A missing default folder holds none."""
    where = _folder(folder)
    if not where.is_dir():
        return []
    found = (_stored(entry) for entry in sorted(where.iterdir()))
    return sorted((m for m in found if m is not None), key=lambda m: m.saved, reverse=True)


def find_model(name: str, folder: str | os.PathLike | None = None) -> StoredModel:
    """The model called ``name`` in ``folder``; EncoreError for a path, or for anything not an Encore model."""
    where = _folder(folder)
    plain = name.rstrip("/" + (os.altsep or ""))  # a shell's completion adds the slash
    if plain in ("", ".", "..") or Path(plain).name != plain or any(s in plain for s in (os.sep, os.altsep) if s):
        raise EncoreError(f"{name!r} is not a model's name: give a name as `models list` shows it")
    model = _stored(where / plain)
    if model is None or model.path.resolve().parent != where.resolve():
        raise EncoreError(f"no Encore model called {plain!r} in {where} (see `python main.py models list`)")
    return model


def delete_model(name: str, folder: str | os.PathLike | None = None, move=None) -> StoredModel:
    """Delete the model ``name``; returns what it was. ``move`` (such as to the system's trash) takes the
    model's folder away whole or not at all, raising OSError when it could not; without it the model is
    deleted for good. Either way a model is never left half-deleted without a word."""
    model = find_model(name, folder)
    if move is None:
        _delete(model.path)
        return model
    try:
        move(model.path)
    except OSError as e:
        raise FileProblem(f"could not be moved ({e.strerror or e}); nothing was deleted", model.path) from None
    return model


def _delete(path: Path) -> None:
    """All or nothing as far as a folder of files allows: first renamed aside in one step (out of the list;
    refused, nothing was touched), then deleted, weights first (the file another program may hold open). If
    that fails, what is left is renamed back, so it is not lost from sight under a hidden name."""
    aside = _aside(path)
    try:
        had = {p.name for p in path.iterdir()}
        os.rename(path, aside)
    except OSError as e:
        raise FileProblem(f"could not be deleted ({e.strerror or e}); nothing was changed", path) from None
    try:
        (aside / WEIGHTS).unlink(missing_ok=True)
        shutil.rmtree(aside)
    except OSError as e:
        _put_back(aside, path, had, e.strerror or str(e))


def _aside(path: Path) -> Path:
    """`.NAME.deleting-XXXX` beside ``path``: hidden, so never listed, and a name no save uses."""
    while True:
        aside = path.with_name(f".{path.name}.deleting-{secrets.token_hex(2)}")
        if not os.path.lexists(aside):
            return aside


def _put_back(aside: Path, path: Path, had: set[str], why: str) -> None:
    """Say what a delete that failed part-way left, and where."""
    try:
        os.rename(aside, path)
    except OSError:
        raise FileProblem(f"could not be deleted ({why}); what is left of it is in {aside}", path) from None
    try:
        gone = sorted(had - {p.name for p in path.iterdir()})
    except OSError:  # cannot tell what went: say no more than is known
        raise FileProblem(f"could not be deleted ({why}); what is left of it is kept", path) from None
    if not gone:
        raise FileProblem(f"could not be deleted ({why}); the model is kept as it was", path)
    raise FileProblem(f"could only be partly deleted ({why}): {listed(gone)} removed, the rest is kept", path)


def _folder(folder) -> Path:
    if folder is None:
        return models_folder()
    where = Path(folder)
    if not where.is_dir():
        raise FileProblem("no such folder" if not where.exists() else "is a file, not a folder", where)
    return where


def _stored(entry: Path) -> StoredModel | None:
    """``entry`` as a stored model, or None for what is not one of Encore's. Hidden folders are saves under
    way (`.NAME.XXXXXXXX.part`), the model before the one being saved (`.NAME.old`) or a delete under way
    (`.NAME.deleting-XXXX`): never Encore's to delete."""
    try:
        return _read_stored(entry)
    except OSError:  # gone while it was read: deleted, or a save of the same name renamed it aside
        return None


def _read_stored(entry: Path) -> StoredModel | None:
    if entry.name.startswith(".") or entry.is_symlink() or not entry.is_dir():
        return None
    meta = entry / META
    try:
        names = {p.name for p in entry.iterdir()}
    except OSError:
        return None
    if meta.is_symlink() or not meta.is_file() or names - {WEIGHTS, META, *JUNK}:
        return None
    try:
        data = read_json(meta)
    except EncoreError as e:
        return _damaged(entry, names, e.problem)
    kind = data.get("kind") if isinstance(data, dict) else None
    if not isinstance(kind, str):
        return _damaged(entry, names, "model.json names no kind of model")
    if kind not in KINDS:  # another program's model: not Encore's to delete
        return None
    if WEIGHTS not in names:
        return _damaged(entry, names, f"{WEIGHTS} is missing")
    describe = _jazz_sources if KINDS[kind] == "jazz" else _shows
    return StoredModel(entry.name, entry, KINDS[kind], meta.stat().st_mtime, _size(entry), describe(data))


def _damaged(entry: Path, names: set[str], problem: str) -> StoredModel | None:
    """A model whose model.json cannot be read, listed so it can be deleted; only where the folder is surely
    a model's: its weights beside it, or a name the window gives its copies."""
    if WEIGHTS not in names and not entry.name.startswith(KEPT_NAMES):
        return None
    saved = (entry / META).stat().st_mtime
    return StoredModel(entry.name, entry, DAMAGED, saved, _size(entry), f"damaged: {problem}")


def _size(entry: Path) -> int:
    return sum(p.lstat().st_size for p in entry.iterdir())


def _jazz_sources(meta: dict) -> str:
    """'Encore Etude No. 2 (Blues in F) · 24 bars · full': the solos a jazz model learned, as model.json says."""
    sources = meta.get("trained_on")
    if not isinstance(sources, list) or not all(isinstance(s, dict) for s in sources) or not sources:
        return ""
    titles = [str(s.get("title") or os.path.basename(str(s.get("path", "")))) for s in sources]
    shown = titles[:2] + ([f"{len(titles) - 2} more"] if len(titles) > 3 else titles[2:])
    words = [listed(shown)]
    try:
        words.append(counted(sum(int(s["bars"][1]) - int(s["bars"][0]) + 1 for s in sources), "bar"))
    except (KeyError, TypeError, ValueError, IndexError):  # a hand-edited model.json: the titles alone
        pass
    preset = meta.get("settings", {}).get("preset") if isinstance(meta.get("settings"), dict) else None
    return " · ".join(words + ([preset] if isinstance(preset, str) and preset else []))


def _shows(meta: dict) -> str:
    """'Phish · 1,203 shows, 1993-02-03 to 2024-12-31': the history a setlist model learned."""
    band, shows = meta.get("band"), meta.get("history")
    words = [band] if isinstance(band, str) and band else []
    if isinstance(shows, list) and shows:
        try:
            first, last = str(shows[0][0]), str(shows[-1][0])
            words.append(f"{len(shows):,} {plural(len(shows), 'show')}, {first} to {last}")
        except (TypeError, IndexError, KeyError):
            words.append(f"{len(shows):,} {plural(len(shows), 'show')}")
    return " · ".join(words)


def saved_iso(saved: float) -> str:
    return datetime.fromtimestamp(saved).astimezone().isoformat(timespec="seconds")


def saved_text(saved: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(saved))


def size_text(size: int) -> str:
    """'840 KB', '12.3 MB': decimal units, as file managers show them."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{size} bytes"


# The command line --------------------------------------------------------------------------------------------
def register(sub) -> None:
    p = sub.add_parser("models", help="list or delete the models Encore kept from each training")
    commands = p.add_subparsers(dest="command", metavar="COMMAND", required=True)
    folder_help = "the models folder (default: the one the window keeps its models in)"
    shown = commands.add_parser("list", help="the kept models, newest first: kind, when saved, size, trained on")
    shown.add_argument("--folder", metavar="DIR", help=folder_help)
    shown.add_argument("--json", action="store_true", help="print the result as JSON")
    shown.set_defaults(handler=run_list)
    gone = commands.add_parser("delete", help="delete kept models by name (as `models list` shows them)")
    gone.add_argument("names", nargs="+", metavar="NAME")
    gone.add_argument("--folder", metavar="DIR", help=folder_help)
    gone.add_argument("-y", "--yes", action="store_true",
                      help="delete without asking (it asks only when typed at a terminal)")
    gone.set_defaults(handler=run_delete)


def run_list(args) -> int:
    import json

    models = list_models(args.folder)
    where = Path(args.folder) if args.folder else models_folder()
    if args.json:
        print(json.dumps({"folder": str(where), "models": [m.to_json() for m in models]}, ensure_ascii=False))
        return 0
    width = max((len(m.name) for m in models), default=0)
    for m in models:
        row = f"{m.name:<{width}}  {m.kind:<7}  {saved_text(m.saved)}  {size_text(m.size):>9}  {m.trained_on}"
        print(row.rstrip())
    total = size_text(sum(m.size for m in models))
    print(f"{counted(len(models), 'model')}, {total}, in {where}" if models else f"no models in {where}")
    return 0


def _asks() -> bool:
    """A delete typed at a terminal is asked about; a script's (stdin not a terminal) and the tests' are
    not."""
    return sys.stdin is not None and sys.stdin.isatty() and not os.environ.get("ENCORE_NO_PROMPTS")


def _confirmed(models: list[StoredModel]) -> list[StoredModel]:
    """The models answered y or yes, each asked before any is deleted: Enter or any other answer keeps one,
    end of input or Ctrl-C keeps them all. The question goes to stderr: seen with the output in a file."""
    chosen = []
    for model in models:
        print(f"Delete model {model.name} ({model.path})? [y/N] ", end="", file=sys.stderr, flush=True)
        try:
            answer = input()
        except (EOFError, KeyboardInterrupt):
            print(file=sys.stderr)  # the shell's prompt on a line of its own
            return []
        if answer.strip().lower() in ("y", "yes"):
            chosen.append(model)
    return chosen


def run_delete(args) -> int:
    names = dict.fromkeys(args.names)  # a name given twice is deleted once
    models = [find_model(name, args.folder) for name in names]  # every name checked before any is gone
    if not args.yes and _asks():
        models = _confirmed(models)
    if not models:
        print("Not deleted.")
        return 0
    for model in models:
        delete_model(model.name, model.path.parent)
        print(f"deleted {model.name} ({model.kind}, {size_text(model.size)})")
    return 0
