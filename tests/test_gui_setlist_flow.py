"""The whole flow in the window: train on the demo band, generate, drag between sets, lock, regenerate, undo."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

pytest.importorskip("engine.setlists.draft", reason="the setlist engine's drafting has not landed yet")
from engine.setlists.history import song_key  # noqa: E402


def songs(setlist):
    return [[e.song for e in s.entries] for s in setlist.sets]


def train_small(page, qtbot):
    from engine.setlists.history import demo_history

    page._use_history(demo_history().before(80), [])
    page.training.settings()
    for name, value in (("epochs", 1), ("hidden", 32), ("dims", 16), ("word2vec_epochs", 2)):
        page.training.fields[name].setValue(value)
    with qtbot.waitSignal(page.runner.finished, timeout=120000):
        page.training.buttons["train"].click()


def generate(page, qtbot, keep_locked=False):
    with qtbot.waitSignal(page.runner.finished, timeout=60000):
        if keep_locked:
            page.next_show.editor.regenerate_button.click()
        else:
            page.next_show.generate_button.click()


def test_train_generate_drag_lock_regenerate_undo(window, qtbot):
    page = window.workspaces[1]
    window.show_workspace("setlists")
    train_small(page, qtbot)
    page.next_show.seed.setValue(7)
    generate(page, qtbot)
    drafted = page.setlist
    last = dt.date.fromisoformat(page.history.shows[-1].date)
    assert drafted.date == (last + dt.timedelta(days=1)).isoformat()  # the day after the last show by default
    assert [s.name for s in drafted.sets][-1].startswith("Encore")
    all_songs = drafted.songs()
    assert len(all_songs) == len(set(all_songs)) > 5
    first = drafted.sets[0].entries[0]
    assert 0 < first.probability <= 1
    offered = [{song_key(a) for a, _ in e.alternatives} for s in drafted.sets for e in s.entries]
    assert not set().union(*offered) & {song_key(s) for s in all_songs}  # none would repeat a song of the show
    assert max(map(len, offered)) == 4  # (this small catalogue is used up: early slots have no song left to offer)
    # The last three shows' songs rest by default; this small catalogue has too few others for a show, so the
    # songs of fewer whole shows rest, those of the show before come back only where no other song is left, and
    # the heading says how many (all of them came back once, unsaid)
    rested, back = drafted.meta["avoid_recent"], drafted.meta["recent_back"]
    assert page.next_show.avoid_recent.value() == 3 and 1 < rested <= 3 and back > 0
    drafted_keys = {song_key(s) for s in all_songs}
    assert not {k for show in page.history.shows[-(rested - 1):] for k in show.keys()} & drafted_keys
    assert len(set(page.history.shows[-rested].keys()) & drafted_keys) == back
    heading = page.next_show.heading.text()
    assert f"songs of the last {rested} shows left out where the catalogue allowed" in heading
    assert f"{back} song" in heading and heading.count("came back") == 1  # told once, by the warning
    assert "leaving out the last 3 shows&#x27; songs leaves too few songs for the show" in heading
    model = page.next_show.editor.model
    assert model.rowCount() == len(drafted.sets)
    generated = songs(drafted)

    # Drag the first song of Set 1 to the top of Set 2.
    data = model.mimeData([model.song_index(0, 0)])
    model.dropMimeData(data, Qt.MoveAction, 0, 0, model.index(1, 0))
    assert songs(drafted)[1][0] == generated[0][0] and songs(drafted)[0] == generated[0][1:]
    dragged = songs(drafted)

    # Lock two songs, then regenerate the rest with another seed.
    editor = page.next_show.editor
    editor.select(1, 0)
    editor.set_locked(True)
    editor.select(0, 2)
    editor.set_locked(True)
    page.next_show.seed.setValue(8)
    generate(page, qtbot, keep_locked=True)
    regenerated = songs(drafted)
    assert regenerated[1][0] == dragged[1][0] and regenerated[0][2] == dragged[0][2]
    assert [len(s) for s in regenerated] == [len(s) for s in dragged]
    assert drafted.sets[1].entries[0].locked and drafted.sets[0].entries[2].locked
    assert len(set(drafted.songs())) == len(drafted.songs())
    assert model.data(model.song_index(1, 0)) == regenerated[1][0]  # the view follows the shared Setlist

    # Undo back through regenerate, the locks and the drag; redo forward again.
    stack = page.undo_stack
    stack.undo()
    assert songs(drafted) == dragged
    stack.undo()
    stack.undo()
    assert not any(e.locked for s in drafted.sets for e in s.entries)
    stack.undo()
    assert songs(drafted) == generated
    for _ in range(4):
        stack.redo()
    assert songs(drafted) == regenerated
    assert window.undo_action.isEnabled()

    # Nothing locked: Regenerate unlocked keeps the user's sets (it drafted the band's usual ones instead).
    for where in ((1, 0), (0, 2)):
        editor.select(*where)
        editor.set_locked(False)
    generate(page, qtbot, keep_locked=True)
    assert [len(s) for s in songs(page.setlist)] == [len(s) for s in dragged] and songs(page.setlist) != regenerated

    # A band whose staples come back every night: nothing left out.
    page.next_show.avoid_recent.setValue(0)
    generate(page, qtbot)
    assert page.setlist.meta["avoid_recent"] == 0 and "left out" not in page.next_show.heading.text()


def test_save_and_load_a_model_then_cancel_training(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    page = window.workspaces[1]
    train_small(page, qtbot)
    (tmp_path / "setlist.pdf").write_bytes(b"%PDF")  # the user picks a folder of other things, such as Documents
    assert page.save_model_to(str(tmp_path))
    folder = tmp_path / "The Demo Band (generated demo data) model"
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name, "setlist.pdf"]
    inode = (folder / "model.json").stat().st_ino  # saving onto it again replaced it without a word
    monkeypatch.delenv("ENCORE_NO_PROMPTS")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    assert not page.save_model_to(str(folder))
    assert (folder / "model.json").stat().st_ino == inode and asked == [
        f"{folder} already holds a saved model of The Demo Band (generated demo data). "
        "Replace it with this one?"]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert page.save_model_to(str(folder)) and (folder / "model.json").stat().st_ino != inode
    (folder / "notes.txt").write_text("the user's")  # a model among other files is kept: nothing to ask
    asked.clear()
    inode = (folder / "model.json").stat().st_ino
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    assert page.save_model_to(str(folder)) and not asked and (folder / "model.json").stat().st_ino == inode
    assert (folder / "The Demo Band (generated demo data) model" / "model.json").is_file()
    monkeypatch.setenv("ENCORE_NO_PROMPTS", "1")
    page.model = None
    assert page.training.curve.epochs
    messages = []
    page.status.connect(messages.append)
    page.load_model(str(folder))  # the message was followed by the last trained model's loss
    page.status.disconnect(messages.append)
    assert messages == [f"Model loaded from {folder}"]  # once
    assert page.model is not None and page.next_show.generate_button.isEnabled()
    assert page.training.state.text().startswith(f"Loaded from {folder}: trained on ") and "loss" not in \
        page.training.state.text() and not page.training.curve.epochs
    generate(page, qtbot)
    assert len(page.setlist.songs()) > 5
    with qtbot.waitSignal(page.status) as message:
        page.load_model(str(tmp_path))  # not a model folder: a message, not a crash
    assert str(tmp_path) in message.args[0]

    page.training.fields["epochs"].setValue(50)
    trained, curve = page.model, list(page.training.curve.epochs)
    # The draft's result has arrived, so the page is idle: a click now must start training, not be lost on a
    # button still disabled for the draft (CI once waited here for a cancel that had no job to stop).
    assert page.training.buttons["train"].isEnabled() and not page.runner.running
    with qtbot.waitSignal(page.runner.cancelled, timeout=120000):
        page.training.buttons["train"].click()
        qtbot.waitUntil(lambda: len(page.training.curve.epochs) >= 1, timeout=120000)
        page.runner.cancel()
    page.runner.wait(10)
    assert page.model is trained and page.training.curve.epochs == curve  # the model's, not the stopped run's
    assert page.training.buttons["train"].isEnabled()  # idle before the outcome is heard


def test_a_model_trained_while_another_band_came_in_does_not_map_that_band(window, qtbot, tmp_path):
    """The demo band's model, trained while a user's history was imported, put the demo band's songs on the
    song map beside the user's history, with nothing said."""
    from engine.setlists.history import demo_history

    page = window.workspaces[1]
    band = tmp_path / "my band.csv"
    band.write_text("show_date,set,song\n" + "".join(f"2024-05-0{d},1,Song {d + i}\n" for d in range(1, 6)
                                                     for i in range(4)))
    page._use_history(demo_history().before(80), [])
    page.training.settings()  # its fields are built on first use
    for name, value in (("epochs", 1), ("hidden", 32), ("dims", 16), ("word2vec_epochs", 2)):
        page.training.fields[name].setValue(value)
    with qtbot.waitSignal(page.runner.finished, timeout=120000):
        page.training.buttons["train"].click()
        page.import_paths([str(band)])  # while it trains
    assert page.history.band == "my band" and page.model.history.band != "my band"
    assert page.explorer.embedding is None and page.explorer.map.names == []
    assert "history, not the one open" in page.training.state.text()


