"""Playback in the window, offscreen: the transport, the player's state machine, MIDI out scheduling, prefs."""

from __future__ import annotations

import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from test_audio_midi import make_midi  # noqa: E402

TUNE = make_midi((0, 0, [(b, 1, 60 + b, 90) for b in range(8)]), bpm=120)  # 4 seconds


@pytest.fixture
def transport(app):
    from gui.audio import Transport

    widget = Transport()
    widget.show()
    yield widget
    widget.player.stop()
    widget.close()


def test_transport_reports_a_missing_audio_device_and_survives_play(transport, app):
    from gui.audio.outputs import audio_problem

    errors, states = [], []
    transport.player.error.connect(errors.append)
    transport.player.state_changed.connect(states.append)
    assert transport.player.set_midi(TUNE)
    assert transport.isEnabled() and transport.time_label.text() == "0:00.0 / 0:04.0"
    problem = audio_problem()
    assert transport.device_label.isVisible() == bool(problem)
    for button in (transport.play_button, transport.play_button, transport.loop_button, transport.stop_button):
        button.click()
        app.processEvents()
    if problem:  # CI and this machine: Play says why and stays stopped
        assert transport.device_label.text() == problem and errors and errors[0] == problem
        assert transport.player.state == "stopped" and "playing" not in states
    else:
        assert "playing" in states and transport.player.state == "stopped"


def test_seek_moves_the_playhead_and_the_time_display(transport):
    positions = []
    transport.player.position_changed.connect(positions.append)
    transport.player.set_midi(TUNE)
    transport.player.seek(2.5)
    assert positions[-1] == 2.5 and transport.seek_bar.value() == 25
    assert transport.time_label.text() == "0:02.5 / 0:04.0"
    transport.player.seek(99)
    assert positions[-1] == pytest.approx(4.0)
    transport.player.stop()
    assert positions[-1] == 0.0


def test_tempo_volume_and_loop_controls_reach_the_player(transport):
    transport.player.set_midi(TUNE)
    transport.tempo.setValue(150)
    transport.volume.setValue(40)
    transport.loop_button.click()
    assert (transport.player.tempo_scale, transport.player.volume, transport.player.loop) == (1.5, 0.4, True)


def test_bad_midi_is_an_error_signal_not_a_crash(transport):
    errors = []
    transport.player.error.connect(errors.append)
    assert not transport.player.set_midi(b"not midi at all", "riff.mid")
    assert errors == ["riff.mid: is not a MIDI file (no MThd header)"]
    assert not transport.isEnabled() and transport.player.duration == 0.0
    transport.player.play()  # nothing loaded: a no-op
    assert transport.player.state == "stopped"


def test_a_missing_soundfont_is_named_and_a_working_one_chosen_after_it_plays(app, tmp_path):
    """The message blamed the piece ('Autumn Solo: no such file'), and the Default SoundFont chosen after it
    left the piece unplayable: only a loaded piece took a new SoundFont."""
    from gui.audio import Transport
    from gui.audio.player import AudioPlayer

    gone = tmp_path / "gone.sf2"
    player = AudioPlayer(soundfont=str(gone), read_settings=False)
    transport = Transport(player=player)
    errors = []
    player.error.connect(errors.append)
    assert not player.set_midi(TUNE, "Autumn Solo")
    assert len(errors) == 1 and errors[0].startswith(f"SoundFont {gone}") and "Autumn Solo" not in errors[0]
    assert not transport.isEnabled()
    assert player.set_soundfont(None) and player.duration == pytest.approx(4.0, abs=0.5)
    assert transport.isEnabled()
    transport.close()


def test_an_unopenable_midi_port_is_reported(transport):
    errors = []
    transport.player.error.connect(errors.append)
    transport.player.set_midi(TUNE)
    transport.player.set_midi_out("No Such Synth")
    assert transport.player.audio_problem() is None  # a port replaces the sound card
    transport.player.play()
    assert transport.player.state == "stopped" and "No Such Synth" in errors[-1]


