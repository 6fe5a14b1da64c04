"""Exporting the drafted show (CSV, JSON, text, stage PDF, Encore setlist) and exploring songs."""

import csv
import json

import pytest
from PySide6.QtCore import Qt

from engine.setlists.setlist import Entry, Set, Setlist


@pytest.fixture
def page(window):
    from gui.setlists.commands import ReplaceShow

    page = window.workspaces[1]
    page.ensure_history()
    show = Setlist("2026-07-04", "The Barn", [
        Set("Set 1", [Entry("Tweezer", ">", 0.4), Entry("Sand", ",", 0.2)]),
        Set("Encore", [Entry("Loving Cup", ",", 0.5, locked=True)])])
    page.undo_stack.push(ReplaceShow(page.next_show.editor.model, show, "Generate"))
    return page


def test_export_csv_json_text(page, tmp_path):
    for suffix in ("csv", "json", "txt"):
        assert page.export_to(str(tmp_path / f"show.{suffix}"))
    rows = list(csv.DictReader((tmp_path / "show.csv").open()))
    assert [(r["set"], r["song"], r["transition"]) for r in rows] == [
        ("1", "Tweezer", ">"), ("1", "Sand", ","), ("E", "Loving Cup", ",")]
    data = json.loads((tmp_path / "show.json").read_text())
    assert data["date"] == "2026-07-04" and data["sets"][1]["songs"][0]["locked"] is True
    text = (tmp_path / "show.txt").read_text()
    assert "Set 1: Tweezer > Sand" in text and "Encore: Loving Cup" in text


def test_a_name_typed_without_a_suffix_gets_the_chosen_types(page, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from gui.save_dialog import suffixes

    assert suffixes("Plain text (*.txt);;Encore setlist (*.encore-setlist)") == (".txt", ".encore-setlist")
    typed = [(str(tmp_path / "tonight"), "Plain text (*.txt)"), (str(tmp_path / "show.2026.07.04"), "CSV (*.csv)")]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: typed.pop(0))
    page.export()  # was 'unknown setlist format' for a bare name
    page.export()  # dots in the name are not a suffix
    assert (tmp_path / "tonight.txt").read_text().startswith("2026-07-04")
    assert (tmp_path / "show.2026.07.04.csv").read_text().startswith("show_id,")


def test_export_stage_pdf_on_one_page(page, tmp_path):
    from PySide6.QtPdf import QPdfDocument

    path = tmp_path / "stage.pdf"
    assert page.export_to(str(path))
    assert path.read_bytes().startswith(b"%PDF")
    doc = QPdfDocument()
    doc.load(str(path))
    assert doc.pageCount() == 1
    text = doc.getAllText(0).text()
    for line in ("2026-07-04", "SET 1", "Tweezer >", "ENCORE", "Loving Cup"):
        assert line in text


def test_a_show_too_long_for_one_page_goes_on_over_another(app, tmp_path):
    """At 90 songs the type reached its smallest size and the last songs fell off the page, unsaid."""
    from PySide6.QtPdf import QPdfDocument

    from gui.setlists.printing import write_pdf

    long_name = "Suite " + "very " * 80 + "long"
    show = Setlist("2026-07-04", "The Barn", [Set(f"Set {n}", [Entry(f"Song {n}-{i}") for i in range(30)])
                                              for n in (1, 2, 3)] + [Set("Encore", [Entry(long_name)])])
    path = tmp_path / "stage.pdf"
    write_pdf(show, path)
    doc = QPdfDocument()
    doc.load(str(path))
    assert doc.pageCount() == 2
    text = "".join("".join(doc.getAllText(i).text().split()) for i in range(2))  # small type comes in pieces
    assert all(f"Song{n}-{i}" in text for n in (1, 2, 3) for i in range(30))
    assert "Suiteveryvery" in text and "…" in text and "verylong" not in text  # too wide: shortened, visibly


SHOW_OF_16 = [Set("Set 1", [Entry(x) for x in [
    "AC/DC Bag", "Dogs Stole Things", "Paul and Silas", "I Always Wanted It This Way", "Water in the Sky",
    "Stealing Time From the Faulty Plan", "Ya Mar", "Gumbo", "Walls of the Cave"]]),
    Set("Set 2", [Entry(x) for x in ["You Enjoy Myself", "What's Going Through Your Mind", "Prince Caspian",
                                      "Julius", "Blaze On"]]),
    Set("Encore", [Entry("The Howling"), Entry("Ghost")])]
