"""Reading MIDI, MusicXML and ABC files through music21 into flat parts of timed events.

MIDI goes through music21's MIDI layer (tracks, timed note events) and a flat Stream that music21
quantises; notes that start and end together become chords with music21 4's tolerance (1/16 quarter),
which is what the reference dataset was made with. Scores (MusicXML, ABC) go through the converter and
are flattened from today's Part -> Measure -> Voice nesting, ties joined.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import zipfile
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Callable

from ..errors import EncoreError, FileProblem
from ..files import decode_text, read_bytes
from ..words import plural, valid_text
from .grammar import GRID
from .piece import FASTEST, SLOWEST
from .progression import NO_CHORD, bar_quarters, chord_pitches, jazz_figure, music21_figure
from .repeats import (
    WRITTEN,
    abc_as_played,
    abc_jump_spelling,
    abc_repeat_spelling,
    as_played,
    written_bars,
)

MIDI_SUFFIXES = {".mid", ".midi", ".smf", ".kar"}
SCORE_SUFFIXES = {".musicxml", ".xml", ".mxl", ".abc"}
DRUM_CHANNEL = 10
# A text event in the track whose markers are Encore's chord symbols: other programs' markers name sections
# ('A', 'Verse'), and 'A' reads as a chord.
CHORD_MARKS = "Encore: markers are chord symbols"
MELODY_TRACK = "Melody"  # the solo's track in Encore's MIDI, known by name where the file has CHORD_MARKS


@dataclass
class Event:
    offset: float  # quarter notes from the start
    duration: float
    pitches: tuple[int, ...]  # MIDI numbers, low to high as written
    names: tuple[str, ...]  # spelled with octave ('E-5')
    velocity: int = 90  # as played (MIDI) or written; 90 where the file gives none, as a Note's default

    @property
    def end(self) -> float:
        return self.offset + self.duration


@dataclass
class LeadChord:
    offset: float
    figure: str  # chord symbol as written ('Cmaj7')
    names: tuple[str, ...]
    pitches: tuple[int, ...]


@dataclass
class RawPart:
    name: str
    note_count: int
    drums: bool = False
    lead_chords: list[LeadChord] = field(default_factory=list)
    single_share: float = 1.0  # share of onsets that are one note (a melody is mostly single notes)
    mean_pitch: float = 0.0
    load: Callable[[], list[Event]] | None = field(default=None, repr=False)
    keys: list[tuple[float, int, str | None]] = field(default_factory=list)  # a score part's own signatures
    _events: list[Event] | None = field(default=None, repr=False)

    @property
    def events(self) -> list[Event]:
        """Built on first use: turning a MIDI track into music21 objects is the slow part of reading."""
        if self._events is None:
            self._events = self.load() if self.load else []
        return self._events

    def delay(self, by: float) -> None:
        """Everything in the part moved later by `by` quarter notes."""
        self.lead_chords = [replace(c, offset=c.offset + by) for c in self.lead_chords]
        self.keys = [(at + by, sharps, mode) for at, sharps, mode in self.keys]
        if self._events is not None:
            self._events = [replace(e, offset=e.offset + by) for e in self._events]
        elif self.load:
            load = self.load
            self.load = lambda: [replace(e, offset=e.offset + by) for e in load()]


@dataclass
class RawScore:
    title: str
    parts: list[RawPart]
    sha256: str = ""
    meters: list[str] = field(default_factory=list)  # the file's time signatures in order, e.g. ["3/4"]
    pickup: float = 0.0  # quarter notes in an opening pickup bar (an anacrusis), where the file marks one
    tempo: float = 0.0  # quarter notes a minute at the file's first tempo mark; 0 where it has none
    chord_marks: list[LeadChord] = field(default_factory=list)  # an Encore MIDI file's chord symbols, as written
    # (quarter notes from the start, bpm) of each later tempo that differs from the one before: Encore keeps one
    tempo_changes: list[tuple[float, float]] = field(default_factory=list)
    # (quarter notes from the start, sharps (flats below 0), 'major', 'minor' or None) of each key signature a
    # MIDI file states where they say something (see telling_keys); a score's are its parts' own
    keys: list[tuple[float, int, str | None]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what the reading left out or chose ('holds 2 tunes; ...')
    # (start, end in quarter notes, its place among the bars as written) of each bar as played, where the reading
    # wrote out repeats (see repeats.written_bars): a bar played twice is one bar of the piece as written
    written_bars: list[tuple[float, float, int]] = field(default_factory=list)

    def start_on_bar_line(self, bar: float) -> None:
        """The pickup moved to the end of a bar of its own, so that bar lines fall every `bar` quarter notes
        from 0 as in the score: read from 0, a one-beat pickup would put every later bar line a beat early."""
        for part in self.parts:
            part.delay(bar - self.pickup)
        self.chord_marks = [replace(c, offset=c.offset + bar - self.pickup) for c in self.chord_marks]
        self.tempo_changes = [(at + bar - self.pickup, bpm) for at, bpm in self.tempo_changes]
        self.keys = [(at + bar - self.pickup, sharps, mode) for at, sharps, mode in self.keys]
        self.written_bars = [(start + bar - self.pickup, end + bar - self.pickup, written)
                             for start, end, written in self.written_bars]


def read_score(path: str | Path, exact: bool = True, numbered: bool = False) -> RawScore:
    """``exact``: a MIDI part mostly on a twelfth-of-a-quarter grid is read where its notes are (see _written);
    the course preset quantizes every file, as the reference dataset was made. ``numbered``: a bar range in the
    score's bars as written is asked for (a project of an earlier Encore), so its repeats are not written out."""
    p = Path(path)
    data = read_bytes(p)
    suffix = p.suffix.lower()
    if suffix in MIDI_SUFFIXES or data[:4] == b"MThd":
        score = _read_midi(p, data, exact)
    elif suffix in SCORE_SUFFIXES:
        score = _read_notation(p, data, numbered)
    else:
        raise FileProblem("is not a MIDI, MusicXML or ABC file (expected .mid, .musicxml, .mxl, .xml or .abc)", p)
    score.sha256 = hashlib.sha256(data).hexdigest()
    return score


