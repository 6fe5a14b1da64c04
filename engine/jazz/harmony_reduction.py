"""Reducing accompaniment parts to a chord every half bar, and naming chords as symbols.

A file without chord symbols still has harmony in its piano, guitar and bass parts: for each half bar
(each dotted-quarter beat of 6/8, each bar of an odd meter such as a waltz's) the pitch classes that sound
for a good share of it make the chord (a passing note does not). A bar of an odd meter is cut again where the
comping strikes a new chord on one of its beats or at its half (a waltz's Dm7 G7).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import defaultdict
from functools import lru_cache

from .bars import BarChord
from .grammar import midi_name
from .reading import Event

SPAN = 2.0  # quarter notes: one chord per half bar of 4/4 at most
STEP = 0.5  # quarter notes: the eighth notes a waltz's comping is looked at in
EPS = 1e-6
KEEP = 0.3  # a pitch class must sound for 30% of the strongest one's time to count
# Chords music21 names from another of their notes or with added notes (Cdim7 as F#o7/C, Ebm7b5 as F#m6/Eb,
# C6 as Am7/C, G7b9 as G7addG#, C7sus4 as Dm/G): over their root in the bass, as Encore's bass track plays them,
# a musician names them from the bass, by Encore's own qualities (chord_names.QUALITIES); over another bass, by
# the same qualities from another root, as a slash chord (C7/E, C/D), so the chart reader voices the name back.


@lru_cache(maxsize=1)
def _from_the_bass() -> dict[frozenset[int], str]:
    """Each quality's notes above its root (in semitones) -> the quality; the first of two alike wins."""
    from .chord_names import QUALITIES

    table: dict[frozenset[int], str] = {}
    for quality in QUALITIES:
        if (notes := _notes_of(quality)) is not None:
            table.setdefault(notes, quality)
    return table


@lru_cache(maxsize=128)
def _notes_of(quality: str) -> frozenset[int] | None:
    """The quality's notes above its root, in semitones, as Encore voices it; None where it voices none."""
    from ..errors import EncoreError
    from .progression import chord_pitches

    try:
        return frozenset(p % 12 for p in chord_pitches("C" + quality)[1])
    except EncoreError:
        return None


def _by_quality(pcs: frozenset[int], bass: int) -> str | None:
    """The chord named by Encore's qualities: from the bass where one fits, or where one fits with its fifth left
    out (a shell voicing: C E Bb D A is C13), else over the bass, from another root (see _slash_readings); the
    quality first in QUALITIES, the simpler or more usual, wins (Fm6/Ab before Dm7b5/Ab, Am7/G before C6/G), and
    a list of tensions (7sus4(9,b13)) comes last: over a foreign bass it reads as a puzzle (E13/C, not
    F#7sus4(9,b13)/C). None where no name Encore voices holds the same pitch classes."""
    from .chord_names import LISTED, QUALITIES

    table = _from_the_bass()
    readings = [(bass, quality, True) for quality in (table.get(_above(pcs, bass)), _shell(pcs, bass))
                if quality is not None]
    readings += sorted(_slash_readings(pcs, bass), key=lambda r: (
        r[1] in LISTED, not r[2], QUALITIES.index(r[1]), (r[0] - bass) % 12))
    return next((name for root, quality, _ in readings
                 if (name := _chart_name(root, quality, bass, pcs))), None)


# The sevenths, or the sixth and ninth, that make three or four notes over a bass a shell voicing (C E Bb, C E A
# D), not a triad's inversion without its fifth (C E A is Am/C)
SEVENTHS, SIX_NINE = {10, 11}, {2, 9}


def _shell(pcs: frozenset[int], bass: int) -> str | None:
    """The quality the chord voices from the bass with its perfect fifth left out, as pianists leave it out of
    a seventh chord and its extensions; not a chord without a third, nor one whose fifth is altered (C E Ab Bb
    keeps its #5), nor a list of tensions (C D E F A Bb is Bbmaj7#11/C, not C7(11,13))."""
    from .chord_names import LISTED

    above = _above(pcs, bass)
    if above & {6, 7, 8} or not above & {3, 4} or not (above & SEVENTHS or SIX_NINE <= above):
        return None
    quality = _from_the_bass().get(above | {7})
    return None if quality in LISTED else quality


