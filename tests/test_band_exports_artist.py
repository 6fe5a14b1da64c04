"""Encore's own JSON export keeps the artist its files named (the demo band's is the demo band), and it is
checked when files are merged: two bands' exports (the demo band's and a Phish export, say) were merged silently
into one band that does not exist. A band that is only a CSV's file name is no artist, as the CSV was none."""

import json

from conftest import run_encore

from engine.setlists.export import write_history
from engine.setlists.history import History, Show, demo_history, load_history
from engine.setlists.setlist import Entry, Set

DEMO = "The Demo Band (generated demo data)"


def _shows(songs: list[str], year: int = 1997) -> list[Show]:
    return [Show(f"{year}-11-{10 + i}", "Hampton", [Set("Set 1", [Entry(song, ",")])], {}, str(i + 1))
            for i, song in enumerate(songs)]


def _export(path, band: str, songs: list[str], year: int = 1997, demo: bool = False, **more):
    write_history(History(_shows(songs, year), band=band, demo=demo, **more), path)
    return path


def _phishnet(path, shows):
    path.write_text(json.dumps({"error": 0, "data": [
        {"showid": 100 + i, "showdate": date, "venue": "Hampton Coliseum", "set": "1", "position": 1,
         "song": song, "trans_mark": "", "artist_name": "Phish"} for i, (date, song) in enumerate(shows)]}))
    return path


def test_two_bands_exports_are_not_merged_and_the_skipped_demo_band_marks_nothing(tmp_path):
    demo = _export(tmp_path / "demo.json", DEMO, ["Sand", "Fee"], 2024, demo=True)
    phish = _export(tmp_path / "phish.json", "phish_net", ["Tweezer", "Reba", "Ghost"], artist="Phish")
    history = load_history([demo, phish])
    assert [s.songs() for s in history.shows] == [["Tweezer"], ["Reba"], ["Ghost"]]
    assert history.problems == [f"{demo}: 2 shows by {DEMO}, not Phish; skipped"]
    assert history.left_out == [demo] and history.band == "phish_net" and history.artist == "Phish"
    assert not history.demo  # Phish's shows are not the demo band's made-up ones
    added = load_history([demo, phish], settled=1)  # the band open is the demo band: Phish is the one added
    assert [s.songs() for s in added.shows] == [["Sand"], ["Fee"]] and added.demo
    assert added.problems == [f"{phish}: 3 shows by Phish, not {DEMO}; skipped"]


def test_an_export_merges_with_its_own_artists_files_and_with_files_naming_none(tmp_path):
    """Artists are compared as the check compares them (case aside); a CSV, an export of one (its band is the
    file's name) and an export without a band name no artist, and join whichever band."""
    phish = _export(tmp_path / "phish.json", "Phish", ["Tweezer"], artist="PHISH")
    net = _phishnet(tmp_path / "net.json", [("1997-11-23", "Reba")])
    nameless = _export(tmp_path / "nameless.json", "", ["Ghost"], 1998)
    from_csv = _export(tmp_path / "from_csv.json", "dead_1977", ["Bowie"], 1999)
    csv = tmp_path / "more.csv"
    csv.write_text("show_id,show_date,venue,set,position,song,transition\n9,1999-11-24,V,1,1,Piper,\n")
    history = load_history([phish, net, nameless, from_csv, csv])
    assert [s.songs() for s in history.shows] == [["Tweezer"], ["Reba"], ["Ghost"], ["Bowie"], ["Piper"]]
    assert history.problems == [] and history.left_out == []


def test_an_export_keeps_the_artist_a_file_named_and_an_old_export_still_reads(tmp_path):
    """A phish.net file's history is named after the artist its rows name, not the file: its export says Phish,
    so it merges with more Phish and not with another band. An export written before reads as it did."""
    net = _phishnet(tmp_path / "phish_net.json", [("1997-11-22", "Tweezer"), ("1997-11-23", "Reba")])
    export = tmp_path / "export.json"
    write_history(load_history(net), export)
    assert json.loads(export.read_text())["band"] == "Phish" and json.loads(export.read_text())["artist"] == "Phish"
    more = _export(tmp_path / "more.json", "Phish", ["Ghost"], 1998, artist="Phish")
    other = _export(tmp_path / "dead.json", "dead", ["Scarlet Begonias"], 1977, artist="Grateful Dead")
    history = load_history([export, more, other])
    assert [s.songs() for s in history.shows] == [["Tweezer"], ["Reba"], ["Ghost"]]
    assert history.problems == [f"{other}: 1 show by Grateful Dead, not Phish; skipped"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"band": "Phish", "shows": [s.to_json() for s in _shows(["Bowie"], 2000)]}))
    assert [s.songs() for s in load_history([old, more]).shows] == [["Ghost"], ["Bowie"]]


def test_the_cli_does_not_merge_the_demo_bands_export_with_another_bands(tmp_path):
    net = _phishnet(tmp_path / "phish_net.json", [("1997-11-22", "Tweezer")])
    demo, phish = tmp_path / "demo.json", tmp_path / "phish.json"
    assert run_encore("setlist", "export", "--out", str(demo)).returncode == 0
    assert run_encore("setlist", "export", "--data", str(net), "--out", str(phish)).returncode == 0
    done = run_encore("setlist", "stats", "--data", str(demo), "--data", str(phish), "--json")
    stats = json.loads(done.stdout)
    assert stats["shows"] == len(demo_history().shows) and stats["demo"] is True
    assert f"{phish}: 1 show by Phish, not {DEMO}; skipped" in done.stderr
