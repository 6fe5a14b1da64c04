"""Setlist files as spreadsheets and other tools leave them: dates re-saved by Excel, pandas or a European
locale, merged cells, a position typed twice, files joined with `cat`, a phish.net row without a position, a
partial copy of a show in another file, a segue typed into the song's cell, and the CLI listing every problem."""

import json

import pytest

from engine.errors import EncoreError
from engine.setlists.cli import problems_text
from engine.setlists.history import load_history

HEADER = "show_id,show_date,venue,set,position,song,transition\n"


def songs_by_date(history):
    return [(show.date, show.songs()) for show in history.shows]


def test_excel_and_european_dates_are_read_where_the_file_settles_the_order(tmp_path):
    """Every row of '12/31/1999' was skipped as "bad or missing date", quoting neither the cell nor the format."""
    excel = tmp_path / "excel.csv"
    excel.write_text(HEADER + "1,12/31/1999,Big Cypress,1,1,AC/DC Bag,\n1,12/31/1999,Big Cypress,1,2,Funky Bitch,\n"
                     "2,1/2/2000,Big Cypress,1,1,Tweezer,\n")
    history = load_history(excel)
    assert songs_by_date(history) == [("1999-12-31", ["AC/DC Bag", "Funky Bitch"]), ("2000-01-02", ["Tweezer"])]
    assert history.problems == [f"{excel}: dates written like '12/31/1999' read as month/day/year (write dates as "
                                "YYYY-MM-DD to leave no doubt)"]
    europe = tmp_path / "europe.csv"
    europe.write_text(HEADER + "1,31.12.1999,Halle,1,1,A,\n2,1.2.2000,Halle,1,1,B,\n")
    assert songs_by_date(load_history(europe)) == [("1999-12-31", ["A"]), ("2000-02-01", ["B"])]


@pytest.mark.parametrize("cell", ["1999-12-31 00:00:00", "1999-12-31T00:00:00", "1999/12/31"])
def test_an_iso_date_with_a_midnight_time_is_that_day(tmp_path, cell):
    path = tmp_path / "pandas.csv"
    path.write_text(HEADER + f"1,{cell},V,1,1,A,\n")
    history = load_history(path)
    assert songs_by_date(history) == [("1999-12-31", ["A"])] and history.problems == []


def test_a_date_no_cell_settles_is_refused_quoting_it(tmp_path):
    path = tmp_path / "unsure.csv"
    path.write_text(HEADER + "1,01/02/2000,V,1,1,A,\n2,2000-01-05,V,1,1,B,\n3,2000-13-01,V,1,1,C,\n")
    history = load_history(path)
    assert songs_by_date(history) == [("2000-01-05", ["B"])]
    assert history.problems == [
        f"{path}:2: date '01/02/2000' may be day/month or month/day, and no date in the file has a number over 12 "
        "to tell (write dates as YYYY-MM-DD); row skipped",
        f"{path}:4: bad date '2000-13-01' (no such day); row skipped"]
    path.write_text(HEADER + "1,31/12/2000,V,1,1,A,\n2,12/31/2000,V,1,1,B,\n")
    with pytest.raises(EncoreError, match="the file's dates put the day first \\('31/12/2000'\\) and second "
                                          "\\('12/31/2000'\\)"):
        load_history(path)


def test_merged_cells_go_on_with_the_show_above(tmp_path):
    """show_id, date and venue written on each show's first row only: the other rows were skipped."""
    path = tmp_path / "merged.csv"
    path.write_text(HEADER + "1,2024-05-01,Barn,1,1,A,>\n,,,1,2,B,\n,,,E,3,C,\n2,2024-05-02,Barn,1,1,D,\n,,,1,2,E,\n")
    history = load_history(path)
    assert songs_by_date(history) == [("2024-05-01", ["A", "B", "C"]), ("2024-05-02", ["D", "E"])]
    assert [s.name for s in history.shows[0].sets] == ["Set 1", "Encore"] and history.problems == []


