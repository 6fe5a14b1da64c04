"""No edit in the piano roll puts a note past bar 2,000, the end of the longest solo a project opens: a note nudged,
dragged, stretched or double-clicked into the shaded bar after a 2,000-bar solo was saved, and then the whole
project was refused on opening ("a note or chord ends at quarter note 8000.5, past bar 2,000"), every solo lost."""

import json

import pytest
from conftest import jazz_page_showing
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from engine.jazz.piece import MAX_BARS, ChordSymbol, Note, Piece
from tests.test_gui_jazz_roll import drag

END = MAX_BARS * 4.0  # quarter notes in 2,000 bars of 4/4


def longest_solo() -> Piece:
    notes = [Note(0.0, 1.0, 60), Note(END - 2.0, 0.5, 67), Note(END - 0.5, 0.5, 72)]
    return Piece("Long", notes, [ChordSymbol(0.0, END, "Cmaj7")], bars=MAX_BARS)


@pytest.fixture
def page(window, qtbot):
    page = jazz_page_showing(window, qtbot, longest_solo())
    roll = page.roll
    roll.horizontalScrollBar().setValue(roll.horizontalScrollBar().maximum())  # the last bars in view
    roll.centre_on(70)
    page.said = []
    page.status.connect(page.said.append)
    return page


def last(page) -> Note:
    return next(n for n in page.roll.piece.notes if n.pitch == 72)


def reopens(page, window, path) -> Piece:
    """The project saved to ``path`` and opened again: its piece."""
    assert page.project.save_to(str(path))
    assert max(n["start"] + n["duration"] for n in json.loads(path.read_text())["pieces"][0]["notes"]) <= END
    page.history.clear_pieces()
    window.open_path(str(path))
    assert len(page.history.pieces) == 1, page.said
    return page.roll.piece


def test_right_arrow_stops_a_note_at_the_end_of_bar_2000_says_why_and_the_project_reopens(page, window, tmp_path):
    roll = page.roll
    note = last(page)
    roll.select([note])
    roll.setFocus()
    steps = roll.undo_stack.count()
    QTest.keyClick(roll, Qt.Key_Right)
    QTest.keyClick(roll, Qt.Key_Right)
    assert (note.start, note.end) == (END - 0.5, END)
    assert roll.undo_stack.count() == steps  # no edit made
    assert page.said and "bar 2,000" in page.said[-1]
    QTest.keyClick(roll, Qt.Key_Left)  # back is allowed
    assert note.start == END - 0.5 - roll.grid.step
    assert reopens(page, window, tmp_path / "nudged.encore-jazz").notes[-1].end <= END


def test_dragging_notes_past_the_end_stops_them_there(page, window, tmp_path):
    roll = page.roll
    g = roll.grid
    last(page).start = END - 1.0  # half a beat of room
    roll.select([n for n in roll.piece.notes if n.start > 10])
    drag(roll, g.point_at(67, END - 1.9), g.point_at(67, END + 3.0))  # a bar on, into the shaded bar
    assert last(page).end == END and roll.piece.notes[1].start == END - 1.5  # both half a beat on: spacing kept
    assert "bar 2,000" in page.said[-1]
    assert reopens(page, window, tmp_path / "dragged.encore-jazz").notes[-1].end == END


def test_stretching_a_note_past_the_end_stops_it_there(page):
    roll = page.roll
    g = roll.grid
    note = next(n for n in roll.piece.notes if n.pitch == 67)
    edge = g.note_rect(note.start, note.duration, note.pitch)
    grab = QPoint(round(edge.right()) - 2, round(edge.center().y()))
    drag(roll, grab, g.point_at(67, END + 3.0))
    assert note.end == END
    assert "bar 2,000" in page.said[-1]


def test_double_clicking_after_the_end_adds_no_note_and_a_note_drawn_before_it_ends_there(page, window, tmp_path):
    roll = page.roll
    QTest.mouseDClick(roll.viewport(), Qt.LeftButton, Qt.NoModifier, roll.grid.point_at(64, END + 1.5))
    assert len(roll.piece.notes) == 3
    assert "bar 2,000" in page.said[-1]
    roll.new_note_length = 2.0  # the length last drawn: it would run a bar and a half past the end
    QTest.mouseDClick(roll.viewport(), Qt.LeftButton, Qt.NoModifier, roll.grid.point_at(64, END - 0.4))
    [drawn] = [n for n in roll.piece.notes if n.pitch == 64]
    assert drawn.start == END - 0.5 and drawn.end == END
    assert len(reopens(page, window, tmp_path / "drawn.encore-jazz").notes) == 4


def test_the_reader_takes_a_note_ending_at_the_end_of_bar_2000_and_refuses_one_past_it():
    data = longest_solo().to_json()
    data["notes"][-1]["duration"] = 0.5 + 1e-12  # a float step over, as nudges by thirds leave
    assert Piece.from_json(data).notes[-1].end == pytest.approx(END)
    data["notes"][-1]["duration"] = 1.0
    with pytest.raises(ValueError, match="past bar 2,000"):
        Piece.from_json(data)
    assert longest_solo().latest_end == END and Piece(beats_per_bar=3).latest_end == MAX_BARS * 3
