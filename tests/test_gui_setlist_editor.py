"""The setlist editor: the Qt model adapts one Setlist; drag, add, delete, segue, lock, swap all undo."""

import pytest
from conftest import barn_show as show
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QFocusEvent, QUndoStack
from PySide6.QtWidgets import QApplication

from engine.setlists.setlist import Entry, Set, Setlist
from gui.setlists.commands import DeleteSong


def songs(setlist):
    return [[e.song for e in s.entries] for s in setlist.sets]


def test_model_passes_qt_model_checks(editor, qtmodeltester):
    qtmodeltester.check(editor.model, force_py=True)


def test_model_reads_the_setlist(editor):
    model = editor.model
    assert model.rowCount() == 3
    set_two = model.index(1, 0)
    assert model.data(set_two) == "Set 2" and model.rowCount(set_two) == 2
    assert model.data(model.song_index(0, 0)) == "Tweezer"
    assert model.data(model.song_index(0, 0, 1)) == ">"
    assert model.data(model.song_index(0, 0, 2)) == "40%"
    assert model.data(model.song_index(2, 0, 3), Qt.CheckStateRole) == Qt.Checked
    assert model.parent(model.song_index(1, 1)) == set_two
    assert model.parent(set_two) == QModelIndex()


def test_drag_a_song_between_sets_and_undo(editor):
    model, stack = editor.model, editor.model.undo_stack
    data = model.mimeData([model.song_index(0, 1)])  # Sand
    assert model.canDropMimeData(data, Qt.MoveAction, 1, 0, model.index(1, 0))
    model.dropMimeData(data, Qt.MoveAction, 1, 0, model.index(1, 0))
    assert songs(model.setlist) == [["Tweezer", "Fee"], ["Ghost", "Sand", "Harry Hood"], ["Loving Cup"]]
    stack.undo()
    assert songs(model.setlist) == songs(show())
    stack.redo()
    assert songs(model.setlist)[1] == ["Ghost", "Sand", "Harry Hood"]


def test_drag_within_a_set_both_ways(editor):
    model = editor.model
    model.dropMimeData(model.mimeData([model.song_index(0, 0)]), Qt.MoveAction, 3, 0, model.index(0, 0))
    assert songs(model.setlist)[0] == ["Sand", "Fee", "Tweezer"]
    model.dropMimeData(model.mimeData([model.song_index(0, 2)]), Qt.MoveAction, -1, -1, model.song_index(0, 0))
    assert songs(model.setlist)[0] == ["Tweezer", "Sand", "Fee"]  # dropped onto Sand: takes its place


def test_drag_several_songs_is_one_undo_step(editor):
    model, stack = editor.model, editor.model.undo_stack
    data = model.mimeData([model.song_index(0, 0), model.song_index(0, 2), model.song_index(0, 2, 1)])
    model.dropMimeData(data, Qt.MoveAction, -1, 0, model.index(2, 0))
    assert songs(model.setlist) == [["Sand"], ["Ghost", "Harry Hood"], ["Loving Cup", "Tweezer", "Fee"]]
    assert stack.count() == 1
    stack.undo()
    assert songs(model.setlist) == songs(show())


def test_songs_dragged_from_two_sets_to_the_top_of_one(editor):
    """The steps were named from where each song would be only after the steps before it: an IndexError, and
    the drop was lost."""
    model, stack = editor.model, editor.model.undo_stack
    data = model.mimeData([model.song_index(0, 0), model.song_index(1, 1)])  # Tweezer and Harry Hood
    model.dropMimeData(data, Qt.MoveAction, 0, 0, model.index(1, 0))  # at the top of Set 2
    assert songs(model.setlist) == [["Sand", "Fee"], ["Tweezer", "Harry Hood", "Ghost"], ["Loving Cup"]]
    assert stack.count() == 1 and stack.undoText() == "Move songs"
    stack.undo()
    assert songs(model.setlist) == songs(show())


