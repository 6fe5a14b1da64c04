"""A set's last song cannot segue: a delete or move that leaves a song with '->' last in its set clears the
mark in the same undo step (undo brings it back), and every export ends a set the same way (the editor, CSV and
stage sheet showed 'Golden Harbor →' closing the set while the text hid it)."""

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
    move_songs(editor.model, [(1, 0)], (1, 3))  # Ghost, marked '>', dropped last in Set 2
    assert marks(editor.model.setlist)[1] == [("Sand", ","), ("Fee", ","), ("Ghost", ",")]
    assert stack.count() == 2
    stack.undo()
    stack.undo()
    assert marks(editor.model.setlist) == marks(show())


def test_a_song_already_last_keeps_its_mark_through_other_edits(editor):
    editor.model.setlist.sets[1].entries[1].transition = "->"  # a set still being built
    editor.select(1, 0)
    editor.delete_selected()
    assert marks(editor.model.setlist)[1] == [("Sand", "->")]


def test_every_export_ends_a_set_without_a_segue(tmp_path):
    from gui.setlists.printing import stage_lines

    closing = Setlist("2026-07-04", "The Barn", [Set("Set 1", [Entry("Tweezer", ">"), Entry("Golden Harbor", "->")]),
                                                 Set("Encore", [Entry("Fee", ">")])])
    assert setlist_text(closing).splitlines()[1:] == ["Set 1: Tweezer > Golden Harbor", "Encore: Fee"]
    songs = [text for kind, text in stage_lines(closing) if kind == "song"]
    assert songs == ["Tweezer  >", "Golden Harbor", "Fee"]
    write_setlist(closing, tmp_path / "show.csv")
    with open(tmp_path / "show.csv", newline="") as f:
        assert [row["transition"] for row in csv.DictReader(f)] == [">", ",", ","]
    write_setlist(closing, tmp_path / "show.json")
    data = json.loads((tmp_path / "show.json").read_text())
    assert [[e["transition"] for e in s["songs"]] for s in data["sets"]] == [[">", ","], [","]]
    assert closing.sets[0].entries[1].transition == "->"  # the show itself is left as it is
