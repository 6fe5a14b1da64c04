"""Nudging notes to the start of the piece with a triplet snap: float steps of 1/3 left a note at -3.3e-16, Ctrl+S
saved it, and the project then refused to open at all ("start -3.33e-16 is not a non-negative finite number")."""

import json

import pytest
from conftest import jazz_page_showing
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.errors import FileProblem
from engine.jazz.piece import ChordSymbol, Note, Piece
from engine.jazz.project import project_data, read_project


def solo() -> Piece:
    notes = [Note(2.0, 0.5, 60), Note(4.0, 1.0, 64), Note(5.0, 0.5, 67)]
    return Piece("Triplets", notes, [ChordSymbol(0.0, 4.0, "Dm7"), ChordSymbol(4.0, 4.0, "G7")], bars=2)


@pytest.fixture
def page(window, qtbot):
    return jazz_page_showing(window, qtbot, solo())


def select_and_snap(page, beat: float, pitch: int, snap: str) -> Note:
    roll = page.roll
    page.roll_toolbar.snap.setCurrentText(snap)
    roll.centre_on(pitch)
    QTest.mouseClick(roll.viewport(), Qt.LeftButton, Qt.NoModifier, roll.grid.point_at(pitch, beat + 0.1))
    [note] = roll.selected_notes()
    return note


def on_a_48th(time: float) -> bool:
    return time == round(time * 48) / 48


def test_left_keys_with_a_triplet_snap_stop_at_the_start_on_the_grid_and_the_project_reopens(page, window, tmp_path):
    roll = page.roll
    note = select_and_snap(page, 4.0, 64, "1/8 triplet")
    steps = roll.undo_stack.count()
    starts = []
    for _ in range(20):
        QTest.keyClick(roll, Qt.Key_Left)
        starts.append(note.start)
    assert note.start == 0.0  # was -3.3e-16
    assert all(on_a_48th(start) for start in starts)
    assert roll.undo_stack.count() - steps == 12  # one step a nudge; none once the note is at the start
    path = tmp_path / "triplets.encore-jazz"
    assert page.project.save_to(str(path))
    assert [n["start"] for n in json.loads(path.read_text())["pieces"][0]["notes"] if n["pitch"] == 64] == [0.0]
    page.history.clear_pieces()
    window.open_path(str(path))
    assert [n.start for n in page.roll.piece.notes if n.pitch == 64] == [0.0]


def test_sixteenth_triplet_nudges_land_on_the_grid_and_undo_back_exactly(page):
    roll = page.roll
    note = select_and_snap(page, 4.0, 64, "1/16 triplet")
    for _ in range(20):
        QTest.keyClick(roll, Qt.Key_Left)
    assert note.start == 32 / 48  # 4 - 20/6, not 0.6666666666666665
    for _ in range(20):
        roll.undo_stack.undo()
    assert note.start == 4.0


def test_a_nudge_stops_a_whole_step_before_the_start_and_keeps_notes_on_the_grid(page):
    """Moved by what was left before the start, a note on the grid left it (a regression hunt's find): the
    selection moves by whole steps or not at all."""
    roll = page.roll
    roll.select([n for n in roll.piece.notes if n.pitch in (60, 64)])
    roll.piece.notes[0].start = 0.25 + 1 / 3  # off the triplet grid, as a sixteenth snap left it
    page.roll_toolbar.snap.setCurrentText("1/8 triplet")
    roll.nudge_selected(-5)
    assert [n.start for n in roll.piece.notes[:2]] == [0.25, 4 - 1 / 3]
    assert roll.undo_stack.undoText() == "Nudge notes"
    steps = roll.undo_stack.count()
    roll.nudge_selected(-1)  # less than a step before the start: no move, no undo step
    assert roll.undo_stack.count() == steps and roll.piece.notes[0].start == 0.25


def project_with_start(tmp_path, start: float):
    piece = solo().to_json()
    piece["notes"][1]["start"] = start
    path = tmp_path / "saved.encore-jazz"
    data = project_data([solo(), solo()], 0, None, [], {})
    data["pieces"][0] = piece  # as an Encore before the fix saved it
    path.write_text(json.dumps(data))
    return path


def test_a_project_saved_with_a_start_a_float_error_below_zero_opens(tmp_path):
    project = read_project(project_with_start(tmp_path, -3.3306690738754696e-16))
    assert len(project["pieces"]) == 2 and project["pieces"][0].notes[1].start == 0.0


def test_a_truly_negative_start_is_still_refused(tmp_path):
    with pytest.raises(FileProblem, match="start -0.01 is not a non-negative finite number"):
        read_project(project_with_start(tmp_path, -0.01))


def test_a_chord_a_float_error_below_zero_reads_as_zero_but_a_zero_length_is_still_refused():
    data = solo().to_json()
    data["chords"][0]["start"] = -1e-15
    assert Piece.from_json(data).chords[0].start == 0.0
    data["notes"][0]["duration"] = -1e-15
    with pytest.raises(ValueError, match="duration .* is not a positive finite number"):
        Piece.from_json(data)