def test_a_drop_or_lock_that_changes_nothing_is_no_undo_step(editor):
    """A drag that ends where it began added an empty "Move" step and marked the show unsaved."""
    from gui.setlists.commands import move_songs, set_locked

    model, stack = editor.model, editor.model.undo_stack
    for row in (1, 2):  # Sand dropped before itself, then between itself and Fee
        model.dropMimeData(model.mimeData([model.song_index(0, 1)]), Qt.MoveAction, row, 0, model.index(0, 0))
    move_songs(model, [(0, 1), (0, 2)], (0, 2))  # Sand and Fee dropped onto Fee
    set_locked(model, [(2, 0)], True)  # Loving Cup is locked already
    model.setData(model.song_index(2, 0, 3), Qt.Checked, Qt.CheckStateRole)
    assert stack.count() == 0 and stack.isClean() and songs(model.setlist) == songs(show())
    set_locked(model, [(0, 0), (2, 0)], True)  # one of them changes: one step, named for it
    assert stack.count() == 1 and stack.undoText() == "Lock"
    move_songs(model, [(0, 0), (0, 1)], (0, 3))  # one real move among two
    assert stack.count() == 2 and songs(model.setlist)[0] == ["Fee", "Tweezer", "Sand"]
    stack.undo()
    assert songs(model.setlist) == songs(show())



    from gui.setlists.editor import SetlistEditor

    other = SetlistEditor(show(), QUndoStack())
    data = other.model.mimeData([other.model.song_index(0, 0)])
    assert not editor.model.dropMimeData(data, Qt.MoveAction, 0, 0, editor.model.index(1, 0))
    assert songs(editor.model.setlist) == songs(show())


def test_add_a_song_by_typing_with_completion(editor, qtbot):
    editor.set_catalogue(["Reba", "Runaway Jim", "Ghost"])
    completer = editor.song_field.completer()
    completer.setCompletionPrefix("away")
    assert completer.currentCompletion() == "Runaway Jim"
    editor.select(1, 0)
    qtbot.keyClicks(editor.song_field, "Reba")
    qtbot.keyClick(editor.song_field, Qt.Key_Return)
    assert songs(editor.model.setlist)[1] == ["Ghost", "Reba", "Harry Hood"]
    qtbot.waitUntil(lambda: editor.song_field.text() == "")
    editor.model.undo_stack.undo()
    assert songs(editor.model.setlist)[1] == ["Ghost", "Harry Hood"]


def test_a_song_picked_from_the_completers_list_is_added_once(editor, qtbot):
    """Down and Enter on the list added the song and left its name in the field: a second Enter added it again."""
    editor.set_catalogue(["Reba", "Runaway Jim", "Ghost"])
    editor.show()
    qtbot.waitExposed(editor)
    editor.select(1, 0)
    editor.song_field.setFocus()
    # QLineEdit ties its completer to itself when it gets focus, which an inactive test window never gives it:
    # the focus-in that a user's click gives, so that its own handler runs after the editor's, as for the user
    QApplication.sendEvent(editor.song_field, QFocusEvent(QEvent.FocusIn, Qt.MouseFocusReason))
    qtbot.keyClicks(editor.song_field, "away")
    popup = editor.song_field.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key_Down)
    qtbot.keyClick(popup, Qt.Key_Return)
    assert songs(editor.model.setlist)[1] == ["Ghost", "Runaway Jim", "Harry Hood"]
    qtbot.waitUntil(lambda: editor.song_field.text() == "")


def test_delete_key_and_undo(editor, qtbot):
    editor.select(0, 1)
    qtbot.keyClick(editor.view, Qt.Key_Delete)
    assert songs(editor.model.setlist)[0] == ["Tweezer", "Fee"]
    editor.model.undo_stack.undo()
    assert songs(editor.model.setlist)[0] == ["Tweezer", "Sand", "Fee"]
    editor.select(0, 1)
    qtbot.keyClick(editor.view, Qt.Key_Delete, Qt.KeypadModifier)  # the numeric keypad's Del, as the roll takes it
    assert songs(editor.model.setlist)[0] == ["Tweezer", "Fee"]


