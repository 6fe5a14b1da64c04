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
