"""Two things the Jazz page showed or wrote out of step with what the user asked for.

A name typed in the Export dialog with a suffix the writer knows but the filter does not list ('score.xml' with
the filter on MIDI) became 'score.xml.mid', MIDI: the user asking for MusicXML got MIDI without a word.

A solo's tooltip in the history named the chords it was made over, but a transpose changes them in place: after
Alt+Up twice the piece was over Em7 A7 and its tooltip still said Dm7 G7, until a rename or a reopen.
"""

from __future__ import annotations

import mido
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from engine.jazz.piece import ChordSymbol
from gui.save_dialog import save_path
from tests.test_gui_jazz_page import jazz_page, solo

JAZZ_EXPORT = "MIDI file (*.mid);;MusicXML score (*.musicxml);;WAV audio (*.wav)"
SETLIST_EXPORT = "Stage setlist PDF (*.pdf);;Plain text (*.txt);;CSV (*.csv);;JSON (*.json)"


def typed(monkeypatch, path, chosen: str) -> None:
    """The save dialog answers ``path`` as typed, with the filter ``chosen``."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(path), chosen))


@pytest.mark.parametrize("name", ["score.xml", "song.mxl", "take.midi", "Take.MIDI", "chart.XML"])
def test_a_name_with_another_spelling_of_a_listed_format_is_kept_as_typed(window, monkeypatch, tmp_path, name):
    typed(monkeypatch, tmp_path / name, "MIDI file (*.mid)")
    assert save_path(window, "Export piece", "Solo.mid", JAZZ_EXPORT) == str(tmp_path / name)


@pytest.mark.parametrize(("name", "chosen", "written"), [
    ("take", "MIDI file (*.mid)", "take.mid"),
    ("take.txt", "MIDI file (*.mid)", "take.txt.mid"),  # no format the writer knows: the filter's, as before
    ("score.xml", "CSV (*.csv)", None),  # the setlist's filters list no MusicXML: not kept
    ("set.txt", "CSV (*.csv)", "set.txt"),
    ("set.csv", "Plain text (*.txt)", "set.csv"),
    ("set.midi", "JSON (*.json)", "set.midi.json"),
])
def test_other_names_still_get_the_chosen_filters_suffix(window, monkeypatch, tmp_path, name, chosen, written):
    filters = JAZZ_EXPORT if "MIDI" in chosen else SETLIST_EXPORT
    typed(monkeypatch, tmp_path / name, chosen)
    assert save_path(window, "Export", "x", filters) == str(tmp_path / (written or name + ".csv"))


def test_exporting_score_xml_with_the_filter_on_midi_writes_musicxml(window, qtbot, monkeypatch, tmp_path):
    page = jazz_page(window)
    page.history.add(solo())
    for name in ("score.xml", "song.mxl", "take.midi"):
        typed(monkeypatch, tmp_path / name, "MIDI file (*.mid)")
        page.project.export_dialog()
        qtbot.waitUntil(lambda n=name: (tmp_path / n).exists() and not page.jobs.busy, timeout=30_000)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["score.xml", "song.mxl", "take.midi"]
    assert b"<score-partwise" in (tmp_path / "score.xml").read_bytes()
    assert not (tmp_path / "song.mxl").read_bytes().startswith(b"MThd")  # MusicXML, not MIDI
    assert len(mido.MidiFile(str(tmp_path / "take.midi")).tracks) >= 1


def tooltip(page, row: int = 0) -> str:
    return page.history.item(row).toolTip()


def test_the_history_tooltip_follows_a_transpose_its_undo_and_redo(window):
    page = jazz_page(window)
    piece = solo()
    piece.meta["chords"] = "Dm7 G7"
    page.history.add(piece)
    assert "chords: Dm7 G7" in tooltip(page)
    roll = page.roll
    roll.setFocus()
    QTest.keyClick(roll, Qt.Key_Up, Qt.AltModifier)
    QTest.keyClick(roll, Qt.Key_Up, Qt.AltModifier)
    assert [c.symbol for c in piece.chords] == ["Em7", "A7"]
    assert "chords: Em7 A7" in tooltip(page)
    page.undo_stack.undo()
    page.undo_stack.undo()
    assert "chords: Dm7 G7" in tooltip(page)
    page.undo_stack.redo()
    assert "chords: Ebm7 Ab7" in tooltip(page)


def test_an_undo_of_a_transpose_of_another_solo_refreshes_that_solos_tooltip(window):
    page = jazz_page(window)
    first = solo("First")
    first.meta["chords"] = "Dm7 G7"
    page.history.add(first)
    QTest.keyClick(page.roll, Qt.Key_Up, Qt.AltModifier)
    other = solo("Other")
    other.chords = [ChordSymbol(0, 8, "C7")]
    page.history.add(other)  # shown now; the undo below is of the first
    assert "chords: Ebm7 Ab7" in tooltip(page, 0)
    page.undo_stack.undo()
    assert "chords: Dm7 G7" in tooltip(page, 0) and tooltip(page, 1).startswith("Other")