def _read_midi(path: Path, data: bytes, exact: bool = True) -> RawScore:
    from music21 import midi
    from music21.midi import translate

    if data[:4] != b"MThd":
        raise FileProblem("is not a MIDI file (no MThd header)", path)
    if data[8:10] == b"\x00\x02":  # music21 says 'cannot handle midi file format: <built-in function format>'
        raise FileProblem("is a type 2 MIDI file (a set of separate songs), which Encore does not read", path)
    mf = midi.MidiFile()
    try:
        mf.readstr(data)
    except Exception as e:  # noqa: BLE001 - music21 raises several kinds on corrupt bytes
        raise FileProblem(f"is not a readable MIDI file ({e})", path) from None
    try:
        timed = [translate.getTimeForEvents(track) for track in mf.tracks]  # each track's (tick, event)
        parts = [part for events, track in zip(timed, mf.tracks, strict=True) if track.hasNotes()
                 for part in _midi_parts(events, mf.ticksPerQuarterNote, exact)]
        signatures = _midi_meters(timed, mf.ticksPerQuarterNote)
    except Exception as e:  # noqa: BLE001 - corrupt events surface here rather than in readstr
        raise FileProblem(f"is not a readable MIDI file ({e})", path) from None
    pickup = _short_opening_bar(signatures)
    meters = [m for _, m in signatures[1 if pickup else 0:]]  # the pickup's own meter is not the tune's
    tempos = _midi_tempos(timed, mf.ticksPerQuarterNote)
    return RawScore(_plain(_midi_title(mf.tracks)) or _plain(path.stem), [p for p in parts if p.note_count],
                    meters=meters, pickup=pickup, tempo=_usable_tempo(tempos[0][1]) if tempos else 120.0,
                    chord_marks=_chord_marks(timed, mf.ticksPerQuarterNote), tempo_changes=_tempo_changes(tempos),
                    keys=telling_keys(_midi_keys(timed, mf.ticksPerQuarterNote)))


def _midi_keys(timed: list, ticks_per_quarter: int) -> list[tuple[float, int, str | None]]:
    """(quarter notes from the start, sharps, mode) of each key signature event, in time order over all tracks,
    each change once."""
    found = sorted((tick, int.from_bytes(e.data[:1], "big", signed=True), "minor" if e.data[1] else "major")
                   for events in timed for tick, e in events
                   if str(getattr(e.type, "name", e.type)) == "KEY_SIGNATURE" and len(e.data or b"") >= 2
                   and -7 <= int.from_bytes(e.data[:1], "big", signed=True) <= 7 and e.data[1] in (0, 1))
    return changed_keys([(tick / ticks_per_quarter, sharps, mode) for tick, sharps, mode in found])


def changed_keys(keys: list) -> list:
    """The first key and each after it whose signature differs from the one before (files restate theirs)."""
    return [k for i, k in enumerate(keys) if i == 0 or k[1] != keys[i - 1][1]]


def telling_keys(keys: list) -> list:
    """A file's key signatures where they say something: a key change, or one key that is not C major or A
    minor. Sequencers and notation programs write C when nobody chose a key (an F blues among them; Encore's
    own etude 3, in F, is typed K:C with its flats written out), and a stated C would then sign the lead sheet
    worse than the key Encore hears in the chords."""
    return keys if len(keys) > 1 or keys and keys[0][1] != 0 else []


def _chord_marks(timed: list, ticks_per_quarter: int) -> list[LeadChord]:
    """The chord symbols Encore wrote as markers, each from its marker on, in the track tagged CHORD_MARKS
    (never another program's markers); none where one is not a symbol Encore voices (a hand-edited file):
    the chords are then read from the notes, as in any MIDI file."""
    for events in timed:
        texts = [(tick, e.type.name, _midi_text(e.data or b"")) for tick, e in events
                 if e.type.name in ("TEXT_EVENT", "MARKER")]
        if ("TEXT_EVENT", CHORD_MARKS) in {(kind, text) for _, kind, text in texts}:
            marks = {tick: text for tick, kind, text in texts if kind == "MARKER"}  # the last at a tick stands
            try:
                return [_written_chord(tick / ticks_per_quarter, text) for tick, text in sorted(marks.items())]
            except EncoreError:
                return []
    return []


def _written_chord(offset: float, symbol: str) -> LeadChord:
    """A chord symbol voiced as a typed chart's, its notes spelled as the file's melody notes are (as MIDI spells
    them): the melody's tokens judge its notes against them, and Gb7's G-flat made the melody's F# no chord tone.
    N.C. has no notes. EncoreError for a symbol Encore cannot read."""
    from .grammar import midi_name

    if symbol.upper() in NO_CHORD:
        return LeadChord(offset, "N.C.", (), ())  # as a typed chart writes it, whichever spelling
    pitches = chord_pitches(symbol)[1]
    return LeadChord(offset, symbol, tuple(midi_name(p) for p in pitches), pitches)


# names sequencers give a conductor track, not a title
_NOT_A_TITLE = re.compile(r"(?:(?:tempo|conductor|master|global|untitled|midi|seq(?:uence)?)(?:\s*(?:track|map))?"
                          r"|track)\s*\d*", re.I)  # 'Tempo Track', 'Track 1', 'Untitled': not '2112'


def _midi_title(tracks) -> str:
    """A type 1 file's title: the name of its first track when that track plays nothing (the conductor track,
    where Encore's export and most notation programs write it), unless it is a sequencer's label."""
    if len(tracks) < 2 or tracks[0].hasNotes():
        return ""
    names = [_midi_text(e.data) for e in tracks[0].events
             if getattr(e.type, "name", "") == "SEQUENCE_TRACK_NAME" and e.data]  # (a DeltaTime's type is text)
    return names[0] if names and names[0] and not _NOT_A_TITLE.fullmatch(names[0]) else ""


