"""The Jazz workspace: corpus, training with a live loss curve, generation, piano roll, transport, export."""

from __future__ import annotations

import os
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from engine.errors import EncoreError
from engine.words import counted

from ..audio.player import preferred_soundfont
from ..jobs import ProgressPanel
from ..models_dialog import kind_refusal
from ..workspace import Workspace
from . import tasks
from .chart_import import holds_link
from .corpus_panel import CorpusPanel
from .generation_panel import GenerationPanel
from .history_list import KEYS as HISTORY_KEYS
from .history_list import HistoryList, ReplacePiece
from .job_queue import OWN, JobQueue
from .piano_roll import PianoRoll
from .project import Autosave, app_data_folder
from .project_bar import ProjectBar
from .roll_keys import KEYS as ROLL_KEYS
from .roll_toolbar import RollToolbar
from .training_panel import TrainingPanel
from .velocity_lane import VelocityLane

# iReal Pro exports, their chords for the Generate tab; a .txt only when it holds a link (see accepts)
CHARTS = (".html", ".htm", ".irealb", ".txt")


USER_JOBS = {"train": "training", "generate": "a new solo", "regenerate": "regenerating bars", "export": "an export"}
# a job that waits its turn behind the running one, said in words (see _queued)
WAITS = {"import": "Reading the files", "model": "Loading the model", "export": "The export",
         "train": "The training", "generate": "The new solo", "regenerate": "Improvising the bars again"}
RUNNING = {"import": "the reading of other files", "model": "the loading of a model", "export": "the export",
           "train": "the training", "generate": "the solo being improvised",
           "regenerate": "the bars being improvised again", "warm-up": "Encore's start-up"}
# how to keep a model that could not be saved, by its cause (tasks.NotSaved); none rather than wrong advice
KEEP_IT = {tasks.DISK_FULL: "; make room on the disk and train again to keep it.",
           tasks.NO_PERMISSION: "; make Encore's models folder writable (it is read-only, or not yours to write in) "
                                "and train again to keep it."}


