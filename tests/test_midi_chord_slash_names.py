"""Chords read from MIDI over a bass that is not their root, and on black-key roots, named as a chart writes them.

music21 named Fm6 over A-flat 'C##ø7/G#' and C7 over E from another root, names Encore's chart reader cannot
voice; and it spelled roots its own way: Db7 came back 'C#7', Ab7 'G#7', Eb 'D#'.
"""

from __future__ import annotations

import re

import pytest
from music21 import pitch

from engine.jazz.export import write_midi
from engine.jazz.grammar import midi_name
from engine.jazz.harmony_reduction import figure
from engine.jazz.piece import Note, Piece
from engine.jazz.progression import chord_pitches, parse_progression
from engine.jazz.source import load_source

ROOTS = ("C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
# (quality, the bass as an interval above the root): inversions, and a triad over its 9th (C/D)
SLASHES = (("7", "M3"), ("7", "P5"), ("7", "m7"), ("m7", "m7"), ("m6", "m3"), ("maj7", "M7"), ("m7b5", "d5"),
           ("", "M2"))


def slash_chord(root: str, quality: str, interval: str) -> str:
    """'C7/E' from 'C', '7', 'M3' (Abm7b5 over D, not E double flat, which the chart reader cannot read)."""
    bass = pitch.Pitch(root.replace("b", "-")).transpose(interval)
    if abs(bass.alter) > 1:
        bass = bass.simplifyEnharmonic()
    return f"{root}{quality}/{bass.name.replace('-', 'b')}"


def read_back(changes: str, tmp_path) -> list:
    """The chords of a solo over ``changes``, written as Encore exports MIDI (comping and a bass track) and read
    back from the comping and bass notes, as Encore reads a file without chord symbols (its own MIDI carries its
    symbols as markers, which the chosen chord parts set aside)."""
    chords = parse_progression(changes)
    notes = [Note(bar * 4 + beat, 1, 72 + beat) for bar in range(len(chords)) for beat in (1, 2)]
    path = tmp_path / "slash.mid"
    write_midi(Piece("Slash chords", notes, chords, len(chords)), path)
    return load_source(path, chord_parts=[1, 2]).to_piece().chords


def classes(symbol: str) -> set[int]:
    return {p % 12 for p in chord_pitches(symbol)[1]}


def root_and_bass(symbol: str) -> tuple[str, str]:
    chord, _, bass = symbol.partition("/") if not symbol.endswith("6/9") else (symbol, "", "")
    root = chord[:2] if chord[1:2] in ("b", "#") else chord[:1]
    return root, bass or root


def minor_third(symbol: str, root: str) -> bool:
    """Whether the chord holds the minor third above its root and not the major one (Cm7, Co7, not C7#9)."""
    home = pitch.Pitch(root.replace("b", "-")).pitchClass
    return (home + 3) % 12 in classes(symbol) and (home + 4) % 12 not in classes(symbol)


def test_inversions_on_every_root_read_back_from_midi_as_names_encore_voices_over_the_same_bass(tmp_path):
    # each quality on the 12 roots in turn: the same chord twice in a row reads as one
    written = [slash_chord(root, quality, interval) for quality, interval in SLASHES for root in ROOTS]
    back = read_back(" | ".join(written), tmp_path)
    assert len(back) == len(written)
    for chord, name in zip(back, written, strict=True):
        assert classes(chord.symbol) == classes(name), (name, chord.symbol)
        # the name's own bass is the file's bass: the lowest note of Encore's voicing of it
        assert chord_pitches(chord.symbol)[1][0] % 12 == chord_pitches(name)[1][0] % 12, (name, chord.symbol)
    # over C and A-flat, what a chart writes (Cm7/Eb is C's relative Eb6 from the bass, as before)
    c, ab = [[c.symbol for c in back[i::len(ROOTS)]] for i in (0, 8)]
    assert c == ["C7/E", "C7/G", "C7/Bb", "Cm7/Bb", "Cm6/Eb", "Cmaj7/B", "Ebm6/Gb", "C/D"]
    assert ab == ["Ab7/C", "Ab7/Eb", "Ab7/Gb", "G#m7/F#", "G#m6/B", "Abmaj7/G", "Bm6/D", "Ab/Bb"]


def test_roots_read_from_midi_take_the_charts_spelling(tmp_path):
    """A black-key root takes the spelling whose third needs fewer accidentals, a tie the flat, F# its sharp."""
    qualities = ("7", "", "maj7", "m7", "m7b5", "6", "9", "dim7")
    written = [root + quality for root in ROOTS for quality in qualities]
    back = [c.symbol for c in read_back(" | ".join(written), tmp_path)]
    assert [classes(s) for s in back] == [classes(s) for s in written]
    for symbol in back:
        assert "##" not in symbol and not re.search("[A-G]bb", symbol), symbol
        root, bass = root_and_bass(symbol)
        assert root not in ("D#", "A#", "Gb") and bass not in ("D#", "A#"), symbol
        assert root not in ("C#", "G#") or minor_third(symbol, root), symbol  # C#m7's E, not Dbm7's F-flat
        assert root not in ("Db", "Ab") or not minor_third(symbol, root), symbol
    assert back[len(qualities):2 * len(qualities)] == ["Db7", "Db", "Dbmaj7", "C#m7", "C#m7b5", "Db6", "Db9",
                                                       "C#o7"]
    assert [back[i * len(qualities)] for i in (3, 6, 8, 10)] == ["Eb7", "F#7", "Ab7", "Bb7"]


@pytest.mark.parametrize(("midi", "name"), [
    ((56, 60, 62, 65), "Fm6/Ab"),  # music21: C##ø7/G#
    ((52, 55, 58, 60), "C7/E"),
    ((49, 53, 56, 59), "Db7"),  # music21's C#7
    ((56, 60, 63, 66), "Ab7"),  # G#7
    ((51, 55, 58), "Eb"),  # D#
    ((54, 58, 61, 64), "F#7"),  # not Gb7 (F-flat)
    ((47, 49, 53, 56), "Db7/B"),  # as a chart writes the bass, not as the chord spells it (Cb)
    ((46, 56, 60, 63), "Ab/Bb"),  # a triad over its 9th, not Abadd9/Bb
])
def test_a_midi_chord_is_named_from_its_root_over_its_bass(midi, name):
    assert figure(tuple(midi_name(m) for m in midi)) == name
    assert classes(name) == {m % 12 for m in midi}


def test_a_slash_chords_bass_is_never_written_cb_fb_e_sharp_or_b_sharp():
    """A regression hunt's finds: the bass was spelled as the chord spells it, Db7/Cb, F#/B#, D7#9/E#, Eb/Fb."""
    from engine.jazz.grammar import midi_name
    from engine.jazz.harmony_reduction import figure

    def named(*pitches: int) -> str:
        return figure(tuple(midi_name(p) for p in pitches))

    assert named(47, 61, 65, 68, 71) == "Db7/B"
    assert named(48, 66, 70, 73) == "F#/C"
    assert named(53, 62, 66, 69, 72) == "D7#9/F"
    assert named(52, 63, 67, 70) == "Eb/E"
    assert named(53, 66, 70, 73, 77) == "F#maj7/F"
