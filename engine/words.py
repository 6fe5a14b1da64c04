"""How Encore words things for people, the same in the command line and the window."""

from __future__ import annotations


def counted(count: int, noun: str) -> str:
    """'1 song', '2 songs': the noun in the singular for one only."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
