"""Importing setlist histories: a show's sets in the order a band plays them, where a show without ids ends, a
song written twice at one position, and other artists' shows in a band's file."""

import json

from engine.setlists.history import load_history

HEADER = "show_id,show_date,venue,set,position,song,transition\n"


def sets_of(history):
    return [[(x.name, [e.song for e in x.entries]) for x in show.sets] for show in history.shows]


def test_sets_numbered_within_each_set_come_in_the_order_they_are_played(tmp_path):
    """Each set counting from 1 was taken as the show's order whatever the sets' order: set 2 before set 1, or
    the encore opening the show."""
    path = tmp_path / "set_order.csv"
    path.write_text(HEADER + "1,2020-01-01,V,2,1,D,>\n1,2020-01-01,V,2,2,E,\n1,2020-01-01,V,1,1,A,\n"
                    "1,2020-01-01,V,1,2,B,\n1,2020-01-01,V,E,1,F,\n"
                    "2,2020-01-02,V,E,1,Z,\n2,2020-01-02,V,1,1,X,\n2,2020-01-02,V,1,2,Y,\n"
                    "3,2020-01-03,V,1,1,P,\n3,2020-01-03,V,E2,1,R,\n3,2020-01-03,V,E,1,Q,\n")
    assert sets_of(load_history(path)) == [
        [("Set 1", ["A", "B"]), ("Set 2", ["D", "E"]), ("Encore", ["F"])],
        [("Set 1", ["X", "Y"]), ("Encore", ["Z"])],
        [("Set 1", ["P"]), ("Encore", ["Q"]), ("Encore 2", ["R"])]]


def test_a_festivals_sets_in_playing_order_keep_the_files_order(tmp_path):
    """A set after an encore, and positions counted through the show, are still the show's own order."""
    path = tmp_path / "festival.csv"
    path.write_text(HEADER + "1,2009-11-01,V,1,1,A,\n1,2009-11-01,V,E,1,B,\n1,2009-11-01,V,2,1,C,\n"
                    "1,2009-11-01,V,E,1,D,\n2,2009-11-02,V,1,1,F,\n2,2009-11-02,V,E,2,G,\n2,2009-11-02,V,4,3,H,\n")
    assert sets_of(load_history(path)) == [
        [("Set 1", ["A"]), ("Encore", ["B"]), ("Set 2", ["C"]), ("Encore", ["D"])],
        [("Set 1", ["F"]), ("Encore", ["G"]), ("Set 4", ["H"])]]


def test_a_position_that_goes_down_without_restarting_at_1_stays_in_its_show(tmp_path):
    """Without ids set 2 written 6, 7, 4, 5 was cut into two shows of one date; an early and a late show, where the
    position restarts at 1, are still two."""
    path = tmp_path / "no_ids.csv"
    rows = [("1", 1, "A"), ("1", 2, "B"), ("1", 3, "C"), ("2", 6, "F"), ("2", 7, "G"), ("2", 4, "D"), ("2", 5, "E"),
            ("E", 8, "H"), ("1", 1, "Late"), ("E", 2, "Late Encore")]
    path.write_text("show_date,venue,set,position,song\n" + "".join(f"2020-01-01,V,{s},{p},{song}\n"
                                                                     for s, p, song in rows))
    assert sets_of(load_history(path)) == [
        [("Set 1", ["A", "B", "C"]), ("Set 2", ["D", "E", "F", "G"]), ("Encore", ["H"])],
        [("Set 1", ["Late"]), ("Encore", ["Late Encore"])]]


def test_a_song_written_twice_at_one_place_is_kept_once_and_reported(tmp_path):
    """Rows differing only in their mark or letter case were both kept: the song played twice in a row."""
    path = tmp_path / "copied.csv"
    path.write_text(HEADER + '1,2020-01-01,V,1,1,Wilson,>\n1,2020-01-01,V,1,2,Reba,\n1,2020-01-01,V,1,1,Wilson,","\n'
                    "1,2020-01-01,V,1,2,reba,\n1,2020-01-01,V,1,2,Reba,\n")
    history = load_history(path)
    assert sets_of(history) == [[("Set 1", ["Wilson", "Reba"])]]
    assert history.shows[0].sets[0].entries[0].transition == ">"
    assert history.problems == [
        f"{path}:4: 'Wilson' (no segue) at position 1 of Set 1 again, as line 2 has 'Wilson' (segue >); "
        "row skipped, line 2 kept",
        f"{path}:5: 'reba' at position 2 of Set 1 again, as line 3 has 'Reba'; row skipped, line 3 kept",
        f"{path}:6: the same play as line 3; row skipped"]


def _setlistfm_show(show_id, date, artist, song):
    return {"id": show_id, "eventDate": date, "artist": {"name": artist}, "venue": {"name": "Bowl"},
            "sets": {"set": [{"song": [{"name": song}]}]}}


def test_other_artists_shows_in_a_setlistfm_search_are_skipped_and_said(tmp_path):
    """A search by venue or song finds other artists' shows too: they were merged into the band's history, and
    the band was named after whichever show came first."""
    path = tmp_path / "search.json"
    path.write_text(json.dumps({"setlist": [
        _setlistfm_show("a", "22-08-2013", "Jónsi", "Go Do"), _setlistfm_show("b", "23-08-2013", "Sigur Rós", "Glósóli"),
        _setlistfm_show("c", "24-08-2013", "Sigur Rós", "Hoppípolla"), _setlistfm_show("d", "25-08-2013", "", "Untitled"),
        _setlistfm_show("e", "26-08-2013", "Jónsi", "Boy Lilikoi"), _setlistfm_show("f", "27-08-2013", "Sigur Ros", "Sæglópur"),
        _setlistfm_show("g", "28-08-2013", "Amiina", "Seoul")]}))
    history = load_history(path)
    assert history.band == "Sigur Rós"
    assert [s.songs() for s in history.shows] == [["Glósóli"], ["Hoppípolla"], ["Untitled"], ["Sæglópur"]]
    assert history.problems == [f"{path}: 2 shows by Jónsi, not Sigur Rós; skipped",
                                f"{path}: 1 show by Amiina, not Sigur Rós; skipped"]


