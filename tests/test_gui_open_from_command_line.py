"""What a desktop program remembers and takes: files named on the command line open as a drop of them does,
splitters and the file dialogs' folder are as the user left them in the last run, File > Open lists iReal Pro
charts saved as .txt."""

import pytest
from conftest import run_encore
from jazz_files import BLUES, band_midi, ireal_link, ireal_song
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def _settings_left_as_found():
    """The test run's own settings (conftest moves them out of the user's home), without what these tests
    kept in them: later tests open the window with its usual layout."""
    yield
    from gui.save_dialog import LAST_FOLDER

    settings = QSettings()
    settings.remove("splitters")
    settings.remove(LAST_FOLDER)
    settings.sync()


def launched(app, qtbot, monkeypatch, *argv: str):
    """`python main.py ARGV` in this process: the window it opens, its event loop left to the test."""
    import main
    from gui import main_window

    made = []

    class Window(main_window.MainWindow):
        def __init__(self, *args):
            super().__init__(*args)
            qtbot.addWidget(self)
            made.append(self)

    monkeypatch.setattr(main_window, "MainWindow", Window)
    monkeypatch.setattr(app, "exec", lambda: 0)
    assert main.main(list(argv)) == 0
    return made[0]


def settle(qtbot, window) -> None:
    """The jobs a shown window starts (the built-in solos, the warm-up) done: one still running when the
    window is gone reports to nothing."""
    qtbot.wait(50)
    qtbot.waitUntil(lambda: not any(page.busy() for page in window.workspaces), timeout=60_000)


# Files named on the command line ------------------------------------------------------------------------
def test_split_files_leaves_commands_and_mistyped_ones_to_the_parser():
    from engine.cli import build_parser, split_files

    parser = build_parser()

    def split(*argv):
        return split_files(parser, list(argv))

    assert split("setlist", "stats", "--data", "a.csv") == (["setlist", "stats", "--data", "a.csv"], [])
    assert split("setlsit", "stats") == (["setlsit", "stats"], [])
    assert split("--page", "setlists", "a.mid", "b.csv") == (["--page", "setlists"], ["a.mid", "b.csv"])
    assert split("--pa", "jazz", "--page=jazz", "x/Blues") == (["--pa", "jazz", "--page=jazz"], ["x/Blues"])
    assert split("--", "setlist") == ([], ["setlist"])


def test_files_named_on_the_command_line_go_where_a_drop_of_them_goes(app, qtbot, monkeypatch, tmp_path):
    """`python main.py etude.mid shows.csv` was refused: 'invalid choice: etude.mid'."""
    from gui.jazz.page import JazzPage
    from gui.setlists.page import SetlistsPage

    received = {}
    for page in (JazzPage, SetlistsPage):
        monkeypatch.setattr(page, "import_paths", lambda self, paths: received.setdefault(self.key, paths))
    etude, shows = band_midi(tmp_path / "etude.mid"), tmp_path / "shows.csv"
    shows.write_text("show_date,set,song\n2020-01-01,1,Tweezer\n")
    (tmp_path / "song.kar").write_text("karaoke")
    monkeypatch.chdir(tmp_path)  # names as typed in the folder they are in
    window = launched(app, qtbot, monkeypatch, "etude.mid", "shows.csv", "song.kar")
    assert received == {"jazz": [str(etude)], "setlists": [str(shows)]}
    assert window.statusBar().currentMessage() == "Not opened: song.kar (not a kind of file Encore opens)"
    settle(qtbot, window)