class RecordingPort:
    """Stands in for the mido port only: what MidiPortOutput sends, and when."""

    def __init__(self):
        self.sent, self.panics = [], 0

    def send(self, event):
        self.sent.append((time.perf_counter(), event))

    def panic(self):
        self.panics += 1


def test_midi_out_sends_events_on_time_scaled_by_tempo(app):
    from engine.audio.synthesizer import Synthesizer
    from gui.audio.outputs import MidiPortOutput

    port = RecordingPort()
    out = MidiPortOutput(Synthesizer(TUNE), port)
    out.start(1.0, 2.0)  # from one second in, twice as fast
    assert [e.kind for _, e in port.sent] == ["program"]  # the instrument chosen before the seek point
    began = time.perf_counter()
    while time.perf_counter() - began < 0.6:
        out.pump()
        time.sleep(0.005)
    ons = [(t - began, e.time) for t, e in port.sent if e.kind == "on"]
    assert [written for _, written in ons] == [1.0, 1.5, 2.0]  # ~0.5 s at 2x covers 1.0..2.0 s
    assert all(abs(at - (written - 1.0) / 2) < 0.05 for at, written in ons)
    elapsed = time.perf_counter() - began
    out.pause()  # heard: the start plus the wall time at twice the speed (measured: a busy machine overshoots 0.6 s)
    assert port.panics >= 2 and out.heard() == pytest.approx(1.0 + 2 * elapsed, abs=0.1)


def test_preferences_disable_midi_out_with_the_reason_and_validate_soundfonts(app, tmp_path):
    from PySide6.QtCore import QSettings

    from engine.audio.midi_out import output_ports
    from gui.audio import AudioPlayer, AudioPreferences
    from gui.audio.player import SOUNDFONT_KEY

    settings = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    prefs, chosen, player = AudioPreferences(settings=settings), [], AudioPlayer()
    player.set_midi(TUNE)
    prefs.soundfont_changed.connect(chosen.append)
    ports, reason = output_ports()
    assert prefs.midi_out.isEnabled() == bool(ports)
    assert (reason or "") in prefs.midi_reason.text()
    assert "TimGM6mb" in prefs.soundfont_path.text()
    assert not prefs.set_soundfont(str(tmp_path / "missing.sf2")) and "no such file" in prefs.status.text()
    assert chosen == [] and settings.value(SOUNDFONT_KEY, "") == ""
    from engine.audio.soundfont import default_soundfont

    assert prefs.set_soundfont(str(default_soundfont())) and chosen == [str(default_soundfont())]
    assert settings.value(SOUNDFONT_KEY) == str(default_soundfont())
    assert player.soundfont == str(default_soundfont()) and player.duration == pytest.approx(4.0)  # it followed
    # A port unplugged since: named as such, and the built-in synthesiser can be chosen again (the list was
    # greyed out and showed the built-in one while Play still went to the port)
    from gui.audio.player import MIDI_OUT_KEY

    settings.setValue(MIDI_OUT_KEY, "USB MIDI Synth 20:0")
    prefs.refresh_ports()
    assert prefs.midi_out.currentText() == "USB MIDI Synth 20:0 (unavailable)" and prefs.midi_out.isEnabled()
    prefs.midi_out.activated.emit(0)
    assert settings.value(MIDI_OUT_KEY) == ""
    prefs.deleteLater()
    app.processEvents()


def test_playback_through_a_real_sound_card_moves_the_playhead(app):
    from gui.audio import AudioPlayer
    from gui.audio.outputs import audio_problem

    if audio_problem():
        pytest.skip("no audio output device here (`make test` starts a PulseAudio null sink where it can)")
    player, states = AudioPlayer(read_settings=False), []
    player.state_changed.connect(states.append)
    player.set_midi(TUNE)
    player.play()
    assert player.state == "playing" and player.bytes_written > 0  # the first buffer went in with play()
    deadline = time.monotonic() + 5
    while player.position == 0.0 and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    assert player.position > 0.0
    player.pause()
    held = player.position
    app.processEvents()
    assert player.position == held and states == ["playing", "paused"]
    player.stop()


