"""Drops on the window: what Encore cannot open is named, each file is read once, iReal Pro charts and links
dragged in fill the Chords field."""

from jazz_files import BLUES, ireal_link, ireal_song
from PySide6.QtCore import QByteArray, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent


def files(*paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def browser_link(link: str) -> QMimeData:
    """A link dragged out of a browser: its URL (which Qt cannot parse) and its text."""
    mime = QMimeData()
    mime.setUrls([QUrl(link)])
    mime.setText(link)
    return mime


class UrlOnly(QMimeData):
    """A drag from another program that carries the link as its URL only: Qt's own QMimeData would keep
    only what it parses as a URL (nothing), the system's drag hands over the bytes."""

    def __init__(self, link: str):
        super().__init__()
        self.link = link

    def formats(self):
        return ["text/uri-list"]

    def hasFormat(self, mime_type):  # noqa: N802 - Qt override
        return mime_type in self.formats()

    def retrieveData(self, mime_type, kind):  # noqa: N802 - Qt override
        return QByteArray(self.link.encode() + b"\r\n") if mime_type == "text/uri-list" else None


def drop(widget, mime: QMimeData) -> bool:
    """The widget's own drag-enter, then its drop when it took the drag, as a drag from a file manager runs."""
    enter = QDragEnterEvent(QPoint(5, 5), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    widget.dragEnterEvent(enter)
    if enter.isAccepted():
        widget.dropEvent(QDropEvent(QPointF(5, 5), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
    return enter.isAccepted()


def read(qtbot, panel) -> None:
    qtbot.waitUntil(lambda: not panel.charts.reading, timeout=30_000)


def test_dropped_files_encore_cannot_open_are_named_with_why(window, tmp_path, monkeypatch):
    """A drop of etude.mid, song.kar and notes.txt imported the etude and said nothing of the other two."""
    received = []
    jazz = window.workspaces[0]
    monkeypatch.setattr(jazz, "import_paths", received.extend)
    for name in ("etude.mid", "song.kar", "notes.txt", "score.pdf"):
        (tmp_path / name).write_text("hello")
    mime = files(tmp_path / "etude.mid", tmp_path / "song.kar", tmp_path / "notes.txt")
    mime.setUrls([*mime.urls(), QUrl("sftp://studio/solos/take2.mid")])
    assert drop(window, mime)
    assert received == [str(tmp_path / "etude.mid")]
    assert window.statusBar().currentMessage() == ("Not opened: song.kar (not a kind of file Encore opens); "
                                                   "notes.txt (no iReal Pro link inside); "
                                                   "take2.mid (not a local file)")
    web = QMimeData()
    web.setUrls([QUrl("https://www.youtube.com/watch?v=abc"), QUrl("https://example.org/")])
    assert drop(window, web)
    assert window.statusBar().currentMessage() == ("Not opened: www.youtube.com/watch and example.org "
                                                   "(not local files)")  # the first was named "watch"
    assert drop(window, files(tmp_path / "score.pdf"))  # refused, it was not told at all
    assert received == [str(tmp_path / "etude.mid")]
    assert window.statusBar().currentMessage() == "Not opened: score.pdf (not a kind of file Encore opens)"


def test_a_file_dropped_with_its_folder_is_read_once(window, tmp_path, monkeypatch):
    """The Setlists page read shows.csv twice: 'Reading shows.csv, shows.csv…'."""
    received = []
    setlists = window.workspaces[1]
    monkeypatch.setattr(setlists, "import_paths", received.extend)
    folder = tmp_path / "tour"
    folder.mkdir()
    shows = folder / "shows.csv"
    shows.write_text("show_date,set,song\n2020-01-01,1,Tweezer\n")
    (tmp_path / "same.csv").symlink_to(shows)
    assert drop(window, files(folder, shows, tmp_path / "same.csv", shows))
    assert received == [str(shows)]


def test_a_dropped_text_file_is_a_chart_only_when_it_holds_a_link(window, tmp_path, qtbot):
    """The Chords field's own Open reads a .txt holding an irealb:// link; the window refused its drop."""
    jazz = window.workspaces[0]
    panel, messages = jazz.generation, []
    jazz.status.connect(messages.append)
    panel.chords.setText("Bb7")
    notes = tmp_path / "notes.txt"
    notes.write_text("Rehearsal at eight")
    assert drop(window, files(notes))
    assert not panel.charts.reading and panel.chords.text() == "Bb7"  # notes are not swallowed as chords
    assert window.statusBar().currentMessage() == "Not opened: notes.txt (no iReal Pro link inside)"
    chart = tmp_path / "blues.txt"
    chart.write_text(ireal_link(ireal_song("Blues For Nobody", BLUES)), encoding="utf-16")  # Notepad's Unicode
    window.show_workspace("setlists")
    assert drop(window, files(chart))
    read(qtbot, panel)
    assert panel.chords.text().startswith("[ C7 | F7 |") and window.current is jazz
    assert jazz.side.currentWidget() is jazz.generate_tab
    assert messages[-1].startswith("Chords of Blues For Nobody") and messages[-1].endswith("from blues.txt")


def test_an_ireal_link_dragged_from_a_browser_fills_the_chords(window, qtbot):
    """The Chords field ignored every drag with URLs, and the window every URL not a local file: a link
    dragged from a browser did nothing, though its paste worked."""
    jazz = window.workspaces[0]
    panel, messages = jazz.generation, []
    jazz.status.connect(messages.append)
    link = ireal_link(ireal_song("Blues", BLUES, tempo=160))
    panel.chords.setText("Dm7 G7")
    assert drop(panel.chords, browser_link(link))
    read(qtbot, panel)
    assert panel.chords.text().startswith("[ C7 | F7 |") and panel.tempo.value() == 160
    assert messages[-1].endswith("from the pasted link")
    panel.chords.undo()
    assert panel.chords.text() == link  # Ctrl+Z steps back as after a paste: the link, then the chords
    panel.chords.undo()
    assert panel.chords.text() == "Dm7 G7"
    panel.tempo.setValue(120)
    window.show_workspace("setlists")
    assert drop(window, UrlOnly(link))
    read(qtbot, panel)
    assert panel.chords.text().startswith("[ C7 | F7 |") and panel.tempo.value() == 160
    assert window.current is jazz and jazz.side.currentWidget() is jazz.generate_tab
    assert messages[-1].endswith("from the dropped link")
    assert window.statusBar().currentMessage() == messages[-1]  # nothing named as not opened
    panel.chords.undo()
    assert panel.chords.text() == "Dm7 G7"


def test_a_readme_mentioning_a_link_does_not_take_the_place_of_the_chart_beside_it(window, tmp_path, qtbot):
    """A folder of Blues.html and a readme.txt saying 'links look like irealb://...' read the readme, the last
    chart in name order, and refused it (a regression hunt's find): the export is read."""
    panel = window.workspaces[0].generation
    folder = tmp_path / "charts"
    folder.mkdir()
    link = ireal_link(ireal_song("Blues For Nobody", BLUES))
    (folder / "Blues.html").write_text(f'<html><body><a href="{link}">Blues For Nobody</a></body></html>')
    (folder / "readme.txt").write_text("Exported from iReal Pro. Links look like irealb://... in the browser.")
    assert drop(window, files(folder))
    read(qtbot, panel)
    assert panel.chords.text().startswith("[ C7 | F7 |")


def test_the_same_link_dropped_again_on_the_field_is_read_again(window, qtbot):
    """The second drop left the raw link in the field: it was the link read last, which Ctrl+Z must not read."""
    panel = window.workspaces[0].generation
    link = ireal_link(ireal_song("Blues", BLUES))
    for _ in range(2):
        panel.chords.setText("Dm7 G7")
        assert drop(panel.chords, browser_link(link))
        read(qtbot, panel)
        assert panel.chords.text().startswith("[ C7 | F7 |")


def test_a_setlists_text_export_opened_says_to_open_its_json_or_csv(window, tmp_path):
    """File > Open of a show's .txt export said 'no iReal Pro link inside', as if it were a chart gone wrong."""
    from engine.setlists.export import write_setlist
    from engine.setlists.history import demo_history

    show = tmp_path / "o.txt"
    write_setlist(demo_history().shows[-1], show)
    window.open_path(str(show))
    assert window.statusBar().currentMessage() == ("Not opened: o.txt (a setlist's text export: open its .json or "
                                                   ".csv to edit it)")
    (tmp_path / "notes.txt").write_text("Set list for tonight: bring the capo")
    window.open_path(str(tmp_path / "notes.txt"))
    assert window.statusBar().currentMessage() == "Not opened: notes.txt (no iReal Pro link inside)"
