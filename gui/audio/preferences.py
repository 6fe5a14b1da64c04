"""The Audio section of Preferences: which SoundFont to play with, and an optional MIDI output port.

Choices are stored in QSettings (keys in player.py) and announced on `audio_settings()`, which every
AudioPlayer follows: showing this section is all a Preferences dialog has to do.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.audio.midi_out import output_ports
from engine.audio.soundfont import check_soundfont, default_soundfont
from engine.errors import EncoreError

from ..save_dialog import chosen_file
from .player import MIDI_OUT_KEY, SOUNDFONT_KEY, audio_settings, chosen_soundfont

BUILT_IN = "Built-in synthesiser (SoundFont)"


class AudioPreferences(QWidget):
    soundfont_changed = Signal(str)  # "" means the default GM SoundFont
    midi_out_changed = Signal(str)  # "" means the built-in synthesiser

    def __init__(self, parent: QWidget | None = None, settings: QSettings | None = None):
        super().__init__(parent)
        self.settings = settings or QSettings()
        self.soundfont_path = QLineEdit(readOnly=True, accessibleName="SoundFont")
        self.browse = QPushButton("&Choose…", toolTip="Choose a .sf2 or .sf3 General MIDI SoundFont")
        self.reset = QPushButton("&Default", toolTip="Use the SoundFont installed with Encore (TimGM6mb)")
        self.status = QLabel(wordWrap=True)
        self.midi_out = QComboBox(accessibleName="MIDI output")
        self.midi_reason = QLabel(wordWrap=True)
        self._layout()
        self.browse.clicked.connect(self._choose)
        self.reset.clicked.connect(lambda: self.set_soundfont(""))
        self.midi_out.activated.connect(self._port_chosen)
        self._show_soundfont(chosen_soundfont(self.settings))
        self.refresh_ports()

    def _layout(self) -> None:
        row = QHBoxLayout()
        for w in (self.soundfont_path, self.browse, self.reset):
            row.addWidget(w)
        form = QFormLayout(self)
        form.addRow("SoundFont:", row)
        form.addRow("", self.status)
        form.addRow("MIDI out:", self.midi_out)
        form.addRow("", self.midi_reason)

    def set_soundfont(self, path: str) -> bool:
        """Check and store a SoundFont ("" = default); shows the problem and keeps the old one if it fails."""
        try:
            if path:
                check_soundfont(path)
        except EncoreError as e:
            self.status.setText(f"Not changed: {e}")
            return False
        self.settings.setValue(SOUNDFONT_KEY, path)
        self._show_soundfont(path)
        self.soundfont_changed.emit(path)
        audio_settings().soundfont_changed.emit(path)
        return True

    def refresh_ports(self) -> None:
        """List MIDI output ports; with no MIDI system the choice is disabled and says why."""
        ports, reason = output_ports()
        chosen = str(self.settings.value(MIDI_OUT_KEY, "") or "")
        self.midi_out.clear()
        self.midi_out.addItem(BUILT_IN, "")
        for name in ports:
            self.midi_out.addItem(name, name)
        if chosen and chosen not in ports:  # a port unplugged since: shown as such, so it can be changed back
            self.midi_out.addItem(f"{chosen} (unavailable)", chosen)
        self.midi_out.setCurrentIndex(max(0, self.midi_out.findData(chosen)))
        self.midi_out.setEnabled(bool(ports) or bool(chosen))
        self.midi_reason.setText(f"MIDI out unavailable: {reason}" if reason else "")
        self.midi_reason.setVisible(bool(reason))

    def _port_chosen(self, index: int) -> None:
        name = self.midi_out.itemData(index) or ""
        self.settings.setValue(MIDI_OUT_KEY, name)
        self.midi_out_changed.emit(name)
        audio_settings().midi_out_changed.emit(name)

    def _choose(self) -> None:
        path = chosen_file(self, "Choose a SoundFont", "SoundFonts (*.sf2 *.sf3)")
        if path:
            self.set_soundfont(path)

    def _show_soundfont(self, path: str) -> None:
        try:
            shown = path or f"Default: {default_soundfont().name} (installed with pretty_midi)"
        except EncoreError as e:
            shown = str(e)
        self.soundfont_path.setText(shown)
        self.status.setText(_missing(path))


def _missing(path: str) -> str:
    """What is wrong with a chosen SoundFont gone since ("" when it is there): the path alone looked fine, and
    Play and Export to WAV then failed. Encore does not fall back to the default one, so it says that."""
    if not path or os.path.isfile(os.path.expanduser(path)):
        return ""
    why = "No such file" if not os.path.exists(os.path.expanduser(path)) else "Not a file"
    return (f"{why}: the built-in synthesiser cannot play and Export to WAV fails until you choose another "
            "SoundFont, or Default for the one installed with Encore.")


class AudioPreferencesDialog(QDialog):
    """A standalone dialog around the section, for windows without a Preferences dialog of their own."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, windowTitle="Audio Preferences")
        self.section = AudioPreferences(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.section)
        layout.addWidget(buttons)