def _midi_text(data: bytes) -> str:
    """A MIDI text event: UTF-8 where it is (as most programs now write), else Latin-1 (the standard's)."""
    try:
        return _plain(data.decode("utf-8"))
    except UnicodeDecodeError:
        return _plain(data.decode("latin-1"))


_LINE_BREAKS = re.compile(r"[\t\n\r]+")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def _plain(text: str) -> str:
    """Text as a title or name can show it: a line break or tab becomes a space, and other control characters
    go (older sequencers end a track name with a NUL): kept, they made an export's MusicXML unreadable."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", valid_text(text))).strip()


def _midi_tempos(timed: list, ticks_per_quarter: int) -> list[tuple[float, float]]:
    """(quarter notes from the start, quarter notes a minute) of each set-tempo event (microseconds a quarter
    note), in time order over all tracks: a type 1 file may change tempo in any of them. The file's tempo is the
    first; without one, the 120 a MIDI file plays at (0, Encore's default, would make an export or --base faster
    than the file)."""
    tempos = [(tick, int.from_bytes(e.data, "big")) for events in timed for tick, e in events
              if str(getattr(e.type, "name", e.type)) == "SET_TEMPO" and len(e.data or b"") == 3]
    return [(tick / ticks_per_quarter, 60_000_000 / micros if micros else 0.0)
            for tick, micros in sorted(tempos, key=lambda t: t[0])]  # stable: at one tick, the first track's first


def _tempo_changes(tempos: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The tempos after the first, in time order, each that differs from the one before (files restate theirs,
    and a score's parts each carry the same marks)."""
    changes, last = [], round(tempos[0][1], 2) if tempos else 0.0
    for at, bpm in tempos[1:]:
        if round(bpm, 2) != last:
            last = round(bpm, 2)
            changes.append((at, last))
    return changes


def _usable_tempo(bpm: float) -> float:
    """A file's tempo where Encore can play it, else 0: the default."""
    return round(bpm, 2) if SLOWEST <= bpm <= FASTEST else 0.0


def _midi_meters(timed: list, ticks_per_quarter: int) -> list[tuple[float, str]]:
    """(quarter notes from the start, '3/4') for each time signature, in time order, each once."""
    found = {}
    for tick, e in (pair for events in timed for pair in events):
        signature = str(getattr(e.type, "name", e.type)) == "TIME_SIGNATURE"
        if signature and len(e.data or b"") >= 2 and e.data[1] < 8:
            found.setdefault((tick / ticks_per_quarter, f"{e.data[0]}/{2 ** e.data[1]}"), None)
    return sorted(found, key=lambda at: at[0])


def _short_opening_bar(signatures: list[tuple[float, str]]) -> float:
    """The length of a MIDI file's opening bar where it is a pickup written as one short bar in a meter of
    its own (1/4, then 3/4), as notation programs export one; else 0."""
    if len(signatures) < 2 or signatures[0][0] > 0:
        return 0.0
    (_, first), (at, then) = signatures[:2]
    return at if 0 < at < bar_quarters(then) and abs(bar_quarters(first) - at) < 1e-6 else 0.0


def _midi_parts(timed: list, ticks_per_quarter: int, exact: bool = True) -> list[RawPart]:
    """A track from its (tick, event) pairs: one part per channel it plays on. A type 0 file has the whole band
    in its one track, drums (channel 10) and all: as one part its melody was the cymbal line."""
    from music21.midi import translate

    notes = _closed_notes(timed, translate.getNotesFromEvents(timed))
    names = [_midi_text(e.data) for _, e in timed
             if e.type.name in ("SEQUENCE_TRACK_NAME", "INSTRUMENT_NAME") and e.data]
    name = names[0] if names else ""
    channels = sorted({n.event.channel for n in notes})
    if len(channels) <= 1:
        return [_midi_part(notes, name, ticks_per_quarter, exact)]
    return [_midi_part([n for n in notes if n.event.channel == channel],
                       f"{name} (channel {channel})".strip(), ticks_per_quarter, exact) for channel in channels]


def _closed_notes(timed: list, notes: list) -> list:
    """music21's notes and, in their places, those it drops for want of a note-off: each held until the next
    strike of its key on its channel, or else to the end of the track, as a synth (and Encore's render) plays
    it. A file whose every note lacked its note-off read as having no notes. Not drums, which many files strike
    without note-offs: Encore plays none of them, and a drum part found now would renumber the parts after it,
    which projects and command lines name by number. Every note also stops at its channel's first all notes off
    or all sound off after it is struck, as the render stops it: files ended by those held their notes on."""
    from music21.midi import translate

    paired = {id(n.event): n for n in notes}
    strikes = [(tick, e) for tick, e in timed if e.isNoteOn()]
    silencers = _silencers(timed)
    if len(paired) == len(strikes) and not silencers:
        return notes
    end = timed[-1][0]
    closed, next_strike = [], {}
    for tick, e in reversed(strikes):
        key = (e.pitch, e.channel)
        stop = _next_after(silencers.get(e.channel, []), tick)
        if id(e) in paired:
            note = paired[id(e)]
            closed.append(note if note.offTime <= stop else translate.TimedNoteEvent(tick, stop, e))
        elif next_strike.get(key, end) > tick and e.channel != DRUM_CHANNEL:  # at the very end it sounds nothing
            closed.append(translate.TimedNoteEvent(tick, min(next_strike.get(key, end), stop), e))
        next_strike[key] = tick
    return closed[::-1]


# CC120 all sound off, CC123 all notes off, and the mode changes (CC124-127) that the MIDI spec says imply it
_SILENCERS = {"ALL_SOUND_OFF", "ALL_NOTES_OFF", "OMNI_MODE_OFF", "OMNI_MODE_ON", "MONO_MODE_ON", "POLY_MODE_ON"}


