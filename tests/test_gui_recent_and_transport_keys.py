"""File > Recent Files tells same-named files apart; the transport's Alt keys hold in every state and Help >
Keyboard Shortcuts lists them."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from test_audio_midi import make_midi  # noqa: E402

TUNE = make_midi((0, 0, [(b, 1, 60 + b, 90) for b in range(8)]), bpm=120)


def test_recent_files_name_the_folder_of_files_sharing_a_name(app, tmp_path):
    """Two bands' shows.csv read '1 shows.csv' and '2 shows.csv', the path in a tooltip that never showed:
    picking the wrong one replaced the loaded history."""
    from PySide6.QtCore import QSettings

    from gui.recent import RecentFiles

    paths = []
    for band in ("Phish & Friends", "dead", "solo"):
        folder = tmp_path / band
        folder.mkdir()
        name = "AT&T.csv" if band == "solo" else "shows.csv"
        (folder / name).write_text("show_date,set,song\n2020-01-01,1,Tweezer\n")
        paths.append(str(folder / name))
    opened = []
    recent = RecentFiles(QSettings(str(tmp_path / "encore.ini"), QSettings.IniFormat), opened.append, None)
    for path in paths:
        recent.add(path)
    recent._fill()
    actions = [a for a in recent.menu.actions() if not a.isSeparator()]
    assert [a.text() for a in actions] == [
        "&1 AT&&T.csv", "&2 shows.csv — dead", "&3 shows.csv — Phish && Friends", "Clear"]
    assert recent.menu.toolTipsVisible()
    assert [a.toolTip() for a in actions[:3]] == paths[::-1]
    actions[2].trigger()
    assert opened == [paths[0]]


def test_recent_file_names_take_as_few_folders_as_tell_them_apart():
    from gui.recent import names

    assert names(["/m/bandA/2020/shows.csv", "/m/bandB/2020/shows.csv", "/m/bandB/2021/shows.csv",
                  "/m/solo.mid"]) == [
        f"shows.csv — {os.path.join(band, year)}" for band, year in (("bandA", "2020"), ("bandB", "2020"),
                                                                    ("bandB", "2021"))] + ["solo.mid"]


@pytest.fixture
def transport(app, qtbot):
    from gui.audio import Transport

    widget = Transport()
    qtbot.addWidget(widget)
    widget.player.set_midi(TUNE)
    widget.play_button.clicked.disconnect()  # the key is under test, not the sound card
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    yield widget
    widget.player.stop()


def test_alt_p_plays_pauses_and_resumes_and_stop_and_loop_keep_their_keys(transport, qtbot):
    """Once paused, the button read '&Resume': Alt+P did nothing and Alt+R took its place."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    pressed = []
    for button in (transport.play_button, transport.stop_button):
        button.clicked.connect(lambda _=False, b=button: pressed.append(b))
    for state, word in (("stopped", "Play"), ("playing", "Pause"), ("paused", "Resume")):
        transport._show_state(state)
        assert transport.play_button.text().replace("&", "") == word
        for key, button in ((Qt.Key_P, transport.play_button), (Qt.Key_T, transport.stop_button)):
            pressed.clear()
            QTest.keyClick(transport.seek_bar, key, Qt.AltModifier)
            qtbot.waitUntil(lambda b=button: pressed == [b], timeout=2000)
        looping = transport.loop_button.isChecked()
        QTest.keyClick(transport.seek_bar, Qt.Key_L, Qt.AltModifier)
        qtbot.waitUntil(lambda was=looping: transport.loop_button.isChecked() != was, timeout=2000)


def test_keyboard_shortcuts_list_the_transport_keys_the_buttons_bind(window):
    from PySide6.QtGui import QKeySequence

    from gui.audio.transport import KEYS
    from gui.shortcuts import ShortcutsDialog

    rows = ShortcutsDialog(window).rows()
    playback = [(keys, what) for where, keys, what in rows if where == "Jazz: Playback buttons"]
    assert playback == [("Alt+P", "Play, pause or resume"), ("Alt+T", "Stop and go back to the start"),
                        ("Alt+L", "Loop on or off: start again at the end")]
    transport = window.workspaces[0].playback.transport
    for state in ("stopped", "playing", "paused"):
        transport._show_state(state)
        assert [getattr(transport, button).shortcut() for _, _, button in KEYS] == [
            QKeySequence(keys[0]) for keys, _, _ in KEYS]
    jazz_keys = [k for where, keys, _ in rows if where.startswith("Jazz") for k in keys.split(" / ")]
    menu_keys = {k for where, keys, _ in rows if where.startswith("Menus") for k in keys.split(" / ")}
    assert not menu_keys & set(jazz_keys)
    for table in {where for where, _, _ in rows if where.startswith("Jazz")}:  # one key, one thing per widget
        keys = [k for where, ks, _ in rows if where == table for k in ks.split(" / ")]
        assert len(keys) == len(set(keys)), table
    window_wide = [k for where, ks, _ in rows if where == "Jazz: Playback buttons" for k in ks.split(" / ")]
    assert not set(window_wide) & {k for where, ks, _ in rows if where.startswith("Jazz") and where !=
                                   "Jazz: Playback buttons" for k in ks.split(" / ")}  # the buttons' keys reach all