def _above(pcs: frozenset[int], root: int) -> frozenset[int]:
    """The pitch classes as semitones above ``root``."""
    return frozenset((pc - root) % 12 for pc in pcs)


# A bass a 3rd, 5th, 6th or 7th above the root makes an inversion, named with the bass (C7/E, Fm6/Ab, Cm7/Bb);
# one a tension above it (b9, 9, 11, #11) is a foreign bass under a chord named without it (C/D, Ab/Bb, Em/F)
TENSIONS = {1, 2, 5, 6}


def _slash_readings(pcs: frozenset[int], bass: int) -> list[tuple[int, str, bool]]:
    """(root, quality, whether a chart would read it so) for each other root whose quality holds the chord with
    the bass (an inversion) or without it (a foreign bass)."""
    table, readings = _from_the_bass(), []
    for root in pcs - {bass}:
        tension = (bass - root) % 12 in TENSIONS
        for above, foreign in ((_above(pcs, root), False), (_above(pcs - {bass}, root), True)):
            if above in table:
                readings.append((root, table[above], foreign == tension))
    return readings


# Bass notes a chart never writes, even where the chord spells them so (Db7/Cb, F#maj7/E#, F#/B#): /B, /F, /C
UNWRITTEN_BASSES = {"C-", "F-", "E#", "B#"}
# The bass as an interval above the root where the chord does not spell it
INTERVALS = {1: "m2", 2: "M2", 3: "m3", 4: "M3", 5: "P4", 6: "A4", 7: "P5", 8: "m6", 9: "M6", 10: "m7", 11: "M7"}


def _chart_name(root: int, quality: str, bass: int, pcs: frozenset[int]) -> str | None:
    """'Db7', or 'C7/E' with the bass spelled as the chord spells it (Fm6/Ab, E7/G#; a foreign bass as its
    interval above the root: Ab/Bb), where Encore's chart reader voices the name to ``pcs`` (not C6/9/G), or
    to ``pcs`` and the fifth above the root in the bass (a shell voicing)."""
    from music21 import pitch

    from ..errors import EncoreError
    from .progression import chord_pitches, jazz_figure

    spelled = _root_name(root, quality)
    name = jazz_figure(spelled + quality)
    try:
        if bass != root:
            over = next((pitch.Pitch(n) for n in chord_pitches(name)[0] if pitch.Pitch(n).pitchClass == bass),
                        pitch.Pitch(spelled).transpose(INTERVALS[(bass - root) % 12]))
            plain = abs(over.alter) < 2 and over.name not in UNWRITTEN_BASSES
            name += "/" + jazz_figure(over.name if plain else over.simplifyEnharmonic().name)
        voiced = {p % 12 for p in chord_pitches(name)[1]}
        return name if voiced == pcs or bass == root and voiced == pcs | {(root + 7) % 12} else None
    except EncoreError:
        return None


# A black-key root is spelled as charts spell it: the spelling whose third needs fewer accidentals (Db7's F, not
# C#7's E#; C#m7's E, not Dbm7's Fb); a tie goes to the flat (Eb, Bb7, Bbo7, Ebm7b5), save F#'s, which charts
# keep sharp (F#7). A chord without a third (sus, power) takes the tie's spelling.
BLACK_KEYS = {1: ("D-", "C#"), 3: ("E-", "D#"), 6: ("F#", "G-"), 8: ("A-", "G#"), 10: ("B-", "A#")}
WHITE_KEYS = {0: "C", 2: "D", 4: "E", 5: "F", 7: "G", 9: "A", 11: "B"}


