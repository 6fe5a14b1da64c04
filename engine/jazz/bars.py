"""Cutting a melody and its chords into bars of grammar tokens (4/4, or the file's own meter of quarter notes).

Two ways of reading a melody:
- ``line`` (Encore's default): the top line of the part, each element lasting until the next starts, gaps
  as rests, notes split at bar lines, so every bar's tokens add up to exactly its beats;
- ``course`` (the reference dataset): single notes only, each with its own written length (zero becomes
  0.25), chords judged only against chords starting in the same bar, first one moved to the downbeat.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from .grammar import Token, classify, interval_bounds, midi_name
from .piece import MAX_BARS  # the longest solo, also as a bar range
from .reading import Event

BAR = 4.0  # quarter notes in a bar of 4/4, the reference's meter
EPS = 1e-6
MIN_REST = 0.25  # shorter gaps (articulation, not rests) are absorbed into the note before them


@dataclass
class BarChord:
    offset: float  # quarter notes from the start of the source
    names: tuple[str, ...]  # spelled pitches with octave
    pitches: tuple[int, ...]
    figure: str = ""  # chord symbol when the file spells one


@dataclass
class MelodyElement:
    offset: float  # quarter notes from the start of the source
    duration: float
    pitch: int | None = None  # None: a rest
    name: str | None = None
    token: str = ""
    velocity: int = 90  # carried to the Piece, so that a solo read back keeps its dynamics


@dataclass
class Bar:
    number: int  # the bar's number as the score gives it: from 1, a pickup's bar 0
    start: float
    length: float = BAR  # quarter notes
    elements: list[MelodyElement] = field(default_factory=list)
    chords: list[BarChord] = field(default_factory=list)  # chords starting in this bar

    @property
    def tokens(self) -> list[str]:
        return [e.token for e in self.elements]


def top_line(events: list[Event]) -> list[MelodyElement]:
    """Highest note at each onset, held until the next onset; silent stretches become rests."""
    onsets: dict[float, Event] = {}
    for e in events:
        best = onsets.get(e.offset)
        if best is None or max(e.pitches) > max(best.pitches):
            onsets[e.offset] = e
    line: list[MelodyElement] = []
    starts = sorted(onsets)
    for i, start in enumerate(starts):
        e = onsets[start]
        nxt = starts[i + 1] if i + 1 < len(starts) else start + e.duration
        end = min(start + e.duration, nxt)
        if nxt - end < MIN_REST - EPS:  # a sixteenth after a triplet note is 0.2499...: a rest, not held
            end = nxt
        top = max(range(len(e.pitches)), key=lambda k: e.pitches[k])
        line.append(MelodyElement(start, end - start, e.pitches[top], e.names[top], velocity=e.velocity))
        if end < nxt - EPS:
            line.append(MelodyElement(end, nxt - end))
    return line


def split_into_bars(line: list[MelodyElement], first: int, last: int, length: float = BAR) -> list[Bar]:
    """Bars ``first``..``last`` (1-based, inclusive) of ``length`` quarter notes, each filled (rests pad the
    gaps)."""
    bars = _empty_bars(first, last, length)
    onsets = [e.offset for e in line]  # the line is one note at a time, in order: a bar's notes are found by
    for bar in bars:                   # bisection (a pass over the line per bar took seconds at 2,000 bars)
        t, end = bar.start, bar.start + bar.length
        for e in line[max(0, bisect_right(onsets, bar.start) - 1):bisect_left(onsets, end)]:
            lo, hi = max(e.offset, bar.start), min(e.offset + e.duration, end)
            if hi - lo < EPS:
                continue
            if lo - t >= EPS:
                bar.elements.append(MelodyElement(t, lo - t))
            bar.elements.append(MelodyElement(lo, hi - lo, e.pitch, e.name, velocity=e.velocity))
            t = hi
        if end - t >= EPS:
            bar.elements.append(MelodyElement(t, end - t))
    return bars


def _empty_bars(first: int, last: int, length: float = BAR) -> list[Bar]:
    if not 1 <= first <= last < first + MAX_BARS:
        raise ValueError(f"bars {first}-{last}: at most {MAX_BARS} bars from bar 1 on")
    return [Bar(n, (n - 1) * length, length) for n in range(first, last + 1)]


def course_bars(events: list[Event], first: int, last: int) -> list[Bar]:
    """The reference's reading: single notes starting in each bar, own lengths, no rests."""
    bars = _empty_bars(first, last)
    for e in events:
        index = int(e.offset // BAR) - (first - 1)
        if len(e.pitches) == 1 and 0 <= index < len(bars):
            duration = e.duration if e.duration > 0 else 0.25
            bars[index].elements.append(MelodyElement(e.offset, duration, e.pitches[0], e.names[0],
                                                          velocity=e.velocity))
    return bars


def attach_chords(bars: list[Bar], chords: list[BarChord]) -> None:
    for bar in bars:
        bar.chords = [c for c in chords if bar.start - EPS <= c.offset < bar.start + bar.length - EPS]


def sounding_chord(chords: list[BarChord], time: float) -> BarChord | None:
    current = None
    for c in chords:
        if c.offset <= time + EPS:
            current = c
        else:
            break
    return current


def tokenize(bars: list[Bar], chords: list[BarChord], bar_local: bool = False) -> None:
    """Give every element its token. ``bar_local``: the reference's chord lookup (see module doc)."""
    for bar in bars:
        previous = None
        for e in bar.elements:
            chord = _chord_for(bar, chords, e.offset, bar_local)
            if e.pitch is None or chord is None:
                kind = "R" if e.pitch is None else "X"
            else:
                kind = classify(step_name(e.name), chord.names)
            bounds = interval_bounds(previous, e.name) if (e.pitch is not None and previous) else None
            e.token = str(Token(kind, e.duration, bounds))
            if e.pitch is not None:
                previous = e.name


def _chord_for(bar: Bar, chords: list[BarChord], time: float, bar_local: bool) -> BarChord | None:
    if not bar_local:
        return sounding_chord(chords, time)
    if not bar.chords:
        return sounding_chord(chords, time)
    return sounding_chord(bar.chords, time) or bar.chords[0]


@lru_cache(maxsize=4096)
def step_name(name_with_octave: str) -> str:
    """'E-5' -> 'E-' (music21 parses the spelling; octave digits and negative octaves are tricky)."""
    from music21 import pitch

    return pitch.Pitch(name_with_octave).name


__all__ = ["Bar", "BarChord", "MelodyElement", "attach_chords", "course_bars", "midi_name",
           "sounding_chord", "split_into_bars", "tokenize", "top_line"]
