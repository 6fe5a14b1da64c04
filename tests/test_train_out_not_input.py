"""`train --out FOLDER` never replaces a file the training read, nor a model.json that is not Encore's: a
phish.net history that happened to be called model.json became the model's metadata, and was gone."""

import json
import os

import pytest
import torch
from conftest import run_encore
from jazz_files import band_midi

from engine import checkpoint
from engine.errors import FileProblem

ROWS = [{"showid": s, "showdate": f"1997-11-{20 + s}", "venue": "Hampton Coliseum", "set": "1", "position": p,
         "song": song} for s in (1, 2) for p, song in enumerate(("Tweezer", "Fee", "Harry Hood"), 1)]
PHISHNET = json.dumps({"error": 0, "error_message": "", "data": ROWS})


def _one_line_error(result) -> str:
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def _history_called_model_json(folder):
    folder.mkdir()
    (folder / "model.json").write_text(PHISHNET)
    return folder / "model.json"


# 1. An --out folder whose model.json or weights is one of the inputs -----------------------------------------
@pytest.mark.parametrize("spelling", ["as named", "through a link", "another spelling"])
def test_setlist_train_refuses_to_save_over_its_own_history(tmp_path, spelling):
    history = _history_called_model_json(tmp_path / "d2")
    data, out = str(history), str(tmp_path / "d2")
    if spelling == "through a link":
        (tmp_path / "history.json").symlink_to(history)
        data = str(tmp_path / "history.json")
    elif spelling == "another spelling":
        out = os.path.join(str(tmp_path), ".", "d2", "")
    result = run_encore("setlist", "train", "--data", data, "--epochs", "1", "--out", out)
    error = _one_line_error(result)
    assert "model.json: is one of the files this was read from" in error and "choose another model folder" in error
    assert history.read_text() == PHISHNET and os.listdir(tmp_path / "d2") == ["model.json"]


@pytest.mark.parametrize("name", ["model.json", "weights.safetensors"])
def test_jazz_train_refuses_to_save_over_its_own_solo(tmp_path, name):
    """Encore reads a MIDI file by its MThd header, whatever it is called."""
    folder = tmp_path / "d"
    folder.mkdir()
    solo = band_midi(folder / name)
    before = solo.read_bytes()
    result = run_encore("jazz", "train", "--input", str(solo), "--melody-part", "1", "--preset", "full",
                        "--epochs", "1", "--hidden", "8", "--seed", "1", "--out", str(folder))
    assert f"{name}: is one of the files this was read from" in _one_line_error(result)
    assert solo.read_bytes() == before and os.listdir(folder) == [name]


# 2. A model.json that is not Encore's is not replaced, input or not --------------------------------------------
def test_setlist_train_refuses_a_folder_holding_someone_elses_model_json(tmp_path):
    history = _history_called_model_json(tmp_path / "d3")  # not read: the demo band is trained on
    result = run_encore("setlist", "train", "--epochs", "1", "--out", str(tmp_path / "d3"))
    assert "holds a model.json that is not an Encore model: move it or choose another folder" in \
        _one_line_error(result)
    assert history.read_text() == PHISHNET and os.listdir(tmp_path / "d3") == ["model.json"]


@pytest.mark.parametrize("text", [PHISHNET, "{", "[]", '{"format": 3}', "notes, not JSON", ""])
@pytest.mark.parametrize("weights", [False, True])
def test_a_model_json_that_names_no_kind_of_model_is_never_replaced(tmp_path, text, weights):
    """With weights beside it too: a model whose model.json was written over (by an export, by hand) holds the
    user's file now, and load() refuses it as no model anyway."""
    folder = tmp_path / "m"
    if weights:
        checkpoint.save(folder, {"w": torch.ones(1)}, {"kind": "setlist-model"})
    else:
        folder.mkdir()
    (folder / "model.json").write_text(text)
    for kind in (None, "setlist-model"):
        with pytest.raises(FileProblem, match="holds a model.json that is not an Encore model"):
            checkpoint.check_target(folder, kind)
    with pytest.raises(FileProblem, match="not an Encore model"):
        checkpoint.save(folder, {"w": torch.zeros(1)}, {"kind": "setlist-model"})
    assert (folder / "model.json").read_text() == text
    assert checkpoint.free_folder(folder, "band model") == folder / "band model"  # the window saves inside


def test_a_folder_called_model_json_is_not_deleted(tmp_path):
    (tmp_path / "m" / "model.json").mkdir(parents=True)
    (tmp_path / "m" / "model.json" / "notes.txt").write_text("keep me")
    with pytest.raises(FileProblem, match="not an Encore model"):
        checkpoint.save(tmp_path / "m", {"w": torch.zeros(1)}, {"kind": "test"})
    assert (tmp_path / "m" / "model.json" / "notes.txt").read_text() == "keep me"


def test_encores_own_model_json_is_still_saved_over_with_or_without_its_weights(tmp_path):
    """A model.json alone is what a save stopped while deleting the earlier model leaves: Encore's."""
    folder = tmp_path / "m"
    checkpoint.save(folder, {"w": torch.ones(1)}, {"kind": "setlist-model"})
    checkpoint.save(folder, {"w": torch.zeros(1)}, {"kind": "setlist-model"})
    (folder / "weights.safetensors").unlink()
    assert checkpoint.check_target(folder, "setlist-model") == folder
    checkpoint.save(folder, {"w": torch.full((1,), 2.0)}, {"kind": "setlist-model"})
    assert float(checkpoint.load(folder, "setlist-model")[0]["w"][0]) == 2


def test_a_model_folder_given_as_the_history_is_said_to_be_a_folder(tmp_path):
    """Regression hunt: `setlist train --data m1 --out m1` said m1/model.json was read, which it never was."""
    folder = tmp_path / "m1"
    assert run_encore("setlist", "train", "--epochs", "1", "--out", str(folder)).returncode == 0
    error = _one_line_error(run_encore("setlist", "train", "--data", str(folder), "--epochs", "1",
                                       "--out", str(folder)))
    assert "is a folder, not a file" in error and "read from" not in error
