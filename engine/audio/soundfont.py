"""Finding and reading General MIDI SoundFonts.

The default is TimGM6mb.sf2, which the pretty_midi wheel installs into site-packages: a GM set is then
there right after `pip install`, with no download and no copy in this repository.
"""

from __future__ import annotations

import os
import struct
from functools import lru_cache
from pathlib import Path

from ..errors import FileProblem
from ..files import read_bytes

SOUNDFONT_SUFFIXES = (".sf2", ".sf3")
MAX_SOUNDFONT_BYTES = 1024 * 1024 * 1024  # big orchestral fonts run to hundreds of MB


def default_soundfont() -> Path:
    """The GM SoundFont shipped inside the installed pretty_midi package."""
    from importlib.util import find_spec

    # find_spec locates the package without importing it: pretty_midi's import (numpy and all) took 150 ms
    spec = find_spec("pretty_midi")
    if spec is None or not spec.submodule_search_locations:
        raise FileProblem("no SoundFont: install pretty_midi (it ships TimGM6mb.sf2) or choose one")
    path = Path(spec.submodule_search_locations[0]) / "TimGM6mb.sf2"
    if not path.is_file():
        raise FileProblem("the default SoundFont is missing from the pretty_midi package", path)
    return path


def resolve_soundfont(path: str | os.PathLike | None) -> Path:
    """The user's SoundFont if given (checked), else the default one."""
    if path is None or str(path) == "":
        return default_soundfont()
    p = Path(path).expanduser()
    if p.suffix.lower() not in SOUNDFONT_SUFFIXES:
        raise FileProblem("is not a SoundFont (expected a .sf2 or .sf3 file)", p)
    return p


def soundfont_bytes(path: str | os.PathLike | None) -> bytes:
    """The SoundFont's bytes, cached by path and modification time so Play does not re-read them."""
    p = resolve_soundfont(path)
    if not p.is_file():
        read_bytes(p)  # raises the clear "no such file" / "is a folder" message
    return _cached_bytes(str(p.resolve()), p.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _cached_bytes(path: str, _mtime_ns: int) -> bytes:
    data = read_bytes(path, MAX_SOUNDFONT_BYTES)
    if data[:4] != b"RIFF" or data[8:12] != b"sfbk":
        raise FileProblem("is not a SoundFont (no RIFF sfbk header)", path)
    _check_chunks(data, path)
    return data


def _check_chunks(data: bytes, path: str) -> None:
    """Refuse a SoundFont whose chunks do not fit in the file. TinySoundFont trusts the sizes and reads past the
    end of a font cut short (an interrupted download): another sound each run, silent programs, or a crash."""
    whole = 8 + struct.unpack_from("<I", data, 4)[0]
    try:  # up to the file's end where its header claims more: some fonts' headers count a few bytes too many
        _fit(data, 12, min(whole, len(data)), "the file")
    except ValueError as e:
        if whole > len(data):
            raise FileProblem(f"is cut short ({len(data)} of {whole} bytes: an interrupted download?)",
                              path) from None
        raise FileProblem(f"cannot be loaded as a SoundFont (damaged: {e})", path) from None


def _fit(data: bytes, at: int, end: int, within: str) -> None:
    """ValueError naming the first chunk from ``at`` to ``end`` that runs past it; a list's (INFO, sdta, pdta)
    own chunks are asked in turn, each up to the list's end or the file's. Only the headers are read: a 700 MB
    font is not copied."""
    while at + 8 <= end:
        name, size = data[at:at + 4], struct.unpack_from("<I", data, at + 4)[0]
        stop = at + 8 + size
        if name == b"LIST" and size >= 4:  # a list that counts a few bytes too many, its chunks whole, loads
            _fit(data, at + 12, min(stop, end), f"'{_label(data[at + 8:at + 12])}'")
        elif stop > end:
            raise ValueError(f"its '{_label(name)}' chunk runs past the end of {within}")
        # an odd chunk carries a pad byte, which some fonts leave out (TinySoundFont reads none)
        at = stop + 1 if size & 1 and not _chunk_name(data[stop:stop + 4]) else stop


def _chunk_name(name: bytes) -> bool:
    return len(name) == 4 and all(32 <= c < 127 for c in name)


def _label(name: bytes) -> str:
    return "".join(c if c.isprintable() else "?" for c in name.decode("latin-1"))


def check_soundfont(path: str | os.PathLike | None) -> Path:
    """Validate a SoundFont by loading it once (kept loaded for the players); returns its path."""
    from .synth_pool import POOL
    from .synthesizer import DEFAULT_GAIN_DB, DEFAULT_RATE

    resolved = resolve_soundfont(path)
    data = soundfont_bytes(resolved)
    try:
        POOL.warm((data, DEFAULT_RATE, float(DEFAULT_GAIN_DB)))
    except Exception as e:  # noqa: BLE001 - the binding raises bare RuntimeError/Exception
        raise FileProblem(f"cannot be loaded as a SoundFont ({e})", resolved) from None
    return resolved
