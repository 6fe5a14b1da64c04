"""How Encore words things for people, the same in the command line and the window."""

from __future__ import annotations

import re


def plural(count: int, noun: str) -> str:
    """The noun as it goes with the count: singular for one only ('note', 'notes', 'choruses')."""
    return noun if count == 1 else f"{noun}es" if noun.endswith(("s", "sh", "x")) else f"{noun}s"  # not epoch


def counted(count: int, noun: str) -> str:
    """'1 song', '2 songs'."""
    return f"{count} {plural(count, noun)}"


def listed(items, last: str = "and") -> str:
    """'training', 'training and an export', 'a, b or c'."""
    items = list(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}" if len(items) > 1 else "".join(items)


LONGEST_NAME = 200  # bytes of a name made from a title: systems refuse past 255, with room for " (2).mid"


def file_name(title: str, fallback: str) -> str:
    """A title as a file or folder name: 'AC/DC' must not become a folder 'AC' holding 'DC'. Only what some
    system refuses is replaced; a leading dot would hide the file; a long title is shortened (90 CJK
    characters are 270 bytes, and the drag-out of such a piece failed without a word)."""
    name = valid_text(title)  # first: half an emoji becomes a '?', which the next line replaces like any '?'
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", name)
    name = name.encode("utf-8")[:LONGEST_NAME].decode("utf-8", "ignore")
    return name.strip(" .") or fallback


def valid_text(text: str) -> str:
    """Text that can be written out: a lone surrogate (half an emoji in a JSON escape, a file name's byte that is
    not UTF-8) becomes '?', where it would stop a save after a minute's training."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
