"""A delete or move that leaves a song with '->' last in its set, the song it led into gone, clears the mark in
the same undo step (undo brings it back); a song moved keeps its own mark, Alt+Down through a set's end too. A
set's last song may keep a mark (a set still being built): the show's files (.json, .encore-setlist, .csv) open
again with it, and only the text and the stage sheet, for reading, hide it."""

import csv
import json

import pytest
from PySide6.QtGui import QUndoStack

from engine.setlists.export import setlist_text, write_setlist
from engine.setlists.setlist import Entry, Set, Setlist


def show() -> Setlist:
    return Setlist("2026-07-04", "The Barn", [
        Set("Set 1", [Entry("Tweezer"), Entry("Golden Harbor", "->"), Entry("Fee")]),
        Set("Set 2", [Entry("Ghost", ">"), Entry("Sand")])])


def marks(setlist) -> list[list[tuple[str, str]]]:
    return [[(e.song, e.transition) for e in s.entries] for s in setlist.sets]


@pytest.fixture
def editor(app, qtbot):
    from gui.setlists.editor import SetlistEditor

    widget = SetlistEditor(show(), QUndoStack())
    qtbot.addWidget(widget)
    return widget


def test_deleting_a_sets_last_song_clears_the_segue_into_it_in_the_same_undo_step(editor):
    stack = editor.model.undo_stack
    editor.select(0, 2)
    editor.delete_selected()
    assert marks(editor.model.setlist)[0] == [("Tweezer", ","), ("Golden Harbor", ",")]
    assert stack.count() == 1 and stack.undoText() == "Delete Fee"
    stack.undo()
    assert marks(editor.model.setlist) == marks(show())
    stack.redo()
    assert marks(editor.model.setlist)[0] == [("Tweezer", ","), ("Golden Harbor", ",")]


def test_moving_songs_clears_a_segue_left_at_a_sets_end(editor):
    from gui.setlists.commands import move_songs

    stack = editor.model.undo_stack
    move_songs(editor.model, [(0, 2)], (1, 2))  # Fee to Set 2's end: Golden Harbor closes Set 1
    assert marks(editor.model.setlist) == [[("Tweezer", ","), ("Golden Harbor", ",")],
                                           [("Ghost", ">"), ("Sand", ","), ("Fee", ",")]]
    move_songs(editor.model, [(1, 0)], (1, 3))  # Ghost, marked '>', dropped last in Set 2: its own mark stays
    assert marks(editor.model.setlist)[1] == [("Sand", ","), ("Fee", ","), ("Ghost", ">")]
    assert stack.count() == 2
    stack.undo()
    stack.undo()
    assert marks(editor.model.setlist) == marks(show())


def test_a_song_already_last_keeps_its_mark_through_other_edits(editor):
    editor.model.setlist.sets[1].entries[1].transition = "->"  # a set still being built
    editor.select(1, 0)
    editor.delete_selected()
    assert marks(editor.model.setlist)[1] == [("Sand", "->")]


def test_alt_down_through_a_sets_end_keeps_the_songs_own_mark(app, qtbot):
    from gui.setlists.editor import SetlistEditor

    start = Setlist("2026-07-04", "The Barn", [
        Set("Set 1", [Entry("Tweezer", ">"), Entry("Golden Harbor", "->"), Entry("Ghost", ">"), Entry("Fee")]),
        Set("Set 2", [Entry("Sand")])])
    editor = SetlistEditor(start, QUndoStack())
    qtbot.addWidget(editor)
    editor.select(0, 2)  # Ghost >
    editor.move_current(1)
    assert marks(editor.model.setlist)[0][2:] == [("Fee", ","), ("Ghost", ">")]
    editor.move_current(1)  # into Set 2, as a drag straight there would
    assert marks(editor.model.setlist) == [[("Tweezer", ">"), ("Golden Harbor", "->"), ("Fee", ",")],
                                           [("Ghost", ">"), ("Sand", ",")]]
    editor.model.undo_stack.undo()
    editor.model.undo_stack.undo()
    assert marks(editor.model.setlist) == marks(start)


def closing() -> Setlist:
    return Setlist("2026-07-04", "The Barn", [Set("Set 1", [Entry("Tweezer", ">"), Entry("Golden Harbor", "->")]),
                                              Set("Encore", [Entry("Fee", ">")])])


def test_the_text_and_the_stage_sheet_end_a_set_without_a_segue():
    from gui.setlists.printing import stage_lines

    assert setlist_text(closing()).splitlines()[1:] == ["Set 1: Tweezer > Golden Harbor", "Encore: Fee"]
    songs = [text for kind, text in stage_lines(closing()) if kind == "song"]
    assert songs == ["Tweezer  >", "Golden Harbor", "Fee"]


@pytest.mark.parametrize("suffix", [".json", ".encore-setlist", ".csv"])
def test_a_show_saved_with_a_set_ending_on_a_segue_opens_again_with_it(page, tmp_path, suffix):
    from gui.setlists.commands import ReplaceShow

    page.undo_stack.push(ReplaceShow(page.next_show.editor.model, closing(), "Open the Barn"))
    path = str(tmp_path / f"show{suffix}")
    assert page.export_to(path)
    page.undo_stack.push(ReplaceShow(page.next_show.editor.model, show(), "Another show"))
    page.undo_stack.setClean()
    page.open_setlist(path)
    assert marks(page.setlist) == marks(closing())


def test_the_engine_writes_a_sets_last_mark_to_json_and_csv(tmp_path):
    write_setlist(closing(), tmp_path / "show.csv")
    with open(tmp_path / "show.csv", newline="") as f:
        assert [row["transition"] for row in csv.DictReader(f)] == [">", "->", ">"]
    write_setlist(closing(), tmp_path / "show.json")
    data = json.loads((tmp_path / "show.json").read_text())
    assert [[e["transition"] for e in s["songs"]] for s in data["sets"]] == [[">", "->"], [">"]]
    write_setlist(closing(), tmp_path / "show.txt")
    assert (tmp_path / "show.txt").read_text() == setlist_text(closing())
