"""The demo band exported as CSV stays labelled demo data when it is read back (its JSON always did)."""

import csv
import json

from conftest import run_encore

from engine.setlists.export import COLUMNS, write_history
from engine.setlists.history import History, Show, demo_history, load_history
from engine.setlists.setlist import Entry, Set


def _shows(history: History) -> list:
    return [(s.date, s.venue, s.show_id, [(x.name, [(e.song, e.transition) for e in x.entries]) for x in s.sets])
            for s in history.shows]


def test_the_demo_band_exported_as_csv_is_demo_data_again_in_the_cli_stats(tmp_path):
    """Read back, the CSV of `setlist export` was a real band named after the file, its shows made up."""
    path = tmp_path / "history.csv"
    assert run_encore("setlist", "export", "--out", str(path)).returncode == 0
    with path.open(newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == COLUMNS  # the documented layout, no extra column
    assert all(row[2].endswith("(demo data)") for row in rows[1:])  # said on every row, in a spreadsheet too
    stats = json.loads(run_encore("setlist", "stats", "--data", str(path), "--json").stdout)
    assert stats["demo"] is True and stats["shows"] == len(demo_history().shows)
    assert _shows(load_history(path)) == _shows(demo_history())  # the venues read back without the mark


def test_only_a_demo_history_is_marked_and_the_mark_survives_a_merge_and_odd_venues(tmp_path):
    real = History([Show("2024-07-05", "=Barn", [Set("Set 1", [Entry("Sand")])]),
                    Show("2024-07-06", "", [Set("Set 1", [Entry("Fee")])])], band="Band")
    write_history(real, tmp_path / "real.csv")
    assert "demo data" not in (tmp_path / "real.csv").read_text()
    assert not load_history(tmp_path / "real.csv").demo
    write_history(History(real.shows, band="Band", demo=True), tmp_path / "marked.csv")
    again = load_history(tmp_path / "marked.csv")
    assert again.demo and [s.venue for s in again.shows] == ["=Barn", ""]
    # the demo band merged with a real band is still not a real band's history, through CSV as through JSON
    write_history(History(demo_history().shows[:5], band="Demo", demo=True), tmp_path / "demo.json")
    merged = load_history([tmp_path / "demo.json", tmp_path / "real.csv"])
    write_history(merged, tmp_path / "merged.csv")
    assert merged.demo and load_history(tmp_path / "merged.csv").demo


def test_the_pages_demo_history_export_reopens_labelled_demo_data(window, tmp_path, qtbot):
    page = window.workspaces[1]
    page.ensure_history()
    path = tmp_path / "demo-history.csv"
    assert page.history.demo and page.export_history_to(str(path))
    page.import_paths([str(path)])
    qtbot.waitUntil(lambda: not page.reading(), timeout=30000)
    assert page.paths == [str(path)] and page.history.demo
    assert "DEMO DATA" in page.dataset.summary.text()


def test_a_show_drafted_from_the_demo_band_stays_labelled_in_its_csv_and_text(tmp_path):
    """Exported as CSV and opened again, a demo band's drafted show lost its DEMO DATA heading; printed as text
    it never said so."""
    from engine.setlists.export import setlist_text, write_setlist
    from engine.setlists.setlist import Setlist, read_setlist

    sets = [Set("Set 1", [Entry("Sand", ">", 0.25), Entry("Fee", ",", 0.5)]), Set("Encore", [Entry("Possum")])]
    write_setlist(Setlist("2026-12-31", "Barn", sets, {"demo": True}), tmp_path / "draft.csv")
    opened = read_setlist(tmp_path / "draft.csv")
    assert opened.meta.get("demo") is True and opened.venue == "Barn"
    assert [e.probability for e in opened.sets[0].entries] == [0.25, 0.5]
    assert setlist_text(opened).splitlines()[-1] == "Demo band: made-up shows (demo data)"
    write_setlist(Setlist("2026-12-31", "Barn", sets), tmp_path / "real.csv")
    assert not read_setlist(tmp_path / "real.csv").meta and "demo" not in setlist_text(Setlist("", "", sets))


def test_a_real_venue_that_only_looks_like_the_mark_stays_a_real_venue(tmp_path):
    """A real CSV's 'Club (Demo Data)' lost its words and made the whole history demo data."""
    path = tmp_path / "real.csv"
    path.write_text("show_date,venue,set,song\n2024-07-05,Club (Demo Data),1,Sand\n2024-07-06,Hall(demo data),1,Fee\n")
    history = load_history(path)
    assert not history.demo and [s.venue for s in history.shows] == ["Club (Demo Data)", "Hall(demo data)"]
