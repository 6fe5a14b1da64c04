"""What the user sees after an edit comes back: Ctrl+Z of a delete selects the songs it restored, and a drop's
"Not opened: …" stays on the status line after the page's own word on the files it read."""

from conftest import barn_show as show
from jazz_files import band_midi
from PySide6.QtCore import QItemSelectionModel, Qt, QUrl

from gui.jazz import tasks


def songs(setlist):
    return [[e.song for e in s.entries] for s in setlist.sets]


def selected_songs(editor):
    return [editor.model.setlist.sets[s].entries[p].song for s, p in editor.selected_slots()]


# Undo and redo of a delete ----------------------------------------------------------------------------------
def test_undoing_a_delete_selects_the_song_that_came_back_and_redo_the_one_in_its_place(editor, qtbot):
    """Ctrl+Z brought Tweezer back but left Sand selected: the user could not see what had come back."""
    stack = editor.model.undo_stack
    editor.select(0, 0)
    qtbot.keyClick(editor.view, Qt.Key_Delete)
    assert selected_songs(editor) == ["Sand"]
    stack.undo()
    assert songs(editor.model.setlist) == songs(show()) and editor.selected_slots() == [(0, 0)]
    assert editor.alternatives.heading.text() == "Instead of <b>Tweezer</b> (40.0%), the model also considered:"
    stack.redo()  # as the delete itself did: Del goes on from here
    assert songs(editor.model.setlist)[0] == ["Sand", "Fee"] and selected_songs(editor) == ["Sand"]


def test_undoing_a_delete_of_several_songs_selects_them_all_again(editor, qtbot):
    stack = editor.model.undo_stack
    editor.select(0, 0)
    for where in ((0, 2), (1, 1)):  # and Fee and Harry Hood, as Ctrl+clicks add them
        editor.view.selectionModel().select(editor.model.song_index(*where),
                                            QItemSelectionModel.Select | QItemSelectionModel.Rows)
    qtbot.keyClick(editor.view, Qt.Key_Delete)
    assert songs(editor.model.setlist) == [["Sand"], ["Ghost"], ["Loving Cup"]] and stack.count() == 1
    assert selected_songs(editor) == ["Sand"]
    stack.undo()
    assert songs(editor.model.setlist) == songs(show())
    assert selected_songs(editor) == ["Tweezer", "Fee", "Harry Hood"]
    assert editor.view.currentIndex() == editor.model.song_index(0, 0)
    stack.redo()
    assert selected_songs(editor) == ["Sand"]


def test_undoing_a_delete_of_a_sets_last_song_selects_it_in_its_set(editor, qtbot):
    """The Encore emptied selects the set before's last song; Ctrl+Z selects Loving Cup again."""
    stack = editor.model.undo_stack
    editor.select(2, 0)
    editor.delete_selected()
    assert selected_songs(editor) == ["Harry Hood"]
    stack.undo()
    assert editor.selected_slots() == [(2, 0)]


def test_ctrl_z_in_the_window_selects_the_song_it_brought_back(page, qtbot):
    """The Edit menu's Undo (the window's QUndoGroup) on the Next show tab."""
    from gui.setlists.commands import ReplaceShow

    editor = page.next_show.editor
    page.undo_stack.push(ReplaceShow(editor.model, show(), "Open setlist"))
    editor.select(1, 0)
    editor.delete_selected()
    assert selected_songs(editor) == ["Harry Hood"]
    window = page.window()
    window.undo_action.trigger()
    assert songs(page.setlist) == songs(show()) and selected_songs(editor) == ["Ghost"]
    window.redo_action.trigger()
    assert selected_songs(editor) == ["Harry Hood"]


# A drop's refusals, after the page's word on what it read ----------------------------------------------------
def wait_for_pages(qtbot, window) -> None:
    qtbot.wait(50)
    qtbot.waitUntil(lambda: not any(page.busy() for page in window.workspaces), timeout=60_000)
    qtbot.wait(50)