def _phishnet_row(show_id, date, position, song, artist="", artist_id=None):
    row = {"showid": show_id, "showdate": date, "venue": "Hampton Coliseum", "set": "1", "position": position,
           "song": song, "trans_mark": ""}
    return row | ({"artist_name": artist} if artist else {}) | ({"artistid": artist_id} if artist_id else {})


def test_other_artists_shows_in_a_phishnet_file_are_skipped_and_said(tmp_path):
    """phish.net serves its side projects' shows too (artist_name, artistid): a Trey Anastasio Band show was
    merged into Phish's history. The artist with most shows is the file's (the first breaks a tie)."""
    path = tmp_path / "phishnet.json"
    rows = [_phishnet_row(1, "1997-11-22", 1, "Tweezer", "Phish", 1), _phishnet_row(1, "1997-11-22", 2, "Fee", "Phish", 1),
            _phishnet_row(2, "1997-11-23", 1, "Sand", "Trey Anastasio Band", 2),
            _phishnet_row(3, "1997-11-24", 1, "Cayman Review", "Trey Anastasio Band", 2),
            _phishnet_row(4, "1997-11-25", 1, "Wilson", artist_id=1), _phishnet_row(5, "1997-11-26", 1, "Ghost"),
            _phishnet_row(6, "1997-11-27", 1, "Mound", "Mike Gordon", 6)]
    path.write_text(json.dumps({"error": 0, "data": rows}))
    history = load_history(path)
    assert [s.songs() for s in history.shows] == [["Tweezer", "Fee"], ["Wilson"], ["Ghost"]]
    assert history.problems == [f"{path}: 2 shows by Trey Anastasio Band, not Phish; skipped",
                                f"{path}: 1 show by Mike Gordon, not Phish; skipped"]
    path.write_text(json.dumps({"error": 0, "data": rows[2:4] + rows[6:]}))  # no Phish: the artist with most shows
    assert [s.songs() for s in load_history(path).shows] == [["Sand"], ["Cayman Review"]]


def test_a_guest_show_by_phish_in_a_side_projects_file_does_not_take_it_over(tmp_path):
    """Phish was preferred wherever it had a show: one guest show threw away the file's three TAB shows."""
    path = tmp_path / "tab.json"
    rows = [_phishnet_row(i, f"1999-06-0{i}", 1, song, "Trey Anastasio Band", 2)
            for i, song in ((1, "Sand"), (2, "Cayman Review"), (3, "Push on 'Til the Day"))]
    path.write_text(json.dumps({"error": 0, "data": rows + [_phishnet_row(4, "1999-06-04", 1, "Tweezer", "Phish", 1)]}))
    history = load_history(path)
    assert [s.songs() for s in history.shows] == [["Sand"], ["Cayman Review"], ["Push on 'Til the Day"]]
    assert history.problems == [f"{path}: 1 show by Phish, not Trey Anastasio Band; skipped"]


def test_a_late_show_whose_first_row_was_skipped_is_still_its_own_show(tmp_path):
    """Without ids the late show opened at position 2 (its first row, a soundcheck, skipped) and was merged into
    the early show, their songs interleaved: it goes back to set 1 after the early show's encore."""
    path = tmp_path / "early_late.csv"
    rows = [("1", 1, "Llama"), ("1", 2, "Runaway Jim"), ("1", 3, "Foam"), ("E", 4, "Golgi Apparatus"),
            ("Soundcheck", 1, "Jam"), ("1", 2, "Stash"), ("1", 3, "Lizards"), ("E", 4, "Sleeping Monkey")]
    path.write_text("show_date,venue,set,position,song\n" + "".join(f"2020-01-01,V,{s},{p},{song}\n"
                                                                     for s, p, song in rows))
    assert sets_of(load_history(path)) == [
        [("Set 1", ["Llama", "Runaway Jim", "Foam"]), ("Encore", ["Golgi Apparatus"])],
        [("Set 1", ["Stash", "Lizards"]), ("Encore", ["Sleeping Monkey"])]]


def test_a_late_show_opening_in_the_set_the_early_one_ended_in_is_its_own_show(tmp_path):
    """Its first row skipped, the late show opened at set 1, position 2, where the early show already had a song:
    it was glued to it, the two interleaved (a regression hunt's find). A place already taken is a new show."""
    path = tmp_path / "matinee.csv"
    rows = [("1", 1, "First Tube"), ("1", 2, "Dirt"), ("1", 3, "Farmhouse"), ("1", 1, ""), ("1", 2, "Twist"),
            ("1", 3, "Piper"), ("1", 4, "Back on the Train")]
    path.write_text("show_date,venue,set,position,song\n" + "".join(f"2000-05-15,V,{s},{p},{song}\n"
                                                                     for s, p, song in rows))
    assert sets_of(load_history(path)) == [[("Set 1", ["First Tube", "Dirt", "Farmhouse"])],
                                           [("Set 1", ["Twist", "Piper", "Back on the Train"])]]
