"""Importing several files at once: one artist's history, whichever file each show comes from. Files by another
artist were merged silently into a band that does not exist."""

import json

from engine.setlists.history import load_history


def _setlistfm(path, artist, shows):
    path.write_text(json.dumps({"setlist": [
        {"id": f"{artist}{i}", "eventDate": date, "artist": {"name": artist}, "venue": {"name": "Bowl"},
         "sets": {"set": [{"song": [{"name": song}]}]}} for i, (date, song) in enumerate(shows)]}))
    return path


def _phishnet(path, shows, artist="Phish"):
    path.write_text(json.dumps({"error": 0, "data": [
        {"showid": i + 1, "showdate": date, "venue": "Hampton Coliseum", "set": "1", "position": 1, "song": song,
         "trans_mark": "", "artist_name": artist} for i, (date, song) in enumerate(shows)]}))
    return path


PHISH = [("1997-11-22", "Tweezer"), ("1997-11-23", "Reba"), ("1997-11-24", "Ghost")]


def test_a_file_by_another_artist_is_skipped_and_said_whichever_comes_first(tmp_path):
    """The Dead file given first named the history after the Dead too; the artist with most shows wins."""
    dead = _setlistfm(tmp_path / "dead_fm.json", "Grateful Dead", [("08-05-1977", "Scarlet Begonias"),
                                                                   ("09-05-1977", "Fire on the Mountain")])
    phish = _phishnet(tmp_path / "phish_net.json", PHISH)
    history = load_history([dead, phish])
    assert [s.songs() for s in history.shows] == [["Tweezer"], ["Reba"], ["Ghost"]]
    assert history.band == "Phish"  # the kept file's artist, not its file name
    assert history.problems == [f"{dead}: 2 shows by Grateful Dead, not Phish; skipped"]


def test_one_artist_written_otherwise_in_two_files_is_one_artist(tmp_path):
    """Names are matched as the per-file check matches them: case and accents aside. A CSV names no artist."""
    net = _phishnet(tmp_path / "net.json", PHISH[:1], "PHISH")
    fm = _setlistfm(tmp_path / "fm.json", "Phish", [("23-11-1997", "Reba")])
    csv = tmp_path / "more.csv"
    csv.write_text("show_id,show_date,venue,set,position,song,transition\n9,1997-11-24,V,1,1,Ghost,\n")
    history = load_history([net, fm, csv])
    assert [s.songs() for s in history.shows] == [["Tweezer"], ["Reba"], ["Ghost"]]
    assert history.problems == []


def test_a_show_in_two_files_of_one_artist_counts_once_and_the_first_file_breaks_a_tie(tmp_path):
    """Two Phish files of the same two shows are two shows by Phish, a tie with the Dead's two: the first file's
    artist is the history's."""
    dead = _setlistfm(tmp_path / "dead.json", "Grateful Dead", [("08-05-1977", "Scarlet Begonias"),
                                                                ("09-05-1977", "Fire on the Mountain")])
    net = _phishnet(tmp_path / "net.json", PHISH[:2])
    fm = _setlistfm(tmp_path / "fm.json", "Phish", [("22-11-1997", "Tweezer"), ("23-11-1997", "Reba")])
    history = load_history([dead, net, fm])
    assert [s.songs() for s in history.shows] == [["Scarlet Begonias"], ["Fire on the Mountain"]]
    assert history.problems == [f"{net}: 2 shows by Phish, not Grateful Dead; skipped",
                                f"{fm}: 2 shows by Phish, not Grateful Dead; skipped"]


def test_files_added_to_a_band_by_another_artist_are_skipped_however_many_shows_they_hold(tmp_path):
    """The window's Add files reads the band's files with the added ones: a search by another artist with more
    shows took the band's place, its own files skipped (a regression hunt's find)."""
    dead = _setlistfm(tmp_path / "dead.json", "Grateful Dead", [("08-05-1977", "Scarlet Begonias"),
                                                                ("09-05-1977", "Fire on the Mountain"),
                                                                ("10-05-1977", "Estimated Prophet"),
                                                                ("11-05-1977", "Eyes of the World")])
    net = _phishnet(tmp_path / "net.json", PHISH)
    history = load_history([net, dead], settled=1)
    assert [s.songs() for s in history.shows] == [["Tweezer"], ["Reba"], ["Ghost"]]
    assert history.problems == [f"{dead}: 4 shows by Grateful Dead, not Phish; skipped"]
    assert len(load_history([net, dead]).shows) == 4  # given together, the artist with most shows