def opened_show(page, tmp_path):
    import json

    from engine.setlists.setlist import Entry, Set, Setlist

    path = tmp_path / "tonight.encore-setlist"
    path.write_text(json.dumps(Setlist("2026-07-04", "Barn", [Set("Set 1", [Entry("Fee")])]).to_json()))
    page.open_path(str(path))
    return path


def test_a_draft_asked_for_before_a_show_was_opened_is_dropped(window, qtbot, tmp_path):
    """It landed on the opened show, which kept the file's name, so Save wrote the draft over that file."""
    page = window.workspaces[1]
    train_small(page, qtbot)
    messages = []
    page.status.connect(messages.append)
    with qtbot.waitSignal(page.runner.finished, timeout=60000):
        page.next_show.generate_button.click()
        opened_show(page, tmp_path)  # before the draft comes back
    assert songs(page.setlist) == [["Fee"]] and not page.has_unsaved_changes()
    assert messages[-1] == "The draft was dropped: a show was opened while it was drafted"


def test_regenerated_songs_are_dropped_when_the_show_was_edited_while_they_were_drafted(window, qtbot):
    """They replaced the show as it was when Regenerate was pressed: a lock and a rename made meanwhile were
    overwritten without a word."""
    page = window.workspaces[1]
    train_small(page, qtbot)
    generate(page, qtbot)
    editor, messages = page.next_show.editor, []
    page.status.connect(messages.append)
    editor.select(0, 0)
    editor.set_locked(True)
    with qtbot.waitSignal(page.runner.finished, timeout=60000):
        editor.regenerate_button.click()
        editor.select(0, 1)  # while it drafts
        editor.set_locked(True)
        editor.model.setData(editor.model.song_index(0, 2), "My Own Song")
    first = page.setlist.sets[0].entries
    assert [e.locked for e in first[:3]] == [True, True, False] and first[2].song == "My Own Song"
    assert messages[-1] == "The regenerated songs were dropped: the show was edited meanwhile; Regenerate again"


