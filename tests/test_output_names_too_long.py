"""An output name over the 255 bytes a file system allows for one name (130 accented letters are 260 bytes)
is refused in words naming the file: it was a traceback from Jazz File > Export… and `--screenshot`, and the
raw "[Errno 36] File name too long: '…'" on the Setlists page."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from conftest import run_encore

from engine.errors import FileProblem
from engine.files import check_not_an_input, check_output_file, write_bytes
from engine.setlists.setlist import Entry, Set, Setlist

LONG = "é" * 130
TOO_LONG = "the name is too long: at most 255 bytes for one name on this disk"


def _refused(check, path) -> str:
    with pytest.raises(FileProblem) as caught:
        check()
    assert caught.value.path == str(path)
    return caught.value.problem


@pytest.mark.parametrize("check", [check_output_file, lambda out: check_not_an_input(out, []),
                                   lambda out: write_bytes(out, b"MThd")])
def test_an_output_name_too_long_is_a_file_problem_in_words(tmp_path, check):
    out = tmp_path / f"{LONG}.mid"
    assert _refused(lambda: check(out), out) == TOO_LONG
    assert os.listdir(tmp_path) == []  # no temporary file left


def test_a_folder_name_or_a_whole_path_too_long_is_said_as_such(tmp_path):
    inside = tmp_path / LONG / "take.mid"
    assert _refused(lambda: check_output_file(inside), inside) == \
        "a folder's name in it is too long: at most 255 bytes for one name on this disk"
    deep = tmp_path.joinpath(*["a" * 200] * 25, "take.mid")
    assert _refused(lambda: check_output_file(deep), deep) == "the path is too long: at most 4096 bytes in all"


def test_another_refusal_to_look_is_said_in_the_systems_words(tmp_path, monkeypatch):
    def broken(self):
        raise OSError(errno.EIO, "Input/output error", str(self))

    monkeypatch.setattr(Path, "is_symlink", broken)
    out = tmp_path / "take.mid"
    assert _refused(lambda: check_output_file(out), out) == "cannot be written (Input/output error)"


@pytest.mark.parametrize("args, name", [(["jazz", "generate", "--model", "no-model", "--out"], f"{LONG}.mid"),
                                        (["setlist", "predict", "--model", "no-model", "--out"], f"{LONG}.json"),
                                        (["--screenshot"], f"{LONG}.png")])
def test_the_command_line_says_it_in_one_line(tmp_path, args, name):
    """Refused before the model is looked for, and before the window is built: exit 2, no traceback."""
    out = tmp_path / name
    result = run_encore(*args, str(out), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [f"encore: error: {out}: {TOO_LONG}"]


def test_the_jazz_page_refuses_the_export_in_words(window, qtbot, tmp_path):
    from tests.test_gui_jazz_page import jazz_page, solo

    page = jazz_page(window)
    page.history.add(solo())
    messages = []
    page.status.connect(messages.append)
    out = tmp_path / f"{LONG}.mid"
    page.project.export_to(str(out))
    assert messages[-1] == f"Export refused: {out}: {TOO_LONG}"
    assert not page.jobs.busy and os.listdir(tmp_path) == []


def test_the_setlists_page_refuses_save_and_export_in_words(page, tmp_path):
    from gui.setlists.commands import ReplaceShow

    show = Setlist("2026-07-04", "The Barn", [Set("Set 1", [Entry("Tweezer", ">"), Entry("Sand")])])
    page.undo_stack.push(ReplaceShow(page.next_show.editor.model, show, "Generate"))
    messages = []
    page.status.connect(messages.append)
    for ending in (".encore-setlist", ".csv", ".pdf"):
        out = tmp_path / f"{LONG}{ending}"
        assert not page.export_to(str(out))
        assert messages[-1] == f"{out}: {TOO_LONG}"
    assert os.listdir(tmp_path) == []
