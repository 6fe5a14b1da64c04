"""The save dialog every page uses: a name typed without a known suffix gets the chosen type's, and replacing a
file under that completed name is asked first (the dialog itself only asked about the name as typed)."""

from __future__ import annotations

import os
import re

from PySide6.QtWidgets import QFileDialog, QMessageBox


def save_path(parent, title: str, suggested: str, filters: str) -> str:
    """The path to write, or '' when the user cancelled or chose to keep an existing file."""
    path, chosen = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    known = suffixes(filters)
    if not path or path.lower().endswith(known):
        return path
    path += suffixes(chosen or filters)[0]
    if os.path.exists(path) and not os.environ.get("ENCORE_NO_PROMPTS"):
        question = f"{os.path.basename(path)} already exists. Replace it?"
        if QMessageBox.question(parent, "Replace file?", question) != QMessageBox.StandardButton.Yes:
            return ""
    return path


def suffixes(filters: str) -> tuple[str, ...]:
    """'MIDI file (*.mid);;WAV audio (*.wav)' -> ('.mid', '.wav')."""
    return tuple(re.findall(r"\*(\.[\w-]+)", filters))
