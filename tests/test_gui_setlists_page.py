"""The Setlists workspace: the demo band at first launch, importing files, training and evaluating."""


CSV = """show_id,show_date,venue,set,position,song,transition
1,2023-05-01,Red Rocks,1,1,Tweezer,>
1,2023-05-01,Red Rocks,1,2,Sand,","
1,2023-05-01,Red Rocks,E,3,Loving Cup,","
2,2023-05-02,Red Rocks,1,1,Ghost,->
2,2023-05-02,Red Rocks,1,2,Tweezer,","
3,not a date,Red Rocks,1,1,Reba,","
"""


def read(page, qtbot, paths: list[str], merge: bool = False) -> None:
    """Import files and wait for the history: they are read on a worker."""
    page.import_paths(paths, merge)
    qtbot.waitUntil(lambda: not page.reading(), timeout=30000)


def test_demo_band_at_first_launch_is_labelled(page):
    assert page.history.demo
    text = page.dataset.summary.text()
    assert "DEMO DATA" in text and f"{page.history.stats()['shows']} shows" in text
    assert page.dataset.table_model.rowCount() == len(page.history.shows)
    # Tab leaves the tables: it went round the cells of 698 shows, and a keyboard user could not get out
    assert not page.dataset.table.tabKeyNavigation() and not page.training.evaluation.tabKeyNavigation()


def test_import_a_csv_lists_problems_and_searches(page, tmp_path, qtbot):
    path = tmp_path / "shows.csv"
    path.write_text(CSV)
    with qtbot.waitSignal(page.status, check_params_cb=lambda text: not text.startswith("Reading")) as message:
        page.import_paths([str(path)])
    assert message.args == ["shows: 2 shows, 4 songs, 1 problem listed"]
    assert not page.history.demo and len(page.history.shows) == 2
    assert "DEMO DATA" not in page.dataset.summary.text() and "shows.csv" in page.dataset.summary.text()
    problems = [page.dataset.problems.item(i).text() for i in range(page.dataset.problems.count())]
    assert len(problems) == 1 and "date" in problems[0]
    assert page.dataset.problems_box.isVisibleTo(page)
    page.dataset.search.setText("ghost")
    assert page.dataset.proxy.rowCount() == 1
    assert page.dataset.proxy.index(0, 0).data() == "2023-05-02"
    assert page.dataset.matches.text() == "1 of 2 shows"
    assert page.next_show.editor.catalogue.stringList() == ["Ghost", "Loving Cup", "Sand", "Tweezer"]


def test_merge_a_second_file(page, tmp_path, qtbot):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(CSV)
    second.write_text("show_date,venue,set,song\n2023-06-01,MSG,1,Harry Hood\n2023-06-01,MSG,1,Ghost\n")
    read(page, qtbot, [str(first)])
    read(page, qtbot, [str(second)], merge=True)
    assert [s.date for s in page.history.shows] == ["2023-05-01", "2023-05-02", "2023-06-01"]
    assert "a.csv, b.csv" in page.dataset.summary.text()


def test_a_song_map_learned_for_the_last_band_is_dropped(page, tmp_path, qtbot):
    """A file imported while the explorer's embeddings were learning got the demo band's 95-song map."""
    path = tmp_path / "shows.csv"
    path.write_text(CSV)
    with qtbot.waitSignal(page.runner.finished, timeout=60000):
        page.tabs.setCurrentWidget(page.explorer)  # starts the demo band's embeddings
        page.import_paths([str(path)])
    assert page.explorer.embedding is None
    with qtbot.waitSignal(page.runner.finished, timeout=60000):
        page.tabs.setCurrentWidget(page.explorer)  # back to the map: this band's, learned now
    assert sorted(page.explorer.embedding.names.values()) == ["Ghost", "Loving Cup", "Sand", "Tweezer"]


def test_a_file_that_does_not_read_is_skipped_and_listed_and_the_rest_load(page, tmp_path, qtbot):
    """One stray JSON in a dropped folder stopped every CSV with it, in a message soon written over."""
    shows, stray = tmp_path / "shows.csv", tmp_path / "package.json"
    shows.write_text(CSV)
    stray.write_text('{"name": "left-pad"}')
    opened = []
    page.opened.connect(opened.append)
    read(page, qtbot, [str(shows), str(stray)])
    assert page.paths == [str(shows)] and len(page.history.shows) == 2 and opened == [str(shows)]
    problems = [page.dataset.problems.item(i).text() for i in range(page.dataset.problems.count())]
    assert "package.json: not a setlist file" in problems[0] and problems[0].endswith("; file skipped")


