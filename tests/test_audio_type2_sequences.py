"""Each sequence of a type-2 file plays as if it were its own file: fresh instruments, no notes left over."""

from __future__ import annotations

import io

import mido
import numpy as np
import pytest
from test_audio_synthesis import RATE, render, rms, seconds

from engine.audio.performance import performance_of
from engine.audio.synthesizer import GRID

TICKS = 441
TICK = GRID / RATE  # seconds: with a tick of one grid cell, a sequence renders the same wherever it starts
TEMPO = round(TICK * TICKS * 1e6)
ORGAN = 19  # sustains for as long as the key is down: a note that is never stopped is heard throughout
AUDIBLE = 0.003  # rms: a piano A4 at velocity 100 and the GM volume 100 gives 0.006, silence under 1e-4


def sequence(*timed, end: int) -> mido.MidiTrack:
    """A track from (tick, message) pairs, at the one-tick-a-grid-cell tempo, ending at tick ``end``."""
    track, last = mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=TEMPO)]), 0
    for tick, msg in sorted(timed, key=lambda pair: pair[0]):
        track.append(msg.copy(time=tick - last))
        last = tick
    track.append(mido.MetaMessage("end_of_track", time=end - last))
    return track


def midi_file(*tracks, kind: int = 2) -> bytes:
    mid = mido.MidiFile(type=kind, ticks_per_beat=TICKS)
    mid.tracks += tracks
    out = io.BytesIO()
    mid.save(file=out)
    return out.getvalue()


def note(start: int, stop: int | None, key: int = 69, channel: int = 0) -> list:
    on = (start, mido.Message("note_on", channel=channel, note=key, velocity=100))
    return [on] if stop is None else [on, (stop, mido.Message("note_off", channel=channel, note=key))]


def cc(tick: int, number: int, value: int):
    return tick, mido.Message("control_change", control=number, value=value)


FIRST_END = 200  # ticks (4.6 s): the first sequence's own note has long died away by then
SETTINGS = {
    "program": (0, mido.Message("program_change", program=ORGAN)),
    "bank": (0, mido.Message("control_change", control=0, value=1)),  # TimGM6mb has no bank 1: a fall-back
    "volume": cc(0, 7, 30),
    "pan": cc(0, 10, 0),
    "expression": cc(0, 11, 40),
    "bend": (0, mido.Message("pitchwheel", pitch=8191)),
    "sustain pedal": cc(0, 64, 127),
}


@pytest.mark.parametrize("setting", [name for name in SETTINGS if name != "bank"])
def test_a_sequence_starts_from_the_defaults_not_the_settings_of_the_one_before(setting):
    """The piano A4 of the second sequence sounds exactly as it does in a file of its own."""
    first = sequence(*note(0, 10, key=60), (100, SETTINGS[setting][1]), end=FIRST_END)
    second = sequence(*note(0, 40), end=150)
    alone = render(midi_file(second, kind=0))
    both = render(midi_file(first, second))
    assert rms(seconds(alone, 0.1, 0.9)) > AUDIBLE
    assert len(both) == FIRST_END * GRID + len(alone)
    assert np.abs(both[FIRST_END * GRID:] - alone).max() < 1e-4


def test_a_sequence_plays_the_default_bank_after_one_that_chose_another():
    first = sequence((0, SETTINGS["bank"][1]), *note(0, 10, key=60), end=FIRST_END)
    p = performance_of(midi_file(first, sequence(*note(0, 40), end=150)))
    boundary = FIRST_END * TICK
    resets = [(e.kind, e.a, e.b) for e in p.events if e.time == pytest.approx(boundary) and e.kind != "on"]
    assert resets[:2] == [("control", 0, 0), ("program", 0, 0)]  # bank 0 before the program is chosen


