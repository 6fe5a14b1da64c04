"""The Setlists page's fields: files dragged onto them are the window's to open, the add-song field answers the
editor's keys on the song it added, the Edit menu's moves follow an undone add, the explorer names a song the
band never played, and a mark typed that is none is said."""

import pytest
from conftest import barn_show
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

CSV = """show_date,venue,set,song,transition
2023-05-01,Red Rocks,1,Tweezer,>
2023-05-01,Red Rocks,1,Sand,
2023-05-02,Red Rocks,1,Ghost,->
2023-05-02,Red Rocks,1,Tweezer,
"""

FIELDS = {  # the page's text fields, by what a user calls them
    "venue": lambda page: page.next_show.venue,
    "add song": lambda page: page.next_show.editor.song_field,
    "dataset search": lambda page: page.dataset.search,
    "explorer picker": lambda page: page.explorer.picker.lineEdit(),
}


@pytest.fixture
def barn(page):
    from gui.setlists.commands import ReplaceShow

    page.undo_stack.push(ReplaceShow(page.next_show.editor.model, barn_show(), "Open the Barn"))
    return page


def file_drag(path: str, as_text: bool = True) -> QMimeData:
    """What a file manager drags: the file's URL, and (as GNOME Files does) the URL as text too."""
    mime = QMimeData()
    url = QUrl.fromLocalFile(path)
    mime.setUrls([url])
    if as_text:
        mime.setText(url.toString())
    return mime


