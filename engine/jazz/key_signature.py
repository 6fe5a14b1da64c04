"""The key a lead sheet of the piece is written in, for its MusicXML key signature.

music21's key finding over how long each pitch class sounds in the chords (in the melody where there are none),
then two habits of lead sheets: a tune is written in the key of the chord it ends on, or else opens with,
where the finding ranks that key close behind its first choice (a blues in F heard as Bb, for its E-flats);
and the key is spelled with at most six sharps or flats, as the chart spells its roots (Db, not C#'s seven
sharps, which music21 names from pitch classes alone).
"""

from __future__ import annotations

from .piece import Piece
from .progression import ROOT, music21_note

CLOSE_BEHIND = 2  # how many of the finding's runners-up a lead sheet's habit may choose instead


def key_of(piece: Piece):
    """A music21 Key; None for a piece without chords or notes."""
    from music21 import note, stream

    heard = [0.0] * 12
    for chord in piece.chords:
        for pc in {p % 12 for p in chord.pitches}:
            heard[pc] += chord.duration
    if not any(heard):
        for n in piece.notes:
            heard[n.pitch % 12] += n.duration
    notes = [note.Note(pc, quarterLength=length) for pc, length in enumerate(heard) if length > 1e-9]
    if not notes:
        return None
    found = stream.Stream(notes).analyze("key")
    ranked = [found, *found.alternateInterpretations[:CLOSE_BEHIND]]
    return _as_charted(_habit(piece, ranked) or found, piece)


def _habit(piece: Piece, ranked: list):
    """The ranked key whose tonic chord ends the tune (unless that is a dominant, a turnaround back to the top)
    or opens it."""
    chords = [c for c in piece.chords if c.pitches and ROOT.fullmatch(c.symbol.partition("/")[0])]
    if not chords:
        return None
    last, first = chords[-1], chords[0]
    for chord in ([last] if not _dominant(last) else []) + [first]:
        root, minor = _tonic(chord)
        for key in ranked:
            if key.tonic.pitchClass == root and (key.mode == "minor") == minor:
                return key
    return None


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


def _as_charted(key, piece: Piece):
    """The key spelled with at most six sharps or flats; at six (F# or Gb), as the chart's roots lean."""
    from music21 import key as m21key

    marks = [found.group(2) for c in piece.chords if (found := ROOT.fullmatch(c.symbol.partition("/")[0]))]
    flats, sharps = sum(m in ("b", "♭") for m in marks), sum(m in ("#", "♯") for m in marks)
    if abs(key.sharps) > 6 or key.sharps == 6 and flats > sharps or key.sharps == -6 and sharps > flats:
        return m21key.Key(key.tonic.getEnharmonic().name, key.mode)
    return key
