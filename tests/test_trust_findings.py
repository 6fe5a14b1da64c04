"""Inputs the fuzzer found that escape an importer with a non-Encore exception or hang it.

Each is the smallest reproduction, marked xfail (not strict) while the owning module is fixed: once fixed
they pass (XPASS) and the mark can go. The owner is named in each reason.
"""

from __future__ import annotations

import json

import pytest
from fuzz.importers import ABC, IMPORTERS, setlistfm_seed, verdict

BY_NAME = {i.name: i for i in IMPORTERS}


def check(name: str, tmp_path, data: bytes, seconds: float = 10.0) -> None:
    importer = BY_NAME[name]
    if not importer.available():
        pytest.skip(f"{importer.entry} has not landed yet")
    finding = verdict(importer, tmp_path, data, seconds)
    assert finding is None, finding


@pytest.mark.xfail(strict=False, reason="engine/setlists/formats.py rows_from_csv: csv.Error escapes "
                   "(a bare \\r inside a row: 'new-line character seen in unquoted field')")
@pytest.mark.parametrize("data", [b"show_date,set,song\r2024-01-01,1,A\n", b"show_date,set,song\n2024-01-01,1,A\rB\n"])
def test_csv_with_a_bare_carriage_return(tmp_path, data):
    check("setlist CSV", tmp_path, data)


def _setlistfm(edit) -> bytes:
    data = json.loads(setlistfm_seed())
    edit(data["setlist"][0])
    return json.dumps(data).encode()


@pytest.mark.xfail(strict=False, reason="engine/setlists/formats.py _setlistfm_show line ~160: "
                   "TypeError when a set's 'song' is a number, not a list")
def test_setlistfm_song_that_is_a_number(tmp_path):
    check("setlist.fm JSON", tmp_path, _setlistfm(lambda show: show["sets"]["set"][0].update(song=5)))


@pytest.mark.xfail(strict=False, reason="engine/setlists/formats.py _setlistfm_show line ~173: "
                   "TypeError when venue.name (or city.name) is not a string")
def test_setlistfm_venue_name_that_is_a_list(tmp_path):
    check("setlist.fm JSON", tmp_path, _setlistfm(lambda show: show["venue"].update(name=["x"])))


@pytest.mark.xfail(strict=False, reason="engine/jazz/reading.py _notation_part: AttributeError "
                   "'Opus' object has no attribute 'partName' for an ABC file holding two tunes (X:1 twice)")
def test_abc_with_two_tunes(tmp_path):
    check("ABC (jazz importer)", tmp_path, ABC + ABC)


@pytest.mark.xfail(strict=False, reason="engine/jazz/reading.py via music21's ABC parser: a 1.3 kB tune "
                   "with 400 '<a>' broken-rhythm marks takes minutes (no time bound on parsing)")
def test_abc_with_many_broken_rhythm_marks_answers_in_time(tmp_path):
    check("ABC (jazz importer)", tmp_path, ABC.replace(b"(3def", b"(3" + b"<a>" * 400), seconds=10)