def _root_name(root: int, quality: str) -> str:
    """The root's name in music21's spelling ('D-', 'C#') under ``quality``."""
    if root in WHITE_KEYS:
        return WHITE_KEYS[root]
    above = _notes_of(quality)
    third = "M3" if 4 in above else "m3" if 3 in above else None
    return min(BLACK_KEYS[root], key=lambda name: _accidentals(name, third))  # min keeps the first of a tie


def _accidentals(root: str, interval: str | None) -> int:
    """Sharps or flats of the note ``interval`` above ``root``; 0 for no interval."""
    from music21 import pitch

    return abs(pitch.Pitch(root).transpose(interval).alter) if interval else 0


def span_of(beats: int, compound: bool) -> float:
    """Quarter notes of harmony read as one chord in bars of ``beats`` quarter notes."""
    return 1.5 if compound else SPAN if beats % 2 == 0 else float(beats)


class _Timeline:
    """Events sorted by onset, to find those sounding in a stretch without a pass over the whole file for each
    (reading a 2,000-bar MIDI file took a minute)."""

    def __init__(self, events: list[Event]):
        self.events = sorted(events, key=lambda e: e.offset)
        self.onsets = [e.offset for e in self.events]
        self.longest = max((e.duration for e in self.events), default=0.0)

    def during(self, lo: float, hi: float) -> list[Event]:
        first, last = bisect_left(self.onsets, lo - self.longest - EPS), bisect_left(self.onsets, hi)
        return [e for e in self.events[first:last] if e.end > lo]


def reduce(events: list[Event], span: float = SPAN) -> list[BarChord]:
    if not events:
        return []
    end = max(e.end for e in events)
    return _named(events, [(i * span, (i + 1) * span) for i in range(math.ceil(end / span))], _span_pitches)


def reduce_bars(events: list[Event], beats: int, compound: bool) -> list[BarChord]:
    """The chords of bars of ``beats`` quarter notes: a chord per ``span_of`` them, and in an odd meter a bar
    cut again where its comping strikes a new chord."""
    if compound or beats % 2 == 0 or not events:
        return reduce(events, span_of(beats, compound))
    end, timeline = max(e.end for e in events), _Timeline(events)
    segments = [s for bar in range(math.ceil(end / beats))
                for s in _bar_segments(timeline.during(bar * beats, (bar + 1) * beats), float(bar * beats), beats)]
    return _named(events, segments, _struck_pitches)


def _named(events: list[Event], segments: list[tuple[float, float]], pitches_of) -> list[BarChord]:
    """A chord for each (start, end) stretch that sounds two pitch classes or more, unless it repeats the last."""
    chords: list[BarChord] = []
    timeline = _Timeline(events)
    for lo, hi in segments:
        pitches = pitches_of(timeline.during(lo, hi), lo, hi)
        if len({p % 12 for p in pitches}) >= 2 and (not chords or _pcs(chords[-1]) != {p % 12 for p in pitches}):
            chords.append(BarChord(lo, tuple(midi_name(p) for p in pitches), pitches))
    return chords


def _bar_segments(events: list[Event], start: float, beats: int) -> list[tuple[float, float]]:
    """The bar from ``start`` cut on each of its beats, or at its half, where a new chord is struck (``events``:
    those sounding in the bar)."""
    segments, lo = [], start
    for t in sorted({start + b for b in range(1, beats)} | {start + beats / 2}):
        if _new_chord_struck(events, lo, t):
            segments.append((lo, t))
            lo = t
    return [*segments, (lo, start + beats)]


def _new_chord_struck(events: list[Event], since: float, t: float) -> bool:
    """Whether the comping strikes at ``t`` notes that have not sounded since ``since`` (G7's G and B after Dm7),
    where a chord has sounded: the bass's "oom" alone before the comping's "pah-pah" is no chord of its own."""
    before = {p % 12 for p in _sounded(events, since, t)}
    struck = _struck_above_bass(events, t)
    return len(before) >= 2 and len(struck) >= 2 and not struck <= before


