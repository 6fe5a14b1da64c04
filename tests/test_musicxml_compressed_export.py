"""A solo exported as .mxl is MusicXML's compressed form, a zip as the standard makes it (notation programs that
open .mxl as one refused the plain XML written there before); it reads back as the same solo."""

from __future__ import annotations

import zipfile

from engine.jazz.export import write_piece
from engine.jazz.musicxml import musicxml_bytes
from engine.jazz.piece import Note, Piece
from engine.jazz.progression import parse_progression
from engine.jazz.source import load_source


def _solo() -> Piece:
    notes = [Note(0, 1, 60, 80), Note(1, 1, 64, 90), Note(2, 2, 67, 100), Note(4, 4, 72, 70)]
    return Piece("Zipped", notes, parse_progression("Cmaj7 | A7"), 2)


def test_an_mxl_export_is_a_zip_with_its_mimetype_first_and_the_container_naming_the_score(tmp_path):
    path = tmp_path / "solo.mxl"
    write_piece(_solo(), path)
    with zipfile.ZipFile(path) as mxl:
        first = mxl.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert mxl.read("mimetype") == b"application/vnd.recordare.musicxml"
        assert b'full-path="score.musicxml"' in mxl.read("META-INF/container.xml")
        assert mxl.read("score.musicxml") == musicxml_bytes(_solo())


def test_an_mxl_export_reads_back_as_the_same_solo_and_writes_the_same_bytes_again(tmp_path):
    write_piece(_solo(), tmp_path / "solo.mxl")
    write_piece(_solo(), tmp_path / "again.mxl")
    write_piece(_solo(), tmp_path / "solo.musicxml")
    assert (tmp_path / "solo.mxl").read_bytes() == (tmp_path / "again.mxl").read_bytes()
    zipped, plain = load_source(tmp_path / "solo.mxl"), load_source(tmp_path / "solo.musicxml")
    assert zipped.tokens == plain.tokens and zipped.to_piece().notes == plain.to_piece().notes
