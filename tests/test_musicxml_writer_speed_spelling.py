"""The MusicXML writer: a sharp dominant's own tones spelled as its chord symbol spells them, and a long solo
written a section at a time into the same file as in one go."""

from __future__ import annotations

import random
import re

import pytest

from engine.jazz import musicxml
from engine.jazz.musicxml import musicxml_bytes
from engine.jazz.piece import ChordSymbol, Note, Piece
from engine.jazz.progression import chord_pitches


def _changes(symbols: list[str], beats: int = 4, per_bar: int = 1) -> list[ChordSymbol]:
    length = beats / per_bar
    return [ChordSymbol(i * length, length, s, *reversed(chord_pitches(s))) for i, s in enumerate(symbols)]


def _read_melody(tmp_path, piece: Piece) -> list[str]:
    """The melody's notes as music21 reads them back from the written file: 'F##4'."""
    from music21 import converter, note

    path = tmp_path / "solo.musicxml"
    path.write_bytes(musicxml_bytes(piece))
    return [n.nameWithOctave for n in converter.parse(path).recurse().getElementsByClass(note.Note)]


def test_a_sharp_dominants_own_tones_are_written_as_its_chord_symbol_spells_them(tmp_path):
    """Over D#7 (D# F## A# C#) the third was written G and over A#7 the third C## a D: a chord written in
    sharps has its tones in sharps, the double sharp too, as the lead sheet naming the chord writes them
    (G#7's B# was kept already). A tension keeps its plain name (E over D#7, not D##)."""
    chords = ["D#7", "G#7", "A#7"]
    melody = [63, 67, 70, 73,  # D#7: D# F## A# C#
              68, 72, 75, 78,  # G#7: G# B# D# F#
              70, 74, 77, 80]  # A#7: A# C## E# G#
    notes = [Note(i, 1, pitch) for i, pitch in enumerate(melody)] + [Note(12, 1, 64)]  # E over D#7 again
    piece = Piece("Sharps", notes, _changes(chords + ["D#7"]), 4)
    assert _read_melody(tmp_path, piece) == ["D#4", "F##4", "A#4", "C#5", "G#4", "B#4", "D#5", "F#5",
                                             "A#4", "C##5", "E#5", "G#5", "E4"]


def test_a_double_sharp_or_flat_other_than_a_sharp_roots_third_or_fifth_stays_plain(tmp_path):
    """What a chart writes: Cdim7's Bbb as A, G#7#9's A## as B, and (a regression hunt's finds, written F##,
    Ebb, Bbb and C## for a while) B7#5's #5 as G, Abm7b5's b5 as D, Gbm6's third as A, C#7#11's #11 as G."""
    chords = ["Cdim7", "G#7#9", "B7#5", "Abm7b5", "Gbm6", "C#7#11"]
    melody = [69, 71, 67, 62, 69, 67]
    piece = Piece("Plain", [Note(4 * i, 1, p) for i, p in enumerate(melody)], _changes(chords), len(chords))
    assert _read_melody(tmp_path, piece) == ["A4", "B4", "G4", "D4", "A4", "G4"]


def _solo(bars: int, beats: int, chart: list[str], seed: int, low_bars: int = 0) -> Piece:
    """A solo of eighths, triplets, held notes over bar lines and rests, two chords a bar; its first
    ``low_bars`` two octaves down."""
    rng = random.Random(seed)
    chords = _changes([chart[i % len(chart)] for i in range(2 * bars)], beats, 2)
    notes, time = [], 0.0
    while time < bars * beats - 1:
        if rng.random() < 0.3:
            time += rng.choice([0.5, 1, 5])
            continue
        length = min(rng.choice([0.5, 0.5, 1 / 3, 1 / 3, 1 / 3, 1, 1.5, 2.5]), bars * beats - time)
        notes.append(Note(time, length, rng.randint(55, 84) - 24 * (time < low_bars * beats)))
        time += length
    return Piece("Long", notes, chords, bars, beats, tempo=150.0)


def _unsectioned(piece: Piece, monkeypatch) -> bytes:
    with monkeypatch.context() as patch:
        patch.setattr(musicxml, "SECTION_BARS", 10**6)
        return musicxml_bytes(piece)


def _same(a: bytes, b: bytes) -> bool:
    def dateless(data):
        return re.sub(rb"<encoding-date>[^<]*</encoding-date>", b"", data)
    return dateless(a) == dateless(b)


