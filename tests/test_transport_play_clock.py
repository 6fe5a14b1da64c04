"""The transport's Play button plays the piece on screen, its clock never reads 0:60.0, and playback whose
sound server went away stops and says so."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from test_audio_midi import make_midi  # noqa: E402

from engine.jazz.piece import Note, Piece  # noqa: E402

TUNE = make_midi((0, 0, [(b, 1, 60 + b, 90) for b in range(8)]), bpm=120)  # 4 seconds


def melody(player) -> list[int]:
    return sorted({e.a for e in player.synth.performance.notes})


def page_with_a_piece(window, qtbot):
    """The Jazz page, its playback and player, with a two-bar piece shown and its MIDI built."""
    window.show_workspace("jazz")
    page = window.workspaces[0]
    playback, player = page.playback, page.playback.player
    page.history.add(Piece("Cs", [Note(i, 1, 60, 90) for i in range(8)], [], bars=2, tempo=120.0))
    qtbot.waitUntil(lambda: not playback.building() and player.synth is not None)
    return page, playback, player


def test_the_play_button_plays_the_edit_and_the_piece_just_chosen_not_the_one_before(window, qtbot):
    """Space waited for the edited piece's MIDI; the button went straight to the player, which played the
    notes from before a transpose (or the previous piece, for the 0.8 s a 1,000-bar piece took to build)."""
    page, playback, player = page_with_a_piece(window, qtbot)
    heard = []
    player.play = lambda: heard.append(melody(player))  # the sound card is not under test (nor heard: a sound
    player._start_at = lambda _: heard.append(melody(player))  # left playing reached the next test's recording)
    page.roll.select_all()
    page.roll.transpose_selected(12)
    playback.transport.play_button.click()
    qtbot.waitUntil(lambda: not playback.building() and bool(heard))
    assert heard == [[72]]
    heard.clear()
    page.history.add(Piece("Ds", [Note(i, 1, 62, 90) for i in range(8)], [], bars=2, tempo=120.0))
    playback.transport.play_button.click()
    qtbot.waitUntil(lambda: not playback.building() and bool(heard))
    assert heard == [[62]]


@pytest.mark.parametrize("seconds, shown", [
    (59.95, "1:00.0"), (119.99, "2:00.0"), (3599.97, "60:00.0"), (59.94, "0:59.9"), (0.0, "0:00.0"),
    (61.25, "1:01.2"), (-1.0, "0:00.0"), (9.96, "0:10.0")])
def test_the_clock_rounds_before_it_splits_minutes_from_seconds(seconds, shown):
    """59.95 s read '0:60.0': the seconds were rounded on their own, after the minutes were taken."""
    from gui.audio.transport import clock

    assert clock(seconds) == shown


class StuckSink:
    """A QAudioSink whose sound server went away: Active, no error, its buffer full, its clock standing."""

    def __init__(self):
        from gui.audio.outputs import AUDIO

        self.audio, self.usecs, self.free, self.status = AUDIO, 250_000, 0, AUDIO.State.ActiveState

    def error(self):
        return self.audio.Error.NoError

    def state(self):
        return self.status

    def processedUSecs(self):  # noqa: N802 - Qt's name
        return self.usecs

    def bytesFree(self):  # noqa: N802
        return self.free

    def bufferSize(self):  # noqa: N802
        return 88_200

    def suspend(self):
        pass

    def resume(self):
        pass

    def stop(self):
        pass

    def deleteLater(self):  # noqa: N802
        pass

    def setVolume(self, volume):  # noqa: N802
        pass


@pytest.fixture
def stuck(app):
    """A player 'playing' through a StuckSink, and the clock its stall watch reads."""
    from engine.audio.feed import PcmFeed
    from gui.audio.outputs import SinkOutput, StallWatch
    from gui.audio.player import PLAYING, AudioPlayer

    player = AudioPlayer(read_settings=False)
    assert player.set_midi(TUNE)
    output, now = SinkOutput(player.synth, player), [100.0]
    output.sink, output.feed, output.watch = StuckSink(), PcmFeed(player.synth), StallWatch(lambda: now[0])
    player._output = output
    player._set_state(PLAYING)
    yield player, output, now
    player._output = None  # nothing real to stop


def test_a_sound_card_clock_that_stands_still_stops_playback_and_says_why(stuck):
    """Killing PulseAudio mid-piece left the state 'playing', the playhead frozen and no message: Qt's sink
    still read Active with no error."""
    player, output, now = stuck
    errors = []
    player.error.connect(errors.append)
    player._tick()  # the clock has moved before: once, from 0
    output.sink.usecs += 10_000
    player._tick()
    now[0] += 1.0
    player._tick()
    assert player.state == "playing" and not errors  # a second of silence can be a busy machine
    now[0] += 0.6
    player._tick()
    assert player.state == "stopped"
    assert len(errors) == 1 and errors[0].startswith("The audio output stopped (")


def test_no_stall_is_claimed_while_the_sink_fills_runs_dry_pauses_or_wakes_a_device(stuck):
    player, output, now = stuck
    sink = output.sink
    for free, status in ((80_000, sink.status), (0, sink.audio.State.IdleState)):  # filling; out of sound
        sink.free, sink.status = free, status
        for _ in range(3):
            now[0] += 2.0
            assert output.failure() is None
    sink.free, sink.status = 0, sink.audio.State.ActiveState
    now[0] += 4.0  # no sound yet: a server may take seconds to wake its device (but not five)
    assert output.failure() is None
    sink.usecs += 1
    assert output.failure() is None
    output.pause()
    now[0] += 60.0
    output.resume()
    assert output.failure() is None  # a minute's pause is no stall
    now[0] += 1.6
    assert output.failure() is None  # nor waking the device again
    now[0] += 4.0
    assert output.failure() is not None


# A Play waiting for the piece's MIDI -------------------------------------------------------------------------

class Card:
    """Stands in for the sound card: starts, pauses and stops without a sound."""

    def pause(self):
        pass

    def resume(self):
        pass

    def stop(self):
        pass

    def set_volume(self, volume):
        pass


@pytest.fixture
def waiting(window, qtbot, monkeypatch):
    """A page with a piece ready, the player's starts recorded (at which second), and a gate that holds every
    later build of a piece's MIDI until it is set, as a long solo's build does for a second or more."""
    import threading

    page, playback, player = page_with_a_piece(window, qtbot)
    started = []

    def start_at(seconds):
        started.append(seconds)
        player._output = Card()
        player._seek_quietly(seconds)
        player._set_state("playing")

    monkeypatch.setattr(player, "_start_at", start_at)
    gate, build = threading.Event(), playback._build
    monkeypatch.setattr(playback, "_build", lambda *args: (gate.wait(30), build(*args)))
    yield page, playback, player, started, gate
    gate.set()


def built(qtbot, playback, gate) -> None:
    gate.set()
    qtbot.waitUntil(lambda: not playback._reload.isActive() and not playback.building())
    qtbot.wait(50)


def test_stop_calls_off_a_play_still_waiting_for_the_piece(waiting, qtbot):
    """Play then Stop while a long solo's MIDI was built: a second later it played, against the Stop."""
    page, playback, player, started, gate = waiting
    page.history.add(Piece("Ds", [Note(i, 1, 62, 90) for i in range(8)], [], bars=2, tempo=120.0))
    assert playback.building()
    playback.transport.play_button.click()
    playback.transport.stop_button.click()
    built(qtbot, playback, gate)
    assert started == [] and player.state == "stopped"
    playback.transport.play_button.click()  # Play once it is built plays, as ever
    assert started == [0.0] and melody(player) == [62]


def test_a_seek_while_play_waits_is_where_it_starts(waiting, qtbot):
    """Play, then a seek to 2 s, while the piece was built: it started at 0."""
    page, playback, player, started, gate = waiting
    page.history.add(Piece("Ds", [Note(i, 1, 62, 90) for i in range(8)], [], bars=2, tempo=120.0))
    playback.transport.play_button.click()
    player.seek(2.0)
    built(qtbot, playback, gate)
    assert started == [2.0] and player.state == "playing" and melody(player) == [62]


def test_pause_right_after_an_edit_pauses_at_once(waiting, qtbot):
    """Pause pressed while the edit just made was built kept playing until the build ended (a second or more
    for a long solo): only Play has to wait for the piece as edited."""
    page, playback, player, started, gate = waiting
    playback.transport.play_button.click()
    assert player.state == "playing"
    page.roll.piece.notes[0].velocity = 50
    page.roll.edited.emit()  # the piece is built again in a moment
    playback.transport.play_button.click()
    assert player.state == "paused"
    built(qtbot, playback, gate)
    assert player.state == "paused" and started == [0.0]
    playback.transport.play_button.click()
    assert player.state == "playing"
