"""Autosave of the show in the Setlists page's editor, and the banner that offers a crashed session's back."""

from __future__ import annotations

import os

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton

from ..autosave import Autosave

EDIT_MS = 3_000  # after the last edit: a show is small, and the 30 s tick alone lost the evening's last edits


class ShowAutosave(Autosave):
    """The show as an `.encore-setlist` file (its date, venue, sets, marks, locks and the draft's settings), a
    few seconds after each edit as well as on the 30 s tick; gone again on a save, an Undo back to the saved
    show, or a normal quit, as the Jazz page's project copy is."""

    kind, suffix = "setlist", ".encore-setlist"

    def __init__(self, page, parent=None):
        super().__init__(page, parent)
        self.soon = QTimer(self, singleShot=True, interval=EDIT_MS)
        self.soon.timeout.connect(self.save_now)
        page.undo_stack.indexChanged.connect(self._edited)  # every edit, undo and redo moves the index

    def finish(self) -> None:
        self.soon.stop()
        super().finish()

    def _edited(self, _index: int) -> None:
        if self.folder is not None and not self.finished:
            self.soon.start()  # restarted by each edit: a burst of them is written once

    def contents(self) -> dict:
        # where the show was saved before, so that Ctrl+S after a recovery saves it there again
        return {**self.page.setlist.to_json(), "saved_as": self.page.show_path}


class RecoveryBanner(QFrame):
    """Above the page's tabs while a crashed session's show waits: Recover or Discard it."""

    def __init__(self, page):
        super().__init__(page)
        self.page = page
        self.setStyleSheet("QFrame { background: #fff4ce; border: 1px solid #e0c36a; }")
        row = QHBoxLayout(self)
        row.addWidget(QLabel("Encore found an unsaved setlist from a session that ended unexpectedly."), 1)
        for text, tip, slot in (("Recover", "Open the autosaved show in the editor", self.recover),
                                ("Discard", "Delete the autosaved copy", self.discard)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
        self.setVisible(False)

    def offer(self) -> None:
        self.setVisible(self.page.autosave.recoverable() is not None)

    def recover(self) -> None:
        from engine.errors import EncoreError
        from engine.files import read_json
        from engine.setlists.setlist import read_setlist

        autosave = self.page.autosave
        path = autosave.recoverable()
        if path is not None and not self.page.may_replace("Recover the autosaved show"):
            return  # the show edited since start-up would be replaced, and its own autosave with it
        self.setVisible(False)
        if path is None:
            return
        try:
            setlist, saved_as = read_setlist(path), read_json(path).get("saved_as")
        except EncoreError as e:  # set aside, so that it is not offered at every launch, hiding older copies
            aside = autosave.set_aside(path)
            self._warn(f"{e}" + (f"; it was set aside as {aside.name}" if aside else ""))
            self.offer()
            return
        self.page.recovered(setlist, saved_as if isinstance(saved_as, str) else "")
        autosave.adopt(path)
        if autosave.recoverable() != path:  # another crashed session's copy, offered in turn
            self.offer()

    def discard(self) -> None:
        left = self.page.autosave.recoverable()
        if left is not None:
            self.page.autosave.remove(left)
        self.offer()  # another crashed session's copy, hidden until now

    def _warn(self, message: str) -> None:
        self.page.status.emit(message)
        if not os.environ.get("ENCORE_NO_PROMPTS"):
            QMessageBox.warning(self, "Could not recover", message)
