"""The main window: menus, the Jazz and Setlists workspaces, the status bar, drag and drop."""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QMargins, QPoint, QRect, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget

from engine import __version__
from engine.checkpoint import META, WEIGHTS
from engine.errors import EncoreError
from engine.files import each_once, read_json
from engine.model_store import KINDS
from engine.words import listed

from .jazz.chart_import import dragged_link
from .recent import RecentFiles
from .save_dialog import chosen_file, chosen_files
from .workspace import confirm_cancel, confirm_discard, page_work

ABOUT = (f"<h3>Encore {__version__}</h3><p>A desktop studio that trains small neural networks on music "
         "you own: an LSTM that improvises jazz over any chords, and a model of a band's history that "
         "drafts tonight's setlist.</p><p>Built on PySide6, torch, music21, mido and gensim.</p>")

STATUS_MS = 8000  # how long a status message stays
DEFAULT_SIZE = (1400, 900)  # at the first launch, when the screen has room for it
FRAME_ROOM = QMargins(8, 32, 8, 8)  # a title bar above, borders around


class MainWindow(QMainWindow):
    shown = Signal()  # emitted once, after the window is first shown

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Encore")
        self.setAcceptDrops(True)
        self.settings = QSettings()
        self.undo_group = QUndoGroup(self)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._not_opened, self._taking = "", []  # a drop's "Not opened: …", and the pages reading its files
        self._not_opened_timer = QTimer(self, singleShot=True, interval=STATUS_MS, timeout=self._not_opened_aged)
        self.workspaces = self._make_workspaces()
        self.recent = RecentFiles(self.settings, self.open_path, self)
        self._build_menus()
        self._switching_for_recovery = False
        self.tabs.currentChanged.connect(self._workspace_changed)
        self.tabs.tabBarClicked.connect(self._remember_workspace)  # the recovery page's tab, clicked: chosen
        self._restore()
        self._workspace_changed(self.tabs.currentIndex())
        self.statusBar().showMessage("Ready", 3000)
        self._show_recovery()
        self._shown_once = False

    def _make_workspaces(self):
        from .jazz.page import JazzPage
        from .setlists.page import SetlistsPage

        pages = [JazzPage(self), SetlistsPage(self)]
        for page in pages:
            self.tabs.addTab(page, page.title)
            self.undo_group.addStack(page.undo_stack)
            page.status.connect(lambda text, page=page: self._say(page, text))
            page.opened.connect(lambda path: self.recent.add(path))
            # every step, not only the clean state's changes: whether a page has work to save may also hang on
            # what the step did (an emptied show holds nothing to save, a show started again does)
            page.undo_stack.cleanChanged.connect(lambda _clean: self._update_title())
            page.undo_stack.indexChanged.connect(lambda _index: self._update_title())
        return pages

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        # the keys spelled out: the platform's SaveAs has none on Windows, and New's is Ctrl+N everywhere
        self.new_action = self._action(file_menu, "&New", "Ctrl+N", self.new_document)
        self._action(file_menu, "&Open…", QKeySequence.Open, self.open_dialog)
        self._action(file_menu, "&Save", QKeySequence.Save, self.save)
        self.save_as_action = self._action(file_menu, "Save &As…", "Ctrl+Shift+S", self.save_as)
        self._action(file_menu, "&Import…", "Ctrl+I", self.import_dialog)
        self._action(file_menu, "&Export…", "Ctrl+E", lambda: self.current.export())
        file_menu.addMenu(self.recent.menu)
        self._action(file_menu, "&Models…", "Ctrl+Shift+M", self.show_models)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.Quit, self.close)
        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.undo_group.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.Undo)
        undo.setWhatsThis("Undo the last edit")  # its text names the edit; Help > Keyboard Shortcuts wants this
        redo = self.undo_group.createRedoAction(self, "&Redo")
        redo.setShortcuts(redo_keys())
        redo.setWhatsThis("Redo the last undone edit")
        edit_menu.addActions([undo, redo])
        self._page_edits = {}  # each page's own edits (a show's songs moved, its sets), shown while it is
        for page in self.workspaces:
            if actions := page.edit_actions():
                self._page_edits[page] = [edit_menu.addSeparator(), *actions]
                edit_menu.addActions(actions)
        edit_menu.addSeparator()
        self._action(edit_menu, "&Preferences…", "Ctrl+,", self.show_preferences)
        self.undo_action, self.redo_action = undo, redo
        view_menu = self.menuBar().addMenu("&View")
        for i, page in enumerate(self.workspaces):
            self._action(view_menu, page.title, f"Ctrl+{i + 1}", lambda _=False, i=i: self.tabs.setCurrentIndex(i))
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&Keyboard Shortcuts", QKeySequence.HelpContents, self.show_shortcuts)
        self._action(help_menu, "&About Encore", None, lambda: QMessageBox.about(self, "About Encore", ABOUT))

    def _action(self, menu, text, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def show_preferences(self) -> None:
        from .audio import AudioPreferencesDialog  # QtMultimedia loads only when asked for

        AudioPreferencesDialog(self).exec()

    def show_models(self) -> None:
        """File > Models…: the models kept from each training, to open or delete. open(), not exec(): modal to
        the window, without a nested event loop that a running training's signals would wait in."""
        from .models_dialog import ModelsDialog

        dialog = ModelsDialog(self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()

    def show_shortcuts(self) -> None:
        from .shortcuts import ShortcutsDialog

        ShortcutsDialog(self).exec()

    @property
    def current(self):
        return self.tabs.currentWidget()

    def show_workspace(self, key: str) -> None:
        for i, page in enumerate(self.workspaces):
            if page.key == key:
                self.tabs.setCurrentIndex(i)

    def _workspace_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        for owner, actions in self._page_edits.items():
            for action in actions:
                action.setVisible(owner is page)
        if page is not None:
            self.undo_group.setActiveStack(page.undo_stack)
            if not self._switching_for_recovery:
                self._remember_workspace(index)
            self.new_action.setEnabled(page.supports("new_document"))  # greyed where the page has none
            self.save_as_action.setEnabled(page.supports("save_as"))
        self._update_title()

    def _remember_workspace(self, index: int) -> None:
        """The tab the next start opens on: one the user chose, never one shown for them."""
        page = self.tabs.widget(index)
        if page is not None:
            self.settings.setValue("workspace", page.key)

    def _update_title(self) -> None:
        """The • beside each page's tab is its own unsaved work, and the title's the shown page's: one • for
        either page's left 'Jazz •' up after saving Jazz, with only the show unsaved, and said not which."""
        try:
            for page in self.workspaces:
                self.tabs.setTabText(self.tabs.indexOf(page), marked(page))
            self.setWindowTitle(f"Encore — {marked(self.current)}")
        except RuntimeError:  # a page's undo stack signalled while the window was being destroyed
            pass

    # Files -----------------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        path = chosen_file(self, "Open", self.current.open_filter)
        if path:
            self.open_path(path)

    def import_dialog(self) -> None:
        paths = chosen_files(self, "Import", self.current.open_filter)
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[str]) -> None:
        """Each file to the page that reads its kind (a setlist CSV imported from the Jazz page was a broken
        corpus file); the current page first. A file no page reads is named with why, as a drop's is: given to
        the current page, a show's .txt export was 'not a setlist CSV', where its .json or .csv opens."""
        self._forget_drop()  # files asked for since: the pages' word on them is not the drop's
        claimed = {path: self._page_for(path) for path in paths}
        for page in sorted(self.workspaces, key=lambda p: p is self.current):  # the current last: it stays in front
            mine = [path for path in paths if claimed[path] is page]
            if mine:
                self.tabs.setCurrentWidget(page)
                page.import_paths(mine)
        refused = [path for path in paths if claimed[path] is None]
        if refused:  # said after the pages' "Reading …", and beside their word on the files read, as a drop's
            taking = [page for page in claimed.values() if page is not None]
            self._keep_not_opened(self._say_not_opened(refused, []), taking)

    def open_path(self, path: str) -> None:
        self._forget_drop()
        page = self._page_for(path)
        if page is None:  # why, in the words a drop of it gets ('no iReal Pro link inside')
            self._say_not_opened([path], [])
            return
        self.tabs.setCurrentWidget(page)
        page.open_path(path)

    def _page_for(self, path: str):
        if self.current.accepts(path):
            return self.current
        return next((p for p in self.workspaces if p.accepts(path)), None)

    def _refusal(self, path: str) -> str:
        """Why no page opens a file: the page that reads its kind may know better than its name says."""
        whys = (getattr(page, "refusal", lambda _path: "")(path) for page in self.workspaces)
        return next(filter(None, whys), "not a kind of file Encore opens")

    def dragEnterEvent(self, event):  # noqa: N802 - Qt override
        # any file, even one Encore cannot open: the drop says why it was not, where refusing it said nothing
        if event.mimeData().hasUrls() or dragged_link(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802 - Qt override
        event.acceptProposedAction()
        self.take(event.mimeData().urls(), dragged_link(event.mimeData()))

    def open_files(self, paths: list[str]) -> None:
        """Files named on the command line (`python main.py song.mid`): opened as a drop of them is."""
        self.take([QUrl.fromLocalFile(os.path.abspath(path)) for path in paths])

    def take(self, urls, link: str = "") -> None:
        """Dropped files (and folders' files) to the pages that read them, a saved model's folder to the
        page that plays it, a dragged irealb:// link to the Chords field, and what was not opened named in the
        status bar."""
        paths, elsewhere, bare = dropped_paths(urls)
        models = [path for path in paths if os.path.isdir(path)]  # dropped_paths keeps a model's folder whole
        paths = [path for path in paths if path not in models]
        refused = [path for path in paths if not self._page_for(path)]
        taken = [path for path in paths if path not in refused]
        taking = [self._page_for(path) for path in taken]  # before the import: it changes the current page
        self.import_paths(taken)  # the last drop's news is old
        whys = dict(bare)  # a folder with nothing to read in it: said, where the status stayed 'Ready'
        refused += list(bare)
        for folder in models:
            page, why = self.open_model(folder)
            if page:
                taking.append(page)
            else:
                refused.append(folder)
                whys[folder] = why
        if link:  # from a browser, as a paste of it into the Chords field
            page = next(page for page in self.workspaces if hasattr(page, "import_link"))
            self.tabs.setCurrentWidget(page)
            page.import_link(link)
            taking.append(page)
        self._keep_not_opened(self._say_not_opened(refused, elsewhere, whys), taking)

    def open_model(self, folder: str):
        """A saved model's folder, dropped or named on the command line, loaded on the page that plays it, as
        File › Models… opens one (its model.json was read as a band's history). The page, or None and why
        not."""
        from .models_dialog import PAGES

        kind, why = saved_model(folder)
        page = next((p for p in self.workspaces if p.key == PAGES.get(kind)), None)
        if page is None:
            return None, why
        if kind == "setlist" and page.runner.running:  # a training that ends would replace it, as in Models…
            return None, f"the {page.title} page is running a job: drop it again once that ends"
        self._forget_drop()
        self.tabs.setCurrentWidget(page)
        if kind == "jazz":
            page.use_model(folder)
        else:
            page.load_model(folder)
        return page, ""

    def _say(self, page, text: str) -> None:
        """A page's message; what the drop it is reading could not open stays on the line with it: the
        files read said 'Phish: 1,742 shows…' over 'Not opened: notes.pdf', and no one learnt of that."""
        if self._not_opened and page in self._taking:
            text = f"{text} — {self._not_opened}"
            if not reading(page):  # its word on the files read (one line each, all said now): later ones are its own
                taking = self._taking  # this drop's: a drop made meanwhile keeps its pages
                QTimer.singleShot(0, lambda: self._has_spoken(page, taking))
        self.statusBar().showMessage(text, STATUS_MS)

    @staticmethod
    def _has_spoken(page, taking: list) -> None:
        taking[:] = [p for p in taking if p is not page]  # it is there once for each file it was given

    def _not_opened_aged(self) -> None:
        """The drop's refusals have been on screen their time; while its files are still read they wait for
        the pages' last word on them (a band's whole history takes seconds)."""
        if any(reading(page) for page in self._taking):
            self._not_opened_timer.start()
        else:
            self._forget_drop()

    def _keep_not_opened(self, line: str, taking: list) -> None:
        """'Not opened: …' stays beside what ``taking``, the pages reading the other files, say of them."""
        self._not_opened, self._taking = line, taking
        self._not_opened_timer.start()

    def _forget_drop(self) -> None:
        self._not_opened, self._taking = "", []
        self._not_opened_timer.stop()

    def _say_not_opened(self, refused: list[str], elsewhere: list[str], known: dict | None = None) -> str:
        """'Not opened: …' in the status bar, and returned; "" for nothing refused. ``known``: why, by path,
        where the window knows better than the pages."""
        whys: dict[str, list[str]] = {}
        for path in refused:
            why = (known or {}).get(path) or self._refusal(path)
            whys.setdefault(why, []).append(os.path.basename(path))
        if elsewhere:
            whys["not a local file" if len(elsewhere) == 1 else "not local files"] = elsewhere
        if not whys:
            return ""
        line = "Not opened: " + "; ".join(f"{few(names)} ({why})" for why, names in whys.items())
        self.statusBar().showMessage(line, STATUS_MS)
        return line

    # Window state ----------------------------------------------------------------------------------
    def _restore(self) -> None:
        geometry = self.settings.value("geometry")
        # A settings file cut short by a crash or a full disk holds anything here: the default size, not a crash
        restored = isinstance(geometry, (QByteArray, bytes)) and self.restoreGeometry(geometry)
        if not restored:
            self.resize(*DEFAULT_SIZE)
        self._fit_screen(restored)
        self.show_workspace(str(self.settings.value("workspace", "jazz")))
        self._keep_splitters()

    def _fit_screen(self, restored: bool) -> None:
        """The window on its screen whole: the default size, or one saved on a larger screen, put the status
        bar and the transport below the edge of a laptop's. The default size is left for the system to place."""
        if self.windowState() & (Qt.WindowMaximized | Qt.WindowFullScreen):
            return
        screen = QGuiApplication.screenAt(self.geometry().center()) or self.screen()
        if screen is None:
            return
        fit = fitted(self.geometry(), screen.availableGeometry())
        if restored:
            self.setGeometry(fit)
        else:
            self.resize(fit.size())

    def _keep_splitters(self) -> None:
        """Each page's splitters as the user last dragged them, in this run and the next. Kept as they are
        dragged: one on a tab never shown has no sizes yet to keep at quit."""
        for page in self.workspaces:
            for name, splitter in page.splitters().items():
                key = f"splitters/{page.key}/{name}"
                sizes = splitter_sizes(self.settings.value(key), splitter.count())
                if sizes:
                    splitter.setSizes(sizes)
                keep = lambda _pos, _i, s=splitter, k=key: self.settings.setValue(k, s.sizes())  # noqa: E731
                splitter.splitterMoved.connect(keep)

    def _show_recovery(self) -> None:
        """A page offering work a crashed session left is shown, whichever tab the window last showed: its
        banner on a tab not shown went unseen. A page without ``offers_recovery`` offers none."""
        offering = [p for p in self.workspaces if getattr(p, "offers_recovery", lambda: False)()]
        if not offering:
            return
        if self.current not in offering:
            # Shown for this start only: a user who quits without picking a tab opens on theirs next time
            self._switching_for_recovery = True
            try:
                self.tabs.setCurrentWidget(offering[0])
            finally:
                self._switching_for_recovery = False
        where = f"the {listed([p.title for p in offering])} page" + ("s" if len(offering) > 1 else "")
        said = f"Unsaved work from a session that ended unexpectedly: Recover or Discard it on {where}"
        self.statusBar().showMessage(said, STATUS_MS)

    def showEvent(self, event):  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self, self.shown.emit)  # with the window as context: never after it is gone

    def closeEvent(self, event):  # noqa: N802 - Qt override
        if not self._confirm_discard():
            event.ignore()
            return
        self.settings.setValue("geometry", self.saveGeometry())
        for page in self.workspaces:
            getattr(page, "shutdown", lambda: None)()
        event.accept()

    def save(self) -> bool:
        self.current.finish_editing()
        return self.current.save()

    def save_as(self) -> bool:
        self.current.finish_editing()
        return self.current.save_as()

    def new_document(self) -> bool:
        """File > New on the page shown; the page asks about its unsaved work first."""
        self._forget_drop()  # a drop's 'Not opened' is not news about the new project
        return self.current.new_document()

    def _confirm_discard(self) -> bool:
        for page in self.workspaces:
            page.finish_editing()
        working = {p.title: p.work_in_progress() for p in self.workspaces}
        named = sum(bool(work) for work in working.values()) > 1  # 'training and training' named no page
        working = [page_work(title, w) if named else w for title, work in working.items() for w in work]
        if working and not confirm_cancel(self, working):  # a training quit without a word was lost
            return False
        dirty = [p for p in self.workspaces if p.has_unsaved_changes()]
        save = lambda: all(p.save() for p in dirty)  # noqa: E731 - stops at the first page left unsaved
        return not dirty or confirm_discard(self, [p.title for p in dirty], "Quit", save)


def fitted(window: QRect, available: QRect) -> QRect:
    """``window`` as it is where it lies on ``available`` (a screen's, less its panels); else shrunk to fit it
    with room for the frame (a title bar and borders, unknown until the window shows) and moved onto it."""
    if available.contains(window):  # Qt's own restore leaves the frame room it knows to be needed
        return QRect(window)
    room = available.marginsRemoved(FRAME_ROOM)
    if room.isEmpty():  # a screen too small for the margins: the frame is the lesser loss
        room = available
    size = window.size().boundedTo(room.size())
    x = min(max(window.x(), room.left()), room.right() + 1 - size.width())
    y = min(max(window.y(), room.top()), room.bottom() + 1 - size.height())
    return QRect(QPoint(x, y), size)


def splitter_sizes(value, count: int) -> list[int]:
    """A splitter's sizes kept in the settings, or [] for what a damaged file holds there (a word, a size for
    each of too few panes, sizes no screen has)."""
    if not isinstance(value, (list, tuple)) or len(value) != count:
        return []
    try:
        sizes = [int(size) for size in value]  # the settings file gives numbers back as text
    except (TypeError, ValueError):
        return []
    return sizes if all(0 <= size < 100_000 for size in sizes) and sum(sizes) > 0 else []


def dropped_paths(urls) -> tuple[list[str], list[str], dict[str, str]]:
    """Dropped files, and the files directly inside dropped folders: a folder of solos is a corpus. One level
    only, so that dragging a home folder across the window cannot stall it. And the names of what is not on
    this computer (sftp://), to be told; and the folders that gave nothing, with why."""
    paths, elsewhere, bare = [], [], {}
    for url in urls:
        path = url.toLocalFile() if url.isLocalFile() else ""
        if os.path.isdir(path):
            model = holds_model(path)
            if model:  # whole: its model.json is no band's history
                paths.append(os.path.normpath(path))
            try:  # and the solos beside a model, as any folder's
                with os.scandir(path) as scan:
                    entries = list(scan)
                inside = sorted(e.path for e in entries if e.is_file() and not e.name.startswith(".")
                                and not (model and e.name in (META, WEIGHTS)))
            except OSError as e:  # a folder the user may not read: nothing to import from it, and said
                bare[os.path.normpath(path)] = f"a folder that cannot be read ({e.strerror or e})"
                continue
            paths += inside
            if not inside and not model:
                bare[os.path.normpath(path)] = folder_refusal(entries)
        elif path:
            paths.append(path)
        elif url.isValid() and not url.isEmpty() and not url.scheme().startswith("ireal"):  # a link: the chart's
            elsewhere.append(_link_name(url))
    return each_once(paths), elsewhere, bare


def folder_refusal(entries) -> str:
    """Why a dropped folder gave no files: its solos one level down, say, where only the top level is read."""
    if any(e.is_dir() and not e.name.startswith(".") for e in entries):
        return "no files Encore opens directly inside; subfolders are not read"
    return "no files Encore opens inside"


def marked(page) -> str:
    """A page's title, with • while it holds unsaved work."""
    return page.title + (" •" if page.has_unsaved_changes() else "")


def holds_model(folder: str) -> bool:
    """Whether a folder is a saved model's: its model.json beside its weights, or naming Encore's kind."""
    if not os.path.isfile(os.path.join(folder, META)):
        return False
    return os.path.isfile(os.path.join(folder, WEIGHTS)) or bool(saved_model(folder)[0])


def saved_model(folder: str) -> tuple[str, str]:
    """The kind of Encore model in a folder ('jazz', 'setlist'; "" for none), and why it cannot be opened."""
    try:
        data = read_json(os.path.join(folder, META))
    except EncoreError as e:
        return "", f"a saved model whose {META} cannot be read: {e.problem}"
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind not in KINDS:
        return "", f"not a model Encore plays: its {META} names {kind!r} as its kind" if kind else \
            f"a saved model whose {META} names no kind of model"
    return KINDS[kind], ""


def _link_name(url) -> str:
    """A dropped link as the user would know it: its file's name (take2.mid), else where it points (a web
    page's youtube.com/watch, not 'watch')."""
    name = url.fileName()
    if "." in name:
        return name
    return (url.host() + url.path()).rstrip("/") or url.toDisplayString()


def reading(page) -> bool:
    """Whether a page is still reading the files it was given: the Setlists page's own word, since its
    training or draft runs beside the reading, and the Jazz page's, whose imports wait behind its other jobs."""
    return getattr(page, "reading", page.busy)()


def few(names: list[str]) -> str:
    """'a.kar, b.txt and 5 more': a folder's worth of names would not fit the status bar."""
    return listed(names if len(names) <= 4 else [*names[:3], f"{len(names) - 3} more"])


def redo_keys() -> list[QKeySequence]:
    """Ctrl+Shift+Z, and the platform's own Redo keys where they differ (Ctrl+Y on Windows and offscreen). GNOME
    and KDE's Redo is Ctrl+Shift+Z itself: the same key twice on one action is ambiguous, and Redo never fired."""
    keys = [QKeySequence("Ctrl+Shift+Z")]
    own = QKeySequence.keyBindings(QKeySequence.Redo)[:1]  # its first, as the menu shows one beside ours
    return keys + [k for k in own if k not in keys]