def test_playback_reaches_the_sound_server_at_the_rendered_loudness(app):
    """Recorded back from the default output's monitor (a PulseAudio null sink in CI): the tune, not silence."""
    import shutil
    import subprocess
    import threading

    import numpy as np

    from engine.audio.synthesizer import Synthesizer
    from gui.audio import AudioPlayer
    from gui.audio.outputs import audio_problem

    if audio_problem() or not shutil.which("parec"):
        pytest.skip("no PulseAudio output to record back from (`make test` starts a null sink where it can)")
    recorder = subprocess.Popen(["parec", "--raw", "--device=@DEFAULT_MONITOR@", "--format=s16le", "--rate=44100",
                                 "--channels=2", "--latency-msec=20"], stdout=subprocess.PIPE, bufsize=0)
    chunks: list[bytes] = []  # from the first sound on

    def record():
        while block := recorder.stdout.read(4410):
            if chunks or np.abs(np.frombuffer(block[:len(block) // 2 * 2], np.int16)).max() > 30:
                chunks.append(block)

    threading.Thread(target=record, daemon=True).start()
    player = AudioPlayer(read_settings=False)
    player.set_midi(TUNE)
    player.play()
    deadline = time.monotonic() + 8  # an idle null sink wakes, and renders, in blocks of up to 2 s
    while sum(map(len, chunks)) < 44100 * 4 and time.monotonic() < deadline:  # a second of it
        app.processEvents()
        time.sleep(0.01)
    player.stop()
    recorder.terminate()
    recorder.wait(timeout=10)
    data = b"".join(chunks)
    heard = np.abs(np.frombuffer(data[:len(data) // 4 * 4], np.int16).astype(float) / 32768)
    rendered = np.abs(Synthesizer(TUNE).render()[:44100 * 2])
    assert heard.size >= 44100 * 2  # a second of sound came back
    assert 0.5 < heard.max() / rendered.max() < 1.5 and heard.mean() > 0.2 * rendered.mean()


NO_SERVER_SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gui.audio import Transport
from gui.audio.outputs import audio_problem
problem = audio_problem()
if problem is None:
    print("DEVICE"); sys.exit(0)
transport, errors, states = Transport(), [], []
transport.player.error.connect(errors.append)
transport.player.state_changed.connect(states.append)
transport.show()
assert transport.player.set_midi(open(sys.argv[1], "rb").read())
transport.play_button.click()
app.processEvents()
print(problem, transport.device_label.text() == problem, errors == [problem], transport.player.state, states, sep="|")
"""


def test_without_a_sound_server_play_says_why_and_stays_stopped(tmp_path):
    """The no-device branch, in a process whose Qt reaches no sound server (this one may have a null sink)."""
    import subprocess
    import sys

    from conftest import ROOT

    (tmp_path / "tune.mid").write_bytes(TUNE)
    env = dict(os.environ, PULSE_SERVER=f"unix:{tmp_path / 'no-such-socket'}", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", NO_SERVER_SCRIPT, str(tmp_path / "tune.mid")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    if done.stdout.strip() == "DEVICE":
        pytest.skip("Qt found an audio device without PulseAudio (another audio backend)")
    problem, label, errors, state, states = done.stdout.strip().splitlines()[-1].split("|")
    assert problem.startswith("No audio output device") and label == errors == "True"
    assert state == "stopped" and "playing" not in states


def test_the_jazz_warm_up_loads_the_chosen_soundfont_and_shrugs_off_a_bad_one(monkeypatch, tmp_path):
    """The first generated solo then plays without a SoundFont parse on the GUI thread."""
    from engine.audio import synth_pool
    from engine.audio.soundfont import default_soundfont
    from gui.jazz import tasks

    monkeypatch.setattr(synth_pool, "POOL", synth_pool.SynthPool())
    tasks.warm_up(str(default_soundfont()))
    assert [key[0] for key in synth_pool.POOL.idle] == [default_soundfont().read_bytes()]
    tasks.warm_up(str(tmp_path / "absent.sf2"))  # reported on Play, not by a background warm-up
    assert len(synth_pool.POOL.idle) == 1