JAM = "Also Sprach Zarathustra (2001) with a Very Long Jam Segment Name"


def stage(sets, venue: str = "") -> tuple[float, float, list]:
    """The stage sheet's song size, the A4 page's width and, at that size, each song's width (as pdf_bytes)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QFontMetricsF, QPainter

    from gui.setlists import printing

    data = QByteArray()  # kept: the buffer writes into it
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    writer = printing.a4_writer(buffer)
    painter = QPainter(writer)
    try:
        size = printing.paint_stage_setlist(painter, QRectF(0, 0, writer.width(), writer.height()),
                                            Setlist("2025-06-24", venue, sets), writer.newPage)
    finally:
        painter.end()
    metrics = QFontMetricsF(printing._font("song", size), writer)
    return size, writer.width(), [metrics.horizontalAdvance(e.song) for s in sets for e in s.entries]


def test_one_long_title_is_set_smaller_on_its_own_and_the_other_songs_keep_their_size(app, tmp_path):
    """A 16-song show printed at 26.8 pt; one 62-character title more printed every song at 13.7 pt, as the
    page's width was fitted to the longest name. A long venue shrank them all too."""
    from PySide6.QtPdf import QPdfDocument

    from gui.setlists.printing import write_pdf

    size, width, widths = stage(SHOW_OF_16)
    assert size > 20 and max(widths) <= width  # ordinary names all fit at the sheet's size: none set smaller
    assert stage(SHOW_OF_16, "Harris-Millis Cafeteria - University of Vermont, Burlington, VT")[0] == size
    for name, shortened in ((JAM, False), (f"{JAM} and Then Some More", False),
                            (f"{JAM}, {JAM} and {JAM}", True)):  # too wide even at 8 pt: cut, and said
        path = tmp_path / "stage.pdf"
        sets = SHOW_OF_16[:1] + [Set("Set 2", SHOW_OF_16[1].entries + [Entry(name)])] + SHOW_OF_16[2:]
        assert stage(sets)[0] == size
        write_pdf(Setlist("2025-06-24", "", sets), path)
        doc = QPdfDocument()
        doc.load(str(path))
        text = "".join(doc.getAllText(0).text().split())
        assert doc.pageCount() == 1 and "StealingTimeFromtheFaultyPlan" in text
        assert ("".join(name.split()) in text, "…" in text) == (not shortened, shortened)
    every_name_long = [Set("Set 1", [Entry(f"{JAM} {n}") for n in range(16)])]
    size_long, width, widths = stage(every_name_long)
    assert size_long < size and max(widths) <= width  # long names that are the show's usual ones all fit


def pdf_text(sets, venue: str, tmp_path) -> str:
    """The stage PDF's text, spaces left out (small type comes in pieces); one page."""
    from PySide6.QtPdf import QPdfDocument

    from gui.setlists.printing import write_pdf

    path = tmp_path / "stage.pdf"
    write_pdf(Setlist("2025-07-04", venue, sets), path)
    doc = QPdfDocument()
    doc.load(str(path))
    assert doc.pageCount() == 1
    return "".join(doc.getAllText(0).text().split())


@pytest.mark.parametrize("count", [3, 6])
def test_a_long_venue_is_set_smaller_in_the_heading_not_cut(app, tmp_path, count):
    """A short show's songs print large, and its heading with them: a venue with its town, state and country
    was cut ("…United States of …") at half the heading's size, where it fitted whole a little smaller."""
    venue = "Red Rocks Amphitheatre, Morrison, Colorado, United States of America"
    sets = [Set("Set 1", [Entry(x) for x in ["Tweezer", "Harry Hood", "Sand", "Ghost", "Fee", "Possum"][:count]])]
    text = pdf_text(sets, venue, tmp_path)
    assert "".join(f"2025-07-04 {venue}".split()) in text and "…" not in text
    assert stage(sets, venue)[0] == stage(sets)[0]  # the songs keep their size


def test_a_long_title_is_set_smaller_down_to_the_smallest_type_before_it_is_cut(app, tmp_path):
    """A 76-character title printed whole at 11.6 pt, the whole sheet shrunk to it; set smaller on its own, it
    was cut at half the songs' size."""
    title = "Tweezer Reprise > Jam > Drums > Space > The Other One > Jam into Stella Blue"
    sets = SHOW_OF_16[:1] + [Set("Set 2", SHOW_OF_16[1].entries + [Entry(title)])] + SHOW_OF_16[2:]
    text = pdf_text(sets, "", tmp_path)
    assert "".join(title.split()) in text and "…" not in text
    assert stage(sets)[0] == stage(SHOW_OF_16)[0] > 20


