"""Chord-relative grammar tokens: ``CLASS,DURATION`` or ``CLASS,DURATION,<LO,HI>``.

CLASS says how a melody note relates to the chord sounding under it (R rest, C chord tone, S scale tone,
A approach tone a semitone from a chord tone, X anything else); DURATION is its length in quarter notes;
``<LO,HI>`` is the interval from the previous note widened by a minor third each way. The rules follow the
reference pipeline (deepjazz / the course) so a course model reads the same tokens; music21 does the
theory (spelling, scales, intervals), cached because a corpus asks the same questions thousands of times.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

CLASSES = ("R", "C", "S", "A", "X")
GRID = 48  # token durations snap to 1/48 quarter: holds 16ths, triplets and 32nds exactly


def duration_text(quarters: float) -> str:
    return "%.3f" % float(quarters)


def parse_duration(text: str) -> Fraction:
    """'0.333' -> 1/3: the 3-decimal text snapped back to the grid so bars add up exactly."""
    return Fraction(round(float(text) * GRID), GRID)


@dataclass(frozen=True)
class Token:
    kind: str
    duration: Fraction
    bounds: tuple[str, str] | None = None  # music21 interval names, e.g. ("M2", "d-4")

    def __str__(self) -> str:
        text = f"{self.kind},{duration_text(self.duration)}"
        return text + (f",<{self.bounds[0]},{self.bounds[1]}>" if self.bounds else "")

    @classmethod
    def parse(cls, text: str) -> Token:
        parts = text.split(",", 2)
        bounds = None
        if len(parts) == 3:
            lo, hi = parts[2].strip("<>").split(",")
            bounds = (lo, hi)
        return cls(parts[0], parse_duration(parts[1]), bounds)

    def semitone_range(self) -> tuple[int, int] | None:
        if not self.bounds:
            return None
        a, b = (semitones(name) for name in self.bounds)
        return min(a, b), max(a, b)


@lru_cache(maxsize=None)
def semitones(interval_name: str) -> int:
    from music21 import interval

    return interval.Interval(interval_name).semitones


@lru_cache(maxsize=4096)
def midi_name(midi: int) -> str:
    """music21's default spelling of a MIDI pitch, with octave ('E-5')."""
    from music21 import pitch

    return pitch.Pitch(midi=midi).nameWithOctave


# music21's IntervalNetwork.find tries these tonics (octave 4) and keeps the best match, ties going to the
# later of equally high-sounding tonics; re-stated here because realising 15 scales per chord costs 0.2 s.
_STARTS = ("C", "C#", "D-", "D", "D#", "E-", "E", "F", "F#", "G", "G#", "A", "B-", "B", "C-")
_START_PC = (0, 1, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11)
_START_PS = (60, 61, 61, 62, 63, 63, 64, 65, 66, 67, 68, 69, 70, 71, 59)
_STEPS = {"major": (0, 2, 4, 5, 7, 9, 11), "dorian": (0, 2, 3, 5, 7, 9, 10)}


def derive_tonic(kind: str, pitch_classes: frozenset) -> str:
    """The tonic music21's ``scale.derive`` picks for a chord's pitch classes."""
    ranked = [(len(pitch_classes & {(pc + s) % 12 for s in _STEPS[kind]}), ps)
              for pc, ps in zip(_START_PC, _START_PS, strict=True)]
    order = sorted(range(len(_STARTS)), key=lambda i: ranked[i])  # stable, as music21's sort is
    return _STARTS[order[-1]]


@lru_cache(maxsize=64)
def scale_names(kind: str, tonic: str) -> frozenset:
    from music21 import scale

    sc = scale.MajorScale(tonic) if kind == "major" else scale.DorianScale(tonic)
    return frozenset(p.name for p in sc.getPitches())


@lru_cache(maxsize=4096)
def _chord_facts(chord_names: tuple[str, ...]) -> tuple[frozenset, frozenset, frozenset]:
    """(chord pitch names, scale names, approach names) for a chord given as spelled pitches."""
    from music21 import chord

    c = chord.Chord(list(chord_names))
    # the reference's rule: major scale over a major chord, Dorian over anything else
    kind = "major" if c.quality == "major" else "dorian"
    in_scale = scale_names(kind, derive_tonic(kind, frozenset(p.pitchClass for p in c.pitches)))
    approach = set()
    for p in c.pitches:
        for step in (p.transpose(1), p.transpose(-1)):
            approach.update((step.name, step.getEnharmonic().name))
    return frozenset(c.pitchNames), in_scale, frozenset(approach)


def classify(note_name: str, chord_names: tuple[str, ...]) -> str:
    """C, S, A or X for a spelled pitch name ('G#') over a chord of spelled pitches; X over none (an opening N.C.):
    music21 made a C# Dorian scale of no notes, and C# and D-flat were told apart."""
    if not chord_names:
        return "X"
    in_chord, in_scale, approach = _chord_facts(tuple(chord_names))
    if note_name in in_chord:
        return "C"
    if note_name in in_scale:
        return "S"
    return "A" if note_name in approach else "X"


@lru_cache(maxsize=16384)
def interval_bounds(previous: str, current: str) -> tuple[str, str]:
    """The interval previous -> current widened by a minor third up and down, as music21 names it."""
    from music21 import interval, pitch

    step = interval.Interval(pitchStart=pitch.Pitch(previous), pitchEnd=pitch.Pitch(current))
    return interval.add([step, "m3"]).directedName, interval.subtract([step, "m3"]).directedName
