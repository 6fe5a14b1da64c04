"""A piece of music as Encore edits it: a melody over chord symbols, in quarter notes.

This is the one source of truth for a generated or imported solo: the piano roll edits it, the
exporters write it, the synthesiser renders it. Times are in quarter notes from the start of bar 1.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace


@dataclass
class Note:
    start: float  # quarter notes from the start of the piece
    duration: float  # quarter notes
    pitch: int  # MIDI note number
    velocity: int = 90

    @property
    def end(self) -> float:
        return self.start + self.duration


@dataclass
class ChordSymbol:
    start: float
    duration: float
    symbol: str  # as the user reads it: "Dm7", "G7", "Cmaj7"
    pitches: tuple[int, ...] = ()  # MIDI pitches of a close voicing, for the comping track
    names: tuple[str, ...] = ()  # the chord's pitches as spelled ('B-3'): judges note classes; optional

    @property
    def end(self) -> float:
        return self.start + self.duration


COMPOUND = {"6/8": 3, "12/8": 6}  # the meters of eighth notes Encore writes: quarter notes in their bar


def is_compound(meter: str, beats: int) -> bool:
    """Whether bars of ``beats`` quarter notes are that compound meter's own (6/8 in bars of 3)."""
    return COMPOUND.get(meter) == beats


@dataclass
class Piece:
    title: str = "Untitled"
    notes: list[Note] = field(default_factory=list)
    chords: list[ChordSymbol] = field(default_factory=list)
    bars: int = 0
    beats_per_bar: int = 4
    tempo: float = 130.0  # quarter notes per minute
    meta: dict = field(default_factory=dict)  # seed, temperature, model, source file ...
    meter: str = ""  # a compound meter ("6/8") its bars are written in; "" for beats_per_bar/4

    @property
    def time_signature(self) -> str:
        """The meter as written: '3/4', or '6/8' for bars of three quarter notes felt as two dotted ones."""
        return self.meter or f"{self.beats_per_bar}/4"

    @property
    def compound(self) -> bool:
        """Whether its beats are dotted quarter notes (6/8, 12/8)."""
        return bool(self.meter)

    @property
    def length(self) -> float:
        """Length in quarter notes."""
        return self.bars * self.beats_per_bar

    @property
    def latest_end(self) -> float:
        """The latest a note or chord may end, in quarter notes: the end of bar MAX_BARS in this piece's bars.
        The file reader refuses a piece past it, so the roll's edits stop there too."""
        return MAX_BARS * self.beats_per_bar

    def fits(self, end: float) -> bool:
        """Whether something ending at ``end`` is within ``latest_end`` (a float step over it still is)."""
        return end <= self.latest_end + FLOAT_ERROR

    @property
    def opens_with_pickup(self) -> bool:
        """Whether its bars are numbered from 0, as a score that opens with a pickup numbers them."""
        read = self.meta.get("bars")
        return isinstance(read, list) and bool(read) and read[0] == 0

    def form(self) -> tuple[list[ChordSymbol], float]:
        """(chords, length) to improvise round: a pickup's bar 0, three beats of nothing and one of pickup, left
        out (as a bar of the form it opened the solo, and every chorus, with a chordless bar); all of it where
        the pickup is all there is."""
        whole = chords_from(self.chords, self.beats_per_bar) if self.opens_with_pickup else []
        return (whole, self.length - self.beats_per_bar) if whole else (self.chords, self.length)

    def chord_at(self, time: float) -> ChordSymbol | None:
        """The latest chord starting at or before ``time``."""
        current = None
        for chord in sorted(self.chords, key=lambda c: c.start):
            if chord.start <= time + 1e-9:
                current = chord
            else:
                break
        return current

    def notes_in_bar(self, bar: int) -> list[Note]:
        lo, hi = bar * self.beats_per_bar, (bar + 1) * self.beats_per_bar
        return [n for n in self.notes if lo - 1e-9 <= n.start < hi - 1e-9]

    def copy(self) -> Piece:
        return replace(self, notes=[replace(n) for n in self.notes],
                       chords=[replace(c) for c in self.chords], meta=dict(self.meta))

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Piece:
        """Raises TypeError, KeyError or ValueError for data that is not a piece (numbers checked too)."""
        if not isinstance(data, dict):
            raise TypeError(f"a piece is a JSON object, not {type(data).__name__}")
        piece = cls._from_json(data)
        last = max((x.end for x in [*piece.notes, *piece.chords]), default=0.0)
        if not piece.fits(last):  # notes past the last bar are an edit's; this far, damage
            raise ValueError(f"a note or chord ends at quarter note {last:g}, past bar {MAX_BARS:,}")
        return piece

    @classmethod
    def _from_json(cls, data: dict) -> Piece:
        return cls(
            title=str(data.get("title", "Untitled")),
            notes=[Note(_number(n["start"], "start"), _number(n["duration"], "duration", positive=True),
                        _whole(n["pitch"], "pitch", 0, 127), _whole(n.get("velocity", 90), "velocity", 1, 127))
                   for n in data.get("notes", [])],
            chords=[ChordSymbol(_number(c["start"], "start"), _number(c["duration"], "duration", positive=True),
                                str(c["symbol"]), tuple(_whole(p, "pitch", 0, 127) for p in c.get("pitches", ())),
                                tuple(str(n) for n in c.get("names", ()))) for c in data.get("chords", [])],
            bars=_whole(data.get("bars", 0), "bars", 1, MAX_BARS),  # every piece Encore makes has a bar
            beats_per_bar=_whole(data.get("beats_per_bar", 4), "beats_per_bar", 1, MAX_BEATS),
            tempo=_tempo(data.get("tempo", 130.0)),
            meta=dict(data.get("meta", {})),
            meter=_meter(data.get("meter", ""), data.get("beats_per_bar", 4)),
        )


