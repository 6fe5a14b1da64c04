"""The piano roll driven like a user: mouse events in musical coordinates, keys, wheel, undo."""

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolButton

from engine.jazz.piece import ChordSymbol, Note, Piece
from gui.jazz.piano_roll import OFF_THE_KEYBOARD


def small_piece() -> Piece:
    notes = [Note(0.0, 1.0, 64), Note(1.0, 0.5, 67), Note(4.0, 2.0, 72, 100)]
    chords = [ChordSymbol(0.0, 4.0, "Dm7"), ChordSymbol(4.0, 4.0, "G7")]
    return Piece("Test", notes, chords, bars=2, tempo=120.0)


@pytest.fixture
def roll(app, qtbot):
    from gui.jazz.piano_roll import PianoRoll

    view = PianoRoll()
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    view.set_piece(small_piece())
    view.set_snap(0.25)
    return view


def click(roll, pitch, beat, modifier=Qt.NoModifier):
    QTest.mouseClick(roll.viewport(), Qt.LeftButton, modifier, roll.grid.point_at(pitch, beat))


def drag(roll, start: QPoint, end: QPoint):
    viewport = roll.viewport()
    QTest.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, start)
    middle = (start + end) / 2
    QTest.mouseMove(viewport, QPoint(round(middle.x()), round(middle.y())))
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, end)


def wheel(roll, point: QPoint, delta: int, modifiers):
    event = QWheelEvent(QPointF(point), QPointF(roll.viewport().mapToGlobal(point)), QPoint(), QPoint(0, delta),
                        Qt.NoButton, modifiers, Qt.NoScrollPhase, False)
    QApplication.sendEvent(roll.viewport(), event)


def shapes(piece):
    return sorted((n.start, n.duration, n.pitch) for n in piece.notes)


def test_double_click_adds_a_snapped_note_and_undo_removes_it(roll):
    before = shapes(roll.piece)
    QTest.mouseDClick(roll.viewport(), Qt.LeftButton, Qt.NoModifier, roll.grid.point_at(60, 2.6))
    assert (2.5, 0.25, 60) in shapes(roll.piece)
    assert roll.undo_stack.count() == 1
    roll.undo_stack.undo()
    assert shapes(roll.piece) == before
    roll.undo_stack.redo()
    assert (2.5, 0.25, 60) in shapes(roll.piece)


def test_double_click_on_a_note_deletes_it(roll):
    QTest.mouseDClick(roll.viewport(), Qt.LeftButton, Qt.NoModifier, roll.grid.point_at(72, 5.0))
    assert all(n.pitch != 72 for n in roll.piece.notes)


def test_drag_moves_a_note_as_one_undo_step(roll):
    drag(roll, roll.grid.point_at(64, 0.4), roll.grid.point_at(62, 2.4))
    assert (2.0, 1.0, 62) in shapes(roll.piece) and (0.0, 1.0, 64) not in shapes(roll.piece)
    assert roll.undo_stack.count() == 1 and roll.undo_stack.undoText() == "Move notes"
    roll.undo_stack.undo()
    assert (0.0, 1.0, 64) in shapes(roll.piece)


def test_dragging_notes_past_the_start_stops_the_earliest_at_beat_0_and_keeps_the_spacing(roll):
    """Each note was clamped at 0 on its own, so the two notes below ended up on top of each other."""
    click(roll, 67, 1.2)
    click(roll, 72, 5.0, Qt.ControlModifier)
    drag(roll, roll.grid.point_at(72, 5.0), roll.grid.point_at(72, 0.0))
    assert shapes(roll.piece) == [(0.0, 0.5, 67), (0.0, 1.0, 64), (3.0, 2.0, 72)]


def test_dragging_notes_up_or_down_stops_the_selection_at_the_piano_keys(roll):
    """A drag moved notes up to MIDI 127 or down to 0, past the keyboard's A0-C8: drawn out of sight and out of
    the scroll's reach, yet played and exported. The selection now stops at the edge, its spacing kept."""
    low, high = roll.add_note(60, 13.0, 0.5), roll.add_note(100, 14.0, 0.5)
    roll.zoom(vertical=0.4)
    roll.centre_on(80)
    roll.select([low, high])
    drag(roll, roll.grid.point_at(60, 13.1), roll.grid.point_at(95, 13.1))
    assert (low.pitch, high.pitch) == (68, 108)
    roll.centre_on(74)
    roll.select([low, high])
    drag(roll, roll.grid.point_at(108, 14.1), roll.grid.point_at(40, 14.1))  # the high note down 68 keys
    assert (low.pitch, high.pitch) == (21, 61)


