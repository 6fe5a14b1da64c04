"""Text cells of the CSVs Encore writes, safe to open in a spreadsheet.

A spreadsheet runs a cell that starts with '=', '+', '-' or '@' as a formula ('=HYPERLINK(...)' as a song name
from a downloaded history). Such a cell is written with an apostrophe before it, which spreadsheets show as
text and do not display, and Encore's reader takes it off again, so the name reads back as it was.
A demo history's venue cells carry the demo mark, which the reader also takes off (and notes) where every row
of the file carries it, as Encore writes it.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def written(text: str) -> str:
    """The cell for ``text``: an apostrophe before a formula, and before a name that already has apostrophes
    before one ("'=x"), so that read() gives every name back as it was."""
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def read(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].lstrip("'").startswith(FORMULA_STARTS) else text


# The CSV layout has no band or flag column, so a demo history's CSV says it on every row, after the venue: read
# back (or opened in a spreadsheet) its made-up shows stay labelled demo data, not a real band's history. Only
# a file marked on every row is the demo band's: a real band's one venue typed 'Barn (demo data)' is a venue.
DEMO_MARK = "(demo data)"


def demo_venue(venue: str) -> str:
    """A demo show's venue cell: the venue, then the demo mark."""
    return f"{venue} {DEMO_MARK}".lstrip()


def demo_venues(cells: list[str]) -> list[str] | None:
    """The venues of a file's venue cells without the demo mark, where every cell carries it as Encore writes
    it (Encore's export of a demo history marks each row); else None: the file is no demo history."""
    read = [venue_read(cell) for cell in cells]
    return [venue for venue, _ in read] if read and all(marked for _, marked in read) else None


def venue_read(cell: str) -> tuple[str, bool]:
    """The venue of a venue cell, and whether the cell carried the demo mark (taken off again)."""
    if cell == DEMO_MARK or cell.endswith(" " + DEMO_MARK):  # as written: a venue 'Club (Demo Data)' is a venue
        return cell[:-len(DEMO_MARK)].rstrip(), True
    return cell, False