def test_segue_mark_cycles_and_undoes(editor):
    editor.select(0, 0)
    marks = []
    for _ in range(3):
        editor.toggle_transition()
        marks.append(editor.model.setlist.sets[0].entries[0].transition)
    assert marks == ["->", ",", ">"]
    editor.model.undo_stack.undo()
    assert editor.model.setlist.sets[0].entries[0].transition == ","


def test_lock_through_the_check_box(editor):
    model = editor.model
    assert model.setData(model.song_index(1, 0, 3), Qt.Checked, Qt.CheckStateRole)
    assert model.setlist.sets[1].entries[0].locked
    model.undo_stack.undo()
    assert not model.setlist.sets[1].entries[0].locked


def test_rename_by_editing_and_bad_mark_refused(editor):
    model = editor.model
    assert model.setData(model.song_index(1, 1), "Slave to the Traffic Light")
    assert model.setlist.sets[1].entries[1].song == "Slave to the Traffic Light"
    assert not model.setData(model.song_index(1, 1, 1), "~")
    model.undo_stack.undo()
    assert model.setlist.sets[1].entries[1].song == "Harry Hood"


def test_swap_in_an_alternative(editor):
    editor.select(0, 0)
    panel = editor.alternatives
    assert panel.table.rowCount() == 2 and panel.table.item(1, 0).text() == "Piper"
    panel.swap(1)
    entry = editor.model.setlist.sets[0].entries[0]
    assert (entry.song, entry.probability) == ("Piper", 0.1)
    assert ("Tweezer", 0.4) in entry.alternatives
    assert panel.table.item(1, 0).text() == "Tweezer"
    editor.model.undo_stack.undo()
    assert editor.model.setlist.sets[0].entries[0].song == "Tweezer"


def test_an_alternative_is_swapped_in_from_the_keyboard_and_tab_leaves_the_table(editor, qtbot):
    """Enter did nothing (only a double click swapped), and Tab went round the cells, never to Swap in."""
    editor.select(0, 0)
    panel = editor.alternatives
    panel.table.setCurrentCell(1, 0)
    qtbot.keyClick(panel.table, Qt.Key_Return)
    assert editor.model.setlist.sets[0].entries[0].song == "Piper" and editor.model.undo_stack.count() == 1
    assert not panel.table.tabKeyNavigation()


def test_an_alternative_the_show_already_has_is_shown_but_not_offered(editor):
    from gui.setlists.commands import DeleteSong

    editor.select(0, 0)
    panel = editor.alternatives
    assert panel.table.item(0, 0).text() == "Sand (in Set 1)" and not panel.usable(0)
    assert panel.table.selectedItems()[0].text() == "Piper"  # the first one that can be swapped in
    panel.swap(0)
    assert songs(editor.model.setlist)[0] == ["Tweezer", "Sand", "Fee"] and editor.model.undo_stack.count() == 0
    editor.model.undo_stack.push(DeleteSong(editor.model, (0, 1)))
    assert panel.table.item(0, 0).text() == "Sand" and panel.usable(0)  # out of the show: offered again
    editor.select(0, 0)
    editor.add_song("Piper")  # by hand, after Tweezer
    editor.select(0, 0)
    assert panel.table.item(1, 0).text() == "Piper (in Set 1)" and not panel.usable(1)
    editor.model.undo_stack.undo()
    assert panel.usable(1)


def test_replace_show_keeps_the_same_setlist_object(editor):
    from gui.setlists.commands import ReplaceShow

    model = editor.model
    shared = model.setlist
    new = Setlist("2026-07-05", "", [Set("Set 1", [Entry("Reba")])])
    model.undo_stack.push(ReplaceShow(model, new, "Generate"))
    assert model.setlist is shared and shared.date == "2026-07-05" and songs(shared) == [["Reba"]]
    model.undo_stack.undo()
    assert shared.date == "2026-07-04" and songs(shared) == songs(show())


