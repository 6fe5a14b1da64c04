"""Errors a user can cause. Each message names the file (when there is one) and the problem."""

from __future__ import annotations

import os


class EncoreError(Exception):
    """A problem with the user's input: shown as one line, exit status 2 on the command line."""

    def __init__(self, problem: str, path: str | os.PathLike | None = None):
        self.problem = problem
        self.path = os.fspath(path) if path is not None else None
        super().__init__(f"{self.path}: {problem}" if self.path else problem)


class FileProblem(EncoreError):
    """A file that cannot be read, parsed or written."""


def damage(error: Exception, part: str, whole: str) -> str:
    """What is wrong with a file edited by hand, in words. A ValueError's text is ours (the readers word their
    checks for the user); Python's own text for the other kinds would only puzzle a musician."""
    if isinstance(error, ValueError):
        return str(error)
    if isinstance(error, KeyError):
        return f"{part} has no {error.args[0]!r}"
    return f"{whole} is not written the way Encore writes it"
