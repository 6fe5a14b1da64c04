"""Model directories: weights as safetensors plus JSON metadata. Nothing is ever unpickled.

A model directory holds `weights.safetensors` and `model.json`. It is written to a temporary folder and
renamed into place, so a crash leaves the previous model intact. The folder the process runs in (`--out .`)
is kept and its files replaced one by one, the earlier ones set aside until the new ones are in.
"""

from __future__ import annotations

import itertools
import os
import shutil
import stat
import tempfile
from dataclasses import fields
from pathlib import Path

from .errors import EncoreError, FileProblem
from .files import (
    MAX_INPUT_BYTES,
    MODEL_META,
    MODEL_WEIGHTS,
    PART_TAIL,
    json_text,
    read_json,
    stale,
    stale_leftovers,
    usual_mode,
)

WEIGHTS = MODEL_WEIGHTS  # engine.files refuses to write over either: every export goes through it
META = MODEL_META


def model_files(directory) -> list[str]:
    """The files a saved model is (none for a model only in memory): what an export must not write over; the
    user's own files kept beside them are theirs to replace."""
    return [os.path.join(directory, name) for name in (META, WEIGHTS)] if directory else []


LONGEST_NAME = 240  # bytes: save() writes beside it `.NAME.old` and `.NAME.XXXXXXXX.part`, and a name has 255
SAVING = ".part"  # the temporary folder's tail, as an export's file has: no name a user gives a backup
JUNK = {".DS_Store", "Thumbs.db", "desktop.ini", ".directory"}  # what a file manager leaves in any folder it shows


def _folder(directory: str | os.PathLike) -> Path:
    """The folder named in full, `..` taken off by name as a shell does (links are not followed): `--out .`
    then has a name for the `.NAME.old` and `.NAME.XXXXXXXX.part` beside it, as the folder named `../emp` had."""
    return Path(os.path.abspath(directory))


def _old(target: Path) -> Path:
    target = _folder(target)
    return target.with_name(f".{target.name}.old")


def _recover(target: Path) -> None:
    """A kill between save()'s two renames leaves only `.NAME.old`: that is the previous model, put it back
    (a user's own `.NAME.old` folder that holds no model is not Encore's to move). A kill inside
    _replace_here() leaves the folder without its model.json and the earlier files in `.NAME.old`: they go
    back in, over any new weights already there."""
    target, old = _folder(target), _old(target)
    if not (old / META).is_file():
        return
    try:
        if not target.exists():
            os.replace(old, target)
        elif target.is_dir() and not (target / META).exists():
            _move_into(old, target)
    except OSError:
        pass


def _set_aside(old: Path) -> bool:
    """Whether ``old`` is Encore's to delete: absent, a model set aside, or the empty folder a kill just after
    _replace_here() made it leaves."""
    if not old.exists() or (old / META).is_file():
        return True
    return old.is_dir() and not old.is_symlink() and not any(old.iterdir())


def _is_here(target: Path) -> bool:
    """Whether ``target`` is the folder this process runs in: renamed over, it would be left in a deleted
    one."""
    try:
        return os.path.samestat(os.stat(target), os.stat(os.curdir))
    except OSError:
        return False