def test_dragging_the_right_edge_resizes(roll):
    drag(roll, roll.grid.point_at(72, 5.97), roll.grid.point_at(72, 7.0))
    assert (4.0, 3.0, 72) in shapes(roll.piece)
    assert roll.undo_stack.undoText() == "Resize notes"


def test_a_click_on_a_note_off_the_grid_selects_it_and_changes_nothing(roll):
    """A generated triplet at beat 1/3 jumped to 0.25 on a plain click, and an edge click doubled a length."""
    roll.set_piece(Piece("Triplets", [Note(1 / 3, 1 / 3, 64), Note(2 / 3, 0.3, 67)], [], bars=1, tempo=120.0))
    before = shapes(roll.piece)
    click(roll, 64, 0.5)
    edge = roll.grid.point_at(67, 0.96)
    QTest.mousePress(roll.viewport(), Qt.LeftButton, Qt.NoModifier, edge)
    QTest.mouseMove(roll.viewport(), edge + QPoint(2, 1))  # a hand's tremble, under the drag distance
    QTest.mouseRelease(roll.viewport(), Qt.LeftButton, Qt.NoModifier, edge + QPoint(2, 1))
    assert shapes(roll.piece) == before and roll.undo_stack.count() == 0
    assert [n.pitch for n in roll.selected_notes()] == [67]


def test_rubber_band_selects_and_delete_removes(roll):
    drag(roll, roll.grid.point_at(70, -0.0) + QPoint(2, 0), roll.grid.point_at(60, 2.0))
    assert sorted(n.pitch for n in roll.selected_notes()) == [64, 67]
    QTest.keyClick(roll, Qt.Key_Delete)
    assert [n.pitch for n in roll.piece.notes] == [72]
    roll.undo_stack.undo()
    assert len(roll.piece.notes) == 3


def test_click_selects_and_ctrl_click_adds_to_the_selection(roll):
    click(roll, 64, 0.5)
    assert [n.pitch for n in roll.selected_notes()] == [64]
    click(roll, 72, 5.0, Qt.ControlModifier)
    assert sorted(n.pitch for n in roll.selected_notes()) == [64, 72]
    click(roll, 50, 7.0)
    assert roll.selected_notes() == []


def test_keys_transpose_nudge_and_select_all(roll):
    roll.setFocus()
    QTest.keyClick(roll, Qt.Key_A, Qt.ControlModifier)
    assert len(roll.selected_notes()) == 3
    QTest.keyClick(roll, Qt.Key_Up)
    QTest.keyClick(roll, Qt.Key_Up, Qt.ShiftModifier)
    QTest.keyClick(roll, Qt.Key_Right)
    assert shapes(roll.piece) == [(0.25, 1.0, 77), (1.25, 0.5, 80), (4.25, 2.0, 85)]
    assert roll.undo_stack.count() == 3
    for _ in range(3):
        roll.undo_stack.undo()
    assert shapes(roll.piece) == shapes(small_piece())


def test_alt_arrows_and_the_key_buttons_move_the_whole_piece_with_its_chords(roll):
    from gui.jazz.roll_toolbar import RollToolbar

    bar, refused = RollToolbar(roll), []
    roll.refused.connect(refused.append)
    roll.piece.meta["chords"] = "Dm7 | G7"  # the chart it was improvised over: the history's tooltip shows it
    roll.setFocus()
    QTest.keyClick(roll, Qt.Key_Up, Qt.AltModifier)  # nothing selected: the whole piece still moves
    assert shapes(roll.piece) == [(0.0, 1.0, 65), (1.0, 0.5, 68), (4.0, 2.0, 73)]
    assert [c.symbol for c in roll.piece.chords] == ["Ebm7", "Ab7"] and roll.piece.meta["chords"] == "Ebm7 | Ab7"
    assert roll.undo_stack.undoText() == "Transpose piece up 1 semitone"
    QTest.keyClick(roll, Qt.Key_Down, Qt.AltModifier | Qt.ShiftModifier)
    assert shapes(roll.piece) == [(0.0, 1.0, 53), (1.0, 0.5, 56), (4.0, 2.0, 61)]
    assert roll.undo_stack.undoText() == "Transpose piece down an octave"
    next(b for b in bar.findChildren(QToolButton) if b.text() == "♭").click()
    assert [c.symbol for c in roll.piece.chords] == ["Dm7", "G7"] and shapes(roll.piece)[0][2] == 52
    for _ in range(3):
        roll.undo_stack.undo()
    assert shapes(roll.piece) == shapes(small_piece()) and [c.symbol for c in roll.piece.chords] == ["Dm7", "G7"]
    assert roll.piece.meta["chords"] == "Dm7 | G7"
    roll.undo_stack.redo()
    assert [c.symbol for c in roll.piece.chords] == ["Ebm7", "Ab7"] and roll.piece.meta["chords"] == "Ebm7 | Ab7"
    steps = roll.undo_stack.index()  # the undone steps after it go when a new one is pushed
    for _ in range(3):  # 73 + 24 = 97; the third would be 109, over the piano's top key (108): out of sight
        QTest.keyClick(roll, Qt.Key_Up, Qt.AltModifier | Qt.ShiftModifier)
    assert max(n.pitch for n in roll.piece.notes) == 97 and roll.undo_stack.count() == steps + 2
    assert refused == [OFF_THE_KEYBOARD]


