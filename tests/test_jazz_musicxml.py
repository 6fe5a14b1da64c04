"""MusicXML as MuseScore and Finale read it: chord kinds from the schema's list, the melody spelled by its chords,
and a key signature."""

from __future__ import annotations

import re

import pytest

from engine.jazz.musicxml import musicxml_bytes
from engine.jazz.piece import ChordSymbol, Note, Piece
from engine.jazz.progression import chord_pitches, parse_progression
from engine.jazz.source import load_source

# MusicXML 4.0's kind-value list
SCHEMA_KINDS = set("""major minor augmented diminished dominant major-seventh minor-seventh diminished-seventh
    augmented-seventh half-diminished major-minor major-sixth minor-sixth dominant-ninth major-ninth minor-ninth
    dominant-11th major-11th minor-11th dominant-13th major-13th minor-13th suspended-second suspended-fourth
    Neapolitan Italian French German pedal power Tristan other none""".split())
# chart symbols whose kind music21 writes outside that list (suspended-fourth-seventh, minor-major-ninth, ...)
OUTSIDE = ("C7sus4 C-^9 G9sus4 F7b9sus4 D13sus4 Bb7sus4/Ab C+M7 C+M9 C+M13 E+9 C+11 Caug13 Cdom7dim5 Cøb9 Cø11 "
           "Cø13 Co9 Cob9 Cdim11").split()


def _piece(symbols: list[str], notes: list[Note] | None = None) -> Piece:
    chords = []
    for i, symbol in enumerate(symbols):
        names, pitches = chord_pitches(symbol)
        chords.append(ChordSymbol(i * 4, 4, symbol, pitches, names))
    return Piece("Changes", notes if notes is not None else [Note(i * 4, 4, 60) for i in range(len(symbols))],
                 chords, len(symbols))


def _written(xml: str) -> list[str]:
    """The melody's notes as written: 'A-4'."""
    out = []
    for pitch in re.findall(r"<pitch>(.*?)</pitch>", xml, re.S):
        alter = int((re.findall(r"<alter>(-?\d+)</alter>", pitch) or ["0"])[0])
        out.append(re.findall(r"<step>(\w)</step>", pitch)[0] + {-1: "-", 0: "", 1: "#"}[alter]
                   + re.findall(r"<octave>(\d+)</octave>", pitch)[0])
    return out


def test_every_chord_kind_is_in_the_schema_and_reads_back_as_the_same_chord(tmp_path):
    """C7sus4 was written <kind>suspended-fourth-seventh</kind> and C-^9 <kind>minor-major-ninth</kind>, which
    the schema does not have: now a kind from its list (C7sus4: dominant, the third taken out and the fourth
    added; no added seventh, which the schema and music21 read a semitone apart), named as a musician writes it."""
    xml = musicxml_bytes(_piece(OUTSIDE)).decode()
    assert set(re.findall(r"<kind[^>]*>([^<]*)</kind>", xml)) <= SCHEMA_KINDS
    assert '<kind text="7sus4">dominant</kind>' in xml and '<kind text="mMaj9">major-minor</kind>' in xml
    for harmony in re.findall(r"<harmony>(.*?)</harmony>", xml, re.S):  # the schema's order
        tags = re.findall(r"<(root|kind|inversion|bass|degree)\b", harmony)
        assert tags == sorted(tags, key=["root", "kind", "inversion", "bass", "degree"].index)
    (tmp_path / "changes.musicxml").write_text(xml, encoding="utf-8")
    back = load_source(tmp_path / "changes.musicxml").to_piece()
    assert [{p % 12 for p in c.pitches} for c in back.chords] == [
        {p % 12 for p in chord_pitches(s)[1]} for s in OUTSIDE]