@pytest.mark.parametrize("left_ringing", ["no note-off", "pedal never lifted"])
def test_a_note_left_ringing_stops_at_the_end_of_its_own_sequence(left_ringing):
    held = note(0, None) if left_ringing == "no note-off" else [cc(0, 64, 127), *note(0, 10)]
    first = sequence((0, mido.Message("program_change", program=ORGAN)), *held, end=40)
    second = sequence(*note(150, 160, key=76, channel=1), end=170)  # a note well after, on another channel
    data = midi_file(first, second)
    (off,) = [e for e in performance_of(data).events if e.kind == "off" and e.a == 69]
    assert off.time == pytest.approx(40 * TICK)  # (0.93 s) not at the end of the file
    frames = render(data)
    assert rms(seconds(frames, 0.1, 0.8)) > AUDIBLE
    assert rms(seconds(frames, 40 * TICK + 0.5, (40 + 150) * TICK)) < 1e-4


def test_a_setting_the_next_sequence_makes_itself_stands():
    """The defaults come before the sequence's own settings, not over them."""
    first = sequence(cc(0, 7, 30), (0, mido.Message("program_change", program=ORGAN)), *note(0, 10, key=60),
                     end=FIRST_END)
    own = [cc(0, 7, 90), (0, mido.Message("program_change", program=40)), *note(0, 40)]
    alone = render(midi_file(sequence(*own, end=150), kind=0))
    both = render(midi_file(first, sequence(*own, end=150)))
    assert np.abs(both[FIRST_END * GRID:] - alone).max() < 1e-4


