"""The show's date and venue as undoable edits: typed in the next-show panel, they change the show on screen.

Each key pressed in a field changes it, so typing on in the same field folds into one undo step (as a text
editor's typing does); a field typed back to what the show had is no step at all.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

IDS = {"date": 1001, "venue": 1002}  # QUndoStack merges only commands of the same id
WORDS = {"date": "Date", "venue": "Venue"}


class EditShowField(QUndoCommand):
    """`panel.apply_field(name, value)` sets the show's field and what shows it (the fields, the heading)."""

    def __init__(self, panel, name: str, value: str):
        super().__init__()
        self.panel, self.name, self.value = panel, name, value
        self.old = getattr(panel.editor.model.setlist, name)
        self._name_it()

    def _name_it(self) -> None:
        self.setText(f"{WORDS[self.name]} {self.value}" if self.value else f"No {self.name}")

    def id(self) -> int:
        return IDS[self.name]

    def mergeWith(self, other) -> bool:  # noqa: N802 - Qt override
        self.value = other.value
        self._name_it()
        self.setObsolete(self.value == self.old)  # typed back: the stack drops the step
        return True

    def redo(self):
        self.panel.apply_field(self.name, self.value)

    def undo(self):
        self.panel.apply_field(self.name, self.old)
