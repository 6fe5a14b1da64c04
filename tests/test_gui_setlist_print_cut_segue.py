"""A song name too wide for the stage sheet is cut with "…" and keeps its segue mark after it."""

import pytest

from engine.setlists.setlist import Entry, Set, Setlist

JAM = "Also Sprach Zarathustra (2001) with a Very Long Jam Segment Name"
TOO_WIDE = f"{JAM}, {JAM} and {JAM}"  # too wide for A4 even at the smallest type
SONGS = ["Tweezer", "Sand", "Ghost", "Fee", "Possum", "Harry Hood", "Julius", "Gumbo", "Ya Mar", "Slave"]


def pdf_lines(setlist, tmp_path) -> list[str]:
    """The stage PDF's song lines as text, spaces left out (small type comes in pieces); one page."""
    from PySide6.QtPdf import QPdfDocument

    from gui.setlists.printing import write_pdf

    path = tmp_path / "stage.pdf"
    write_pdf(setlist, path)
    doc = QPdfDocument()
    doc.load(str(path))
    assert doc.pageCount() == 1
    return ["".join(line.split()) for line in doc.getAllText(0).text().splitlines()]


@pytest.mark.parametrize(("mark", "printed"), [(">", ">"), ("->", "→")])
def test_a_cut_song_name_keeps_its_segue_mark_after_the_ellipsis(app, tmp_path, mark, printed):
    """The "…" took the mark's place: the band read a cut name with no sign to segue into the next song."""
    show = Setlist("2026-07-04", "The Barn", [Set("Set 1", [Entry(s) for s in SONGS[:5]] + [
        Entry(TOO_WIDE, mark), Entry("Loving Cup")] + [Entry(s) for s in SONGS[5:]])])
    text = "".join(pdf_lines(show, tmp_path))
    start = text.index("AlsoSprach")
    cut = text[start:text.index("LovingCup", start)]
    assert cut.endswith(f"…{printed}") and "".join(TOO_WIDE.split()) not in text
    assert "".join(JAM.split()) in cut  # as much of the name as fits beside the mark


def test_a_cut_song_without_a_segue_still_ends_in_the_ellipsis(app, tmp_path):
    show = Setlist("2026-07-04", "The Barn", [Set("Set 1", [Entry(s) for s in SONGS[:5]] + [
        Entry(TOO_WIDE), Entry("Loving Cup", ">")] + [Entry(s) for s in SONGS[5:]])])
    text = "".join(pdf_lines(show, tmp_path))
    start = text.index("AlsoSprach")
    assert text[start:text.index("LovingCup", start)].endswith("…")
    assert "LovingCup>" in text


def test_the_cut_line_with_its_mark_fits_the_page(app):
    """Cut to leave room for the mark: the name and mark together no wider than the page."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QFontMetricsF

    from gui.setlists import printing

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    writer = printing.a4_writer(buffer)
    metrics = QFontMetricsF(printing._font("song", printing.SMALLEST), writer)
    line = printing._elided("song", TOO_WIDE + "  >", metrics, writer.width())
    assert line.endswith("…  >") and metrics.horizontalAdvance(line) <= writer.width()
    assert printing._elided("song", "Tweezer  >", metrics, writer.width()) == "Tweezer  >"  # fits: as it was
