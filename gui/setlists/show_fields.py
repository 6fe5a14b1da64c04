"""The show's date and venue as undoable edits: typed in the next-show panel, they change the show on screen.

Each key pressed in a field changes it, so typing on in the same field folds into one undo step (as a text
editor's typing does); a field typed back to what the show had is no step at all. The fields' Undo and Redo
keys are the page's (PageUndoKeys), as the add-song field's are. Files dragged onto any of the page's fields
pass over them to the window, which opens them (FilesPassOver).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QMenu

from ..jazz.chart_import import dragged_link
from ..undo_keys import spin_steps, stack_key, stack_undo_items

DRAG_EVENTS = (QEvent.DragEnter, QEvent.DragMove, QEvent.Drop)
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


class PageUndoKeys(QObject):
    """A field's Undo and Redo keys and its right-click Undo and Redo act on the page's undo stack while
    ``applies()``: the date field ate Ctrl+Z, and the add-song field's own undo put back the song just added
    (Enter added it twice) while Edit said "Undo Add …"."""

    def __init__(self, field, undo_stack, applies=lambda: True):
        super().__init__(field)
        self.field, self.undo_stack, self.applies = field, undo_stack, applies
        field.installEventFilter(self)
        if isinstance(field, QAbstractSpinBox):  # a key sent to the text itself (the box forwards its own)
            field.lineEdit().installEventFilter(self)

    def eventFilter(self, watched, event):  # noqa: N802 - Qt override
        if not shiboken6.isValid(self.undo_stack) or not self.applies():  # the window half gone at its close
            return False
        if event.type() == QEvent.ContextMenu and watched is self.field:
            menu = self.context_menu()
            menu.exec(event.globalPos())
            menu.deleteLater()
            return True
        return stack_key(event, lambda which: getattr(self.undo_stack, which)())

    def context_menu(self) -> QMenu:
        """The field's right-click menu, with the page's Undo and Redo (and the edit's name) in the text's place;
        a date field's steps too."""
        box = self.field if isinstance(self.field, QAbstractSpinBox) else None
        menu = (box.lineEdit() if box else self.field).createStandardContextMenu()
        stack_undo_items(menu, self.undo_stack)
        if box is not None:
            spin_steps(menu, box)
        return menu


class FilesPassOver(QObject):
    """A drag of files (or of an irealb:// link) ignored by the text fields it crosses, as the Jazz Chords field
    ignores files: Qt hands it on to the window, which opens them. File managers send the files' URLs as text
    too, which a field typed in: the Venue became "file:///…/shows.csv" (an edit of the show), the add-song
    field a song to add. A drag of plain text still drops into the field."""

    def eventFilter(self, watched, event):  # noqa: N802 - Qt override
        if event.type() in DRAG_EVENTS and (event.mimeData().hasUrls() or dragged_link(event.mimeData())):
            event.ignore()
            return True  # not the field's: Qt offers the drag to the widgets around it, up to the window
        return False

    def watch(self, fields) -> None:
        for field in fields:
            field.installEventFilter(self)


def pass_files_over(panel) -> FilesPassOver:
    """Files dragged onto the panel's text fields (an editable list's too) go to the window. A field added later
    (a cell being typed in) is given to the returned filter's ``watch``."""
    files = FilesPassOver(panel)
    files.watch(panel.findChildren(QLineEdit))
    return files
