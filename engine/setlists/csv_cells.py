"""Text cells of the CSVs Encore writes, safe to open in a spreadsheet.

A spreadsheet runs a cell that starts with '=', '+', '-' or '@' as a formula ('=HYPERLINK(...)' as a song name
from a downloaded history). Such a cell is written with an apostrophe before it, which spreadsheets show as
text and do not display, and Encore's reader takes it off again, so the name reads back as it was.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def written(text: str) -> str:
    """The cell for ``text``: an apostrophe before a formula, and before a name that already has apostrophes
    before one ("'=x"), so that read() gives every name back as it was."""
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def read(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].lstrip("'").startswith(FORMULA_STARTS) else text
