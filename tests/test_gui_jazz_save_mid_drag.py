"""A save or an autosave while a note is being dragged keeps the notes where the drag found them: Ctrl+S with
the mouse held wrote the half-moved note, the window then called the project saved, and an Esc (or an Undo
after the release) left the file different from the roll with no sign of it."""

import json

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from test_gui_jazz_page import jazz_page, solo


def shapes(notes) -> list:
    return [(n.start, n.duration, n.pitch, n.velocity) for n in notes]


def saved_notes(path) -> list:
    piece = json.loads(path.read_text())["pieces"][0]
    return [(n["start"], n["duration"], n["pitch"], n["velocity"]) for n in piece["notes"]]


def mid_drag(window, qtbot):
    """The page with a solo whose first note is held by the mouse, a key and a beat from where it was."""
    page = jazz_page(window)
    page.history.add(solo())
    window.resize(1300, 800)
    window.show()
    qtbot.waitExposed(window)
    roll, viewport = page.roll, page.roll.viewport()
    held = roll.piece.notes[2]
    roll.centre_on(held.pitch)
    grab = roll.grid.point_at(held.pitch, held.start + 0.1)
    to = roll.grid.point_at(held.pitch + 5, held.start + 2.1)
    QTest.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, grab)
    QTest.mouseMove(viewport, (grab + to) / 2)
    QTest.mouseMove(viewport, to)
    assert held.pitch == solo().notes[2].pitch + 5  # the drag moves the note as the mouse goes
    return page, viewport, to


def test_a_save_in_mid_drag_keeps_the_notes_where_the_drag_found_them(window, qtbot, tmp_path):
    page, viewport, to = mid_drag(window, qtbot)
    before = shapes(solo().notes)
    path = tmp_path / "night.encore-jazz"
    assert page.project.save_to(str(path))
    assert shapes(page.roll.piece.notes) != before  # still under the mouse, as the user left it
    QTest.keyClick(page.roll, Qt.Key_Escape)  # the drag cancelled: the roll is as saved
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, to)
    assert shapes(page.roll.piece.notes) == before == saved_notes(path)
    assert not page.has_unsaved_changes()


def test_a_save_in_mid_drag_then_the_release_is_an_unsaved_edit(window, qtbot, tmp_path):
    page, viewport, to = mid_drag(window, qtbot)
    path = tmp_path / "night.encore-jazz"
    assert page.project.save_to(str(path))
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, to)
    assert page.has_unsaved_changes() and saved_notes(path) == shapes(solo().notes)
    page.undo_stack.undo()  # back to the saved state: the roll and the file agree
    assert not page.has_unsaved_changes() and shapes(page.roll.piece.notes) == saved_notes(path)


def test_an_autosave_in_mid_drag_keeps_the_edits_made(window, qtbot):
    page, viewport, to = mid_drag(window, qtbot)
    page.project.touch()
    page.autosave.save_now()
    moved = shapes(page.roll.piece.notes)
    assert saved_notes(page.autosave.path) == shapes(solo().notes) != moved
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, to)
    assert shapes(page.roll.piece.notes) == moved
