"""The key a lead sheet of the piece is written in, for its MusicXML key signature.

music21's key finding over how long each pitch class sounds in the chords (in the melody where there are none),
then the habits of lead sheets:
- a tune is written in the key of the chord it ends on (the key a dominant ending resolves to, unless the tune
  opens on that dominant too, as a blues ends on its I7), or else opens with, where the finding ranks that key
  close behind its first choice (a blues in F heard as Bb, for its E-flats);
- a modal vamp is written in its parent major's signature: a tune of minor sevenths that opens and ends on one
  (So What, D-7 and Eb-7: no sharps or flats) is Dorian, and so is a minor tune whose tonic chords are minor
  sevenths, with no V7 of them, and whose sixth is major (D-7 with B naturals); one dominant seventh alone (a
  G7 vamp) is Mixolydian, C's;
- of a key and its enharmonic twin (G# minor, Ab minor), the one that spells more of the chart's roots
  (Ab-7 Db7 Eb7 are Ab minor's seven flats); where neither, the fewer sharps or flats (Db, not C#'s seven
  sharps, which music21 names from pitch classes alone), flats on a tie (Gb, not F#).

A piece read from a file that states its key signatures keeps them (meta "keys", see stated_keys): the lead
sheet is signed as the file is, key changes and all, and the finding above is only for pieces without.
"""

from __future__ import annotations

import math

from .piece import Piece
from .progression import ROOT, music21_note

CLOSE_BEHIND = 0.12  # how far below the finding's first choice (a correlation) a lead sheet's habit may choose
OFF_KEY = {1, 4, 6, 11}  # semitones above a minor tonic that no root of its minor or Dorian scale is on


def key_of(piece: Piece):
    """A music21 Key, the one in force at the start: the file's own where it stated one, else the one the
    finding hears; None for a piece without either or without chords or notes."""
    stated = stated_keys(piece)
    found = _found(piece)
    if not stated:
        return found
    _, sharps, mode = stated[0]
    if found is not None and found.sharps == sharps and mode in (None, found.mode):
        return found  # the same signature: the finding's tonic and mode (Dorian, a minor key) say more
    if found is not None and len(stated) == 1 and \
            _off_signature(piece, sharps) > _off_signature(piece, found.sharps) + MISFIT:
        return found  # a lone key the music does not keep (the Metheny file's G: F natural 112 times to 12)
    return as_key(sharps, mode)


MISFIT = 0.05  # how much more of the sounding time off a lone stated key's scale than off the heard key's
# distrusts it (the Metheny file's G: 28 % against F's 21 %)


def _off_signature(piece: Piece, sharps: int) -> float:
    """The share of the piece's sounding time (chords' pitch classes and notes) off the major scale of a key
    signature with so many sharps."""
    tonic = (7 * sharps) % 12
    scale = {(tonic + step) % 12 for step in (0, 2, 4, 5, 7, 9, 11)}
    weights = [0.0] * 12
    for chord in piece.chords:
        for pc in {p % 12 for p in chord.pitches}:
            weights[pc] += chord.duration
    for n in piece.notes:
        weights[n.pitch % 12] += n.duration
    total = sum(weights)
    return sum(w for pc, w in enumerate(weights) if pc not in scale) / total if total else 0.0


def stated_keys(piece: Piece) -> list[tuple[float, int, str | None]]:
    """(quarter notes from the start, sharps (flats below 0), mode or None) of the key signatures the piece's
    file stated, the first from the start, each later one a change, in time order; [] where it stated none or
    a hand-edited project's are damaged."""
    keys = piece.meta.get("keys")
    if not readable_keys(keys):
        return []
    ordered = sorted(((float(at), sharps, mode) for at, sharps, mode in keys), key=lambda k: k[0])
    first, later = ordered[0], []
    for k in ordered[1:]:
        if k[0] < piece.beats_per_bar / 2:  # at the opening bar line (a melody track's key a tick after the
            first = k                       # tempo track's C, a pickup's): the opening key, not a change
        elif k[0] < piece.length:
            later.append(k)
    return [(0.0, *first[1:])] + later


def form_keys(piece: Piece) -> list[list]:
    """[quarter notes, sharps, mode] of the keys the piece's file stated, over the form a solo goes round
    (Piece.form: a pickup's bar 0 left out, times from the form's start); [] where it stated none."""
    stated = stated_keys(piece)
    if not stated:
        return []
    shift = piece.length - piece.form()[1]
    opening = [k for k in stated if k[0] <= shift + 1e-9][-1]  # the key in force where the form starts
    return [[0.0, *opening[1:]]] + [[at - shift, sharps, mode] for at, sharps, mode in stated if at > shift + 1e-9]


