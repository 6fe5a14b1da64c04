"""Titles read clean of control characters, and notes a MIDI file never lets go of, read as a synth plays them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import mido

from engine.jazz.musicxml import musicxml_bytes
from engine.jazz.piece import Note, Piece
from engine.jazz.reading import read_score
from engine.jazz.source import load_source

TICKS = 480


def song(title: str, notes: list, end: int = 0, name: str = "Lead") -> mido.MidiFile:
    """A type 1 file: a conductor track named ``title``, then one track of ``notes`` (mido messages), ending
    ``end`` ticks after the last."""
    midi = mido.MidiFile(type=1, ticks_per_beat=TICKS)
    midi.tracks.append(mido.MidiTrack([mido.MetaMessage("track_name", name=title, time=0),
                                       mido.MetaMessage("time_signature", numerator=4, denominator=4, time=0)]))
    midi.tracks.append(mido.MidiTrack([mido.MetaMessage("track_name", name=name, time=0), *notes,
                                       mido.MetaMessage("end_of_track", time=end)]))
    return midi


def on(key: int, time: int = 0) -> mido.Message:
    return mido.Message("note_on", note=key, velocity=90, time=time)


def off(key: int, time: int = 0) -> mido.Message:
    return mido.Message("note_off", note=key, velocity=0, time=time)


def read_notes(midi: mido.MidiFile, tmp_path) -> list[tuple[float, float, int]]:
    """(start, length, key) of each note the reader finds, as the file holds them (before the melody is made)."""
    path = tmp_path / "open.mid"
    midi.save(path)
    return [(e.offset, e.duration, p) for part in read_score(path).parts for e in part.events for p in e.pitches]


def test_a_midi_track_name_ending_in_nul_reads_as_a_clean_title_and_exports_as_valid_musicxml(tmp_path):
    """Older sequencers end a track name with a NUL: the title kept it, and `jazz export` wrote MusicXML that
    music21 and Encore itself refused ('not well-formed (invalid token)')."""
    path = tmp_path / "take.mid"
    song("Blue Solo\x00", [on(60), off(60, TICKS)], name="Lead\x00").save(path)
    source = load_source(path)
    assert source.title == "Blue Solo"
    assert [part.name for part in source.parts] == ["Lead"]
    root = ET.fromstring(musicxml_bytes(source.to_piece()))
    assert root.findtext("movement-title") == "Blue Solo"


def test_a_sequencer_label_with_a_nul_is_still_not_a_title(tmp_path):
    path = tmp_path / "take 3.mid"
    song("Tempo Track\x00", [on(60), off(60, TICKS)]).save(path)
    assert load_source(path).title == "take 3"


def test_an_abc_title_s_control_characters_go_and_a_tab_becomes_a_space(tmp_path):
    path = tmp_path / "tune.abc"
    path.write_bytes(b"X:1\nT:Blue\x01Solo\x7f\tTake 2\nM:4/4\nL:1/4\nK:C\nC D E F|G A B c|\n")
    assert load_source(path).title == "BlueSolo Take 2"


def test_musicxml_never_writes_a_character_xml_forbids_in_the_title():
    """A Piece's title can come from an old project file or the GUI, not only from a reader that cleans it."""
    data = musicxml_bytes(Piece("Blue\x00 Solo\x1b\x08", [Note(0, 1, 60)], [], 1))
    root = ET.fromstring(data)  # raised 'not well-formed (invalid token)'
    assert root.findtext("movement-title") == "Blue Solo"


def test_a_last_note_with_no_note_off_lasts_to_the_end_of_its_track(tmp_path):
    """C D E, then G never let go before the end of the track: render played four notes, the reader read three
    and bar 1 ended with a rest."""
    notes = [on(60), off(60, TICKS), on(62), off(62, TICKS), on(64), off(64, TICKS), on(67)]
    assert read_notes(song("Open", notes, end=TICKS), tmp_path) == [
        (0.0, 1.0, 60), (1.0, 1.0, 62), (2.0, 1.0, 64), (3.0, 1.0, 67)]


def test_notes_with_no_note_offs_at_all_are_read_not_refused(tmp_path):
    """Two notes and no note-off: `jazz export` refused the file as having no notes."""
    assert read_notes(song("Hung", [on(60), on(64, TICKS)], end=3 * TICKS), tmp_path) == [
        (0.0, 4.0, 60), (1.0, 3.0, 64)]
    assert load_source(tmp_path / "open.mid").to_piece().notes  # was FileProblem: has no notes


def test_a_key_struck_again_without_a_note_off_closes_the_note_before(tmp_path):
    """The first C lasts until C is struck again; the second, and the D, to the end of the track."""
    notes = [on(60), on(60, TICKS), on(62, 2 * TICKS)]
    assert read_notes(song("Again", notes, end=TICKS), tmp_path) == [
        (0.0, 1.0, 60), (1.0, 3.0, 60), (3.0, 1.0, 62)]


def test_drums_struck_without_note_offs_add_no_part_and_renumber_none(tmp_path):
    """Many files strike drums with note-ons only. Read as notes they became part 0 before the melody, so
    `--melody-part 0` and a project's saved part numbers named the drums, or another part, from then on."""
    midi = song("Band", [on(72), off(72, TICKS), on(74), off(74, TICKS)])
    drums = [mido.Message("note_on", channel=9, note=36 + i % 2, velocity=100, time=TICKS if i else 0)
             for i in range(8)]
    midi.tracks.insert(1, mido.MidiTrack([mido.MetaMessage("track_name", name="Drums", time=0), *drums]))
    path = tmp_path / "band.mid"
    midi.save(path)
    assert [p.name for p in read_score(path).parts] == ["Lead"]
    assert [n.pitch for n in load_source(path, melody_part=0).to_piece().notes] == [72, 74]