def test_the_windows_add_files_keeps_the_band_it_has(tmp_path):
    from gui.setlists.tasks import read_histories

    dead = _setlistfm(tmp_path / "dead.json", "Grateful Dead", [(f"0{d}-05-1977", "Scarlet Begonias")
                                                                for d in range(1, 6)])
    net = _phishnet(tmp_path / "net.json", PHISH)
    reading = read_histories([str(net)], [str(dead)])
    assert len(reading.history.shows) == 3 and "by Grateful Dead, not Phish; skipped" in reading.history.problems[0]


def test_files_skipped_as_another_artists_do_not_become_the_bands(tmp_path):
    """Add a Dead search to Phish (skipped), then more Phish: the Dead file had been kept among the band's
    files, so the third read took the Dead as the band and skipped both Phish files (a regression hunt's find).
    """
    from gui.setlists.tasks import read_histories

    phish = _phishnet(tmp_path / "net.json", PHISH)
    dead = _setlistfm(tmp_path / "dead.json", "Grateful Dead", [(f"0{d}-05-1977", "Scarlet Begonias")
                                                                for d in range(1, 6)])
    more = _setlistfm(tmp_path / "more.json", "Phish", [("23-11-1998", "Reba")])
    first = read_histories([str(phish)], [str(dead)])
    assert first.paths == [str(phish)] and first.history.left_out == [str(dead)]
    second = read_histories(first.paths, [str(more)])
    assert len(second.history.shows) == 4 and second.history.problems == []


def test_a_history_is_named_after_the_artist_its_first_file_names_and_a_csv_after_its_file(tmp_path):
    """A phish.net file was named after its file ('phish_net'), shown in the summary, the model's folder and the
    export, while a setlist.fm file was named by its artist: one rule for both. A CSV names no artist, and an
    Encore export keeps the band it was saved as."""
    net = _phishnet(tmp_path / "phish_net.json", PHISH)
    fm = _setlistfm(tmp_path / "dead_fm.json", "Grateful Dead", [("08-05-1977", "Scarlet Begonias")])
    csv = tmp_path / "my_shows.csv"
    csv.write_text("show_id,show_date,venue,set,position,song,transition\n9,1997-11-25,V,1,1,Piper,\n")
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"band": "Phish 1997", "artist": "Phish", "shows": [
        {"show_id": "7", "date": "1997-11-26", "venue": "V", "sets": [{"name": "Set 1", "songs": [{"song": "Bowie"}]}]}]}))
    assert (load_history(net).band, load_history(net).artist) == ("Phish", "Phish")
    assert load_history(fm).band == "Grateful Dead"
    assert load_history(csv).band == "my_shows" and load_history([csv, net]).band == "my_shows"
    assert load_history([net, csv]).band == "Phish"
    assert load_history([export, net]).band == "Phish 1997"


def test_a_phishnet_file_giving_only_the_artists_number_is_named_after_the_file(tmp_path):
    """Rows with artistid "2" and no artist_name named the band "artist 2", a stand-in that then named the model's
    folder and the exports; the number still tells that artist from Phish, and says whose shows were skipped."""
    rows = [{"showid": i + 1, "showdate": date, "venue": "Beacon", "set": "1", "position": 1, "song": song,
             "trans_mark": "", "artistid": "2"} for i, (date, song) in enumerate(PHISH)]
    tab = tmp_path / "tab_2019.json"
    tab.write_text(json.dumps({"error": 0, "data": rows}))
    history = load_history(tab)
    assert (history.band, history.artist, len(history.shows)) == ("tab_2019", "artist 2", 3)
    phish = _phishnet(tmp_path / "phish_net.json", PHISH + [("1997-11-25", "Piper")])
    both = load_history([tab, phish])
    assert both.band == "Phish" and both.problems == [f"{tab}: 3 shows by artist 2, not Phish; skipped"]
    named = _phishnet(tmp_path / "tab_named.json", PHISH, "Trey Anastasio Band")
    assert load_history(named).band == "Trey Anastasio Band"
