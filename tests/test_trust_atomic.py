"""Nothing half-written: a writer process SIGKILLed mid-save leaves the old file or the new one, never a torn one.

Each test runs a real writer in a subprocess (engine.files / engine.checkpoint, as Encore uses them), kills
it at many different moments, and then reads what is on disk the way Encore would.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Writes the target in 64 KiB chunks through atomic_output, announcing each chunk, so the test can kill it
# at a chosen chunk: the temporary file then holds a partial copy while the target must still be the old one.
CHUNKED_WRITER = """
import sys, time
from engine.files import atomic_output
target, chunks = sys.argv[1], int(sys.argv[2])
print("ready", flush=True)
with atomic_output(target) as f:
    for i in range(chunks):
        f.write(bytes([i % 251]) * 65536)
        f.flush()
        print(i, flush=True)
        time.sleep(0.002)
print("done", flush=True)
time.sleep(30)
"""

# Rewrites the target forever with self-checking versions (a header with length and sha256, then the body),
# alternating write_bytes and write_json, so a kill at any moment can be checked for tearing.
LOOP_WRITER = """
import hashlib, json, sys
from engine.files import write_bytes, write_json
target, how = sys.argv[1], sys.argv[2]
print("ready", flush=True)
version = 0
while True:
    version += 1
    body = (b"%08d" % version) * (250_000 + version % 7 * 1000)
    if how == "bytes":
        write_bytes(target, hashlib.sha256(body).hexdigest().encode() + b"%012d" % len(body) + body)
    else:
        write_json(target, {"version": version, "sha256": hashlib.sha256(body).hexdigest(), "body": body.decode()})
"""

CHECKPOINT_WRITER = """
import sys, torch
from engine.checkpoint import save
target = sys.argv[1]
print("ready", flush=True)
version = 0
while True:
    version += 1
    save(target, {"w": torch.full((256, 256), float(version)), "b": torch.arange(version % 50 + 1.0)},
         {"kind": "trust-test", "version": version})