def test_what_a_drop_could_not_open_is_still_said_once_the_setlists_page_has_read_the_rest(window, qtbot, tmp_path):
    """`python main.py shows.csv score.pdf`: 'Not opened: score.pdf' was replaced at once by 'shows: 2 shows…'."""
    shows, pdf = tmp_path / "shows.csv", tmp_path / "score.pdf"
    shows.write_text("show_date,set,song\n2020-01-01,1,Tweezer\n2020-01-02,1,Sand\n")
    pdf.write_text("not a score")
    window.open_files([str(shows), str(pdf)])
    refusal = "Not opened: score.pdf (not a kind of file Encore opens)"
    assert window.statusBar().currentMessage() == refusal
    wait_for_pages(qtbot, window)
    assert window.workspaces[1].paths == [str(shows)]
    assert window.statusBar().currentMessage() == f"shows: 2 shows, 2 songs — {refusal}"


def test_what_a_drop_could_not_open_is_still_said_once_the_jazz_page_has_read_the_rest(window, qtbot, tmp_path):
    window.show_workspace("jazz")
    etude, pdf = band_midi(tmp_path / "etude.mid"), tmp_path / "score.pdf"
    pdf.write_text("not a score")
    window.open_files([str(etude), str(pdf)])
    wait_for_pages(qtbot, window)
    said = window.statusBar().currentMessage()
    assert said.startswith("etude.mid: 8 bars") and said.endswith(" — Not opened: score.pdf (not a kind of file "
                                                                  "Encore opens)")


def test_a_drops_refusals_are_not_carried_on_for_good(window, qtbot, tmp_path):
    """Once said and the files read, the pages' later messages are their own."""
    window._not_opened_timer.setInterval(10)
    shows = tmp_path / "shows.csv"
    shows.write_text("show_date,set,song\n2020-01-01,1,Tweezer\n")
    (tmp_path / "score.pdf").write_text("not a score")
    window.open_files([str(shows), str(tmp_path / "score.pdf")])
    wait_for_pages(qtbot, window)
    qtbot.waitUntil(lambda: not window._not_opened_timer.isActive(), timeout=5_000)
    window.workspaces[1].status.emit("Model trained")
    assert window.statusBar().currentMessage() == "Model trained"


def drop_history_with_a_refused_chart(window, qtbot, tmp_path):
    """A history and a .txt with no chart in it dropped together, and read: the refusal said beside it."""
    shows, txt = tmp_path / "pnet.csv", tmp_path / "show.txt"
    shows.write_text("show_date,set,song\n2020-01-01,1,Tweezer\n2020-01-02,1,Sand\n")
    txt.write_text("set list for tonight")
    window.take([QUrl.fromLocalFile(str(shows)), QUrl.fromLocalFile(str(txt))])
    wait_for_pages(qtbot, window)
    assert window.statusBar().currentMessage().endswith(" — Not opened: show.txt (no iReal Pro link inside)")


def test_a_file_opened_after_a_drop_is_not_said_with_the_drops_refusals(window, qtbot, tmp_path):
    """A probe: drop pnet.json and show.txt, open phish300.csv, export: 'phish300: 300 shows… — Not opened:
    show.txt', then 'Exported 300 shows to h2.csv — Not opened: show.txt', of files neither had touched."""
    drop_history_with_a_refused_chart(window, qtbot, tmp_path)
    other = tmp_path / "phish300.csv"
    other.write_text("show_date,set,song\n2021-01-01,1,Ghost\n2021-01-02,1,Fee\n2021-01-03,1,Piper\n")
    window.open_path(str(other))
    wait_for_pages(qtbot, window)
    assert window.statusBar().currentMessage() == "phish300: 3 shows, 3 songs"
    assert window.workspaces[1].export_history_to(str(tmp_path / "h2.csv"))
    assert window.statusBar().currentMessage() == "Exported 3 shows to h2.csv"