def test_encore_setlist_round_trip_and_clean_state(page, tmp_path):
    path = tmp_path / "tonight.encore-setlist"
    assert page.export_to(str(path))
    assert not page.has_unsaved_changes()
    page.next_show.editor.select(0, 0)
    page.next_show.editor.delete_selected()
    assert page.has_unsaved_changes()
    heading = page.next_show.heading
    page.undo_stack.setIndex(0)  # the heading follows the show undo brings back
    assert not page.setlist.sets and heading.text().startswith("No show yet")
    assert not page.has_unsaved_changes()  # an empty show holds nothing to save (Save could never succeed)
    page.undo_stack.setIndex(page.undo_stack.count())
    assert page.setlist.songs() == ["Sand", "Loving Cup"] and "Next show: 2026-07-04" in heading.text()
    page.open_path(str(path))
    assert page.setlist.songs() == ["Tweezer", "Sand", "Loving Cup"]
    assert page.setlist.sets[1].entries[0].locked
    assert "Next show: 2026-07-04" in heading.text()
    # Regenerate unlocked drafts for the fields' date and venue: they were the panel's own, not the show's
    assert {k: page.next_show.request()[k] for k in ("date", "venue")} == {"date": "2026-07-04", "venue": "The Barn"}
    # Opening starts a new document: Undo brought the edited show back under this file's name, for Save to
    # write over it
    assert page.undo_stack.count() == 0 and not page.has_unsaved_changes()


def test_opening_a_show_over_unsaved_edits_asks_first(page, tmp_path, monkeypatch):
    """Opening marked the new show saved, so the edits before it were lost at Quit without a question."""
    import gui.workspace

    path = tmp_path / "tonight.encore-setlist"
    assert page.export_to(str(path))
    asked = []
    monkeypatch.setattr(gui.workspace, "confirm_discard", lambda parent, titles, action, save=None: asked.append(action))
    page.open_path(str(path))
    assert asked == []  # nothing unsaved: no question
    page.next_show.editor.select(0, 0)
    page.next_show.editor.delete_selected()
    page.open_path(str(path))  # declined
    assert asked == ["Open tonight.encore-setlist"]
    assert page.setlist.songs() == ["Sand", "Loving Cup"] and page.has_unsaved_changes()
    monkeypatch.setattr(gui.workspace, "confirm_discard", lambda parent, titles, action, save=None: True)
    page.open_path(str(path))
    assert page.setlist.songs() == ["Tweezer", "Sand", "Loving Cup"] and not page.has_unsaved_changes()


def test_of_several_shows_dropped_the_last_is_opened(page, tmp_path):
    """They were opened in a set's order, so which one stayed in the editor changed from run to run."""
    first, second = tmp_path / "a.encore-setlist", tmp_path / "b.encore-setlist"
    assert page.export_to(str(first))
    page.next_show.editor.select(0, 0)
    page.next_show.editor.delete_selected()
    assert page.export_to(str(second))
    page.import_paths([str(second), str(first)])
    assert page.setlist.songs() == ["Tweezer", "Sand", "Loving Cup"] and page.show_path == str(first)
    page.import_paths([str(first), str(second)])
    assert page.setlist.songs() == ["Sand", "Loving Cup"]


def test_a_drafted_show_saved_as_json_opens_in_the_editor_not_as_a_history(page, tmp_path, window, qtbot):
    """File > Open took it for a history and answered with a command-line flag (--template); a show saved to
    its own file was missing from File › Recent (a Jazz project saved is listed)."""
    path = tmp_path / "tonight.json"
    assert page.export_to(str(path))
    assert window.recent.paths()[0] == str(path)
    assert not page.has_unsaved_changes()  # it opens again as it is: saved, as an .encore-setlist is
    history = page.history
    page.next_show.editor.select(0, 0)
    page.next_show.editor.delete_selected()
    page.open_path(str(path))
    qtbot.waitUntil(lambda: not page.reading())  # a .json is looked at on the reader's worker
    assert page.setlist.songs() == ["Tweezer", "Sand", "Loving Cup"] and page.history is history
    assert page.tabs.currentWidget() is page.next_show


