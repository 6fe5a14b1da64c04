"""The file dialogs every page uses. Each starts in the folder the last one left off in (kept in QSettings, so
the next run starts there too). The save dialog also gives a name typed without a known suffix the chosen
type's, and asks before replacing a file under that completed name (the dialog itself only asked about the
name as typed)."""

from __future__ import annotations

import os
import re

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

LAST_FOLDER = "dialogs/last_folder"  # QSettings key
# Other names of a format a filter lists once: the writers take these too, so a name typed with one keeps it
# ('score.xml' is MusicXML, not 'score.xml.mid').
SAME_FORMAT = {".mid": (".midi",), ".musicxml": (".xml", ".mxl")}


def save_path(parent, title: str, suggested: str, filters: str) -> str:
    """The path to write, or '' when the user cancelled or chose to keep an existing file. A bare suggested
    name ('solos.encore-jazz') is offered in the last folder used; a path (the project's own file) where it
    is."""
    if not os.path.dirname(suggested):
        suggested = os.path.join(last_folder(), suggested)
    path, chosen = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    remember_folder(path)
    known = kept_suffixes(filters)
    if not path or path.lower().endswith(known):
        return path
    path += suffixes(chosen or filters)[0]
    if os.path.exists(path) and not os.environ.get("ENCORE_NO_PROMPTS"):
        question = f"{os.path.basename(path)} already exists. Replace it?"
        if QMessageBox.question(parent, "Replace file?", question) != QMessageBox.StandardButton.Yes:
            return ""
    return path


def chosen_file(parent, title: str, filters: str) -> str:
    """The file the user picked to open, or '' when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, last_folder(), filters)
    remember_folder(path)
    return path


def chosen_files(parent, title: str, filters: str) -> list[str]:
    """The files the user picked to import, or [] when cancelled."""
    paths, _ = QFileDialog.getOpenFileNames(parent, title, last_folder(), filters)
    remember_folder(paths[0] if paths else "")
    return paths


def chosen_folder(parent, title: str) -> str:
    """The folder the user picked (a model's), or '' when cancelled. The next dialog starts where it lies:
    among the models beside it."""
    folder = QFileDialog.getExistingDirectory(parent, title, last_folder())
    remember_folder(folder)
    return folder


def last_folder() -> str:
    """Where the last file dialog left off, or '' (the current folder) when that is unknown or gone."""
    folder = QSettings().value(LAST_FOLDER, "")
    return folder if isinstance(folder, str) and os.path.isdir(folder) else ""


def remember_folder(path: str) -> None:
    """The folder holding ``path`` (a file, or a folder chosen) is where the next dialog starts."""
    if path:
        QSettings().setValue(LAST_FOLDER, os.path.dirname(os.path.abspath(path)))


def kept_suffixes(filters: str) -> tuple[str, ...]:
    """The suffixes a typed name may end in to be written as it is: the filters' own and their other names."""
    listed = suffixes(filters)
    return listed + tuple(other for suffix in listed for other in SAME_FORMAT.get(suffix, ()))


def suffixes(filters: str) -> tuple[str, ...]:
    """'MIDI file (*.mid);;WAV audio (*.wav)' -> ('.mid', '.wav')."""
    return tuple(re.findall(r"\*(\.[\w-]+)", filters))
