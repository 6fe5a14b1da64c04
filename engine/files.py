"""Reading and writing user files safely: size limits on the way in, atomic replace on the way out."""

from __future__ import annotations

import codecs
import errno
import json
import os
import re
import secrets
import stat
import time
from contextlib import contextmanager
from pathlib import Path

from .errors import FileProblem

MAX_INPUT_BYTES = 64 * 1024 * 1024  # no MIDI, score, setlist or project file of a real user is near this
MODEL_META, MODEL_WEIGHTS = "model.json", "weights.safetensors"  # a saved model's files (engine.checkpoint)

# The umask can only be read by setting it, which would race with worker threads later: read it once, here.
_UMASK = os.umask(0o022)
os.umask(_UMASK)
# This process's start, near enough: it writes nothing before this module is loaded. A `.part` file last
# written before it is no write of this process, and no live one's either (a writer keeps touching its file).
_STARTED = time.time()
_PART_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"  # mkstemp's, which wrote the parts of earlier versions
# what follows the prefix of a temporary file or folder (a model being saved, engine.checkpoint): mkstemp's and
# mkdtemp's 8 random letters, then `.part` (bare 8 letters would take a user's `.model.20240101` backup)
PART_TAIL = re.compile(r"[a-z0-9_]{8}\.part")
_PART_FLAGS = (os.O_RDWR | os.O_CREAT | os.O_EXCL  # mkstemp's: a new private file, never through a link
               | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0))


def each_once(paths: list) -> list:
    """Each file once, by where it really is, as first named, in the order given: a file named twice (by another
    name, or dropped with its folder) would be read twice, and weigh double."""
    seen, kept = set(), []
    for path in paths:
        real = os.path.normcase(os.path.realpath(path))
        if real not in seen:
            seen.add(real)
            kept.append(path)
    return kept


