"""Songs reordered at the keyboard on the Setlists page: Alt+Up / Alt+Down move the current song one place, into
the set before or after at a set's end, one undo step a press, the song staying current so the key goes on."""

import pytest
from conftest import barn_show
from PySide6.QtCore import Qt


def songs(setlist) -> list[list[str]]:
    return [[e.song for e in s.entries] for s in setlist.sets]


@pytest.fixture
def barn(page, window, qtbot):
    """The Barn's show in the real page's editor, on screen, with the focus in its song list."""
    from gui.setlists.commands import ReplaceShow

    window.show()
    qtbot.waitExposed(window)
    page.tabs.setCurrentWidget(page.next_show)
    page.undo_stack.push(ReplaceShow(page.next_show.editor.model, barn_show(), "Open the Barn"))
    page.undo_stack.clear()  # the moves are the only steps
    page.next_show.editor.view.setFocus()
    return page


def press(editor, qtbot, key, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(editor.view, key, Qt.AltModifier)


def test_alt_down_moves_the_song_on_through_its_set_and_into_the_next(barn, qtbot):
    editor, stack = barn.next_show.editor, barn.undo_stack
    editor.select(0, 0)  # Tweezer, first of Set 1
    press(editor, qtbot, Qt.Key_Down)
    assert songs(barn.setlist)[0] == ["Sand", "Tweezer", "Fee"]
    assert editor.selected_slots() == [(0, 1)]  # still the one selected: the next press moves it on
    press(editor, qtbot, Qt.Key_Down, 2)  # past Set 1's last place: Set 2's first
    assert songs(barn.setlist)[:2] == [["Sand", "Fee"], ["Tweezer", "Ghost", "Harry Hood"]]
    assert editor.selected_slots() == [(1, 0)]
    assert editor.model.slot(editor.view.currentIndex()) == (1, 0)
    assert stack.count() == 3 and stack.text(2) == "Move Tweezer"  # one step a press
    stack.undo()
    assert songs(barn.setlist)[0] == ["Sand", "Fee", "Tweezer"]
    stack.undo()
    stack.undo()
    assert barn.setlist.to_json() == barn_show().to_json()


def test_alt_up_moves_a_sets_first_song_to_the_end_of_the_set_before(barn, qtbot):
    editor, stack = barn.next_show.editor, barn.undo_stack
    editor.select(1, 1)  # Harry Hood
    press(editor, qtbot, Qt.Key_Up, 2)
    assert songs(barn.setlist)[:2] == [["Tweezer", "Sand", "Fee", "Harry Hood"], ["Ghost"]]
    assert editor.selected_slots() == [(0, 3)] and stack.count() == 2
    stack.undo()  # back across the boundary, in one step
    assert songs(barn.setlist)[:2] == [["Tweezer", "Sand", "Fee"], ["Harry Hood", "Ghost"]]
    stack.undo()
    assert barn.setlist.to_json() == barn_show().to_json()


def test_the_shows_first_and_last_places_make_no_undo_step(barn, qtbot):
    editor, stack = barn.next_show.editor, barn.undo_stack
    editor.select(0, 0)
    assert not editor.move_actions["up"].isEnabled() and editor.move_actions["down"].isEnabled()
    press(editor, qtbot, Qt.Key_Up)
    editor.select(2, 0)  # Loving Cup, locked, the encore's only song
    press(editor, qtbot, Qt.Key_Down)
    assert stack.count() == 0 and barn.setlist.to_json() == barn_show().to_json()
    press(editor, qtbot, Qt.Key_Up)  # locked songs move as a drag moves them: the lock is for Regenerate
    assert songs(barn.setlist)[1:] == [["Ghost", "Harry Hood", "Loving Cup"], []]
    assert barn.setlist.sets[1].entries[2].locked and stack.count() == 1


def test_the_moves_are_listed_in_the_keyboard_help_and_offered_for_the_edit_menu(barn, window, qtbot):
    from gui.shortcuts import ShortcutsDialog

    dialog = ShortcutsDialog(window)
    keys = {(where, keys) for where, keys, _ in dialog.rows()}
    dialog.deleteLater()
    assert ("Setlists: Setlist editor", "Alt+Up / Alt+Down") in keys  # as the piano roll lists its Alt+Up
    editor = barn.next_show.editor
    editor.select(0, 2)  # Fee
    assert [a.text() for a in barn.edit_actions()] == ["Move song up", "Move song down", "Add set",
                                                       "Add encore", "Remove Set 1"]
    barn.edit_actions()[1].trigger()  # as the Edit menu's item would
    assert songs(barn.setlist)[:2] == [["Tweezer", "Sand"], ["Fee", "Ghost", "Harry Hood"]]
    assert editor.selected_slots() == [(1, 0)]
    assert [a.text() for a in editor.context_menu().actions()[3:5]] == ["Move song up", "Move song down"]


def test_the_edit_menu_holds_the_show_edits_while_the_setlists_page_shows(barn, window):
    """The set and song edits were only in the editor's right-click menu: the Edit menu, where a user looks for
    them, had Undo, Redo and Preferences."""
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")

    def shown() -> list[str]:
        return [a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()]

    window.show_workspace("setlists")
    assert shown()[2:] == ["Move song up", "Move song down", "Add set", "Add encore", "Remove Set 1", "&Preferences…"]
    barn.next_show.editor.select(0, 1)  # Sand
    next(a for a in menu.actions() if a.text() == "Move song up").trigger()
    assert songs(barn.setlist)[0] == ["Sand", "Tweezer", "Fee"] and barn.undo_stack.text(0) == "Move Sand"
    window.show_workspace("jazz")
    assert shown()[2:] == ["&Preferences…"]
    from gui.shortcuts import menu_rows

    assert not [what for _, what in menu_rows(window.menuBar()) if "song" in what]  # listed under the editor
