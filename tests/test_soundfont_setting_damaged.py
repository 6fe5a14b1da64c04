"""A damaged settings file holding bytes or a list where the SoundFont's path belongs is ignored: its spelling,
"b'abc'" or "['1', '2']", was taken for a file's name, and every render and playback looked for that file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QSettings

from gui.audio.player import SOUNDFONT_KEY, chosen_soundfont, preferred_soundfont


@pytest.fixture
def stored(app):
    settings = QSettings()
    yield lambda value: settings.setValue(SOUNDFONT_KEY, value)
    settings.remove(SOUNDFONT_KEY)


@pytest.mark.parametrize("damaged", [QByteArray(b"abc"), ["1", "2"], 7])
def test_a_soundfont_setting_that_is_no_text_means_the_default(stored, damaged):
    stored(damaged)
    assert preferred_soundfont() is None


def test_a_chosen_soundfont_is_kept(stored, tmp_path):
    stored(str(tmp_path / "mine.sf2"))
    assert preferred_soundfont() == str(tmp_path / "mine.sf2")


def test_preferences_show_the_default_for_a_damaged_setting(app, tmp_path):
    from gui.audio import AudioPreferences

    settings = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    settings.setValue(SOUNDFONT_KEY, QByteArray(b"abc"))
    assert chosen_soundfont(settings) == ""
    prefs = AudioPreferences(settings=settings)
    try:
        assert prefs.soundfont_path.text().startswith("Default:") and prefs.status.text() == ""
    finally:
        prefs.deleteLater()