def drag_onto(widget, mime: QMimeData) -> tuple[bool, bool]:
    """A drag entering the widget and dropped there, as Qt delivers them (to the widget, then the widgets around
    it while none takes it): whether the enter and the drop were taken."""
    enter = QDragEnterEvent(QPoint(5, 5), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(QPointF(5, 5), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, drop)
    return enter.isAccepted(), drop.isAccepted()


# Files dropped on the fields ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", FIELDS)
def test_a_file_dragged_onto_a_field_is_not_typed_in(barn, window, tmp_path, name):
    """The field ignores the drag (no window behind it to take it here): its text and the show stay as they were."""
    field = FIELDS[name](barn)
    before, show, steps = field.text(), barn.setlist.to_json(), barn.undo_stack.count()
    window.setAcceptDrops(False)
    try:
        taken = drag_onto(field, file_drag(str(tmp_path / "shows.csv")))
    finally:
        window.setAcceptDrops(True)
    assert taken == (False, False)
    assert field.text() == before
    assert barn.setlist.to_json() == show and barn.undo_stack.count() == steps


def test_a_history_dropped_on_the_venue_is_imported(barn, window, qtbot, tmp_path):
    """The Venue became the file's URL, an edit of the show; the window now opens the file."""
    path = tmp_path / "shows.csv"
    path.write_text(CSV)
    venue, steps = barn.next_show.venue, barn.undo_stack.count()
    assert drag_onto(venue, file_drag(str(path))) == (True, True)  # taken by the window
    qtbot.waitUntil(lambda: barn.paths == [str(path)], timeout=30000)
    assert venue.text() == "The Barn" and barn.setlist.venue == "The Barn"
    assert barn.undo_stack.count() == steps


def test_plain_text_dragged_onto_a_field_is_still_dropped_in(barn):
    mime = QMimeData()
    mime.setText("Red Rocks")
    venue = barn.next_show.venue
    venue.clear()
    assert drag_onto(venue, mime) == (True, True)
    assert venue.text() == "Red Rocks" and barn.setlist.venue == "Red Rocks"


def test_a_file_dragged_onto_a_song_cell_being_typed_in_is_not_typed_in(barn, window, qtbot, tmp_path):
    editor = barn.next_show.editor
    editor.select(0, 0)
    editor.rename_current()
    cell = editor.view.indexWidget(editor.model.song_index(0, 0))
    assert cell is not None and cell.text() == "Tweezer"
    window.setAcceptDrops(False)
    try:
        assert drag_onto(cell, file_drag(str(tmp_path / "shows.csv"))) == (False, False)
    finally:
        window.setAcceptDrops(True)
    assert cell.text() == "Tweezer"


# The add-song field and the Edit menu's keys ---------------------------------------------------------------
def add_by_typing(qtbot, field, name: str) -> None:
    field.setFocus()
    qtbot.keyClicks(field, name)
    popup = field.completer().popup()
    qtbot.keyClick(popup if popup.isVisible() else field, Qt.Key_Return)


def songs_of(page, set_index: int) -> list[str]:
    return [entry.song for entry in page.setlist.sets[set_index].entries]


def test_the_edit_menu_keys_act_on_the_song_just_added_from_the_field(barn, window, qtbot):
    """The song added stays current and the field keeps the focus for the next one; Alt+Up and Ctrl+L, shown
    in the Edit menu, did nothing there."""
    window.show()
    qtbot.waitExposed(window)
    barn.tabs.setCurrentWidget(barn.next_show)
    editor, field = barn.next_show.editor, barn.next_show.editor.song_field
    editor.select(1, 1)  # Harry Hood
    add_by_typing(qtbot, field, "Field Song")
    assert songs_of(barn, 1) == ["Ghost", "Harry Hood", "Field Song"]
    assert editor.move_actions["up"].isEnabled()
    qtbot.keyClick(field, Qt.Key_Up, Qt.AltModifier)
    assert songs_of(barn, 1) == ["Ghost", "Field Song", "Harry Hood"]
    qtbot.keyClick(field, Qt.Key_L, Qt.ControlModifier)
    assert barn.setlist.sets[1].entries[1].locked
    assert window.focusWidget() is field  # the next song is typed straight on
    qtbot.keyClicks(field, "Next")
    qtbot.keyClick(field, Qt.Key_Backspace)  # the typed name's key, not the show's Delete
    assert field.text() == "Nex" and songs_of(barn, 1) == ["Ghost", "Field Song", "Harry Hood"]


def test_move_down_is_off_again_for_the_last_song_once_the_song_added_after_it_is_undone(barn, qtbot):
    editor, field = barn.next_show.editor, barn.next_show.editor.song_field
    editor.select(2, 0)  # Loving Cup, the show's last song
    assert not editor.move_actions["down"].isEnabled()
    add_by_typing(qtbot, field, "Closer")
    assert songs_of(barn, 2) == ["Loving Cup", "Closer"] and editor.move_actions["up"].isEnabled()
    barn.undo_stack.undo()
    assert songs_of(barn, 2) == ["Loving Cup"]
    assert editor.model.slot(editor.view.currentIndex()) == (2, 0)
    assert not editor.move_actions["down"].isEnabled()


# The explorer and the Mark cell ------------------------------------------------------------------------------
def test_the_explorer_names_a_song_the_band_never_played(barn, qtbot):
    """Its facts said "never played" under the picker's last song."""
    editor, explorer = barn.next_show.editor, barn.explorer
    played = barn.history.shows[-1].songs()[0]
    barn.explore(played)
    assert explorer.picker.currentText() == played
    editor.select(0, 0)
    editor.add_song("Totally New")
    editor._double_clicked(editor.model.song_index(0, 1, 2))  # its Probability cell
    assert "never played" in explorer.facts["Times played"].text()
    assert explorer.picker.currentText() == "Totally New" and explorer.picker.currentIndex() == -1
    barn.explore(played)  # the list's song opens again
    assert explorer.picker.currentText() == played and explorer.song == played


def test_a_mark_typed_that_is_none_is_said(editor, qtbot):
    editor.show()
    qtbot.waitExposed(editor)
    said = []
    editor.status.connect(said.append)
    index = editor.model.song_index(0, 1, 1)  # Sand's Mark
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    cell = editor.view.indexWidget(index)
    assert cell.text() == ","
    cell.selectAll()
    qtbot.keyClicks(cell, "x")
    qtbot.keyClick(cell, Qt.Key_Return)  # the cell is committed and closed a moment later
    qtbot.waitUntil(lambda: editor.view.indexWidget(index) is None)
    assert editor.model.setlist.sets[0].entries[1].transition == ","
    assert len(said) == 1 and "'x'" in said[0] and "->" in said[0]
    editor.model.setData(index, ">")  # a mark: no word
    assert editor.model.setlist.sets[0].entries[1].transition == ">" and len(said) == 1


def test_a_mark_that_is_none_reaches_the_pages_status_line(barn):
    said = []
    barn.status.connect(said.append)
    model = barn.next_show.editor.model
    assert not model.setData(model.song_index(0, 0, 1), "x")
    assert len(said) == 1 and said[0].startswith("Not a mark: 'x'")
