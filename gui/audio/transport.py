"""`Transport`: the Play/Pause, Stop, Loop, seek bar, tempo, volume and time display for an AudioPlayer.

Embed one per page: ``transport = Transport(); layout.addWidget(transport); transport.player.set_midi(b)``
and follow ``transport.player.position_changed`` with the playhead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import (
    QAbstractSlider,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QStyle,
    QWidget,
)

from .player import PAUSED, PLAYING, AudioPlayer

SEEK_STEPS_PER_SECOND = 10

# (keys, what they do, the button they press): the buttons bind them and Help > Keyboard Shortcuts lists them.
# Each button keeps its key whatever its word says: a mnemonic alone moved Alt+P to Alt+R once Play read Resume.
KEYS = (
    (("Alt+P",), "Play, pause or resume", "play_button"),
    (("Alt+T",), "Stop and go back to the start", "stop_button"),
    (("Alt+L",), "Loop on or off: start again at the end", "loop_button"),
)
_KEY_OF = {button: QKeySequence(keys[0]) for keys, _, button in KEYS}


def clock(seconds: float) -> str:
    """m:ss.t, the way a transport shows time; rounded whole first, so 59.95 s reads 1:00.0, never 0:60.0."""
    minutes, tenths = divmod(round(max(0.0, seconds) * 10), 600)
    return f"{minutes}:{tenths // 10:02d}.{tenths % 10}"


class Transport(QWidget):
    """``toggle``: what Play/Pause does (default: the player's own toggle). A page that builds its piece's
    MIDI on demand passes its own, so the button and Alt+P wait for the piece on screen as Space does."""

    def __init__(self, player: AudioPlayer | None = None, parent: QWidget | None = None, *, toggle=None):
        super().__init__(parent)
        self.player = player or AudioPlayer(self)
        self._toggle = toggle or self.player.toggle
        self._build()
        self._connect()
        self._show_state(self.player.state)
        self._show_duration(self.player.duration)
        self._devices = QMediaDevices(self)
        self._devices.audioOutputsChanged.connect(self.refresh_device)  # headphones plugged in or out
        self.refresh_device()

    def _build(self) -> None:
        icon = self.style().standardIcon
        self.play_button = _button(icon(QStyle.StandardPixmap.SP_MediaPlay))
        self.stop_button = _button(icon(QStyle.StandardPixmap.SP_MediaStop))
        self.loop_button = _button(None)
        self.loop_button.setCheckable(True)
        for _, what, name in KEYS:
            getattr(self, name).setToolTip(f"{what} ({_KEY_OF[name].toString(QKeySequence.NativeText)})")
        self._label("stop_button", "Stop")  # Play's word follows the player's state: _show_state
        self._label("loop_button", "Loop")
        self.seek_bar = QSlider(Qt.Orientation.Horizontal, accessibleName="Position")
        self.seek_bar.setMinimumWidth(120)
        self.seek_bar.setSingleStep(SEEK_STEPS_PER_SECOND)  # arrow keys: 1 s, Page Up/Down: 5 s
        self.seek_bar.setPageStep(5 * SEEK_STEPS_PER_SECOND)
        self.time_label = QLabel("0:00.0 / 0:00.0", accessibleName="Time")
        self.time_label.setMinimumWidth(self.time_label.fontMetrics().horizontalAdvance("00:00.0 / 00:00.0"))
        self.tempo = QSpinBox(minimum=25, maximum=400, singleStep=5, value=100, suffix=" %", prefix="Tempo ",
                              accessibleName="Tempo", toolTip="Playback tempo, % of the written tempo")
        self.volume = QSlider(Qt.Orientation.Horizontal, minimum=0, maximum=100, value=100, accessibleName="Volume",
                              toolTip="Volume")
        self.volume.setFixedWidth(90)
        self.device_label = QLabel()
        self.device_label.setStyleSheet("color: palette(mid);")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        for w in (self.play_button, self.stop_button, self.loop_button, self.seek_bar, self.time_label,
                  self.tempo, QLabel("Vol"), self.volume, self.device_label):
            layout.addWidget(w, 1 if w is self.seek_bar else 0)

    def _connect(self) -> None:
        p = self.player
        self.play_button.clicked.connect(self._toggle)  # Alt+P clicks it too
        self.stop_button.clicked.connect(p.stop)
        self.loop_button.toggled.connect(p.set_loop)
        self.tempo.valueChanged.connect(lambda v: p.set_tempo_scale(v / 100))
        self.volume.valueChanged.connect(lambda v: p.set_volume(v / 100))
        self.seek_bar.sliderReleased.connect(lambda: p.seek(self.seek_bar.value() / SEEK_STEPS_PER_SECOND))
        self.seek_bar.actionTriggered.connect(self._seek_by_keyboard_or_click)
        self.seek_bar.sliderMoved.connect(lambda v: self._show_time(v / SEEK_STEPS_PER_SECOND))
        p.position_changed.connect(self._show_position)
        p.state_changed.connect(self._show_state)
        p.duration_changed.connect(self._show_duration)
        p.error.connect(self._show_error)

    def refresh_device(self) -> None:
        """Re-check the audio output (e.g. after Preferences chose a MIDI port)."""
        problem = self.player.audio_problem()
        self.device_label.setText(problem or "")
        self.device_label.setVisible(bool(problem))

    def _seek_by_keyboard_or_click(self, action: int) -> None:
        if action != QAbstractSlider.SliderAction.SliderMove:  # drags seek on release
            self.player.seek(self.seek_bar.sliderPosition() / SEEK_STEPS_PER_SECOND)

    def _show_position(self, seconds: float) -> None:
        if not self.seek_bar.isSliderDown():
            self.seek_bar.setValue(round(seconds * SEEK_STEPS_PER_SECOND))
            self._show_time(seconds)

    def _show_time(self, seconds: float) -> None:
        self.time_label.setText(f"{clock(seconds)} / {clock(self.player.duration)}")

    def _show_duration(self, seconds: float) -> None:
        self.seek_bar.setMaximum(round(seconds * SEEK_STEPS_PER_SECOND))
        self._show_time(self.player.position)
        self.setEnabled(seconds > 0)

    def _show_state(self, state: str) -> None:
        playing = state == PLAYING
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self._label("play_button", "Pause" if playing else ("Resume" if state == PAUSED else "Play"))

    def _label(self, name: str, word: str) -> None:
        """Give a button its word, with its key from KEYS underlined where the word has that letter."""
        button, key = getattr(self, name), _KEY_OF[name]
        at = word.lower().find(key.toString().split("+")[-1].lower())  # 'Alt+T': the t of 'Stop'
        button.setText(word if at < 0 else f"{word[:at]}&{word[at:]}")
        button.setShortcut(key)  # after setText, which binds the word's mnemonic (none for 'Resume')
        button.setAccessibleName(word)

    def _show_error(self, message: str) -> None:
        self.device_label.setText(message)
        self.device_label.setVisible(True)


def _button(icon) -> QPushButton:
    button = QPushButton()
    if icon is not None:
        button.setIcon(icon)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button