def test_a_drafted_show_exported_as_csv_opens_in_the_editor_not_as_a_history(page, tmp_path, qtbot):
    """It replaced the band's history with one show never played, which training and drafting then used."""
    path = tmp_path / "tonight.csv"
    assert page.export_to(str(path))
    history = page.history
    page.next_show.editor.select(0, 0)
    page.next_show.editor.delete_selected()
    page.open_path(str(path))
    qtbot.waitUntil(lambda: not page.reading())
    assert page.history is history and page.setlist.date == "2026-07-04" and page.setlist.venue == "The Barn"
    assert [[(e.song, e.transition, e.probability) for e in s.entries] for s in page.setlist.sets] == [
        [("Tweezer", ">", 0.4), ("Sand", ",", 0.2)], [("Loving Cup", ",", 0.5)]]
    assert page.show_path == ""  # Save asks where: a CSV would drop the alternatives and the locks

    # saved again by a spreadsheet that writes ';', it is still one drafted show, not the band's history
    rows = list(csv.reader(path.open()))
    semicolons = tmp_path / "tonight;.csv"
    with semicolons.open("w", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)
    page.open_path(str(semicolons))
    qtbot.waitUntil(lambda: not page.reading())
    assert page.history is history and page.setlist.songs() == ["Tweezer", "Sand", "Loving Cup"]
    # and with its header capitalised by hand, its probabilities come too (they were all lost)
    capital = tmp_path / "Tonight.csv"
    capital.write_text(path.read_text().replace("probability", "Probability", 1))
    page.open_path(str(capital))
    qtbot.waitUntil(lambda: not page.reading())
    assert [e.probability for s in page.setlist.sets for e in s.entries] == [0.4, 0.2, 0.5]
    # a history of several shows that happens to have a probability column is a history
    two = tmp_path / "two nights.csv"
    two.write_text("show_date,set,song,probability\n2024-01-01,1,Sand,\n2024-01-02,1,Fee,\n")
    page.open_path(str(two))
    qtbot.waitUntil(lambda: not page.reading())
    assert len(page.history.shows) == 2 and page.setlist.songs() == ["Tweezer", "Sand", "Loving Cup"]


def test_export_to_an_unwritable_place_is_a_message(page, tmp_path, qtbot):
    with qtbot.waitSignal(page.status) as message:
        assert not page.export_to(str(tmp_path / "missing" / "dir" / "show.txt"))
    assert "missing/dir" in message.args[0] and "does not exist" in message.args[0]


def test_song_explorer_profile_similar_and_map(page, qtbot):
    from engine.setlists.embeddings import SongEmbedding
    from gui.setlists import tasks

    history = page.history
    song = history.shows[-1].songs()[0]
    page.explore(song)
    explorer = page.explorer
    assert explorer.song == song
    assert int(explorer.facts["Times played"].text().strip("<b/>")) > 10
    assert explorer.facts["Current gap"].text() == "played at the last show"
    earlier = next(s for s in history.shows[-2].songs() if s not in history.shows[-1].songs())
    page.explore(earlier)
    assert explorer.facts["Current gap"].text() == "1 show"
    page.explore(song)
    assert explorer.follows.count() > 0
    page._show_embedding(SongEmbedding.train(history, dims=16, epochs=3))
    assert explorer.similar.count() == 8
    names, points = tasks.embedding_map(explorer.embedding)
    assert points.shape == (len(names), 2) and len(names) == history.stats()["songs"]
    scatter = explorer.map.scatter
    other = next(n for n in names if n != song)
    spot = next(p for p in scatter.points() if p.data() == other)
    scatter.sigHovered.emit(scatter, [spot], None)
    assert other in explorer.map.hover_label.text()
    scatter.sigClicked.emit(scatter, [spot], None)  # a click opens the song
    assert explorer.song == other and explorer.picker.currentText() == other
    assert len(explorer.map.marker.data) == 1
    page.explore("A Song Typed By Hand")  # the facts, lists and ring of the song before went with it
    assert explorer.facts["Times played"].text() == "A Song Typed By Hand: never played by this band"
    assert {explorer.facts[k].text() for k in ("First played", "Last played", "Current gap")} == {"–"}
    assert explorer.follows.count() == explorer.similar.count() == 0 and len(explorer.map.marker.data) == 0
    page.explore(song)
    explorer.picker.lineEdit().clear()  # typed in the picker and Enter: the list sent nothing, the facts stayed
    qtbot.keyClicks(explorer.picker.lineEdit(), "Nothing Like It")
    qtbot.keyClick(explorer.picker.lineEdit(), Qt.Key_Return)
    assert explorer.facts["Times played"].text() == "Nothing Like It: never played by this band"
    explorer.picker.lineEdit().clear()  # a known name with a space after it: no textActivated either
    qtbot.keyClicks(explorer.picker.lineEdit(), f"{song} ")
    qtbot.keyClick(explorer.picker.lineEdit(), Qt.Key_Return)
    assert explorer.song == song


