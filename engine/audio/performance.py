"""A `Performance`: a MIDI file turned into what a player does, in seconds, ready for a synthesiser.

mido reads the bytes and resolves the tempo map; the sustain pedal is folded into the note-offs here
because TinySoundFont ignores CC64, and doing it once keeps the audio render and MIDI out in agreement.
All notes off, all sound off and reset all controllers become note-offs (and a pedal-up) the same way.
"""

from __future__ import annotations

import io
import os
from collections import Counter
from dataclasses import dataclass, field, replace

from ..errors import FileProblem
from ..files import read_bytes

SUSTAIN = 64
ALL_SOUND_OFF, RESET_CONTROLLERS = 120, 121
NOTES_OFF = {123, 124, 125, 126, 127}  # all notes off; the MIDI spec says the mode changes imply it too
RESET_VALUES = ((1, 0), (11, 127))  # what CC121 resets besides the pedals and bend: modulation, expression
GM_VOLUME = 100  # General MIDI's power-up channel volume (CC7); TinySoundFont's own is 127
FRESH_VALUES = (*RESET_VALUES, (7, GM_VOLUME), (10, 64))  # and the power-up volume and pan
# Registered parameters (RPN, chosen by CC101/CC100, set by data entry CC6/CC38, nudged by CC96/CC97) that a
# GM reset restores, with their defaults as (CC6, CC38): bend range 2 semitones, fine and coarse tuning centred.
RPN_MSB, RPN_LSB, NRPN_MSB, NRPN_LSB = 101, 100, 99, 98
DATA_ENTRY = {6, 38, 96, 97}
RPN_DEFAULTS = {0: (2, 0), 1: (64, 0), 2: (64, 0)}
RPN_NULL = (RPN_MSB, 127, 127)  # nothing selected: a stray data entry changes nothing
MONO_ON, POLY_ON = 126, 127
NEXT_SEQUENCE = "next sequence"  # marks where a type-2 file's next sequence starts; `_fold_sustain` takes it
# Controllers the synthesiser must not see: bank select is resolved at program change, and the pedal and
# the all-notes/sounds-off family become note-offs in `_fold_sustain`: sent raw, TinySoundFont would cut
# every ringing release dead (files from a DAW end with them on every channel) and reset volume and pan.
WITHHELD_CONTROLS = {0, 32, SUSTAIN, ALL_SOUND_OFF, RESET_CONTROLLERS, *NOTES_OFF}
STATE_KINDS = ("program", "control", "bend")


@dataclass(frozen=True)
class Event:
    time: float  # seconds from the start, at the written tempo
    kind: str  # "on", "off", "program", "control", "bend"
    channel: int
    a: int = 0  # key, program, controller or bend (0..16383)
    b: int = 0  # velocity or control value


@dataclass
class Performance:
    events: list[Event] = field(default_factory=list)
    duration: float = 0.0  # seconds to the last MIDI event, before any release tail
    title: str = ""

    @property
    def notes(self) -> list[Event]:
        return [e for e in self.events if e.kind == "on"]

    def first_note_time(self) -> float:
        return min((e.time for e in self.notes), default=0.0)


def load_midi(source, name: str | None = None):
    """A `mido.MidiFile` from a path, raw bytes or an existing MidiFile; anything else is a FileProblem."""
    import mido

    if isinstance(source, mido.MidiFile):
        return source
    if isinstance(source, (bytes, bytearray, memoryview)):
        data, label = bytes(source), name or "MIDI data"
    else:
        data, label = read_bytes(source), os.fspath(source)
    if not data.startswith(b"MThd"):
        raise FileProblem("is not a MIDI file (no MThd header)", label)
    try:
        midi = mido.MidiFile(file=io.BytesIO(data), clip=True)
    except Exception as e:  # noqa: BLE001 - mido raises many types for corrupt bytes
        raise FileProblem(f"is not a readable MIDI file ({type(e).__name__}: {str(e) or 'truncated'})",
                          label) from None
    if midi.ticks_per_beat <= 0:  # mido gives an SMPTE division (frames, ticks a frame) as a negative number
        raise FileProblem("counts time in SMPTE frames, not beats, which Encore does not play", label)
    return midi


