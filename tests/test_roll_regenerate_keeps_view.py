"""Regenerating bars, and undoing or redoing it, keeps where the user was in the roll: zoomed in at bar 21, a
Regenerate put the view back at bar 1 at the zoom that fits 8 bars, with the selection and the swept bars gone,
so that trying the bars again meant finding and choosing them again. Another solo, or a new one, still comes up
fitted and from its start."""

from dataclasses import replace

import pytest
from conftest import jazz_page_showing

from engine.jazz.piece import ChordSymbol, Note, Piece

BAR = 20  # bar 21, counted from 0 as the roll counts


def solo(title: str) -> Piece:
    notes = [Note(bar * 4.0 + beat, 0.5, 60 + (bar + beat) % 12) for bar in range(32) for beat in range(4)]
    chords = [ChordSymbol(bar * 4.0, 4.0, ("Dm7", "G7", "Cmaj7", "A7")[bar % 4]) for bar in range(32)]
    return Piece(title, notes, chords, bars=32, meta={"seed": 5})


def regenerated(piece: Piece, bar: int) -> Piece:
    """``piece`` with the notes of ``bar`` improvised again (new notes, other pitches), as a Regenerate gives."""
    new = piece.copy()
    new.notes = [replace(n, pitch=n.pitch + 7) if int(n.start // 4) == bar else n for n in new.notes]
    new.meta.update(reworked=True, seed=6)
    return new


@pytest.fixture
def page(window, qtbot):
    return jazz_page_showing(window, qtbot, solo("Solo 1"))


def view(roll) -> tuple:
    return roll.grid.beat_width, roll.horizontalScrollBar().value(), roll.verticalScrollBar().value()


def at_bar_21_zoomed_in(page) -> tuple:
    """The roll zoomed in, scrolled to bar 21, with the notes of bar 21 and one note of bar 22 selected."""
    roll = page.roll
    roll.zoom(horizontal=2.0)
    roll.horizontalScrollBar().setValue(round(roll.grid.beat_width * BAR * 4))
    roll.centre_on(72)
    roll.select([n for n in roll.piece.notes if int(n.start // 4) == BAR or n.start == (BAR + 1) * 4.0])
    return view(roll)


def test_regenerate_and_its_undo_and_redo_keep_the_zoom_the_scroll_and_the_bars_chosen(page):
    roll, stack = page.roll, page.undo_stack
    fitted = roll.grid.beat_width
    where = at_bar_21_zoomed_in(page)
    assert where[1] > 0 and where[0] == 2 * fitted
    piece = roll.piece
    kept = next(n for n in piece.notes if n.start == (BAR + 1) * 4.0)
    page._regenerated(piece, piece.copy(), regenerated(piece, BAR))
    assert roll.piece is not piece and view(roll) == where
    assert roll.swept_bars == [BAR]  # "try again" is one more Regenerate
    [still] = roll.selected_notes()  # the note of bar 22, not improvised again, is still selected
    assert (still.start, still.pitch) == (kept.start, kept.pitch)
    for step in (stack.undo, stack.redo, stack.undo):
        step()
        assert view(roll) == where and roll.swept_bars == [BAR]
    assert roll.piece is piece


def test_another_solo_or_a_new_one_comes_up_fitted_from_its_start(page):
    roll = page.roll
    at_bar_21_zoomed_in(page)
    page._generated(solo("Improvisation"))  # a new Generate: the page numbers it "Solo 2"
    fitted = view(roll)
    assert fitted[1] == 0 and roll.swept_bars == [] and roll.selected_notes() == []
    at_bar_21_zoomed_in(page)
    page.history.setCurrentRow(0)  # back to the first solo: another solo than the one shown
    assert view(roll)[:2] == fitted[:2] and roll.selected_notes() == [] and roll.swept_bars == []


def test_a_look_alike_solo_chosen_comes_up_fitted_from_its_start(page):
    """Another solo of the same title, bars and chords (a copy kept before regenerating) is another solo."""
    roll = page.roll
    page.history.add(solo("Solo 1"))
    assert [p.title for p in page.history.pieces] == ["Solo 1", "Solo 1"]
    fitted = view(roll)
    at_bar_21_zoomed_in(page)
    page.history.setCurrentRow(0)
    assert view(roll)[:2] == fitted[:2] and roll.selected_notes() == [] and roll.swept_bars == []