def test_export_the_merged_history_from_the_dataset_button(page, tmp_path, qtbot, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QPushButton

    from engine.setlists.history import load_history

    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(CSV)
    second.write_text("show_date,venue,set,song\n2023-06-01,MSG,1,Harry Hood\n2023-06-01,MSG,1,Ghost\n")
    read(page, qtbot, [str(first)])
    read(page, qtbot, [str(second)], merge=True)
    out = tmp_path / "all.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    button = next(b for b in page.dataset.findChildren(QPushButton) if b.text() == "Export history…")
    with qtbot.waitSignal(page.status) as message:
        button.click()
    assert message.args[0] == "Exported 3 shows to all.json"
    again = load_history([str(out)])
    assert [(s.date, s.venue, s.songs()) for s in again.shows] == [
        (s.date, s.venue, s.songs()) for s in page.history.shows]
    with qtbot.waitSignal(page.status) as message:
        assert not page.export_history_to(str(tmp_path / "all.doc"))
    assert "all.doc" in message.args[0] and not (tmp_path / "all.doc").exists()


def test_a_bad_file_is_a_message_naming_it_not_a_crash(page, tmp_path, qtbot):
    bad = tmp_path / "garbage.csv"
    bad.write_text("this,is\nnot,a setlist\n")
    with qtbot.waitSignal(page.status, check_params_cb=lambda text: text.startswith("Import failed")) as message:
        page.import_paths([str(bad)])
    assert "garbage.csv" in message.args[0]
    assert page.history.demo  # the history in use is kept


def test_a_bad_file_opened_at_launch_keeps_its_message(window, tmp_path, qtbot):
    """The page's first showing loads the demo band a moment later; that must not hide why the file failed."""
    bad = tmp_path / "garbage.csv"
    bad.write_text("this,is\nnot,a setlist\n")
    window.show()
    window.open_path(str(bad))
    qtbot.wait(400)  # past the first showing's demo load
    qtbot.waitUntil(lambda: not window.workspaces[1].reading())
    assert window.workspaces[1].history.demo
    assert window.statusBar().currentMessage().startswith(f"Import failed: {bad}")


def test_train_with_live_curve_then_evaluate(page, qtbot):
    from engine.setlists.history import demo_history

    page._use_history(demo_history().before(80), [])
    page.training._ensure_fields()
    page.training.fields["epochs"].setValue(2)
    page.training.fields["hidden"].setValue(32)
    page.training.fields["dims"].setValue(16)
    page.training.fields["word2vec_epochs"].setValue(2)
    with qtbot.waitSignal(page.runner.finished, timeout=120000):
        page.training.buttons["train"].click()
    assert page.model is not None
    assert [e["epoch"] for e in page.training.curve.epochs] == [1, 2]
    xs, ys = page.training.curve.train_curve.getData()
    assert list(xs) == [1, 2] and all(y > 0 for y in ys)
    best = min(reversed(page.training.curve.epochs), key=lambda e: e["val_loss"])  # the rule, from the outside
    # A trained model was lost at Quit unless the user thought of Save model…: a copy is kept, as Jazz's are
    from gui.jazz.project import app_data_folder

    kept = [p for p in app_data_folder("models").iterdir() if p.name.startswith("setlist-The Demo Band")]
    assert page.training.state.text() == (f"Trained on 80 shows (best validation loss {best['val_loss']:.3f} "
                                          f"at epoch {best['epoch']}, then fitted on every show for that long). "
                                          f"Kept in {max(kept)} (Load model… reads it again).")
    from engine.setlists.model import SetlistModel

    assert SetlistModel.load(max(kept)).vocab.keys == page.model.vocab.keys
    assert page.next_show.generate_button.isEnabled()
    assert page.explorer.embedding is page.model.embedding and len(page.explorer.map.names) > 10
    with qtbot.waitSignal(page.runner.finished, timeout=120000):
        page.training.buttons["evaluate"].click()
    table = page.training.evaluation
    cells = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert {(row[0], row[1]) for row in cells} == {(p, m) for p in ("chronological", "random-windows")
                                                  for m in ("model", "frequency", "bigram")}
    assert [table.horizontalHeaderItem(c).text() for c in range(4)] == ["protocol", "method", "top-1", "top-5"]
    top5 = [float(row[3].removesuffix("%")) for row in cells]  # in percent, as the command line prints them
    assert all(0 <= v <= 100 for v in top5) and all(row[3].endswith("%") for row in cells)


def test_the_trained_label_names_the_loss_that_chose_the_epoch():
    from gui.setlists.page import _kept_epoch

    validated = [{"epoch": 1, "loss": 3.0, "val_loss": 2.5, "kept": True, "final_fit": True},
                 {"epoch": 2, "loss": 2.0, "val_loss": 2.5, "kept": True, "final_fit": True},
                 {"epoch": 3, "loss": 1.0, "val_loss": 2.7, "kept": False, "final_fit": True}]
    assert _kept_epoch(validated) == " (best validation loss 2.500 at epoch 2, then fitted on every show for that long)"
    short = [{"epoch": 1, "loss": 3.0, "val_loss": None, "kept": True, "final_fit": False},
             {"epoch": 2, "loss": 2.0, "val_loss": None, "kept": True, "final_fit": False}]
    assert _kept_epoch(short) == " (best training loss 2.000 at epoch 2)"
    assert _kept_epoch([]) == ""


def test_the_heading_shows_a_drafts_warning_and_escapes_what_a_file_holds(page):
    from engine.setlists.history import History
    from engine.setlists.setlist import Entry, Set, Setlist
    from gui.setlists.dataset_panel import summary_html

    summary = summary_html(History([], band="<odd & band>"), ["/tmp/<odd & band>.csv"])
    assert "&lt;odd &amp; band&gt;</b>" in summary and "from &lt;odd &amp; band&gt;.csv" in summary
    draft = Setlist("2025-02-02", "<i>Barn</i>", [Set("Set 1", [Entry("Tweezer")])],
                    {"warning": "the model does not know 2 of the 3 songs <b>"})
    page.next_show.show_heading(draft)
    text = page.next_show.heading.text()
    assert "does not know 2 of the 3 songs &lt;b&gt;" in text and "&lt;i&gt;Barn&lt;/i&gt;" in text
    page.next_show.show_heading(Setlist("2025-02-02", "", [], {"warning": 5}))  # a hand-edited file
    assert "5" in page.next_show.heading.text()
    page.next_show.show_heading(Setlist("2025-02-02", "", [], {"seed": 3}))  # was a KeyError on 'temperature'
    assert "seed 3" in page.next_show.heading.text() and "temperature" not in page.next_show.heading.text()
    page.next_show.show_heading(Setlist("2025-02-02", "", [], {"temperature": 0.5, "seed": 1, "avoid_recent": 3}))
    assert " · temperature 0.5, seed 1, songs of the last 3 shows left out" in page.next_show.heading.text()


def test_temperature_zero_drafts_greedily_from_the_window_too(page):
    """The field stopped at 0.1, so the likeliest show was only to be had from `setlist predict`."""
    page.next_show.temperature.setValue(0)
    assert page.next_show.request()["temperature"] == 0
    assert page.next_show.temperature.text() == "0 (greedy)"


def test_a_song_typed_before_any_draft_starts_a_show_by_hand(page):
    """Enter did nothing, without a word, until a model had drafted a show."""
    editor = page.next_show.editor
    assert not page.setlist.sets
    messages = []
    page.status.connect(messages.append)
    page.print_setlist()  # silent before, where Export said why
    assert messages == ["Nothing to print yet: generate the next show first"]
    page.next_show.venue.setText("The Barn")
    editor.song_field.setText("Tweezer")
    editor.song_field.returnPressed.emit()
    editor.add_song("Sand")
    assert [[e.song for e in s.entries] for s in page.setlist.sets] == [["Tweezer", "Sand"]]
    assert (page.setlist.date, page.setlist.venue) == (page.next_show.request()["date"], "The Barn")
    assert page.setlist.sets[0].name == "Set 1" and editor.song_field.text() == ""
    page.undo_stack.undo()
    page.undo_stack.undo()
    assert not page.setlist.sets


def test_the_title_marks_a_show_started_again_after_undo_emptied_a_saved_one(window, page, tmp_path):
    """The • follows the clean state alone, and the stack had left it at the empty show already: a new show typed
    after that was unsaved, and Quit asked about it, but the title said nothing."""
    page.next_show.editor.add_song("Tweezer")
    assert window.windowTitle().endswith("•")
    assert page.export_to(str(tmp_path / "show.encore-setlist")) and not window.windowTitle().endswith("•")
    page.undo_stack.undo()
    assert not page.setlist.sets and not window.windowTitle().endswith("•")
    page.next_show.editor.add_song("Ghost")
    assert page.has_unsaved_changes() and window.windowTitle().endswith("•")


def test_evaluating_both_protocols_fills_one_progress_bar_without_going_back():
    """Each protocol reported its own steps: the bar ran to the end for the first, then fell back to a quarter,
    and the time left jumped from none to far too much."""
    from engine.jobs import Job
    from engine.setlists.history import demo_history
    from gui.setlists import tasks

    seen = []
    settings = {"epochs": 1, "hidden": 16, "dims": 8, "word2vec_epochs": 1, "tune_epochs": 0, "refit": False}
    rows = tasks.evaluate_both(demo_history().before(60), settings, Job(on_progress=seen.append))
    assert {r["protocol"] for r in rows} == {"chronological", "random-windows"}
    steps = [p.step for p in seen]
    assert steps == sorted(steps) and {p.total for p in seen} == {1000} and steps[-1] == 1000
    assert any(p.message.startswith("random-windows") and p.step > 600 for p in seen)


def _gate_reading(monkeypatch, held: str):
    """Reading a file named ``held`` waits on the returned event (5 s at most), as a big band's history does."""
    import threading

    import engine.setlists.history as history_module

    gate, real = threading.Event(), history_module.load_history

    def load_history(paths, band="", **kw):
        if any(str(p).endswith(held) for p in (paths if isinstance(paths, list) else [paths])):
            gate.wait(5)
        return real(paths, band, **kw)

    monkeypatch.setattr(history_module, "load_history", load_history)
    return gate


def test_a_history_is_read_off_the_window_and_a_bad_one_keeps_the_last(page, tmp_path, qtbot, monkeypatch):
    """The history was read on the window's thread: 10,000 shows froze it for 5 s."""
    first, slow, bad = tmp_path / "first.csv", tmp_path / "slow.csv", tmp_path / "garbage.csv"
    first.write_text(CSV)
    slow.write_text("show_date,venue,set,song\n2023-06-01,MSG,1,Harry Hood\n")
    bad.write_text("this,is\nnot,a setlist\n")
    read(page, qtbot, [str(first)])
    before = page.history
    gate = _gate_reading(monkeypatch, "slow.csv")
    messages, opened = [], []
    page.status.connect(messages.append)
    page.opened.connect(opened.append)
    page.open_path(str(slow))  # returns at once, the file still being read
    assert page.history is before and page.reading() and page.busy()
    assert page.reader_panel.isVisibleTo(page) and messages == ["Reading slow.csv…"]
    gate.set()
    qtbot.waitUntil(lambda: not page.reading(), timeout=10000)
    assert [s.venue for s in page.history.shows] == ["MSG"] and page.paths == [str(slow)] and opened == [str(slow)]
    assert not page.reader_panel.isVisibleTo(page)
    shown = page.history
    read(page, qtbot, [str(bad)])
    assert page.history is shown and page.paths == [str(slow)]  # the history in use stays
    assert messages[-1].startswith(f"Import failed: {bad}") and opened == [str(slow)]


def test_the_file_opened_last_wins_over_one_still_being_read(page, tmp_path, qtbot, monkeypatch):
    slow, quick = tmp_path / "slow.csv", tmp_path / "quick.csv"
    slow.write_text(CSV)
    quick.write_text("show_date,venue,set,song\n2023-06-01,MSG,1,Harry Hood\n")
    gate = _gate_reading(monkeypatch, "slow.csv")
    opened = []
    page.opened.connect(opened.append)
    page.import_paths([str(slow)])
    page.import_paths([str(quick)])  # the first is cancelled (or its history dropped when it comes)
    gate.set()
    qtbot.waitUntil(lambda: not page.reading(), timeout=10000)
    assert page.paths == [str(quick)] and [s.venue for s in page.history.shows] == ["MSG"]
    assert opened == [str(quick)] and not page.reader.running


def _band_for_sorting():
    from engine.setlists.history import History, Show
    from engine.setlists.setlist import Entry, Set

    def show(date, venue, songs):
        return Show(date, venue, [Set("Set 1", [Entry(s) for s in songs])])

    return History([show("2020-01-01", "zoo", ["Fee"] * 9), show("2020-01-02", "Alpine", ["ghost"] * 10),
                    show("2020-01-03", "Zoo", ["Sand"] * 2), show("2020-01-04", "alpine", ["Antelope"]),
                    show("2020-01-05", "Barn", ["Tweezer"] * 10)], band="Sorted")


def test_the_shows_table_sorts_by_each_column(page):
    """The table sorts itself now, by a key per show: venues and setlists in any case alike (the proxy put 'Zoo'
    before 'alpine'), numbers as numbers, shows alike in the column in date order, the selection on its show."""
    from PySide6.QtCore import Qt

    page._use_history(_band_for_sorting(), [])
    panel, table = page.dataset, page.dataset.table
    proxy = panel.proxy

    def column(c):
        return [proxy.index(r, c).data() for r in range(proxy.rowCount())]

    assert column(0) == ["2020-01-05", "2020-01-04", "2020-01-03", "2020-01-02", "2020-01-01"]  # newest first
    table.selectRow(1)  # 2020-01-04
    table.sortByColumn(1, Qt.AscendingOrder)
    assert column(1) == ["Alpine", "alpine", "Barn", "zoo", "Zoo"]
    assert [proxy.index(i.row(), 0).data() for i in table.selectionModel().selectedRows()] == ["2020-01-04"]
    table.sortByColumn(1, Qt.DescendingOrder)
    assert column(1) == ["zoo", "Zoo", "Barn", "Alpine", "alpine"]  # alike: still in date order
    table.sortByColumn(2, Qt.DescendingOrder)
    assert column(2) == [10, 10, 9, 2, 1] and column(0)[:2] == ["2020-01-02", "2020-01-05"]
    table.sortByColumn(3, Qt.AscendingOrder)
    assert [t.split(": ")[1][:3] for t in column(3)] == ["Ant", "Fee", "gho", "San", "Twe"]
    panel.search.setText("ZOO")  # the search keeps the order, and finds any case
    assert column(1) == ["zoo", "Zoo"] and panel.matches.text() == "2 of 5 shows"
    table.sortByColumn(0, Qt.DescendingOrder)
    assert column(0) == ["2020-01-03", "2020-01-01"]
    panel.search.setText("10")  # a number of songs is found as it is shown
    assert column(0) == ["2020-01-05", "2020-01-02"]


def test_sorting_a_big_band_reads_no_cell_per_comparison(page):
    """What made a click on a header take seconds: two data() calls, into Python, for each comparison."""
    from PySide6.QtCore import Qt

    from engine.setlists.history import History, Show
    from engine.setlists.setlist import Entry, Set
    from gui.setlists.dataset_panel import ShowsTable
    from gui.setlists.tasks import digest

    class Counted(ShowsTable):
        asked = 0

        def data(self, index, role=Qt.DisplayRole):
            Counted.asked += role == Qt.DisplayRole  # what sorting and searching read
            return super().data(index, role)

    shows = [Show(f"{2000 + i // 300}-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}", f"Venue {i * 7919 % 300}",
                  [Set("Set 1", [Entry(f"Song {i * 31 % 97}")] * (1 + i % 13))]) for i in range(2000)]
    panel = page.dataset
    panel.table_model = Counted(panel)
    panel.proxy.setSourceModel(panel.table_model)
    band = History(shows, band="Big")
    panel.show_history(band, [], digest(band))
    panel.search.setText("venue 1")
    for column in (0, 1, 3, 2):
        Counted.asked = 0
        panel.table.sortByColumn(column, Qt.AscendingOrder)
        assert Counted.asked < 1000  # the view sizing its columns by 100 rows; not 2 × 2000 × log2(2000)
    counts = [panel.proxy.index(r, 2).data() for r in range(panel.proxy.rowCount())]
    assert counts == sorted(counts) and len(counts) == sum("venue 1" in s.venue.lower() for s in shows)


def test_esc_stops_a_reading_and_a_training_shown_at_once_one_per_press(page, window, qtbot):
    """A history read while a model trains shows two Cancel buttons, both bound to Esc: Qt found the key
    ambiguous, and Esc stopped neither."""
    import time

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())

    def slow(job):
        for step in range(1, 2001):
            time.sleep(0.01)
            job.report(step, 2000, "counting")

    page.runner.start(slow)
    page.reader.start(slow)
    qtbot.waitUntil(lambda: page.runner.running and page.reader.running)
    QTest.keyClick(page, Qt.Key_Escape)  # the newer job, the reading, first
    qtbot.waitUntil(lambda: not page.reader.running, timeout=5000)
    assert page.runner.running
    QTest.keyClick(page, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not page.runner.running, timeout=5000)