def check_target(directory: str | os.PathLike, kind: str | None = None) -> Path:
    """Where save() may write: a new name, an empty folder or an earlier model (of ``kind``, when given: a
    setlist model saved over a jazz one lost it without a word). Saving renames the new model over the target
    and deletes what was there, so a user's file or a folder of other things is refused. So is a model.json
    that names no kind of model: Encore writes every model.json whole, with its kind, so one that does not
    is the user's (a history of that name was lost to a model's metadata), or a model damaged by hand that
    load() refuses anyway. The folder is named in full (`.` is the folder the command runs in), as save()
    uses it."""
    target = _folder(directory)
    if not target.name:
        raise FileProblem("is the root of the file system, not a model folder (name a new folder)", target)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise FileProblem("is a file, not a model folder (name a new folder)", target)
    parent = next(p for p in target.parents if p.exists())  # where the new model is made, then renamed
    if not parent.is_dir():
        raise FileProblem(f"cannot be made: {parent} is a file, not a folder", target)
    if not os.access(parent, os.W_OK):
        raise FileProblem(f"cannot be written: no permission to write in {parent}", target)
    if len(os.fsencode(target.name)) > LONGEST_NAME:  # found after the training, it cost the model
        raise FileProblem(f"has too long a name for a model folder (at most {LONGEST_NAME} bytes)", target)
    if target.is_dir() and not os.access(target, os.W_OK):  # made read-only: kept as the user meant
        raise FileProblem("cannot be written: the folder is read-only", target)
    old = _old(target)
    if not _set_aside(old):  # save() would delete it
        raise FileProblem(f"has beside it a folder {old.name!r} that Encore did not make and would replace: "
                          "move or rename it", target)
    others = sorted(p.name for p in target.iterdir() if p.name not in (WEIGHTS, META, *JUNK)) \
        if target.is_dir() else []
    if others:
        more = f" and {len(others) - 1} more" if len(others) > 1 else ""
        raise FileProblem(f"holds other things than a model ({others[0]!r}{more}); a model is saved in a new "
                          "or empty folder, or over an earlier model", target)
    meta = target / META
    earlier = _kind_of(meta)
    if earlier is None and (meta.exists() or meta.is_symlink()):  # the user's, whatever it holds
        raise FileProblem(f"holds a {META} that is not an Encore model: move it or choose another folder", target)
    if kind and earlier and earlier != kind:
        raise FileProblem(f"holds a model of another kind ({earlier}, not {kind}); a model is saved in a new or "
                          "empty folder, or over an earlier one of its kind", target)
    return target


def _kind_of(meta: Path) -> str | None:
    """The kind of model a folder holds, where its model.json says (None for one that cannot be read)."""
    try:
        kind = read_json(meta).get("kind") if meta.is_file() else None
    except (EncoreError, AttributeError):
        return None
    return kind if isinstance(kind, str) else None


def free_folder(chosen: str | os.PathLike, name: str) -> Path:
    """``chosen`` if a model may be saved there, else a new ``name`` folder inside it (``name 2`` ...): what a
    save dialog that picked an existing folder such as Documents means."""
    try:
        return check_target(chosen)
    except FileProblem:
        if not Path(chosen).is_dir():
            raise
    return first_free(Path(chosen) / name)


def first_free(folder: Path, separator: str = " ") -> Path:
    """``folder``, or ``folder 2``, ``folder 3`` ... (with ``separator``): the first name nothing has taken."""
    for n in itertools.count(1):
        candidate = folder.with_name(folder.name if n == 1 else f"{folder.name}{separator}{n}")
        if not candidate.exists():
            return candidate


def save(directory: str | os.PathLike, tensors: dict, meta: dict) -> Path:
    from safetensors.torch import save as safetensors_bytes

    _recover(_folder(directory))  # first: a model a kill left set aside is the earlier one, of its kind
    target = check_target(directory, meta.get("kind"))
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _sweep_stale_saves(target)
        tmp = Path(tempfile.mkdtemp(SAVING, f".{target.name}.", target.parent))
        # written by Python, not by safetensors' save_file: a full disk is then an OSError in words (its own
        # SafetensorError went past every handler, and the window's training lost its model)
        (tmp / WEIGHTS).write_bytes(safetensors_bytes({k: v.detach().cpu().contiguous() for k, v in tensors.items()}))
        (tmp / META).write_text(json_text(meta, indent=2) + "\n", encoding="utf-8")
        usual_mode(tmp, like=target)  # mkdtemp made it private; the two files came out of plain open()s
        if target.is_dir() and not (target / META).exists():  # an empty folder: nothing to keep until the end
            _move_into(tmp, target)
        elif target.is_dir() and _is_here(target):
            _replace_here(tmp, target)
        else:
            _replace(tmp, target)
    except BaseException as e:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        _recover(target)  # stopped between renames (Ctrl-C, a full disk): the earlier model back at once
        if isinstance(e, OSError):  # a full disk, a folder made read-only meanwhile: the model's name, in words
            raise FileProblem(f"could not be saved ({e.strerror or e})", target) from None
        raise
    return target