def test_a_position_typed_twice_without_ids_is_one_show_and_said(tmp_path):
    """1, 2, 2, 3, 4 on one date and venue was cut into two shows without a word."""
    path = tmp_path / "twice.csv"
    path.write_text("show_date,venue,set,position,song\n" + "".join(
        f"2024-05-01,Barn,{s},{p},{song}\n" for s, p, song in
        [("1", 1, "A"), ("1", 2, "B"), ("1", 2, "C"), ("1", 3, "D"), ("E", 4, "F")]))
    history = load_history(path)
    assert songs_by_date(history) == [("2024-05-01", ["A", "B", "C", "D", "F"])]
    assert history.problems == [f"{path}:4: position 2 again, as line 3 has 'B'; read as the next song of the same "
                                "show (give each show its own show_id if a new one starts there)"]


def test_a_show_cut_by_its_numbers_alone_is_said(tmp_path):
    path = tmp_path / "matinee.csv"
    path.write_text("show_date,venue,set,position,song\n" + "".join(
        f"2000-05-15,V,1,{p},{song}\n" for p, song in [(1, "A"), (2, "B"), (3, "C"), (2, "Twist"), (3, "Piper")]))
    history = load_history(path)
    assert [s.songs() for s in history.shows] == [["A", "B", "C"], ["Twist", "Piper"]]
    assert history.problems == [f"{path}:5: position 2 again, as line 3 has 'B'; read as the start of another show "
                                "that day (give each show its own show_id if not)"]


def test_phishnet_rows_without_a_position_keep_their_place_and_are_said(tmp_path):
    """A row without a position went to the start of its show."""
    rows = [{"showid": 1, "showdate": "2024-02-22", "venue": "Moon Palace", "set": s, "position": p, "song": song,
             "trans_mark": ", "} for s, p, song in
            [("1", 1, "Sample in a Jar"), ("1", 2, "Tweezer"), ("1", None, "Fluffhead"), ("e", 4, "Reprise")]]
    path = tmp_path / "phishnet.json"
    path.write_text(json.dumps({"error": 0, "data": rows}))
    history = load_history(path)
    assert history.shows[0].songs() == ["Sample in a Jar", "Tweezer", "Fluffhead", "Reprise"]
    assert history.problems == [f"{path}: data row 3: no position; those shows keep the file's order"]


def test_a_header_repeated_by_joined_files_is_skipped_without_a_word(tmp_path):
    """`cat a.csv b.csv`: the second header was reported twice, first as a position 'position'."""
    path = tmp_path / "joined.csv"
    path.write_text(HEADER + "1,2020-01-01,V,1,1,A,\n" + HEADER + "2,2020-01-02,V,1,1,B,\n")
    history = load_history(path)
    assert songs_by_date(history) == [("2020-01-01", ["A"]), ("2020-01-02", ["B"])] and history.problems == []