def performance_of(source, name: str | None = None) -> Performance:
    """The timed events of a MIDI source; raises FileProblem if it is not MIDI or has no notes."""
    midi = load_midi(source, name)
    label = name or (os.fspath(source) if isinstance(source, (str, os.PathLike)) else "MIDI data")
    try:
        events, duration = _timed_events(midi)
    except Exception as e:  # noqa: BLE001 - a corrupt track surfaces only while iterating
        raise FileProblem(f"is not a readable MIDI file ({type(e).__name__}: {e})", label) from None
    performance = Performance(_fold_sustain(events, duration), duration, os.path.basename(label))
    if not performance.notes:
        raise FileProblem("has no notes to play", label)
    return performance


def _timed_events(midi) -> tuple[list[Event], float]:
    """The events in seconds and the time of the last; a type-2 file's tracks play one after another.

    Type 2 holds independent sequences (patterns or songs), each with its own tempo map, not parts of a band;
    a marker before each sequence lets `_fold_sustain` start it afresh, as if it were a file of its own.
    """
    if midi.type != 2:
        return _timed(midi.tracks, midi.ticks_per_beat)
    events, now = [], 0.0
    for number, track in enumerate(midi.tracks):
        if number:
            events.append(Event(now, NEXT_SEQUENCE, 0))
        more, now = _timed([track], midi.ticks_per_beat, now)
        events += more
    return events, now


def _timed(tracks, ticks_per_beat: int, start: float = 0.0) -> tuple[list[Event], float]:
    """Merge the tracks and convert ticks to seconds through every tempo change, from ``start``.

    The same result as iterating the MidiFile, without mido copying every message twice (3x faster).
    """
    stamped = []
    for track in tracks:
        tick = 0
        for msg in track:
            tick += msg.time
            stamped.append((tick, msg))
    stamped.sort(key=lambda pair: pair[0])  # stable: simultaneous messages keep track order
    seconds_per_tick = 0.5 / ticks_per_beat  # 120 bpm until the first tempo
    now, last, events = start, 0, []
    for tick, msg in stamped:
        now, last = now + (tick - last) * seconds_per_tick, tick
        if msg.type == "set_tempo":
            seconds_per_tick = msg.tempo / 1e6 / ticks_per_beat
        elif (event := _event_of(msg, now)) is not None:
            events.append(event)
    return events, now


def _event_of(msg, now: float) -> Event | None:
    kind = msg.type
    if kind == "note_on" and msg.velocity > 0:
        return Event(now, "on", msg.channel, msg.note, msg.velocity)
    if kind in ("note_on", "note_off"):
        return Event(now, "off", msg.channel, msg.note)
    if kind == "program_change":
        return Event(now, "program", msg.channel, msg.program)
    if kind == "control_change":
        return Event(now, "control", msg.channel, msg.control, msg.value)
    if kind == "pitchwheel":
        return Event(now, "bend", msg.channel, msg.pitch + 8192)
    return None


def _fold_sustain(events: list[Event], duration: float) -> list[Event]:
    """Turn the pedal and the channel-wide silencers into plain note-offs at the time each key stops."""
    dampers, out = _Dampers(), []
    for e in events:
        out.extend(dampers.play(e))
    out.extend(dampers.lift_all(duration))
    return out