def test_the_melody_is_spelled_by_the_chord_sounding_at_each_note():
    """A G# under a Bb7, where a musician writes A-flat: notes were spelled with sharps whatever the chord. A
    chord tone takes the chord's spelling; another note its interval above the root (Db over Bb7, F# as C7's
    sharp eleventh); a white key stays natural; an N.C. keeps the chord before it."""
    notes = [Note(0, 1, 68), Note(1, 1, 61), Note(2, 1, 66), Note(3, 1, 71),  # Bb7
             Note(4, 1, 68), Note(5, 1, 66), Note(6, 1, 63),  # E7
             Note(8, 1, 66), Note(9, 1, 70),  # C7
             Note(12, 1, 68)]  # N.C.
    piece = Piece("Spelled", notes, parse_progression("Bb7 | E7 | C7 | N.C."), 4)
    assert _written(musicxml_bytes(piece).decode()) == [
        "A-4", "D-4", "G-4", "B4", "G#4", "F#4", "D#4", "F#4", "B-4", "A-4"]


def test_a_key_signature_is_estimated_from_the_chords_and_the_export_stays_the_same_bytes():
    """No key signature was written: a piece over Bb, Eb and F chords now has flats, one over E-7 A7 D^7
    sharps; the chords stay chord symbols, and the same piece still writes the same bytes."""
    flats = Piece("Flats", [Note(0, 4, 70)], parse_progression("Bb^7 | Eb^7 | F7 | Bb^7"), 4)
    written = musicxml_bytes(flats)
    assert written == musicxml_bytes(flats)
    xml = written.decode()
    assert int(re.findall(r"<fifths>(-?\d+)</fifths>", xml)[0]) < 0 and xml.count("<harmony") == 4
    sharps = Piece("Sharps", [Note(0, 4, 66)], parse_progression("E-7 | A7 | D^7 | D^7"), 4)
    assert int(re.findall(r"<fifths>(-?\d+)</fifths>", musicxml_bytes(sharps).decode())[0]) > 0


def test_a_flat_or_sharp_fifth_is_the_fifth_altered_not_a_second_fifth(tmp_path):
    """music21 wrote Cm7b5 and C7#5 with 'add' degrees, which the schema reads as a fifth beside the perfect
    one (C Eb G Gb Bb): they are 'alter' degrees now, and read back as the same chords."""
    symbols = ["C-7b5", "G7#5", "F9b5"]
    xml = musicxml_bytes(_piece(symbols)).decode()
    fifths = re.findall(r"<degree-value>5</degree-value>\s*<degree-alter>-?1</degree-alter>\s*"
                        r"<degree-type>(\w+)</degree-type>", xml)
    assert fifths == ["alter"] * 3
    (tmp_path / "fifths.musicxml").write_text(xml, encoding="utf-8")
    back = load_source(tmp_path / "fifths.musicxml").to_piece()
    assert [{p % 12 for p in c.pitches} for c in back.chords] == [
        {p % 12 for p in chord_pitches(s)[1]} for s in symbols]


def test_chords_written_with_degrees_read_back_by_the_names_a_chart_gives_them(tmp_path):
    """music21 reads a chord with degrees as its kind plus them: C7sus4 came back as 'C7 subtract 3 add 4',
    C7alt as 'C7 add #9 add b13', names that no chart writes and Encore could not voice again."""
    written = ["C7sus4", "G9sus4", "Bb7sus4/Ab", "C-^9", "C7alt", "Cm7b5", "C7#9", "C13#11", "Co9", "C+M7",
               "G7#11", "C9#11", "C7b13", "C7#5",  # not C7b5, C9b5 and C7#5 for these four: the fifth is there
               "Cmaj7#11", "C7b9b13"]  # 'Cmaj7 add #11' could not be typed back
    (tmp_path / "changes.musicxml").write_bytes(musicxml_bytes(_piece(written)))
    back = load_source(tmp_path / "changes.musicxml").to_piece()
    assert [c.symbol for c in back.chords] == ["C7sus4", "G9sus4", "Bb7sus4/Ab", "CmM9", "C7alt", "Cm7b5", "C7#9",
                                               "C13#11", "Co9", "C+M7", "G7#11", "C9#11", "C7b13", "C7#5",
                                               "Cmaj7#11", "C7b9b13"]
    assert [c.pitches for c in back.chords] == [chord_pitches(c.symbol)[1] for c in back.chords]