def test_a_position_note_comes_from_kept_rows_only(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text(HEADER + "1,2020-01-01,V,1,1,A,\n1,2020-01-01,V,Q,x,B,\n")
    assert load_history(path).problems == [f"{path}:3: unknown set label 'Q' (1, 2 ... for sets, E, E2 ... for "
                                           "encores); row skipped"]


def _setlistfm(path, songs, venue="Allstate Arena"):
    path.write_text(json.dumps({"setlist": [{"id": "p1", "eventDate": "27-10-2018", "artist": {"name": "Phish"},
                                             "venue": {"name": venue},
                                             "sets": {"set": [{"song": [{"name": n} for n in songs]}]}}]}))
    return path


@pytest.mark.parametrize("partial_first", [False, True])
def test_a_partial_copy_of_a_show_merges_into_the_fuller_one(tmp_path, partial_first):
    """setlist.fm's copy with the first 5 of 17 songs was kept as a second concert without a word."""
    songs = [f"Song {i}" for i in range(17)]
    full = tmp_path / "full.csv"
    full.write_text(HEADER + "".join(f"7,2018-10-27,\"Allstate Arena, Rosemont, IL\",1,{i},{s},>\n"
                                     for i, s in enumerate(songs, 1)))
    part = _setlistfm(tmp_path / "part.json", songs[:5])
    history = load_history([part, full] if partial_first else [full, part])
    assert [s.songs() for s in history.shows] == [songs]
    assert history.shows[0].sets[0].entries[0].transition == ">"  # the fuller copy's, with its marks
    assert history.problems == [f"{part}: show of 2018-10-27 gives 5 songs of the 17 in {full}, in the same order; "
                                "kept that fuller copy only"]


def test_a_short_copy_at_another_venue_is_kept_and_said(tmp_path):
    songs = [f"Song {i}" for i in range(17)]
    full = tmp_path / "full.csv"
    full.write_text(HEADER + "".join(f"7,2018-10-27,Allstate Arena,1,{i},{s},\n" for i, s in enumerate(songs, 1)))
    radio = _setlistfm(tmp_path / "radio.json", songs[2:4], venue="WXRT Studio")
    history = load_history([full, radio])
    assert len(history.shows) == 2
    assert history.problems == [f"{radio}: show of 2018-10-27 is much like one in {full} (2 of 17 songs alike); "
                                "kept both (if they are one concert, leave one file's copy out)"]


def test_a_segue_typed_into_the_song_cell_is_the_mark(tmp_path):
    path = tmp_path / "typed.csv"
    path.write_text(HEADER + "1,2020-01-01,V,1,1,Tweezer >,\n1,2020-01-01,V,1,2,Ghost ->,\n"
                    "1,2020-01-01,V,1,3,<songid:3056>,\n1,2020-01-01,V,1,4,Fee >,\",\"\n")
    entries = load_history(path).shows[0].sets[0].entries
    assert [(e.song, e.transition) for e in entries] == [("Tweezer", ">"), ("Ghost", "->"), ("<songid:3056>", ""),
                                                         ("Fee >", ",")]


def test_the_cli_lists_every_problem_up_to_a_cap():
    problems = [f"band.csv:{i}: missing song; row skipped" for i in range(2, 27)]
    lines = problems_text(problems).splitlines()
    assert lines[0] == "encore: 25 import problems:" and lines[1] == "  band.csv:2: missing song; row skipped"
    assert lines[20] == "  band.csv:21: missing song; row skipped" and lines[21:] == ["  ... and 5 more"]
    assert problems_text(problems[:1]).splitlines() == ["encore: 1 import problem:", f"  {problems[0]}"]


def test_a_row_without_an_id_after_a_show_taken_up_again_is_read(tmp_path):
    """Show A taken up again after show B, then a row without an id: it was judged by B's places and the import
    failed with StopIteration."""
    path = tmp_path / "ids.csv"
    path.write_text(HEADER + "".join(f"{i},2022-01-01,V,1,{p},{song},\n" for i, p, song in [
        ("A", 1, "s1"), ("A", 2, "s2"), ("B", 1, "b1"), ("B", 2, "b2"), ("B", 3, "b3"), ("A", 4, "s4"),
        ("", 3, "x")]))
    history = load_history(path)
    assert sum(len(show.songs()) for show in history.shows) == 7 and history.problems == []
    assert [show.songs() for show in history.shows] == [["s1", "s2", "x", "s4"], ["b1", "b2", "b3"]]


def test_a_late_show_whose_first_row_was_skipped_is_its_own_show(tmp_path):
    """The late show's position 1 has no song: its position 2 after the early show's 2 is still a new show, not a
    position typed twice."""
    path = tmp_path / "late.csv"
    path.write_text("show_date,venue,set,position,song\n" + "".join(
        f"2024-05-01,Barn,1,{p},{song}\n" for p, song in [(1, "A"), (2, "B"), (1, ""), (2, "C"), (3, "D")]))
    history = load_history(path)
    assert [show.songs() for show in history.shows] == [["A", "B"], ["C", "D"]]
    assert history.problems == [f"{path}:4: missing song; row skipped"]