class _Dampers:
    """Per channel: the keys held down and the keys the sustain pedal keeps ringing after their release.

    A note-off under the pedal waits for the pedal to come up (or the end). All notes off (CC123) lets go of
    the keys but the pedal still sustains them; all sound off (CC120) stops everything; reset all
    controllers (CC121) lifts the pedal at once, centres the bend then if a key is down, and resets modulation
    and expression (and an unheld channel's bend) at the channel's next note: sent with the reset, they brought
    back a faded ending's release at full expression (DAWs end files with CC121, then all notes off, on every
    channel), and a control the file sets before then stands. A type-2 file's next sequence starts as a file
    of its own would: every key and pedal up, bank and program 0 at once, the controls the same way as CC121's,
    and the registered parameters it changed (the bend range) too; no parameter stays selected for data entry.

    Keys are counted, not just noted: a key struck again before its release sounds twice in the synthesiser
    (TinySoundFont's note-off ends only the oldest voice), so each strike needs a note-off of its own.
    """

    def __init__(self):
        self.pedal_down: set[int] = set()
        self.pressed: dict[int, Counter[int]] = {}  # per channel, how many strikes of each key are down
        self.held: dict[int, Counter[int]] = {}  # and how many the pedal keeps ringing
        self.to_reset: dict[int, dict[tuple[str, int], Event]] = {}  # per channel, by (kind, controller)
        self.played: set[int] = set()  # the channels the file has used so far
        self.selected: dict[int, tuple[int, int, int]] = {}  # per channel, the (N)RPN data entry changes
        self.changed: dict[int, set[int]] = {}  # per channel, the RPNs this sequence has set
        self.rpn_to_reset: dict[int, set[int]] = {}  # per channel, the RPNs back to default at its next note
        self.mono: set[int] = set()

    def play(self, e: Event) -> list[Event]:
        if e.kind == NEXT_SEQUENCE:
            return [r for channel in sorted(self.played) for r in self._start_afresh(channel, e.time)]
        self.played.add(e.channel)
        if e.kind in ("control", "bend"):
            self.to_reset.get(e.channel, {}).pop((e.kind, e.a if e.kind == "control" else 0), None)
        if e.kind == "on":
            resets = [replace(r, time=e.time) for r in self.to_reset.pop(e.channel, {}).values()]
            resets += self._registered_defaults(e.channel, self.rpn_to_reset.pop(e.channel, ()), e.time)
            return [*resets, *self._strike(e)]
        if e.kind == "off":
            return self._release(e.channel, {e.a: 1}, e.time)
        if e.kind != "control":
            return [e]
        if e.a in DATA_ENTRY or e.a in (RPN_MSB, RPN_LSB, NRPN_MSB, NRPN_LSB):
            return self._parameter(e)
        if e.a == SUSTAIN:
            if e.b >= 64:
                self.pedal_down.add(e.channel)
                return [e]
            return [*self._lift(e.channel, e.time), e]
        return self._silence(e) if e.a in NOTES_OFF or e.a == ALL_SOUND_OFF else self._reset(e)

    def lift_all(self, time: float) -> list[Event]:
        return [off for channel, keys in sorted(self.held.items()) for off in _offs(time, channel, keys)]

    def _strike(self, e: Event) -> list[Event]:
        pressed = self.pressed.get(e.channel)
        if pressed is None:  # not setdefault: a Counter built for every strike slows a big file's load
            pressed = self.pressed[e.channel] = Counter()
        pressed[e.a] = pressed.get(e.a, 0) + 1
        ringing = self.held.get(e.channel, {}).pop(e.a, 0)  # re-striking a sustained key damps it first
        return [*_offs(e.time, e.channel, {e.a: ringing}), e] if ringing else [e]

    def _release(self, channel: int, keys: dict[int, int], time: float) -> list[Event]:
        """Let go of ``keys`` (key -> strikes); under the pedal they ring on (a stray note-off holds nothing)."""
        pressed = self.pressed.get(channel) or {}
        pedal = channel in self.pedal_down
        for key, strikes in keys.items():
            before = pressed.get(key, 0)
            if before > strikes:
                pressed[key] = before - strikes
            else:
                pressed.pop(key, None)  # a key with no strikes left is up: CC121 then leaves the bend alone
            if pedal and before:
                held = self.held.setdefault(channel, Counter())
                held[key] = held.get(key, 0) + min(strikes, before)
        return [] if pedal else _offs(time, channel, keys)

    def _lift(self, channel: int, time: float) -> list[Event]:
        self.pedal_down.discard(channel)
        return _offs(time, channel, self.held.pop(channel, {}))

    def _parameter(self, e: Event) -> list[Event]:
        """Follow which parameter data entry changes (as TinySoundFont does) and which RPNs the file sets."""
        selected = self.selected.get(e.channel)
        if e.a not in DATA_ENTRY:
            kind = RPN_MSB if e.a in (RPN_MSB, RPN_LSB) else NRPN_MSB
            _, msb, lsb = selected if selected and selected[0] == kind else (kind, 0, 0)  # an unsent byte is 0
            self.selected[e.channel] = (kind, e.b, lsb) if e.a == kind else (kind, msb, e.b)
            return [e]
        number = selected[1] << 7 | selected[2] if selected and selected[0] == RPN_MSB else None
        if number not in RPN_DEFAULTS:
            return [e]
        self.changed.setdefault(e.channel, set()).add(number)
        waiting = self.rpn_to_reset.get(e.channel, set())
        if number not in waiting:
            return [e]
        waiting.discard(number)  # the default first, so that a file setting only CC6 gets the default cents
        return [*self._registered_defaults(e.channel, {number}, e.time), e]

    def _registered_defaults(self, channel: int, numbers, time: float) -> list[Event]:
        """The RPNs back to their defaults, then the channel's own selection again."""
        if not numbers:
            return []
        values = []
        for number in sorted(numbers):
            values += [(RPN_MSB, number >> 7), (RPN_LSB, number & 127), (6, RPN_DEFAULTS[number][0]),
                       (38, RPN_DEFAULTS[number][1])]
        kind, msb, lsb = self.selected.get(channel, RPN_NULL)
        values += [(kind, msb), (kind - 1, lsb)]
        return [Event(time, "control", channel, cc, value) for cc, value in values]

    def _silence(self, e: Event) -> list[Event]:
        if e.a == MONO_ON:
            self.mono.add(e.channel)
        elif e.a == POLY_ON:
            self.mono.discard(e.channel)
        if e.a == ALL_SOUND_OFF:  # even what the pedal holds
            keys = +self.pressed.pop(e.channel, Counter()) + self.held.pop(e.channel, Counter())
            return [*_offs(e.time, e.channel, keys), e]
        return [*self._release(e.channel, +self.pressed.get(e.channel, Counter()), e.time), e]

    def _reset(self, e: Event) -> list[Event]:
        if e.a != RESET_CONTROLLERS:
            return [e]
        later = [Event(e.time, "control", e.channel, cc, value) for cc, value in RESET_VALUES]
        bend = Event(e.time, "bend", e.channel, 8192)
        now = [bend] if self.pressed.get(e.channel) else []  # a key down is unbent at once, as the spec has it
        later += [] if now else [bend]
        self.to_reset[e.channel] = {(r.kind, r.a if r.kind == "control" else 0): r for r in later}
        return [*self._lift(e.channel, e.time), e, *now]

    def _start_afresh(self, channel: int, time: float) -> list[Event]:
        """Every key and the pedal up at the sequence's end, bank and program 0; the default controls wait for
        the channel's next note, so the releases ending the sequence before keep their level, pan and pitch."""
        keys = +self.pressed.pop(channel, Counter()) + self.held.pop(channel, Counter())
        out = _offs(time, channel, keys)
        if channel in self.pedal_down:
            self.pedal_down.discard(channel)
            out.append(Event(time, "control", channel, SUSTAIN, 0))
        later = [Event(time, "control", channel, cc, value) for cc, value in FRESH_VALUES]
        later.append(Event(time, "bend", channel, 8192))
        self.to_reset[channel] = {(r.kind, r.a if r.kind == "control" else 0): r for r in later}
        self.rpn_to_reset.setdefault(channel, set()).update(self.changed.pop(channel, ()))
        return [*out, *self._unselect(channel, time), Event(time, "control", channel, 0, 0),
                Event(time, "program", channel, 0)]

    def _unselect(self, channel: int, time: float) -> list[Event]:
        """RPN null and poly mode at once: neither changes a ringing release."""
        out = []
        if self.selected.get(channel, RPN_NULL) != RPN_NULL:
            self.selected[channel] = RPN_NULL
            out += [Event(time, "control", channel, RPN_MSB, 127), Event(time, "control", channel, RPN_LSB, 127)]
        if channel in self.mono:
            self.mono.discard(channel)
            out.append(Event(time, "control", channel, POLY_ON, 0))
        return out


def _offs(time: float, channel: int, keys) -> list[Event]:
    """A note-off for every strike counted in ``keys`` (key -> strikes), lowest key first."""
    return [Event(time, "off", channel, key) for key in sorted(keys) for _ in range(keys[key])]
