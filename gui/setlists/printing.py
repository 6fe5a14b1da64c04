"""The stage setlist: one page in large type, as a PDF or through the print dialog.

The type is as large as fits: the layout is measured at a trial size and scaled down until every set
fits on one page, because a setlist taped to the stage floor must be read from two metres. A show too
long for one page at the smallest size goes on over more pages, and a name too wide for the page ends
in "…", so that nothing is cut off without a sign.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter

from engine.setlists.export import DEMO_NOTE, is_demo

MARKS = {",": "", ">": "  >", "->": "  →", "": ""}  # an unknown mark ("") prints as a stop does
SMALLEST = 8.0  # points: the song type is never scaled below it


def stage_lines(setlist) -> list[tuple[str, str]]:
    """(kind, text) lines: a heading (with a note under it for demo data), set names, songs with their segue
    marks, gaps between sets."""
    lines = [("heading", f"{setlist.date}  {setlist.venue}".strip())]
    if is_demo(setlist):  # a demo band's made-up show says so, as its text and CSV do
        lines.append(("note", DEMO_NOTE))
    for s in setlist.sets:
        lines += [("gap", ""), ("set", s.name.upper())]
        lines += [("song", e.song + MARKS.get(e.transition, "")) for e in s.entries]
    return lines


def _font(kind: str, size: float) -> QFont:
    font = QFont("Helvetica")
    font.setPointSizeF(size * {"heading": 0.6, "note": 0.4, "set": 0.7, "song": 1.0, "gap": 0.5}[kind])
    font.setBold(kind not in ("heading", "note"))
    font.setItalic(kind == "note")
    return font


def _height(lines, size: float, painter: QPainter) -> tuple[float, float]:
    """Total height and widest line at type size `size`, in painter units."""
    total = widest = 0.0
    for kind, text in lines:
        metrics = QFontMetricsF(_font(kind, size), painter.device())
        total += metrics.lineSpacing()
        widest = max(widest, metrics.horizontalAdvance(text))
    return total, widest


def paint_stage_setlist(painter: QPainter, page: QRectF, setlist, new_page=None) -> float:
    """Draw the setlist in the largest type that fits `page`, going on after `new_page()` (the device's) when
    even the smallest type does not fit; returns the song type size in points."""
    lines = stage_lines(setlist)
    size = 48.0
    while size > SMALLEST:
        height, width = _height(lines, size, painter)
        if height <= page.height() and width <= page.width():
            break
        size = max(size * 0.92, SMALLEST)
    y = page.top()
    for kind, text in lines:
        font = _font(kind, size)
        painter.setFont(font)
        metrics = QFontMetricsF(font, painter.device())
        spacing = metrics.lineSpacing()
        if y + spacing > page.bottom() and y > page.top() and new_page is not None:
            new_page()
            y = page.top()
        flags = Qt.AlignHCenter if kind in ("heading", "note") else Qt.AlignLeft
        text = metrics.elidedText(text, Qt.ElideRight, page.width())
        painter.drawText(QRectF(page.left(), y, page.width(), spacing), flags | Qt.AlignVCenter, text)
        y += spacing
    return size


def pdf_bytes(setlist) -> bytes:
    """The stage setlist as an A4 PDF: one page, unless even the smallest type needs more."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), QPageLayout.Portrait, QMarginsF(15, 15, 15, 15)))
    writer.setResolution(300)
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