def _sweep_stale_saves(target: Path) -> None:
    """Delete the `.NAME.XXXXXXXX.part` folders that saves of this model left when Encore was killed outright (kill
    -9, a power cut: no cleanup runs): hidden, each as large as a model. Only mkdtemp's names for this model,
    real folders (no link or junction followed) of this user holding nothing but a model's files, none of it
    changed since this process began: another Encore saving here now keeps its folder."""
    for path, st in stale_leftovers(target.parent, f".{target.name}.", PART_TAIL):
        reparse = getattr(st, "st_file_attributes", 0) & stat.FILE_ATTRIBUTE_REPARSE_POINT
        if stat.S_ISDIR(st.st_mode) and not reparse:
            _delete_stale_save(path)


def _delete_stale_save(folder: str) -> None:
    """The folder and its model files, or nothing at all: one holding anything else is the user's."""
    try:
        with os.scandir(folder) as listing:
            inside = list(listing)
        if all(e.name in (WEIGHTS, META) and e.is_file(follow_symlinks=False)
               and stale(e.stat(follow_symlinks=False)) for e in inside):
            for entry in inside:
                os.unlink(entry.path)
            os.rmdir(folder)
    except OSError:  # gone already, or not ours to delete: the save goes ahead
        pass


def _move_into(tmp: Path, target: Path) -> None:
    """The model's files moved into an empty folder, which is kept: a shell or a file window open on it
    (`--out .`) goes on showing it, where one renamed over it showed a deleted folder. Weights first: a
    model.json is never without them. Also puts back what _replace_here() set aside, weights there or not."""
    for name in (WEIGHTS, META):
        if (tmp / name).exists():
            os.replace(tmp / name, target / name)
    tmp.rmdir()


def _replace_here(tmp: Path, target: Path) -> None:
    """The new model's files renamed over the earlier one's in the folder this process runs in, which is kept:
    renamed over, it left the user's shell in a deleted folder (`ls` showed nothing). model.json goes aside
    first and comes in last, so a folder stopped part-way has none: load() refuses it as no model, where new
    weights beside the earlier model.json would have loaded as one model made of two. The earlier files wait
    in `.NAME.old` until the new ones are in, for _recover() to put back after a kill."""
    old = _old(target)
    shutil.rmtree(old, ignore_errors=True)
    if not (target / WEIGHTS).is_file():  # a model.json alone is no model: nothing to set aside
        (target / META).unlink()
    else:
        old.mkdir()
        for name in (META, WEIGHTS):
            os.replace(target / name, old / name)
    _move_into(tmp, target)
    _discard(old)


def _discard(old: Path) -> None:
    """The earlier model deleted, weights first: stopped part-way, what is left is a model.json, which
    check_target() knows as Encore's, not a folder of weights it would refuse as the user's."""
    try:
        (old / WEIGHTS).unlink(missing_ok=True)
    except OSError:
        pass
    shutil.rmtree(old, ignore_errors=True)


def _replace(tmp: Path, target: Path) -> None:
    """The new model renamed over the earlier one, kept as `.NAME.old` between the two renames."""
    old = None
    if target.exists():
        old = _old(target)
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    os.replace(tmp, target)
    if old is not None:
        _discard(old)


