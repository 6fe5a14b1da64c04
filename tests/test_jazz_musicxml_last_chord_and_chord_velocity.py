"""MusicXML read as written: a chord symbol left after the piece's last note makes no empty bar, and notes struck
together keep their written velocity."""

from __future__ import annotations

import pytest

from engine.jazz.export import write_midi
from engine.jazz.musicxml import write_musicxml
from engine.jazz.piece import Note, Piece
from engine.jazz.progression import parse_progression
from engine.jazz.reading import read_score
from engine.jazz.source import load_source

ATTRIBUTES = ("<attributes><divisions>1</divisions><key><fifths>0</fifths></key>"
              "<time><beats>4</beats><beat-type>4</beat-type></time></attributes>")


def _harmony(root: str, kind: str = "dominant") -> str:
    return f"<harmony><root><root-step>{root}</root-step></root><kind>{kind}</kind></harmony>"


def _note(step: str, chord: bool = False, dynamics: str = "") -> str:
    loud = f' dynamics="{dynamics}"' if dynamics else ""
    return (f"<note{loud}>{'<chord/>' * chord}<pitch><step>{step}</step><octave>4</octave></pitch>"
            "<duration>1</duration><type>quarter</type></note>")


def _score(bars: list[str]) -> str:
    measures = "".join(f'<measure number="{n}">{ATTRIBUTES * (n == 1)}{bar}</measure>'
                       for n, bar in enumerate(bars, 1))
    return ('<?xml version="1.0" encoding="UTF-8"?><score-partwise version="4.0"><part-list>'
            f'<score-part id="P1"><part-name>Melody</part-name></score-part></part-list><part id="P1">{measures}'
            "</part></score-partwise>")


FOUR_BARS = [_harmony(root) + "".join(map(_note, steps)) for root, steps in
             (("C", "CDEF"), ("F", "GABC"), ("G", "CDEF"), ("C", "GFED"))]


def test_a_chord_symbol_after_the_last_note_makes_no_empty_bar(tmp_path):
    """A notation program's <harmony> after the last note of bar 4 was read on the bar line after it: a fifth,
    empty bar of an F chord. It is left out, and the reading says so."""
    path = tmp_path / "tune.musicxml"
    path.write_text(_score([*FOUR_BARS[:3], FOUR_BARS[3] + _harmony("F", "major")]))
    source = load_source(path)
    assert source.bar_range == (1, 4)
    assert [c.figure for c in source.chords] == ["C7", "F7", "G7", "C7"]
    assert 'chord symbol "F" written after the end of bar 4, the last, left out' in source.notice


@pytest.mark.parametrize("last_bar", [
    _harmony("F", "major") + '<note><rest measure="yes"/><duration>4</duration></note>',
    _harmony("F", "major")])  # nothing but the chord symbol: music21 fills the bar with a rest
def test_a_chord_symbol_opening_a_last_bar_of_its_own_keeps_that_bar(tmp_path, last_bar):
    path = tmp_path / "tune.musicxml"
    path.write_text(_score([*FOUR_BARS, last_bar]))
    source = load_source(path)
    assert source.bar_range == (1, 5)
    assert [(c.offset, c.figure) for c in source.chords][-1] == (16.0, "F")
    assert source.notice == ""


def test_notes_struck_together_keep_their_written_dynamics(tmp_path):
    """music21 keeps a score chord's <note dynamics> on each of its notes and none on the chord, which was read
    as no velocity at all: 90. The chord sounds at its loudest note's, as a MIDI file's do."""
    path = tmp_path / "chord.musicxml"
    path.write_text(_score([_note("C", dynamics="44.44") + _note("E", chord=True, dynamics="122.22")
                            + _note("G", dynamics="77.78") + '<note><rest/><duration>2</duration></note>']))
    events = read_score(path).parts[0].events
    assert [(e.pitches, e.velocity) for e in events] == [((60, 64), 110), ((67,), 70)]


@pytest.mark.parametrize("write", [write_musicxml, write_midi])
def test_a_chord_in_a_solo_reads_back_at_the_velocity_it_was_written_at(tmp_path, write):
    """A Piece's chord of velocities 40 and 110 is written at one velocity, its loudest (a MusicXML chord's
    notes take the chord's dynamics), and the melody read back is its top note: at 110, not the default 90."""
    notes = [Note(0, 1, 60, 40), Note(0, 1, 64, 110), Note(1, 1, 67, 70), Note(2, 2, 72, 55)]
    piece = Piece("Struck together", notes, parse_progression("C7"), 1)
    path = tmp_path / f"solo.{'musicxml' if write is write_musicxml else 'mid'}"
    write(piece, path)
    back = load_source(path).to_piece()
    assert [(n.pitch, n.velocity) for n in back.notes] == [(64, 110), (67, 70), (72, 55)]


def test_a_chord_change_in_a_last_bar_written_short_of_its_meter_stays(tmp_path):
    """A last bar of a half note and no closing rest (as music21 itself writes one) changes chord on beat 3:
    that change is in the bar, not after it."""
    half = ('<note><pitch><step>A</step><octave>4</octave></pitch><duration>2</duration><type>half</type>'
            "</note>")
    path = tmp_path / "short_last_bar.musicxml"
    path.write_text(_score(FOUR_BARS[:1] + [_harmony("F") + half + _harmony("G")]))
    source = load_source(path)
    assert source.n_bars == 2 and "left out" not in source.notice
    assert [(c.offset, c.figure) for c in source.chords] == [(0.0, "C7"), (4.0, "F7"), (6.0, "G7")]


def test_a_chord_note_without_dynamics_sounds_as_an_unmarked_note_beside_a_quieter_marked_one(tmp_path):
    path = tmp_path / "half_marked.musicxml"
    path.write_text(_score([_note("C", dynamics="11.11") + _note("E", chord=True) + _note("G")
                            + '<note><rest/><duration>2</duration></note>']))
    assert [e.velocity for e in read_score(path).parts[0].events] == [90, 90]


def test_a_chord_symbol_after_the_last_note_of_a_tune_with_a_pickup_is_left_out(tmp_path):
    """A tune that opens with a one-beat pickup ends three beats into its last bar: a symbol after those three
    beats is past the piece's end (it was kept as an F chord the score never plays, counting the bar full by
    its meter)."""
    pickup = '<measure number="0" implicit="yes">' + ATTRIBUTES + _note("G") + "</measure>"
    bars = [*FOUR_BARS[:3], _harmony("C") + "".join(map(_note, "GFE")) + _harmony("F", "major")]
    measures = "".join(f'<measure number="{n}">{bar}</measure>' for n, bar in enumerate(bars, 1))
    path = tmp_path / "pickup.musicxml"
    path.write_text(_score([]).replace("</part>", pickup + measures + "</part>"))
    source = load_source(path)
    assert [(c.offset, c.figure) for c in source.chords][-1] == (16.0, "C7")
    assert 'chord symbol "F" written after the end of bar 4, the last, left out' in source.notice
