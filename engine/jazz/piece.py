"""A piece of music as Encore edits it: a melody over chord symbols, in quarter notes.

This is the one source of truth for a generated or imported solo: the piano roll edits it, the
exporters write it, the synthesiser renders it. Times are in quarter notes from the start of bar 1.
"""

from __future__ import annotations

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


@dataclass
class Piece:
    title: str = "Untitled"
    notes: list[Note] = field(default_factory=list)
    chords: list[ChordSymbol] = field(default_factory=list)
    bars: int = 0
    beats_per_bar: int = 4
    tempo: float = 130.0  # quarter notes per minute
    meta: dict = field(default_factory=dict)  # seed, temperature, model, source file ...

    @property
    def length(self) -> float:
        """Length in quarter notes."""
        return self.bars * self.beats_per_bar

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
        """Raises TypeError, KeyError or ValueError for data that is not a piece."""
        if not isinstance(data, dict):
            raise TypeError(f"a piece is a JSON object, not {type(data).__name__}")
        return cls(
            title=str(data.get("title", "Untitled")),
            notes=[Note(float(n["start"]), float(n["duration"]), int(n["pitch"]), int(n.get("velocity", 90)))
                   for n in data.get("notes", [])],
            chords=[ChordSymbol(float(c["start"]), float(c["duration"]), str(c["symbol"]),
                                tuple(int(p) for p in c.get("pitches", ())),
                                tuple(str(n) for n in c.get("names", ()))) for c in data.get("chords", [])],
            bars=int(data.get("bars", 0)),
            beats_per_bar=int(data.get("beats_per_bar", 4)),
            tempo=float(data.get("tempo", 130.0)),
            meta=dict(data.get("meta", {})),
        )
