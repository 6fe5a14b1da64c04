"""A file the user made read-only is never written over, and `--out song.mid/x.csv` says song.mid is a file.

Every export renames a finished temporary file over its target, which the target's own mode does not stop:
a `chmod 444` file was replaced without a word (the new one even kept mode 444). Tests run as root, where
os.access() always says a file may be written, so the read-only files here are judged by their mode bits.
"""

from __future__ import annotations

import os

import pytest
from conftest import run_encore
from jazz_files import band_midi

from engine.errors import FileProblem
from engine.files import atomic_output, check_not_an_input, write_bytes

MINE = b"mine, kept read-only\n"


def _read_only(path, data: bytes = MINE):
    path.write_bytes(data)
    path.chmod(0o444)
    return path


def _one_line_refusal(result, path) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.strip().splitlines() == [f"encore: error: {path}: cannot be written: the file is read-only"]


@pytest.mark.parametrize("command", ["jazz export", "setlist export", "render"])
def test_the_command_line_refuses_a_read_only_output_and_keeps_it(tmp_path, command):
    solo = band_midi(tmp_path / "solo.mid", bars=2)
    out = _read_only(tmp_path / {"jazz export": "keep.mid", "setlist export": "keep.csv", "render": "keep.wav"}[command])
    args = {"jazz export": ["jazz", "export", str(solo)], "setlist export": ["setlist", "export"],
            "render": ["render", str(solo)]}[command]
    _one_line_refusal(run_encore(*args, "--out", str(out)), out)
    assert out.read_bytes() == MINE and oct(out.stat().st_mode & 0o777) == oct(0o444)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["solo.mid", out.name])  # no temporaries


def test_a_file_made_read_only_while_it_is_written_is_kept(tmp_path):
    """The refusal comes before the work; a file made read-only during a long render is kept all the same."""
    out = tmp_path / "take.wav"
    out.write_bytes(MINE)
    with pytest.raises(FileProblem, match="take.wav: cannot be written: the file is read-only"):
        with atomic_output(out) as f:
            f.write(b"RIFF")
            out.chmod(0o444)
    assert out.read_bytes() == MINE and sorted(os.listdir(tmp_path)) == ["take.wav"]


def test_a_file_not_the_users_to_write_is_refused_before_the_work(tmp_path, monkeypatch):
    """Another user's file in a shared folder, or an immutable one: the owner's bit says yes, os.access no."""
    out = tmp_path / "theirs.csv"
    out.write_bytes(MINE)
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: os.fspath(path) != str(out))
    for check in (lambda: check_not_an_input(out, []), lambda: write_bytes(out, b"new")):
        with pytest.raises(FileProblem, match="theirs.csv: cannot be written: the file is read-only"):
            check()
    assert out.read_bytes() == MINE


def test_a_writable_file_is_still_replaced(tmp_path):
    out = tmp_path / "solo.mid"
    out.write_bytes(MINE)
    write_bytes(out, b"MThd")
    assert out.read_bytes() == b"MThd"


@pytest.mark.parametrize("under", ["x.csv", "sub/x.csv"])
def test_a_file_named_as_the_folder_is_called_a_file(tmp_path, under):
    """It said "solo.mid: folder does not exist" of a file that plainly exists."""
    solo = band_midi(tmp_path / "solo.mid", bars=2)
    for args, ending in ((["setlist", "export"], ".csv"), (["render", str(solo)], ".wav")):
        result = run_encore(*args, "--out", f"{solo}/{under}".replace(".csv", ending))
        assert result.returncode == 2
        assert result.stderr.strip().splitlines() == [f"encore: error: {solo}: is a file, not a folder"]
    with pytest.raises(FileProblem, match="folder does not exist"):  # a folder that is not there is still that
        write_bytes(tmp_path / "nowhere" / "x.csv", b"")


def test_the_window_says_why_a_read_only_file_is_not_exported_over(page, tmp_path):
    out = _read_only(tmp_path / "keep.csv")
    messages = []
    page.status.connect(messages.append)
    assert not page.export_history_to(str(out))
    assert out.read_bytes() == MINE
    assert messages[-1] == f"{out}: cannot be written: the file is read-only"
