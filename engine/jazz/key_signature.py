"""The key a lead sheet of the piece is written in, for its MusicXML key signature.

music21's key finding over how long each pitch class sounds in the chords (in the melody where there are none),
then the habits of lead sheets:
- a tune is written in the key of the chord it ends on (the key a dominant ending resolves to, unless the tune
  opens on that dominant too, as a blues ends on its I7), or else opens with, where the finding ranks that key close behind its first choice (a blues in F heard as Bb, for its
  E-flats);
- a minor tune whose tonic chord is a minor seventh and whose sixth is major (a So What vamp, D-7 with B
  naturals) is Dorian: one flat fewer;
- the key has at most six sharps or flats (Db, not C#'s seven sharps, which music21 names from pitch classes
  alone), and at six is spelled as the chart's roots lean.
"""

from __future__ import annotations

from .piece import Piece
from .progression import ROOT, music21_note

CLOSE_BEHIND = 0.12  # how far below the finding's first choice (a correlation) a lead sheet's habit may choose


def key_of(piece: Piece):
    """A music21 Key; None for a piece without chords or notes."""
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
    home = _habit(piece, close) or found
    sounding = [h + p for h, p in zip(heard, played, strict=True)]
    return _as_charted(_dorian(home, sounding, piece), piece)


def _habit(piece: Piece, close: list):
    """The close key whose tonic the tune ends on (or a dominant ending resolves to), else opens with."""
    chords = [c for c in piece.chords if c.pitches and ROOT.fullmatch(c.symbol.partition("/")[0])]
    if not chords:
        return None
    last, first = chords[-1], chords[0]
    root, minor = _tonic(last)
    resolves = _dominant(last) and not _blues_tonic(last, first, chords)
    tonics = [((root + 5) % 12, None)] if resolves else [(root, minor)]
    for root, minor in [*tonics, _tonic(first)]:
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

    found = ROOT.fullmatch(chord.symbol.partition("/")[0])
    root = pitch.Pitch(music21_note(found.group(1), found.group(2))).pitchClass
    classes = {p % 12 for p in chord.pitches}
    return root, (root + 3) % 12 in classes and (root + 4) % 12 not in classes


def _dominant(chord) -> bool:
    root, minor = _tonic(chord)
    classes = {p % 12 for p in chord.pitches}
    return not minor and (root + 4) % 12 in classes and (root + 10) % 12 in classes


def _dorian(key, sounding: list[float], piece: Piece):
    """A minor key as Dorian where its tonic chords are minor sevenths (not a minor sixth chord, the minor key's
    own tonic: Summertime, a minor blues) and its major sixth sounds longer than its minor sixth."""
    from music21 import key as m21key

    tonic = key.tonic.pitchClass
    tonics = [c for c in piece.chords if c.pitches and ROOT.fullmatch(c.symbol.partition("/")[0])
              and _tonic(c) == (tonic, True)]
    classes = [{p % 12 for p in c.pitches} for c in tonics]
    sevenths = bool(classes) and all((tonic + 10) % 12 in pcs and (tonic + 9) % 12 not in pcs for pcs in classes)
    if key.mode == "minor" and sevenths and sounding[(tonic + 9) % 12] > sounding[(tonic + 8) % 12]:
        return m21key.Key(key.tonic.name, "dorian")
    return key


def _as_charted(key, piece: Piece):
    """The key with at most six sharps or flats (Db, not C#'s seven sharps: music21 names a key from pitch
    classes alone); at six (F# or Gb), as the chart's roots lean, flats where they lean neither way."""
    from music21 import key as m21key

    marks = [found.group(2) for c in piece.chords if (found := ROOT.fullmatch(c.symbol.partition("/")[0]))]
    lean = sum(m in ("#", "♯") for m in marks) - sum(m in ("b", "♭") for m in marks)
    if abs(key.sharps) > 6 or key.sharps == 6 and lean <= 0 or key.sharps == -6 and lean > 0:
        return m21key.Key(key.tonic.getEnharmonic().name, key.mode)
    return key