def test_a_missing_file_named_on_the_command_line_is_said_as_its_drop_is(app, qtbot, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    window = launched(app, qtbot, monkeypatch, "--page", "jazz", "nonexistent.mid")
    qtbot.waitUntil(lambda: "no such file" in window.statusBar().currentMessage(), timeout=30_000)
    assert window.statusBar().currentMessage() == "nonexistent.mid: no such file"  # named once, as a drop's is
    settle(qtbot, window)


def test_the_command_line_opens_the_window_for_a_file_and_still_runs_commands(tmp_path):
    shown = run_encore(str(tmp_path / "nonexistent.mid"), env={"ENCORE_EXIT_WHEN_SHOWN": "1"})
    assert shown.returncode == 0 and "window-shown" in shown.stdout and "Traceback" not in shown.stderr
    mistyped = run_encore("setlsit", "stats")
    assert mistyped.returncode == 2 and "invalid choice: 'setlsit'" in mistyped.stderr
    assert len(mistyped.stderr.strip().splitlines()) == 1
    helped = run_encore("--help")
    assert helped.returncode == 0 and "[FILE ...]" in helped.stdout


# Splitters and the file dialogs' folder, kept for the next run ---------------------------------------------
def test_splitters_are_as_the_user_left_them_in_the_last_run(app, qtbot):
    from gui.main_window import MainWindow

    first = MainWindow()
    qtbot.addWidget(first)
    first.resize(760, 560)
    first.show_workspace("jazz")
    first.show()
    qtbot.waitExposed(first)
    jazz, setlists = first.workspaces
    usual = jazz.splitter.sizes()
    jazz.splitter.moveSplitter(usual[0] + 30, 1)  # as a drag of its handle does
    dragged = jazz.splitter.sizes()
    first.show_workspace("setlists")
    setlists.tabs.setCurrentWidget(setlists.dataset)
    dataset = setlists.splitters()["dataset"]
    qtbot.waitUntil(lambda: dataset.isVisible() and sum(dataset.sizes()) > 0)
    dataset.moveSplitter(150, 1)
    kept = dataset.sizes()
    assert dragged[0] == usual[0] + 30 and kept[0] == 150
    first.close()
    QSettings().sync()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show_workspace("jazz")
    second.show()
    qtbot.waitExposed(second)
    assert second.workspaces[0].splitter.sizes() == dragged
    second.show_workspace("setlists")
    dataset = second.workspaces[1].splitters()["dataset"]
    qtbot.waitUntil(dataset.isVisible)
    assert dataset.sizes() == kept
    settle(qtbot, second)


@pytest.mark.parametrize("kept", ["hello", [300], ["a", "b"], [-5, 400], [0, 0], [10**12, 5], 7])
def test_damaged_splitter_sizes_leave_the_usual_layout(app, qtbot, kept):
    from gui.main_window import MainWindow

    usual = MainWindow()
    qtbot.addWidget(usual)
    settings = QSettings()
    settings.setValue("splitters/jazz/main", kept)
    settings.sync()
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.workspaces[0].splitter.sizes() == usual.workspaces[0].splitter.sizes()


def test_file_dialogs_start_in_the_folder_the_last_one_left_off_in(window, monkeypatch, tmp_path):
    """Every dialog started in the folder Encore was started from, in every run."""
    from PySide6.QtWidgets import QFileDialog

    from gui.save_dialog import LAST_FOLDER, save_path

    solos, models = tmp_path / "solos", tmp_path / "models"
    (models / "phish").mkdir(parents=True)
    solos.mkdir()
    started = []

    def answer(chosen):
        return lambda parent, title, where, *filters: (started.append(where), chosen)[1]

    monkeypatch.setattr(window, "open_path", lambda path: None)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer((str(solos / "etude.mid"), "")))
    window.open_dialog()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", answer(([], "")))
    window.import_dialog()  # cancelled: the folder stays
    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer(("", "")))
    save_path(window, "Save project", "solos.encore-jazz", "Encore jazz project (*.encore-jazz)")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", answer(str(models / "phish")))
    window.workspaces[1].load_model_dialog()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer(("", "")))
    window.workspaces[0].generation.charts.open_dialog()
    assert started == ["", str(solos), str(solos / "solos.encore-jazz"), str(solos), str(models)]
    assert QSettings().value(LAST_FOLDER) == str(models)  # where the next run starts
    models.joinpath("phish").rmdir()
    models.rmdir()
    window.open_dialog()  # a folder gone since: where the dialogs always started
    assert started[-1] == ""


# .txt charts in File > Open --------------------------------------------------------------------------------
def test_file_open_lists_and_opens_an_ireal_chart_saved_as_text(window, qtbot, monkeypatch, tmp_path):
    """A .txt holding an iReal Pro link opened when dropped; File > Open's filter did not list it."""
    from PySide6.QtWidgets import QFileDialog

    jazz = window.workspaces[0]
    chart, notes = tmp_path / "blues.txt", tmp_path / "notes.txt"
    chart.write_text(ireal_link(ireal_song("Blues For Nobody", BLUES)))
    notes.write_text("Rehearsal at eight")
    offered = []

    def pick(path):
        return lambda parent, title, where, filters: (offered.append(filters), (str(path), ""))[1]

    window.show_workspace("jazz")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", pick(chart))
    window.open_dialog()
    assert "iReal Pro charts (*.html *.htm *.irealb *.txt)" in offered[0].split(";;")
    qtbot.waitUntil(lambda: not jazz.generation.charts.reading, timeout=30_000)
    assert jazz.generation.chords.text().startswith("[ C7 | F7 |")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", pick(notes))
    window.open_dialog()
    assert window.statusBar().currentMessage() == "Not opened: notes.txt (no iReal Pro link inside)"


def test_the_pages_own_dialogs_start_where_the_last_one_left_off(window, monkeypatch, tmp_path):
    """Setlists' Import and Add, the Jazz Train tab's model folder and the SoundFont choice started in the
    folder Encore was started from, whatever dialog came before them."""
    from PySide6.QtWidgets import QFileDialog

    from gui.audio.preferences import AudioPreferences
    from gui.save_dialog import remember_folder

    shows = tmp_path / "shows"
    shows.mkdir()
    remember_folder(str(shows / "phish.csv"))
    started = []

    def answer(chosen):
        return lambda parent, title, where, *filters: (started.append(where), chosen)[1]

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", answer(([], "")))
    window.workspaces[1].dataset._ask(merge=False)
    window.workspaces[1].dataset._ask(merge=True)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", answer(""))
    window.workspaces[0].training._open_dialog()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer(("", "")))
    preferences = AudioPreferences()
    preferences._choose()
    preferences.deleteLater()
    assert started == [str(shows)] * 4
