"""The Setlists page at the keyboard: Undo in its fields is the page's, a job that ends leaves the tab and the
focus where the user is, nothing is exported of a show with no songs, and the keys are said as they work."""

import pytest
from conftest import barn_show
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QPushButton

CSV = """show_date,venue,set,song,transition
2023-05-01,Red Rocks,1,Tweezer,>
2023-05-01,Red Rocks,1,Sand,
2023-05-02,Red Rocks,1,Ghost,->
2023-05-02,Red Rocks,1,Tweezer,
"""

SMALL_BAND = """show_date,venue,set,song,transition
2024-01-01,Club A,1,Intro Jam,
2024-01-01,Club A,1,Second Tune,>
2024-01-01,Club A,E,Encore Tune,
2024-01-03,Club B,1,Second Tune,
2024-01-03,Club B,1,Intro Jam,
2024-01-03,Club B,E,Third Tune,
2024-01-05,Club C,1,Third Tune,
2024-01-05,Club C,E,Encore Tune,
"""


@pytest.fixture
def shown(page, window, qtbot):
    """The page in a window on screen, on its Next show tab, its status messages kept in ``page.said``."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    page.tabs.setCurrentWidget(page.next_show)
    page.said = []
    page.status.connect(page.said.append)
    return page


@pytest.fixture
def barn(shown):
    """The Barn's show on screen: one undo step."""
    from gui.setlists.commands import ReplaceShow

    shown.undo_stack.push(ReplaceShow(shown.next_show.editor.model, barn_show(), "Open the Barn"))
    return shown


def history_file(tmp_path) -> str:
    path = tmp_path / "shows.csv"
    path.write_text(CSV)
    return str(path)


def shown_action(menu, name: str):
    """The menu's item of that name (the text's own Undo, taken out of the menu, is still its child)."""
    return next(action for action in menu.actions() if action.objectName() == name)


