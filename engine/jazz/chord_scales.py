"""The notes a solo plays over a chord: the chord-scale a jazz player reaches for, by the chord's quality.

Training reads a solo's tokens by the reference's rule (``grammar.classify``: a major scale over a major chord,
Dorian over any other, in whichever mode music21 derives from the chord's notes), so that a course model reads
the course's tokens. Played back, that rule put Phrygian's flat ninth over Cm7, the major third over C7sus4 and
the eleventh over C13: a solo's scale tones here are its chord's own scale, less the scale's avoid notes (which
stay approach tones, a semitone from the chord).
"""

from __future__ import annotations

from functools import lru_cache

# Semitones above the root, the avoid notes left out (the 11th over a major third, the 3rd over a sus4).
IONIAN, LYDIAN, LYDIAN_AUGMENTED = (0, 2, 4, 7, 9, 11), (0, 2, 4, 6, 7, 9, 11), (0, 2, 4, 6, 8, 9, 11)
MIXOLYDIAN, LYDIAN_DOMINANT = (0, 2, 4, 7, 9, 10), (0, 2, 4, 6, 7, 9, 10)
ALTERED, HALF_WHOLE, WHOLE_TONE = (0, 1, 3, 4, 6, 8, 10), (0, 1, 3, 4, 6, 7, 9, 10), (0, 2, 4, 6, 8, 10)
DORIAN, AEOLIAN, PHRYGIAN = (0, 2, 3, 5, 7, 9, 10), (0, 2, 3, 5, 7, 8, 10), (0, 1, 3, 5, 7, 8, 10)
MELODIC_MINOR, LOCRIAN_SHARP_2, WHOLE_HALF = (0, 2, 3, 5, 7, 9, 11), (0, 2, 3, 5, 6, 8, 10), \
    (0, 2, 3, 5, 6, 8, 9, 11)
SUSPENDED, OPEN_FIFTH = (0, 2, 5, 7, 9, 10), (0, 2, 5, 7, 9)  # a power chord: the tones its major and minor share


def chord_scale(intervals: frozenset[int]) -> tuple[int, ...]:
    """The scale, in semitones above the root, for a chord holding ``intervals`` above its root."""
    has = intervals.__contains__
    if has(4):  # a major third
        if has(10):  # a dominant seventh
            if has(8):  # a flat 13th or sharp 5th: altered with a flat or sharp ninth, else whole-tone
                return ALTERED if has(1) or has(3) else WHOLE_TONE
            return HALF_WHOLE if has(1) or has(3) else LYDIAN_DOMINANT if has(6) else MIXOLYDIAN
        return LYDIAN_AUGMENTED if has(8) else LYDIAN if has(6) else IONIAN
    if has(3):  # a minor third
        if has(6):
            return LOCRIAN_SHARP_2 if has(10) else WHOLE_HALF  # half-diminished; diminished
        if has(11):
            return MELODIC_MINOR
        return PHRYGIAN if has(1) else AEOLIAN if has(8) and not has(9) else DORIAN
    if has(5) or has(2):  # suspended
        return PHRYGIAN if has(1) else SUSPENDED
    return OPEN_FIFTH


@lru_cache(maxsize=4096)
def pitch_class_table(chord_pitch_classes: frozenset[int], root: int) -> tuple[str, ...]:
    """The class (C chord tone, S scale tone, A approach tone, X other) of each of the 12 pitch classes over a
    chord, for the notes a solo plays."""
    intervals = frozenset((pc - root) % 12 for pc in chord_pitch_classes) | {0}
    in_scale = {(root + step) % 12 for step in chord_scale(intervals)}
    approach = {(pc + step) % 12 for pc in chord_pitch_classes for step in (1, -1)}
    return tuple("C" if pc in chord_pitch_classes else "S" if pc in in_scale else "A" if pc in approach else "X"
                 for pc in range(12))