def _silencers(timed: list) -> dict[int, list[int]]:
    """The ticks, in order, at which each channel but the drums' is told to stop all its notes."""
    from music21.midi import ChannelModeMessages

    found: dict[int, list[int]] = {}
    for tick, e in timed:
        if isinstance(e.type, ChannelModeMessages) and e.type.name in _SILENCERS and e.channel != DRUM_CHANNEL:
            found.setdefault(e.channel, []).append(tick)
    return found


def _next_after(ticks: list[int], tick: int) -> float:
    """The first of the sorted ``ticks`` after ``tick``: one at the strike's own tick cleared the channel
    before it."""
    at = bisect_right(ticks, tick)
    return ticks[at] if at < len(ticks) else math.inf


def _midi_part(notes: list, name: str, ticks_per_quarter: int, exact: bool = True) -> RawPart:
    drums = bool(notes) and all(n.event.channel == DRUM_CHANNEL for n in notes)
    onsets = {n.onTime for n in notes}
    return RawPart(name, len(notes), drums,
                   single_share=len(onsets) / max(1, len(notes)),
                   mean_pitch=sum(n.event.pitch for n in notes) / max(1, len(notes)),
                   load=lambda: _midi_events(notes, ticks_per_quarter, exact))


def _midi_events(notes, ticks_per_quarter: int, exact: bool = True) -> list[Event]:
    """Group notes that start and end within 1/16 quarter into chords, then let music21 quantise a played part
    (a written one keeps its times, see _written)."""
    from music21 import chord, note, pitch, stream

    tolerance = ticks_per_quarter / 16
    flat = stream.Stream()
    used = [False] * len(notes)
    for i, first in enumerate(notes):
        if used[i]:
            continue
        group = [first]
        for j in range(i + 1, len(notes)):
            other = notes[j]
            if abs(other.onTime - first.onTime) > tolerance:
                break
            # music21 4 let a note join more than one chord; the reference data depends on it
            if abs(other.offTime - first.offTime) <= tolerance:
                group.append(other)
                used[j] = True
        length = (first.offTime - first.onTime) / ticks_per_quarter
        # pitches spelled one by one as MIDI spells them (a Chord of ints respells them as a chord)
        pitches = [pitch.Pitch(midi=n.event.pitch) for n in group]
        element = note.Note(pitches[0]) if len(group) == 1 else chord.Chord(pitches)
        element.quarterLength = length
        element.volume.velocity = max(n.event.velocity for n in group)
        flat.coreInsert(first.onTime / ticks_per_quarter, element)
    flat.coreElementsChanged()
    if exact and _written(flat.notes):
        _snap_strays(flat)
    else:
        flat.quantize((4, 3), processOffsets=True, processDurations=True, inPlace=True)
    return [_event(e) for e in flat.notes]


def _on_grid(element) -> bool:
    """Whether the note starts and lasts a whole number of twelfths of a quarter note, as Encore's own
    solos do (a 16th then a triplet eighth puts a note at 7/12), which quantizing to 16ths or triplets
    moves."""
    return all(abs(float(x) * 12 - round(float(x) * 12)) < 1e-6
               for x in (element.offset, element.quarterLength))


def _written(elements) -> bool:
    """Whether most of a part's notes are on the grid: a written file (Encore's own export, a sequencer's
    quantized part), read where its notes are, so that a solo given back as MIDI (--base, jazz export) comes
    back unchanged. Played MIDI, a few notes on the grid by chance (the Metheny solo: at most 1 in 18), is
    quantized whole. Asking it of every note let one note placed with Snap Off re-time the whole file."""
    elements = list(elements)
    return sum(map(_on_grid, elements)) * 2 > len(elements) or not elements


def _snap_strays(flat) -> None:
    """A written part's notes off the grid put on the nearest 16th or triplet eighth (as a played part is
    quantized whole): a swung eighth of a sequencer's (0.6 of a beat) is a triplet's 2/3, not a length of its
    own. A note already on the 48th of a beat (a 32nd), the finest the solo's tokens hold, stays there, and one
    that would land on or past a neighbour's start or the part's end (a grace note before a beat) goes to the
    nearest 48th instead. The others stay put."""
    notes = list(flat.notes)
    starts = sorted({float(e.offset) for e in notes})
    end = max(float(e.offset + e.quarterLength) for e in notes)
    for element in [e for e in notes if not _on_grid(e)]:
        start, length = float(element.offset), float(element.quarterLength)
        before = max((t for t in starts if t < start - 1e-9), default=-math.inf)
        after = min((t for t in starts if t > start + 1e-9), default=end)
        coarse = _nearest_beat_part(start)
        written = all(abs(x * GRID - round(x * GRID)) < 1e-6 for x in (start, length))  # a 32nd: as it stands
        if not written and before < coarse < after and coarse < end:
            offset = coarse
            length_to = max(_nearest_beat_part(length), Fraction(1, 4))
        else:
            offset = Fraction(round(start * GRID), GRID)
            length_to = Fraction(max(1, round(length * GRID)), GRID)
        flat.coreSetElementOffset(element, offset)
        element.quarterLength = length_to
    flat.coreElementsChanged()


def _nearest_beat_part(quarters: float) -> Fraction:
    """The nearest multiple of a 16th or of a triplet eighth (of two as near, the 16th)."""
    return min((Fraction(round(quarters * n), n) for n in (4, 3)), key=lambda x: abs(float(x) - quarters))


def _event(element) -> Event:
    pitches = element.pitches
    if not all(0 <= p.ps <= 127 for p in pitches):  # music21 folds a wild octave into range in .midi
        raise ValueError(f"a note outside the MIDI range 0-127 ({pitches[0].nameWithOctave[:40]})")
    velocity = _written_velocity(element)
    return Event(float(element.offset), float(element.quarterLength), tuple(p.midi for p in pitches),
                 tuple(p.nameWithOctave for p in pitches), min(max(int(velocity), 1), 127) if velocity else UNMARKED)