def test_arrow_keys_keep_selected_notes_on_the_rolls_keys(roll):
    """Shift+Up took notes above C8, where the roll draws nothing, though they still played and exported."""
    refused = []
    roll.refused.connect(refused.append)
    roll.setFocus()
    QTest.keyClick(roll, Qt.Key_A, Qt.ControlModifier)
    for _ in range(4):
        QTest.keyClick(roll, Qt.Key_Up, Qt.ShiftModifier)  # 72 + 36 = 108, the top key; the fourth would pass it
    assert max(n.pitch for n in roll.piece.notes) == 108 and roll.undo_stack.count() == 3
    assert refused == [OFF_THE_KEYBOARD]
    roll.piece.notes[0].pitch = 110  # a file's note already above the keys may still come down towards them
    roll.select_all()
    QTest.keyClick(roll, Qt.Key_Down)
    assert roll.piece.notes[0].pitch == 109 and roll.undo_stack.count() == 4


def test_space_asks_to_play(roll, qtbot):
    with qtbot.waitSignal(roll.play_pause_requested, timeout=1000):
        QTest.keyClick(roll, Qt.Key_Space)


def test_alt_wheel_changes_velocity_in_one_step(roll):
    click(roll, 64, 0.5)
    point = roll.grid.point_at(64, 0.5)
    for _ in range(3):
        wheel(roll, point, 120, Qt.AltModifier)
    assert roll.piece.notes[0].velocity == 105
    assert roll.undo_stack.count() == 1
    roll.undo_stack.undo()
    assert roll.piece.notes[0].velocity == 90


def test_ctrl_wheel_zooms_time_and_snap_off_places_freely(roll):
    width = roll.grid.point_at(60, 1.0).x() - roll.grid.point_at(60, 0.0).x()
    wheel(roll, roll.grid.point_at(60, 0.0), 240, Qt.ControlModifier)
    wider = roll.grid.point_at(60, 1.0).x() - roll.grid.point_at(60, 0.0).x()
    assert wider > width * 1.2
    roll.set_snap(None)
    QTest.mouseDClick(roll.viewport(), Qt.LeftButton, Qt.NoModifier, roll.grid.point_at(60, 2.6))
    added = next(n for n in roll.piece.notes if n.pitch == 60)
    assert added.start == pytest.approx(2.6, abs=0.05)


def test_playhead_scrolls_into_view(roll):
    roll.zoom(horizontal=6)
    roll.set_playhead(7.5)
    x = roll.grid.point_at(60, 7.5).x()
    assert 0 < x < roll.viewport().width()


def test_toolbar_velocity_and_snap(roll):
    from gui.jazz.roll_toolbar import RollToolbar

    bar = RollToolbar(roll)
    bar.snap.setCurrentText("1/8 triplet")
    assert roll.grid.snap == pytest.approx(1 / 3)
    click(roll, 72, 5.0)
    assert bar.velocity.isEnabled() and bar.velocity.value() == 100
    bar.velocity.setValue(40)
    assert roll.piece.notes[-1].velocity == 40
    steps = roll.undo_stack.count()
    bar.velocity.setValue(55)
    bar.velocity.setValue(100)  # typed back to where it began: one merged step that changes nothing is none
    assert roll.undo_stack.count() == steps - 1 and roll.piece.notes[-1].velocity == 100


def test_a_click_on_a_grid_line_lands_on_it_at_any_zoom(roll):
    for width in (52.5, 37.3, 61.7, 29.9):
        roll.grid.beat_width = width
        for beat in (13.0, 2.25, 7.75):
            x = roll.grid.point_at(60, beat).x()  # a whole pixel, up to half a pixel off the line
            assert roll.grid.snapped_down(roll.grid.beat_at(x)) == beat


def test_a_drag_under_way_when_another_piece_comes_up_edits_nothing(roll):
    """A Generate landing mid-drag put the new piece up; the release moved a note of the hidden one, unseen, and
    Ctrl+Z then undid that out of sight."""
    first = roll.piece
    before = shapes(first)
    viewport = roll.viewport()
    start = roll.grid.point_at(64, 0.4)
    QTest.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(12, 0))
    roll.set_piece(small_piece())  # the new solo arrives while the button is held
    end = roll.grid.point_at(62, 2.4)
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, end)
    assert shapes(first) == before and shapes(roll.piece) == before and roll.undo_stack.count() == 0


