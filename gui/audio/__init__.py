"""Playback in the window: `AudioPlayer` (QAudioSink or MIDI out), the `Transport` bar, Audio preferences."""

from .player import AudioPlayer
from .preferences import AudioPreferences, AudioPreferencesDialog
from .transport import Transport

__all__ = ["AudioPlayer", "AudioPreferences", "AudioPreferencesDialog", "Transport"]
