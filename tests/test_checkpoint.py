"""Model folders: a real safetensors file loads whatever its header length happens to be, and saving never
deletes a user's file or folder."""

import json
import os
import struct
import time

import pytest
import torch

from engine import checkpoint
from engine.errors import FileProblem


def test_weights_whose_header_length_looks_like_a_pickle_opcode_still_load(tmp_path):
    # A header of 640 bytes is written as 80 02 00 00 ..., the first bytes of a protocol-2 pickle.
    header = json.dumps({"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}).encode()
    header = header.ljust(0x280, b" ")
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / checkpoint.WEIGHTS).write_bytes(struct.pack("<Q", len(header)) + header + struct.pack("<f", 1.5))
    (folder / checkpoint.META).write_text(json.dumps({"kind": "jazz"}))
    assert (folder / checkpoint.WEIGHTS).read_bytes()[:2] == b"\x80\x02"
    tensors, meta = checkpoint.load(folder, "jazz")
    assert float(tensors["w"][0]) == 1.5 and meta["kind"] == "jazz"


def test_saving_replaces_an_earlier_model_but_never_a_users_file_or_folder(tmp_path):
    """Saving renames the new model over the target and deletes what was there: `--out ~/Music` or a save
    dialog's pick of Documents used to delete the folder's contents."""
    music, notes = tmp_path / "Music", tmp_path / "notes.txt"
    music.mkdir()
    (music / "solo.mid").write_bytes(b"MThd")
    notes.write_text("keep me")
    for target in (music, notes):
        with pytest.raises(FileProblem, match=str(target)):
            checkpoint.save(target, {"w": torch.zeros(1)}, {"kind": "test"})
    assert (music / "solo.mid").read_bytes() == b"MThd" and notes.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Music", "notes.txt"]  # no temporaries left

    empty, model = tmp_path / "empty", tmp_path / "model"
    empty.mkdir()
    for target in (empty, model, model):  # an empty folder, a new name, then over the earlier model
        checkpoint.save(target, {"w": torch.ones(1)}, {"kind": "test"})
        assert checkpoint.load(target, "test")[1] == {"kind": "test"}


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_weights_holding_not_a_number_are_refused_by_name(tmp_path, bad):
    """A NaN in a song vector got past loading and then broke the song map's SVD on every import."""
    weights = torch.ones(3, 2)
    weights[1, 0] = bad
    checkpoint.save(tmp_path / "model", {"counts": torch.ones(2, dtype=torch.int64), "net.w": weights},
                    {"kind": "test"})
    with pytest.raises(FileProblem, match=r"damaged weights .*'net\.w'"):
        checkpoint.load(tmp_path / "model", "test")


def test_a_model_folder_under_a_file_is_refused_before_anything_is_written(tmp_path):
    """`--out notes.txt/model` trained for minutes, then ended on Python's FileExistsError."""
    (tmp_path / "notes.txt").write_text("keep me")
    for target in (tmp_path / "notes.txt" / "model", tmp_path / "notes.txt" / "deeper" / "model"):
        with pytest.raises(FileProblem, match=r"cannot be made: .*notes\.txt is a file, not a folder"):
            checkpoint.check_target(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_save_dialogs_folder_of_other_things_gets_the_model_in_a_new_folder_inside(tmp_path):
    (tmp_path / "solo.mid").write_bytes(b"MThd")
    first = checkpoint.free_folder(tmp_path, "AC_DC model")
    assert first == tmp_path / "AC_DC model"
    checkpoint.save(first, {"w": torch.ones(1)}, {"kind": "test"})
    assert checkpoint.free_folder(tmp_path, "AC_DC model") == tmp_path / "AC_DC model 2"
    assert checkpoint.free_folder(first, "AC_DC model") == first  # an earlier model is saved over
    with pytest.raises(FileProblem):
        checkpoint.free_folder(tmp_path / "solo.mid", "AC_DC model")


def test_a_band_or_piece_title_becomes_one_file_name():
    from engine.words import file_name

    assert file_name("AC/DC", "band") == "AC_DC"  # not a folder AC holding DC
    assert file_name('Solo 1: "Take" <2>?', "piece") == "Solo 1_ _Take_ _2_"
    assert file_name("Sigur Rós (live)", "band") == "Sigur Rós (live)"  # what every system accepts is kept
    assert file_name("..", "band") == file_name("  ", "band") == "band"
    long = file_name("夜" * 90, "piece")  # 270 bytes: past what systems accept in a name, with ".mid" after it
    assert long == "夜" * 66 and len(long.encode()) <= 200
    assert file_name("take \udc80", "piece") == "take _"  # a '?' is no more a name's than a ':'


def test_a_model_of_another_kind_is_not_replaced_and_odd_text_is_saved_exactly(tmp_path):
    """`setlist train --out` onto a jazz model's folder replaced it without a word; a corpus path whose name
    has a byte that is not UTF-8 stopped the save at the end of training."""
    folder = tmp_path / "solo model"
    checkpoint.save(folder, {"w": torch.ones(1)}, {"kind": "jazz-lstm", "path": "m\udcff.mid"})
    assert checkpoint.load(folder, "jazz-lstm")[1]["path"] == "m\udcff.mid"
    with pytest.raises(FileProblem, match=r"holds a model of another kind \(jazz-lstm, not setlist-model\)"):
        checkpoint.check_target(folder, "setlist-model")
    with pytest.raises(FileProblem, match="another kind"):
        checkpoint.save(folder, {"w": torch.zeros(1)}, {"kind": "setlist-model"})
    assert checkpoint.load(folder, "jazz-lstm")[1]["kind"] == "jazz-lstm"


def test_a_full_disk_is_a_message_naming_the_model_and_the_old_one_stays(tmp_path, monkeypatch):
    """safetensors' own writer raised SafetensorError, which no handler took: the window's training lost its
    model with 'Error while serializing'."""
    from conftest import fill_the_disk_for_weights

    target = tmp_path / "model"
    checkpoint.save(target, {"w": torch.ones(2)}, {"kind": "test"})
    fill_the_disk_for_weights(monkeypatch)
    with pytest.raises(FileProblem, match=r"model: could not be saved \(No space left on device\)$"):
        checkpoint.save(target, {"w": torch.zeros(2)}, {"kind": "test"})
    monkeypatch.undo()
    assert float(checkpoint.load(target, "test")[0]["w"][0]) == 1 and sorted(p.name for p in tmp_path.iterdir()) == [
        "model"]


def test_a_users_own_dot_old_folder_is_neither_moved_nor_deleted(tmp_path):
    """save() deleted `.photos.old` before its rename, and a read moved it into place as `photos`."""
    photos = tmp_path / ".photos.old"
    photos.mkdir()
    (photos / "IMG_0001.jpg").write_bytes(b"precious")
    with pytest.raises(FileProblem, match="'.photos.old' that Encore did not make"):
        checkpoint.save(tmp_path / "photos", {"w": torch.zeros(1)}, {"kind": "test"})
    with pytest.raises(FileProblem, match="no such folder"):
        checkpoint.load(tmp_path / "photos")
    assert (photos / "IMG_0001.jpg").read_bytes() == b"precious" and not (tmp_path / "photos").exists()


def test_folder_names_a_save_cannot_take_are_refused_before_and_odd_ones_load_back(tmp_path):
    with pytest.raises(FileProblem, match="too long a name for a model folder"):  # found after training, before
        checkpoint.check_target(tmp_path / ("m" * 250))
    latin1 = tmp_path / "caf\udce9 model"  # a name that is not UTF-8: it saved, and never loaded again
    checkpoint.save(latin1, {"w": torch.ones(1)}, {"kind": "test"})
    assert float(checkpoint.load(latin1, "test")[0]["w"][0]) == 1
    (latin1 / ".DS_Store").write_bytes(b"\0")  # a file manager's: the folder is still a model to save over
    checkpoint.save(latin1, {"w": torch.zeros(1)}, {"kind": "test"})
    assert float(checkpoint.load(latin1, "test")[0]["w"][0]) == 0


def _made_long_ago(*paths):
    hour_ago = time.time() - 3600
    for path in paths:  # a link's own time, not its folder's
        os.utime(path, (hour_ago, hour_ago), follow_symlinks=False)


def _a_save_left(folder, *names):
    folder.mkdir()
    for name in names:
        (folder / name).write_bytes(b"weights")
    return folder


def test_temporary_folders_a_kill_9_left_go_at_the_next_save_of_that_model_and_nothing_else(tmp_path):
    """A SIGKILL mid-save runs no cleanup: its hidden `.NAME.XXXXXXXX.part` folder, as large as a model, stayed
    for good. The next save of that model deletes those older than this process and only those: not a save going
    on now, not another model's, not a name Encore does not make (a dated backup `.model.20240101`), not a
    folder or a link of the user's."""
    model = tmp_path / "model"
    stale = _a_save_left(tmp_path / ".model.ab_12xyz.part", checkpoint.WEIGHTS, checkpoint.META)
    stale_empty = _a_save_left(tmp_path / ".model.k0ll3d00.part")  # killed just after mkdtemp
    fresh = _a_save_left(tmp_path / ".model.cd34efgh.part", checkpoint.WEIGHTS)  # another Encore saving now
    writing = _a_save_left(tmp_path / ".model.wr1t1ng0.part", checkpoint.WEIGHTS, checkpoint.META)
    users = [_a_save_left(tmp_path / name, checkpoint.WEIGHTS) for name in (
        ".model.notes", ".model.ABCDEFGH.part", ".model.abcdefgh.bak", ".model.abcdefghi.part",
        ".other.ab12cdef.part", ".model.20240101", ".model.previous", ".model.abcdefgh", ".model", ".git", ".config")]
    photos = _a_save_left(tmp_path / ".model.ph0t0s00.part", checkpoint.WEIGHTS, "IMG_0001.jpg")
    elsewhere = _a_save_left(tmp_path / "elsewhere", checkpoint.WEIGHTS, checkpoint.META)
    link = tmp_path / ".model.l1nk0000.part"
    link.symlink_to(elsewhere, target_is_directory=True)
    a_file = tmp_path / ".model.f1le0000.part"
    a_file.write_bytes(b"mine")
    _made_long_ago(*(stale / n for n in (checkpoint.WEIGHTS, checkpoint.META)), stale, stale_empty,
                   writing / checkpoint.META, writing, *users, photos / checkpoint.WEIGHTS, photos / "IMG_0001.jpg",
                   photos, elsewhere / checkpoint.WEIGHTS, elsewhere / checkpoint.META, elsewhere, link, a_file)
    checkpoint.save(model, {"w": torch.ones(1)}, {"kind": "test"})
    assert not stale.exists() and not stale_empty.exists()
    assert (fresh / checkpoint.WEIGHTS).exists() and (writing / checkpoint.WEIGHTS).exists()
    assert all((folder / checkpoint.WEIGHTS).exists() for folder in users)
    assert (photos / checkpoint.WEIGHTS).exists() and (photos / "IMG_0001.jpg").read_bytes() == b"weights"
    assert link.is_symlink() and (elsewhere / checkpoint.WEIGHTS).exists() and (elsewhere / checkpoint.META).exists()
    assert a_file.read_bytes() == b"mine" and float(checkpoint.load(model, "test")[0]["w"][0]) == 1
