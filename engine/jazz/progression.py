"""Chord progressions as the user types them: ``Dm7 G7 | Cmaj7 A7 | ...``.

Bars are separated by ``|``; chords in a bar share it evenly; ``%`` repeats the previous bar. Symbols are
parsed by music21's ``harmony.ChordSymbol`` (jazz spelling ``Bb7`` is accepted for music21's ``B-7``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import EncoreError
from .piece import ChordSymbol

BAR = 4.0
COMP_LOW = 48  # comping voicings sit from C3 up


def parse_progression(text: str, beats_per_bar: int = 4) -> list[ChordSymbol]:
    bars = [b.split() for b in text.replace("\n", "|").split("|")]
    bars = [b for b in bars if b]
    if not bars:
        raise EncoreError(f"no chords in the progression {text!r} (write e.g. 'Dm7 G7 | Cmaj7')")
    out: list[ChordSymbol] = []
    previous: list[str] = []
    for i, symbols in enumerate(bars):
        if symbols == ["%"]:
            if not previous:
                raise EncoreError("'%' (repeat the previous bar) cannot open a progression")
            symbols = previous
        share = beats_per_bar / len(symbols)
        for j, symbol in enumerate(symbols):
            names, pitches = chord_pitches(symbol)
            out.append(ChordSymbol(i * beats_per_bar + j * share, share, symbol, pitches, names))
        previous = symbols
    return out


@lru_cache(maxsize=1024)
def chord_pitches(symbol: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """(spelled names, close comping voicing) of a chord symbol; EncoreError names an unknown one."""
    from music21 import harmony

    figure = re.sub(r"^([A-G])b", r"\1-", symbol.strip())
    figure = re.sub(r"/([A-G])b", r"/\1-", figure)
    try:
        chord = harmony.ChordSymbol(figure)
        pitches = list(chord.pitches)
    except Exception:  # noqa: BLE001 - music21 raises ValueError and others for figures it cannot read
        pitches = []
    if not pitches:
        raise EncoreError(f"unknown chord symbol {symbol!r} (try e.g. Dm7, G7, Cmaj7, Bb7, F#m7b5)")
    return tuple(p.nameWithOctave for p in pitches), voicing([p.midi for p in pitches])


def voicing(pitches: list[int]) -> tuple[int, ...]:
    """Root in the octave above C3, the other pitch classes stacked closely above it."""
    root = COMP_LOW + pitches[0] % 12
    out = [root]
    for p in pitches[1:]:
        q = root + (p - root) % 12
        if q not in out:
            out.append(q)
    return tuple(sorted(out))


def loop_changes(chords: list[ChordSymbol], length: float, bars: int, beats_per_bar: int = 4) -> list[ChordSymbol]:
    """Repeat a progression ``length`` quarter notes long until it covers ``bars`` bars."""
    from dataclasses import replace

    total = bars * beats_per_bar
    out: list[ChordSymbol] = []
    shift = 0.0
    while shift < total and length > 0:
        for c in chords:
            if c.start + shift >= total:
                break
            out.append(replace(c, start=c.start + shift, duration=min(c.duration, total - c.start - shift)))
        shift += length
    return out