UNMARKED = 90  # a note's velocity where the score gives none (music21's default)


def _written_velocity(element) -> float | None:
    """The note's velocity, None where it has none. A chord read from a score keeps one on each of its notes (each
    <note dynamics>) and none of its own, which read as none: the chord sounds at its loudest note's, as a MIDI
    file's notes struck together are read and as Encore's export writes them."""
    if element.hasVolumeInformation():
        return element.volume.velocity
    notes = getattr(element, "notes", ())
    written = [n.volume.velocity for n in notes if n.hasVolumeInformation()]
    if written and len(written) < len(notes):  # a note without dynamics sounds as an unmarked single note does
        written.append(UNMARKED)
    return max((v for v in written if v is not None), default=None)


# music21's ABC reader takes minutes (super-linear) on broken-rhythm marks chained note to note ("<a><a><a>");
# real tunes pair notes ("a>b c>d"), so a long chain is refused before parsing rather than hanging.
_CHAINED_BROKEN_RHYTHM = re.compile(rb"(?:[<>]+\s*[\^=_]{0,2}[A-Ga-gz][,']*[0-9/]*\s*){12,}[<>]")


# The same reader slows super-linearly on slurs left open; real tunes close theirs ("(3" is a triplet).
_SLUR_OPEN, _SLUR_CLOSE = re.compile(rb"\((?![0-9])"), re.compile(rb"\)")
MAX_OPEN_SLURS = 64
# ... and never answers on a note many bars long (its bar-fitting search): no real tune needs over 64 units.
_HUGE_NOTE_LENGTH = re.compile(rb"[A-Ga-gz][,']*(?:[1-9][0-9]{2,}|6[5-9]|[7-9][0-9])(?![0-9])")


# An ABC field line ("X:1", "K:Bb", "L:1/8"): a tune has some; text with none is not ABC.
_ABC_FIELD = re.compile(r"^\s*[A-Za-z]:", re.MULTILINE)
_FIRST_TUNE = re.compile(r"^[ \t]*X:", re.MULTILINE)
# What music21 says in its own terms, and what it means to someone who wrote the file.
_ABC_READER_WORDS = {
    "no active default note length": "gives no note length: add an L: line (L:1/8 is ABC's default) or an "
                                     "M: meter line to its header",
    "must process tokens": "has no tune in this ABC file",
}


def _abc_text(path: Path, data: bytes) -> str:
    """The file's text, decoded by its byte order mark before looking for binary data's NULs: a tune saved as
    Notepad's "Unicode" (UTF-16) has a NUL in every other byte."""
    try:
        text = decode_text(data, path)
    except FileProblem:
        if b"\x00" not in data:
            raise
        text = "\x00"
    if "\x00" in text:
        raise FileProblem("is not an ABC file (binary data, not text)", path)
    return text


def _check_abc_text(path: Path, text: str) -> None:
    """Empty or plain text files, refused in words before music21 answers in its own."""
    if not any(line.strip() and not line.lstrip().startswith("%") for line in text.splitlines()):
        raise FileProblem("has no tune in this ABC file (it is empty, or only comments)", path)
    if not _ABC_FIELD.search(text):
        raise FileProblem("is not an ABC tune (no header lines such as X:1, M:4/4 or K:C)", path)


def _abc_reader_problem(path: Path, error: Exception) -> FileProblem:
    said = str(error)
    meaning = next((words for known, words in _ABC_READER_WORDS.items() if known in said), None)
    return FileProblem(meaning or f"could not be read as ABC ({type(error).__name__}: {said})", path)


_KEY_FIELD = re.compile(r"\s*K:")  # a tune's last header field: what follows it is music


def _without_free_text(text: str) -> str:
    """ABC 2.1 lets a tunebook open with free text, ignored, before its first X: line; music21 reads it as notes
    (and then asks for a note length). Fields, directives and comments there are the book's own header: kept."""
    first = _FIRST_TUNE.search(text)
    if not first:
        return text
    head = text[:first.start()].splitlines(keepends=True)
    if any(_KEY_FIELD.match(line) for line in head):  # a first tune written without its X: line, read as before
        return text
    kept = [line for line in head if not line.strip() or line.lstrip().startswith("%") or _ABC_FIELD.match(line)]
    return "".join(kept) + text[first.start():]


_TUNE_START = re.compile(r"^(?=[ \t]*X:)", re.MULTILINE)
_INLINE_UNIT = re.compile(r"\[L:")
_INLINE_FIELD = re.compile(r"\[([LM]):([^\]\n]*)\]")
_OPENING_FIELDS = re.compile(r"\s*(?:\[[LM]:[^\]\n]*\]\s*)+")  # [M:3/4][L:1/8] before a tune's first note
_LENGTH_OR_METER = re.compile(r"^\s*[LM]:", re.MULTILINE)  # music21 sets no unit from an inline [M:] or [L:]
ABC_DEFAULTS = ("gives no note length (L:) or meter (M:) before its music: read as the ABC standard says, with "
                "an eighth note as its unit (L:1/8), and in 4/4 bars where it gives no meter")


def _with_abc_defaults(text: str) -> tuple[str, bool]:
    """The tunes with L:1/8 added to each that gives neither a note length nor a meter before its music, as the
    ABC standard says (free meter: an eighth note); music21 refused them. And whether the first tune, the one read,
    was one of them. A file header's L: or M: (before the first X:) is every tune's."""
    blocks = [block for block in _TUNE_START.split(text) if block]
    book = blocks[0] if blocks and not _FIRST_TUNE.match(blocks[0]) and not _has_key(blocks[0]) else ""
    given = bool(_LENGTH_OR_METER.search(book))
    filled = [(block, False) if given or block is book else _with_eighth_unit(block) for block in blocks]
    first = next((i for i, block in enumerate(blocks) if block is not book), None)
    return "".join(block for block, _ in filled), first is not None and filled[first][1]