def read_bytes(path: str | os.PathLike, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Read a whole user file, refusing missing, unreadable and oversized files with a clear message."""
    p = Path(path)
    if not p.exists():
        raise FileProblem("no such file", p)
    if p.is_dir():
        raise FileProblem("is a folder, not a file", p)
    if not p.is_file():  # a FIFO would block forever, /dev/zero would never end
        raise FileProblem("is not a regular file", p)
    size = p.stat().st_size
    if size > limit:
        raise FileProblem(f"too large ({size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB)", p)
    try:
        with open(p, "rb") as f:
            data = f.read(size + 1)  # size + 1, not limit + 1: CPython allocates the whole request up front
            if len(data) > size:  # it grew since stat(): keep reading, but never past the limit
                data += f.read(limit + 1 - len(data))
    except OSError as e:
        raise FileProblem(f"cannot be read ({e.strerror or e})", p) from None
    if len(data) > limit:
        raise FileProblem(f"too large (over the {limit / 1e6:.0f} MB limit)", p)
    return data


# UTF-32 LE's mark begins with UTF-16 LE's: it is looked for first
BYTE_ORDER_MARKS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def peek(path: str | os.PathLike, size: int) -> bytes | None:
    """A file's first ``size`` bytes, to tell what it is by its words; None for one that is no plain file (a FIFO
    would never end) or cannot be read."""
    if not os.path.isfile(path):
        return None
    try:
        with open(path, "rb") as f:
            return f.read(size)
    except OSError:
        return None


def read_text(path: str | os.PathLike, limit: int = MAX_INPUT_BYTES) -> str:
    """UTF-8, or UTF-16/32 with a byte order mark (Excel's "Unicode Text"); Windows' cp1252 line by line where
    UTF-8 fails, so that a file pasted together from both keeps the UTF-8 lines' accents."""
    return decode_text(read_bytes(path, limit), path)


def decode_text(data: bytes, path: str | os.PathLike) -> str:
    """read_text's decoding, for a reader that already holds the file's bytes; ``path`` names it in a problem."""
    try:
        encoding = next((name for mark, name in BYTE_ORDER_MARKS if data.startswith(mark)), "utf-8-sig")
        return data.decode(encoding)
    except UnicodeDecodeError:
        if encoding != "utf-8-sig":
            raise FileProblem(f"is not valid {encoding.upper()} text", path) from None
    try:
        return "".join(_line_text(line) for line in data.removeprefix(codecs.BOM_UTF8).splitlines(keepends=True))
    except UnicodeDecodeError:
        raise FileProblem("is not a text file in UTF-8", path) from None


def _line_text(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252")


def read_json(path: str | os.PathLike, limit: int = MAX_INPUT_BYTES):
    text = read_text(path, limit)
    try:
        return json.loads(text)
    except RecursionError:
        raise FileProblem("JSON nested too deeply", path) from None
    except ValueError as e:
        raise FileProblem(f"is not valid JSON ({e})", path) from None


@contextmanager
def atomic_output(path: str | os.PathLike, mode: str = "wb"):
    """Yield a file object on a temporary file beside ``path``; rename it over ``path`` only on success.

    A crash or kill at any moment leaves either the old file or the new one, never a truncated one.
    """
    named = Path(path)
    target = check_output_file(named)
    directory = target.parent
    prefix = _part_prefix(target.name, directory)
    _sweep_stale_parts(directory, prefix)
    tmp = None
    try:
        fd = None
        for tmp in _part_names(directory, prefix):  # named before it exists: a Ctrl-C or a kill just after
            try:                                    # it is made (mkstemp's name came too late) finds it below
                fd = os.open(tmp, _PART_FLAGS, 0o600)
                break
            except FileExistsError:
                continue
        if fd is None:
            raise FileExistsError(errno.EEXIST, "no free name for a temporary file", os.fspath(directory))
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        _check_not_read_only(target, named)  # made read-only while the work went on
        usual_mode(Path(tmp), like=target)
        os.replace(tmp, target)
    except BaseException:
        try:
            if tmp is not None:
                os.unlink(tmp)
        except OSError:
            pass
        raise


def check_output_file(path: str | os.PathLike) -> Path:
    """The file an export writes (a link's file: the link stays one), or a FileProblem naming what stops it:
    asked before the work (check_not_an_input) and again by atomic_output."""
    named = Path(path)
    try:
        return _output_target(named)
    except OSError as e:  # merely looking refused: a name too long, a folder on the way not ours to enter
        raise FileProblem(refusal(e, named), named) from None


def refusal(error: OSError, path: str | os.PathLike) -> str:
    """The system's refusal to look at or write ``path``, in words: "File name too long" leaves a musician
    guessing which name and how long is allowed (one name counts bytes, so 130 accented letters are too many)."""
    if error.errno == errno.ENAMETOOLONG:
        parts = Path(path).parts
        too_long = [len(os.fsencode(part)) > 255 for part in parts]
        if too_long and too_long[-1]:
            return "the name is too long: at most 255 bytes for one name on this disk"
        if any(too_long):
            return "a folder's name in it is too long: at most 255 bytes for one name on this disk"
        if len(os.fsencode(os.path.abspath(path))) >= 4096:
            return "the path is too long: at most 4096 bytes in all"
    return f"cannot be written ({error.strerror or error})"


def _output_target(named: Path) -> Path:
    target = named.resolve() if named.is_symlink() else named
    _check_folder(target.parent)
    if target.is_dir():  # a rename over it would fail anyway
        raise FileProblem("is a folder, not a file", named)
    if target.exists() and not target.is_file():  # a device or a pipe: the rename would put a file in its place
        raise FileProblem("is not a regular file (a device or a pipe), so Encore does not write over it", named)
    _check_not_read_only(target, named)
    check_not_a_model_file(os.path.realpath(target), named)  # `linked/../model/model.json` too
    return target


def _check_folder(directory: Path) -> None:
    """`--out song.mid/x.csv`: the folder is a file, which "does not exist" would only puzzle."""
    if directory.is_dir():
        return
    there = next((p for p in (directory, *directory.parents) if p.exists()), None)
    if there is not None and not there.is_dir():
        raise FileProblem("is a file, not a folder", there)
    raise FileProblem("folder does not exist", directory)


def _check_not_read_only(target: Path, named: Path) -> None:
    """A file the user made read-only is kept: the rename that writes an export would replace it all the same.
    Judged by its owner's write bit, which holds for root too (os.access always says yes to root), and by
    os.access for another user's file or an immutable one."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:  # a new file
        return
    except OSError as e:
        raise FileProblem(refusal(e, named), named) from None
    if not mode & stat.S_IWUSR or not os.access(target, os.W_OK):
        raise FileProblem("cannot be written: the file is read-only", named)


def _part_names(directory: Path, prefix: str):
    """`.NAME.XXXXXXXX.part` beside the output, XXXXXXXX as mkstemp makes them (8 of its 37 characters)."""
    for _ in range(100):
        yield os.path.join(directory, prefix + "".join(secrets.choice(_PART_LETTERS) for _ in range(8)) + ".part")


def _sweep_stale_parts(directory: Path, prefix: str) -> None:
    """Delete the `.NAME.XXXXXXXX.part` files of this output that an Encore killed outright (kill -9, a power
    cut: no cleanup runs) left: hidden, and as large as the render was far. Only Encore's own names for this
    output, plain files of this user, last written before this process began, so a live writer keeps its."""
    for path, st in stale_leftovers(directory, prefix, PART_TAIL):
        if stat.S_ISREG(st.st_mode):
            try:
                os.unlink(path)
            except OSError:  # gone already, or not ours to delete: the new write goes ahead
                pass


def stale_leftovers(directory: str | os.PathLike, prefix: str, tail: re.Pattern) -> list:
    """(path, lstat) of each entry of ``directory`` named ``prefix`` then exactly ``tail`` that is stale():
    what a killed Encore left. Links are not followed: the caller checks the kind of entry it may delete."""
    try:
        with os.scandir(directory) as listing:
            entries = [e for e in listing if e.name.startswith(prefix) and tail.fullmatch(e.name[len(prefix):])]
    except OSError:
        return []
    found = []
    for entry in entries:
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:  # gone already
            continue
        if stale(st):
            found.append((entry.path, st))
    return found


def stale(st: os.stat_result) -> bool:
    """Whether a temporary file or folder is no write going on now: this user's, and last changed before this
    process began (a writer keeps touching what it writes)."""
    return st.st_mtime < _STARTED and _mine(st)


def _mine(st: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or st.st_uid == os.getuid()


def _part_prefix(name: str, directory: Path) -> str:
    """`.NAME.` for the temporary file, NAME shortened (by whole characters) where the random part and `.part`
    would take a 241-255 byte name past the file system's limit, which counts bytes, not characters."""
    try:
        longest = os.pathconf(directory, "PC_NAME_MAX")
    except (AttributeError, ValueError, OSError):  # Windows has no pathconf; NTFS and FAT allow 255
        longest = 255
    if longest <= 0:  # -1: no limit that the system will say
        longest = 255
    room = longest - len(".part") - 8  # the random part is 8 characters (_part_names)
    while name and len(os.fsencode(f".{name}.")) > room:
        name = name[:-1]
    return f".{name}."


def usual_mode(path: Path, like: Path | None = None) -> None:
    """mkstemp and mkdtemp make private files (0600, folders 0700). Give ``path`` the mode of the file it
    replaces, or the one a plain open() or mkdir() would, so that exports can be shared as the user expects."""
    try:
        if like is not None and like.exists() and like.is_dir() == path.is_dir():
            mode = stat.S_IMODE(like.stat().st_mode)
        else:
            mode = (0o777 if path.is_dir() else 0o666) & ~_UMASK
        os.chmod(path, mode)
    except OSError:  # a file system without modes (some network shares): the file is still written
        pass


@contextmanager
def writing(path: str | os.PathLike, mode: str = "wb"):
    """atomic_output, with the system's refusal (no permission, a full disk) as a FileProblem naming the file."""
    try:
        with atomic_output(path, mode) as f:
            yield f
    except OSError as e:
        raise FileProblem(refusal(e, path), path) from None


def write_bytes(path: str | os.PathLike, data: bytes) -> None:
    with writing(path) as f:
        f.write(data)


def write_text(path: str | os.PathLike, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def check_not_a_model_file(target: str | os.PathLike, named: str | os.PathLike | None = None) -> None:
    """FileProblem when ``target`` is one of a saved model's two files (`--out MODEL/model.json`): written
    over, the model is gone. Every export is written through atomic_output, which asks this of each."""
    folder = os.path.dirname(os.path.abspath(target))
    model = [os.path.join(folder, name) for name in (MODEL_META, MODEL_WEIGHTS)]
    if not all(os.path.isfile(path) for path in model):
        return
    for path in model:
        try:
            same = os.path.samefile(target, path)  # Model.JSON where names are not case-sensitive
        except OSError:  # not there yet: a new file
            continue
        if same:
            raise FileProblem(f"is a saved model's file ({folder} holds a model), which Encore will not "
                              "write over: choose another name", named or target)


def check_not_an_input(out: str | os.PathLike, inputs) -> None:
    """FileProblem when the output is a file the command (or the window) also read (`--out` = `--data`), or a
    saved model's file: writing it would lose that file, a history's malformed rows or a MIDI file's other
    parts with it, or the model."""
    _check_not_read(out, inputs, "choose another output file")
    check_output_file(out)  # before the work: atomic_output asks again at the end


def check_model_not_an_input(folder: str | os.PathLike, inputs) -> None:
    """FileProblem when a model saved in ``folder`` would replace a file the training read: a history that
    happens to be called model.json (`train --data d/model.json --out d`) was lost to the model's metadata.
    An earlier model's files are not inputs: training over them is how a model is replaced."""
    files = [i for i in inputs if i and not os.path.isdir(i)]  # a folder given (a model's) is refused as one
    for name in (MODEL_META, MODEL_WEIGHTS):
        _check_not_read(os.path.join(folder, name), files, "choose another model folder")


def _check_not_read(out: str | os.PathLike, inputs, instead: str) -> None:
    """FileProblem when ``out`` is one of ``inputs`` (compared as files: a link or another spelling of the path
    is the same file), or a file in one of them that is a folder."""
    for given in (i for i in inputs if i):
        read = [given]
        if os.path.isdir(given):  # a model folder: its model.json is read (`predict --out MODEL/model.json`)
            read = [os.path.join(given, name) for name in os.listdir(given)]
        for path in read:
            try:
                same = os.path.samefile(out, path)
            except OSError:  # either is not there yet: not the same file
                continue
            if same:
                raise FileProblem(f"is one of the files this was read from ({path}), which Encore will not "
                                  f"write over: {instead}", out)


def json_text(obj, indent: int | None = None) -> str:
    """JSON as readable UTF-8, or escaped where a string cannot be UTF-8 (a file name's undecodable byte, kept
    exactly so the file opens again)."""
    text = json.dumps(obj, indent=indent, ensure_ascii=False)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return json.dumps(obj, indent=indent)


def write_json(path: str | os.PathLike, obj) -> None:
    write_text(path, json_text(obj, indent=2) + "\n")
