"""`--out .` names the folder the command runs in; no export writes over a saved model's own files; the
render's clipping warning never says "0.0 s" for a limiter that did work."""

import json
import os

import pytest
import torch
from conftest import run_encore

from engine import checkpoint
from engine.errors import FileProblem

BAND = "show_date,set,song\n2021-05-01,1,A\n2021-05-01,1,B\n2021-05-02,1,A\n2021-05-02,1,C\n"


def _one_line_error(result) -> str:
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr and "ValueError" not in result.stderr
    return result.stderr


def _model(folder, kind="jazz-lstm"):
    checkpoint.save(folder, {"w": torch.ones(2)}, {"kind": kind})
    return folder


# 1. `--out .`: the folder the command runs in, as if named in full ------------------------------------------
@pytest.mark.parametrize("out", [".", "./"])
def test_a_model_is_saved_in_the_empty_folder_the_command_runs_in(tmp_path, monkeypatch, out):
    """`--out .` ended on "ValueError: PosixPath('.') has an empty name"; `--out ../emp` worked."""
    here = tmp_path / "emp"
    here.mkdir()
    monkeypatch.chdir(here)
    assert checkpoint.check_target(out, "jazz-lstm") == here
    checkpoint.save(out, {"w": torch.ones(2)}, {"kind": "test"})
    assert checkpoint.load(".", "test")[1] == {"kind": "test"}  # the folder itself kept: a shell sees it
    assert sorted(os.listdir(".")) == sorted(os.listdir(here)) == [checkpoint.META, checkpoint.WEIGHTS]
    checkpoint.save(out, {"w": torch.zeros(2)}, {"kind": "test"})  # then over that earlier model
    assert float(checkpoint.load(here, "test")[0]["w"][0]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["emp"]  # no `.emp.old` or temporaries left


def test_dot_dot_and_a_folder_of_other_things_are_refused_as_when_named_in_full(tmp_path, monkeypatch):
    inside = tmp_path / "up" / "in"
    inside.mkdir(parents=True)
    monkeypatch.chdir(inside)
    with pytest.raises(FileProblem, match="holds other things than a model"):
        checkpoint.check_target("..")
    (inside / "notes.txt").write_text("keep me")
    with pytest.raises(FileProblem, match="holds other things than a model"):
        checkpoint.check_target(".")
    assert (inside / "notes.txt").read_text() == "keep me"


def test_setlist_train_out_dot_saves_in_the_folder_it_runs_in(tmp_path):
    (tmp_path / "band.csv").write_text(BAND)
    here = tmp_path / "emp"
    here.mkdir()
    result = run_encore("setlist", "train", "--data", "../band.csv", "--epochs", "1", "--out", ".", cwd=here)
    assert result.returncode == 0, result.stderr
    assert json.loads((here / "model.json").read_text())["kind"] == "setlist-model"
    (here / "notes.txt").write_text("keep me")
    result = run_encore("setlist", "train", "--data", "../band.csv", "--epochs", "1", "--out", "./", cwd=here)
    assert "holds other things than a model" in _one_line_error(result)


# 2. A saved model's files are never written over by an export -----------------------------------------------
def test_setlist_export_refuses_a_saved_models_model_json(tmp_path):
    """`setlist export --out jmc/model.json` replaced a jazz model's model.json with the history."""
    (tmp_path / "band.csv").write_text(BAND)
    jmc = _model(tmp_path / "jmc")
    before = (jmc / "model.json").read_bytes()
    for out in (jmc / "model.json", tmp_path / "." / "jmc" / "model.json"):
        result = run_encore("setlist", "export", "--data", str(tmp_path / "band.csv"), "--out", str(out))
        assert "is a saved model's file" in _one_line_error(result)
    assert (jmc / "model.json").read_bytes() == before
    mine = jmc / "history.json"
    result = run_encore("setlist", "export", "--data", str(tmp_path / "band.csv"), "--out", str(mine))
    assert result.returncode == 0  # the user's own file beside the model: theirs to write


def test_every_write_refuses_a_saved_models_files(tmp_path):
    """The check is in the writer every export uses (engine.files.atomic_output): the window's exports too."""
    from engine.files import write_bytes, write_json

    model = _model(tmp_path / "model", "setlist-model")
    link = tmp_path / "link.json"
    link.symlink_to(model / "model.json")
    before = {p.name: p.read_bytes() for p in model.iterdir()}
    for path, write in ((model / "model.json", write_json), (link, write_json),
                        (model / "weights.safetensors", write_bytes)):
        with pytest.raises(FileProblem, match="is a saved model.s file"):
            write(path, {} if write is write_json else b"x")
    assert {p.name: p.read_bytes() for p in model.iterdir()} == before
    lone = tmp_path / "mine"  # a model.json with no weights beside it is no saved model's
    lone.mkdir()
    write_json(lone / "model.json", {"mine": True})
    assert json.loads((lone / "model.json").read_text()) == {"mine": True}


def test_the_setlist_window_refuses_to_export_over_another_saved_model(page, tmp_path):
    """The page knew only its own model's files: a jazz model's model.json was written over."""
    from engine.setlists.setlist import Entry, Set, Setlist

    jazz = _model(tmp_path / "jazz model")
    before = (jazz / "model.json").read_bytes()
    messages = []
    page.status.connect(messages.append)
    page.setlist = Setlist("2024-01-01", "Venue", [Set("Set 1", [Entry("Tweezer")])])
    assert not page.export_to(str(jazz / "model.json"))
    assert (jazz / "model.json").read_bytes() == before and "saved model's file" in messages[-1]


def test_a_model_json_written_over_says_the_folder_holds_no_model(tmp_path):
    """It said "is a 'unknown' model, not a 'jazz-lstm' model"."""
    jmc = _model(tmp_path / "jmc")
    (jmc / "model.json").write_text(json.dumps({"band": "Phish", "demo": False, "shows": []}))
    with pytest.raises(FileProblem, match="does not hold a model: its model.json is not a model's") as caught:
        checkpoint.load(jmc, "jazz-lstm")
    assert "unknown" not in str(caught.value)
    result = run_encore("jazz", "generate", "--model", str(jmc), "--out", str(tmp_path / "x.mid"))
    assert "does not hold a model" in _one_line_error(result)


# 3. The render's clipping warning ---------------------------------------------------------------------------
@pytest.mark.parametrize("seconds, said", [(0.022, "22 ms"), (0.0004, "under 1 ms"), (0.001, "1 ms"),
                                           (0.9996, "1.0 s"), (2.345, "2.3 s")])
def test_the_clipping_warning_never_says_zero_for_a_limited_stretch(seconds, said):
    from engine.audio.export import level_warning

    warning = level_warning({"silent": False, "mix_peak_dbfs": 1.2, "limited_seconds": seconds})
    assert f"; {said} of it was limited" in warning and "0.0 s" not in warning
