"""Inputs the fuzzer found that escape an importer with a non-Encore exception or hang it.

Each is the smallest reproduction of a bug that was found and fixed; they stay as regression tests.
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


@pytest.mark.parametrize("data", [b"show_date,set,song\r2024-01-01,1,A\n", b"show_date,set,song\n2024-01-01,1,A\rB\n"])
def test_csv_with_a_bare_carriage_return(tmp_path, data):
    check("setlist CSV", tmp_path, data)


def _setlistfm(edit) -> bytes:
    data = json.loads(setlistfm_seed())
    edit(data["setlist"][0])
    return json.dumps(data).encode()


def test_setlistfm_song_that_is_a_number(tmp_path):
    check("setlist.fm JSON", tmp_path, _setlistfm(lambda show: show["sets"]["set"][0].update(song=5)))


def test_setlistfm_venue_name_that_is_a_list(tmp_path):
    check("setlist.fm JSON", tmp_path, _setlistfm(lambda show: show["venue"].update(name=["x"])))


def test_abc_with_two_tunes(tmp_path):  # was an AttributeError on music21's Opus in engine/jazz/reading.py; fixed
    check("ABC (jazz importer)", tmp_path, ABC + ABC)


def test_abc_with_many_broken_rhythm_marks_answers_in_time(tmp_path):
    check("ABC (jazz importer)", tmp_path, ABC.replace(b"(3def", b"(3" + b"<a>" * 400), seconds=10)


@pytest.mark.parametrize("pieces", [[None], [[1, 2]], ["text"]])
def test_jazz_project_with_a_piece_that_is_not_an_object(tmp_path, pieces):
    check("jazz project", tmp_path, json.dumps({"format": "encore-jazz", "version": 1, "pieces": pieces}).encode())


@pytest.mark.parametrize("version", ["one", [1], {"v": 1}])
def test_jazz_project_with_a_version_that_is_not_a_number(tmp_path, version):
    check("jazz project", tmp_path, json.dumps({"format": "encore-jazz", "version": version, "pieces": []}).encode())


@pytest.mark.parametrize("sets", [[{"songs": ["Opener"]}], [{"songs": [{"title": "x"}]}], ["Set 1"], 5])
def test_setlist_draft_with_malformed_sets(tmp_path, sets):
    check("setlist draft (window's Open)", tmp_path, json.dumps({"date": "2024-01-01", "sets": sets}).encode())


@pytest.mark.parametrize("settings", [{"layers": [1]}, {"hidden": "64"}, {"dropout": None, "layers": 2}])
def test_jazz_model_with_wrongly_typed_settings(tmp_path, settings):
    from fuzz.importers import jazz_model_files

    meta = json.loads(jazz_model_files()["model.json"])
    meta["settings"].update(settings)
    check("jazz model.json", tmp_path, json.dumps(meta).encode())


@pytest.mark.parametrize("field, value", [("trained_on", 1.5), ("history", 3)])
def test_jazz_model_with_a_number_for_a_list(tmp_path, field, value):
    from fuzz.importers import jazz_model_files

    meta = json.loads(jazz_model_files()["model.json"])
    meta[field] = value
    check("jazz model.json", tmp_path, json.dumps(meta).encode())


def test_setlist_model_weights_without_bigram_counts(tmp_path):
    from fuzz.importers import setlist_model_files
    from safetensors.torch import load, save

    tensors = load(setlist_model_files()["weights.safetensors"])
    tensors["renamed"] = tensors.pop("bigram_counts")
    check("setlist model weights", tmp_path, save(tensors))


def test_midi_with_a_note_lasting_for_ever(tmp_path):
    import io

    import mido
    from fuzz.importers import isolated_verdict

    mid = mido.MidiFile(ticks_per_beat=96)
    mid.tracks.append(mido.MidiTrack([mido.Message("note_on", note=67, velocity=90),
                                      mido.Message("note_off", note=67, time=48),
                                      mido.Message("note_on", note=69, velocity=90),
                                      mido.Message("note_off", note=69, time=34_359_738_264)]))
    out = io.BytesIO()
    mid.save(file=out)
    if not BY_NAME["MIDI (jazz importer)"].available():
        pytest.skip("the jazz importer has not landed yet")
    finding = isolated_verdict("MIDI (jazz importer)", tmp_path, out.getvalue(), seconds=10, memory_gb=3)
    assert finding is None, finding


def _musicxml(old: bytes, new: bytes) -> bytes:
    from fuzz.importers import musicxml_seeds

    seed = musicxml_seeds()[0]
    assert old in seed
    return seed.replace(old, new, 1)


def test_musicxml_note_in_an_absurd_octave(tmp_path):
    check("MusicXML (jazz importer)", tmp_path, _musicxml(b"<octave>4</octave>", b"<octave>99999999999999999999999999999</octave>"))


def test_musicxml_note_with_a_huge_negative_duration(tmp_path):
    from fuzz.importers import isolated_verdict

    if not BY_NAME["MusicXML (jazz importer)"].available():
        pytest.skip("the jazz importer has not landed yet")
    data = _musicxml(b"<duration>5040</duration>", b"<duration>-9223372036854775809</duration>")
    finding = isolated_verdict("MusicXML (jazz importer)", tmp_path, data, seconds=10, memory_gb=3)
    assert finding is None, finding


@pytest.mark.parametrize("where", ["version", "pitch", "velocity"])
def test_jazz_project_with_an_infinite_number(tmp_path, where):
    from fuzz.importers import jazz_project_seed

    text = jazz_project_seed().decode()
    text = {"version": text.replace('"version": 1', '"version": 1e309'),
            "pitch": text.replace('"pitch": 62', '"pitch": 1e309'),
            "velocity": text.replace('"velocity": 70', '"velocity": -1e309')}[where]
    check("jazz project", tmp_path, text.encode())


@pytest.mark.parametrize("field, value", [("settings", [1]), ("vocab", [])])
def test_setlist_model_json_with_wrong_shapes(tmp_path, field, value):
    from fuzz.importers import setlist_model_files

    meta = json.loads(setlist_model_files()["model.json"])
    meta[field] = value
    check("setlist model.json", tmp_path, json.dumps(meta).encode(), seconds=30)


def test_phishnet_data_that_is_a_number(tmp_path):
    check("phish.net JSON", tmp_path, b'{"error": false, "error_message": "", "data": -10000000.0}')


@pytest.mark.parametrize("value", ['{"x": 1}', "820946", "-3.2e16"])
def test_setlistfm_setlist_that_is_not_a_list(tmp_path, value):
    check("setlist.fm JSON", tmp_path, ('{"type": "setlists", "page": 1, "setlist": %s}' % value).encode())


def test_abc_with_thousands_of_slur_openings_answers_in_time(tmp_path):
    check("ABC (jazz importer)", tmp_path, ABC.replace(b"K:Bb", b"(" * 5000 + b"\nK:Bb"), seconds=10)


@pytest.mark.parametrize("alternatives", ['{"x": "y"}', "[[]]", '[""]'])
def test_setlist_draft_with_short_alternatives(tmp_path, alternatives):
    data = '{"date": "2024-01-01", "sets": [{"name": "Set 1", "songs": [{"song": "A", "alternatives": %s}]}]}'
    check("setlist draft (window's Open)", tmp_path, (data % alternatives).encode())


def test_abc_with_one_absurdly_long_note(tmp_path):
    from fuzz.importers import isolated_verdict

    if not BY_NAME["ABC (jazz importer)"].available():
        pytest.skip("the jazz importer has not landed yet")
    data = ABC.replace(b'"Eb7"a4 ', b'"Eb7"a44444 ')
    assert data != ABC
    finding = isolated_verdict("ABC (jazz importer)", tmp_path, data, seconds=5, memory_gb=3)
    assert finding is None, finding
