"""Size limits and special files: a 200 MB "MIDI" file is refused at once, not read; FIFOs and devices never block.

Every importer entry point is tried (tests/fuzz/importers.py lists them); the sparse file costs no disk.
"""

from __future__ import annotations

import os
import time
import tracemalloc

import pytest
from conftest import run_encore
from fuzz.importers import IMPORTERS, Importer, default_model_files, verdict

from engine.errors import FileProblem

BIG = 200 * 1024 * 1024
HEADERS = {".mid": b"MThd\x00\x00\x00\x06\x00\x01\x00\x01\x01\xe0", ".json": b'{"data": [', ".csv": b"show_date,set,song\n",
           ".abc": b"X:1\n", ".musicxml": b"<?xml version='1.0'?>\n<score-partwise>"}


def params():
    return [pytest.param(i, id=i.name) for i in IMPORTERS]


def place_special(importer: Importer, folder, make) -> tuple:
    """Create the importer's input file with ``make(path)``; returns (what to open, the special file)."""
    if not importer.place:
        path = folder / f"input{importer.suffix}"
        make(path)
        return path, path
    model = folder / "model"
    model.mkdir()
    for name, content in (importer.model_files or default_model_files)().items():
        if name != importer.place:
            (model / name).write_bytes(content)
    make(model / importer.place)
    return model, model / importer.place


def sparse(size: int, header: bytes):
    def make(path):
        with open(path, "wb") as f:
            f.write(header)
            f.truncate(size)  # a hole: 200 MB long, a few bytes on disk
    return make


def call(importer: Importer, target):
    fn = importer.function()
    return fn([target]) if importer.entry.endswith("load_histories") else fn(target)


@pytest.mark.parametrize("importer", params())
def test_a_200_mb_file_is_refused_quickly_without_reading_it(importer, tmp_path):
    if not importer.available():
        pytest.skip(f"{importer.entry} has not landed yet")
    size = BIG if importer.place != "weights.safetensors" else 300 * 1024 * 1024  # weights may be bigger
    target, big = place_special(importer, tmp_path, sparse(size, HEADERS.get(importer.suffix, b"")))
    tracemalloc.start()
    began = time.perf_counter()
    try:
        with pytest.raises(FileProblem, match="too large") as caught:
            call(importer, target)
        elapsed = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(big) in str(caught.value)
    assert elapsed < 1.0, f"took {elapsed:.2f} s to refuse"
    assert peak < 16 * 1024 * 1024, f"allocated {peak / 1e6:.0f} MB while refusing: the file was read"


@pytest.mark.parametrize("importer", params())
def test_fifos_and_devices_are_refused_without_blocking(importer, tmp_path):
    if not importer.available():
        pytest.skip(f"{importer.entry} has not landed yet")
    for kind, make in [("fifo", os.mkfifo), ("/dev/zero", lambda p: os.symlink("/dev/zero", p))]:
        folder = tmp_path / kind.strip("/").replace("/", "_")
        folder.mkdir()
        target, special = place_special(importer, folder, make)
        with pytest.raises(FileProblem, match="not a regular file|not a model folder|missing weights") as caught:
            _bounded(call, importer, target)
        assert str(special) in str(caught.value) or str(target) in str(caught.value)


def _bounded(fn, *args, seconds: float = 5.0):
    import signal

    def alarm(signum, frame):
        raise TimeoutError("blocked on a special file")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_folder_or_missing_file_names_the_problem(tmp_path):
    for importer in [i for i in IMPORTERS if i.available() and not i.place]:
        folder = tmp_path / f"folder{importer.suffix}"
        folder.mkdir(exist_ok=True)
        assert verdict(importer, tmp_path, b"") is None
        with pytest.raises(FileProblem, match="folder"):
            call(importer, folder)
        with pytest.raises(FileProblem, match="no such file"):
            call(importer, tmp_path / f"missing{importer.suffix}")


def test_render_cli_refuses_a_200_mb_midi_in_one_line(tmp_path):
    big = tmp_path / "huge.mid"
    sparse(BIG, HEADERS[".mid"])(big)
    began = time.perf_counter()
    result = run_encore("render", str(big), "--out", str(tmp_path / "out.wav"), timeout=120)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [f"encore: error: {big}: too large (209.7 MB; the limit is 67 MB)"]
    assert not (tmp_path / "out.wav").exists()
    assert time.perf_counter() - began < 30  # includes interpreter start-up; the refusal itself is instant
