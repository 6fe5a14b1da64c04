"""Two files holding one concert, written a little differently, give one show.

An older and a newer download of a show, one with a song corrected, or a CSV and a setlist.fm page of it, one with
an intro the other leaves out, were kept as two shows of one date with no word: every song of it counted twice.
"""

import json

from engine.setlists.history import load_history

HEADER = "show_id,show_date,venue,set,position,song,transition\n"


def csv_show(path, date, songs, venue="Hampton Coliseum", show_id="1"):
    path.write_text(HEADER + "".join(f"{show_id},{date},{venue},1,{i},{song},\n" for i, song in enumerate(songs, 1)))
    return path


def test_a_show_in_two_files_with_a_song_corrected_is_kept_once_and_said(tmp_path):
    old = csv_show(tmp_path / "old.csv", "1997-11-22", ["Mike's Song", "Weekapaug", "Tweezer", "Reba", "Fee", "Sand"])
    new = csv_show(tmp_path / "new.csv", "1997-11-22", ["Mike's Song", "Jam", "Tweezer", "Reba", "Fee", "Sand"])
    history = load_history([old, new])
    assert [s.songs() for s in history.shows] == [["Mike's Song", "Weekapaug", "Tweezer", "Reba", "Fee", "Sand"]]
    assert history.problems == [f"{new}: show of 1997-11-22 is also in {old} with other songs (5 of 6 songs alike); "
                                "kept that one"]


def test_a_setlistfm_page_of_the_show_without_its_intro_is_the_same_show(tmp_path):
    played = csv_show(tmp_path / "show.csv", "2013-08-24", ["Intro", "Glósóli", "Hoppípolla", "Sæglópur"])
    page = tmp_path / "setlistfm.json"
    page.write_text(json.dumps({"setlist": [{"id": "x", "eventDate": "24-08-2013", "artist": {"name": "Sigur Rós"},
                                             "venue": {"name": "Bowl"}, "sets": {"set": [{"song": [
                                                 {"name": n} for n in ("Glósóli", "Hoppípolla", "Sæglópur")]}]}}]}))
    history = load_history([played, page])
    assert len(history.shows) == 1 and history.shows[0].songs()[0] == "Intro"


def test_an_early_and_a_late_show_in_two_files_are_two_shows(tmp_path):
    early = csv_show(tmp_path / "early.csv", "1997-11-22", ["Tweezer", "Reba", "Fee", "Sand"])
    late = csv_show(tmp_path / "late.csv", "1997-11-22", ["Ghost", "Wilson", "Fee", "Slave"], show_id="2")
    history = load_history([early, late])
    assert len(history.shows) == 2 and history.problems == []
