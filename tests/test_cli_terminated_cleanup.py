"""A command stopped by a kill (SIGTERM) or a closed terminal (SIGHUP) cleans up as Ctrl-C does: the system's
own ending of the process left a hidden `.out.wav.XXXXXXXX.part` of hundreds of MB beside the output."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import torch
from conftest import ROOT
from test_audio_midi import make_midi

from engine import checkpoint
from engine.cli import Stopped
from engine.files import write_bytes

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")


@pytest.fixture(scope="module")
def long_midi(tmp_path_factory):
    """83 minutes of one note every two seconds: at 192 kHz a render of minutes, the WAV a few GB."""
    midi = tmp_path_factory.mktemp("midi") / "long.mid"
    midi.write_bytes(make_midi((0, 0, [(beat, 1, 60 + beat % 12, 90) for beat in range(0, 10000, 4)])))
    return midi


def _start_render(midi, out, ignored=()):
    """`render` at 192 kHz, stderr to a file (a full pipe would stall it); signals as a shell leaves them,
    or ``ignored`` as `nohup` does."""
    def signals():
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN if sig in ignored else signal.SIG_DFL)

    err = open(out.parent / "stderr.txt", "w+")
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "render", str(midi), "--out", str(out),
                             "--sample-rate", "192000"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err,
                            preexec_fn=signals)
    return proc, err


def _parts(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def _wait_for_part(proc, err, folder, timeout=120):
    deadline = time.monotonic() + timeout
    while not _parts(folder):
        if proc.poll() is not None:
            err.seek(0)
            pytest.fail(f"render ended ({proc.returncode}) before writing: {err.read()}")
        if time.monotonic() > deadline:
            pytest.skip("the render wrote nothing within 2 minutes")
        time.sleep(0.05)


def _stopped(proc, err, sig):
    proc.send_signal(sig)
    proc.wait(timeout=60)
    err.seek(0)
    return proc.returncode, err.read()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_killed_render_leaves_no_part_file_and_exits_128_plus_the_signal(tmp_path, long_midi, sig):
    out = tmp_path / "out.wav"
    proc, err = _start_render(long_midi, out)
    try:
        _wait_for_part(proc, err, tmp_path)
        status, stderr = _stopped(proc, err, sig)
    finally:
        proc.kill()
        proc.wait()
        err.close()
    assert status == 128 + sig, stderr
    assert "Traceback" not in stderr and f"encore: stopped ({sig.name})" in stderr
    assert _parts(tmp_path) == [] and not out.exists()


def test_a_hang_up_ignored_by_nohup_stays_ignored(tmp_path, long_midi):
    out = tmp_path / "out.wav"
    proc, err = _start_render(long_midi, out, ignored=(signal.SIGHUP,))
    try:
        _wait_for_part(proc, err, tmp_path)
        proc.send_signal(signal.SIGHUP)
        time.sleep(1)
        assert proc.poll() is None and _parts(tmp_path)  # still rendering
        status, stderr = _stopped(proc, err, signal.SIGTERM)
    finally:
        proc.kill()
        proc.wait()
        err.close()
    assert status == 143 and "Traceback" not in stderr and _parts(tmp_path) == []


def test_part_files_a_kill_9_left_go_at_the_next_write_of_that_output(tmp_path):
    """A SIGKILL runs no cleanup: the next write of the same file deletes its stale `.part` files, and only
    those: not a write going on now (newer), not another output's, not a user's file of a like name."""
    stale, live = tmp_path / ".out.wav.ab_12xyz.part", tmp_path / ".out.wav.cd34efgh.part"
    others = [tmp_path / ".out.wav.notes.part", tmp_path / ".take2.wav.ab12cdef.part"]
    for path in (stale, live, *others):
        path.write_bytes(b"RIFF")
    hour_ago = time.time() - 3600
    for path in (stale, *others):
        os.utime(path, (hour_ago, hour_ago))
    write_bytes(tmp_path / "out.wav", b"new")
    assert not stale.exists() and live.exists() and all(p.exists() for p in others)
    assert (tmp_path / "out.wav").read_bytes() == b"new"


def test_a_stop_just_as_the_temporary_file_is_made_still_deletes_it(tmp_path, monkeypatch):
    """mkstemp named the file only once it was made: a signal in between (a test sending it the moment the
    file showed, on a busy machine) left it behind."""
    real_open = os.open

    def made_then_stopped(path, flags, mode=0o777, **kwargs):
        os.close(real_open(path, flags, mode, **kwargs))
        raise Stopped(signal.SIGTERM)

    monkeypatch.setattr(os, "open", made_then_stopped)
    with pytest.raises(Stopped):
        write_bytes(tmp_path / "out.wav", b"new")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_a_model_save_stopped_by_a_kill_leaves_the_earlier_model_and_no_temporary_folder(tmp_path, monkeypatch):
    """The handler raises Stopped wherever the save is: checkpoint's cleanup (that of Ctrl-C) takes it."""
    target = tmp_path / "model"
    checkpoint.save(target, {"w": torch.ones(1)}, {"kind": "test"})

    def killed(*args, **kwargs):
        raise Stopped(signal.SIGTERM)

    monkeypatch.setattr(checkpoint, "_replace", killed)
    with pytest.raises(Stopped):
        checkpoint.save(target, {"w": torch.zeros(1)}, {"kind": "test"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]
    assert float(checkpoint.load(target, "test")[0]["w"][0]) == 1
