"""`--out .` over an earlier model keeps the folder the command runs in; `models delete` asks first when
typed at a terminal."""

import builtins
import json
import os
import sys

import pytest
import torch
from conftest import run_encore

from engine import checkpoint
from engine.errors import FileProblem
from main import main

BAND = "show_date,set,song\n2021-05-01,1,A\n2021-05-01,1,B\n2021-05-02,1,A\n2021-05-02,1,C\n"


def _save(folder, version: int):
    """Version n: n + 1 weights, all n, so a model.json and weights from two saves are told apart."""
    checkpoint.save(folder, {"w": torch.full((version + 1,), float(version))}, {"kind": "test", "v": version})


def _version(folder) -> int:
    tensors, meta = checkpoint.load(folder, "test")
    assert tensors["w"].tolist() == [float(meta["v"])] * (meta["v"] + 1), "weights, model.json of 2 saves"
    return meta["v"]


# 1. `--out .` over an earlier model -------------------------------------------------------------------------
def test_saving_over_a_model_in_the_folder_it_runs_in_keeps_that_folder(tmp_path, monkeypatch):
    """The new model was renamed over the folder: a shell in it was left in a deleted folder (`ls` empty)."""
    here = tmp_path / "emp"
    here.mkdir()
    monkeypatch.chdir(here)
    _save(".", 1)
    before = os.stat(".").st_ino
    _save(".", 2)
    assert os.stat(".").st_ino == os.stat(here).st_ino == before
    assert os.getcwd() == str(here) and sorted(os.listdir(".")) == [checkpoint.META, checkpoint.WEIGHTS]
    assert _version(".") == 2
    _save(here, 3)  # named in full, it is the same folder
    assert os.stat(here).st_ino == before and _version(".") == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["emp"]  # no `.emp.old` or temporaries left


@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_a_replacement_stopped_at_any_rename_never_loads_two_saves_as_one(tmp_path, monkeypatch, step):
    """Killed part-way, the folder has no model.json (refused as no model) or the earlier model whole; the
    next load puts the earlier one back, in the same folder."""
    here = tmp_path / "emp"
    here.mkdir()
    monkeypatch.chdir(here)
    _save(".", 1)
    with monkeypatch.context() as killed:
        killed.setattr(checkpoint, "_recover", lambda target: None)  # a kill: no handler, no recovery yet
        with monkeypatch.context() as stopped:
            _stop_at(stopped, step)
            with pytest.raises(KeyboardInterrupt):
                _save(".", 2)
        try:
            assert _version(".") == 1
        except FileProblem as e:
            assert "not a model folder" in str(e)
    assert _version(".") == 1 and os.path.samefile(".", here)
    assert sorted(os.listdir(".")) == [checkpoint.META, checkpoint.WEIGHTS]
    _save(".", 2)
    assert _version(here) == 2 and sorted(p.name for p in tmp_path.iterdir()) == ["emp"]


@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_ctrl_c_part_way_puts_the_earlier_model_back_at_once(tmp_path, monkeypatch, step):
    monkeypatch.chdir(tmp_path)
    _save(".", 1)
    with monkeypatch.context() as stopped:
        _stop_at(stopped, step)
        with pytest.raises(KeyboardInterrupt):
            _save(".", 2)
    assert json.loads((tmp_path / checkpoint.META).read_text())["v"] == 1  # before any load's recovery
    assert _version(tmp_path) == 1 and sorted(os.listdir(tmp_path)) == [checkpoint.META, checkpoint.WEIGHTS]


def _stop_at(patch, step: int) -> None:
    """The ``step``-th rename of the save raises KeyboardInterrupt instead."""
    real, calls = os.replace, []

    def replace(*args, **kwargs):
        calls.append(args)
        if len(calls) == step:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    patch.setattr(os, "replace", replace)


def test_setlist_train_out_dot_twice_keeps_the_folder(tmp_path):
    (tmp_path / "band.csv").write_text(BAND)
    here = tmp_path / "emp"
    here.mkdir()
    inode = here.stat().st_ino
    for out in (".", "./"):
        result = run_encore("setlist", "train", "--data", "../band.csv", "--epochs", "1", "--out", out,
                            cwd=here)
        assert result.returncode == 0, result.stderr
        assert here.stat().st_ino == inode
    assert json.loads((here / "model.json").read_text())["kind"] == "setlist-model"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["band.csv", "emp"]


# 2. `models delete` asks at a terminal ---------------------------------------------------------------------
@pytest.fixture
def kept(tmp_path):
    checkpoint.save(tmp_path / "jazz-1", {"w": torch.ones(2)}, {"kind": "jazz-lstm"})
    checkpoint.save(tmp_path / "jazz-2", {"w": torch.ones(2)}, {"kind": "jazz-lstm"})
    return tmp_path


def _at_a_terminal(monkeypatch, *answers) -> list[str]:
    """stdin a terminal, each question answered in turn (an exception class: raised); returns the prompts."""
    monkeypatch.delenv("ENCORE_NO_PROMPTS", raising=False)  # no Qt here: nothing can hang
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    replies, asked = list(answers), []

    def answer(prompt=""):
        asked.append(prompt)
        reply = replies.pop(0)
        if isinstance(reply, type):
            raise reply
        return reply

    monkeypatch.setattr(builtins, "input", answer)
    return asked


@pytest.mark.parametrize("answer", ["", "n", "no", "nope", EOFError, KeyboardInterrupt])
def test_models_delete_at_a_terminal_asks_and_anything_but_yes_keeps_it(kept, monkeypatch, capsys, answer):
    _at_a_terminal(monkeypatch, answer)
    assert main(["models", "delete", "jazz-1", "--folder", str(kept)]) == 0
    out, err = capsys.readouterr()
    assert f"Delete model jazz-1 ({kept / 'jazz-1'})? [y/N]" in err and "Traceback" not in err
    assert out.strip() == "Not deleted." and (kept / "jazz-1" / checkpoint.META).is_file()


def test_models_delete_at_a_terminal_deletes_what_is_answered_yes(kept, monkeypatch, capsys):
    _at_a_terminal(monkeypatch, "Y", "n")
    assert main(["models", "delete", "jazz-1", "jazz-2", "--folder", str(kept)]) == 0
    assert not (kept / "jazz-1").exists() and (kept / "jazz-2").is_dir()
    assert "deleted jazz-1" in capsys.readouterr().out


@pytest.mark.parametrize("flag", ["--yes", "-y"])
def test_models_delete_yes_and_a_script_do_not_ask(kept, monkeypatch, capsys, flag):
    asked = _at_a_terminal(monkeypatch)  # no answers: a question would fail the test
    assert main(["models", "delete", "jazz-1", flag, "--folder", str(kept)]) == 0
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert main(["models", "delete", "jazz-2", "--folder", str(kept)]) == 0
    assert not asked and not (kept / "jazz-1").exists() and not (kept / "jazz-2").exists()
    assert "Delete model" not in capsys.readouterr().err
