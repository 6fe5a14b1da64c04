"""iReal Pro's qualities that MusicXML writes with degrees come back from Encore's own file as a chart names
them: Db7b9b5 came back 'Db7 add b9 alter b5', Eb-b6 'Ebm add b6', names the chart reader cannot voice, and
they stayed so through every later export."""

from __future__ import annotations

import pytest

from engine.jazz.musicxml import write_musicxml
from engine.jazz.piece import ChordSymbol, Note, Piece
from engine.jazz.progression import chord_pitches
from engine.jazz.source import load_source

# typed as iReal Pro writes it -> reopened in Encore's chord names
REOPENED = {"7b9b5": "7b9b5", "7#9b5": "7#9b5", "7b9#9": "7b9#9", "13#9": "13#9", "-b6": "m(b6)", "-#5": "m#5",
            "7susadd3": "7add11", "7b13sus": "7b13sus4"}


def _typed(symbols: list[str]) -> list[ChordSymbol]:
    """A bar of each chord, voiced as the chart reader voices it (built here, not read from a chart, so that
    the test holds whatever the Chords field's checks make of iReal Pro's 7susadd3)."""
    return [ChordSymbol(4.0 * i, 4.0, s, chord_pitches(s)[1], chord_pitches(s)[0]) for i, s in enumerate(symbols)]


def _reopened(tmp_path, chords, name: str) -> Piece:
    path = tmp_path / f"{name}.musicxml"
    write_musicxml(Piece("Changes", [Note(c.start, 1, 72) for c in chords], chords, len(chords)), path)
    return load_source(path).to_piece()


def _pitch_classes(chords) -> list[set[int]]:
    return [{p % 12 for p in c.pitches} for c in chords]


@pytest.mark.parametrize("root", ["Db", "F#", "Bb"])
def test_ireal_qualities_reopen_as_chart_names_that_voice_the_same_chord(tmp_path, root):
    typed = _typed([root + q for q in REOPENED])
    back = _reopened(tmp_path, typed, "first").chords
    assert [c.symbol for c in back] == [root + q for q in REOPENED.values()]
    assert [{p % 12 for p in chord_pitches(c.symbol)[1]} for c in back] == _pitch_classes(typed)
    again = _reopened(tmp_path, back, "again").chords  # exported once more, as a user saves an opened file
    assert [c.symbol for c in again] == [c.symbol for c in back]
    assert _pitch_classes(again) == _pitch_classes(typed)


def test_the_probes_chart_reopens_with_chart_names_over_a_bass_too(tmp_path):
    chart = "Db7b9b5 Eb-b6 F#-#5 Bb7susadd3 G7b13sus F#7#9b5 C7b9#9/E Bb7b13sus/Ab"
    back = _reopened(tmp_path, _typed(chart.split()), "probe").chords
    assert [c.symbol for c in back] == ["Db7b9b5", "Ebm(b6)", "F#m#5", "Bb7add11", "G7b13sus4", "F#7#9b5",
                                        "C7b9#9/E", "Bb7b13sus4/Ab"]
