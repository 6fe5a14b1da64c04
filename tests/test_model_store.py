"""The models the window keeps (engine.model_store, `python main.py models`): listed from their model.json alone,
deleted only when they are Encore's models in the models folder, and the same folder as the window's."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_encore

from engine import model_store
from engine.errors import EncoreError

JAZZ = "jazz-20261122-101500-course"
SETLIST = "setlist-Demo-20261122-101600"


def train_tiny_models(folder: Path) -> dict[str, Path]:
    """A jazz model and a setlist model, trained in seconds, saved in ``folder`` under the window's names."""
    from engine.jazz.model import TrainSettings, train
    from engine.jazz.source import load_source
    from engine.setlists.history import History, demo_history
    from engine.setlists.model import TrainSettings as SetlistSettings
    from engine.setlists.model import train as train_setlist

    etude = next((ROOT / "resources" / "jazz" / "etudes").glob("*.abc"))
    train([load_source(etude)], TrainSettings(preset="full", epochs=1, hidden=8)).save(folder / JAZZ)
    full = demo_history()
    tiny = SetlistSettings(epochs=1, dims=8, hidden=8, word2vec_epochs=1, feature_hidden=8, tune_epochs=0,
                           refit=False)
    train_setlist(History(full.shows[-40:], band=full.band, demo=True), tiny).save(folder / SETLIST)
    os.utime(folder / JAZZ / "model.json", (1_800_000_000, 1_800_000_000))
    os.utime(folder / SETLIST / "model.json", (1_800_000_100, 1_800_000_100))  # the newer
    return {JAZZ: folder / JAZZ, SETLIST: folder / SETLIST}


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("trained")
    train_tiny_models(folder)
    return folder


@pytest.fixture
def models(trained, tmp_path) -> Path:
    """A models folder with the two models, beside things that are not Encore's models."""
    folder = tmp_path / "models"
    shutil.copytree(trained, folder)
    shutil.copytree(folder / JAZZ, folder / "photos")  # a model's two files among other things
    (folder / "photos" / "holiday.jpg").write_bytes(b"\xff\xd8")
    (folder / "notes.txt").write_text("not a folder")
    shutil.copytree(folder / JAZZ, folder / f".{JAZZ}.old")  # what a save leaves for a moment
    other = folder / "their-model"  # another program's model of the same two files
    other.mkdir()
    (other / "model.json").write_text('{"kind": "llama"}')
    (other / "weights.safetensors").write_bytes(b"x")
    return folder


