"""The Setlists workspace: dataset, training and evaluation, the next show, the song explorer.

The page owns the state the panels share: the band's History, the trained model and the one Setlist
that the editor, the undo stack, the exporters and the printer all use. Engine work runs on a worker
thread through one JobRunner, and files are read through another (a band's history comes in while a model
trains); the engine is imported inside functions so the window opens fast.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QSplitter, QTabWidget, QVBoxLayout

from engine.setlists.setlist import Setlist
from engine.words import counted, file_name, listed

from ..jobs import JobRunner, ProgressPanel
from ..save_dialog import chosen_folder, save_path, suffixes
from ..workspace import Workspace
from . import tasks
from .alternatives import ALTERNATIVES_KEPT
from .autosave import RecoveryBanner, ShowAutosave
from .commands import ReplaceShow
from .dataset_panel import DatasetPanel
from .editor import KEYS as EDITOR_KEYS
from .explorer import SongExplorer
from .next_show_panel import NextShowPanel, heading_meta
from .training_panel import TrainingPanel

EXPORT_FILTER = ("Stage setlist PDF (*.pdf);;Plain text (*.txt);;CSV (*.csv);;JSON (*.json);;"
                 "Encore setlist (*.encore-setlist)")
HISTORY_FILTER = "CSV (*.csv);;JSON (*.json)"
SHOW_FILTER = "Encore setlist (*.encore-setlist);;JSON (*.json)"
SHOW_FILES = (".encore-setlist", ".json")  # a show written to these opens again exactly as it is


TRAINING, EVALUATING = "Training the setlist model…", "Evaluating: both protocols, model and baselines…"
USER_JOBS = {TRAINING: "training", EVALUATING: "an evaluation"}  # what quitting would cancel unasked
DRAFTING, MAPPING = "Drafting…", "Learning song embeddings for the map…"
ENDED = {TRAINING: "Training", EVALUATING: "Evaluation", DRAFTING: "Drafting", MAPPING: "Learning the song map"}


class SetlistsPage(Workspace):
    title = "Setlists"
    key = "setlists"
    open_filter = "Setlists (*.csv *.json);;Encore setlist project (*.encore-setlist)"
    extensions = (".csv", ".json", ".encore-setlist")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.history = None
        self._mapping = False  # the running job learns the explorer's map
        self._curve_before: list[dict] = []  # the loss curve of the model in use while another trains
        self.paths: list[str] = []
        self.model = None  # the trained engine SetlistModel
        self.model_dir = None  # the folder it was loaded from, kept in or saved to (None: in memory only)
        self.setlist = Setlist()
        self._running = ""  # the label of the job running, or of the last one
        self.show_path = ""  # where File > Save writes the show: the file it was opened from or saved to
        self.runner = JobRunner(self)
        self.reader = JobRunner(self)  # files: 10,000 shows take seconds to read and check
        self._wanted: _Request | None = None  # the files whose history the page is to show next
        self._asked: _Request | None = None  # the files the reader is reading now
        self._on_done = None
        self._live_curve = False  # only training draws the loss curve (evaluation fits models too)
        self._model_words = ["", ""]  # what the model's line says of it: how it was trained, where a copy is
        self.dataset = DatasetPanel()
        self.training = TrainingPanel()
        self.next_show = NextShowPanel(self.setlist, self.undo_stack)
        self.explorer = SongExplorer()
        self.tabs = QTabWidget()
        for panel, name in ((self.dataset, "Dataset"), (self.training, "Train && evaluate"),
                            (self.next_show, "Next show"), (self.explorer, "Song explorer")):
            self.tabs.addTab(panel, name)
        self.autosave = ShowAutosave(self, self)
        self.recovery_banner = self.recovery_offer = RecoveryBanner(self)  # the window shows the page while it offers
        layout = QVBoxLayout(self)
        layout.addWidget(self.recovery_banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(ProgressPanel(self.runner))
        self.reader_panel = ProgressPanel(self.reader)
        layout.addWidget(self.reader_panel)
        self._connect()
        self.recovery_banner.offer()
        # A dirty QUndoStack says "clean changed" while it is destroyed, when the window's other pages may
        # already be gone; nobody needs that news once the page is going.
        stack = self.undo_stack
        self.destroyed.connect(lambda *_: stack.blockSignals(True))

    def splitters(self) -> dict:
        """The Dataset tab's (shows above problems) and the Next show tab's (the show beside alternatives)."""
        return {"dataset": self.dataset.findChild(QSplitter),
                "next_show": self.next_show.editor.findChild(QSplitter)}

    def _connect(self) -> None:
        self.dataset.import_requested.connect(self.import_paths)
        self.dataset.demo_requested.connect(self._drop_reading)
        self.dataset.demo_requested.connect(self.load_demo)
        self.dataset.export_requested.connect(self.export_history)
        self.training.train_requested.connect(self.train)
        self.training.evaluate_requested.connect(self.evaluate)
        self.training.save_requested.connect(self.save_model_dialog)
        self.training.load_requested.connect(self.load_model_dialog)
        self.next_show.generate_requested.connect(self.generate)
        self.next_show.export_requested.connect(self.export)
        self.next_show.print_requested.connect(self.print_setlist)
        self.next_show.editor.song_chosen.connect(self.explore)
        self.next_show.editor.start_requested.connect(self._start_by_hand)
        self.next_show.editor.status.connect(self.status)  # a mark typed that is none
        self.tabs.currentChanged.connect(lambda _: self._tab_changed())
        self.runner.progressed.connect(lambda p: self._live_curve and self.training.curve.add(p.partial))
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(lambda message: self._stopped(f"failed: {message}"))
        self.runner.cancelled.connect(lambda: self._stopped("cancelled"))
        self.runner.running_changed.connect(self.training.set_busy)
        self.runner.running_changed.connect(self._runner_idle)
        self.reader.finished.connect(self._read)
        self.reader.failed.connect(self._read_failed)
        self.reader.cancelled.connect(self._read_cancelled)

    def showEvent(self, event):  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.history is None:  # after the window has painted, so start-up never waits for it
            QTimer.singleShot(100, self.ensure_history)

    def ensure_history(self) -> None:
        """The demo band at first launch, so every panel has something to show."""
        if self.history is None:
            self.load_demo()

    # The band's history ------------------------------------------------------------------------------
    def load_demo(self) -> None:
        from engine.setlists.history import demo_history

        self._use_history(demo_history(), [])

    def import_paths(self, paths: list[str], merge: bool = False) -> None:
        """Open, Recent, Import and a drop all come here: a show opens in the editor, a history is read on the
        reader's worker (a band's whole history takes seconds), and the page shows it once it is read."""
        shows = [p for p in paths if p.lower().endswith(".encore-setlist")]
        if len(shows) == len(paths):
            if shows:  # one show in the editor: the last dropped; the others named as not opened
                self.open_setlist(shows[-1], shows[:-1])
            return
        added = [p for p in paths if p not in shows]
        tab = self._where()
        if merge and self._wanted:  # merged with the files on their way too: those stay added
            before = self._wanted
            self._wanted = _Request(before.paths + paths, before.kept, before.added + added, tab)
        else:
            self._wanted = _Request(list(paths), list(self.paths) if merge else [], added, tab)
        if self.reader.running:  # the latest asked for wins: this one starts once that one has stopped
            self.reader.cancel()
        else:
            self._read_next()

    def _read_next(self) -> None:
        self._asked = self._wanted
        if self._asked is None:
            return
        names = ", ".join(os.path.basename(p) for p in self._asked.added)
        self.status.emit(f"Reading {names}…")
        self.reader.start(tasks.read_histories, self._asked.kept, self._asked.added)
        self.reader_panel.label.setText(f"Reading {names}…")

    def reading(self) -> bool:
        """Whether files asked for are still being read (their history is not shown yet)."""
        return self._wanted is not None

    def _drop_reading(self) -> None:
        """The demo band asked for while files were read: it wins, as a later file would."""
        self._wanted = None
        self.reader.cancel()

    def _ended(self):
        """The files whose reading just ended, when theirs is still the history wanted; else None, and the files
        asked for since (not the demo band, which wants none) are read next."""
        asked, self._asked = self._asked, None
        if asked is not None and asked is self._wanted:
            self._wanted = None
            return asked
        self._read_next()
        return None

    def _read(self, reading) -> None:
        asked = self._ended()
        if asked is None:
            return
        forward = self._may_bring_forward(self.dataset, asked.tab)  # before a show among them opens in its tab
        shows = [p for p in asked.paths if p.lower().endswith(".encore-setlist") or p in reading.shows]
        if shows:  # one show in the editor: the last dropped
            self.open_setlist(shows[-1], shows[:-1])
        if reading.history is None:
            if reading.problem:
                self._import_failed(reading.problem)
            return
        where = "" if forward else self._see(self.dataset)
        if shows[:-1]:  # said again over the history's word, which comes next
            where = f"; {_not_opened(shows[:-1])}{where}"
        self._use_history(reading.history, reading.paths, reading.digest, where)
        for path in asked.added:
            if path in reading.paths:  # a file skipped is no recent file
                self.opened.emit(path)
        if forward:
            self._bring_forward(self.dataset)

    def _read_failed(self, problem: str) -> None:
        if self._ended() is not None:
            self._import_failed(problem)

    def _import_failed(self, problem: str) -> None:
        self.ensure_history()  # now, not after the message: the first show's demo band would hide it
        self.status.emit(f"Import failed: {problem}")  # the history in use stays

    def _read_cancelled(self) -> None:
        if self._ended() is not None:  # Cancel pressed, nothing else asked for
            self.status.emit("Reading cancelled")

    def _use_history(self, history, paths: list[str], made=None, where: str = "") -> None:
        """``made``: the history's digest (tasks.digest), made on the worker for files read; ``where``: what the
        status adds (where to see it)."""
        same_shows = self.history is not None and _shows_print(self.history.shows) == _shows_print(history.shows)
        self.history, self.paths = history, paths
        made = made or tasks.digest(history)
        self.dataset.show_history(history, paths, made)
        self.next_show.editor.set_catalogue(list(made.names.values()))
        self.next_show.suggest_date(history.next_date())
        self.explorer.set_history(history)
        if not same_shows:  # the figures were another history's (the same file read again keeps them)
            self.training.show_evaluation([])
        stats = made.stats
        problems = f", {counted(stats['problems'], 'problem')} listed" if stats["problems"] else ""
        counts = f"{counted(stats['shows'], 'show')}, {counted(stats['songs'], 'song')}"
        self.status.emit(f"{stats['band'] or 'History'}: {counts}{problems}{where}")
        if self.model is not None:
            self._say_model_state()
        if self._model_maps():
            self._show_embedding(self.model.embedding)

    # Jobs ---------------------------------------------------------------------------------------------
    def _start(self, label: str, on_done, fn, *args, live_curve: bool = False) -> bool:
        if self.runner.running:
            self.status.emit("Wait for the running job to finish, or cancel it")
            return False
        self.ensure_history()
        self._on_done, self._live_curve = on_done, live_curve
        self._running = label
        self.status.emit(label)
        self.runner.start(fn, *args)
        return True

    def _finished(self, result) -> None:
        done, self._on_done = self._on_done, None
        if done:
            done(result)

    def _stopped(self, how: str) -> None:
        """Said naming the job ("Training cancelled", "Evaluation failed: …"): a bare "Cancelled" did not."""
        self._on_done = None
        if self._live_curve:  # the curve of the model in use again, not the stopped run's
            self.training.curve.show(self._curve_before)
        self.status.emit(f"{ENDED.get(self._running, 'The job')} {how}")

    def train(self, settings: dict) -> None:
        import time

        from engine.errors import EncoreError

        from ..jazz.project import app_data_folder

        band = file_name(getattr(self.history, "band", ""), "band")
        try:
            keep_in = str(app_data_folder("models") / time.strftime(f"setlist-{band}-%Y%m%d-%H%M%S"))
        except EncoreError as e:  # the model is still trained, and Save model… keeps it
            keep_in = ""
            self.status.emit(f"No copy of the model will be kept: {e}")
        shown = self.training.curve.epochs
        if self._start(TRAINING, self._trained_and_kept, tasks.train_model, self.history,
                       settings, keep_in, live_curve=True):  # (refused while a job runs: the curve stays)
            self._curve_before = shown
            self.training.curve.clear()

    def _trained_and_kept(self, result) -> None:
        model, folder, problem = result
        self._trained(model)
        self.model_dir = folder or None
        kept = f"Kept in {folder} (Load model… reads it again)." if folder else \
            f"No copy kept: {problem}." if problem else "No copy kept (Save model… keeps one)."
        self._model_words[1] = f" {kept}"
        self._say_model_state()
        self.status.emit(f"Model trained; {kept[0].lower()}{kept[1:]}")

    def _trained(self, model, loaded_from: str = "") -> None:
        self.model, self.model_dir = model, loaded_from or None
        self.training.set_has_model(True)
        if loaded_from:  # the curve on screen is another model's, and a saved model keeps no losses
            self.training.curve.clear()
        kept = "" if loaded_from else _kept_epoch(self.training.curve.epochs)
        how = f"Loaded from {loaded_from}: trained" if loaded_from else "Trained"
        self._model_words = [f"{how} on {counted(len(model.history.shows), 'show')}{kept}", ""]
        other = self._say_model_state()
        self.next_show.set_ready(True, "Pick the date and Generate.")
        if self._model_maps():
            self._show_embedding(model.embedding)
        self.status.emit((f"Model loaded from {loaded_from}" if loaded_from else "Model trained" + kept) + other)

    def _say_model_state(self) -> str:
        """The model's line under Train & evaluate, for the history open now (a history loaded after the model
        changes its last words); returns what it says of a model trained on other shows ("" for none)."""
        said, copy_kept = self._model_words
        other = ""
        if not self._model_fits():
            band = self.model.history.band
            whose = f"{band}'s history" if band and band != getattr(self.history, "band", "") else "another history"
            other = f" (on {whose}, not the one open: drafts for it warn of the songs it does not know)"
        self.training.state.setText(f"{said}{other}.{copy_kept}")
        return other

    def _model_fits(self) -> bool:
        """Whether the model learned the open history's shows (the band may have played more since): another
        band's would map, and draft, another band's songs. A CSV's band is its file's name, so two bands'
        setlists.csv were one band: the shows themselves are compared."""
        if self.model is None or self.model.embedding is None or self.history is None:
            return False
        learned = self.model.history.shows
        return _shows_print(learned) == _shows_print(self.history.shows[:len(learned)])

    def _model_maps(self) -> bool:
        """Whether the model's song map holds every song of the open history: songs played since it was
        trained were missing from it, with no neighbours and no word why. Without it the explorer learns its
        own map of the history, as it does with no model."""
        from engine.setlists.history import song_key

        if not self._model_fits():
            return False
        played = {song_key(song) for show in self.history.shows for song in show.songs()}
        return played <= set(self.model.embedding.keys)

    def evaluate(self, settings: dict) -> None:
        self._start(EVALUATING, partial(self._evaluated, self.history), tasks.evaluate_both,
                    self.history, settings)

    def _evaluated(self, history, rows: list[dict]) -> None:
        if _shows_print(history.shows) != _shows_print(self.history.shows):  # another history came in meanwhile
            self.status.emit("The evaluation was of the history loaded before: Evaluate again")
            return
        self.training.show_evaluation(rows)
        skipped = getattr(rows, "skipped", [])
        done = listed(dict.fromkeys(row["protocol"] for row in rows))
        self.status.emit(f"Evaluation finished for {done} only; not evaluated: {'; '.join(skipped)}" if skipped
                         else "Evaluation finished")

    def generate(self, keep_locked: bool = False) -> None:
        if self.model is None:
            self.status.emit("Train or load a model first")
            return
        request = self.next_show.request()
        template = self.setlist if keep_locked and self.setlist.sets else None  # the user's sets, locks or not
        if template is None:  # a new show: another band's date, or one already played, is not its date
            request["date"] = self.next_show.new_show_date()
        text = "Regenerate unlocked songs" if template else f"Generate show for {request['date']}"
        opened, base = self.opened_documents, template.to_json() if template else None
        asked_on = self._where()
        self._start(DRAFTING, lambda setlist: self._drafted(setlist, text, opened, base, asked_on), tasks.draft,
                    self.model, self.history, request, _copy(template))

    def _drafted(self, setlist, text: str, opened: int, base: dict | None = None, asked_on=None) -> None:
        if opened != self.opened_documents:
            self.status.emit("The draft was dropped: a show was opened while it was drafted")
            return
        if base is not None and self.setlist.to_json() != base:  # built around the locks before the edit: it would undo it
            self.status.emit("The regenerated songs were dropped: the show was edited meanwhile; Regenerate again")
            return
        forward = self._may_bring_forward(self.next_show, asked_on)
        where = "" if forward else self._see(self.next_show)
        if forward:
            self._bring_forward(self.next_show)
        if _same_show(setlist, self.setlist):  # no edit: no undo step, and a saved show stays saved
            self.status.emit(_same_songs(setlist) + where)
            return
        if self.show_path and (base is None or setlist.date != self.setlist.date):  # a new show, or another
            # night's: Save wrote it over the one opened, unasked (the Date field re-dates an opened show first)
            self.undo_stack.push(_NewShow(self, setlist, text))
        else:
            self.undo_stack.push(ReplaceShow(self.next_show.editor.model, setlist, text))
        warning = self.setlist.meta.get("warning")
        note = f". Note: {warning}" if warning else ""
        self.status.emit(f"{text}: {counted(len(self.setlist.songs()), 'song')}{where}{note}")

    # A job's outcome and the user's focus -------------------------------------------------------------
    def _where(self) -> tuple:
        """Where the user is: the tab shown and the widget with the focus."""
        return self.tabs.currentWidget(), self.window().focusWidget()

    def _may_bring_forward(self, panel, asked_on) -> bool:
        """Whether a job that ended may show its outcome's tab: the user is where they asked from (``asked_on``,
        _where's; None: not known), on that tab with the focus where it was. A history read that ended took the
        tab from under the Venue field clicked into meanwhile, the focus went to Import…, and the next space
        typed pressed it; a focus merely left in a field (the Venue edited before the import) is no work there."""
        return self.tabs.currentWidget() is panel or asked_on is None or asked_on == self._where()

    def _bring_forward(self, panel) -> None:
        """``panel``'s tab shown. A focus in the tab it hides goes to the tab bar, not to the first button the
        new tab has (where a space pressed it)."""
        leaving = self.tabs.currentWidget()
        if leaving is panel:
            return
        focus = self.window().focusWidget()
        self.tabs.setCurrentWidget(panel)
        if focus is not None and leaving.isAncestorOf(focus):
            self.tabs.tabBar().setFocus()

    def _see(self, panel) -> str:
        """What the status adds when a job's outcome stays in a tab the user is not on."""
        return f" — see the {self.tabs.tabText(self.tabs.indexOf(panel))} tab"

    def _start_by_hand(self, song: str) -> None:
        """A show for the Date and Venue fields, its first set holding ``song``: one undo step, like a draft."""
        from engine.setlists.setlist import Entry, Set

        request = self.next_show.request()
        show = Setlist(request["date"], request["venue"], [Set("Set 1", [Entry(song)])])
        self.undo_stack.push(ReplaceShow(self.next_show.editor.model, show, f"Add {song}"))

    # The song explorer --------------------------------------------------------------------------------
    def _tab_changed(self) -> None:
        wanted = self.tabs.currentWidget() is self.explorer and self.explorer.embedding is None
        if wanted and self.history and not self.runner.running:
            self._mapping = self._start(MAPPING,
                                        partial(self._explored, self.history), tasks.song_embedding, self.history)

    def _runner_idle(self, running: bool) -> None:
        """The map the explorer was opened for while another job ran is learned once that job ends (not again
        after its own job: a Cancel of it would never hold)."""
        if not running:
            mapping, self._mapping = self._mapping, False
            if not mapping:
                QTimer.singleShot(0, self._tab_changed)  # after the job's outcome, which may bring the map

    def _explored(self, history, embedding) -> None:
        if history is self.history:  # else another band came in while it learned: its map waits for the tab
            self._show_embedding(embedding)

    def _show_embedding(self, embedding) -> None:
        names, points = tasks.embedding_map(embedding)
        self.explorer.set_embedding(embedding, names, points)

    def explore(self, song: str) -> None:
        self.tabs.setCurrentWidget(self.explorer)
        self.explorer.open_song(song)

    # Models, files, export and print -------------------------------------------------------------------
    def save_model_dialog(self) -> None:
        folder = chosen_folder(self, "Save the model in a folder") if self.model else ""
        if folder:
            self.save_model_to(folder)

    def save_model_to(self, chosen: str) -> bool:
        """A folder of other things (Documents) gets the model in a new folder inside it, never replaced by it;
        a saved model is replaced once the user says so (it was, without a word, even another band's)."""
        from engine.checkpoint import free_folder

        if not self._may_replace_model(chosen):
            return False

        def save():
            folder = free_folder(chosen, f"{file_name(self.model.history.band, 'band')} model")
            self.model.save(folder)
            self.model_dir = str(folder)
            return folder

        return bool(self._guarded(save, lambda folder: f"Model saved in {folder}"))

    def model_folder_deleted(self) -> None:
        """File > Models… deleted the folder of the model in use: drafts and Save model… go on from the copy in
        memory, and the model's line no longer sends the user to Load model… for it."""
        if self.model is None or not self.model_dir:
            return
        self._model_words[1] = f" Its copy in {self.model_dir} was deleted: Save model… keeps one."
        self.model_dir = None
        self._say_model_state()

    def _may_replace_model(self, folder: str) -> bool:
        from engine.checkpoint import META, check_target
        from engine.errors import EncoreError
        from engine.files import read_json

        meta = os.path.join(folder, META)
        if not os.path.isfile(meta) or os.environ.get("ENCORE_NO_PROMPTS"):
            return True
        try:
            check_target(folder)  # a model among other files is not replaced: saved in a folder inside it
            band = read_json(meta).get("band")
        except (EncoreError, AttributeError):  # not a model after all: the save says so
            return True
        whose = f" of {band}" if isinstance(band, str) and band else ""
        question = f"{folder} already holds a saved model{whose}. Replace it with this one?"
        return QMessageBox.question(self, "Replace model?", question) == QMessageBox.StandardButton.Yes

    def load_model_dialog(self) -> None:
        folder = chosen_folder(self, "Open a saved setlist model")
        if folder:
            self.load_model(folder)

    def load_model(self, folder: str) -> None:
        from engine.setlists.model import SetlistModel

        from ..models_dialog import kind_refusal

        refusal = kind_refusal(folder, self.key)
        if refusal:  # the Jazz page's: said in words, with where it opens
            self.status.emit(refusal)
            return
        model = self._guarded(lambda: SetlistModel.load(folder), None)  # _trained says it was loaded
        if model is not None:
            self._trained(model, loaded_from=folder)

    def open_setlist(self, path: str, passed: list[str] | tuple = ()) -> None:
        """``passed``: the shows dropped with it, not opened (one at a time): named after its word."""
        from engine.setlists.setlist import read_setlist

        if not self.may_replace(f"Open {os.path.basename(path)}"):
            return
        note = f"; {_not_opened(passed)}" if passed else ""
        setlist = self._guarded(lambda: read_setlist(path), f"Opened {os.path.basename(path)}{note}")
        if setlist is not None:
            from engine.setlists.formats import read_date

            setlist.date = read_date(setlist.date) or setlist.date  # '2025-6-1' as the history reader reads it
            if path.lower().endswith(".csv"):  # the probabilities only: the alternatives were not written
                setlist.meta[ALTERNATIVES_KEPT] = False
            self.undo_stack.push(ReplaceShow(self.next_show.editor.model, setlist, "Open setlist"))
            # A new document, as a Jazz project's open is: Undo past it brought the last show back under this
            # file's name, and Save wrote it over this file
            self.document_opened()
            self.show_path = path if path.lower().endswith(SHOW_FILES) else ""  # Save would drop what a CSV lacks
            self.tabs.setCurrentWidget(self.next_show)
            self.opened.emit(path)

    def recovered(self, setlist, saved_as: str) -> None:
        """A crashed session's show, as unsaved work: Save still writes it, where it was saved before if it was.
        Undo does not reach back past it, to the empty show it replaced."""
        self.undo_stack.push(ReplaceShow(self.next_show.editor.model, setlist, "Recover setlist"))
        self.document_opened()
        self.undo_stack.resetClean()  # not saved anywhere the user chose yet: the title shows the •
        self.show_path = saved_as if saved_as.lower().endswith(SHOW_FILES) else ""
        self.tabs.setCurrentWidget(self.next_show)
        self.status.emit(f"Recovered the show of {setlist.date or 'no date'}: "
                         f"{counted(len(setlist.songs()), 'song')}; save it to keep it")

    def shortcuts(self) -> list[tuple[str, tuple]]:
        return [("Setlist editor", EDITOR_KEYS)]

    def edit_actions(self) -> list:
        """The show's edits for the window's Edit menu while this page is shown: the current song moved up or
        down, then the sets added and removed, as the editor's right click offers them (enabled as there)."""
        editor = self.next_show.editor
        return [*editor.move_actions.values(), *editor.set_actions.values()]

    def work_in_progress(self) -> list[str]:
        return [USER_JOBS[self._running]] if self.runner.running and self._running in USER_JOBS else []

    def busy(self) -> bool:
        # the demo band comes 100 ms after the page first shows (a hidden page waits for nothing)
        return (self.isVisible() and self.history is None) or self.runner.running or self.reading()

    def _nothing_to(self, verb: str) -> bool:
        """Whether the show has no song to export or print, said in the status: a show emptied by hand had sets,
        so it made a stage sheet with no songs on it."""
        if self.setlist.songs():
            return False
        self.status.emit(f"Nothing to {verb}: the show has no songs; add some, or Regenerate" if self.setlist.sets
                         else f"Nothing to {verb} yet: generate the next show first")
        return True

    def export(self) -> None:
        if self._nothing_to("export"):
            return
        path = save_path(self, "Export the setlist", f"setlist-{self.setlist.date}.pdf", EXPORT_FILTER)
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> bool:
        from engine.files import write_json
        from engine.setlists.export import write_setlist

        from .printing import write_pdf

        lower = path.lower()
        known = suffixes(EXPORT_FILTER)
        if not lower.endswith(known):  # the engine's message would name only the formats it writes itself
            self.status.emit(f"{os.path.basename(path) or path}: unknown setlist format (use "
                             f"{listed(known, 'or')})")
            return False
        if lower.endswith(".pdf"):
            write = lambda: write_pdf(self.setlist, path)  # noqa: E731
        elif lower.endswith(".encore-setlist"):
            write = lambda: write_json(path, self.setlist.to_json())  # noqa: E731
        else:
            write = lambda: write_setlist(self.setlist, path)  # noqa: E731
        ok = self._written(path, write, f"Exported {os.path.basename(path)}")
        if ok and lower.endswith(SHOW_FILES):  # the show's own file now: Save writes it, Recent lists it
            self.undo_stack.setClean()
            self.autosave.discard()
            self.show_path = path
            self.opened.emit(path)
        return bool(ok)

    def finish_editing(self) -> None:
        self.next_show.editor.view.commit_open_edit()

    def has_unsaved_changes(self) -> bool:
        # an empty show (Undo back before the first draft) holds nothing to save, and Save could never succeed
        return super().has_unsaved_changes() and bool(self.setlist.sets)

    def save(self) -> bool:
        return self._save_show(self.show_path, "Save the setlist")

    def save_as(self) -> bool:
        return self._save_show("", "Save the setlist as")

    def _save_show(self, path: str, asking: str) -> bool:
        """To ``path``, or where the user picks ('': Save As, or a show never saved)."""
        if not self.setlist.sets:
            self.status.emit("Nothing to save yet: generate the next show first")
            return False
        path = path or save_path(self, asking, self.show_path or f"setlist-{self.setlist.date}.encore-setlist",
                                 SHOW_FILTER)
        return bool(path) and self.export_to(path)

    def export_history(self) -> None:
        if self.history is None:
            return
        name = f"{file_name(self.history.band, 'band')}-history.csv"
        path = save_path(self, "Export the history", name, HISTORY_FILTER)
        if path:
            self.export_history_to(path)

    def export_history_to(self, path: str) -> bool:
        from engine.setlists.export import write_history

        shows = len(self.history.shows)
        return bool(self._written(path, lambda: write_history(self.history, path),
                                  f"Exported {counted(shows, 'show')} to {os.path.basename(path)}"))

    def _written(self, path: str, write, done):
        """``write`` run guarded, unless ``path`` is a file the page read: the history's files hold the rows
        import skipped (the rows of a Soundcheck set), the model's folder its saved copy: written over, lost."""
        from engine.checkpoint import model_files
        from engine.files import check_not_an_input

        def checked():
            check_not_an_input(path, [*self.paths, *model_files(self.model_dir)])
            write()
            return True

        return self._guarded(checked, done)

    def print_setlist(self) -> None:
        from .printing import print_with_dialog

        if self._nothing_to("print"):
            return
        if print_with_dialog(self.setlist, self):
            self.status.emit("Sent to the printer")

    def _guarded(self, action, done):
        """Run a quick file action; a problem becomes a status message naming the file, never a crash.

        ``done`` is the message on success, or a function from the action's result to it (None: no message)."""
        from engine.errors import EncoreError

        try:
            result = action()
        except (EncoreError, OSError) as e:
            self.status.emit(str(e))
            return None
        if done is not None:
            self.status.emit(done(result) if callable(done) else done)
        return result

    def shutdown(self) -> None:
        self.autosave.finish()  # a normal quit: nothing to recover next time
        self._wanted = None
        self.reader.cancel()  # both at once: neither waits for the other to notice
        self.runner.stop()
        self.reader.stop()