def test_lock_and_segue_keys(editor, qtbot):
    editor.select(1, 1)
    qtbot.keyClick(editor.view, Qt.Key_L, Qt.ControlModifier)
    qtbot.keyClick(editor.view, Qt.Key_T, Qt.ControlModifier)
    entry = editor.model.setlist.sets[1].entries[1]
    assert entry.locked and entry.transition == ">"


def test_the_heading_says_why_a_slot_has_no_alternatives(editor):
    from gui.setlists.commands import EditEntry

    editor.select(0, 2)
    assert "added by hand" in editor.alternatives.heading.text()
    editor.model.undo_stack.push(EditEntry(editor.model, (0, 2), "Draft", probability=0.3))
    assert "no other song left" in editor.alternatives.heading.text()
    editor.model.undo_stack.push(EditEntry(editor.model, (0, 2), "Rename", song="<Untitled> & Jam <3"))
    assert "<b>&lt;Untitled&gt; &amp; Jam &lt;3</b>" in editor.alternatives.heading.text()  # the name was a tag


def test_a_song_the_show_has_twice_is_marked_in_both_places(editor):
    from gui.setlists.commands import move_songs

    model = editor.model
    ghost = model.song_index(1, 0)
    assert model.data(ghost, Qt.ForegroundRole) is None and model.data(ghost, Qt.ToolTipRole) is None
    changed = []
    model.dataChanged.connect(lambda first, last, roles: changed.append((first.parent().row(), first.row(), last.row())))
    editor.select(0, 2)
    editor.add_song("ghost")  # typed by hand after Fee: the same song as Set 2's Ghost
    assert (1, 0, 1) in changed  # Set 2's rows were told to repaint, not only the new row
    assert model.data(model.song_index(1, 0), Qt.ForegroundRole) is not None
    assert model.data(model.song_index(1, 0), Qt.ToolTipRole) == "Also in Set 1: a reprise?"
    assert model.data(model.song_index(0, 3), Qt.ToolTipRole) == "Also in Set 2: a reprise?"
    move_songs(model, [(1, 0)], (2, 0))  # the Set 2 Ghost goes to the encore
    assert model.data(model.song_index(0, 3), Qt.ToolTipRole) == "Also in Encore: a reprise?"
    model.undo_stack.undo()
    model.undo_stack.undo()
    assert model.data(model.song_index(1, 0), Qt.ForegroundRole) is None


def test_the_song_tooltip_marks_alternatives_the_show_has(editor):
    from gui.setlists.commands import DeleteSong

    model = editor.model
    assert model.data(model.song_index(0, 0), Qt.ToolTipRole) == "Model's alternatives: Sand (in Set 1), Piper (10%)"
    model.undo_stack.push(DeleteSong(model, (0, 1)))
    assert model.data(model.song_index(0, 0), Qt.ToolTipRole) == "Model's alternatives: Sand (20%), Piper (10%)"


def test_the_alternatives_follow_the_selected_song_when_rows_move(editor):
    """The panel kept a position: undoing a delete above the selection showed, and swapped, the wrong song."""
    panel, stack = editor.alternatives, editor.model.undo_stack
    editor.select(0, 1)
    stack.push(DeleteSong(editor.model, (0, 0)))  # Tweezer goes, selection left to Qt (the Del key's
    editor.select(0, 0)  # DeleteSongs selects what an undo brings back)
    assert panel.heading.text().startswith("<b>Sand</b>")
    stack.undo()  # Tweezer comes back above Sand, which is still the song selected
    assert editor.selected_slots() == [(0, 1)] and panel.heading.text().startswith("<b>Sand</b>")
    assert not panel.swap_button.isEnabled()
    editor.model.apply_content(show())  # a new show: nothing selected, nothing offered
    assert panel.slot is None and not panel.swap_button.isEnabled()


