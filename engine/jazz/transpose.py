"""Moving a solo or a chart to another key, its chord symbols spelled as a lead sheet in that key spells them.

A move of n semitones can be spelled two ways (up 1: C to Db, or C to C#); the one that writes the chart's key
(as its lead sheet is signed) with the fewer sharps or flats wins (B, not Cb; Db, not C#), on a tie (F# or
Gb) the one its key leans to, flats from C; a chart without a key takes the one that writes its roots most
plainly.
Every chord moves by that one interval, so a chart's spelling stays consistent (F#m7 B7 in A, not Gbm7 B7),
its chromatic chords too (Gb7 in Bb is Cb7, written B7, in Eb).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..errors import EncoreError
from ..words import counted
from .key_signature import key_of, moved_keys, stated_keys
from .piece import ChordSymbol, Note, Piece
from .progression import (
    COMP_LOW,
    ENDING,
    ROOT,
    SECTION_LABEL,
    jazz_figure,
    music21_note,
    parse_progression,
    voicing,
)

# the intervals spelling each move within an octave, the flat-wise one first
INTERVALS = {0: ("P1",), 1: ("m2", "A1"), 2: ("M2", "d3"), 3: ("m3", "A2"), 4: ("M3", "d4"), 5: ("P4", "A3"),
             6: ("d5", "A4"), 7: ("P5", "d6"), 8: ("m6", "A5"), 9: ("M6", "d7"), 10: ("m7", "A6"),
             11: ("M7", "d8")}
AWKWARD = {"E#", "B#", "C-", "F-"}  # spelled so only in keys of six or more sharps or flats
MOST = 24  # semitones either way: two octaves is as far as a solo moves and stays playable
WORD = re.compile(r"[^\s|\[\]{}:]+")  # a chart's words: what its bar lines, repeats and spaces separate
ACCIDENTAL = re.compile(r"(^|/)([A-G])([b#])")  # a chord's root or bass accidental, not its quality's b9
GLYPHS = {"b": "♭", "#": "♯"}


def check_semitones(semitones: int, name: str = "the transposition") -> int:
    if not -MOST <= semitones <= MOST:
        raise EncoreError(f"{name} must be {-MOST} to {MOST} semitones, not {semitones}")
    return semitones


def transpose_piece(piece: Piece, semitones: int) -> Piece:
    """A copy of the piece moved by ``semitones``: its notes, its chords respelled for the new key, the chart
    it was improvised over, and the key signatures its file stated, moved as its chords are."""
    check_semitones(semitones)
    low, high = min((n.pitch for n in piece.notes), default=60), max((n.pitch for n in piece.notes), default=60)
    if low + semitones < 0 or high + semitones > 127:
        raise EncoreError(f"moving {move_words(semitones)} would take notes past MIDI's range (0-127)")
    out = piece.copy()
    out.notes = [Note(n.start, n.duration, n.pitch + semitones, n.velocity) for n in piece.notes]
    stated = stated_keys(piece)  # the move is spelled for the key the file signed, where it signed one
    spelling, in_key = _spelling([r for c in piece.chords for r in _roots(c.symbol)], semitones, piece.chords,
                                 key_of(piece) if stated else None)
    out.chords = _moved_chords(piece.chords, semitones, spelling, in_key)
    out.meta.pop("keys", None)  # damaged ones are dropped: the key is then heard in the chords
    if stated:
        out.meta["keys"] = moved_keys(stated, spelling)
    if isinstance(piece.meta.get("chords"), str):  # the chart it was improvised over, as the user typed it
        out.meta["chords"] = transpose_chart(piece.meta["chords"], semitones)
    return out


def transpose_chords(chords: list[ChordSymbol], semitones: int) -> list[ChordSymbol]:
    spelling, in_key = _spelling([r for c in chords for r in _roots(c.symbol)], semitones, chords)
    return _moved_chords(chords, semitones, spelling, in_key)


def _moved_chords(chords: list[ChordSymbol], semitones: int, spelling: str,
                  in_key: frozenset[str]) -> list[ChordSymbol]:
    return [replace(c, symbol=transpose_symbol(c.symbol, spelling, in_key),
                    pitches=voicing(sorted(p + semitones for p in c.pitches)) if c.pitches else (),
                    names=_moved_names(c.names, spelling, in_key)) for c in chords]


def transpose_chart(text: str, semitones: int) -> str:
    """The chart with every chord symbol moved; bar lines, repeats, endings, meters and spacing kept."""
    check_semitones(semitones)
    roots = [r for word in WORD.findall(text) for r in _roots(_after_ending(word)[1])]
    try:
        chords = parse_progression(text)
    except EncoreError:  # a chart not yet typed in full: its roots decide
        chords = []
    spelling, in_key = _spelling(roots, semitones, chords)
    glyphs = re.search(r"[A-G][♭♯]", text) is not None  # a chart typed with ♭ and ♯ is answered in them

    labels = [m.span() for m in SECTION_LABEL.finditer(text)]  # [A], Bridge: name sections, not chords

    def move(word: re.Match) -> str:
        if any(start <= word.start() < end for start, end in labels):
            return word.group()
        ending, symbol = _after_ending(word.group())
        moved = transpose_symbol(symbol, spelling, in_key)
        return ending + (ACCIDENTAL.sub(lambda m: m[1] + m[2] + GLYPHS[m[3]], moved) if glyphs else moved)
    return WORD.sub(move, text)


def transpose_symbol(symbol: str, spelling: str, in_key: frozenset[str] = frozenset()) -> str:
    """One chord symbol moved by an interval ('M2'); anything that is not one (N.C., %, /, 3/4) as it was.
    ``in_key``: the new key's note names, which are written as they are (Cb in Gb)."""
    chord, slash, bass = symbol.partition("/")
    root = ROOT.fullmatch(chord)
    if root is None:  # 'N.C.', '%', '/', '3/4' and the like
        return symbol
    moved = jazz_figure(_move(music21_note(root.group(1), root.group(2)), spelling, in_key)) + root.group(3)
    note = ROOT.fullmatch(bass)
    if slash and note and not note.group(3):  # a bass note; C6/9's '9' is part of the chord
        return f"{moved}/{jazz_figure(_move(music21_note(note.group(1), note.group(2)), spelling, in_key))}"
    return moved + slash + bass