def test_a_long_solo_written_a_few_bars_at_a_time_is_the_same_file_as_in_one_part(monkeypatch):
    """music21 made the notation of the whole part at once, looking things up across it after every change: a
    2,000-bar solo took two minutes. Written in sections cut at bar lines no note is held over, the file is the
    same: one key, meter and clef (the whole solo's, not its low first bars'), bars numbered through, ties over
    the other bar lines, a courtesy accidental in a section's first bar after the last one's, one final bar
    line."""
    monkeypatch.setattr(musicxml, "SECTION_BARS", 3)
    for piece in (_solo(36, 3, ["Bb^7", "G7b9", "C-7", "F7", "Eb^7", "Ab7", "D-7b5", "G7alt"], 1, low_bars=3),
                  _solo(30, 4, ["E^7", "C#-7", "F#-7", "B7", "D#7", "G#-7", "A#7", "D#-7"], 2)):
        sectioned = musicxml_bytes(piece)
        assert len(musicxml._sections(piece, {(musicxml._q(n.start), musicxml._q(n.duration)): [n.pitch]
                                               for n in piece.notes})) > 5
        xml = sectioned.decode()
        assert xml.count("<time>") == 1 and xml.count("<key>") == 1 and xml.count("<clef>") == 1
        assert xml.count("light-heavy") == 1 and '<tie type="start"' in xml
        assert re.findall(r'<measure[^>]* number="(\d+)"', xml) == [str(n) for n in range(1, piece.bars + 1)]
        assert _same(sectioned, _unsectioned(piece, monkeypatch))


def test_notes_held_over_a_bar_line_or_sounding_together_keep_their_bars_in_one_section(monkeypatch):
    """A section ends only at a bar line no note is held over; notes that overlap (music21 writes the whole
    part in voices then) keep the piece in one section."""
    monkeypatch.setattr(musicxml, "SECTION_BARS", 2)
    held = Piece("Held", [Note(0, 4, 60), Note(4, 9, 62), Note(13, 7, 64), Note(20, 4, 65), Note(24, 8, 67)],
                 _changes(["C7"] * 8), 8)
    struck = {(musicxml._q(n.start), musicxml._q(n.duration)): [n.pitch] for n in held.notes}
    assert musicxml._sections(held, struck) == [(0, 20), (20, 32)]  # bars 1-5 and 6-8
    assert _same(musicxml_bytes(held), _unsectioned(held, monkeypatch))
    overlapping = Piece("Legato", [Note(i * 2, 2.5, 60 + i) for i in range(16)], _changes(["C7"] * 8), 8)
    struck = {(musicxml._q(n.start), musicxml._q(n.duration)): [n.pitch] for n in overlapping.notes}
    assert len(musicxml._sections(overlapping, struck)) == 1
    assert _same(musicxml_bytes(overlapping), _unsectioned(overlapping, monkeypatch))


def test_the_notation_is_made_a_section_at_a_time_never_over_the_whole_part(monkeypatch):
    """The cost grew faster than the bars (400 bars 7 s, 2,000 bars 113 s) as music21 made measures, ties,
    beams and accidentals over the whole part: now no part it works on holds more than a section."""
    from music21 import stream

    seen, make = [], stream.Stream.makeNotation

    def counted(part, **kwargs):
        seen.append(part.highestTime)
        return make(part, **kwargs)

    monkeypatch.setattr(stream.Stream, "makeNotation", counted)
    musicxml_bytes(_solo(80, 4, ["D-7", "G7", "C^7", "A7b9"], 3))
    assert len(seen) >= 4 and max(seen) <= 2 * musicxml.SECTION_BARS * 4


def test_a_long_export_reports_the_bars_written_and_stops_between_sections(tmp_path):
    """The export's progress sat on 'bars and ties' for nearly all of a long solo's export: it now moves on as
    each section of bars is written, and Cancel there leaves no file."""
    from engine.jazz.export import write_piece
    from engine.jobs import Cancelled, Job

    notes = [Note(beat, 1, 60 + beat % 12) for beat in range(0, 50 * 4, 2)]
    piece = Piece("Long", notes, _changes(["Dm7", "G7", "Cmaj7", "A7"] * 12 + ["Dm7", "G7"]), 50)
    seen = []
    job = Job()
    job.on_progress = lambda p: seen.append((p.step, p.total, p.message))
    musicxml_bytes(piece, job)
    assert [step for step, _, _ in seen] == [1, 2, 3, 4, 5] and {total for _, total, _ in seen} == {6}
    assert [message for _, _, message in seen][1:] == [f"MusicXML: bars and ties, {bars} of 50 bars written"
                                                       for bars in (16, 32, 48)] + ["MusicXML: the score"]

    job = Job()
    job.on_progress = lambda p: p.step == 2 and job.cancel()
    with pytest.raises(Cancelled):
        write_piece(piece, tmp_path / "long.musicxml", job=job)
    assert not list(tmp_path.iterdir())