@dataclass
class _Request:
    """Files asked for: all of them in the order given (the last show among them opens), the files of the
    history in use they are merged with, and those to read."""

    paths: list[str]
    kept: list[str]
    added: list[str]
    tab: tuple | None = None  # where the user was when they were asked for (_where): the Dataset tab comes only there


class _NewShow(ReplaceShow):
    """A new draft over a show opened from a file: Save asks where to write it, and Undo brings the opened
    show back with its file."""

    def __init__(self, page, content, text: str):
        super().__init__(page.next_show.editor.model, content, text)
        self.page, self.path = page, page.show_path

    def redo(self):
        super().redo()
        self.page.show_path = ""

    def undo(self):
        super().undo()
        self.page.show_path = self.path


def _shows_print(shows: list) -> int:
    """What tells one band's shows from another's whatever the file is called: each show's date and songs, in
    order (15 ms for 2,000 shows; song keys, as a saved model may spell a song otherwise)."""
    from engine.setlists.history import song_key

    return hash(tuple((show.date, *map(song_key, show.songs())) for show in shows))


def _same_show(draft, shown) -> bool:
    """Whether a draft is the show on screen as the user sees it: the same date, venue, sets, songs, marks, locks
    and odds, and the same heading. The heading reads the show's meta, so a draft that only says otherwise how
    it was drafted (Leave out last 3, then 1: its warning) is an edit too, else the heading kept the old words."""
    return (draft.date, draft.venue, draft.sets, _heading(draft)) == (shown.date, shown.venue, shown.sets, _heading(shown))