class JazzPage(Workspace):
    title = "Jazz"
    key = "jazz"
    open_filter = ("Music (*.mid *.midi *.xml *.musicxml *.mxl *.abc);;Encore jazz project (*.encore-jazz);;"
                   f"iReal Pro charts ({' '.join('*' + suffix for suffix in CHARTS)})")
    extensions = (".mid", ".midi", ".xml", ".musicxml", ".mxl", ".abc", ".encore-jazz", *CHARTS)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model, self.model_dir = None, None
        self._model_read_from = None  # model_dir of the model in use: a project's model that fails to load is not
        self._tempo_of = None  # path of the chords' source the Tempo box last followed (or kept a project's over)
        self._project_tempo = False  # a project just opened: its own tempo stands until the user picks a file
        # what a drop held beside the project or chart opened, said after their word: (which read, the words)
        self._chart_note, self._files_note = (0, ""), (0, "")
        self.jobs = JobQueue(self)
        self.progress = ProgressPanel(self.jobs.runner, cancel=self.jobs.cancel)  # behind the warm-up: the job waiting
        self.corpus, self.training, self.generation = CorpusPanel(), TrainingPanel(), GenerationPanel()
        self.history = HistoryList(undo_stack=self.undo_stack)
        self.roll = PianoRoll(self.undo_stack)
        self.generation.set_undo_stack(self.undo_stack)  # a chord edit is an edit of the project: Edit › Undo
        self.corpus.set_undo_stack(self.undo_stack)  # so is a file ticked or removed
        self.roll_toolbar = RollToolbar(self.roll)
        self.velocity_lane = VelocityLane(self.roll)
        self.project = ProjectBar(self)
        self.playback = self._make_playback()
        self._build_layout()
        self._connect()
        self.autosave = Autosave(self, self)
        self._corpus_requested = False
        self.project.offer_recovery()

    def _make_playback(self):
        try:
            from .playback import PiecePlayback
        except ImportError:  # playback is optional: the studio still edits and exports without it
            return None
        playback = PiecePlayback(self.roll, self)
        playback.problem.connect(self.status)
        return playback

    def _build_layout(self) -> None:
        self.side = QTabWidget()
        self.side.addTab(self.corpus, "Corpus")
        self.side.addTab(self.training, "Train")
        self.generate_tab = self._generate_tab()
        self.side.addTab(self.generate_tab, "Generate")
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (self.project, self.roll_toolbar, self.roll, self.velocity_lane):
            column.addWidget(widget, 1 if widget is self.roll else 0)
        if self.playback:
            column.addWidget(self.playback.transport)
        for strip in (self.roll_toolbar, self.playback.transport if self.playback else None):
            if strip is not None:
                strip.setMinimumWidth(1)  # in a narrow window these strips clip rather than widen the window
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(self.side)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([380, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.project.recovery_banner)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.progress)

    def _generate_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.generation)
        layout.addWidget(QLabel("History (drag a piece out to save it as MIDI)"))
        layout.addWidget(self.history, 1)
        return tab

    def _connect(self) -> None:
        self.corpus.add_requested.connect(lambda: self.window().import_dialog())
        self.corpus.builtin_requested.connect(self.load_default_corpus)
        self.corpus.reimport_requested.connect(lambda entry: self.import_entries([entry]))
        self.corpus.changed.connect(self._show_chord_source)
        self.corpus.tree.currentItemChanged.connect(self._picked)
        self.training.train_requested.connect(self.train)
        self.training.model_chosen.connect(self.use_model)
        self.generation.edited.connect(self._project_changed)
        self.generation.generate_requested.connect(self.generate)
        self.generation.regenerate_requested.connect(self.regenerate_selected_bars)
        self.generation.charts.message.connect(self._chart_said)
        self.generation.message.connect(self.status)
        self.history.piece_selected.connect(self.show_piece)
        self.history.version_shown.connect(lambda piece: self.show_piece(piece, version=True))
        self.history.renamed.connect(lambda _piece: self.project.show_title(self.roll.piece))
        self.roll.piece_needed.connect(self.history.show_piece)
        self.roll.refused.connect(self.status)
        self.jobs.partial.connect(self._partial)
        self.jobs.failed.connect(self._failed)
        self.jobs.cancelled.connect(self._cancelled)
        self.jobs.busy_changed.connect(self._busy)
        self.jobs.queued.connect(self._queued)

    def splitters(self) -> dict:
        return {"main": self.splitter}

    # Corpus ---------------------------------------------------------------------------------------
    def showEvent(self, event):  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._corpus_requested:  # after the window is up: reading scores takes a moment
            self._corpus_requested = True
            QTimer.singleShot(0, self._start_up)

    def _start_up(self) -> None:
        self.load_default_corpus()
        # pyqtgraph's import is a GUI-thread stall; take it here, while the corpus loads, not in the first epoch
        soundfont = preferred_soundfont()  # QSettings is read here, on the GUI thread
        self.jobs.run("warm-up", tasks.warm_up, soundfont, done=lambda _: self.training.loss_plot())

    def load_default_corpus(self) -> None:
        """The built-in solos, at start-up or when the corpus panel asks for them again."""
        self._corpus_requested = True
        since = self.corpus.moment()
        self.jobs.run("import", tasks.default_corpus, done=lambda read: self.corpus.add_entries(read, since))

    def accepts(self, path: str) -> bool:
        """A .txt dropped beside the solos is often notes, not chords: only one holding a link is a chart."""
        return super().accepts(path) and (not path.lower().endswith(".txt") or holds_link(path))

    def refusal(self, path: str) -> str:
        """Why a file this page might read was not opened ("" for none it claims): the window names it. A show
        saved as text from the Setlists page is no chart, and is not read back either: its .json or .csv is."""
        if not path.lower().endswith(".txt"):
            return ""
        from engine.setlists.export import is_setlist_text

        if is_setlist_text(path):
            return "a setlist's text export: open its .json or .csv to edit it"
        return "no iReal Pro link inside"

    def import_link(self, link: str) -> None:
        """An irealb:// link dropped on the window: its chords go to the Generate tab, as a pasted one's do."""
        self.side.setCurrentWidget(self.generate_tab)
        self.generation.charts.dropped(link)

    def import_paths(self, paths: list[str]) -> None:
        """The files of a drop (or of Open, or the command line): one project and one chart at a time, the last;
        the others are named as not opened beside the word on the one that was."""
        # a .txt chart yields to an export dropped with it (a folder's readme.txt comes after Blues.html)
        charts = sorted((p for p in paths if p.lower().endswith(CHARTS)), key=lambda p: not p.lower().endswith(".txt"))
        music = [p for p in paths if not p.lower().endswith((".encore-jazz", *CHARTS))]
        projects = [p for p in paths if p not in music and p not in charts]
        if projects:
            self._open_project(projects[-1], not_opened(projects[:-1], "one project at a time"))
        if charts:
            self.side.setCurrentWidget(self.generate_tab)
            self.generation.charts.load(charts[-1])
            self._chart_note = (self.generation.charts._request, not_opened(charts[:-1], "one chart at a time"))
        if music:
            self.import_entries([tasks.CorpusFile(p) for p in music])

    def _open_project(self, path: str, note: str) -> None:
        """Open a project; ``note`` (the projects dropped with it) follows its word on the opening, and that on
        its files, which are read next and would say theirs over it."""
        if self.project.open(path, note) and note:
            self._files_note = (self.opened_documents, note)

    def _chart_said(self, line: str) -> None:
        """The chart reader's word, with the charts dropped beside the one read (only that read's word: a chart
        chosen or pasted since is another's)."""
        request, note = self._chart_note
        self._chart_note = (0, "")
        self.status.emit(f"{line}; {note}" if note and request == self.generation.charts._request else line)

    def import_entries(self, entries: list, edit: bool = True) -> None:
        """Read files into the corpus: the user's edit of the project, or (``edit`` False) a project's own files."""
        self.side.setCurrentWidget(self.corpus)
        opened, since = self.opened_documents, self.corpus.moment()
        self.jobs.run("import", tasks.import_files, entries,
                      done=lambda read: self._imported(read, edit, opened, since))

    def _for_another_project(self, opened: int, what: str) -> bool:
        if opened == self.opened_documents:
            return False
        self.status.emit(f"{what} was dropped: another project was opened meanwhile")
        return True

    def _imported(self, entries: list, edit: bool = True, opened: int | None = None, since: int | None = None) -> None:
        if opened is not None and self._for_another_project(opened, f"Reading of {counted(len(entries), 'file')}"):
            return
        removed = [e for e in entries if self.corpus.removed_since(e.path, since)]  # the user's word is the newer
        for entry in removed:
            self.status.emit(f"{entry.name}: removed while it was being read, so left out")
        entries = [e for e in entries if not self.corpus.removed_since(e.path, since)]
        lines = [f"{entry.name}: {entry.problem}" if entry.problem else _read_line(entry) for entry in entries]
        if edit:  # a file the user named that is not there is no edit: no entry, nothing to save
            entries = [entry for entry in entries if not self._not_found(entry)]
        if edit and entries:  # the user's own files: one becoming the chords' source brings its tempo
            self._project_tempo = False
        if entries:
            self.corpus.add_entries(entries, since)
        if edit and entries:  # a file that could not be read is listed, and saved, to choose its parts again
            self.project.touch()
        when, note = self._files_note
        if not edit and note and when == opened and lines:  # said over the project's opening: the drop's word
            lines[-1] = f"{lines[-1]}; {note}"
            self._files_note = (0, "")
        for line in lines:
            self.status.emit(line)

    def _not_found(self, entry) -> bool:
        """A new file that was not there to read (one listed already is the user's to fix or remove)."""
        listed = any(e is entry or e.path == entry.path for e in self.corpus.entries)
        return entry.source is None and not listed and not os.path.exists(entry.path)

    def open_path(self, path: str) -> None:
        self.import_paths([path])

    # Training -------------------------------------------------------------------------------------
    def train(self, settings: dict) -> None:
        try:
            folder = app_data_folder("models") / time.strftime(f"jazz-%Y%m%d-%H%M%S-{settings['preset']}")
        except EncoreError as e:  # a trained model is kept there: training without it would be lost at Quit
            self.status.emit(f"Cannot train: Encore's models folder {e}")
            return
        if not os.access(folder.parent, os.W_OK):  # found only at the save, after the training, it cost the model
            self.status.emit(f"Cannot train: Encore's models folder {folder.parent} cannot be written "
                             "(no permission)")
            return
        self.training.loss_plot().clear_curves()
        opened = self.opened_documents
        self.jobs.run("train", tasks.train_model, list(self.corpus.entries), settings, str(folder),
                      done=lambda result: self._trained(result, opened))

    def _trained(self, result, opened: int) -> None:
        model, folder, problem = result
        if folder:
            self._model_ready((model, folder), True, opened)
            return
        if self._for_another_project(opened, "The new model, which could not be saved,"):
            return
        self._model_ready((model, None), True)  # in use until Quit: Save after freeing space is a new training
        self.project.warn("Model not saved", f"The model was trained and is in use, but could not be saved: "
                          f"{problem}. It is lost when Encore quits{KEEP_IT.get(problem.trouble, '.')}")

    def use_model(self, folder: str, edit: bool = True) -> None:
        """Load the model in ``folder``: the user's choice, or (``edit`` False) the one a project opened names."""
        refusal = kind_refusal(folder, self.key)
        if refusal:  # the Setlists page's: said in words, with where it opens
            self._failed("model", refusal)
            return
        opened = self.opened_documents
        self.jobs.run("model", tasks.load_model, folder, done=lambda result: self._model_ready(result, edit, opened))

    def use_project_model(self, folder: str | None) -> None:
        """The model a project opened names, loading (Save writes it meanwhile); None: the model in use stays,
        and is the one Save writes (not one named by a project opened before and dropped)."""
        self.model_dir = folder or self._model_read_from
        if folder:
            self.use_model(folder, edit=False)

    def _project_changed(self) -> None:
        """A change to what the project saves beside its pieces: unsaved once there is a project to lose."""
        if self.project.path or self.history.pieces:
            self.project.touch()

    def _model_ready(self, result, edit: bool = True, opened: int | None = None) -> None:
        if opened is not None and opened != self.opened_documents:  # a trained one is kept in the list, to choose
            self.training.add_model(result[1], current=False)
            self._for_another_project(opened, f"The model {os.path.basename(result[1])}")
            return
        self.model, self.model_dir = result
        self._model_read_from = self.model_dir
        if edit:
            self._project_changed()
        if self.model_dir:
            self.training.add_model(self.model_dir)
        self.training.show_model(self.model, self.model_dir)
        self.generation.set_ready(True, self.jobs.busy)
        self.status.emit(f"Model ready: {self.model_dir or 'trained, not saved'}")

    def model_folders_deleted(self, folders: list[str]) -> None:
        """File > Models… deleted these model folders: off the Train tab's list (a double-click there said "no
        such folder"). The model in use stays in memory for generating until another is trained or loaded; a
        project saved now names no model, rather than one that is gone."""
        gone = {os.path.realpath(f) for f in folders}
        self.training.remove_models(gone)
        if self.model_dir and os.path.realpath(self.model_dir) in gone:
            self.model_dir = None
        if self._model_read_from and os.path.realpath(self._model_read_from) in gone:  # the model in memory's
            deleted, self._model_read_from = self._model_read_from, None
            self.training.show_model(self.model, None, deleted=deleted)

    def _partial(self, label: str, partial) -> None:
        if label == "train":
            self.training.loss_plot().add_epoch(partial)

    # Generation -----------------------------------------------------------------------------------
    def _chord_source(self):
        entry = self.corpus.chord_entry()
        return entry.source if entry is not None else None

    def _picked(self) -> None:
        """A file selected in the corpus: the user's pick of the chords a solo takes, and so of its tempo."""
        self._project_tempo = False
        self._show_chord_source()

    def _show_chord_source(self) -> None:
        entry = self.corpus.chord_entry()
        self.generation.show_chord_source(entry.name if entry is not None else "")
        self._follow_tempo(entry)

    def _follow_tempo(self, entry) -> None:
        """The Tempo box takes a file's tempo as the file becomes the chords' source, as a solo over it on the
        command line keeps it; the user may change it after. A project's saved tempo is not overwritten by its
        files, read after it, nor by the built-in ones read at start-up: only once the user picks or adds one."""
        path = entry.path if entry is not None else None
        if path == self._tempo_of:  # the same source, ticked or read again: a tempo typed since stays
            return
        self._tempo_of = path
        if entry is not None and not self._project_tempo:
            self.generation.follow_tempo(entry.source.tempo)

    def document_opened(self) -> None:
        super().document_opened()
        self._project_tempo = True

    def generate(self, options: dict) -> None:
        opened = self.opened_documents
        entry = self.corpus.chord_entry()
        whose = "" if options.get("chords") or entry is None else entry.name  # typed chords are no file's
        self.jobs.run("generate", tasks.improvise, self.model, options, entry.source if entry else None,
                      done=lambda piece: self._generated(piece, opened, whose))

    def _generated(self, piece, opened: int | None = None, chords_of: str = "") -> None:
        """A new solo in the history; ``chords_of``: the corpus file whose chords it took, said and kept."""
        if opened is not None and self._for_another_project(opened, "The new solo"):
            return
        if piece.title in ("", "Untitled", "Improvisation"):  # the engine's generic name: number it
            piece.title = self._next_solo_title()
        if chords_of:
            piece.meta["source"] = chords_of  # its details say whose chords, as a typed chart's say which
        self.history.add(piece)
        self.project.touch()
        self.side.setCurrentIndex(2)
        from engine.jazz.improvise import silence_warning  # loaded by the generation already

        said = [f"over the chords of {chords_of}" if chords_of else "", silence_warning(piece)]
        if any(said):
            self.status.emit(f"{piece.title}: " + "; ".join(x for x in said if x))

    def _next_solo_title(self) -> str:
        """'Solo N' after the history's count, and after any 'Solo N' it holds: a deleted solo freed a count."""
        taken = {p.title for p in self.history.pieces}
        n = len(self.history.pieces) + 1
        while f"Solo {n}" in taken:
            n += 1
        return f"Solo {n}"

    def regenerate_selected_bars(self, options: dict) -> None:
        piece, row = self.roll.piece, self.history.currentRow()
        chosen = {int(n.start // piece.beats_per_bar) for n in self.roll.selected_notes()} | \
            set(self.roll.swept_bars) if piece else set()  # swept: a silent bar has no note to select
        bars = sorted(chosen & set(range(piece.bars))) if piece else []  # past the last bar: no chords there
        if not bars or row < 0:
            self.status.emit("Select notes in the bars to improvise again, or sweep over the bars, then Regenerate")
            return
        options = dict(options, bars=piece.bars, tempo=piece.tempo)
        base = piece.copy()
        self.jobs.run("regenerate", tasks.improvise, self.model, options, self._chord_source(), base=base,
                      regenerate=bars, done=lambda new: self._regenerated(piece, base, new))

    def _regenerated(self, piece, base, new) -> None:
        row = next((i for i, p in enumerate(self.history.pieces) if p is piece), -1)  # a solo above it deleted
        if row < 0:  # deleted meanwhile, or another project opened
            self.status.emit(f"Regenerated bars of {piece.title} were dropped: the piece is no longer in the history")
            return
        if _untitled(piece) != _untitled(base):  # the result is built on the piece before the edit: it would undo it
            self.status.emit(f"Regenerated bars of {piece.title} were dropped: the piece was edited meanwhile; "
                             "Regenerate again")
            return
        if "source" in piece.meta:  # the bars improvised again are over the same file's chords
            new.meta.setdefault("source", piece.meta["source"])
        new.title = piece.title  # renamed meanwhile: a rename is no edit of the notes the result would undo
        self.undo_stack.push(ReplacePiece(self.history, row, new))

    def show_piece(self, piece, version: bool = False) -> None:
        self.roll.set_piece(piece, version)
        self.project.show_title(piece)
        if self.playback:
            self.playback.load()

    # Files ----------------------------------------------------------------------------------------
    def export(self) -> None:
        self.project.export_dialog()

    def finish_editing(self) -> None:
        self.history.commit_open_edit()

    def shortcuts(self) -> list[tuple[str, tuple]]:
        return [("Piano roll", ROLL_KEYS), ("Solo history", HISTORY_KEYS)]

    def project_data(self) -> dict:
        return self.project.data()

    def save(self) -> bool:
        return self.project.save()

    def save_as(self) -> bool:
        return self.project.save_as()

    def new_document(self) -> bool:
        if not self.project.new_project():
            return False
        self._project_tempo = False  # as at start-up: the tempo follows the chords' source again
        return True

    def has_unsaved_changes(self) -> bool:
        return super().has_unsaved_changes() or self.project.dirty

    def busy(self) -> bool:
        return self.jobs.busy or bool(self.jobs.waiting)

    def reading(self) -> bool:
        """Whether files asked for are still being read into the corpus (not the built-in solos read at start,
        nor a training beside them)."""
        return any(job.fn is tasks.import_files for job in [self.jobs.current, *self.jobs.waiting] if job)

    def work_in_progress(self) -> list[str]:
        jobs = ([self.jobs.current] if self.jobs.current else []) + self.jobs.waiting
        return [USER_JOBS[j.label] for j in jobs if j.label in USER_JOBS]

    def shutdown(self) -> None:
        self.jobs.stop()
        self.autosave.finish()  # a normal quit: nothing to recover next time
        self.undo_stack.blockSignals(True)  # its destructor's cleanChanged would reach a half-deleted window

    # Status ---------------------------------------------------------------------------------------
    def exported(self, result: tuple[str, str]) -> None:
        """An export's end, with `render`'s warning of a silent or limited WAV: it was written without a word."""
        path, warning = result
        said = f"Exported {os.path.basename(path)}"
        if warning.startswith("is "):  # render's words follow the file's name ("out.wav: is silent")
            warning = f"it {warning}"
        self.status.emit(f"{said} — {warning}" if warning else said)

    def _failed(self, label: str, message: str) -> None:
        self._job_lost(label)
        self.status.emit(f"{label.capitalize()} failed: {message}")
        self.project.warn(f"{label.capitalize()} failed", message)

    def _cancelled(self, label: str) -> None:
        self._job_lost(label)
        self.status.emit(f"{label.capitalize()} cancelled")

    def _queued(self, label: str, running: str) -> None:
        """A job waiting its turn, said: an import clicked during a long training seemed to do nothing."""
        if label not in WAITS:  # Encore's own (the start-up's warm-up): nothing the user asked for
            return
        what = RUNNING.get(running, "the job running")
        stop = " (Cancel stops it)" if running in OWN else f" (Cancel stops {what})"  # the warm-up runs on
        self.status.emit(f"{WAITS[label]} waits for {what} to finish{stop}")

    def _job_lost(self, label: str) -> None:
        """What a job that failed or was cancelled leaves half done: a stopped run's curve beside the summary of
        the model in use, a project's model named but not loaded (Save wrote a folder that is no model), its
        files listed as being read for good."""
        if label == "train":  # the curve on the plot is the model's in use again, not the stopped run's
            if self.model is not None:
                self.training.show_model(self.model, self.model_dir)
            else:
                self.training.loss_plot().clear_curves()
        elif label == "model":
            self.model_dir = self._model_read_from
        elif label == "import" and self.jobs.ended is not None and self.jobs.ended.args:  # its own files, not
            self.corpus.mark_unread("reading was cancelled or failed; select it and press Read again",  # another
                                    self.jobs.ended.args[0])  # import's (the built-in solos' reading has none)

    def _busy(self, busy: bool) -> None:
        self.training.set_busy(busy)
        job = self.jobs.current or next(iter(self.jobs.waiting), None)  # what Generate waits for, said
        self.generation.set_ready(self.model is not None, ((job.label if job else "") or True) if busy else False)


def _untitled(piece) -> dict:
    """A piece's notes, chords and settings: what a regeneration is built on, its title aside."""
    return {**piece.to_json(), "title": None}


def _read_line(entry) -> str:
    bars, tokens = counted(entry.source.n_bars, "bar"), counted(len(entry.source.tokens), "token")
    notice = f"; {entry.source.notice}" if entry.source.notice else ""
    return f"{entry.name}: {bars}, {tokens}{notice}"


def not_opened(paths: list[str], why: str) -> str:
    """'not opened: a.encore-jazz (why)' in the words the window names a refused file with; "" for none."""
    from ..main_window import few

    return f"not opened: {few([os.path.basename(p) for p in paths])} ({why})" if paths else ""