def looped_keys(keys: list, length: float, total: float) -> list[list]:
    """The keys of a form ``length`` quarter notes long, repeated with its chords for ``total`` quarter notes (a
    solo of more bars than the form goes round it); a key already in force at a repeat is not stated again."""
    if not keys or length <= 0:
        return []
    looped: list[list] = []
    for chorus in range(math.ceil(total / length)):
        for at, sharps, mode in keys:
            start = float(at) + chorus * length
            if start < total - 1e-9 and (not looped or looped[-1][1:] != [sharps, mode]):
                looped.append([start, sharps, mode])
    return looped


def readable_keys(keys) -> bool:
    """Whether ``keys`` is a list of key signatures as meta 'keys' holds them (a model's or project's, which a
    hand edit may have damaged)."""
    return isinstance(keys, list) and bool(keys) and all(_stated(k) for k in keys)


def _stated(entry) -> bool:
    from music21 import key as m21key

    if not isinstance(entry, (list, tuple)) or len(entry) != 3:
        return False
    at, sharps, mode = entry
    return isinstance(at, (int, float)) and not isinstance(at, bool) and math.isfinite(at) and at >= 0 \
        and isinstance(sharps, int) and not isinstance(sharps, bool) and -7 <= sharps <= 7 \
        and (mode is None or mode in m21key.modeSharpsAlter)


def as_key(sharps: int, mode: str | None):
    """A key signature as a music21 Key (major where the file named no mode)."""
    from music21 import key as m21key

    return m21key.KeySignature(sharps).asKey(mode or "major")


def signature(sharps: int, mode: str | None):
    """What a lead sheet writes: a Key where the file named its mode, else the signature alone."""
    from music21 import key as m21key

    return as_key(sharps, mode) if mode else m21key.KeySignature(sharps)


def moved_keys(keys: list, interval: str) -> list[list]:
    """A piece's stated keys moved by an interval ('-m2'), each of seven sharps or flats at most (B# major's
    twelve sharps are C's none), its mode kept."""
    moved = []
    for at, sharps, mode in keys:
        now = as_key(sharps, mode).transpose(interval).sharps
        moved.append([at, now - 12 if now > 7 else now + 12 if now < -7 else now, mode])
    return moved


def _found(piece: Piece):
    """The key music21's finding and the habits of lead sheets hear in the piece; None without chords or
    notes."""
    from music21 import note, stream

    heard = [0.0] * 12
    for chord in piece.chords:
        for pc in {p % 12 for p in chord.pitches}:
            heard[pc] += chord.duration
    played = [0.0] * 12
    for n in piece.notes:
        played[n.pitch % 12] += n.duration
    weights = heard if any(heard) else played
    notes = [note.Note(pc, quarterLength=length) for pc, length in enumerate(weights) if length > 1e-9]
    if not notes:
        return None
    found = stream.Stream(notes).analyze("key")
    close = [k for k in [found, *found.alternateInterpretations]
             if k.correlationCoefficient >= found.correlationCoefficient - CLOSE_BEHIND]
    home = _minor_vamp(piece) or _habit(piece, close) or found
    return _as_charted(_mixolydian(piece) or _dorian(home, piece), piece)


def _rooted(piece: Piece) -> list:
    """The chords that sound and have a root (not N.C.)."""
    return [c for c in piece.chords if c.pitches and ROOT.fullmatch(c.symbol.partition("/")[0])]


def _habit(piece: Piece, close: list):
    """The close key whose tonic the tune ends on (or a dominant ending resolves to), else opens with, else
    whose tonic it ends on in the other mode (a tune in C that ends on C-^7)."""
    chords = _rooted(piece)
    if not chords:
        return None
    last, first = chords[-1], chords[0]
    root, minor = _tonic(last)
    resolves = _dominant(last) and not _blues_tonic(last, first, chords)
    tonics = [((root + 5) % 12, None)] if resolves else [(root, minor)]
    for root, minor in [*tonics, _tonic(first), (tonics[0][0], None)]:  # last: the ending's root, either mode
        for key in close:
            if key.tonic.pitchClass == root and minor in (None, key.mode == "minor"):
                return key
    return None


def _blues_tonic(last, first, chords) -> bool:
    """Whether a dominant ending is the tune's own I7, as a blues ends: it opens on it too, and either dominants
    fill most of the tune (a blues whose IV is Bb6, or Bb-7 as the ii of Eb7) or no chord a fourth up is a
    resting one (a G7 that opens and ends a tune in C goes to a C major seventh or sixth somewhere)."""
    root = _tonic(last)[0]
    if _tonic(first)[0] != root:
        return False
    dominant = sum(c.duration for c in chords if _dominant(c))
    return dominant > sum(c.duration for c in chords) / 2 or not any(
        _tonic(c)[0] == (root + 5) % 12 and not _dominant(c) for c in chords)