def _has_key(block: str) -> bool:
    return any(_KEY_FIELD.match(line) for line in block.splitlines())


def _with_eighth_unit(tune: str) -> tuple[str, bool]:
    """The tune with the inline [M:] and [L:] that open its music moved to its header, where music21 reads them
    (it ignores inline fields: a tune opening on [M:3/4] was read in 4/4), and with L:1/8 before its K: line
    where nothing before its music sets L: or M:; and whether L:1/8 was added."""
    lines = tune.splitlines(keepends=True)
    key = next((i for i, line in enumerate(lines) if _KEY_FIELD.match(line)), None)
    if key is None:
        return tune, False
    music = next((i for i in range(key + 1, len(lines)) if lines[i].strip() and not lines[i].lstrip().startswith("%")
                  and not _ABC_FIELD.match(lines[i])), None)
    if music is None:
        return tune, False
    opening = _OPENING_FIELDS.match(lines[music])
    if opening:
        fields = [f"{name}:{value.strip()}\n" for name, value in _INLINE_FIELD.findall(opening.group())]
        lines = [*lines[:key], *fields, *lines[key:music], lines[music][opening.end():], *lines[music + 1:]]
        key, music = key + len(fields), music + len(fields)
    if any(_LENGTH_OR_METER.search(line) for line in lines[:music + 1]) or _INLINE_UNIT.search("".join(lines)):
        return "".join(lines), False  # a later inline [L:], which music21 does not read: refused, with the advice
    return "".join([*lines[:key], "L:1/8\n", *lines[key:]]), True


# A quoted annotation in a tune's music: a chord symbol, or text placed by its first character (^ above, _ below,
# < > beside, @ anywhere), which music21 took for a chord symbol: "^Intro""Cm7" lost its Cm7, and a note under ">x" its note
_ANNOTATION = re.compile(r'"([^"\n]*)"')
_PLACED = ("^", "_", "<", ">", "@")
_NO_CHORD_WORDS = {"No Chord", "None"}  # music21's ABC reader's own words for N.C.


def abc_chord_symbols(text: str) -> tuple[str, list[str]]:
    """The tunes with each chord symbol spelled so that music21's ABC reader reads it as Encore's chart reader does
    (D-7 is D minor seven on a chart and D flat seven to music21; it dropped C^7 and C7alt, and F#-7 refused the
    file), placed text left out, and the symbols neither reads left out too: those of the first tune, the one
    read, are listed (the chord before each holds)."""
    unread: list[str] = []
    tunes = 0

    def spelled(found: re.Match) -> str:
        symbol = found.group(1).strip()
        if symbol.startswith(_PLACED):
            return ""
        ours = _abc_spelling(symbol)
        if ours is None and tunes <= 1 and symbol not in unread:
            unread.append(symbol)
        return "" if ours is None else found.group() if ours == symbol else f'"{ours}"'

    lines = []
    for line in text.splitlines(keepends=True):
        tunes += bool(_FIRST_TUNE.match(line))
        music = not (_ABC_FIELD.match(line) or line.lstrip().startswith("%"))
        lines.append(_ANNOTATION.sub(spelled, line) if music and '"' in line else line)
    return "".join(lines), unread


def _unread_notice(symbols: list[str]) -> str:
    shown = ", ".join(f'"{s}"' for s in symbols[:6]) + (f" and {len(symbols) - 6} more" if len(symbols) > 6 else "")
    return f"{plural(len(symbols), 'chord symbol')} {shown} not read: the chord before holds"


@lru_cache(maxsize=1024)
def _abc_spelling(symbol: str) -> str | None:
    """The symbol as written where music21 reads it as Encore does, or where Encore does not read it and music21
    does (as before); else Encore's reading in words music21 reads the same, a chart's first (Cmaj7, Cdim7), then
    its own (CM9); None where neither reads it."""
    if symbol.upper() in NO_CHORD or symbol in _NO_CHORD_WORDS:
        return symbol
    try:
        chord_pitches(symbol)
        figure = music21_figure(symbol)
    except EncoreError:
        figure = ""
    theirs = _abc_reading(symbol)
    ours = _abc_reading(figure) if figure else None
    if ours is None or ours == theirs:
        return symbol if theirs else None
    return next((s for s in (_chart_spelling(figure), figure) if _abc_reading(s) == ours), None)


def _chart_spelling(figure: str) -> str:
    """music21's figure as a chart writes it: 'B-M7' -> 'Bbmaj7', 'Co7' -> 'Cdim7'."""
    return jazz_figure(re.sub(r"^([A-G][-#]?)(?:M(?=\d)|o)", lambda m: m[1] + ("maj" if "M" in m[0] else "dim"),
                              figure))


def _abc_reading(symbol: str) -> tuple | None:
    """(root, bass, pitch classes) of a chord symbol as music21's ABC reader reads one, None where it reads none."""
    from music21 import common, harmony

    try:
        chord = harmony.ChordSymbol(common.cleanedFlatNotation(re.sub(r"[()]", "", symbol)))
        pitches = chord.pitches
    except Exception:  # noqa: BLE001 - music21 raises ValueError, AccidentalException and others on odd symbols
        return None
    return (chord.root().name, chord.bass().name, frozenset(p.pitchClass for p in pitches)) if pitches else None


def _check_abc(path: Path, text: str) -> None:
    _check_abc_text(path, text)
    data = text.encode("utf-8", "replace")  # the patterns below are on bytes, whatever the file's encoding
    if _CHAINED_BROKEN_RHYTHM.search(data):
        raise FileProblem("has a long chain of broken-rhythm marks (a<b<c<...) that the ABC reader cannot "
                          "handle in reasonable time", path)
    if len(_SLUR_OPEN.findall(data)) - len(_SLUR_CLOSE.findall(data)) > MAX_OPEN_SLURS:
        raise FileProblem(f"has more than {MAX_OPEN_SLURS} slurs opened and never closed", path)
    huge = _HUGE_NOTE_LENGTH.search(data)
    if huge:
        raise FileProblem(f"has a note {huge.group().decode('latin-1')!r} longer than 64 units", path)