def _heading(setlist) -> dict:
    """heading_meta, less the seed and temperature where every song is locked: they choose songs, and none was
    chosen, so a show drafted again as it was (the same model's odds) with another seed is no edit. Its odds
    are still compared: a show opened without them, or with another model's, is filled in."""
    meta = heading_meta(setlist)
    if all(e.locked for s in setlist.sets for e in s.entries):
        meta = {key: value for key, value in meta.items() if key not in ("seed", "temperature")}
    return meta


def _same_songs(draft) -> str:
    """The status for a draft that changed nothing, with what would give another one."""
    if all(e.locked for s in draft.sets for e in s.entries):
        return "Same songs: every song is locked; unlock some to draft others in their place"
    if not draft.meta.get("temperature"):
        return "Same songs: temperature 0 always drafts the likeliest songs; raise the temperature for others"
    return "Same songs: the seed and temperature give this draft; change the seed or raise the temperature for others"


def _copy(setlist):
    import copy

    return copy.deepcopy(setlist) if setlist is not None else None


def _kept_epoch(epochs: list[dict]) -> str:
    """The epoch training kept (the last it marked `kept`), by validation loss, or by training loss where the
    history was too short to hold shows out."""
    kept = [e for e in epochs if e.get("kept")]
    if not kept:
        return ""
    best = kept[-1]
    key, name = ("val_loss", "validation") if best.get("val_loss") is not None else ("loss", "training")
    then = ", then fitted on every show for that long" if best.get("final_fit") else ""
    return f" (best {name} loss {best[key]:.3f} at epoch {best['epoch']}{then})"


def _not_opened(shows: list[str]) -> str:
    """The shows a drop held beside the one opened, in the words the window names a refused file with."""
    from ..main_window import few

    return f"not opened: {few([os.path.basename(p) for p in shows])} (one show at a time)"
