"""Two files holding one concert, written a little differently: both kept, and the user told.

An older and a newer download of a show, one with a song corrected, or a CSV and a setlist.fm page of it, one with
an intro the other leaves out, were kept as two shows of one date with no word. Dropping one (tried) lost real
shows wherever the guess was wrong: a matinee and its evening show, or a show split across two files.
"""

import json

from engine.setlists.history import load_history

HEADER = "show_id,show_date,venue,set,position,song,transition\n"


def csv_show(path, date, songs, venue="Hampton Coliseum", show_id="1", set_label="1"):
    path.write_text(HEADER + "".join(f"{show_id},{date},{venue},{set_label},{i},{song},\n"
                                     for i, song in enumerate(songs, 1)))
    return path


def test_a_show_in_two_files_with_a_song_corrected_is_kept_and_said(tmp_path):
    old = csv_show(tmp_path / "old.csv", "1997-11-22", ["Mike's Song", "Weekapaug", "Tweezer", "Reba", "Fee", "Sand"])
    new = csv_show(tmp_path / "new.csv", "1997-11-22", ["Mike's Song", "Jam", "Tweezer", "Reba", "Fee", "Sand"])
    history = load_history([old, new])
    assert len(history.shows) == 2
    assert history.problems == [f"{new}: show of 1997-11-22 is much like one in {old} (5 of 6 songs alike); kept "
                                "both (if they are one concert, leave one file's copy out)"]


def test_a_show_split_by_set_across_two_files_loses_nothing(tmp_path):
    """Same id, same venue, no song in common: taken for one concert, the second file's sets were dropped."""
    first = csv_show(tmp_path / "set1.csv", "1997-11-22", ["Tweezer", "Reba", "Fee"])
    rest = csv_show(tmp_path / "set2.csv", "1997-11-22", ["Ghost", "Slave"], set_label="2")
    history = load_history([first, rest])
    assert sum(len(s.songs()) for s in history.shows) == 5 and history.problems == []


def test_an_early_and_a_late_show_in_two_files_are_two_shows(tmp_path):
    early = csv_show(tmp_path / "early.csv", "1997-11-22", ["Tweezer", "Reba", "Fee", "Sand"])
    late = csv_show(tmp_path / "late.csv", "1997-11-22", ["Ghost", "Wilson", "Fee", "Slave"], show_id="2")
    history = load_history([early, late])
    assert len(history.shows) == 2 and history.problems == []


def test_a_radio_spot_that_day_does_not_take_the_concerts_place(tmp_path):
    """A 2-song radio spot sharing a song with the evening's 19-song concert was taken for it, and the concert,
    in the later file, dropped (a regression hunt's find, seen in the Phish file split in two)."""
    concert = [f"Song {i}" for i in range(18)] + ["Sample in a Jar"]
    radio = csv_show(tmp_path / "radio.csv", "2024-05-10", ["Sample in a Jar", "Bouncing"], venue="Radio", show_id="r")
    tour = csv_show(tmp_path / "tour.csv", "2024-05-10", concert, venue="Madison Square Garden", show_id="7")
    history = load_history([radio, tour])
    assert sorted(len(s.songs()) for s in history.shows) == [2, 19] and history.problems == []


def _setlistfm(path, show_id, songs):
    path.write_text(json.dumps({"setlist": [{"id": show_id, "eventDate": "24-08-2013", "artist": {"name": "A"},
                                             "venue": {"name": "Bowl"},
                                             "sets": {"set": [{"song": [{"name": n} for n in songs]}]}}]}))
    return path


def test_a_matinee_and_an_evening_show_with_their_own_ids_are_two_shows(tmp_path):
    songs = [f"Song {i}" for i in range(24)]
    matinee = _setlistfm(tmp_path / "matinee.json", "63a1", songs)
    evening = _setlistfm(tmp_path / "evening.json", "73b2", songs[:23] + ["Encore song"])
    history = load_history([matinee, evening])
    assert len(history.shows) == 2 and "23 of 24 songs alike" in history.problems[0]


def test_the_phish_file_split_in_two_merges_back_whole(tmp_path, phish_csv):
    lines = phish_csv.read_text(encoding="utf-8").splitlines(keepends=True)
    halves = [tmp_path / "odd.csv", tmp_path / "even.csv"]
    for half, parity in zip(halves, (1, 0), strict=True):
        half.write_text(lines[0] + "".join(line for line in lines[1:] if int(line.split(",")[0]) % 2 == parity))
    history = load_history(halves)
    assert (len(history.shows), sum(len(s.songs()) for s in history.shows)) == (1967, 38703)