def test_a_faded_ending_stays_faded_into_the_next_sequence():
    """The expression reset waits for the channel's next note: sent at the boundary, it brought the strings'
    faded release back at full level."""
    fade = [cc(i, 11, 127 - i * 127 // 20) for i in range(21)]  # to 0 by tick 20 (0.46 s)
    strings = sequence((0, mido.Message("program_change", program=48)), *fade, *note(0, 30), end=30)
    frames = render(midi_file(strings, sequence(*note(100, 110, key=76, channel=1), end=120)))
    assert rms(seconds(frames, 0.05, 0.2)) > AUDIBLE
    assert rms(seconds(frames, 30 * TICK, 30 * TICK + 1.0)) < 1e-4


def rpn(tick: int, number: int, msb: int, lsb: int = 0) -> list:
    """Set registered parameter ``number`` (0 bend range, 1 fine and 2 coarse tuning) and leave it selected."""
    return [cc(tick, 101, 0), cc(tick, 100, number), cc(tick, 6, msb), cc(tick, 38, lsb)]


BENT_UP = (0, mido.Message("pitchwheel", pitch=8191))  # a whole bend up: 2 semitones at the GM range
REGISTERED = {"bend range": rpn(100, 0, 12), "fine tuning": rpn(100, 1, 127, 127), "coarse tuning": rpn(100, 2, 76)}


@pytest.mark.parametrize("parameter", REGISTERED)
def test_a_registered_parameter_of_one_sequence_does_not_carry_into_the_next(parameter):
    """A bend range (or tuning) set by RPN in the first sequence: the second bends by the GM 2 semitones."""
    first = sequence(*note(0, 10, key=60), *REGISTERED[parameter], end=FIRST_END)
    second = sequence(BENT_UP, *note(0, 40), end=150)
    alone = render(midi_file(second, kind=0))
    both = render(midi_file(first, second))
    assert np.abs(both[FIRST_END * GRID:] - alone).max() < 1e-4


def test_a_stray_data_entry_in_the_next_sequence_changes_nothing():
    """The first sequence left its bend range selected; the second's data entry without a selection is
    ignored, as in a file of its own, instead of setting the range to 12 semitones."""
    first = sequence(*note(0, 10, key=60), *rpn(100, 0, 12), end=FIRST_END)
    second = sequence(cc(0, 6, 12), BENT_UP, *note(0, 40), end=150)
    alone = render(midi_file(second, kind=0))
    both = render(midi_file(first, second))
    assert np.abs(both[FIRST_END * GRID:] - alone).max() < 1e-4


def test_a_bend_range_the_next_sequence_sets_itself_stands():
    """Set by CC6 alone, 7 semitones: the cents are the default 0 as in a file of its own, not the 50 before."""
    first = sequence(*note(0, 10, key=60), *rpn(100, 0, 12, 50), end=FIRST_END)
    second = sequence(*rpn(0, 0, 7)[:3], BENT_UP, *note(0, 40), end=150)
    alone = render(midi_file(second, kind=0))
    both = render(midi_file(first, second))
    assert np.abs(both[FIRST_END * GRID:] - alone).max() < 1e-4


def test_midi_out_restores_the_bend_range_at_the_next_note_and_deselects_it_at_once():
    """A device keeps what it is sent: the range goes back to 2 semitones before the channel's next note (the
    ringing releases keep theirs), and the selection goes to RPN null at the boundary."""
    first = sequence(*note(0, 10, key=60), *rpn(100, 0, 12), end=FIRST_END)
    p = performance_of(midi_file(first, sequence(*note(0, 40), end=150)))
    boundary = [(e.a, e.b) for e in p.events if e.kind == "control" and e.time == pytest.approx(FIRST_END * TICK)]
    assert boundary[:2] == [(101, 127), (100, 127)]
    controls = [(e.a, e.b) for e in p.events if e.kind == "control"]
    assert controls[-6:] == [(101, 0), (100, 0), (6, 2), (38, 0), (101, 127), (100, 127)]


def test_a_sequence_starts_at_the_general_midi_volume_on_midi_out_and_in_the_render():
    """CC7 100 is General MIDI's power-up volume; TinySoundFont's own 127 made a file that never sets it
    louder than on a GM device, and a sequence after one that did set it."""
    first = sequence(cc(0, 7, 30), *note(0, 10, key=60), end=FIRST_END)
    p = performance_of(midi_file(first, sequence(*note(0, 40), end=150)))
    assert ("control", 7, 100) in [(e.kind, e.a, e.b) for e in p.events if e.time > FIRST_END * TICK - 1e-9]
    silent_volume = render(midi_file(sequence(*note(0, 40), end=150), kind=0))
    written = render(midi_file(sequence(cc(0, 7, 100), *note(0, 40), end=150), kind=0))
    assert np.abs(silent_volume - written).max() < 1e-6
    drums = [(0, mido.Message("note_on", channel=9, note=38, velocity=100))]
    assert np.abs(render(midi_file(sequence(*drums, end=40), kind=0))
                  - render(midi_file(sequence((0, mido.Message("control_change", channel=9, control=7, value=100)),
                                              *drums, end=40), kind=0))).max() < 1e-6


def test_a_channel_left_in_mono_mode_is_put_back_in_poly_mode_on_midi_out():
    first = sequence(cc(0, 126, 1), *note(0, 10, key=60), end=FIRST_END)
    p = performance_of(midi_file(first, sequence(*note(0, 40), end=150)))
    at_boundary = [(e.a, e.b) for e in p.events if e.kind == "control" and e.time == pytest.approx(FIRST_END * TICK)]
    assert (127, 0) in at_boundary


def test_encores_own_solos_play_at_full_channel_volume_as_they_always_did():
    """A channel starts at General MIDI's 100 now; Encore's MIDI set no volume, so its solos rendered 6 dB
    quieter than before (a regression hunt's find). Its tracks state 127, as loud as the same notes at it."""
    from engine.jazz.export import midi_bytes
    from engine.jazz.piece import ChordSymbol, Note, Piece

    piece = Piece("Loud", [Note(i * 0.5, 0.5, 67 + i % 5, 100) for i in range(8)], [ChordSymbol(0, 4, "C7")],
                  bars=1, tempo=120.0)
    data = midi_bytes(piece)
    song = mido.MidiFile(file=io.BytesIO(data))
    for track in song.tracks:
        channels = {m.channel for m in track if m.type == "note_on"}
        volumes = {(m.channel, m.value) for m in track if m.type == "control_change" and m.control == 7}
        assert {(c, 127) for c in channels} <= volumes and {v for _, v in volumes} <= {127}
    stated = rms(render(data))
    for track in song.tracks:  # the same notes at the channels' starting volume
        track[:] = [m for m in track if not (m.type == "control_change" and m.control == 7)]
    plain = io.BytesIO()
    song.save(file=plain)
    assert stated > 1.8 * rms(render(plain.getvalue()))  # (127/100)**3, about 2
