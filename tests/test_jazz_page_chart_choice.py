"""Which chords a solo is improvised over, as the Jazz page chooses them.

Of a playlist holding two tunes titled Blues, choosing the second filled the Chords field with the first (the
picker's text was mapped back to the first tune with that text). With the Chords field empty, Generate took a
built-in etude's chords, not those of the file the student had just opened, and did not say whose they were.
"""

from __future__ import annotations

import pytest
from conftest import ROOT
from jazz_files import WALTZ, band_midi, ireal_link, ireal_song

ETUDE = ROOT / "resources" / "jazz" / "etudes" / "etude_2_blues_in_f.abc"  # F7 Bb7 F7 Cm7 ...
BAND = ["Cmaj7", "Dm7", "G7", "Cmaj7"]  # band_midi's changes
MINOR = "X:1\nT:Minor\nM:4/4\nL:1/4\nK:C\n\"Am7\" A B c d | \"D7\" d c B A | \"Am7\" A4 |]\n"
BLUES_IN_C = ireal_song("Blues", "[T44C7XyQ|F7XyQ|C7XyQ|G7XyQZ", tempo=120)
BLUES_IN_BB = ireal_song("Blues", "[T44Bb7XyQ|Eb7XyQ|Bb7XyQ|F7XyQZ", key="Bb", tempo=100)
PLAYLIST = ireal_link(ireal_song("Waltz Study", WALTZ, style="Waltz"), ireal_song("Waltz Study 2", WALTZ),
                      BLUES_IN_C, BLUES_IN_BB, playlist="Encore Tests")


def jazz_page(window):
    window.show_workspace("jazz")
    return window.workspaces[0]


def pick_row(monkeypatch, row: int) -> list:
    """The playlist picker answers with its row ``row``; what it offered is returned, filled when asked."""
    from PySide6.QtWidgets import QInputDialog

    offered = []

    def answer(parent, title, label, items, current, editable):
        offered.append(list(items))
        return items[row], True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(answer))
    return offered


def read(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.generation.charts.reading, timeout=30_000)


def test_the_second_of_two_tunes_with_one_title_is_the_one_used(window, tmp_path, qtbot, monkeypatch):
    page = jazz_page(window)
    messages = []
    page.status.connect(messages.append)
    offered = pick_row(monkeypatch, 3)
    export = tmp_path / "charts.html"
    export.write_text(f'<html><body><a href="{PLAYLIST}">Encore Tests</a></body></html>', encoding="utf-8")
    page.import_paths([str(export)])
    read(qtbot, page)
    rows = offered[0]
    assert len(set(rows)) == 4  # each tune a row of its own, named as `jazz generate --tune 'Blues #2'` does
    assert rows[2:] == ["Blues #1 (Encore Tests, key of C)", "Blues #2 (Encore Tests, key of Bb)"]
    assert rows[0] == "Waltz Study (Encore Tests)"  # a title of its own keeps its plain row
    assert page.generation.chords.text().startswith("[ Bb7 | Eb7") and page.generation.tempo.value() == 100
    assert messages[-1].startswith("Chords of Blues #2 (Encore Tests, key of Bb): 4 bars from charts.html")


@pytest.mark.parametrize("how", ["pasted", "dropped"])
def test_a_link_with_two_tunes_of_one_title_gives_the_one_chosen(window, qtbot, monkeypatch, how):
    page = jazz_page(window)
    pick_row(monkeypatch, 1)
    link = ireal_link(BLUES_IN_C, BLUES_IN_BB, playlist="Two Blues")
    if how == "pasted":
        page.generation.chords.setText(link)
        page.generation.chords.textEdited.emit(link)
    else:
        page.import_link(link)
    read(qtbot, page)
    assert page.generation.chords.text().startswith("[ Bb7") and page.generation.tempo.value() == 100


def test_rows_stay_apart_when_a_title_reads_as_another_tunes_row():
    from engine.jazz.ireal import Tune
    from gui.jazz.chart_import import picker_rows

    tunes = [Tune("Blues", "Encore Tests", "Swing", "C", "4/4", 0, "C7", 1),
             Tune("Blues (Encore Tests)", "", "Swing", "F", "4/4", 0, "F7", 1)]  # no composer
    assert picker_rows(tunes) == ["Blues (Encore Tests)", "Blues (Encore Tests) [tune 2]"]


# Generating over the chords of a corpus file ---------------------------------------------------------------

@pytest.fixture(scope="module")
def model():
    from engine.jazz.model import TrainSettings, train
    from engine.jazz.source import load_source

    return train([load_source(ETUDE)], TrainSettings(preset="full", epochs=1, hidden=8, seed=1))