# Undo keys in the fields --------------------------------------------------------------------------------
def test_ctrl_z_in_the_add_song_field_takes_back_the_song_added(barn, window, qtbot):
    """The field's own undo put "My New Song" back in it while the show kept the song: Enter added it twice."""
    editor, field = barn.next_show.editor, barn.next_show.editor.song_field
    editor.select(0, 0)
    field.setFocus()
    qtbot.keyClicks(field, "My New Song")
    popup = field.completer().popup()
    qtbot.keyClick(popup if popup.isVisible() else field, Qt.Key_Return)
    assert barn.setlist.songs().count("My New Song") == 1 and field.text() == ""
    assert window.undo_action.text() == "&Undo Add My New Song"
    qtbot.keyClick(field, Qt.Key_Z, Qt.ControlModifier)
    assert "My New Song" not in barn.setlist.songs() and field.text() == ""
    qtbot.keyClick(field, Qt.Key_Return)  # an empty field adds nothing
    assert barn.setlist.songs() == barn_show().songs()
    qtbot.keyClick(field, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert barn.setlist.songs().count("My New Song") == 1 and field.text() == ""
    menu = editor.song_field_undo.context_menu()  # the right-click Undo is the page's too, named
    undo = shown_action(menu, "edit-undo")
    assert undo.text() == "&Undo Add My New Song"
    undo.trigger()
    menu.deleteLater()
    assert "My New Song" not in barn.setlist.songs()
    qtbot.keyClicks(field, "Harr")  # a name being typed: Ctrl+Z takes back the typing, not the show's edit
    steps = barn.undo_stack.index()
    qtbot.keyClick(field, Qt.Key_Z, Qt.ControlModifier)
    assert field.text() == "" and barn.undo_stack.index() == steps


def test_ctrl_z_in_the_date_field_undoes_the_date(barn, window, qtbot):
    """QDateEdit ate Ctrl+Z: Edit said "Undo Date 2029-07-04" and the key did nothing."""
    date = barn.next_show.date
    date.setFocus()
    date.setCurrentSection(date.Section.YearSection)
    for _ in range(3):
        qtbot.keyClick(date, Qt.Key_Up)
    assert barn.setlist.date == "2029-07-04" and window.undo_action.text() == "&Undo Date 2029-07-04"
    qtbot.keyClick(date, Qt.Key_Z, Qt.ControlModifier)
    assert barn.setlist.date == "2026-07-04" and date.text() == "2026-07-04"
    qtbot.keyClick(date, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert barn.setlist.date == "2029-07-04" and date.text() == "2029-07-04"
    menu = barn.next_show.field_undo[0].context_menu()
    assert shown_action(menu, "edit-undo").text() == "&Undo Date 2029-07-04"
    assert {"&Step up", "Step &down"} <= {action.text() for action in menu.actions()}
    menu.deleteLater()


def test_redo_in_the_venue_field_brings_back_a_draft_undone_there(barn, qtbot):
    """Undone back to no show, the fields took their keys back: Ctrl+Shift+Z there did nothing, and the next edit
    wiped the draft from the page's redo."""
    venue = barn.next_show.venue
    venue.setFocus()
    qtbot.keyClick(venue, Qt.Key_Z, Qt.ControlModifier)
    assert not barn.setlist.sets and barn.undo_stack.canRedo()
    for field in (venue, barn.next_show.date):
        qtbot.keyClick(field, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
        assert barn.setlist.songs() == barn_show().songs()
        barn.undo_stack.undo()


def test_ctrl_z_in_the_venue_field_is_the_pages_undo_once_the_venue_is_the_shows(shown, qtbot):
    """The text's own undo took back the venue typed before the song deleted after it, out of Edit's order."""
    from gui.setlists.commands import ReplaceShow

    venue = shown.next_show.venue
    venue.setFocus()
    qtbot.keyClicks(venue, "Barn")  # no show yet: the venue is the next draft's, its undo the text's own
    qtbot.keyClick(venue, Qt.Key_Z, Qt.ControlModifier)
    assert venue.text() == "" and not shown.undo_stack.count()
    shown.undo_stack.push(ReplaceShow(shown.next_show.editor.model, barn_show(), "Open the Barn"))
    qtbot.keyClick(venue, Qt.Key_End)
    qtbot.keyClicks(venue, " Door")
    assert shown.setlist.venue == "The Barn Door"
    shown.next_show.editor.select(0, 0)
    shown.next_show.editor.delete_selected()  # an edit after the venue's
    venue.setFocus()
    qtbot.keyClick(venue, Qt.Key_Z, Qt.ControlModifier)
    assert shown.setlist.songs() == barn_show().songs() and shown.setlist.venue == "The Barn Door"
    qtbot.keyClick(venue, Qt.Key_Z, Qt.ControlModifier)
    assert shown.setlist.venue == venue.text() == "The Barn"


# A job that ends while the user works elsewhere ---------------------------------------------------------
def test_a_history_read_that_ends_while_the_user_types_leaves_the_tab_and_the_focus(shown, window, tmp_path, qtbot):
    """The read's end switched to the Dataset tab: the focus went from Venue to Import…, and the next space
    typed opened the Import dialog."""
    venue = shown.next_show.venue
    shown.import_paths([history_file(tmp_path)])
    venue.setFocus()
    qtbot.keyClicks(venue, "Madison")
    qtbot.waitUntil(lambda: not shown.reading(), timeout=30000)
    assert len(shown.history.shows) == 2
    assert shown.tabs.currentWidget() is shown.next_show and window.focusWidget() is venue
    assert shown.said[-1] == "shows: 2 shows, 3 songs — see the Dataset tab"
    qtbot.keyClick(venue, Qt.Key_Space)
    assert venue.text() == "Madison "


def test_a_history_read_that_ends_on_another_tab_than_asked_from_stays_there(shown, tmp_path, qtbot):
    shown.import_paths([history_file(tmp_path)])
    shown.tabs.setCurrentWidget(shown.training)
    qtbot.waitUntil(lambda: not shown.reading(), timeout=30000)
    assert shown.tabs.currentWidget() is shown.training
    assert shown.said[-1].endswith(" — see the Dataset tab")


def test_a_history_asked_for_with_the_focus_left_in_a_field_comes_to_the_dataset_tab(shown, window, tmp_path,
                                                                                     qtbot):
    """A focus merely left in Venue (edited before the import) counted as typing there: the history the user
    asked for stayed behind the Dataset tab."""
    venue = shown.next_show.venue
    venue.setFocus()
    qtbot.keyClicks(venue, "Madison")
    shown.import_paths([history_file(tmp_path)])
    qtbot.waitUntil(lambda: not shown.reading(), timeout=30000)
    assert shown.tabs.currentWidget() is shown.dataset and shown.said[-1] == "shows: 2 shows, 3 songs"
    assert window.focusWidget() is shown.tabs.tabBar()


def test_a_history_read_waited_for_comes_to_the_dataset_tab_and_leaves_no_button_focused(shown, window, tmp_path,
                                                                                          qtbot):
    shown.next_show.editor.view.setFocus()
    shown.import_paths([history_file(tmp_path)])
    qtbot.waitUntil(lambda: not shown.reading(), timeout=30000)
    assert shown.tabs.currentWidget() is shown.dataset and shown.said[-1] == "shows: 2 shows, 3 songs"
    assert window.focusWidget() is shown.tabs.tabBar()  # not Import…, which a space pressed


@pytest.fixture(scope="module")
def small_band(tmp_path_factory):
    from test_gui_setlists_editor_fixes import trained_band

    return trained_band(tmp_path_factory.mktemp("small"), SMALL_BAND)


def test_a_draft_that_ends_while_the_user_is_on_another_tab_leaves_them_there(shown, small_band, qtbot):
    pytest.importorskip("engine.setlists.draft")
    shown.import_paths([small_band[0]])
    qtbot.waitUntil(lambda: not shown.reading(), timeout=30000)
    shown.load_model(small_band[1])
    shown.tabs.setCurrentWidget(shown.next_show)
    with qtbot.waitSignal(shown.runner.finished, timeout=60000):
        shown.next_show.generate_button.click()
        shown.tabs.setCurrentWidget(shown.training)
    assert shown.setlist.songs() and shown.tabs.currentWidget() is shown.training
    assert shown.said[-1].startswith("Generate show for ") and " — see the Next show tab" in shown.said[-1]


# Export, the Lock button's words, F2 ---------------------------------------------------------------------
def test_a_show_with_every_song_deleted_is_not_exported_or_printed(barn, monkeypatch):
    """Its sets were left, so Export wrote a stage sheet with no songs on it."""
    from gui.setlists import page as page_module
    from gui.setlists import printing

    asked = []
    monkeypatch.setattr(page_module, "save_path", lambda *args: asked.append("export") or "")
    monkeypatch.setattr(printing, "print_with_dialog", lambda *args: asked.append("print") or False)
    editor = barn.next_show.editor
    editor.select_slots([(s, p) for s, part in enumerate(barn.setlist.sets) for p in range(len(part.entries))])
    editor.delete_selected()
    assert barn.setlist.sets and not barn.setlist.songs()
    barn.export()
    barn.print_setlist()
    assert asked == []
    assert barn.said[-2:] == ["Nothing to export: the show has no songs; add some, or Regenerate",
                              "Nothing to print: the show has no songs; add some, or Regenerate"]


def test_the_lock_buttons_tip_says_what_ctrl_l_does(editor):
    lock = next(b for b in editor.findChildren(QPushButton) if b.text() == "Lock")
    assert "Ctrl+L locks or unlocks" in lock.toolTip()  # the key toggles, where the button only locks


def test_f2_renames_the_current_song_and_the_shortcuts_say_so(barn, window, qtbot):
    from gui.setlists.setlist_model import PROBABILITY, SONG, TRANSITION
    from gui.shortcuts import ShortcutsDialog

    rows = ShortcutsDialog(window).rows()
    assert ("Setlists: Setlist editor", "F2", "Rename the current song, or type its mark on the Mark cell (Enter "
            "keeps it, Esc drops it)") in rows
    editor = barn.next_show.editor
    editor.select(0, 1)  # Sand, its Mark cell current: F2 types the mark, as before (Ctrl+T only cycles)
    editor.view.selectionModel().setCurrentIndex(editor.model.song_index(0, 1, TRANSITION),
                                                 QItemSelectionModel.NoUpdate)
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key_F2)
    assert editor.view.state() == QAbstractItemView.EditingState and editor.view.currentIndex().column() == TRANSITION
    qtbot.keyClick(editor.view.indexWidget(editor.view.currentIndex()), Qt.Key_Escape)
    qtbot.waitUntil(lambda: editor.view.state() != QAbstractItemView.EditingState)
    editor.view.selectionModel().setCurrentIndex(editor.model.song_index(0, 1, PROBABILITY),  # F2 renames the song
                                                 QItemSelectionModel.NoUpdate)
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key_F2)
    assert editor.view.state() == QAbstractItemView.EditingState and editor.view.currentIndex().column() == SONG
    cell = editor.view.indexWidget(editor.view.currentIndex())
    cell.setText("Fluffhead")
    qtbot.keyClick(cell, Qt.Key_Return)
    qtbot.waitUntil(lambda: editor.view.state() != QAbstractItemView.EditingState)  # the delegate commits queued
    assert barn.setlist.sets[0].entries[1].song == "Fluffhead"