def _after_ending(word: str) -> tuple[str, str]:
    """('N1', 'C7') of iReal Pro's glued 'N1C7'."""
    if len(word) > 2 and ENDING.fullmatch(word[:2]):
        return word[:2], word[2:]
    return "", word


def _roots(symbol: str) -> list[str]:
    """The root and bass notes of a chord symbol, in music21's spelling ('B-')."""
    chord, _, bass = symbol.partition("/")
    root, note = ROOT.fullmatch(chord), ROOT.fullmatch(bass)
    bass_note = note if note and not note.group(3) else None  # C6/9's '9' is no note
    return [music21_note(n.group(1), n.group(2)) for n in (root, bass_note) if n]


def _spelling(roots: list[str], semitones: int, chords: list[ChordSymbol],
              home=None) -> tuple[str, frozenset[str]]:
    """The interval spelling the move ('-m2') and the note names of the key it moves the chart to; ``home``:
    the key it is in, else the one its chords are heard in."""
    home = home if home is not None else _home_key(chords)
    spelling = _interval(roots, semitones, home)
    return spelling, frozenset(p.name for p in home.transpose(spelling).pitches) if home else frozenset()


def _interval(roots: list[str], semitones: int, home=None) -> str:
    """The spelling of a move (e.g. '-m2') that writes the ``home`` key (a music21 Key) with the fewer sharps or
    flats, or without one these roots most plainly."""
    sign = "-" if semitones < 0 and semitones % 12 else ""  # an octave down is a unison, spelled alike
    names = [sign + name for name in INTERVALS[abs(semitones) % 12]]
    def plainness(name: str) -> float:
        return sum(_cost(_written(r, name).name) for r in roots)

    # min keeps the first (flat-wise) on a tie. Of F# and Gb major, the one that writes the roots more plainly
    # (a blues moved into it is F#7 B7 C#7, not Gb7 Cb7 Db7), then the one the home key leans to; of D# and Eb
    # minor, the one it leans to (charts are in Eb minor, its bVI a Cb)
    if home is not None:
        def cost(name: str) -> tuple:
            sharps = home.transpose(name).sharps
            plain = round(plainness(name)) if home.mode == "major" else 0
            return abs(sharps), plain, _signature_cost(sharps, home.sharps)
        return min(names, key=cost)
    return min(names, key=plainness)


