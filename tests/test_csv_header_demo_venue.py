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


def test_a_mark_or_position_encore_does_not_know_before_trailing_empty_cells_is_read_as_before(tmp_path):
    """Regression hunt: 'segue,' and an encore's position 'E1' before a spreadsheet's trailing empty cell were
    taken for cells moved on one, and their rows skipped (the encore gone)."""
    _, history = _history(tmp_path, "show_date,venue,set,position,song,transition\n"
                                    "2020-01-01,Barn,1,1,Alpha,segue,\n2020-01-01,Barn,1,2,Beta,>,\n"
                                    "2020-01-02,Barn,1,1,Beta,x,\n")
    assert [s.songs() for s in history.shows] == [["Alpha", "Beta"], ["Beta"]]
    _, history = _history(tmp_path, "show_date\tvenue\tset\tsong\tposition\n2020-01-01\tBarn\t1\tAlpha\t1\t\n"
                                    "2020-01-01\tBarn\tE\tGamma\tE1\t\n", "tabs.csv")
    assert [x.name for x in history.shows[0].sets] == ["Set 1", "Encore"]
    assert history.shows[0].songs() == ["Alpha", "Gamma"]


def test_a_demo_csv_with_a_spreadsheets_blank_rows_is_still_the_demo_band(tmp_path):
    """Regression hunt: rows of bare commas at the end carry no demo mark, and the demo band's file read as a
    real band's, every venue ending in '(demo data)'."""
    assert run_encore("setlist", "export", "--out", str(tmp_path / "demo.csv")).returncode == 0
    lines = (tmp_path / "demo.csv").read_text().splitlines()[:200]
    path, history = _history(tmp_path, "\n".join(lines) + "\n,,,,,,\n,,,,,,\n", "d2.csv")
    assert history.demo and not any("demo data" in s.venue for s in history.shows)


def test_two_demo_exports_made_from_csvs_merge(tmp_path):
    """Regression hunt: a demo export's band may be a CSV's file name ('first', 'last'); both are the demo band's
    shows, and one was skipped as another artist's."""
    demo = tmp_path / "demo.csv"
    assert run_encore("setlist", "export", "--out", str(demo)).returncode == 0
    header, *rows = demo.read_text().splitlines()
    cut = len(rows) // 2
    while rows[cut].split(",")[0] == rows[cut - 1].split(",")[0]:  # between two shows
        cut += 1
    (tmp_path / "first.csv").write_text("\n".join([header, *rows[:cut]]) + "\n")
    (tmp_path / "last.csv").write_text("\n".join([header, *rows[cut:]]) + "\n")
    for name in ("first", "last"):
        assert run_encore("setlist", "export", "--data", str(tmp_path / f"{name}.csv"),
                          "--out", str(tmp_path / f"{name}.json")).returncode == 0
    merged = load_history([tmp_path / "first.json", tmp_path / "last.json"])
    assert merged.problems == [] and merged.demo
    assert len(merged.shows) == len(load_history(demo).shows)


def test_a_song_cut_by_a_comma_without_a_space_is_not_read_short_either(tmp_path):
    """Regression hunt: 'Jesus,Etc.,>' put 'Etc.' in the mark's column and '>' past the header; read as the song
    'Jesus', never played, with its mark lost."""
    path, history = _history(tmp_path, "show_id,show_date,venue,set,position,song,transition\n"
                                       "1,2020-01-01,The Barn,1,1,Tweezer,>\n1,2020-01-01,The Barn,1,2,Jesus,Etc.,>\n"
                                       "1,2020-01-01,The Barn,1,3,Sand,\n")
    assert history.shows[0].songs() == ["Tweezer", "Sand"]
    assert history.problems[0].startswith(f"{path}:3: more cells than the header's 7 columns, and 'Etc.' in the "
                                          "transition column is no mark")
