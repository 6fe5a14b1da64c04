"""A jazz model's model.json edited by hand: refused when it is loaded, in words naming the folder, not when a
solo is generated (music21's "Cannot make a step out of 'X'") nor in the Train tab ("epoch 99 kept" of 2)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from test_model_store import JAZZ, SETLIST, trained  # noqa: F401 - trained: the tiny models, a fixture

from engine import checkpoint
from engine.errors import FileProblem


@pytest.fixture
def model(trained, tmp_path) -> Path:  # noqa: F811 - pytest hands in the imported fixture
    folder = tmp_path / "model"
    shutil.copytree(trained / JAZZ, folder)
    return folder


def edited(folder: Path, edit) -> Path:
    meta = json.loads((folder / "model.json").read_text())
    edit(meta)
    (folder / "model.json").write_text(json.dumps(meta))
    return folder


def names_of_each_chord(names):
    return lambda meta: [c.update(names=names) for c in meta["progression"]["chords"]]


@pytest.mark.parametrize("edit, problem", [
    (names_of_each_chord("xyz"), "model.json has damaged chord names in its progression ('xyz' for"),
    (names_of_each_chord(["X4", "Y4"]), "model.json has damaged chord names in its progression"),
    (names_of_each_chord([60, 64]), "model.json has damaged chord names in its progression"),
    (lambda meta: meta.update(best_epoch=99), "model.json has a damaged best_epoch (99: the epoch whose weights "
                                              "were kept, from 1 to 1, the last trained)"),
    (lambda meta: meta.update(best_epoch=0), "model.json has a damaged best_epoch (0:"),
    (lambda meta: meta.update(best_epoch="1"), "model.json has a damaged best_epoch ('1':"),
    (lambda meta: meta.update(best_epoch=True), "model.json has a damaged best_epoch (True:"),
])
def test_damaged_chord_names_or_best_epoch_are_refused_at_load(model, edit, problem):
    from engine.jazz.model import JazzModel

    edited(model, edit)
    with pytest.raises(FileProblem, match=re.escape(f"{model}: {problem}")) as caught:
        JazzModel.load(model)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("edit", [
    lambda meta: None,
    names_of_each_chord([]),  # no spelling: the symbol is read instead
    lambda meta: [c.pop("names") for c in meta["progression"]["chords"]],  # a model from before the field
    lambda meta: meta.pop("best_epoch"),  # likewise
    lambda meta: meta.update(best_epoch=1),
])
def test_what_encore_writes_still_loads_and_plays(model, edit):
    from engine.jazz.improvise import improvise
    from engine.jazz.model import JazzModel

    loaded = JazzModel.load(edited(model, edit))
    assert improvise(loaded, 2, seed=1).bars == 2


def test_a_model_of_the_other_kind_is_named_in_words(trained):  # noqa: F811
    """It said "is a 'setlist-model' model, not a 'jazz-lstm' model"."""
    with pytest.raises(FileProblem, match=re.escape(f"{trained / SETLIST}: is a setlist model, not a jazz model")):
        checkpoint.load(trained / SETLIST, "jazz-lstm")
    with pytest.raises(FileProblem, match=re.escape(f"{trained / JAZZ}: is a jazz model, not a setlist model")):
        checkpoint.load(trained / JAZZ, "setlist-model")