def _struck_above_bass(events: list[Event], t: float) -> set[int]:
    """The pitch classes struck within an eighth of ``t`` above the lowest note then sounding (a walking bass's
    passing note under the same chord struck again is no new chord)."""
    sounding = [p for e in events if min(e.end, t + STEP / 2) - max(e.offset, t) > EPS for p in e.pitches]
    if not sounding:
        return set()
    bass = min(sounding)
    return {p % 12 for e in events if abs(e.offset - t) < STEP / 2 - EPS for p in e.pitches if p > bass}


def _sounded(events: list[Event], lo: float, hi: float) -> tuple[int, ...]:
    """The pitches heard for a good share of any eighth note of [lo, hi), lowest of each pitch class."""
    lowest: dict[int, int] = {}
    for k in range(math.ceil((hi - lo) / STEP - EPS)):
        for p in _span_pitches(events, lo + k * STEP, min(lo + (k + 1) * STEP, hi)):
            lowest[p % 12] = min(lowest.get(p % 12, 999), p)
    return tuple(sorted(lowest.values()))


def _struck_pitches(events: list[Event], lo: float, hi: float) -> tuple[int, ...]:
    """The stretch's chord; a chord struck late in it (the comping's beat 2 under the bass's root held from beat
    1) sounds for too small a share of it, and is read from the eighth notes it sounds in."""
    pitches = _span_pitches(events, lo, hi)
    return pitches if len({p % 12 for p in pitches}) >= 2 else _sounded(events, lo, hi)


def _span_pitches(events: list[Event], lo: float, hi: float) -> tuple[int, ...]:
    weight: dict[int, float] = defaultdict(float)
    lowest: dict[int, int] = {}
    for e in events:
        overlap = min(e.end, hi) - max(e.offset, lo)
        if overlap <= 0:
            continue
        for p in e.pitches:
            weight[p % 12] += overlap
            lowest[p % 12] = min(lowest.get(p % 12, 999), p)
    if not weight:
        return ()
    strongest = max(weight.values())
    return tuple(sorted(lowest[pc] for pc, w in weight.items() if w >= KEEP * strongest))


def _pcs(chord: BarChord) -> set[int]:
    return {p % 12 for p in chord.pitches}


@lru_cache(maxsize=4096)
def figure(names: tuple[str, ...]) -> str:
    """A readable chord symbol for spelled pitches ('C E G B-' -> 'C7'), or the root's name."""
    from music21 import chord, harmony

    given = chord.Chord(list(names))
    if len(given.pitchClasses) > 2:
        named = _by_quality(frozenset(given.pitchClasses), given.bass().pitchClass)
        if named is not None:
            return named
    text = ""
    # MIDI gives pitches spelled by music21's default mix of sharps and flats (B E- F# A), which music21 cannot
    # name (it gave F#m): respelled as thirds (B D# F# A) they are B7
    tries = [given, given.simplifyEnharmonics(inPlace=False)] if len(given.pitchClasses) > 2 else [given]
    for c in tries:  # a dyad respelled became a bare "G#" (G# E#): music21 names a chord of three notes or more
        try:
            text = harmony.chordSymbolFigureFromChord(c)
        except Exception:  # noqa: BLE001 - music21 cannot name every cluster
            text = ""
        if text and "Cannot" not in text:
            break
    if not text or "Cannot" in text:  # a dyad or cluster: its root, over the lowest note the bass plays
        flats = chord.Chord([p.getEnharmonic() if p.accidental is not None and p.accidental.alter > 0 else p
                             for p in given.pitches])  # MIDI's G# F is a third as Ab F
        c = next((c for c in (given, flats) if c.quality in ("major", "minor")), given)
        root, bass = c.root().name, c.bass().name
        text = root + ("m" if c.quality == "minor" else "") + (f"/{bass}" if bass != root else "")
    # music21 lists added notes in a set's order, which changes from run to run ('addB,E,G#', 'addG#,B,E')
    text = re.sub(r"add(.+)$", lambda m: "add" + ",".join(sorted(m[1].split(","))), text)
    return text.replace("-", "b")