def started(window, model):
    """The page as at start-up: a built-in solo in the corpus, a model in use."""
    from engine.jazz.source import load_source
    from gui.jazz import tasks

    page = jazz_page(window)
    page.corpus.add_entries([tasks.CorpusFile(str(ETUDE), source=load_source(ETUDE), builtin=True)])
    page.model = model
    page.generation.set_ready(True)
    page.generation.bars.setValue(0)  # the whole chart: as long as the chords
    return page


def opened(qtbot, page, path) -> None:
    page.open_path(str(path))
    qtbot.waitUntil(lambda: not page.busy() and any(e.path == str(path) and e.source for e in page.corpus.entries),
                    timeout=60_000)


def generated(qtbot, page):
    count = len(page.history.pieces)
    page.generation.generate_button.click()
    qtbot.waitUntil(lambda: len(page.history.pieces) > count and not page.busy(), timeout=60_000)
    piece = page.history.pieces[-1]
    return [c.symbol for c in piece.chords][:4], piece


def test_generate_with_no_chords_takes_those_of_the_file_just_opened_and_says_so(window, model, tmp_path, qtbot):
    page = started(window, model)
    messages = []
    page.status.connect(messages.append)
    assert "etude_2_blues_in_f.abc" in page.generation.chords.placeholderText()  # none of the user's yet
    opened(qtbot, page, band_midi(tmp_path / "band.mid"))
    assert page.corpus.current_entry() is None  # no row selected after the import
    assert page.generation.chords.placeholderText().startswith("the chords of band.mid")
    chords, piece = generated(qtbot, page)
    assert chords == BAND
    assert piece.meta["source"] == "band.mid" and "source: band.mid" in page.history.item(0).toolTip()
    assert any(m.startswith("Solo 1: over the chords of band.mid") for m in messages)


def test_a_selected_row_wins_and_a_removed_file_gives_way(window, model, tmp_path, qtbot):
    page = started(window, model)
    opened(qtbot, page, band_midi(tmp_path / "band.mid"))
    minor = tmp_path / "minor.abc"
    minor.write_text(MINOR)
    opened(qtbot, page, minor)
    assert generated(qtbot, page)[0][:2] == ["Am7", "D7"]  # the latest file opened
    tree = page.corpus.tree
    tree.setCurrentItem(tree.topLevelItem(2))
    page.corpus.remove_selected()  # minor.abc gone: the file opened before it
    chords, piece = generated(qtbot, page)
    assert chords == BAND and piece.meta["source"] == "band.mid"
    tree.setCurrentItem(tree.topLevelItem(0))  # the built-in solo, selected: it wins, as before
    assert generated(qtbot, page)[0][:2] == ["F7", "Bb7"]
    tree.setCurrentItem(tree.topLevelItem(1))  # band.mid, selected, then clicked away from: still its chords
    tree.setCurrentItem(None)
    assert generated(qtbot, page)[0] == BAND
    tree.setCurrentItem(tree.topLevelItem(1))
    page.corpus.remove_selected()  # none of the user's left: the built-in solo, named
    chords, piece = generated(qtbot, page)
    assert chords[:2] == ["F7", "Bb7"] and piece.meta["source"] == "etude_2_blues_in_f.abc"
    assert "etude_2_blues_in_f.abc" in page.generation.chords.placeholderText()


def test_typed_chords_name_no_file(window, model, qtbot):
    page = started(window, model)
    page.generation.chords.setText("Dm7 G7 | Cmaj7")
    chords, piece = generated(qtbot, page)
    assert chords[:2] == ["Dm7", "G7"] and "source" not in piece.meta and piece.meta["chords"] == "Dm7 G7 | Cmaj7"


def test_a_file_unticked_gives_way_unless_it_is_selected(window, model, tmp_path, qtbot):
    """With no row selected, Generate took the chords of the file opened last though the user had unticked it
    (left it out); before files were remembered, the first ticked file's were taken."""
    from PySide6.QtCore import Qt

    page = started(window, model)
    opened(qtbot, page, band_midi(tmp_path / "band.mid"))
    minor = tmp_path / "minor.abc"
    minor.write_text(MINOR)
    opened(qtbot, page, minor)
    tree = page.corpus.tree
    tree.topLevelItem(2).setCheckState(0, Qt.Unchecked)  # minor.abc, the latest, left out
    tree.setCurrentItem(None)
    assert page.generation.chords.placeholderText().startswith("the chords of band.mid")
    chords, piece = generated(qtbot, page)
    assert chords == BAND and piece.meta["source"] == "band.mid"
    tree.setCurrentItem(tree.topLevelItem(2))  # selected, ticked or not: a pick, as before
    assert generated(qtbot, page)[0][:2] == ["Am7", "D7"]