def test_renaming_a_song_drops_the_models_odds_for_the_old_one(editor):
    """Tweezer renamed Reba kept Tweezer's 40 % and alternatives, on screen and in the exports."""
    model, stack = editor.model, editor.model.undo_stack
    song = model.song_index(0, 0)
    assert model.setData(song, "tweezer ") and stack.count() == 1  # the same song, spelled anew: odds kept
    assert model.setlist.sets[0].entries[0].song == "tweezer" and model.setlist.sets[0].entries[0].probability == 0.4
    assert model.setData(song, "tweezer") and stack.count() == 1  # no change: no undo step, nothing unsaved
    assert model.setData(song, "Reba")
    entry = model.setlist.sets[0].entries[0]
    assert (entry.song, entry.probability, entry.alternatives) == ("Reba", None, [])
    stack.undo()
    entry = model.setlist.sets[0].entries[0]
    assert (entry.song, entry.probability, entry.alternatives) == ("tweezer", 0.4, [("Sand", 0.2), ("Piper", 0.1)])


def names(setlist):
    return [s.name for s in setlist.sets]


def test_add_set_and_add_encore_take_the_bands_next_names_each_one_undo_step(editor, qtbot):
    """A show had the sets it was drafted or started with: never a Set 2 or an Encore added by hand."""
    stack = editor.model.undo_stack
    editor.add_set()
    assert names(editor.model.setlist) == ["Set 1", "Set 2", "Set 3", "Encore"]  # before the encores
    assert editor.selected_set() == 2  # a song typed now goes into the new set
    editor.set_catalogue(["Reba"])
    qtbot.keyClicks(editor.song_field, "Reba")
    qtbot.keyClick(editor.song_field, Qt.Key_Return)
    assert songs(editor.model.setlist)[2] == ["Reba"]
    qtbot.keyClick(editor.view, Qt.Key_E, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.keyClick(editor.view, Qt.Key_E, Qt.ControlModifier | Qt.ShiftModifier)
    assert names(editor.model.setlist) == ["Set 1", "Set 2", "Set 3", "Encore", "Encore 2", "Encore 3"]
    assert [stack.text(i) for i in range(stack.count())] == ["Add Set 3", "Add Reba", "Add Encore 2", "Add Encore 3"]
    for _ in range(4):
        stack.undo()
    assert editor.model.setlist.to_json() == show().to_json()


def test_an_encore_only_show_gets_set_1_first_and_a_set_only_show_its_encore_last(app):
    from gui.setlists.commands import add_set
    from gui.setlists.setlist_model import SetlistModel

    model = SetlistModel(Setlist("2026-07-04", "", [Set("Encore", [Entry("Cup")])]), QUndoStack())
    assert add_set(model) == 0 and names(model.setlist) == ["Set 1", "Encore"]
    model = SetlistModel(Setlist("2026-07-04", "", [Set("Set 1", [Entry("Fee")])]), QUndoStack())
    assert add_set(model, encore=True) == 1 and names(model.setlist) == ["Set 1", "Encore"]
    assert add_set(SetlistModel(Setlist(), QUndoStack())) is None  # no show yet: a typed song starts one


def test_remove_set_is_one_undo_step_that_brings_back_songs_marks_odds_and_locks(editor, qtbot):
    stack, before = editor.model.undo_stack, show().to_json()
    editor.select(0, 1)  # a song of Set 1: its set goes
    assert editor.set_actions["remove"].text() == "Remove Set 1"
    qtbot.keyClick(editor.view, Qt.Key_Delete, Qt.ControlModifier | Qt.ShiftModifier)
    assert names(editor.model.setlist) == ["Set 1", "Encore"]  # Set 2 is the first set now, and named so
    assert songs(editor.model.setlist) == [["Ghost", "Harry Hood"], ["Loving Cup"]]
    assert stack.count() == 1 and stack.text(0) == "Remove Set 1"
    stack.undo()
    assert editor.model.setlist.to_json() == before
    assert editor.selected_slots() == [(0, 0), (0, 1), (0, 2)]  # the songs that came back
    stack.redo()
    editor.select(1, 0)
    editor.remove_set()
    assert names(editor.model.setlist) == ["Set 1"]
    assert not editor.set_actions["remove"].isEnabled()  # a show keeps a set to type into
    editor.remove_set()
    assert names(editor.model.setlist) == ["Set 1"] and stack.count() == 2


def test_a_set_emptied_by_deletes_is_removed_and_the_show_exports_as_csv(editor, tmp_path):
    from engine.errors import FileProblem
    from engine.setlists.export import write_setlist
    from engine.setlists.setlist import read_setlist

    editor.select_slots([(1, 0), (1, 1)])
    editor.delete_selected()
    assert songs(editor.model.setlist)[1] == []
    with pytest.raises(FileProblem, match="add songs, remove it, or save the show as .json"):
        write_setlist(editor.model.setlist, tmp_path / "show.csv")  # the empty set would vanish from it
    editor.view.setCurrentIndex(editor.model.index(1, 0))
    editor.context_menu()  # a right click on the empty set offers to remove it
    assert editor.set_actions["remove"].isEnabled() and editor.set_actions["remove"].text() == "Remove Set 2"
    editor.set_actions["remove"].trigger()
    assert names(editor.model.setlist) == ["Set 1", "Encore"]
    write_setlist(editor.model.setlist, tmp_path / "show.csv")
    assert songs(read_setlist(tmp_path / "show.csv")) == [["Tweezer", "Sand", "Fee"], ["Loving Cup"]]


def test_the_set_actions_are_on_the_sets_button_and_the_context_menu_and_their_keys_clash_with_no_menu(
        editor, window):
    from PySide6.QtWidgets import QToolButton

    from gui.setlists.editor import KEYS
    from gui.shortcuts import key_text, menu_rows

    button = next(b for b in editor.findChildren(QToolButton) if b.text() == "Sets")
    assert button.menu().actions() == list(editor.set_actions.values())
    assert [a.text() for a in editor.context_menu().actions()[-3:]] == ["Add set", "Add encore", "Remove set"]
    ours = [key_text(k) for keys, _, _ in KEYS for k in keys]
    theirs = {k.strip() for keys, _ in menu_rows(window.menuBar()) for k in keys.split("/")}
    assert len(set(ours)) == len(ours) and not set(ours) & theirs


def test_a_typed_song_takes_the_bands_spelling_an_unknown_one_the_users(editor, qtbot):
    """'harry hood' was added as typed, and stayed so through Regenerate and the exports."""
    editor.set_catalogue(["Harry Hood", "Can't You Hear Me Knocking", "Reba"])
    editor.select(0, 0)
    for typed in ("harry hood", "  cant you hear me  knocking ", "my new tune"):
        qtbot.keyClicks(editor.song_field, typed)
        qtbot.keyClick(editor.song_field, Qt.Key_Return)
    assert songs(editor.model.setlist)[0][:4] == ["Tweezer", "Harry Hood", "Can't You Hear Me Knocking",
                                                  "my new tune"]
    assert editor.model.undo_stack.text(0) == "Add Harry Hood"


def test_a_song_typed_with_no_show_yet_starts_it_with_the_bands_spelling(app, qtbot):
    from gui.setlists.editor import SetlistEditor

    editor = SetlistEditor(Setlist(), QUndoStack())
    qtbot.addWidget(editor)
    editor.set_catalogue(["Tweezer"])
    with qtbot.waitSignal(editor.start_requested) as started:
        editor.add_song("TWEEZER")
    assert started.args == ["Tweezer"]


def test_a_song_renamed_in_its_cell_takes_the_bands_spelling(editor, qtbot):
    from PySide6.QtWidgets import QLineEdit

    editor.set_catalogue(["Reba", "Harry Hood"])
    editor.show()
    qtbot.waitExposed(editor)
    for typed, kept in (("reba", "Reba"), ("Some New Jam", "Some New Jam")):
        index = editor.model.song_index(1, 0)
        editor.view.setCurrentIndex(index)
        editor.view.edit(index)
        cell = editor.view.indexWidget(index)
        assert isinstance(cell, QLineEdit)
        cell.setText(typed)
        editor.view.commit_open_edit()
        assert editor.model.setlist.sets[1].entries[0].song == kept
