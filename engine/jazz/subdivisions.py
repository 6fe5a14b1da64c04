"""Where in the beat a solo's notes start: the subdivisions the training solo used (16ths, triplets ...).

A token only knows its length, so the sampler could chain a 16th after a triplet eighth and leave every later
note of the bar between the grids (14 % of the onsets of a Metheny model's solos, where the solo itself
starts none). Each position is counted in 48ths of a quarter note from the bar line.
"""

from __future__ import annotations

from .grammar import GRID

SIXTEENTHS_AND_TRIPLETS = (0, 12, 16, 24, 32, 36)  # for models trained before the subdivisions were kept


def heard(bars) -> list[int]:
    """The positions in the beat where the bars' notes start. Not their rests': a note cut short by a rest
    that starts off the grid (5 of the Metheny solo's 1,608 tokens) is a note off. A bar that is not a whole
    number of quarter notes (a pickup, a file's cut-off last bar) counts from a point that is not a beat."""
    positions = {0}  # a bar line is one
    for bar in bars:
        if float(bar.length).is_integer():
            positions.update(round((e.offset - bar.start) * GRID) % GRID for e in bar.elements
                             if e.pitch is not None)
    return sorted(positions)


def usable(value) -> bool:
    """A model.json's subdivisions as heard() writes them (refused when a hand edit broke them)."""
    return (isinstance(value, list) and 0 in value
            and all(isinstance(p, int) and not isinstance(p, bool) and 0 <= p < GRID for p in value))
