"""Reading back pieces in meters other than 4/4: a waltz's chord changes, and bars of another length."""

from __future__ import annotations

import pytest

from engine.jazz.export import write_midi
from engine.jazz.piece import Note, Piece
from engine.jazz.progression import parse_progression
from engine.jazz.source import FROM_MELODY, load_source


def changes(chords) -> list[tuple[float, list[int]]]:
    """Where each chord starts and its pitch classes (a chord read from notes is named by music21, C6 as Am7/C)."""
    return [(c.start, sorted({p % 12 for p in c.pitches})) for c in chords]


@pytest.mark.parametrize("chart", [
    "3/4 Dm7 G7 | Cmaj7 | Am7 D7 | Gmaj7",  # a change at the half bar
    "3/4 Dm7 | / G7 | Cmaj7 | / F7 | Bbmaj7",  # every bar and a half
    "3/4 Dm7 G7 C7 | Fmaj7 | Cmaj7 / Am7 | Dm7 / G7 | C6",  # on beats 2 and 3
    "5/4 Dm7 / / G7 / | Cmaj7 | Em7 / / A7 / | Dm7",
    "6/8 Dm7 G7 | Cmaj7 | Am7 D7 | Gmaj7",  # on the dotted-quarter beats
])
def test_chords_changing_inside_a_bar_read_back_from_midi_where_they_were(tmp_path, chart):
    """A bar of an odd meter was read as one chord: Dm7 G7 in 3/4 came back as one G7/D."""
    chords = parse_progression(chart)
    beats = 3 if chart.startswith("6/8") else int(chart[0])
    bars = round(max(c.end for c in chords) / beats)
    notes = [Note(bar * beats + beat, 1, 72 + beat) for bar in range(bars) for beat in range(3)]
    piece = Piece("Waltz", notes, chords, bars, beats_per_bar=beats, meter="6/8" if "6/8" in chart else "")
    write_midi(piece, tmp_path / "waltz.mid")
    assert changes(load_source(tmp_path / "waltz.mid").to_piece().chords) == changes(chords)


def test_a_short_bar_in_the_middle_is_named_in_the_notice(tmp_path):
    """Encore cuts a piece into bars of one length: after a 2/4 bar among 4/4 ones, every later bar line falls two
    beats off. The notice said only 'in 2/4', as if the whole piece were; it says where, and the meters."""
    from music21 import meter, note, stream

    part = stream.Part()
    for number, (name, signature) in enumerate([("C5", "4/4"), ("D5", None), ("E5", "2/4"), ("G5", "4/4")], 1):
        bar = stream.Measure(number=number)
        if signature:
            bar.timeSignature = meter.TimeSignature(signature)
        bar.append(note.Note(name, quarterLength=2 if signature == "2/4" else 4))
        part.append(bar)
    path = tmp_path / "short bar.musicxml"
    stream.Score([part]).write("musicxml", fp=str(path))
    source = load_source(path)
    assert source.notice == ("in 2/4: read in 4/4 bars, so from its first 2/4 bar on its bar lines and chord changes "
                             f"fall elsewhere (its meter changes: 4/4, 2/4, 4/4); {FROM_MELODY}")
    assert [(b.start, b.elements[0].name) for b in source.bars[:3]] == [(0, "C5"), (4, "D5"), (8, "E5")]