def _home_key(chords: list[ChordSymbol]):
    """The key a lead sheet of the chords is written in (as the MusicXML export signs it), spelled as their
    roots are; None where no chord sounds. A chromatic chord (Gb7 in Bb) weighs little, so the move is spelled
    for the key, not for it."""
    return key_of(Piece(chords=chords)) if any(c.pitches and c.duration > 0 for c in chords) else None


def _signature_cost(sharps: int, home: int) -> float:
    """A key signature's accidentals (B's five sharps, not Cb's seven flats); of F# and Gb, the one the
    ``home`` key leans to weighs a hair less: sharps from a key in sharps, flats from one in flats or from C."""
    return abs(sharps) + (0.01 if (sharps > 0) != (home > 0) else 0)


def _cost(name: str) -> float:
    """How hard a note name is to read: its accidentals (two for a double), more for E#, B#, Cb, Fb and the
    doubles; a sharp weighs a hair more, so a tie goes to flats."""
    accidentals = name.count("-") + name.count("#")
    return accidentals + (1 if name in AWKWARD or accidentals > 1 else 0) + (0.01 if "#" in name else 0)


@lru_cache(maxsize=4096)
def _written(name: str, spelling: str):
    """A music21 pitch ('B-', or with its octave 'B-3') moved by an interval, spelled as the interval says."""
    from music21 import pitch

    return pitch.Pitch(name).transpose(spelling)


def _move(name: str, spelling: str, in_key: frozenset[str] = frozenset()) -> str:
    """A note name moved by an interval, a double sharp or flat, an E#, B#, Cb or Fb respelled as its plain
    neighbour (Cb7 in Db is written B7) unless it is a note of the new key (Cb in Gb)."""
    moved = _written(name, spelling)
    awkward = moved.name in AWKWARD or moved.accidental is not None and abs(moved.accidental.alter) > 1
    if awkward and moved.name not in in_key:
        moved = moved.simplifyEnharmonic()
    return moved.nameWithOctave if any(c.isdigit() for c in name) else moved.name


def _moved_names(names: tuple[str, ...], spelling: str, in_key: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """A chord's spelled pitches moved and kept where its voicing is (the first from C3 up, the others as far
    above it as before), as the comping's pitches are: moved the whole way, a chord moved down an octave at a
    time sank below octave 0, where music21's A in octave -1, 'A-1', reads back as A-flat 1."""
    from music21 import pitch

    given = [pitch.Pitch(n) for n in names]
    moved = [pitch.Pitch(_move(p.name, spelling, in_key), octave=4) for p in given]
    for p, name in zip(given, moved, strict=True):  # each a number of octaves from where it belongs
        target = COMP_LOW + moved[0].pitchClass + p.midi - given[0].midi
        name.octave += (target - name.midi) // 12
    return tuple(name.nameWithOctave for name in moved)


def move_words(semitones: int) -> str:
    """'up 2 semitones', 'down an octave': a move as the status line and the undo menu say it."""
    size = {12: "an octave", 24: "two octaves"}.get(abs(semitones)) or counted(abs(semitones), "semitone")
    return f"{'up' if semitones > 0 else 'down'} {size}"
