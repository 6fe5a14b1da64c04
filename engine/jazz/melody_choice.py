"""Turning a token into a pitch: one of its class over the chord, inside its interval bounds, in range.

When nothing of the class lies inside the bounds (the bounds came from a different chord in training),
the nearest pitch of the class to the middle of the bounds is taken; a token without bounds (a bar's
first note) stays within a fifth of the note before it. The range keeps the line playable.
"""

from __future__ import annotations

from functools import lru_cache

from .chord_scales import pitch_class_table
from .grammar import Token, midi_name

LOWEST, HIGHEST = 40, 96  # E2..C7: any solo instrument's range lies inside
MIN_SPAN = 17  # a range narrower than this (a tiny training set) is widened around its middle


def playable_range(stored) -> tuple[int, int]:
    low, high = (int(stored[0]), int(stored[1])) if stored else (55, 84)
    if high - low < MIN_SPAN:
        middle = (low + high) // 2
        low, high = middle - MIN_SPAN // 2, middle + MIN_SPAN - MIN_SPAN // 2
    return max(LOWEST, low), min(HIGHEST, high)


def chord_names(chord) -> tuple[str, ...]:
    """The chord's spelled pitches: as given, else as music21 reads its symbol, else as MIDI spells them."""
    if chord is None:
        return ("C4", "E4", "G4")
    if getattr(chord, "names", ()):
        return tuple(chord.names)
    return _symbol_names(chord.symbol) or tuple(midi_name(p) for p in chord.pitches) or ("C4", "E4", "G4")


@lru_cache(maxsize=1024)
def _symbol_names(symbol: str) -> tuple[str, ...]:
    from ..errors import EncoreError
    from .progression import chord_pitches

    try:
        return chord_pitches(symbol)[0]
    except EncoreError:
        return ()


def chord_classes(chord) -> tuple[str, ...]:
    """The class (C, S, A, X) of each of the 12 pitch classes over ``chord``, heard by pitch class: a played
    note has no spelling of its own (MIDI's C#, E-, F#, G#, B- missed a typed Gb7's G-flat and D-flat)."""
    names = chord_names(chord)
    return pitch_class_table(_pitch_classes(names), _root(getattr(chord, "symbol", ""), names))


@lru_cache(maxsize=1024)
def _pitch_classes(names: tuple[str, ...]) -> frozenset[int]:
    from music21 import pitch

    return frozenset(pitch.Pitch(n).pitchClass for n in names)


@lru_cache(maxsize=1024)
def _root(symbol: str, names: tuple[str, ...]) -> int:
    """A chart symbol's root (D13/G: D); else (N.C., which keeps the last chord's pitches, or a name a MIDI file's
    harmony was given, such as 'Ab/CaddBb,E' for a C7alt) the lowest of its pitches. music21's guess from the
    pitches heard C6 as A minor, and that C7alt as A-flat."""
    from music21 import pitch

    from .progression import ROOT, music21_note

    written = ROOT.fullmatch(symbol.strip())
    if written and _symbol_names(symbol):
        return pitch.Pitch(music21_note(written.group(1), written.group(2))).pitchClass
    return pitch.Pitch(names[0]).pitchClass


def choose_pitch(token: Token, chord, previous: int | None, span: tuple[int, int], rng) -> int:
    low, high = span
    table = chord_classes(chord)
    of_class = [p for p in range(low, high + 1) if table[p % 12] == token.kind]
    if not of_class:  # e.g. no X pitch over a dense chord: fall back to chord tones
        of_class = [p for p in range(low, high + 1) if table[p % 12] == "C"] or list(range(low, high + 1))
    bounds = token.semitone_range()
    if previous is None:
        centre, inside = (low + high) // 2, []
    elif bounds is None:
        centre = previous
        inside = [p for p in of_class if abs(p - previous) <= 7]
    else:
        centre = previous + (bounds[0] + bounds[1]) // 2
        inside = [p for p in of_class if previous + bounds[0] <= p <= previous + bounds[1]]
    if inside:
        return rng.choice(inside)
    nearest = sorted(of_class, key=lambda p: (abs(p - centre), p))[:2]
    return rng.choice(nearest)
