"""The roll's keyboard edits keep the notes the user chose selected, after the key, its Undo and its Redo, so
the next key acts on them again. Alt+Up / Alt+Down (the whole piece in another key) dropped the selection."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolButton
from test_gui_jazz_roll import roll as shown_roll  # noqa: F401 - a fixture, used by name

from engine.jazz.piece import ChordSymbol, Note, Piece


def small_piece() -> Piece:
    notes = [Note(0.0, 1.0, 64), Note(1.1, 0.5, 67), Note(4.0, 2.0, 72, 100)]  # the second off the 1/16 grid
    chords = [ChordSymbol(0.0, 4.0, "Dm7"), ChordSymbol(4.0, 4.0, "G7")]
    return Piece("Test", notes, chords, bars=2, tempo=120.0)


@pytest.fixture
def roll(shown_roll):  # noqa: F811 - the roll tests' shown roll, given this file's piece
    """The roll tests' roll, shown with this file's piece (a note off the grid, for Q) and the focus."""
    shown_roll.set_piece(small_piece())
    shown_roll.setFocus()
    return shown_roll


def chosen(roll) -> list[int]:
    """The selected notes, by identity, in the piece's order."""
    return [id(n) for n in roll.selected_notes()]


def pitches(roll) -> list[int]:
    return [n.pitch for n in roll.piece.notes]


ALT_KEYS = [(Qt.Key_Up, Qt.AltModifier, 1), (Qt.Key_Down, Qt.AltModifier, -1),
            (Qt.Key_Up, Qt.AltModifier | Qt.ShiftModifier, 12), (Qt.Key_Down, Qt.AltModifier | Qt.ShiftModifier, -12)]


@pytest.mark.parametrize(("key", "modifiers", "semitones"), ALT_KEYS)
def test_alt_arrows_keep_the_selection_through_undo_and_redo(roll, key, modifiers, semitones):
    first_two = roll.piece.notes[:2]
    roll.select(first_two)
    QTest.keyClick(roll, key, modifiers)
    assert pitches(roll) == [64 + semitones, 67 + semitones, 72 + semitones]  # the whole piece moved
    assert chosen(roll) == [id(n) for n in first_two]
    QTest.keyClick(roll, key, modifiers)  # pressed again: still the same notes chosen
    assert pitches(roll) == [64 + 2 * semitones, 67 + 2 * semitones, 72 + 2 * semitones]
    assert chosen(roll) == [id(n) for n in first_two]
    roll.undo_stack.undo()
    assert pitches(roll)[0] == 64 + semitones and chosen(roll) == [id(n) for n in first_two]
    roll.undo_stack.undo()
    assert pitches(roll)[0] == 64 and chosen(roll) == [id(n) for n in first_two]
    roll.undo_stack.redo()
    assert pitches(roll)[0] == 64 + semitones and chosen(roll) == [id(n) for n in first_two]


def test_the_next_key_after_alt_up_acts_on_the_chosen_notes(roll):
    """After Alt+Up the user's Up and Delete still reach the notes chosen before it (they reached none)."""
    first_two = roll.piece.notes[:2]
    roll.select(first_two)
    QTest.keyClick(roll, Qt.Key_Up, Qt.AltModifier)
    QTest.keyClick(roll, Qt.Key_Up)
    assert pitches(roll) == [66, 69, 73]
    QTest.keyClick(roll, Qt.Key_Delete)
    assert pitches(roll) == [73]


def test_the_key_buttons_keep_the_selection_too(roll, qtbot):
    from gui.jazz.roll_toolbar import RollToolbar

    bar = RollToolbar(roll)
    qtbot.addWidget(bar)
    roll.select(roll.piece.notes[2:])
    next(b for b in bar.findChildren(QToolButton) if b.text() == "♯").click()
    assert pitches(roll) == [65, 68, 73] and chosen(roll) == [id(roll.piece.notes[2])]
    roll.undo_stack.undo()
    assert pitches(roll) == [64, 67, 72] and chosen(roll) == [id(roll.piece.notes[2])]


def test_alt_arrows_with_nothing_selected_select_nothing(roll):
    QTest.keyClick(roll, Qt.Key_Up, Qt.AltModifier)
    roll.undo_stack.undo()
    roll.undo_stack.redo()
    assert pitches(roll) == [65, 68, 73] and chosen(roll) == []


# The other note edits on keys already kept it: guarded here so that they go on doing so.
NOTE_KEYS = [(Qt.Key_Up, Qt.NoModifier), (Qt.Key_Down, Qt.NoModifier), (Qt.Key_Up, Qt.ShiftModifier),
             (Qt.Key_Down, Qt.ShiftModifier), (Qt.Key_Left, Qt.NoModifier), (Qt.Key_Right, Qt.NoModifier),
             (Qt.Key_Q, Qt.NoModifier), (Qt.Key_Q, Qt.ShiftModifier)]


@pytest.mark.parametrize(("key", "modifiers"), NOTE_KEYS)
def test_note_keys_keep_the_selection_through_undo_and_redo(roll, key, modifiers):
    last_two = roll.piece.notes[1:]  # not at the start, so Left has room; one off the grid, so Q moves it
    roll.select(last_two)
    QTest.keyClick(roll, key, modifiers)
    assert roll.undo_stack.count() == 1  # the key made an edit
    for step in (lambda: None, roll.undo_stack.undo, roll.undo_stack.redo):
        step()
        assert chosen(roll) == [id(n) for n in last_two]


def test_delete_selects_the_notes_its_undo_brings_back(roll):
    first_two = roll.piece.notes[:2]
    roll.select(first_two)
    QTest.keyClick(roll, Qt.Key_Delete)
    assert chosen(roll) == []
    roll.undo_stack.undo()
    assert chosen(roll) == [id(n) for n in first_two]
    roll.undo_stack.redo()
    assert chosen(roll) == [] and len(roll.piece.notes) == 1
