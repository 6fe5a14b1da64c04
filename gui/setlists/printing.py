"""The stage setlist: one page in large type, as a PDF or through the print dialog.

The type is as large as fits: the layout is measured at a trial size and scaled down until every set
fits on one page, because a setlist taped to the stage floor must be read from two metres. The size fits
the page's height (the count of songs) and the width of the usual names, not of the longest: one long
title, or a long venue in the heading, is set smaller on its own line, down to the smallest type, and past
that ends in "…" (a song's segue mark kept after it), so that nothing is cut off without a sign. A show too
long for one page at the smallest size goes on over more pages.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter

from engine.setlists.export import DEMO_NOTE, is_demo

MARKS = {",": "", ">": "  >", "->": "  →", "": ""}  # an unknown mark ("") prints as a stop does
SEGUES = tuple(mark for mark in MARKS.values() if mark)  # kept by a song cut short: _elided
SMALLEST = 8.0  # points: the song type is never scaled below it, nor a song set smaller on its own
# the sheet's size fits every song name but the outliers, a name this much wider than nine in ten of the
# show's (USUAL): one long jam title is set smaller on its own rather than shrinking every song, while a name
# only a little wider than the rest, or any name in a show of fewer than ten, fits as it did
USUAL, OUTLIER = 0.9, 1.25


def stage_lines(setlist) -> list[tuple[str, str]]:
    """(kind, text) lines: a heading (with a note under it for demo data), set names, songs with their segue
    marks (none after a set's last song, where it leads nowhere, as the text export leaves it out), gaps between
    sets."""
    lines = [("heading", f"{setlist.date}  {setlist.venue}".strip())]
    if is_demo(setlist):  # a demo band's made-up show says so, as its text and CSV do
        lines.append(("note", DEMO_NOTE))
    for s in setlist.sets:
        lines += [("gap", ""), ("set", s.name.upper())]
        lines += [("song", e.song + ("" if e is s.entries[-1] else MARKS.get(e.transition, ""))) for e in s.entries]
    return lines


def _font(kind: str, size: float) -> QFont:
    font = QFont("Helvetica")
    font.setPointSizeF(size * {"heading": 0.6, "note": 0.4, "set": 0.7, "song": 1.0, "gap": 0.5}[kind])
    font.setBold(kind not in ("heading", "note"))
    font.setItalic(kind == "note")
    return font


def _metrics(font: QFont, painter: QPainter) -> QFontMetricsF:
    return QFontMetricsF(font, painter.device())


def _fits(lines, size: float, painter: QPainter, page: QRectF) -> bool:
    """Whether type size `size` fits the page: every line's height, and the usual widths (_usual_width)."""
    height = sum(_metrics(_font(kind, size), painter).lineSpacing() for kind, _ in lines)
    return height <= page.height() and _usual_width(lines, size, painter) <= page.width()


def _usual_width(lines, size: float, painter: QPainter) -> float:
    """The width the sheet's size must give room to: every set name, and every song name but the outliers
    (the heading and note fit on their own, as an outlier does)."""
    def widths(wanted: str) -> list[float]:
        return sorted(_metrics(_font(kind, size), painter).horizontalAdvance(text)
                      for kind, text in lines if kind == wanted)

    songs = widths("song")
    usual = songs[math.ceil(len(songs) * USUAL) - 1] if songs else 0.0
    return max([width for width in songs if width <= usual * OUTLIER] + widths("set"), default=0.0)


def _line_font(kind: str, text: str, size: float, painter: QPainter, width: float) -> QFont:
    """The line's font at the sheet's size, or smaller where the line is too wide for the page: down to its
    size on a sheet of the SMALLEST type, where the whole sheet shrank to before (8 pt for a song)."""
    font = _font(kind, size)
    wide = _metrics(font, painter).horizontalAdvance(text)
    if wide > width:
        fitting = font.pointSizeF() * width / wide * 0.98  # a hair under: hinting may widen the text
        font.setPointSizeF(max(fitting, _font(kind, SMALLEST).pointSizeF()))
    return font


def _elided(kind: str, text: str, metrics: QFontMetricsF, width: float) -> str:
    """The line cut to ``width`` with "…"; a cut song keeps its segue mark after the "…" ("Harry Ho…  >"): the
    band must see to segue more than they need the end of a name they know."""
    whole = metrics.elidedText(text, Qt.ElideRight, width)
    mark = next((mark for mark in SEGUES if kind == "song" and text.endswith(mark)), "")
    if whole == text or not mark:
        return whole
    name = text[: -len(mark)]
    return metrics.elidedText(name, Qt.ElideRight, width - metrics.horizontalAdvance(mark)) + mark


def paint_stage_setlist(painter: QPainter, page: QRectF, setlist, new_page=None) -> float:
    """Draw the setlist in the largest type that fits `page`, going on after `new_page()` (the device's) when
    even the smallest type does not fit; returns the song type size in points."""
    lines = stage_lines(setlist)
    size = 48.0
    while size > SMALLEST and not _fits(lines, size, painter, page):
        size = max(size * 0.92, SMALLEST)
    y = page.top()
    for kind, text in lines:
        spacing = _metrics(_font(kind, size), painter).lineSpacing()  # a line set smaller keeps its row's
        if y + spacing > page.bottom() and y > page.top() and new_page is not None:
            new_page()
            y = page.top()
        font = _line_font(kind, text, size, painter, page.width())
        painter.setFont(font)
        flags = Qt.AlignHCenter if kind in ("heading", "note") else Qt.AlignLeft
        text = _elided(kind, text, _metrics(font, painter), page.width())
        painter.drawText(QRectF(page.left(), y, page.width(), spacing), flags | Qt.AlignVCenter, text)
        y += spacing
    return size


def a4_writer(buffer) -> QPdfWriter:
    """A PDF writer of A4 portrait pages into an open ``buffer``: the stage sheet's page."""
    writer = QPdfWriter(buffer)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), QPageLayout.Portrait, QMarginsF(15, 15, 15, 15)))
    writer.setResolution(300)
    return writer


def pdf_bytes(setlist) -> bytes:
    """The stage setlist as an A4 PDF: one page, unless even the smallest type needs more."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    writer = a4_writer(buffer)
    writer.setTitle(f"Setlist {setlist.date}")
    writer.setCreator("Encore")
    _paint_on(writer, setlist)
    buffer.close()
    return bytes(data)


def _paint_on(device, setlist) -> None:
    painter = QPainter(device)
    try:
        page = QRectF(0, 0, device.width(), device.height())
        paint_stage_setlist(painter, page, setlist, device.newPage)
    finally:
        painter.end()


def write_pdf(setlist, path) -> None:
    from engine.files import write_bytes

    write_bytes(path, pdf_bytes(setlist))


def print_with_dialog(setlist, parent=None) -> bool:
    """Ask for a printer and print the stage setlist; False when the user cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.HighResolution)
    printer.setDocName(f"Setlist {setlist.date}")
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.Accepted:
        return False
    _paint_on(printer, setlist)
    return True
