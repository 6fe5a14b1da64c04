"""The stage sheet of a demo band's show says it is demo data; Ctrl+T marks several selected songs at once."""

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QUndoStack

from engine.setlists.setlist import Entry, Set, Setlist


def show(demo: bool) -> Setlist:
    return Setlist("2026-07-04", "The Barn", [
        Set("Set 1", [Entry("Tweezer", ">"), Entry("Sand"), Entry("Fee", "->"), Entry("Ghost")]),
        Set("Encore", [Entry("Loving Cup")])], meta={"demo": True} if demo else {})


def pdf_text(path) -> str:
    from PySide6.QtPdf import QPdfDocument

    doc = QPdfDocument()
    doc.load(str(path))
    return " ".join(doc.getAllText(i).text() for i in range(doc.pageCount()))


@pytest.fixture
def page(window):
    from gui.setlists.commands import ReplaceShow

    page = window.workspaces[1]
    page.ensure_history()
    page.undo_stack.push(ReplaceShow(page.next_show.editor.model, show(demo=True), "Generate"))
    return page


def test_the_stage_pdf_of_a_demo_show_says_demo_data(page, tmp_path):
    """The text export, the CSV and the heading on screen said so; the sheet taped to the stage did not."""
    path = tmp_path / "stage.pdf"
    assert page.export_to(str(path))
    text = pdf_text(path)
    assert "(demo data)" in text and "Tweezer" in text and "Loving Cup" in text


def test_a_printed_demo_show_says_demo_data_and_a_real_show_does_not(page, tmp_path, monkeypatch):
    from PySide6 import QtPrintSupport

    class Dialog:  # accepts at once, the printer writing a PDF file in place of paper
        Accepted = QtPrintSupport.QPrintDialog.Accepted

        def __init__(self, printer, parent=None):
            self.printer = printer

        def exec(self):
            self.printer.setOutputFormat(QtPrintSupport.QPrinter.PdfFormat)
            self.printer.setOutputFileName(str(printed))
            return self.Accepted

    monkeypatch.setattr(QtPrintSupport, "QPrintDialog", Dialog)
    printed = tmp_path / "demo.pdf"
    page.print_setlist()
    assert "(demo data)" in pdf_text(printed)

    from gui.setlists.printing import print_with_dialog

    printed = tmp_path / "real.pdf"
    assert print_with_dialog(show(demo=False))
    text = pdf_text(printed)
    assert "Tweezer" in text and "demo" not in text.lower()


@pytest.fixture
def editor(app, qtbot):
    from gui.setlists.editor import SetlistEditor

    widget = SetlistEditor(show(demo=False), QUndoStack())
    qtbot.addWidget(widget)
    return widget


def marks(editor) -> list[str]:
    return [e.transition for e in editor.model.setlist.sets[0].entries]


def test_ctrl_t_on_several_songs_marks_them_all_as_one_undo_step(editor, qtbot):
    """With more than one song selected, Ctrl+T and the Segue button did nothing and said nothing."""
    editor.select(0, 0)
    for position in (1, 2):
        editor.view.selectionModel().select(editor.model.song_index(0, position),
                                            QItemSelectionModel.Select | QItemSelectionModel.Rows)
    stack = editor.model.undo_stack
    qtbot.keyClick(editor.view, Qt.Key_T, Qt.ControlModifier)
    assert marks(editor) == ["->", "->", "->", ","]  # all to the mark after the first song's '>'
    assert stack.count() == 1
    editor.toggle_transition()  # the Segue button's slot: on round the cycle, together
    assert marks(editor) == [",", ",", ",", ","]
    stack.undo()
    assert marks(editor) == ["->", "->", "->", ","]
    stack.undo()
    assert marks(editor) == [">", ",", "->", ","]