def untouched(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_lists_the_kept_models_newest_first_with_kind_size_and_what_they_learned(models):
    found = model_store.list_models(models)
    assert [(m.name, m.kind) for m in found] == [(SETLIST, "setlist"), (JAZZ, "jazz")]
    jazz, setlist = found[1], found[0]
    assert jazz.size == sum(p.stat().st_size for p in (models / JAZZ).iterdir()) > 0
    assert jazz.saved == 1_800_000_000
    assert jazz.trained_on.startswith("Encore Etude") and " bars · full" in jazz.trained_on
    assert setlist.trained_on.startswith("The Demo Band") and "40 shows, 20" in setlist.trained_on


def test_folders_that_are_not_encore_models_are_neither_listed_nor_deleted(models):
    (models / "linked").symlink_to(models / JAZZ)
    before = untouched(models)
    assert {m.name for m in model_store.list_models(models)} == {JAZZ, SETLIST}
    for name in ("photos", "notes.txt", f".{JAZZ}.old", "their-model", "linked", "missing"):
        with pytest.raises(EncoreError, match="no Encore model called"):
            model_store.delete_model(name, models)
    assert untouched(models) == before and (models / "photos" / "holiday.jpg").exists()


def test_path_tricks_never_reach_outside_the_models_folder(models, tmp_path):
    outside = tmp_path / "elsewhere"
    shutil.copytree(models / JAZZ, outside / JAZZ)
    before = untouched(models)
    for name in ("..", ".", "", f"../elsewhere/{JAZZ}", str(outside / JAZZ), f"{JAZZ}/..", f"{SETLIST}/../{JAZZ}",
                 f"..{os.sep}models{os.sep}{JAZZ}"):
        with pytest.raises(EncoreError):
            model_store.delete_model(name, models)
    assert untouched(models) == before and (outside / JAZZ / "model.json").exists()


def test_deleting_a_model_removes_that_folder_alone(models):
    before = untouched(models)
    gone = model_store.delete_model(f"{JAZZ}/", models)  # as a shell completes it
    assert gone.name == JAZZ and not (models / JAZZ).exists()
    assert untouched(models) == before - {JAZZ}  # nothing left aside under a hidden name
    assert [m.name for m in model_store.list_models(models)] == [SETLIST]
    assert (models / "photos").exists() and (models / f".{JAZZ}.old").exists()


@pytest.mark.parametrize("meta", ['{"kind": "jazz-lst', "[]", '{"format": 3}', ""])
def test_a_model_with_damaged_metadata_is_listed_as_damaged_and_can_be_deleted(models, meta):
    (models / SETLIST / "model.json").write_text(meta)
    found = {m.name: m for m in model_store.list_models(models)}
    assert found[SETLIST].kind == "damaged" and found[SETLIST].trained_on.startswith("damaged: ")
    assert found[JAZZ].kind == "jazz"
    model_store.delete_model(SETLIST, models)
    assert not (models / SETLIST).exists()


def test_a_damaged_model_json_alone_is_listed_only_under_a_name_the_window_gives(models):
    for name in ("jazz-20260101-000000-full", "notes"):
        (models / name).mkdir()
        (models / name / "model.json").write_text("{")
    assert {m.name for m in model_store.list_models(models)} == {JAZZ, SETLIST, "jazz-20260101-000000-full"}
    with pytest.raises(EncoreError):
        model_store.delete_model("notes", models)


def refuse(monkeypatch, folder: Path | None = None, names: tuple[str, ...] = ()) -> None:
    """What root's `chattr +i` (or a user's `chmod 555`) does, without it: ``folder``'s own entries cannot be
    renamed or removed (the files inside them can), and files called ``names`` cannot be removed anywhere."""
    real_rename, real_rmdir, real_unlink = os.rename, os.rmdir, os.unlink

    def locked(path, dir_fd=None) -> bool:
        return dir_fd is None and folder is not None and Path(path).parent == folder

    def rename(src, dst, **kw):
        if locked(src):
            raise PermissionError(1, "Operation not permitted", str(src))
        return real_rename(src, dst, **kw)

    def rmdir(path, *, dir_fd=None):
        if locked(path, dir_fd):
            raise PermissionError(1, "Operation not permitted", str(path))
        return real_rmdir(path, dir_fd=dir_fd)

    def unlink(path, *, dir_fd=None):
        if locked(path, dir_fd) or os.path.basename(path) in names:
            raise PermissionError(1, "Operation not permitted", str(path))
        return real_unlink(path, dir_fd=dir_fd)

    monkeypatch.setattr(os, "rename", rename)
    monkeypatch.setattr(os, "rmdir", rmdir)
    monkeypatch.setattr(os, "unlink", unlink)


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_a_delete_the_models_folder_refuses_changes_nothing(models, monkeypatch):
    kept, before = files_of(models / JAZZ), untouched(models)
    refuse(monkeypatch, folder=models)
    with pytest.raises(EncoreError) as refused:
        model_store.delete_model(JAZZ, models)
    assert untouched(models) == before and files_of(models / JAZZ) == kept
    assert refused.value.problem == "could not be deleted (Operation not permitted); nothing was changed"
    assert {m.name: m.kind for m in model_store.list_models(models)}[JAZZ] == "jazz"


def test_a_delete_refused_for_the_weights_keeps_the_whole_model(models, monkeypatch):
    kept, before = files_of(models / JAZZ), untouched(models)
    refuse(monkeypatch, names=("weights.safetensors",))  # `chattr +i` on the weights alone
    with pytest.raises(EncoreError) as refused:
        model_store.delete_model(JAZZ, models)
    assert untouched(models) == before and files_of(models / JAZZ) == kept  # model.json too, under its name
    assert refused.value.problem == "could not be deleted (Operation not permitted); the model is kept as it was"
    assert {m.name: m.kind for m in model_store.list_models(models)}[JAZZ] == "jazz"


def test_a_delete_that_fails_part_way_says_what_it_removed_and_keeps_the_rest_in_sight(models, monkeypatch):
    before = untouched(models)
    refuse(monkeypatch, names=("model.json",))
    with pytest.raises(EncoreError) as refused:
        model_store.delete_model(JAZZ, models)
    assert untouched(models) == before and set(files_of(models / JAZZ)) == {"model.json"}  # not hidden away
    assert refused.value.problem.startswith("could only be partly deleted (Operation not permitted): "
                                            "weights.safetensors removed")
    assert {m.name: m.kind for m in model_store.list_models(models)}[JAZZ] == "damaged"  # to delete again


@pytest.mark.parametrize("when", ["before model.json is read", "after model.json is read"])
def test_a_model_gone_while_it_is_listed_is_skipped(models, monkeypatch, when):
    """A save of the same name renames the model aside for a moment: its folder vanishes mid-listing."""
    real = model_store.read_json

    def vanishing(path):
        data = None if when.startswith("before") else real(path)
        if Path(path).parent.name == JAZZ:
            shutil.rmtree(Path(path).parent)
        return real(path) if data is None else data

    monkeypatch.setattr(model_store, "read_json", vanishing)
    assert [m.name for m in model_store.list_models(models)] == [SETLIST]


def test_a_model_without_its_weights_is_damaged(models):
    (models / JAZZ / "weights.safetensors").unlink()
    assert {m.name: m.kind for m in model_store.list_models(models)}[JAZZ] == "damaged"


@pytest.mark.parametrize("setting", ["absolute", "relative", "unset", "earlier version"])
def test_the_default_folder_is_the_one_the_window_keeps_its_models_in(monkeypatch, tmp_path, setting):
    from gui.jazz.project import app_data_folder

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    if setting == "absolute":
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    elif setting == "relative":  # Qt ignores it, as the XDG specification asks
        monkeypatch.setenv("XDG_DATA_HOME", "data")
    elif setting == "unset":
        monkeypatch.delenv("XDG_DATA_HOME")
    else:
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
        (tmp_path / "data" / "Encore" / "Encore").mkdir(parents=True)
    engine_folder = model_store.models_folder()
    assert not engine_folder.exists() or setting == "earlier version"  # listing makes no folder
    assert app_data_folder("models") == engine_folder


def test_models_list_prints_the_folder_as_json(models):
    result = run_encore("models", "list", "--json", "--folder", str(models))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [(m["name"], m["kind"]) for m in report["models"]] == [(SETLIST, "setlist"), (JAZZ, "jazz")]
    assert report["models"][1]["size"] > 0 and report["models"][1]["saved"].startswith("2027-01-1")


def test_models_list_defaults_to_the_windows_folder(models, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(models, data / "Encore" / "models", symlinks=True)
    result = run_encore("models", "list", env={"XDG_DATA_HOME": str(data)})
    assert result.returncode == 0, result.stderr
    assert JAZZ in result.stdout and SETLIST in result.stdout and "photos" not in result.stdout
    total = model_store.size_text(sum(m.size for m in model_store.list_models(models)))
    assert result.stdout.strip().endswith(f"2 models, {total}, in {data / 'Encore' / 'models'}")


def test_models_delete_refuses_what_is_not_a_model_in_one_line_with_status_2(models):
    before = untouched(models)
    for name in ("photos", "..", f"../models/{JAZZ}"):
        result = run_encore("models", "delete", JAZZ, name, "--folder", str(models))
        assert result.returncode == 2 and "Traceback" not in result.stderr and "ENCORE_DEBUG" not in result.stderr
        assert result.stderr.startswith("encore: error: ") and len(result.stderr.strip().splitlines()) == 1
        assert repr(name) in result.stderr  # the name refused, in words (not a crash's text)
    assert untouched(models) == before  # the good name given first was not deleted either
    result = run_encore("models", "delete", JAZZ, "--folder", str(models))
    assert result.returncode == 0 and f"deleted {JAZZ}" in result.stdout and not (models / JAZZ).exists()
