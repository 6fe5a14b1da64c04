"""What the main window asks of a workspace (Jazz, Setlists): files, export, undo, status."""

from __future__ import annotations

import os

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from engine.words import listed


def confirm_discard(parent: QWidget, titles: list[str], action: str, save=None) -> bool:
    """Whether to go on with ``action`` although the pages ``titles`` hold unsaved work. With ``save`` (a
    callable: whether everything got saved) the question offers Save first. Tests (ENCORE_NO_PROMPTS) always go on."""
    if os.environ.get("ENCORE_NO_PROMPTS"):
        return True
    has = "have" if len(titles) > 1 else "has"
    buttons = QMessageBox.Discard | QMessageBox.Cancel | (QMessageBox.Save if save else QMessageBox.NoButton)
    answer = QMessageBox.question(parent, "Unsaved changes", f"{' and '.join(titles)} {has} unsaved changes. "
                                  f"{'Save them first, or ' if save else ''}{action} anyway?", buttons,
                                  QMessageBox.Save if save else QMessageBox.Cancel)
    if answer == QMessageBox.Save:
        return bool(save())  # a Save dialog cancelled, or a failed write, keeps the work and stays
    return answer == QMessageBox.Discard


def confirm_cancel(parent: QWidget, work: list[str]) -> bool:
    """Whether to quit although ``work`` ('training', 'an export') is running or waiting, and would be cancelled.
    Tests (ENCORE_NO_PROMPTS) always go on."""
    if os.environ.get("ENCORE_NO_PROMPTS"):
        return True
    them = "them" if len(work) > 1 else "it"
    question = f"Encore is still working on {listed(work)}. Quitting now cancels {them}. Quit anyway?"
    answer = QMessageBox.question(parent, "Work in progress", question, QMessageBox.Yes | QMessageBox.Cancel,
                                  QMessageBox.Cancel)
    return answer == QMessageBox.Yes


def page_work(title: str, work: str) -> str:
    """A job named with its page, for a question about more than one page's: 'training and training' said
    nothing. 'Jazz training'; 'an export on the Jazz page' (a title inside 'a new solo' would read badly)."""
    return f"{title} {work}" if " " not in work else f"{work} on the {title} page"


class Workspace(QWidget):
    """A page of the main window with its own undo stack. Subclasses override the file hooks."""

    title = "Workspace"
    key = "workspace"
    open_filter = "All files (*)"  # file dialog filter for File > Open / Import
    extensions: tuple[str, ...] = ()  # lower-case suffixes this workspace accepts by drag and drop
    status = Signal(str)  # a message for the status bar
    opened = Signal(str)  # a path the user opened, for File > Recent
    recovery_offer: QWidget | None = None  # the page's banner offering a crashed session's work, if any

    def __init__(self, parent=None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.opened_documents = 0  # a job's result for a document opened before the latest is not this one's

    def document_opened(self) -> None:
        """Another project or show now fills the page: Undo does not reach into the one before, and what jobs
        started for that one bring back is dropped when they end."""
        self.undo_stack.clear()
        self.opened_documents += 1

    def accepts(self, path: str) -> bool:
        return path.lower().endswith(self.extensions)

    def open_path(self, path: str) -> None:
        """File > Open or Recent: open a project or data file."""
        self.import_paths([path])

    def import_paths(self, paths: list[str]) -> None:
        """File > Import, or files dropped on the window."""

    def export(self) -> None:
        """File > Export: ask where and write the current piece or setlist."""

    def splitters(self) -> dict:
        """The page's splitters by name ({"main": QSplitter}): the window keeps their sizes as the user left
        them."""
        return {}

    def edit_actions(self) -> list:
        """Actions of this page's for the window's Edit menu, shown there while the page is."""
        return []

    def shortcuts(self) -> list[tuple[str, tuple]]:
        """Help > Keyboard Shortcuts: (where, key table) for the keys the page handles itself, beside the menus'
        (gui/key_table.py: the tables that also bind them)."""
        return []

    def save(self) -> bool:
        """File > Save: keep the page's work (asking where the first time); whether it was saved."""
        return False

    def save_as(self) -> bool:
        """File > Save As: keep the page's work in a file asked for every time; whether it was saved. A page
        without its own has the menu item greyed (see ``supports``)."""
        return False

    def new_document(self) -> bool:
        """File > New: an empty project or show in place of the page's, after asking about unsaved work; whether
        one was started. A page without its own has the menu item greyed (see ``supports``)."""
        return False

    def supports(self, action: str) -> bool:
        """Whether the page has its own ``action`` ("save_as", "new_document"), rather than the default that
        does nothing: the window greys File > Save As and New on a page without."""
        return getattr(type(self), action, None) is not getattr(Workspace, action)

    def finish_editing(self) -> None:
        """Commit an edit still being typed (a cell's open editor), before Save or the unsaved-changes check."""

    def has_unsaved_changes(self) -> bool:
        return not self.undo_stack.isClean()

    def busy(self) -> bool:
        """Whether a job of the page's is running or waiting (a screenshot waits for it)."""
        return False

    def work_in_progress(self) -> list[str]:
        """What the user started that quitting now would cancel ('training', 'an export'), not the page's own
        background jobs (reading the built-in corpus, warming up the synth)."""
        return []

    def offers_recovery(self) -> bool:
        """Whether the page offers work a session that ended unexpectedly left. The window then shows that
        page at start-up (an offer on a tab not shown went unseen). Pages set ``recovery_offer`` or override
        this."""
        return self.recovery_offer is not None and not self.recovery_offer.isHidden()

    def may_replace(self, action: str) -> bool:
        """Before opening something in place of the page's work: ask when that work is unsaved."""
        self.finish_editing()
        return not self.has_unsaved_changes() or confirm_discard(self, [self.title], action, self.save)