def test_a_song_still_being_typed_counts_for_save_and_quit(window, tmp_path):
    """Quit checked before the open cell was committed, so it closed without asking and the name was lost;
    Save wrote the file without it."""
    page = window.workspaces[1]
    path = opened_show(page, tmp_path)
    window.show_workspace("setlists")
    window.show()
    view, model = page.next_show.editor.view, page.next_show.editor.model

    def type_song(name):
        index = model.index(0, 0, model.index(0, 0))
        view.setCurrentIndex(index)
        view.edit(index)
        view.indexWidget(index).setText(name)

    type_song("Ghost")
    window._confirm_discard()  # the question is asked of what the page holds once the cell is committed
    assert page.setlist.songs() == ["Ghost"] and page.has_unsaved_changes()
    type_song("Tweezer")
    assert window.save() and "Tweezer" in path.read_text() and not page.has_unsaved_changes()


def test_the_song_map_asked_for_during_another_job_is_learned_once_it_ends(window, qtbot):
    """The explorer opened while Evaluate ran stayed blank until the user left the tab and came back; and a
    Cancel of the map's own job must hold."""
    from engine.setlists.history import demo_history

    page = window.workspaces[1]
    page._use_history(demo_history().before(60), [])
    page.training.settings()  # its fields are built on first use
    for name, value in (("epochs", 1), ("hidden", 16), ("dims", 8), ("word2vec_epochs", 1)):
        page.training.fields[name].setValue(value)
    with qtbot.waitSignal(page.runner.finished, timeout=120000):
        page.evaluate(page.training.settings())
        page.tabs.setCurrentWidget(page.explorer)
    qtbot.waitUntil(lambda: page.explorer.embedding is not None, timeout=60000)
    assert page.explorer.map.names

    page._use_history(demo_history().before(50), [])  # a new history: its map is wanted again
    page.tabs.setCurrentWidget(page.next_show)
    with qtbot.waitSignal(page.runner.cancelled, timeout=60000):
        page.tabs.setCurrentWidget(page.explorer)
        page.runner.cancel()
    qtbot.wait(200)
    assert not page.runner.running and page.explorer.embedding is None
