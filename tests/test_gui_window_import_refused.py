"""File › Import (the window's import_paths) of a file no page reads names it with why, in a drop's words,
rather than handing it to the page in front."""

import pytest
from PySide6.QtCore import QUrl


@pytest.fixture
def received(window, monkeypatch) -> dict:
    """What each page was given to read, by page key (nothing is read)."""
    given = {page.key: [] for page in window.workspaces}
    for page in window.workspaces:
        monkeypatch.setattr(page, "import_paths", given[page.key].extend)
    return given


@pytest.fixture
def text_export(tmp_path) -> str:
    from engine.setlists.export import write_setlist
    from engine.setlists.history import demo_history

    path = tmp_path / "o.txt"
    write_setlist(demo_history().shows[-1], path)
    return str(path)


@pytest.mark.parametrize("key", ["setlists", "jazz"])
def test_a_setlists_text_export_imported_says_to_open_its_json_or_csv(window, received, text_export, key):
    """From the Setlists page it was read as a history: 'Import failed: o.txt: not a setlist CSV'."""
    window.show_workspace(key)
    window.import_paths([text_export])
    said = "Not opened: o.txt (a setlist's text export: open its .json or .csv to edit it)"
    assert window.statusBar().currentMessage() == said
    assert received == {"jazz": [], "setlists": []} and window.current.key == key


@pytest.mark.parametrize("key", ["setlists", "jazz"])
def test_a_file_no_page_reads_is_named_as_a_drop_of_it_is(window, received, tmp_path, key):
    """A picture imported was 'not a setlist CSV' or 'not a MIDI, MusicXML or ABC file': the front page's word."""
    picture = tmp_path / "pic.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    window.show_workspace(key)
    window.take([QUrl.fromLocalFile(str(picture))])
    dropped = window.statusBar().currentMessage()
    window.statusBar().clearMessage()
    window.import_paths([str(picture)])
    said = "Not opened: pic.png (not a kind of file Encore opens)"
    assert window.statusBar().currentMessage() == dropped == said
    assert received == {"jazz": [], "setlists": []} and window.current.key == key


def test_the_files_a_page_reads_go_to_it_and_the_others_are_named_beside_its_word(window, received, tmp_path):
    shows, picture = tmp_path / "shows.csv", tmp_path / "pic.png"
    shows.write_text("show_date,set,song\n2020-01-01,1,Tweezer\n")
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    window.show_workspace("jazz")
    window.import_paths([str(picture), str(shows)])
    assert received == {"jazz": [], "setlists": [str(shows)]} and window.current.key == "setlists"
    not_opened = "Not opened: pic.png (not a kind of file Encore opens)"
    assert window.statusBar().currentMessage() == not_opened
    window.workspaces[1].status.emit("Tour: 1 show, 1 song")  # the page's word on the file it read
    assert window.statusBar().currentMessage() == f"Tour: 1 show, 1 song — {not_opened}"