MAX_BARS = 2000  # over an hour of 4/4, and the longest solo Encore reads or makes; a damaged file's far note
# asked MusicXML for millions of empty bars
MAX_BEATS = 12  # quarter notes in Encore's longest bar, 12/4 (and 12/8's six)
SLOWEST, FASTEST = 20, 400  # the tempos Encore plays, in quarter notes a minute


FLOAT_ERROR = 1e-9  # how far below 0 a saved number may be and still be 0: float steps of a third or a sixth
# left a note nudged to the start at -3.3e-16, and the whole project then refused to open


def _number(value, name: str, positive: bool = False) -> float:
    """A finite, non-negative number (JSON's 1e309 reads as infinity; a time can't be negative)."""
    number = float(value)
    if -FLOAT_ERROR <= number < 0:
        number = 0.0
    if not math.isfinite(number) or number < 0 or (positive and number == 0):
        raise ValueError(f"{name} {value!r} is not a {'positive' if positive else 'non-negative'} finite number")
    return number


def _tempo(value) -> float:
    """A tempo Encore plays and writes: 10 bpm went into MusicXML but stopped MIDI and WAV export."""
    tempo = _number(value, "tempo", positive=True)
    if not SLOWEST <= tempo <= FASTEST:
        raise ValueError(f"tempo {value!r} is outside {SLOWEST}-{FASTEST} bpm")
    return tempo


def _meter(meter, beats) -> str:
    if meter and not is_compound(meter, beats):
        raise ValueError(f"meter {str(meter)[:20]!r} is not 6/8 or 12/8 in bars of {beats} quarter notes")
    return str(meter)


def _whole(value, name: str, lo: int, hi: int) -> int:
    number = _number(value, name)
    if number != int(number) or not lo <= number <= hi:
        raise ValueError(f"{name} {value!r} is not a whole number from {lo} to {hi}")
    return int(number)


def chords_from(chords: list[ChordSymbol], start: float) -> list[ChordSymbol]:
    """The chords from ``start`` on, moved to 0; a chord held over ``start`` starts at 0."""
    return [replace(c, start=max(c.start, start) - start, duration=c.end - max(c.start, start))
            for c in chords if c.end > start + 1e-9]
