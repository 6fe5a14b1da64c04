"""Cells past a setlist CSV's header, and a real venue that ends like the demo mark."""

import json

from conftest import run_encore

from engine.setlists.export import write_history
from engine.setlists.history import History, Show, load_history
from engine.setlists.setlist import Entry, Set


def _history(tmp_path, text, name="band.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path, load_history(path)


def test_a_song_cut_by_an_unquoted_comma_is_not_read_where_the_empty_mark_spilt_past_the_header(tmp_path):
    """'Jesus, Etc.,' with no mark gave the song 'Jesus', ' Etc.' in the transition column and the empty mark past
    the header, taken for a spreadsheet's trailing empty cell: a song never played, without a word."""
    path, history = _history(tmp_path, "show_id,show_date,venue,set,position,song,transition\n"
                                       "1,2023-01-01,Barn,1,1,Jesus, Etc.,\n1,2023-01-01,Barn,1,2,Via Chicago,\n")
    assert history.shows[0].songs() == ["Via Chicago"]
    assert history.problems[0].startswith(f"{path}:2: more cells than the header's 7 columns, and 'Etc.' in the "
                                          "transition column is no mark")
    _, history = _history(tmp_path, "show_date,set,song,position\n2023-01-01,1,Jesus, Etc.,\n"
                                    "2023-01-01,1,Hello,2\n")  # the same with the position last
    assert history.shows[0].songs() == ["Hello"] and len(history.problems) == 1


def test_a_spreadsheets_trailing_cells_after_a_mark_leave_the_song_read(tmp_path):
    path, history = _history(tmp_path, "show_id,show_date,venue,set,position,song,transition\n"
                                       "1,2024-07-01,Venue,1,1,Tweezer,>,,\n1,2024-07-01,Venue,1,2,Sand,,long jam\n"
                                       '1,2024-07-01,Venue,E,3,Fee,",",guest, on sax\n')
    assert [(e.song, e.transition) for e in history.shows[0].sets[0].entries] == [("Tweezer", ">"), ("Sand", "")]
    assert history.shows[0].songs() == ["Tweezer", "Sand", "Fee"]
    assert len(history.problems) == 1 and history.problems[0].startswith(f"{path}:3: more cells") \
        and "(and on 1 more row)" in history.problems[0]  # said once for the file
    # after a song column (no transition column) a note may be the rest of an unquoted name: still skipped, as
    # 'Jesus' alone would be a song never played; empty cells there are a spreadsheet's and ignored
    path = tmp_path / "sheet.csv"
    path.write_text("show_date,venue,set,position,song\n2024-07-01,Venue,1,1,Tweezer,,\n"
                    "2024-07-01,Venue,1,2,Sand, ,\n2024-07-01,Venue,1,3,Jesus, Etc.\n")
    stats = json.loads(run_encore("setlist", "stats", "--data", str(path), "--json").stdout)
    assert stats["plays"] == 2 and stats["problems"] == 1


def test_one_real_venue_ending_in_the_demo_mark_is_a_venue_and_no_demo_band(tmp_path):
    path, history = _history(tmp_path, "show_date,venue,set,song\n2024-07-05,Barn (demo data),1,Sand\n"
                                       "2024-07-06,Hall,1,Fee\n")
    assert not history.demo and [s.venue for s in history.shows] == ["Barn (demo data)", "Hall"]
    stats = json.loads(run_encore("setlist", "stats", "--data", str(path), "--json").stdout)
    assert stats["demo"] is False
    shows = [Show("2024-07-05", "Barn", [Set("Set 1", [Entry("Sand")])]),
             Show("2024-07-06", "", [Set("Set 1", [Entry("Fee")])])]
    write_history(History(shows, band="Demo", demo=True), tmp_path / "demo.csv")  # Encore's own: every row
    again = load_history(tmp_path / "demo.csv")
    assert again.demo and [s.venue for s in again.shows] == ["Barn", ""]