def _read_notation(path: Path, data: bytes, numbered: bool = False) -> RawScore:
    from music21 import converter, stream

    abc = path.suffix.lower() == ".abc"
    if path.suffix.lower() == ".mxl":
        _check_archive(path, data)
    tune, as_written, notices = _abc_tune(path, data) if abc else ("", True, [])
    try:
        if not as_written:
            score = converter.parseData(tune, format="abc")
        else:
            score = converter.parse(str(path), forceSource=True, storePickle=False)
    except Exception as e:  # noqa: BLE001 - any parser failure is a bad file to the user
        if abc:
            raise _abc_reader_problem(path, e) from None
        raise FileProblem(f"could not be read as music notation ({type(e).__name__}: {e})", path) from None
    if isinstance(score, stream.Opus):  # an ABC book: its first tune (pick others with their own files)
        if not score.scores:
            raise FileProblem("has no tunes", path)
        if len(score.scores) > 1:
            notices.append(_tunebook_notice(score.scores))
        score = score.scores[0]
    movement = score.metadata.movementName if score.metadata else None  # Encore writes <movement-title>;
    named = score.metadata and (score.metadata.title or (movement if movement != path.name else None))
    title = _plain(named or "") or _plain(path.stem)  # music21 puts the file's name there when it has no title
    if abc:
        played, unplayed = abc_as_played(score, tune, _abc_repeats(tune), numbered)
    else:
        played, unplayed = as_played(score, numbered=numbered)
        unplayed = [unplayed] if unplayed else []
    written = written_bars(played) if played is not score else []
    score = played
    notices += unplayed
    parts = list(score.parts) if isinstance(score, stream.Score) else [score]
    notices += _trailing_chords_left_out(parts)
    meters = [ts.ratioString for ts in score.recurse().getElementsByClass("TimeSignature")]
    marks = list(score.recurse().getElementsByClass("MetronomeMark"))
    tempo = _usable_tempo(float(marks[0].getQuarterBPM() or 0)) if marks else 0.0
    return RawScore(title, [_notation_part(p) for p in parts], meters=meters, pickup=_pickup(parts), tempo=tempo,
                    tempo_changes=_tempo_changes(_score_tempos(score, marks)), notices=notices, written_bars=written)


