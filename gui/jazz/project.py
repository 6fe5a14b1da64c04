"""Autosave of the `.encore-jazz` project (the format itself is engine.jazz.project)."""

from __future__ import annotations

from ..autosave import AUTOSAVE_MS, Autosave, app_data_folder  # noqa: F401 - shared with the Setlists page
