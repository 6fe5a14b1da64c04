"""How Encore words things for people, the same in the command line and the window."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """The noun as it goes with the count: singular for one only ('note', 'notes')."""
    return noun if count == 1 else f"{noun}s"


def counted(count: int, noun: str) -> str:
    """'1 song', '2 songs'."""
    return f"{count} {plural(count, noun)}"