def test_once_the_page_has_said_what_it_read_its_next_message_is_its_own(window, qtbot, tmp_path):
    drop_history_with_a_refused_chart(window, qtbot, tmp_path)
    assert window.workspaces[1].export_history_to(str(tmp_path / "h2.csv"))  # well within the 8 s
    assert window.statusBar().currentMessage() == "Exported 2 shows to h2.csv"


def test_each_file_the_jazz_page_read_from_a_drop_is_said_with_its_refusals(window, qtbot, tmp_path):
    """One line per file read, all at once: the last on screen still names what was not opened."""
    window.show_workspace("jazz")
    etude, waltz = band_midi(tmp_path / "etude.mid"), band_midi(tmp_path / "waltz.mid", bars=4)
    (tmp_path / "score.pdf").write_text("not a score")
    window.open_files([str(etude), str(waltz), str(tmp_path / "score.pdf")])
    wait_for_pages(qtbot, window)
    said = window.statusBar().currentMessage()
    assert said.startswith(("etude.mid: ", "waltz.mid: ")) and said.endswith(" — Not opened: score.pdf (not a "
                                                                              "kind of file Encore opens)")


def test_a_file_opened_while_a_drop_is_read_is_not_said_with_the_drops_refusals(window, qtbot, tmp_path):
    """The page's word is on the file opened since (the latest asked for wins), not on the drop."""
    shows, other = tmp_path / "pnet.csv", tmp_path / "phish300.csv"
    shows.write_text("show_date,set,song\n2020-01-01,1,Tweezer\n")
    other.write_text("show_date,set,song\n2021-01-01,1,Ghost\n2021-01-02,1,Fee\n")
    (tmp_path / "score.pdf").write_text("not a score")
    window.open_files([str(shows), str(tmp_path / "score.pdf")])
    window.open_path(str(other))  # before the drop's history has been read
    wait_for_pages(qtbot, window)
    assert window.workspaces[1].paths == [str(other)]
    assert window.statusBar().currentMessage() == "phish300: 2 shows, 2 songs"


def test_a_page_given_two_files_of_a_drop_has_had_its_say_after_one_message_on_both(window, qtbot, tmp_path):
    (tmp_path / "a.csv").write_text("show_date,set,song\n2020-01-01,1,Tweezer\n")
    (tmp_path / "b.csv").write_text("show_date,set,song\n2020-01-02,1,Sand\n")
    (tmp_path / "score.pdf").write_text("not a score")
    window.open_files([str(tmp_path / name) for name in ("a.csv", "b.csv", "score.pdf")])
    wait_for_pages(qtbot, window)
    assert window.statusBar().currentMessage().endswith(" — Not opened: score.pdf (not a kind of file Encore opens)")
    assert window.workspaces[1].export_history_to(str(tmp_path / "h2.csv"))
    assert window.statusBar().currentMessage() == "Exported 2 shows to h2.csv"


def test_once_the_jazz_page_has_read_a_drop_its_next_message_is_its_own(window, qtbot, tmp_path):
    """Regression hunt: the Jazz page, busy with any job, kept the note on 'Nothing to export yet' and on 'Model
    ready' for as long as a training ran."""
    window.show_workspace("jazz")
    etude, pdf = band_midi(tmp_path / "etude.mid"), tmp_path / "score.pdf"
    pdf.write_text("not a score")
    page = window.workspaces[0]
    window.take([QUrl.fromLocalFile(str(etude)), QUrl.fromLocalFile(str(pdf))])
    page.jobs.run("import", tasks.default_corpus, done=page.corpus.add_entries)  # as at start-up: not the drop's
    wait_for_pages(qtbot, window)
    assert "etude.mid: 8 bars" in window.statusBar().currentMessage()
    qtbot.wait(20)
    page.status.emit("Model ready: somewhere")
    assert window.statusBar().currentMessage() == "Model ready: somewhere"
