"""Damaged setlist files as spreadsheets and hand edits leave them: a row that cannot be trusted is reported
with its file and line and skipped, never read as something else without a word."""

import json

import pytest
from conftest import run_encore

from engine.errors import FileProblem
from engine.setlists.export import write_history
from engine.setlists.history import load_history
from engine.setlists.setlist import read_setlist


def _history(tmp_path, text, name="band.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path, load_history(path)


def test_an_unquoted_comma_in_a_song_skips_the_row_and_says_to_quote_it(tmp_path):
    path, history = _history(tmp_path, "show_date,set,song\n2023-01-01,1,Jesus, Etc.\n2023-01-01,1,Via Chicago\n"
                                       "2023-01-02,1,Hello\n")
    assert [s.songs() for s in history.shows] == [["Via Chicago"], ["Hello"]]  # not a song named 'Jesus'
    assert len(history.problems) == 1 and history.problems[0].startswith(f"{path}:2: more cells than the header")
    assert "in quotes" in history.problems[0] and history.problems[0].endswith("row skipped")
    full = ("show_id,show_date,venue,set,position,song,transition\n1,2023-01-01,Barn,1,1,Jesus, Etc.,>\n"
            "1,2023-01-01,Barn,1,2,Via Chicago,\n")
    path, history = _history(tmp_path, full)
    assert history.shows[0].songs() == ["Via Chicago"] and f"{path}:2: more cells" in history.problems[0]
    with pytest.raises(FileProblem, match="holds no usable show .*more cells"):  # nothing else: the file fails
        _history(tmp_path, "show_date,set,song\n2023-01-01,1,Jesus, Etc.\n")


def test_a_spreadsheets_trailing_empty_cells_are_no_damage(tmp_path):
    _, history = _history(tmp_path, "show_date,set,song\n2023-01-01,1,Sand,,\n2023-01-01,1,Fee, ,\n")
    assert history.shows[0].songs() == ["Sand", "Fee"] and history.problems == []
    _, history = _history(tmp_path, "show_date;set;song\n2023-01-01;1;Sand;;Tweezer\n2023-01-01;1;Fee\n")
    assert history.shows[0].songs() == ["Fee"] and "with a semicolon in it" in history.problems[0]


def test_a_stray_quote_closed_by_the_next_rows_venue_is_reported_at_its_line(tmp_path):
    """The next row's quoted venue closes the stray quote: the song became 'Hey Jude,>\\n1,2023-01-01,The Venue'
    and the row after it vanished, both without a word."""
    venue = '1,2023-01-01,"The Venue, Town",1'
    path, history = _history(tmp_path, "show_id,show_date,venue,set,position,song,transition\n"
                                       f'{venue},1,"Hey Jude,>\n{venue},2,Let It Be,\n{venue},3,Help,\n')
    assert history.shows[0].songs() == ["Help"]
    assert history.problems == [f"{path}:2: a quote (\") opened there runs on to line 3, taking that line into "
                                "one cell; close or remove it; row skipped"]
    path, history = _history(tmp_path, 'show_date,set,song\n2023-01-01,1,"Free\n2023-01-01,1,"Sand"\n'
                                       "2023-01-02,1,Fee\n")  # the same with the date first, the song quoted
    assert [s.songs() for s in history.shows] == [["Fee"]] and history.problems[0].startswith(f"{path}:2: a quote")
    _, history = _history(tmp_path, 'show_date,set,song,notes\n2023-01-01,1,"Free\n(reprise)",\n'
                                    '2023-01-01,1,Sand,"Trey on piano,\nPage on theremin"\n')
    assert history.shows[0].songs() == ["Free (reprise)", "Sand"] and history.problems == []  # read, on one line


def test_a_set_with_a_null_or_blank_name_is_the_next_numbered_set(tmp_path):
    """A hand-edited set "name": null became a set named 'None', which no CSV label reads back."""
    sets = [{"name": None, "songs": [{"song": "A"}]}, {"name": " ", "songs": [{"song": "B"}]},
            {"name": "Encore", "songs": [{"song": "C"}]}, {"songs": [{"song": "D"}]}]
    path = tmp_path / "band.json"
    path.write_text(json.dumps({"band": "B", "shows": [{"date": "2024-01-01", "sets": sets}]}))
    history = load_history(path)
    assert [s.name for s in history.shows[0].sets] == ["Set 1", "Set 2", "Encore", "Set 3"]
    write_history(history, tmp_path / "out.csv")  # refused before: 'None' is no set label
    assert [s.name for s in load_history(tmp_path / "out.csv").shows[0].sets] == ["Set 1", "Set 2", "Encore",
                                                                                   "Set 3"]
    draft = tmp_path / "draft.json"  # a --template draft
    draft.write_text(json.dumps({"date": "2024-12-01", "sets": [{"name": None, "songs": [{"song": "Slow Fade"}]},
                                                                {"name": "", "songs": [{"song": "x"}]}]}))
    assert [s.name for s in read_setlist(draft).sets] == ["Set 1", "Set 2"]


def test_an_early_and_a_late_show_without_positions_stay_two_shows(tmp_path):
    rows = "".join(f"2023-07-04,Club,{s},{song}\n" for s, song in
                   [("1", "A"), ("1", "B"), ("E", "C"), ("1", "D"), ("1", "A"), ("E", "F")])
    path, history = _history(tmp_path, "show_date,venue,set,song\n" + rows)
    assert [[s.name for s in show.sets] for show in history.shows] == [["Set 1", "Encore"]] * 2
    assert [show.songs() for show in history.shows] == [["A", "B", "C"], ["D", "A", "F"]]
    stats = json.loads(run_encore("setlist", "stats", "--data", str(path), "--json").stdout)
    assert stats["shows"] == 2
    numbered = "".join(f"2023-07-04,Club,{s},{i},x{i}\n" for i, s in enumerate("11E1", 1))
    _, history = _history(tmp_path, "show_date,venue,set,position,song\n" + numbered)  # counting on: one show
    assert len(history.shows) == 1 and [s.name for s in history.shows[0].sets] == ["Set 1", "Encore", "Set 1"]
    _, history = _history(tmp_path, "show_date,venue,set,song\n" + rows.replace("1,D", "4,D").replace(
        "1,A\n2023-07-04,Club,E", "4,A\n2023-07-04,Club,E"))  # a festival's fourth set after the encore
    assert len(history.shows) == 1


def test_quoted_notes_and_addresses_over_two_lines_are_no_stray_quote(tmp_path):
    """The stray-quote check skipped well-quoted rows whose notes or venue address had a second line with commas
    or a date in it (every Red Rocks row, and then the whole file)."""
    notes = ('show_date,venue,set,song,notes\n2019-07-04,Alpine Valley,1,Tweezer,"Last played:\n2018-07-21, Alpine '
             'Valley"\n2019-07-04,Alpine Valley,1,Fee,"guests:\nA, B, C, D, E"\n2019-07-04,Alpine Valley,E,Sand,\n')
    _, history = _history(tmp_path, notes)
    assert history.shows[0].songs() == ["Tweezer", "Fee", "Sand"] and history.problems == []
    address = '"Red Rocks Amphitheatre\n18300 W Alameda Pkwy, Morrison, CO 80465, USA"'
    _, history = _history(tmp_path, f"show_date,venue,set,song\n2019-07-04,{address},1,Tweezer\n"
                                    f"2019-07-04,{address},1,Fee\n")
    assert history.shows[0].songs() == ["Tweezer", "Fee"] and history.problems == []


def test_cells_spilt_past_a_notes_column_are_said_once_and_the_rows_kept(tmp_path):
    """A comma in an unquoted notes column, after every column Encore reads, skipped its play as if the song had
    been cut short: the row is kept, and the spill reported (the song may have been cut, which Encore cannot
    tell)."""
    path, history = _history(tmp_path, "show_date,venue,set,position,song,transition,notes\n"
                                       "2019-07-04,Alpine,1,1,Tweezer,>,long jam, Trey on keys\n"
                                       "2019-07-04,Alpine,1,2,Fee,,fun, short\n2019-07-04,Alpine,E,3,Sand,,\n")
    assert history.shows[0].songs() == ["Tweezer", "Fee", "Sand"] and len(history.problems) == 1
    assert history.problems[0].startswith(f"{path}:2: more cells than the header's 7 columns (the first extra "
                                          "one ' Trey on keys') (and on 1 more row)")
