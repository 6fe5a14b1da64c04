"""A chord symbol read from a score, named the way a chart writes it.

music21 reads a MusicXML chord with degrees as its kind plus the degrees ('C7 subtract 3 add 4', 'C7 add #9 add
b13'): Encore's chart reader cannot voice those names, and nobody writes them. Such a chord is named by the first
jazz quality over the same root and bass that voices the same pitch classes (C7sus4, C7alt).
"""

from __future__ import annotations

import re

from ..errors import EncoreError
from .progression import chord_pitches, jazz_figure

WITHOUT_FIFTH = ("7alt", "7b13", "7b9b13", "7#9b13")  # voiced without the fifth under the flat 13th: the file's chord has it
DEGREE_WORDS = re.compile(r" (add|alter|subtract|omit) ")
# Encore's chord qualities in the order a chord is named by them, the simplest or more usual name first (C7alt
# before C7#9b13, which voices the same); MIDI chords are named by them too (harmony_reduction).
QUALITIES = ("", "m", "7", "maj7", "m7", "6", "m6", "6/9", "m6/9", "9", "m9", "maj9", "11", "m11", "13", "m13",
             "sus4", "sus2", "7sus4", "9sus4", "13sus4", "7sus4(13)", "7b9sus4", "o", "o7", "m7b5", "ø9", "ø7b9", "ø11",
             "ø13", "+", "7alt", "7#5", "+7", "+M7", "+M9", "+M11", "+M13", "+9", "+11", "+13", "7b9", "7#9",
             "7#11", "7b5", "7b13", "7b9b13", "7#9b13", "7b9#11", "7#9#11", "9#11", "9b5", "9#5", "13#11", "13b9",
             "maj7#11", "maj9#11", "mM7", "mM9", "mM11", "mM13", "o9", "o7b9", "o11", "add9", "madd9")
LISTED = ("7sus4(9,b13)", "7(11,13)")  # as charts write what no single quality names
QUALITIES += LISTED
# iReal Pro's qualities that MusicXML writes as degrees ('Cm add b6', 'C7 subtract 3 add 4 add 3'), named only
# here: as MIDI chords' names (harmony_reduction) they would take inversions, Cm#5 for Ab/C and Cm(b6) for Abmaj7/C.
# iReal Pro's C7susadd3 is C7add11, the same notes under a name with no 3 in it, which the chart reader refuses
IREAL_ONLY = ("7b9b5", "7#9b5", "7b9#9", "13#9", "m(b6)", "m#5", "7add11", "7b13sus4")
# Lead sheets' qualities that MusicXML writes as degrees ('CM9 add 13 add #11'), named only here too, so that the
# names MIDI chords are given (harmony_reduction) stay as they were
CHART_ONLY = ("maj13#11", "maj7b5", "+M7#11")


def chart_name(figure: str, root: str, bass: str, pitch_classes: frozenset[int]) -> str:
    """``figure`` (music21's, 'B-7/A- subtract 3 add 4') as a chart names it ('Bb7sus4/Ab') where it lists
    degrees and a jazz quality voices the same ``pitch_classes``; else the figure as it is. A quality that holds
    the bass note itself comes first: Bb7sus4/Ab, not Bbsus4/Ab."""
    from music21 import pitch

    if not DEGREE_WORDS.search(figure):
        return figure
    over = "" if bass == root else "/" + jazz_figure(bass)
    fifth = (pitch.Pitch(root).pitchClass + 7) % 12
    for slash in ("", over) if over else ("",):
        for quality in QUALITIES + IREAL_ONLY + CHART_ONLY:
            try:
                voiced = {p % 12 for p in chord_pitches(jazz_figure(root) + quality + slash)[1]}
            except EncoreError:
                continue
            if voiced == pitch_classes or quality in WITHOUT_FIFTH and voiced == pitch_classes - {fifth}:
                return jazz_figure(root) + quality + over
    return figure