def _check_archive(path: Path, data: bytes) -> None:
    """A .mxl zip with no score in it, refused in words: music21 takes the first file outside META-INF named
    .musicxml or .xml as the score, and without one answered with a TypeError. (A .mxl that is no zip is plain
    MusicXML under that name, which music21 reads.)"""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise FileProblem(f"is not a MusicXML archive: its zip is damaged ({e})", path) from None
    if not any(Path(name).suffix in (".musicxml", ".xml", ".mxl") or name == ".xml"
               for name in names if "META-INF" not in name):
        held = ", ".join(_plain(name) for name in names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        raise FileProblem("is not a MusicXML archive: no score inside (no .musicxml or .xml file; it holds "
                          f"{held or 'nothing'})", path)


def _trailing_chords_left_out(parts) -> list[str]:
    """The chord symbols written after everything in a part's last bar taken out, and a notice of them. Some
    notation programs write one after the piece's last note: read where it stands, on the bar line after the last
    bar, it made an empty bar of its own. A last bar with nothing but its chord symbol is read with a bar's rest
    (music21 fills an empty bar), so its chord opens it and stays."""
    from music21 import harmony, stream

    left_out: dict[str, None] = {}
    last_bar = ""
    for part in parts:
        bars = list(part.getElementsByClass(stream.Measure))
        if not bars:
            continue
        full = _bar_length(bars[-1]) - _pickup([part])  # a tune that opens with a pickup ends the bar short of it
        for bar in _copies_of_last(bars):  # a repeated last bar: its earlier copies read the symbol on the next
            written = bar.flatten()        # bar's downbeat, beside that bar's own chord
            end = max((float(e.offset + e.quarterLength) for e in written.notesAndRests
                       if not isinstance(e, harmony.Harmony)), default=0.0)
            if end:  # a bar written short of its meter (no closing rest) still has its last beats' changes
                end = max(end, full)
            for symbol in written.getElementsByClass(harmony.Harmony):
                if end and symbol.offset >= end - 1e-6:
                    bar.remove(symbol, recurse=True)
                    left_out.setdefault(_symbol_name(symbol), None)
                    last_bar = _last_bar_name(bars)
    if not left_out:
        return []
    shown = ", ".join(f'"{name}"' for name in left_out)
    return [f"{plural(len(left_out), 'chord symbol')} {shown} written after the end of {last_bar}, the last, "
            "left out: no bar follows it"]


def _bar_length(bar) -> float:
    """A bar's length by its meter, in quarter notes; 0 where music21 finds no meter for it."""
    try:
        return float(bar.barDuration.quarterLength)
    except Exception:  # noqa: BLE001 - music21 raises its own kinds where a bar has no time signature in context
        return 0.0


def _copies_of_last(bars) -> list:
    """A part's last bar, with its earlier played copies where its repeats were played out."""
    tag = next((g for g in bars[-1].groups if g.startswith(WRITTEN)), None)
    return [b for b in bars if tag in b.groups] if tag else [bars[-1]]


def _last_bar_name(bars) -> str:
    """'bar 4' as the file numbers a part's last bar; where its repeats were played out, with the times through
    it and its number as played: 'bar 4 (second time through, bar 8 as played)'."""
    tag = next((g for g in bars[-1].groups if g.startswith(WRITTEN)), None)
    if tag is None:
        return f"bar {bars[-1].number}"
    times = sum(tag in b.groups for b in bars)
    written = bars[-1].number
    return bar_name(written, written + len(bars) - 1 - int(tag[len(WRITTEN):]), times, times)


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def bar_name(written: int, played: int, time: int = 1, times: int = 1) -> str:
    """A bar as a musician finds it in the score: 'bar 3' where it is played once, where it stands; a bar of a
    score whose repeats were played out (read and counted as played, as --bars counts them) by its number as
    written, with the ``time`` through it of ``times`` and its number as played where they differ: 'bar 1
    (second time through, bar 5 as played)', 'bar 4 (bar 6 as played)'."""
    where = [f"{_ordinal(time)} time through"] if times > 1 else []
    where += [f"bar {played} as played"] if played != written else []
    return f"bar {written}" + (f" ({', '.join(where)})" if where else "")


def _ordinal(n: int) -> str:
    if n <= len(_ORDINALS):
        return _ORDINALS[n - 1]
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _symbol_name(symbol) -> str:
    from music21 import harmony

    return _chart_name(symbol) if symbol.pitches and not isinstance(symbol, harmony.NoChord) else "N.C."


def _abc_tune(path: Path, data: bytes) -> tuple[str, bool, list[str]]:
    """The ABC text as music21 should read it, whether that is the file as it is (music21 then reads the file),
    and what the reading changed. Decoding problems are the file's own, not wrapped in music21's words."""
    text = _abc_text(path, data)
    _check_abc(path, text)
    tune, defaults = _with_abc_defaults(_repeats_spelled(_without_free_text(text)))
    tune, unread = abc_chord_symbols(tune)
    notices = [ABC_DEFAULTS] if defaults else []
    notices += [_unread_notice(unread)] if unread else []
    # music21 reads ABC files as UTF-8 only; older collections are Latin-1 (é in a title), Notepad's UTF-16
    return tune, _utf8(data) and tune == text, notices


# A repeat sign in ABC music: |: :| and the endings |1 [2 (kept only where music21 finds the tune's bars)
_ABC_REPEAT_SIGN = re.compile(r":\||\|:|[|\[][1-9]")


def _repeats_spelled(text: str) -> str:
    """The tunes with each line of music's ':|:' written '::' (abc_repeat_spelling) and its D.C. or Fine written
    as text a decoration (abc_jump_spelling), fields and comments as they are."""
    return "".join(line if _ABC_FIELD.match(line) or line.lstrip().startswith("%")
                   else abc_jump_spelling(abc_repeat_spelling(line)) for line in text.splitlines(keepends=True))


def _abc_repeats(text: str) -> bool:
    """Whether the first tune's music has a repeat sign (its fields, comments and quoted text aside)."""
    tunes = [block for block in _TUNE_START.split(text) if _has_key(block)]
    music = [line for line in (tunes[0] if tunes else "").splitlines()
             if not _ABC_FIELD.match(line) and not line.lstrip().startswith("%")]
    return any(_ABC_REPEAT_SIGN.search(_ANNOTATION.sub("", line)) for line in music)


def _tunebook_notice(tunes) -> str:
    """'holds 2 tunes; read the first, 'Title'': the others are read from files of their own."""
    title = _plain((tunes[0].metadata.title if tunes[0].metadata else None) or "")
    return f"holds {len(tunes)} tunes; read the first" + (f", '{title}'" if title else "")


def _score_tempos(score, marks) -> list[tuple[float, float]]:
    """(quarter notes from the start, bpm) of the metronome marks that give a number, the first as read for the
    score's tempo, the others in time order."""
    timed = sorted((float(m.getOffsetInHierarchy(score)), float(m.getQuarterBPM()))
                   for m in marks[1:] if m.getQuarterBPM())
    return [(0.0, float(marks[0].getQuarterBPM() or 0)), *timed] if marks else []


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _pickup(parts) -> float:
    """The length of the first bar where it is a pickup: short of its meter by music21's left padding."""
    for part in parts:
        measure = part.getElementsByClass("Measure").first()
        if measure is not None:
            padding, full = float(measure.paddingLeft or 0.0), float(measure.barDuration.quarterLength)
            return full - padding if 0 < padding < full else 0.0
    return 0.0


def _chart_name(h) -> str:
    from .chord_names import chart_name

    return chart_name(h.figure, h.root().name, h.bass().name, frozenset(p.pitchClass for p in h.pitches))


def _notation_part(part) -> RawPart:
    from music21 import harmony, instrument, key

    flat = part.flatten().stripTies()
    lead = [LeadChord(float(h.offset), _chart_name(h), tuple(p.nameWithOctave for p in h.pitches),
                      tuple(p.midi for p in h.pitches)) if h.pitches else LeadChord(float(h.offset), "N.C.", (), ())
            for h in flat.getElementsByClass(harmony.ChordSymbol)
            if h.pitches or isinstance(h, harmony.NoChord)]  # N.C.: the band rests, as in a typed chart
    events = [_event(n) for n in flat.notes
              if not isinstance(n, harmony.Harmony) and n.pitches and n.quarterLength > 0]
    keys = changed_keys([(float(k.offset), int(k.sharps), getattr(k, "mode", None))
                         for k in flat.getElementsByClass(key.KeySignature) if -7 <= k.sharps <= 7])
    inst = part.getInstrument(returnDefault=False)
    drums = isinstance(inst, instrument.UnpitchedPercussion) or (
        bool(flat.notes) and not events and not lead)
    name = _plain(part.partName or (inst.instrumentName if inst else "") or "")
    raw = RawPart(name, sum(len(e.pitches) for e in events), drums, lead, keys=keys, _events=events)
    if events:
        raw.single_share = sum(1 for e in events if len(e.pitches) == 1) / len(events)
        raw.mean_pitch = sum(max(e.pitches) for e in events) / len(events)
    return raw
