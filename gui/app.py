"""Starting the window: display checks, screenshots, the start-up probe used by the benchmark."""

from __future__ import annotations

import os
import sys
import time

ORG, APP = "Encore", "Encore"


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _quiet_platform_noise(mode, context, message) -> None:
    # The offscreen platform warns about window hints it ignores; everything else still reaches stderr.
    if "propagateSizeHints" not in message:
        sys.stderr.write(message + "\n")


def scratch_home() -> str:
    """Point Encore's settings and data (models, autosave) at a new temporary folder, for the docs' screenshot
    scripts: they train models and move the window, and none of that is the user's. Returns the folder."""
    import atexit
    import shutil
    import tempfile

    home = tempfile.mkdtemp(prefix="encore-screenshots-")
    atexit.register(shutil.rmtree, home, True)
    os.environ["XDG_DATA_HOME"], os.environ["XDG_CONFIG_HOME"] = os.path.join(home, "data"), os.path.join(home, "config")
    return home


def make_application(argv: list[str] | None = None):
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    qInstallMessageHandler(_quiet_platform_noise)

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    if not hasattr(app, "collector"):
        from .collector import GuiThreadCollector

        app.collector = GuiThreadCollector(app)  # Qt objects must never be freed by a worker's collection
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    app.setApplicationDisplayName("Encore")
    return app


# The formats a screenshot is saved in, by its name's ending: Qt's own writers (JPEG through its plugin)
PICTURE_FORMATS = {".png": "PNG", ".jpg": "JPG", ".jpeg": "JPG", ".bmp": "BMP"}


def check_screenshot_name(path: str, files=()) -> None:
    """EncoreError unless ``path`` can take the picture, checked before the window is built: `--screenshot
    song.mid`, typed as if it opened the song, wrote a PNG over the song, or over a file the window opened."""
    from engine.errors import EncoreError
    from engine.files import check_not_an_input

    if os.path.splitext(path)[1].lower() not in PICTURE_FORMATS:
        raise EncoreError("output must end in .png, .jpg, .jpeg or .bmp (--screenshot writes a picture of "
                          "the window)", path)
    check_not_an_input(path, _files_opened(files, path))  # its folder too, in the words the exports use


def _files_opened(files, picture: str) -> list[str]:
    """The files named, and those of a named folder that the window opens and the picture would replace: it
    never reads a folder's pictures, so a screenshot beside them (or over the last one) loses nothing."""
    from PySide6.QtCore import QUrl

    from .main_window import dropped_paths

    named = [f for f in files if f and not os.path.isdir(f)]  # typed as if opened, whatever their kind
    folders = [QUrl.fromLocalFile(os.path.abspath(f)) for f in files if f and os.path.isdir(f)]
    inside = dropped_paths(folders)[0] if folders else []  # the window's rule: one level, no hidden files
    return named + [f for f in inside if os.path.isfile(f) and _same_file(f, picture) and _page_opens(f)]


def _same_file(path: str, other: str) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:  # the picture is not there yet
        return False


def _page_opens(path: str) -> bool:
    """Whether a page opens ``path`` by its name's ending (Workspace.accepts), asked without a window; only
    for a folder's file that is the picture, since the Jazz page's import talks on stderr."""
    from .jazz.page import JazzPage
    from .setlists.page import SetlistsPage

    return any(path.lower().endswith(page.extensions) for page in (JazzPage, SetlistsPage))


def _screenshot_refused(path: str, files=()) -> bool:
    """Whether ``path`` cannot take the screenshot, said on stderr in one line as the commands say it."""
    from engine.errors import EncoreError

    try:
        check_screenshot_name(path, files)
    except EncoreError as e:
        print(f"encore: error: {e}", file=sys.stderr)
        return True
    return False


def save_screenshot(window, path: str, page: str | None) -> int:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtWidgets import QApplication

    from engine.errors import FileProblem
    from engine.files import write_bytes

    if _screenshot_refused(path):  # its other callers (the docs' scripts) name no files
        return 2
    stored = window.settings.value("workspace")  # a screenshot is no visit: the next launch opens as before
    if page:
        window.show_workspace(page)
    window.resize(1400, 900)
    window.show()
    # Every page done loading, then 15 rounds of events to lay out and paint (rounds, not time: a loaded machine
    # gives fewer in the same time), so that one command always draws the same window
    began, rounds = time.monotonic(), 0
    while rounds < 15 and time.monotonic() - began < 120:
        QApplication.sendPostedEvents()
        QApplication.processEvents()
        time.sleep(0.02)
        rounds = 0 if any(p.busy() for p in window.workspaces) else rounds + 1
    if stored is None:
        window.settings.remove("workspace")
    else:
        window.settings.setValue("workspace", stored)
    kind = PICTURE_FORMATS[os.path.splitext(path)[1].lower()]  # PNG data under a .jpg name was no JPEG
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    window.grab().toImage().save(buffer, kind)
    try:
        write_bytes(path, bytes(data))  # an OS refusal (no permission, a full disk) is a FileProblem too
    except FileProblem as e:
        print(f"encore: error: {e}", file=sys.stderr)
        return 2
    return 0


def run_app(args) -> int:
    if args.screenshot:
        if _screenshot_refused(args.screenshot, getattr(args, "files", [])):  # before any file is opened
            return 2
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not has_display():
        print("encore: no display available (DISPLAY is not set); use the command line instead: "
              "python main.py jazz|setlist|render --help", file=sys.stderr)
        return 2
    app = make_application()
    from .main_window import MainWindow

    window = MainWindow()
    # before the window shows, as a drop at once would be: the page shown first is the files' page, not the
    # one last used (whose start-up work, such as the demo band's message, would then hide what they said)
    window.open_files(getattr(args, "files", []))
    if args.screenshot:
        return save_screenshot(window, args.screenshot, args.page)
    if args.page:
        window.show_workspace(args.page)
    if os.environ.get("ENCORE_EXIT_WHEN_SHOWN"):  # the start-up benchmark's probe
        window.shown.connect(lambda: (print("window-shown", flush=True), app.quit()))
    window.show()
    return app.exec()