def test_chords_typed_with_tensions_no_single_quality_names_read_back_as_typed(tmp_path):
    """C7sus4(9,13) came back from Encore's own MusicXML as 'C7 subtract 3 add 4 add 9 add 13', and that name was
    what a MIDI export then wrote as its chord marker. It reads back as C13sus4, its notes' chart name."""
    written = ["C7sus4(9,13)", "C7sus4(9,b13)", "C7(11,13)"]
    (tmp_path / "changes.musicxml").write_bytes(musicxml_bytes(_piece(written)))
    back = load_source(tmp_path / "changes.musicxml").to_piece()
    assert [c.symbol for c in back.chords] == ["C13sus4", *written[1:]]
    assert [c.pitches for c in back.chords] == [chord_pitches(s)[1] for s in written]


def test_a_musicxml_export_reports_its_stages_and_stops_when_cancelled(tmp_path):
    """It could not be cancelled: a 2,000-bar solo ran for minutes after Cancel. Now it stops between music21's
    stages, and nothing is written."""
    from engine.jazz.export import write_piece
    from engine.jobs import Cancelled, Job

    seen, job = [], Job()
    job.on_progress = lambda p: (seen.append(p.message), p.step == 2 and job.cancel())
    with pytest.raises(Cancelled):
        write_piece(_piece(["Dm7", "G7", "Cmaj7"]), tmp_path / "solo.musicxml", job=job)
    assert seen == ["MusicXML: bars and ties", "MusicXML: the score"] and not list(tmp_path.iterdir())


@pytest.mark.parametrize("chart, fifths", [
    ("Ebm7 | Ab7 | Dbmaj7 | Dbmaj7", -5),  # was C# major's 7 sharps under chords spelled in flats
    ("Abm7 | Db7 | Gbmaj7 | Gbmaj7", -6),  # was F# major
    ("F7 | Bb7 | F7 | F7 | Bb7 | Bb7 | F7 | D7 | Gm7 | C7 | F7 D7 | Gm7 C7", -1),  # a blues in F, not Bb
    ("C#m7 F#7 | Bmaj7 | G#m7 C#7 | F#m7 B7", 5),
    ("Cm7 | F7 | Bbmaj7 | Ebmaj7 | Am7b5 | D7 | Gm6 | Gm6", -2),
    ("Cm7 | F7 | Bbmaj7 | Ebmaj7 | Am7b5 | D7 | Gm6 | Am7b5 D7", -2),  # ends on its dominant: was C minor
    ("D-7 | E-7", 0),  # Dorian (its B naturals), not D minor
    ("B^7 | C7 | B^7 | Bb7 | Eb-7 | Ab7 | C#-7 | F#7 | B^7", 5),  # B, not Cb's seven flats for a few flat roots
    ("A-6 | E7 | A-6 | A-6 | D-6 | D-6 | B-7b5 | E7 | A-6 | E7", 0),  # a minor sixth tonic: A minor, not Dorian
    ("C-6 | F-7 | C-6 | C-6 | F-7 | F-7 | C-6 | C-6 | Ab7 | G7 | C-6 | G7", -3),
    # a blues ending on its own I7 (the last chorus), which read as a dominant resolving a fourth up
    ("G7 | G7 | G7 | G7 | G-7 | G-7 | G7 | G7 | D7#9 | Eb7#9 D7#9 | G7 | G7", 1),  # All Blues: was C minor
    ("F7 | Bb7 | F7 | F7 | Bb7 | Bb7 | F7 | F7 | C7 | Bb7 | F7 | F7", -1),  # was Bb
    ("D7 | D7 | D7 | D7 | G7 | G7 | D7 | D7 | A7 | G7 | D7 | D7", 2),  # was G
    ("Bb7 | Eb7 | Bb7 | F-7 Bb7 | Eb7 | Eb7 | Bb7 | G7 | C-7 | F7 | Bb7 | Bb7", -2),  # was Eb
    ("F7 | Bb7 | F7 | F7 | Bb7 | Bb-7 Eb7 | F7 | D7 | G-7 | C7 | F7 | F7", -1),  # Bb-7 is the ii of Eb7
    ("F7 | Bb6 | F7 | F7 | Bb6 | Bb6 | F7 | F7 | C7 | Bb6 | F7 | F7", -1),
    ("G7 | G7 | G7 | G7 | C-7 | C-7 | G7 | G7 | D7#9 | Eb7#9 D7#9 | G7 | G7", 1),
    # ... but a tune that opens and ends on V7 and rests on I goes there, as before
    ("G7 | C^7 | G7 | C^7 | D-7 G7 | C^7 | D-7 | G7", 0),
    ("C7 | F^7 | G-7 C7 | F^7 | G-7 | C7", -1),
])
def test_the_key_signature_is_the_one_a_lead_sheet_of_the_chart_has(chart, fifths):
    piece = Piece("Tune", [], parse_progression(chart), len(chart.split("|")))
    assert int(re.findall(r"<fifths>(-?\d+)</fifths>", musicxml_bytes(piece).decode())[0]) == fifths