def test_a_rubber_band_over_silent_bars_chooses_them_for_regenerate(roll):
    """Regenerate took its bars from the selected notes only, and a silent bar has none to select: the bars a
    long-silence warning named could not be improvised again in the window."""
    roll.set_piece(Piece("Gap", [Note(0.0, 1.0, 64), Note(8.0, 1.0, 67)], [], bars=3, tempo=120.0))
    drag(roll, roll.grid.point_at(66, 4.5), roll.grid.point_at(63, 7.5))  # over bar 2, where nothing plays
    assert roll.swept_bars == [1] and roll.selected_notes() == []
    drag(roll, roll.grid.point_at(69, 0.5), roll.grid.point_at(62, 9.5))  # bars 1-3: their notes and the bars
    assert roll.swept_bars == [0, 1, 2] and len(roll.selected_notes()) == 2
    click(roll, 66, 2.0)  # a plain click elsewhere: nothing swept
    assert roll.swept_bars == []
    drag(roll, roll.grid.point_at(66, 4.5), roll.grid.point_at(63, 7.5))
    roll.select_all()  # a selection made otherwise sweeps no bars
    assert roll.swept_bars == []


def test_delete_then_undo_gives_the_piece_back_in_its_own_order(roll):
    """Undo re-sorted the notes, and a moved note is not re-sorted: the piece came back in another order, so a
    Regenerate running meanwhile found it 'edited' and dropped its bars, and the saved project changed."""
    first = roll.piece.notes[0]
    roll.select([first])
    for _ in range(8):
        roll.nudge_selected(1)  # beat 0 to beat 2: past the second note, where a sort would put it
    before = roll.piece.to_json()
    roll.select([roll.piece.notes[2]])
    roll.delete_selected()
    roll.undo_stack.undo()
    assert roll.piece.to_json() == before
    roll.undo_stack.redo()
    roll.undo_stack.undo()
    assert roll.piece.to_json() == before


def test_a_drag_whose_release_never_came_is_put_back_at_the_next_press(roll):
    """Its notes stayed where the mouse had taken them with no undo step, and the next drag began from there."""
    before = shapes(roll.piece)
    viewport = roll.viewport()
    QTest.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, roll.grid.point_at(64, 0.4))
    QTest.mouseMove(viewport, roll.grid.point_at(60, 0.4))  # the button is let go over another window
    QTest.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, roll.grid.point_at(72, 4.5))
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, roll.grid.point_at(72, 4.5))
    assert shapes(roll.piece) == before and roll.undo_stack.count() == 0


def band(roll, start: QPoint, ends: list[QPoint], modifier):
    """A rubber band dragged from ``start`` through ``ends`` with ``modifier`` held; the selection after each."""
    viewport = roll.viewport()
    QTest.mousePress(viewport, Qt.LeftButton, modifier, start)
    seen = []
    for end in ends:
        QTest.mouseMove(viewport, end)
        seen.append(sorted(n.pitch for n in roll.selected_notes()))
    QTest.mouseRelease(viewport, Qt.LeftButton, modifier, ends[-1])
    return seen


@pytest.mark.parametrize("modifier", [Qt.ShiftModifier, Qt.ControlModifier])
def test_a_band_with_shift_or_ctrl_adds_to_the_selection_held_when_it_began(roll, modifier):
    """Shift- or Ctrl-clicked notes were dropped by the band dragged after them: it replaced the selection."""
    roll.set_piece(Piece("Band", [Note(0.0, 1.0, 64), Note(1.0, 0.5, 67), Note(4.0, 1.0, 72), Note(6.0, 1.0, 70)],
                         [], bars=2, tempo=120.0))
    click(roll, 64, 0.5)
    click(roll, 67, 1.25, modifier)
    start = roll.grid.point_at(75, 3.5)
    over_72, over_both = roll.grid.point_at(69, 5.5), roll.grid.point_at(69, 7.5)
    # the band grows over 72, then 70; shrinks back off 70; the notes held before it stay all along
    seen = band(roll, start, [over_72, over_both, over_72], modifier)
    assert seen == [[64, 67, 72], [64, 67, 70, 72], [64, 67, 72]]
    assert sorted(n.pitch for n in roll.selected_notes()) == [64, 67, 72] and roll.undo_stack.count() == 0
    # without a modifier the band replaces the selection, as it did
    assert band(roll, start, [over_both], Qt.NoModifier) == [[70, 72]]
