"""Text cells of the CSVs Encore writes, safe to open in a spreadsheet.

A spreadsheet runs a cell that starts with '=', '+', '-' or '@' as a formula ('=HYPERLINK(...)' as a song name
from a downloaded history). Such a cell is written with an apostrophe before it, which spreadsheets show as
text and do not display, and Encore's reader takes it off again, so the name reads back as it was.
A demo history's venue cells carry the demo mark, which the reader also takes off (and notes) where every row
of the file carries it, as Encore writes it.
The reader's cells as a spreadsheet may have re-saved them are read here too: dates with slashes, dots or a
midnight time, and a segue mark typed at the end of a song's cell.
"""

from __future__ import annotations

import datetime as dt
import re

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


# Dates as a spreadsheet re-saves them. ISO with a midnight time after it (pandas' '1999-12-31 00:00:00', a
# date-time cell's 'T00:00:00') is the same day. A date with slashes or dots is day/month or month/day, which
# only the file as a whole can tell: a number over 12 first (31.12.1999) or second (12/31/1999) in any of its
# dates settles it for all of them, as a file is saved one way. Where none does, or both do, nothing is guessed.
MIDNIGHT = re.compile(r"(.*?)(?:[ T](?:0?0:00(?::00(?:\.0+)?)?|12:00(?::00)? ?AM))?", re.IGNORECASE)
DAY_MONTH = re.compile(r"([0-9]{1,2})([/.])([0-9]{1,2})\2([0-9]{4})")
DAY_FIRST, MONTH_FIRST = "day/month/year", "month/day/year"
WRITE_ISO = "write dates as YYYY-MM-DD"
ISO_SHAPE = re.compile(r"[0-9]{4}([-/])[0-9]{1,2}\1[0-9]{1,2}")


def without_midnight(text: str) -> str:
    """A date cell without a midnight time after it: '1999-12-31 00:00:00' is 1999-12-31."""
    return MIDNIGHT.fullmatch(text.strip())[1]


def _day_month(cell: str) -> tuple[int, int, int] | None:
    """The first number, the second and the year of a date written with slashes or dots, or None."""
    found = DAY_MONTH.fullmatch(without_midnight(cell))
    return (int(found[1]), int(found[3]), int(found[4])) if found else None


def day_month_order(cells: list[str]) -> tuple[str, str, str]:
    """How a file writes its dates with slashes or dots: (DAY_FIRST, MONTH_FIRST or "" where its dates do not
    settle it, a cell that settles it or shows it unsettled, and one that says the other way where they
    disagree, or "")."""
    dated = [(cell, _day_month(cell)) for cell in cells]
    dated = [(cell, parts) for cell, parts in dated if parts]
    day_first = next((cell for cell, (a, b, _) in dated if a > 12 >= b), "")
    month_first = next((cell for cell, (a, b, _) in dated if b > 12 >= a), "")
    if day_first and not month_first:
        return DAY_FIRST, day_first, ""
    if month_first and not day_first:
        return MONTH_FIRST, month_first, ""
    return "", day_first or (dated[0][0] if dated else ""), month_first


def day_month_date(cell: str, order: str) -> str:
    """The YYYY-MM-DD date of a cell written with slashes or dots in the ``order`` a file's dates settle, or ""."""
    parts = _day_month(cell)
    if parts is None or order not in (DAY_FIRST, MONTH_FIRST):
        return ""
    a, b, year = parts
    day, month = (a, b) if order == DAY_FIRST else (b, a)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def date_problem(cell: str, order: tuple[str, str, str] = ("", "", "")) -> str:
    """Why a date cell gives no date, quoting it: missing, unsettled day/month, or not a date at all."""
    cell = cell.strip()
    if not cell:
        return f"missing date ({WRITE_ISO})"
    if _day_month(cell) and not order[0]:
        _, one, other = order
        if other:
            return f"date {cell!r} unread: the file's dates put the day first ({one!r}) and second ({other!r}) " \
                f"({WRITE_ISO})"
        return f"date {cell!r} may be day/month or month/day, and no date in the file has a number over 12 to " \
            f"tell ({WRITE_ISO})"
    if ISO_SHAPE.fullmatch(without_midnight(cell)):  # written as asked, but the calendar has no such day
        return f"bad date {cell!r} (no such day)"
    return f"bad date {cell!r} ({WRITE_ISO})"


# A segue typed into the song's cell ('Tweezer >', 'Tweezer ->') where the mark's cell is empty; a '>' needs a
# space before it, as phish.net's unnamed songs are '<songid:3056>'.
TRAILING_MARK = re.compile(r"(.*?\S)(?:\s+(->|>)|\s*(->))\s*")


def song_and_mark(song: str, mark_cell: str) -> tuple[str, str | None]:
    """The song of a song cell, and the mark written at its end when the mark's cell is empty (else None)."""
    found = TRAILING_MARK.fullmatch(song) if not (mark_cell or "").strip() else None
    return (found[1], found[2] or found[3]) if found else (song, None)