def _tonic(chord) -> tuple[int, bool]:
    """(the chord's root as a pitch class, whether its third is minor)."""
    from music21 import pitch

    root = pitch.Pitch(_root_name(chord)).pitchClass
    classes = {p % 12 for p in chord.pitches}
    return root, (root + 3) % 12 in classes and (root + 4) % 12 not in classes


def _root_name(chord) -> str:
    """The chord's root in music21's spelling ('A-')."""
    found = ROOT.fullmatch(chord.symbol.partition("/")[0])
    return music21_note(found.group(1), found.group(2))


def _dominant(chord) -> bool:
    root, minor = _tonic(chord)
    classes = {p % 12 for p in chord.pitches}
    return not minor and (root + 4) % 12 in classes and (root + 10) % 12 in classes


def _minor_seventh(chord) -> bool:
    """A minor seventh chord (D-7, D-9, D-11): no sixth, no flat five."""
    root, minor = _tonic(chord)
    classes = {p % 12 for p in chord.pitches}
    return minor and {(root + 7) % 12, (root + 10) % 12} <= classes and (root + 9) % 12 not in classes


def _minor_vamp(piece: Piece):
    """The minor key of a tune of minor seventh chords alone that opens and ends on the same one (So What:
    D-7, Eb-7, D-7), which the finding hears as the relative major (F, for Eb-7's flats)."""
    from music21 import key as m21key

    chords = _rooted(piece)
    if not chords or not all(_minor_seventh(c) for c in chords) or _tonic(chords[0]) != _tonic(chords[-1]):
        return None
    return m21key.Key(_root_name(chords[0]), "minor")


def _mixolydian(piece: Piece):
    """One dominant seventh alone (a G7 vamp) as Mixolydian, written in the major key a fourth up."""
    from music21 import key as m21key

    chords = _rooted(piece)
    if not chords or not all(_dominant(c) and _tonic(c)[0] == _tonic(chords[0])[0] for c in chords):
        return None
    return m21key.Key(_root_name(chords[0]), "mixolydian")


def _dorian(key, piece: Piece):
    """A minor key as Dorian where its tonic chords are minor sevenths (not a minor sixth chord, the minor
    key's own tonic: Summertime, a minor blues), no V7 leads to them, and its major sixth sounds at least as
    long as its minor sixth."""
    from music21 import key as m21key

    tonic = key.tonic.pitchClass
    chords = _rooted(piece)
    tonics = [c for c in chords if _tonic(c) == (tonic, True)]
    if key.mode != "minor" or not tonics or not all(_minor_seventh(c) for c in tonics):
        return key
    if any(_dominant(c) and _tonic(c)[0] == (tonic + 7) % 12 for c in chords):
        return key
    major, minor = _sixths(piece, tonic)
    return m21key.Key(key.tonic.name, "dorian") if major >= minor else key


def _sixths(piece: Piece, tonic: int) -> tuple[float, float]:
    """How long the major and the minor sixth above ``tonic`` sound, in chords (and the melody over them)
    whose root is in the key: a chord a half step off (So What's Eb-7) is a mode of its own, its B-flat not
    D's."""
    off = [(c.start, c.start + c.duration) for c in _rooted(piece) if (_tonic(c)[0] - tonic) % 12 in OFF_KEY]

    def in_key(start: float) -> bool:
        return not any(begin <= start < end for begin, end in off)

    sounding = [0.0] * 12
    for chord in piece.chords:
        if in_key(chord.start):
            for pc in {p % 12 for p in chord.pitches}:
                sounding[pc] += chord.duration
    for n in piece.notes:
        if in_key(n.start):
            sounding[n.pitch % 12] += n.duration
    return sounding[(tonic + 9) % 12], sounding[(tonic + 8) % 12]


def _as_charted(key, piece: Piece):
    """The key or its enharmonic twin, whichever spells more of the chart's roots; where neither, the one with
    the fewer sharps or flats, flats on a tie (music21 names a key from pitch classes alone: C# for Db)."""
    from music21 import key as m21key

    twin = m21key.Key(key.tonic.getEnharmonic().name, key.mode)
    # a signature has seven sharps or flats at most: B# for C, and a mode on a typed D#7 or Gb-7 (D#
    # Mixolydian's eight sharps), are their twins
    keys = [k for k in (key, twin) if abs(k.sharps) <= 7] or [key]
    roots = [_root_name(c) for c in _rooted(piece)]

    def misfit(k) -> tuple:
        names = {p.name for p in k.pitches}
        return -sum(r in names for r in roots), abs(k.sharps), k.sharps > 0
    return min(keys, key=misfit)