def settings_from_json(cls, data: dict):
    """A settings dataclass from model.json or the window, each field of its default's type (an int may
    stand for a float); ValueError naming the field otherwise. Unknown fields are ignored: an older model's."""
    if not isinstance(data, dict):
        raise ValueError("settings must be an object")
    defaults, values = cls(), {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value, kind = data[f.name], type(getattr(defaults, f.name))
        ok = isinstance(value, kind) or (kind is float and isinstance(value, int))
        if not ok or (isinstance(value, bool) and kind is not bool):
            raise ValueError(f"setting {f.name!r} should be {kind.__name__}, not {value!r}")
        values[f.name] = kind(value)
    settings = cls(**values)
    settings.check()
    return settings


def check_counts(settings, counts: dict[str, tuple[int, int]]) -> None:
    """EncoreError naming the first whole-number setting outside its (lowest, highest), and its value."""
    for name, (low, high) in counts.items():
        value = getattr(settings, name)
        if not low <= value <= high:
            raise EncoreError(f"{name.replace('_', ' ')} must be from {low} to {high:,}, not {value}")


def check_shares(settings, names: tuple[str, ...]) -> None:
    """EncoreError naming the first setting that is not a share from 0 up to (not including) 1; NaN is not."""
    for name in names:
        value = getattr(settings, name)
        if not 0 <= value < 1:
            raise EncoreError(f"{name.replace('_', ' ')} must be at least 0 and under 1, not {value:g}")


def check_learning_rate(settings, name: str) -> None:
    """EncoreError unless the learning rate ``name`` is over 0 and at most 1 (Adam's steps are its size)."""
    value = getattr(settings, name)
    if not 0 < value <= 1:
        said = name.replace("_", " ") if name == "learning_rate" else f"{name} (learning rate)"  # lr: its flag too
        raise EncoreError(f"{said} must be over 0 and at most 1, not {value:g}")


def check_amount(settings, name: str, zero: str) -> None:
    """EncoreError unless the setting ``name`` is 0 (which means ``zero``) or a finite amount; NaN is not."""
    value = getattr(settings, name)
    if not 0 <= value <= 1e9:
        raise EncoreError(f"{name.replace('_', ' ')} must be 0 ({zero}) or more, not {value:g}")


def load(directory: str | os.PathLike, kind: str | None = None) -> tuple[dict, dict]:
    """Return (tensors, meta). Refuses anything that is not our safetensors + JSON pair."""
    from safetensors import SafetensorError
    from safetensors.torch import load as load_tensors

    d = Path(directory)
    _recover(d)
    if not d.exists():  # a mistyped path is not a folder of something else
        raise FileProblem("no such folder", d)
    if not (d / META).is_file():  # a file, or a folder of something else
        raise FileProblem("not a model folder (expected a folder with model.json and weights.safetensors)", d)
    meta = read_json(d / META)
    if not isinstance(meta, dict):
        raise FileProblem("does not hold an object", d / META)
    if kind and not isinstance(meta.get("kind"), str):  # written over by an export, or by hand
        raise FileProblem(f"does not hold a model: its {META} is not a model's (it names no kind)", d)
    if kind and meta.get("kind") != kind:  # in words: "a setlist model", not model.json's 'setlist-model'
        words = {"jazz-lstm": "jazz", "setlist-model": "setlist", "song-embedding": "song embedding"}
        found, wanted = (words.get(k, repr(k)) for k in (meta["kind"], kind))
        raise FileProblem(f"is a {found} model, not a {wanted} model", d)
    weights = d / WEIGHTS
    if not weights.is_file():
        raise FileProblem("missing weights.safetensors", d)
    if weights.stat().st_size > 4 * MAX_INPUT_BYTES:
        raise FileProblem("weights file too large", weights)
    _check_safetensors_header(weights)
    try:  # from bytes: safetensors refuses a path that is not UTF-8 ('café' in Latin-1), which Encore saved to
        tensors = load_tensors(weights.read_bytes())
    except (SafetensorError, OSError, ValueError, RuntimeError) as e:
        raise FileProblem(f"is not a valid safetensors file ({e})", weights) from None
    damaged = next((name for name, t in tensors.items() if t.is_floating_point() and not t.isfinite().all()), None)
    if damaged is not None:  # no model Encore saves holds NaN or infinity; one would poison every score
        raise FileProblem(f"holds damaged weights (not a number in {damaged!r})", weights)
    return tensors, meta


def _check_safetensors_header(weights: Path) -> None:
    """safetensors starts with an 8-byte header length and a JSON header; refuse anything else unread.

    A pickle or a torch.save zip is named as such: Encore never opens either.
    """
    with open(weights, "rb") as f:
        head = f.read(9)
    header_length = int.from_bytes(head[:8], "little")
    if len(head) == 9 and head[8:9] == b"{" and header_length <= weights.stat().st_size - 8:
        return
    if head[:2] == b"PK" or head[:1] == b"\x80":
        raise FileProblem("holds a pickle or zip archive, which Encore never opens", weights)
    raise FileProblem("is not a safetensors weights file", weights)
