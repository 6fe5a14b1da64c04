"""Above the piano roll: the piece's name, Save / Save As / Export, and the crash-recovery banner; and the
project's New (File › New)."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from engine.checkpoint import model_files
from engine.errors import EncoreError
from engine.files import check_not_an_input, write_json
from engine.jazz.project import project_data, read_project
from engine.words import counted, file_name

from ..audio.player import preferred_soundfont
from ..save_dialog import save_path
from . import tasks

EXPORT_FILTER = "MIDI file (*.mid *.midi);;MusicXML score (*.musicxml *.xml *.mxl);;WAV audio (*.wav)"
PROJECT_FILTER = "Encore jazz project (*.encore-jazz)"


def button(text: str, tip: str, slot) -> QPushButton:
    b = QPushButton(text)
    b.setToolTip(tip)
    b.clicked.connect(slot)
    return b


class ProjectBar(QWidget):
    def __init__(self, page):
        super().__init__(page)
        self.page = page
        self.path: str | None = None
        self.dirty = False  # changes outside the undo stack: a new piece, a new model
        self.piece_label = QLabel("<b>No piece</b>")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.piece_label, 1)
        layout.addWidget(button("Save project", "Save pieces, edits and model choice (File › Save, Ctrl+S)", self.save))
        layout.addWidget(button("Save as…", "Save the project under a new name (File › Save As…, Ctrl+Shift+S)",
                                self.save_as))
        layout.addWidget(button("Export…", "Write the piece as MIDI, MusicXML or WAV (Ctrl+E)", self.export_dialog))
        self.recovery_banner = self._make_banner()
        page.recovery_offer = self.recovery_banner  # the window shows the page at start-up while it offers
        self.first_settings = page.generation.options()  # the Generate tab's boxes at start-up, for File › New
        self.first_training = page.training.settings()  # and the Train tab's, for File › New and older projects
        # what a project opened chose in its corpus, kept until the files are listed (the built-in solos may be
        # read after it): the built-in files' parts and bars by name, and the path of the chords' source
        self._builtin_wanted: dict | None = None
        self._chords_wanted: str | None = None
        page.corpus.changed.connect(self._restore_corpus)
        page.corpus.tree.currentItemChanged.connect(self._picked)
        page.training.edited.connect(page._project_changed)

    def show_title(self, piece) -> None:
        self.piece_label.setText(f"<b>{piece.title}</b> · {counted(piece.bars, 'bar')} · {piece.tempo:g} bpm"
                                 if piece else "<b>No piece</b>")

    def touch(self) -> None:
        self.dirty = True
        self.page.undo_stack.cleanChanged.emit(False)  # the window's title shows the • at once

    def _untouch(self) -> None:
        self.dirty = False
        self.page.undo_stack.cleanChanged.emit(self.page.undo_stack.isClean())  # a clean stack sends none itself

    def warn(self, title: str, message: str) -> None:
        if not os.environ.get("ENCORE_NO_PROMPTS"):
            QMessageBox.warning(self, title, message)

    # Projects ------------------------------------------------------------------------------------
    def data(self) -> dict:
        page = self.page
        with page.roll.as_before_drag():
            corpus = page.corpus.entries
            return project_data(page.history.pieces, page.history.currentRow(), page.model_dir,
                                [e.to_json() for e in corpus if not e.builtin],
                                page.generation.options(), list(page.corpus.builtin_off), page.training.settings(),
                                self._chords_source(), {e.name: e.choices for e in corpus if e.builtin and e.choices})

    def _chords_source(self) -> str | None:
        """The path of the file the user picked for a solo's chords: the one selected, even while it is read again
        (the pick stands); a project opened whose files are not listed yet, its own. None where nothing is picked:
        the corpus's fallback (the file added last) is no pick, and saved as one it outranked a file added later."""
        if self._chords_wanted:
            return self._chords_wanted
        entry = self.page.corpus.current_entry()
        return entry.path if entry is not None else None

    def save(self) -> bool:
        return self.save_to(self.path) if self.path else self.save_as()

    def save_as(self) -> bool:
        path = save_path(self, "Save project", self.path or "solos.encore-jazz", PROJECT_FILTER)
        return bool(path) and self.save_to(path)

    def save_to(self, path: str) -> bool:
        try:
            write_json(path, self.data())
        except EncoreError as e:
            self.page.status.emit(str(e))
            self.warn("Could not save", str(e))
            return False
        self.path = path
        self.page.undo_stack.setClean()
        self._untouch()
        self.page.autosave.discard()
        self.page.opened.emit(path)
        self.page.status.emit(f"Saved {os.path.basename(path)}")
        return True

    def open(self, path: str, passed_over: str = "") -> bool:
        """Whether the project at ``path`` was opened; ``passed_over`` (the files not opened beside it) follows
        the word on it."""
        if not self.page.may_replace(f"Open {os.path.basename(path)}"):
            return False
        also = f"; {passed_over}" if passed_over else ""
        try:
            data = read_project(path)
        except EncoreError as e:
            self.page.status.emit(f"{e}{also}")
            self.warn("Could not open", str(e))
            return False
        note = self.apply(data)
        self.path = path
        self.page.opened.emit(path)
        self.page.status.emit(f"Opened {os.path.basename(path)}: {counted(len(data['pieces']), 'piece')}{note}{also}")
        return True

    def new_project(self) -> bool:
        """File › New: the project as at start-up (the built-in solos, no pieces, nothing to undo, no file), after
        asking about unsaved work; whether it was started. The model in use stays: it is kept in Encore's
        models folder, not in the project, and a trained one is minutes of work."""
        if not self.page.may_replace("Start a new project"):
            return False
        self.apply({"pieces": [], "generation": self.first_settings, "training": self.first_training,
                    "builtin_unused": [], "model": None})
        self.path = None
        self.page.autosave.discard()  # the work let go of is not offered back as a crashed session's
        self._bring_back_builtin()
        self.page.status.emit("New project")
        return True

    def _bring_back_builtin(self) -> None:
        """The built-in solos, removed from the last project's corpus, read again: a new project starts with
        them. Not before the page first shows (its start-up reads them) nor while they are being read."""
        page = self.page
        jobs = [page.jobs.current, *page.jobs.waiting]
        loading = any(job.fn is tasks.default_corpus for job in jobs if job)
        if page._corpus_requested and not loading and not any(e.builtin for e in page.corpus.entries):
            page.load_default_corpus()

    def apply(self, data: dict) -> str:
        """Put a project's pieces, settings, files and model in the page; what the user should hear about it."""
        page = self.page
        page.document_opened()
        page.history.clear_pieces()
        for piece in data["pieces"]:
            page.history.add(piece, select=False)
        current = int(data.get("current", 0) or 0)
        if page.history.pieces:
            page.history.setCurrentRow(min(max(current, 0), len(page.history.pieces) - 1))
        else:  # the last project's piece must not stay on screen, to be edited into nothing
            page.show_piece(None)
        settings = data.get("generation")
        page.generation.set_options(settings if isinstance(settings, dict) else {})  # a hand-edited file's too
        training = data.get("training")
        page.training.set_settings(self.first_training | (training if isinstance(training, dict) else {}))
        self._builtin_wanted = self._chords_wanted = None  # the last project's, if its files never came
        page.corpus.drop_user_entries()
        page.corpus.set_builtin_off(data.get("builtin_unused", []))
        chosen = data.get("builtin_choices")
        self._builtin_wanted = chosen if isinstance(chosen, dict) else {}  # none saved: each as first read
        chords = data.get("chords_from")
        self._chords_wanted = chords if isinstance(chords, str) and chords else None  # none: the file added last
        entries = [tasks.CorpusFile(c["path"], c.get("choices", {}), use=c.get("use", True))
                   for c in data.get("corpus") or [] if isinstance(c, dict) and "path" in c]
        if entries:
            # listed at once, read by a queued job: a Save before it runs must still write them (it wrote none)
            page.corpus.add_entries(entries)
            page.import_entries(entries, edit=False)
        self._restore_corpus()
        self._untouch()
        model = data.get("model")
        loadable = isinstance(model, str) and os.path.isdir(model)
        page.use_project_model(model if loadable else None)  # named while it loads, for the same reason
        if model and not loadable:
            return f"; its model {model} is gone, so the current one stays"
        return ""

    def _restore_corpus(self) -> None:
        """The opened project's choices for its corpus, once the files they name are listed: the built-in files
        read again with its parts and bars (the last project's, or a Read again since start-up, are not this
        one's), and its chords' source selected, as the user picked it, without the pick's new tempo."""
        corpus = self.page.corpus
        builtin = [e for e in corpus.entries if e.builtin]
        if self._builtin_wanted is not None and builtin:
            wanted, self._builtin_wanted = self._builtin_wanted, None  # before the listing below calls back here
            changed = [tasks.CorpusFile(e.path, dict(wanted.get(e.name, {})), builtin=True) for e in builtin
                       if e.choices != wanted.get(e.name, {})]
            if changed:  # listed at once with the project's choices, as its own files are, then read
                corpus.add_entries(changed)
                self.page.import_entries(changed, edit=False)
        row = self._row_of(self._chords_wanted)
        if row is not None:
            self._chords_wanted = None
            corpus.tree.blockSignals(True)  # no pick of the user's: the project's tempo stands
            corpus.tree.setCurrentItem(corpus.tree.topLevelItem(row))
            corpus.tree.blockSignals(False)
            corpus.refresh()  # the choice fields show the file selected
            self.page._show_chord_source()  # and Generate names it (the project's tempo stands: it was opened)

    def _row_of(self, path: str | None) -> int | None:
        """The corpus row of a saved path: the file itself, or the built-in file of that name (its folder differs
        from one install to another)."""
        if not path:
            return None
        entries = self.page.corpus.entries
        row = next((i for i, e in enumerate(entries) if e.path == path), None)
        name = os.path.basename(path)
        return row if row is not None else next((i for i, e in enumerate(entries) if e.builtin and e.name == name),
                                                None)

    def _picked(self) -> None:
        """A file selected by the user: their pick of the chords' source, over the project's still to come."""
        self._chords_wanted = None

    # Export --------------------------------------------------------------------------------------
    def export_dialog(self) -> None:
        piece = self.page.roll.piece
        if piece is None:
            self.page.status.emit("Nothing to export yet: generate a piece first")
            return
        path = save_path(self, "Export piece", f"{file_name(piece.title, 'piece')}.mid", EXPORT_FILTER)
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        try:  # a solo over the score it came from (the title is its name) would lose the user's own file
            check_not_an_input(path, [*(e.path for e in self.page.corpus.entries), *model_files(self.page.model_dir)])
        except EncoreError as e:
            self.page.status.emit(f"Export refused: {e}")
            self.warn("Export refused", str(e))
            return
        piece = self.page.roll.piece.copy()  # the worker writes a snapshot while the user edits on
        self.page.jobs.run("export", tasks.export_piece, piece, path, preferred_soundfont(),
                           done=self.page.exported)

    # Recovery ------------------------------------------------------------------------------------
    def _make_banner(self) -> QFrame:
        banner = QFrame()
        banner.setStyleSheet("QFrame { background: #fff4ce; border: 1px solid #e0c36a; }")
        row = QHBoxLayout(banner)
        row.addWidget(QLabel("Encore found unsaved jazz work from a session that ended unexpectedly."), 1)
        row.addWidget(button("Recover", "Open the autosaved pieces", self.recover))
        row.addWidget(button("Discard", "Delete the autosaved copy", self.discard_recovery))
        banner.setVisible(False)
        return banner

    def offer_recovery(self) -> None:
        self.recovery_banner.setVisible(self.page.autosave.recoverable() is not None)

    def recover(self) -> None:
        path = self.page.autosave.recoverable()
        if path is not None and not self.page.may_replace("Recover the autosaved work"):
            return  # the work since start-up would be replaced, and its own autosave with it
        self.recovery_banner.setVisible(False)
        if path is not None:
            try:
                data = read_project(path)
            except EncoreError as e:  # set aside, so that it is not offered at every launch, hiding older copies
                aside = self.page.autosave.set_aside(path)
                message = f"{e}" + (f"; it was set aside as {aside.name}" if aside else "")
                self.page.status.emit(message)
                self.warn("Could not recover", message)
                self.offer_recovery()
                return
            note = self.apply(data)
            saved_as = data.get("saved_as")
            self.path = saved_as if isinstance(saved_as, str) and saved_as else None
            self.page.autosave.adopt(path)
            self.touch()  # recovered work is not saved anywhere the user chose yet
            if note:
                self.page.status.emit(f"Recovered{note}")
            if self.page.autosave.recoverable() != path:  # another crashed session's copy: offered in turn
                self.offer_recovery()

    def discard_recovery(self) -> None:
        left = self.page.autosave.recoverable()
        if left is not None:
            self.page.autosave.remove(left)
        self.offer_recovery()  # another crashed session's copy, hidden now, came back at the next launch