def test_altered_dominants_and_passing_diminished_chords_are_spelled_as_a_musician_writes_them():
    """Over A7alt the sharp ninth was B# and the flat fifth D#; C7alt's tensions were D#, F#, G#; D7#9's E#; a
    passing Bdim7 in an F blues wrote the key's Bb as A#."""
    notes = [Note(0, 4, 65),  # F7
             Note(4, 1, 70),  # Bdim7: Bb
             Note(8, 1, 72), Note(9, 1, 63), Note(10, 1, 61),  # A7alt: C (#9), Eb (b5), C# (its third)
             Note(12, 1, 63), Note(13, 1, 66), Note(14, 1, 68), Note(15, 1, 61),  # C7alt: Eb Gb Ab Db
             Note(16, 1, 65), Note(20, 4, 65)]  # D7#9: F (#9); F7
    piece = Piece("Blues", notes, parse_progression("F7 | Bdim7 | A7alt | C7alt | D7#9 | F7"), 6)
    assert _written(musicxml_bytes(piece).decode()) == [
        "F4", "B-4", "C5", "E-4", "C#4", "E-4", "G-4", "A-4", "D-4", "F4", "F4"]


def test_a_dominant_with_a_flat_ninth_and_a_secondary_dominants_third_keep_their_own_spelling():
    """The flats that suit an altered dominant were put on any 7b9 (B7b9's fifth F# written Gb), and a chord's
    B# or E# was written C or F even as the third of G#7 or C#7, the leading tone of the chord it goes to."""
    b7b9 = Piece("ii V i", [Note(4, 1, 71), Note(5, 1, 75), Note(6, 1, 78), Note(7, 1, 81), Note(8, 4, 79)],
                 parse_progression("F#-7b5 | B7b9 | E-7"), 3)
    assert _written(musicxml_bytes(b7b9).decode()) == ["B4", "D#5", "F#5", "A5", "G5"]
    leading = Piece("V of vi", [Note(4, 2, 72), Note(6, 2, 73), Note(8, 2, 77), Note(10, 2, 78)],
                    parse_progression("E^7 | G#7 | C#7 | F#-7"), 4)
    assert _written(musicxml_bytes(leading).decode()) == ["B#4", "C#5", "E#5", "F#5"]


def test_the_score_credits_no_composer_the_piece_does_not_name():
    """music21 wrote <creator type="composer">Music21</creator> into every export, and notation programs showed
    "Music21" as the composer of the user's solo; the title stays, and the file still parses."""
    from music21 import converter

    xml = musicxml_bytes(_piece(["C7", "F7"]))
    assert b"<creator" not in xml and b"<work-title>Changes</work-title>" in xml
    assert converter.parseData(xml.decode(), format="musicxml").metadata.composer is None