def test_the_song_map_of_a_band_with_one_song(tmp_path):
    """Its embeddings have one principal component: the map took a second that was not there (IndexError)."""
    from engine.setlists.embeddings import SongEmbedding
    from engine.setlists.history import load_history
    from gui.setlists import tasks

    path = tmp_path / "one.csv"
    path.write_text("show_date,set,song\n2020-01-01,1,Tweezer\n2020-01-02,1,Tweezer\n")
    names, points = tasks.embedding_map(SongEmbedding.train(load_history(path), dims=8, epochs=1))
    assert names == ["Tweezer"] and points.shape == (1, 2)


def test_file_save_writes_the_show_where_it_was_opened_from(page, tmp_path, monkeypatch):
    """The page had no Save: an edited show was kept only by Export… to the same name again."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QMenu

    path = tmp_path / "tonight.encore-setlist"
    assert page.export_to(str(path))
    page.undo_stack.setIndex(0)
    assert not page.save() and not path.with_name("setlist-.encore-setlist").exists()  # no show: nothing to save
    page.open_path(str(path))
    page.next_show.editor.select(0, 0)
    page.next_show.editor.delete_selected()
    monkeypatch.setattr("gui.setlists.page.save_path", lambda *args: pytest.fail("asked where"))
    window = page.window()
    window.show_workspace("setlists")
    save = next(a for m in window.menuBar().findChildren(QMenu) for a in m.actions()
                if a.shortcut() == QKeySequence("Ctrl+S"))
    save.trigger()
    assert not page.has_unsaved_changes()
    assert [s["song"] for s in json.loads(path.read_text())["sets"][0]["songs"]] == ["Sand"]


def test_an_export_to_an_unknown_format_names_every_format_the_page_writes(page, tmp_path):
    """The engine's message listed .json, .csv and .txt only: not the PDF and Encore setlist the page also writes."""
    messages = []
    page.status.connect(messages.append)
    assert not page.export_to(str(tmp_path / "show.docx"))
    assert messages == ["show.docx: unknown setlist format (use .pdf, .txt, .csv, .json or .encore-setlist)"]
    assert not list(tmp_path.iterdir())


def test_another_bands_history_does_not_get_the_models_song_map(page, tmp_path):
    """The map kept the trained band's songs, each 'never played by this band' when clicked."""
    from engine.setlists.history import load_history
    from engine.setlists.model import TrainSettings, train

    small = TrainSettings(epochs=1, hidden=8, dims=8, word2vec_epochs=1, feature_hidden=8)
    trained_on = page.history.before(40)
    page._trained(train(trained_on, small))
    path = tmp_path / "other band.csv"
    path.write_text("show_date,set,song\n2020-01-01,1,Fee\n2020-01-02,1,Bag\n")
    page._use_history(load_history(path), [str(path)])
    assert page.explorer.embedding is None  # learned for this band when the map is asked for
    page._use_history(trained_on, [])  # the model's own band again (all of it: later shows bring new songs)
    assert page.explorer.embedding is page.model.embedding


def test_a_show_drafted_for_another_night_is_not_saved_over_the_one_opened(page, tmp_path):
    """Open last week's show, Generate for a week later, Ctrl+S: last week's file was overwritten without a
    question. A draft for the same night (Regenerate around locks) still saves where the show came from."""
    path = tmp_path / "setlist-2026-07-04.encore-setlist"
    assert page.export_to(str(path))
    page.open_path(str(path))
    assert page.show_path == str(path)
    same_night = Setlist("2026-07-04", "The Barn", [Set("Set 1", [Entry("Sand")])])
    page._drafted(same_night, "Regenerate", page.opened_documents, page.setlist.to_json())  # around its locks
    assert page.show_path == str(path)
    next_week = Setlist("2026-07-11", "MSG", [Set("Set 1", [Entry("Tweezer")])])
    page._drafted(next_week, "Generate", page.opened_documents)
    assert page.show_path == "" and page.setlist.date == "2026-07-11"
    assert json.loads(path.read_text())["date"] == "2026-07-04"
