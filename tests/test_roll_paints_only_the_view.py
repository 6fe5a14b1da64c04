"""A long solo (2,000 bars, 16,000 notes) repaints the roll and the velocity lane by drawing only what is on
screen, and the picture is the same pixel for pixel as drawing every note and every grid line."""

import random

import pytest
from PySide6.QtWidgets import QVBoxLayout, QWidget

from engine.jazz.piece import ChordSymbol, Note, Piece


@pytest.fixture
def shown(app, qtbot):
    """A roll with its velocity lane, in a window; ``shown.roll`` and ``shown.lane`` are the two."""
    from gui.jazz.piano_roll import PianoRoll
    from gui.jazz.velocity_lane import VelocityLane

    box = QWidget()
    column = QVBoxLayout(box)
    box.roll = PianoRoll()
    box.lane = VelocityLane(box.roll)
    column.addWidget(box.roll, 1)
    column.addWidget(box.lane)
    qtbot.addWidget(box)
    box.resize(900, 560)
    box.show()
    qtbot.waitExposed(box)
    return box


def long_solo(bars: int = 2000) -> Piece:
    notes = [Note(bar * 4 + i * 0.5, 0.5, 60 + (bar + i) % 12, 40 + (bar * 7 + i) % 80)
             for bar in range(bars) for i in range(8)]
    return Piece("Fifty choruses", notes, [ChordSymbol(b * 4.0, 4.0, "Dm7") for b in range(bars)], bars=bars)


def tricky_solo() -> Piece:
    """Notes of every length on a 1/48 grid, over and under one another and off the top and bottom of the
    view: whichever way the view is scrolled, some start before it and end inside it, or run across it."""
    rng = random.Random(7)
    notes = [Note(rng.randrange(64 * 4 * 48) / 48, rng.choice([1 / 48, 1 / 12, 0.25, 1.0, 3.0, 9.0, 30.0]),
                  rng.randint(21, 108), rng.randint(1, 127)) for _ in range(900)]
    notes += [Note(0.0, 250.0, 67, 100), Note(100.0, 1 / 48, 66, 20)]  # one across the whole piece; a tiny one
    chords = [ChordSymbol(b * 4.0, 4.0, rng.choice(["Dm7", "G7", "Cmaj7"])) for b in range(64)]
    return Piece("Tricky", notes, chords, bars=64)


def full_paint(monkeypatch):
    """Draw every note, stem, grid line and bar number, as before the roll looked at what is on screen."""
    from gui.jazz import roll_painting
    from gui.jazz.velocity_lane import VelocityLane

    monkeypatch.setattr(roll_painting, "view_span", lambda p: (-1e9, 1e9))
    monkeypatch.setattr(VelocityLane, "_stems_in_view",
                        lambda self, dx: self.roll.piece.notes if self.roll.piece else [])


@pytest.mark.parametrize("snap", [0.25, 1 / 3, None])
def test_the_picture_is_the_same_as_drawing_every_note(shown, monkeypatch, snap):
    roll = shown.roll
    piece = tricky_solo()
    roll.set_piece(piece)
    roll.set_snap(snap)
    roll.select(piece.notes[::5])
    for zoom in (1.0, 0.37, 14.0):
        roll.zoom(horizontal=zoom)
        h, v = roll.horizontalScrollBar(), roll.verticalScrollBar()
        for x in (0, 37, 1001, 2345, 4003, h.maximum()):
            h.setValue(min(x, h.maximum()))
            for y in (0, v.maximum() // 2):
                v.setValue(y)
                culled = shown.grab().toImage()
                with monkeypatch.context() as patched:
                    full_paint(patched)
                    everything = shown.grab().toImage()
                assert culled == everything, f"beat width {roll.grid.beat_width}, scrolled to {h.value()}, {y}"


def count_calls(monkeypatch, owner, name) -> list:
    calls, real = [], getattr(owner, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def test_a_long_solo_draws_only_the_notes_and_lines_on_screen(shown, monkeypatch):
    from gui.jazz import roll_painting

    roll = shown.roll
    roll.set_piece(long_solo())
    roll.horizontalScrollBar().setValue(roll.horizontalScrollBar().maximum() // 2)
    notes, pens = count_calls(monkeypatch, roll_painting, "note_color"), count_calls(monkeypatch, roll_painting, "QPen")
    roll.viewport().repaint()
    # 8 bars in view: 64 notes and 129 sixteenth lines (not 16,000 notes and 32,000 lines)
    assert 0 < len(notes) <= 80
    assert len(pens) <= 300


def test_a_long_solo_draws_only_the_stems_on_screen(shown, monkeypatch):
    roll, lane = shown.roll, shown.lane
    roll.set_piece(long_solo())
    roll.horizontalScrollBar().setValue(roll.horizontalScrollBar().maximum() // 2)
    stems = count_calls(monkeypatch, lane, "_shown")
    lane.repaint()
    assert 0 < len(stems) <= 80


def test_the_notes_across_a_span_of_pixels_are_those_drawn_there_in_their_order():
    from gui.jazz.grid import KEYBOARD_WIDTH, Grid

    grid = Grid(beat_width=48.0, scroll_x=480.0)  # the view begins at beat 10
    long, tiny, inside, after, before = (Note(2.0, 9.0, 60), Note(10.0, 1 / 48, 61), Note(11.0, 1.0, 62),
                                         Note(40.0, 1.0, 63), Note(1.0, 8.5, 64))
    notes = [inside, long, after, tiny, before]
    left = KEYBOARD_WIDTH
    assert grid.notes_across(notes, left, left + 100) == [inside, long, tiny]
    # a note shorter than a pixel is drawn 3 pixels wide, and a hover on its third pixel finds it
    assert grid.notes_across(notes, left + 2.5, left + 2.5) == [long, tiny]
    assert grid.notes_starting(notes, left, left + 100) == [inside, tiny]
