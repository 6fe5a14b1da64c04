"""A pickup that opens on a rest is written back as long as the score has it.

The MusicXML writer found where a pickup starts from its first note: an eighth rest then three eighths, a
two-beat pickup, came back a pickup of a beat and a half, its rest lost and every note an eighth earlier
in it.
"""

from __future__ import annotations

import json

import pytest
from conftest import run_encore

from engine.jazz.musicxml import musicxml_bytes
from engine.jazz.piece import Note, Piece
from engine.jazz.project import project_data, read_project
from engine.jazz.source import load_source

# (meter, the pickup's notes and rests as (pitch or None, quarter notes)): each opens on a rest
PICKUPS = {
    "eighth rest, three eighths": ("4/4", [(None, 0.5), ("G4", 0.5), ("A4", 0.5), ("B4", 0.5)]),
    "quarter rest, two quarters": ("4/4", [(None, 1), ("G4", 1), ("A4", 1)]),
    "dotted quarter rest in 3/4": ("3/4", [(None, 1.5), ("G4", 0.5)]),
    "eighth rest in 6/8": ("6/8", [(None, 0.5), ("G4", 0.5), ("A4", 0.5)]),
}


def _score(path, meter: str, pickup: list) -> None:
    """A lead sheet opening with ``pickup`` as an implicit bar 0 (music21's left padding), then three whole
    bars with chord symbols."""
    from music21 import harmony, note, stream
    from music21 import meter as m21meter

    signature = m21meter.TimeSignature(meter)
    full = signature.barDuration.quarterLength
    part, opening = stream.Part(), stream.Measure(number=0)
    opening.append(signature)
    for pitch, length in pickup:
        opening.append(note.Rest(quarterLength=length) if pitch is None
                       else note.Note(pitch, quarterLength=length))
    opening.paddingLeft = full - sum(length for _, length in pickup)
    part.append(opening)
    for number, symbol in enumerate(["C", "F7", "C"], 1):
        bar = stream.Measure(number=number)
        bar.insert(0, harmony.ChordSymbol(symbol))
        bar.append(note.Note("C5", quarterLength=full))
        part.append(bar)
    stream.Score([part]).write("musicxml", str(path))


def _opening_bar(path) -> tuple[float, list[tuple[float, str, float]]]:
    """The written file's first bar as music21 reads it: (length, [(offset, pitch or R, length)])."""
    from music21 import converter, stream

    bar = converter.parse(str(path)).parts[0].getElementsByClass(stream.Measure).first()
    return float(bar.duration.quarterLength), [(float(n.offset), n.nameWithOctave if n.isNote else "R",
                                                 float(n.quarterLength)) for n in bar.notesAndRests]


@pytest.mark.parametrize("name", PICKUPS)
def test_a_pickup_opening_on_a_rest_is_written_back_as_long_as_it_was(tmp_path, name):
    meter, pickup = PICKUPS[name]
    original, written = tmp_path / "tune.musicxml", tmp_path / "written.musicxml"
    _score(original, meter, pickup)
    source = load_source(original)
    assert source.pickup == sum(length for _, length in pickup)
    written.write_bytes(musicxml_bytes(source.to_piece()))
    assert _opening_bar(written) == _opening_bar(original)
    again = load_source(written)
    assert (again.pickup, again.bar_range, again.tokens) == (source.pickup, source.bar_range, source.tokens)


def test_a_project_keeps_the_pickup_and_jazz_export_writes_it(tmp_path):
    """Saved in a project and exported from the command line, the pickup still opens on its eighth rest."""
    original, project = tmp_path / "tune.musicxml", tmp_path / "solo.encore-jazz"
    written = tmp_path / "out.musicxml"
    meter, pickup = PICKUPS["eighth rest, three eighths"]
    _score(original, meter, pickup)
    piece = read_project_piece(project, load_source(original).to_piece())
    assert piece.meta["pickup"] == 2
    assert run_encore("jazz", "export", str(project), "--out", str(written)).returncode == 0
    assert _opening_bar(written) == _opening_bar(original)


def read_project_piece(path, piece: Piece) -> Piece:
    path.write_text(json.dumps(project_data([piece], 0, None, [], {})))
    return read_project(path)["pieces"][0]


def _pickup_piece(notes: list[Note], pickup: float) -> Piece:
    """Bar 0 holding a pickup of ``pickup`` quarter notes at its end, then a whole bar of C."""
    return Piece(notes=[*notes, Note(4, 4, 72)], bars=2, meta={"bars": [0, 1], "pickup": pickup})


def test_the_opening_rest_is_printed_and_a_note_moved_before_the_pickup_lengthens_it(tmp_path):
    # a beat and a half of pickup, its note on beat 4: music21 fills bar 0 with one dotted half rest up to it
    path = tmp_path / "out.musicxml"
    path.write_bytes(musicxml_bytes(_pickup_piece([Note(3, 1, 67)], 1.5)))
    assert _opening_bar(path) == (1.5, [(0.0, "R", 0.5), (0.5, "G4", 1.0)])
    assert b'print-object="no"' not in path.read_bytes()  # the rest is seen, not a gap a reader fills
    # an edit moved a note before a one-beat pickup: the pickup grows to hold it, nothing is lost
    path.write_bytes(musicxml_bytes(_pickup_piece([Note(2.5, 0.5, 65), Note(3, 1, 67)], 1)))
    assert _opening_bar(path) == (1.5, [(0.0, "F4", 0.5), (0.5, "G4", 1.0)])