"""


def start(script: str, *args: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", script, *map(str, args)], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.stdout.readline().strip() == "ready"
    return proc


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    proc.stdout.close()


def leftovers(folder: Path, target: Path) -> list[str]:
    """Files beside the target other than the target itself: only hidden temporaries are acceptable."""
    return sorted(p.name for p in folder.iterdir() if p != target)


def check_bytes_version(data: bytes) -> None:
    digest, length, body = data[:64], int(data[64:76]), data[76:]
    assert len(body) == length, "torn file: body shorter than its header says"
    assert hashlib.sha256(body).hexdigest().encode() == digest, "torn file: checksum mismatch"


def check_json_version(data: bytes) -> int:
    obj = json.loads(data)
    assert hashlib.sha256(obj["body"].encode()).hexdigest() == obj["sha256"]
    return obj["version"]


@pytest.mark.parametrize("kill_at_chunk", [0, 1, 7, 30, 62])
def test_kill_during_chunked_write_keeps_old_file(tmp_path, kill_at_chunk):
    target = tmp_path / "export.mid"
    target.write_bytes(b"OLD" * 1000)
    proc = start(CHUNKED_WRITER, target, 64)
    for line in proc.stdout:
        if line.strip() == str(kill_at_chunk):
            break
    kill(proc)
    assert target.read_bytes() == b"OLD" * 1000
    assert all(name.startswith(".export.mid.") and name.endswith(".part") for name in leftovers(tmp_path, target))


def test_kill_after_finished_write_keeps_new_file(tmp_path):
    target = tmp_path / "export.mid"
    target.write_bytes(b"OLD")
    proc = start(CHUNKED_WRITER, target, 16)
    for line in proc.stdout:
        if line.strip() == "done":
            break
    kill(proc)
    data = target.read_bytes()
    assert len(data) == 16 * 65536 and data[-1] == 15
    assert leftovers(tmp_path, target) == []


@pytest.mark.parametrize("how", ["bytes", "json"])
def test_kill_at_random_moments_never_tears(tmp_path, how):
    target = tmp_path / f"project.{how}"
    seen_versions = set()
    for delay in [0.0, 0.013, 0.031, 0.05, 0.077, 0.11, 0.16, 0.23, 0.29, 0.37, 0.45, 0.6]:
        proc = start(LOOP_WRITER, target, how)
        time.sleep(delay)
        kill(proc)
        if not target.exists():  # killed before the very first rename: nothing was promised yet
            continue
        data = target.read_bytes()
        if how == "bytes":
            check_bytes_version(data)
        else:
            seen_versions.add(check_json_version(data))
        assert all(n.startswith(f".{target.name}.") for n in leftovers(tmp_path, target))
    assert target.exists(), "the writer never completed a single save in 0.6 s"


def test_kill_checkpoint_save_at_random_moments_leaves_loadable_model(tmp_path):
    from engine.checkpoint import load

    target = tmp_path / "model"
    versions = []
    for delay in [0.05, 0.2, 0.35, 0.5, 0.8, 1.1]:
        proc = start(CHECKPOINT_WRITER, target)
        time.sleep(delay)
        kill(proc)
        if not target.exists() and not (tmp_path / ".model.old").exists():
            continue  # killed before the first save finished
        tensors, meta = load(target, "trust-test")
        assert float(tensors["w"][0, 0]) == meta["version"], "weights and model.json from different saves"
        assert tensors["b"].numel() == meta["version"] % 50 + 1
        versions.append(meta["version"])
    assert versions, "no save completed in any run"


def test_checkpoint_killed_between_the_two_renames_recovers_the_old_model(tmp_path):
    """save() moves the old model aside before renaming the new one in; a kill between leaves only `.model.old`."""
    import torch

    from engine.checkpoint import load, save

    target = tmp_path / "model"
    save(target, {"w": torch.ones(3)}, {"kind": "trust-test", "version": 1})
    os.replace(target, tmp_path / ".model.old")  # exactly the state a SIGKILL between the renames leaves
    tensors, meta = load(target, "trust-test")
    assert meta["version"] == 1 and tensors["w"].tolist() == [1.0, 1.0, 1.0]
    save(target, {"w": torch.zeros(2)}, {"kind": "trust-test", "version": 2})
    assert load(target, "trust-test")[1]["version"] == 2
    assert not (tmp_path / ".model.old").exists()


# Writes through each of the app's writers in a child whose umask is 022, as on a usual desktop.
MODE_WRITER = """
import os, sys, torch
os.umask(0o022)
from engine.checkpoint import save
from engine.files import write_bytes
folder = sys.argv[1]
write_bytes(os.path.join(folder, "solo.mid"), b"MThd")
write_bytes(os.path.join(folder, "private.mid"), b"MThd")
save(os.path.join(folder, "model"), {"w": torch.zeros(2)}, {"kind": "trust-test"})
"""


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_written_files_get_the_users_usual_mode_not_a_temporary_files(tmp_path):
    """mkstemp and mkdtemp make 0600 files and 0700 folders: renamed into place as they were, every export
    and model was unreadable to the user's group and to other accounts, unlike a file any editor saves."""
    (tmp_path / "private.mid").write_bytes(b"old")
    os.chmod(tmp_path / "private.mid", 0o600)  # the user's own choice survives a rewrite
    child = subprocess.run([sys.executable, "-c", MODE_WRITER, str(tmp_path)], cwd=ROOT, capture_output=True,
                           text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert child.returncode == 0, child.stderr

    def mode(name):
        return oct((tmp_path / name).stat().st_mode & 0o777)

    assert mode("solo.mid") == oct(0o644)
    assert mode("private.mid") == oct(0o600)
    assert mode("model") == oct(0o755)
    assert mode("model/weights.safetensors") == mode("model/model.json") == oct(0o644)


@pytest.mark.parametrize("writer", ["history CSV", "MIDI", "WAV"])
def test_a_folder_where_the_file_should_go_is_named_not_a_crash(tmp_path, writer):
    """os.replace(file, folder) raised IsADirectoryError, which reached the user as an internal error."""
    from engine.errors import FileProblem

    target = tmp_path / {"history CSV": "band.csv", "MIDI": "solo.mid", "WAV": "solo.wav"}[writer]
    target.mkdir()
    with pytest.raises(FileProblem, match=f"{target}: is a folder, not a file"):
        if writer == "history CSV":
            from engine.setlists.export import write_history
            from engine.setlists.history import demo_history

            write_history(demo_history(), target)
        elif writer == "MIDI":
            from engine.files import write_bytes

            write_bytes(target, b"MThd")
        else:
            import numpy as np

            from engine.audio.wav import write_wav

            write_wav(target, np.zeros((10, 2), np.float32), 44100)
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name] and not list(target.iterdir())


def test_a_link_is_written_through_and_a_device_or_pipe_is_never_replaced(tmp_path):
    """Exports (and --screenshot) renamed a new file over the link itself, and, run as root, over /dev/full."""
    from engine.errors import FileProblem
    from engine.files import write_bytes

    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "target.mid").write_bytes(b"old")
    (tmp_path / "link.mid").symlink_to(tmp_path / "real" / "target.mid")
    write_bytes(tmp_path / "link.mid", b"MThd")
    assert (tmp_path / "link.mid").is_symlink() and (tmp_path / "real" / "target.mid").read_bytes() == b"MThd"
    os.mkfifo(tmp_path / "pipe.mid")
    with pytest.raises(FileProblem, match="pipe.mid: is not a regular file"):
        write_bytes(tmp_path / "pipe.mid", b"MThd")
    assert stat.S_ISFIFO((tmp_path / "pipe.mid").stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.mid", "pipe.mid", "real"]  # no temporaries
