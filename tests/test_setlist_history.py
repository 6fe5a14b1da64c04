"""Importing and exporting setlist histories: the CSV layout, phish.net and setlist.fm JSON, merging,
normalised matching, reported bad rows, and the generated demo band."""

import codecs
import csv
import json

import pytest

from engine.errors import EncoreError, FileProblem
from engine.setlists.export import is_setlist_text, write_history, write_setlist
from engine.setlists.history import History, Show, demo_history, load_history, song_key, song_profile
from engine.setlists.setlist import Entry, Set, Setlist, read_setlist

CSV_NO_IDS = """show_date,venue,set,position,song,transition
2020-01-01,Hall A,1,1,Song One,>
2020-01-01,Hall A,1,2,song one  reprise,","
2020-01-01,Hall A,E,3,Closer,","
2020-01-02,Hall A,1,1,SONG ONE,","
2020-01-02,Hall A,2,2,,","
2020-01-02,Hall A,X,3,Weird Set,","
2020-01-02,Hall A,2,4,Another,->
not-a-date,Hall A,1,1,Lost,","
2020-01-02,Hall A,1,1,Second Show Same Day,","
"""


def _csv(tmp_path):
    path = tmp_path / "band.csv"
    path.write_text(CSV_NO_IDS)
    return path


def test_csv_without_ids_splits_shows_and_reports_bad_rows(tmp_path):
    path = _csv(tmp_path)
    history = load_history(path)
    assert [s.date for s in history.shows] == ["2020-01-01", "2020-01-02", "2020-01-02"]
    assert [x.name for x in history.shows[0].sets] == ["Set 1", "Encore"]
    assert history.shows[0].sets[0].entries[0].transition == ">"
    assert len(history.problems) == 3
    assert f"{path}:6:" in history.problems[0] and "missing song" in history.problems[0]
    assert "unknown set label 'X'" in history.problems[1]
    assert "bad date 'not-a-date' (write dates as YYYY-MM-DD)" in history.problems[2]
    assert history.stats()["problems"] == 3


def test_a_problem_names_the_line_its_row_starts_on(tmp_path):
    """csv counts the lines it has read, so a song name over two lines was reported on its second line."""
    path = tmp_path / "band.csv"
    path.write_text('show_date,set,song\n2020-01-01,1,Tweezer\n\n2020-01-01,X,"Long\nName"\n2020-01-01,1,\n')
    assert [p.split(": ", 1)[0] for p in load_history(path).problems] == [f"{path}:4", f"{path}:6"]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_saved_by_a_spreadsheet_with_semicolons_or_tabs(tmp_path, delimiter):
    path = tmp_path / "band.csv"
    rows = [["show_date", "set", "song", "transition"], ["2020-01-01", "1", '"Fee; live"', ">"],
            ["2020-01-01", "E", "Fee, again", ","]]
    path.write_text("\n".join(delimiter.join(r) for r in rows) + "\n")
    show = load_history(path).shows[0]
    assert show.songs() == ["Fee; live", "Fee, again"] and show.sets[0].entries[0].transition == ">"


def test_song_names_match_normalised_but_keep_their_spelling(tmp_path):
    assert song_key("Can't You  Hear Me Knocking ") == song_key("cant you hear me knocking")
    assert song_key("Rock & Roll") == song_key("rock and roll")
    assert song_key("Song\u2014Part") == song_key("Song - Part") == "song part"  # the em dash was dropped: 'songpart'
    assert song_key("<songid:3056>") != song_key("<songid:3057>")  # phish.net's unnamed songs stay apart
    history = load_history(_csv(tmp_path))
    assert history.stats()["songs"] == 5
    assert history.shows[1].songs()[0] == "SONG ONE"  # shown as the band wrote it that night
    assert song_profile(history, "song one")["times_played"] == 2
    names = ["Кино", "Группа крови", "夜に駆ける", "群青", "?", "!"]  # once all one song: the key kept only ASCII
    assert len({song_key(n) for n in names}) == len(names) and song_key("Café") == song_key("CAFE")
    path = tmp_path / "world.csv"
    path.write_text("show_date,set,song\n" + "".join(f"2024-01-0{i // 3 + 1},1,{n}\n" for i, n in enumerate(names)),
                    encoding="utf-8")
    assert load_history(path).stats()["songs"] == 6


def test_utf16_files_and_a_stray_windows_byte_are_read_as_written(tmp_path):
    """UTF-16 (Excel's "Unicode Text") was 'not a setlist CSV'; one cp1252 byte recoded a whole UTF-8 file."""
    text = "show_date,set,song\n2024-01-01,1,Épsilon Café\n2024-01-01,1,Группа крови\n"
    for name, data in (("le", text.encode("utf-16")), ("be", codecs.BOM_UTF16_BE + text.encode("utf-16-be")),
                       ("32", text.encode("utf-32"))):  # Python writes its machine's order and the mark
        path = tmp_path / f"utf-16-{name}.csv"
        path.write_bytes(data)
        assert load_history(path).shows[0].songs() == ["Épsilon Café", "Группа крови"]
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(text.encode("utf-8") + "2024-01-01,1,Jamón\n".encode("cp1252"))
    assert load_history(mixed).shows[0].songs() == ["Épsilon Café", "Группа крови", "Jamón"]
    broken = tmp_path / "broken.json"
    broken.write_bytes(codecs.BOM_UTF16_LE + b"[\x00\xd8")  # half a surrogate pair
    with pytest.raises(EncoreError, match="broken.json: is not valid UTF-16 text"):
        load_history(broken)


def test_positions_counted_through_each_set_keep_the_sets_in_file_order(tmp_path):
    """The layout says positions count through the show; a file numbering each set from 1 was sorted into sets
    1, 2, E, 1, 2. Where positions count through the show they decide, as Phish's fourth set after an encore
    needs."""
    path = tmp_path / "per_set.csv"
    path.write_text("show_id,show_date,set,position,song\n1,2024-01-01,1,1,A\n1,2024-01-01,1,2,B\n"
                    "1,2024-01-01,2,1,C\n1,2024-01-01,2,2,D\n1,2024-01-01,E,1,E\n"
                    "2,2024-01-02,1,1,F\n2,2024-01-02,E,2,G\n2,2024-01-02,4,3,H\n")
    first, second = load_history(path).shows
    assert [(x.name, [e.song for e in x.entries]) for x in first.sets] == [("Set 1", ["A", "B"]), ("Set 2", ["C", "D"]),
                                                          ("Encore", ["E"])]
    assert [x.name for x in second.sets] == ["Set 1", "Encore", "Set 4"]


def test_an_id_given_on_a_shows_first_row_only_holds_the_show_together(tmp_path):
    """A spreadsheet with merged show_id cells: each show was cut in two, its rows without the id a show apart."""
    path = tmp_path / "merged_cells.csv"
    path.write_text("show_id,show_date,venue,set,position,song\n7,2024-01-01,Barn,1,1,A\n,2024-01-01,Barn,1,2,B\n"
                    ",2024-01-01,Barn,E,3,C\n8,2024-01-02,Barn,1,1,D\n,2024-01-02,Barn,1,2,E\n")
    history = load_history(path)
    assert [[e.song for x in show.sets for e in x.entries] for show in history.shows] == [["A", "B", "C"], ["D", "E"]]
    assert [show.show_id for show in history.shows] == ["7", "8"]


def test_shows_of_one_date_and_id_from_two_files_stay_two_shows_through_csv(tmp_path):
    """Two merged files both numbering from 1: the exported CSV read back as one show with every song twice."""
    for name, songs in (("a", "A,B"), ("b", "C,D")):
        rows = "".join(f"1,2021-05-01,{name.upper()} Hall,1,{i + 1},{song}\n" for i, song in enumerate(songs.split(",")))
        (tmp_path / f"{name}.csv").write_text("show_id,show_date,venue,set,position,song\n" + rows)
    merged = load_history([tmp_path / "a.csv", tmp_path / "b.csv"])
    write_history(merged, tmp_path / "merged.csv")
    again = load_history(tmp_path / "merged.csv")
    assert [s.keys() for s in again.shows] == [s.keys() for s in merged.shows] and len(again.shows) == 2


def test_phishnet_json_with_marks_and_sets(tmp_path):
    rows = [{"showid": 7, "showdate": "1997-11-22", "venue": "Hampton Coliseum", "city": "Hampton",
             "state": "VA", "set": s, "position": p, "song": song, "trans_mark": mark}
            for s, p, song, mark in [("1", 1, "Mike's Song", " -> "), ("1", 2, "I Am Hydrogen", " > "),
                                     ("1", 3, "Weekapaug Groove", ""), ("e", 4, "Tweezer Reprise", "")]]
    path = tmp_path / "phishnet.json"
    path.write_text(json.dumps({"error": 0, "error_message": "", "data": rows[::-1]}))
    show = load_history(path).shows[0]
    assert show.date == "1997-11-22" and "Hampton" in show.venue
    assert [s.name for s in show.sets] == ["Set 1", "Encore"]
    assert [e.transition for e in show.sets[0].entries] == ["->", ">", ","]


def test_text_that_is_not_unicode_is_read_so_it_can_be_written(tmp_path):
    """Half an emoji in a JSON escape, or a file name's byte that is not UTF-8, read in silently and stopped the
    model's save at the end of training (UnicodeEncodeError), and every export."""
    rows = [{"showdate": "1997-11-22", "venue": "Hampton \ud83c", "set": "1", "position": p, "song": song}
            for p, song in [(1, "Tweezer \ud83c"), (2, "Sand")]]
    path = tmp_path / "phishnet.json"
    path.write_text(json.dumps({"error": 0, "data": rows}))  # json.dumps writes the lone half as an escape
    show = load_history(path).shows[0]
    assert show.songs() == ["Tweezer ?", "Sand"] and show.venue == "Hampton ?"
    named = tmp_path / "h\udcff.csv"  # how Python names a file whose name has the byte 0xff
    named.write_text("show_date,set,song\n2024-01-01,1,Sand\n")
    history = load_history(named)
    assert history.band == "h?"
    write_history(history, tmp_path / "out.json")
    write_history(history, tmp_path / "out.csv")
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["band"] == "h?"
    odd_id = tmp_path / "ids.json"  # a show_id too, and a drafted show opened in the editor
    odd_id.write_text(json.dumps({"band": "B", "shows": [{"show_id": "7\ud83d", "date": "2024-01-01",
                                                         "sets": [{"name": "Set 1", "songs": [{"song": "Sand"}]}]}]}))
    write_history(load_history(odd_id), tmp_path / "ids.csv")
    show = tmp_path / "show.json"
    show.write_text(json.dumps({"date": "2024-01-02", "sets": [{"name": "Set 1", "songs": [
        {"song": "Tweezer \ud83d", "alternatives": [{"song": "Fee \ud83d", "probability": 0.1}]}]}]}))
    drafted = read_setlist(show)
    write_setlist(drafted, tmp_path / "show.csv")
    assert drafted.songs() == ["Tweezer ?"] and drafted.sets[0].entries[0].alternatives[0][0] == "Fee ?"


def test_a_stray_quote_refuses_the_file_at_its_line_instead_of_swallowing_the_rest(tmp_path):
    """One unclosed quote runs every row after it into one cell: csv's field limit refused the file without a
    line, and a quote within the limit took the rows after it without a word (a 1,967-show file read as 21)."""
    rows = "".join(f"2020-01-{d:02},Barn,1,Song {d}\n" for d in range(1, 29))
    path = tmp_path / "band.csv"
    path.write_text("show_date,venue,set,song\n2019-12-31,\"Barn,1,Sand\n" + rows)
    with pytest.raises(FileProblem, match=r"line 2: a quote \(\"\) opened there runs over 29 lines"):
        load_history(path)
    notes = "".join(f"paragraph {i}, with a comma\n" for i in range(8))  # a column Encore does not read
    path.write_text(f'show_date,set,song,notes\n2020-01-01,1,Tweezer,"{notes}"\n2020-01-01,1,Fee,\n')
    assert load_history(path).shows[0].songs() == ["Tweezer", "Fee"]
    path.write_text("show_date,set,song\n2020-01-02,1," + "x" * 200_000 + "\n2020-01-02,1,Sand\n")
    with pytest.raises(FileProblem, match="not a readable CSV from line 2 .*field limit"):
        load_history(path)
    path.write_text("show_date,set,song\n2020-01-02,1," + "x" * 1000 + "\n2020-01-02,1,Sand\n")
    history = load_history(path)  # within the limit on one line: that row's problem
    assert history.shows[0].songs() == ["Sand"] and "a song name of 1,000 characters" in history.problems[0]
    path.write_text('show_date,set,song\n2020-01-02,1,"Free\n(reprise)"\n2020-01-02,1,Sand\n')
    assert load_history(path).shows[0].songs() == ["Free (reprise)", "Sand"]  # a quoted name's line break: a space


def test_phishnet_rows_of_the_wrong_type_are_problems_in_file_order(tmp_path):
    good = {"showid": 1, "showdate": "2020-01-01", "venue": "MSG", "set": "1", "position": 1, "song": "Fee"}
    rows = [{**good, "venue": {"name": "MSG"}}, {**good, "position": 2, "song": ["Tweezer"]}, "junk",
            {**good, "position": 3, "song": "Fluffhead"}, {**good, "showdate": 20200101}]
    path = tmp_path / "phishnet.json"
    path.write_text(json.dumps({"error": 0, "data": rows}))
    history = load_history(path)
    assert history.shows[0].songs() == ["Fee", "Fluffhead"]  # not a song named "['Tweezer']"
    assert history.shows[0].venue == ""  # not "{'name': 'MSG'}"
    assert [p.split(": ", 1)[1] for p in history.problems] == [
        "data row 2: missing song; row skipped", "data row 3: not an object; row skipped",
        "data row 5: bad date '20200101' (write dates as YYYY-MM-DD); row skipped"]


def test_phishnet_shows_of_one_date_keep_the_files_order(tmp_path):
    """They were put in the order of their ids as text ('1000' before '999'), which decides the protocol's split."""
    rows = [{"showid": sid, "showdate": "1995-12-31", "venue": venue, "set": "1", "position": 1, "song": song}
            for sid, venue, song in (("999", "Matinee Hall", "Early"), ("1000", "MSG", "Late"))]
    path = tmp_path / "phishnet.json"
    path.write_text(json.dumps({"error": 0, "data": rows}))
    assert [s.show_id for s in load_history(path).shows] == ["999", "1000"]


def _setlistfm(nested: bool):
    sets = [{"song": [{"name": "Intro", "tape": True}, {"name": "Alpha"}, {"name": "Beta"}]},
            {"encore": 1, "song": [{"name": "Gamma", "cover": {"name": "Someone"}}]}]
    item = {"id": "abc", "eventDate": "24-06-2025", "artist": {"name": "A Band"},
            "venue": {"name": "Arena", "city": {"name": "Town", "country": {"code": "US"}}}}
    item.update({"sets": {"set": sets}} if nested else {"set": sets})
    return {"setlist": [item, {"eventDate": "bad"}]}


@pytest.mark.parametrize("nested", [True, False])
def test_setlistfm_json_both_nestings(tmp_path, nested):
    path = tmp_path / "fm.json"
    path.write_text(json.dumps(_setlistfm(nested)))
    history = load_history(path)
    assert history.band == "A Band"
    show = history.shows[0]
    assert show.date == "2025-06-24" and show.venue == "Arena, Town"
    assert [(s.name, s.entries[0].song) for s in show.sets] == [("Set 1", "Alpha"), ("Encore", "Gamma")]
    assert len(history.problems) == 1 and "eventDate" in history.problems[0]
    path.write_text(json.dumps({"eventDate": "01-07-2025", "set": [{"song": [{"name": "", "tape": True},
                                                                            {"name": "Alpha"}]}]}))
    assert not load_history(path).problems  # intro music from tape, named or not, is left out quietly
    for other in ({}, [1, 2], {"hello": "world"}):  # read as setlist.fm shows without an eventDate
        path.write_text(json.dumps(other))
        with pytest.raises(FileProblem, match="fm.json: not a setlist file"):
            load_history(path)


def test_merge_keeps_a_show_once_and_sorts_by_date(tmp_path):
    a, b, again = tmp_path / "a.csv", tmp_path / "b.json", tmp_path / "copy of a.csv"
    a.write_text(CSV_NO_IDS)
    again.write_text(CSV_NO_IDS)
    b.write_text(json.dumps(_setlistfm(True)))
    history = load_history([a, b, again])
    assert [s.date for s in history.shows][-1] == "2025-06-24"
    assert len(history.shows) == 4
    assert sum("appears twice" in p for p in history.problems) == 3
    once = load_history([a, b, a, tmp_path / "." / "a.csv"])  # one file named twice: read once, nothing to report
    assert len(once.shows) == 4 and not [p for p in once.problems if "appears twice" in p]
    assert f"{again}: show of" in next(p for p in history.problems if "appears twice" in p)  # which copy went


def test_two_shows_of_one_day_in_one_file_are_kept_however_alike(tmp_path):
    """An early and a late show, or two festival stages, with the same short setlist were merged into one, and
    the other vanished; another file's show with the same date and songs is still the same concert."""
    path, colon = tmp_path / "day.csv", tmp_path / "suite.json"
    path.write_text("show_id,show_date,venue,set,position,song\n"
                    "1,1978-06-10,Keystone,1,1,Sugaree\n1,1978-06-10,Keystone,1,2,2112 - Overture\n"
                    "2,1978-06-10,Oakland,1,1,Sugaree\n2,1978-06-10,Oakland,1,2,2112 - Overture\n")
    assert [s.venue for s in load_history(path).shows] == ["Keystone", "Oakland"]
    colon.write_text(json.dumps({"setlist": [{"eventDate": "10-06-1978", "venue": {"name": "Keystone"},
                                              "sets": {"set": [{"song": [{"name": "Sugaree"},
                                                                         {"name": "2112: Overture"}]}]}}]}))
    merged = load_history([path, colon])
    assert len(merged.shows) == 2 and merged.stats()["songs"] == 2


def test_a_drafted_show_given_as_a_history_is_named_for_what_it_is(tmp_path):
    path = tmp_path / "next.json"
    write_setlist(demo_history().shows[-1], path)
    with pytest.raises(FileProblem, match="is one drafted show .* not a history of shows played: give it to "
                                          "--template"):
        load_history(path)


@pytest.mark.parametrize("text", ["", "show_date,set,song\n2020-01-01,Q,\n", "a,b\n1,2\n"])
def test_a_file_without_a_usable_show_is_an_error(tmp_path, text):
    path = tmp_path / "empty.csv"
    path.write_text(text)
    with pytest.raises(EncoreError) as info:
        load_history(path)
    assert str(path) in str(info.value)


def test_an_unusable_file_says_why_with_its_own_skips_only(tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text("show_date,set,song\n2020-01-01,1,A\n2020-01-01,1,\n2020-01-01,Q,B\n")
    bad.write_text("show_date,set,song\n2020-13-01,1,A\n")
    with pytest.raises(EncoreError) as info:
        load_history([good, bad])
    assert str(info.value) == (f"{bad}: holds no usable show (1 import problem; first: {bad}:2: bad date '2020-13-01' "
                               "(no such day); row skipped)")


def test_history_round_trips_through_csv_and_json(tmp_path):
    history = History(demo_history().shows[:30], band="demo")
    for suffix in (".csv", ".json"):
        path = tmp_path / f"history{suffix}"
        write_history(history, path)
        again = load_history(path)
        assert [s.keys() for s in again.shows] == [s.keys() for s in history.shows]
        assert [[e.transition for e in x.entries] for x in again.shows[5].sets] == \
               [[e.transition for e in x.entries] for x in history.shows[5].sets]


def test_a_set_a_csv_cannot_name_is_refused_there_and_kept_in_json(tmp_path):
    """An Encore JSON history may name a set 'Soundcheck': its CSV rows were read back as unknown sets, skipped."""
    history = History([Show("2024-07-05", "Barn", [Set("Soundcheck", [Entry("Jam")]), Set("Set 1", [Entry("Sand")])])])
    with pytest.raises(FileProblem, match="the set 'Soundcheck' of the show on 2024-07-05 has no CSV label"):
        write_history(history, tmp_path / "history.csv")
    assert not list(tmp_path.iterdir())
    write_history(history, tmp_path / "history.json")
    assert [x.name for x in load_history(tmp_path / "history.json").shows[0].sets] == ["Soundcheck", "Set 1"]


def test_any_number_of_sets_and_encores_and_the_demo_label_survive_a_round_trip(tmp_path):
    fm = tmp_path / "festival.json"
    sets = [{"song": [{"name": f"Song {i}"}]} for i in range(6)] + [{"encore": e, "song": [{"name": f"Encore {e}"}]}
                                                                    for e in (1, 2, 3, 4)]
    fm.write_text(json.dumps({"eventDate": "05-07-2024", "artist": {"name": "B"}, "set": sets}))
    show = load_history(fm).shows[0]
    for suffix in (".csv", ".json"):  # the CSV wrote 6 and E4, which its reader refused
        write_history(History([show]), tmp_path / f"again{suffix}")
        again = load_history(tmp_path / f"again{suffix}")
        assert [x.name for x in again.shows[0].sets] == [x.name for x in show.sets] and not again.problems
    assert [x.name for x in show.sets][5:7] == ["Set 6", "Encore"] and show.sets[-1].name == "Encore 4"
    demo = tmp_path / "demo.json"
    write_history(History(demo_history().shows[:20], band="Demo", demo=True), demo)
    assert load_history(demo).demo and load_history([demo, fm]).demo and not load_history(fm).demo


def test_a_hand_edited_history_json_skips_its_damaged_shows(tmp_path):
    path = tmp_path / "edited.json"
    write_history(History(load_history(_csv(tmp_path)).shows, [], "Band"), path)
    data = json.loads(path.read_text())
    data["shows"][0]["sets"][0]["songs"][0]["song"] = ["Song One"]
    data["shows"][1]["date"] = "yesterday"
    data["shows"].append(7)
    path.write_text(json.dumps(data))
    history = load_history(path)
    assert [s.date for s in history.shows] == ["2020-01-02"]
    assert [p.split(": ", 1)[1] for p in history.problems] == [
        "show 1: damaged, song ['Song One'] is not a song name; show skipped",
        "show 2: bad or missing date; show skipped",
        "show 4: damaged, a show, set or song is not written the way Encore writes it; show skipped"]
    data["shows"][1]["date"] = " 2020-1-3"  # a date retyped by hand is read as the CSV reads one
    path.write_text(json.dumps(data))
    assert [s.date for s in load_history(path).shows] == ["2020-01-02", "2020-01-03"]


def test_setlist_export_formats(tmp_path):
    show = demo_history().shows[-1]
    write_setlist(show, tmp_path / "s.json")
    data = json.loads((tmp_path / "s.json").read_text())
    assert data["sets"][0]["songs"][0]["song"] == show.sets[0].entries[0].song
    write_setlist(show, tmp_path / "s.csv")
    assert (tmp_path / "s.csv").read_text().startswith("show_id,show_date,venue,set,position,song,transition")
    write_setlist(show, tmp_path / "s.txt")
    assert (tmp_path / "s.txt").read_text().splitlines()[1].startswith("Set 1: ")
    with pytest.raises(EncoreError):
        write_setlist(show, tmp_path / "s.doc")
    assert not (tmp_path / "s.doc").exists()


def test_demo_band_is_labelled_deterministic_and_has_its_habits():
    history = demo_history()
    assert history.demo and "demo" in history.band.lower() and history.shows[0].meta["demo"]
    assert [s.keys() for s in demo_history().shows] == [s.keys() for s in history.shows]
    assert all(len(set(s.keys())) == len(s.keys()) for s in history.shows)  # no song twice in a show
    follows = song_profile(history, "Harbor Lights")["followed_by"]
    assert follows[0]["song"] == "Lantern Song" and follows[0]["times"] == song_profile(
        history, "Harbor Lights")["times_played"]
    assert {x.name for x in history.shows[0].sets} == {"Set 1", "Set 2", "Encore"}
    assert history.stats()["shows"] > 300


def test_a_damaged_saved_setlist_is_named_in_words(tmp_path):
    path = tmp_path / "tonight.json"
    path.write_text(json.dumps({"sets": [{"name": "Set 1", "songs": [{"transition": ">"}]}]}))
    with pytest.raises(FileProblem, match="tonight.json.*has a damaged set or song: a song has no 'song'$"):
        read_setlist(path)
    path.write_text(json.dumps({"sets": [{"name": "Set 1", "songs": ["Tweezer"]}]}))
    with pytest.raises(FileProblem, match="not written the way Encore writes it$"):
        read_setlist(path)
    for bad, problem in (({"locked": "false"}, "locked 'false' is not true or false"),  # bool('false') locked it
                         ({"meta": [["seed", 1]]}, "a show, set or song is not written the way Encore writes it")):
        song = {"song": "Tweezer", **({"locked": bad["locked"]} if "locked" in bad else {})}
        path.write_text(json.dumps({"sets": [{"name": "Set 1", "songs": [song]}], **bad}))
        with pytest.raises(FileProblem, match=f"has a damaged set or song: {problem}$"):
            read_setlist(path)
    path.write_text(json.dumps({"venue": None, "date": None, "sets": []}))
    assert (read_setlist(path).venue, read_setlist(path).date) == ("", "")  # was 'None'


def test_every_set_name_reads_as_a_set_token_the_model_knows():
    """'Set ²' (a digit int() refuses) stopped train and predict with Python's ValueError; 'Set 0' was <SET0>."""
    from engine.setlists.stream import SPECIALS, set_token

    names = {"Set 1": "<SET1>", "Set 2": "<SET2>", "Set 7": "<SET5>", "Encore": "<ENCORE>", "Encore 2": "<ENCORE2>",
             "Encore 9": "<ENCORE3>", "Set 0": "<SET1>", "Set ²": "<SET3>", "Encore ³": "<ENCORE2>",
             "Set ٣": "<SET3>", "Soundcheck": "<SET3>"}
    assert {name: set_token(name) for name in names} == names
    assert all(token in SPECIALS for token in names.values())


def test_a_show_id_holds_its_show_together_wherever_its_rows_are(tmp_path):
    """A file sorted by song made a show of every row, and rows of a show a show apart were dropped as a repeat
    of it. A copied row (the same position, song, set and mark) was read as the song played twice."""
    path = tmp_path / "sorted_by_song.csv"
    path.write_text("show_id,show_date,venue,set,position,song,transition\n"
                    "2,2024-01-02,Barn,1,2,Alpha,\n1,2024-01-01,Barn,1,1,Bravo,>\n2,2024-01-02,Barn,1,1,Bravo,\n"
                    "1,2024-01-01,Barn,E,3,Charlie,\n1,2024-01-01,Barn,1,2,Delta,\n1,2024-01-01,Barn,1,2,Delta,\n"
                    "3,2024-01-02,Club,1,1,Delta,\n")
    history = load_history(path)
    assert [(s.date, s.venue, [e.song for x in s.sets for e in x.entries]) for s in history.shows] == [
        ("2024-01-01", "Barn", ["Bravo", "Delta", "Charlie"]), ("2024-01-02", "Barn", ["Bravo", "Alpha"]),
        ("2024-01-02", "Club", ["Delta"])]
    assert history.problems == [f"{path}:7: the same play as line 6; row skipped"]


def sets_of(history):
    return [[(x.name, [e.song for e in x.entries]) for x in show.sets] for show in history.shows]


def test_songs_numbered_within_each_set_stay_one_show_in_the_sets_order(tmp_path):
    """Without show_id every set became a show (a restart of the position was a new show); with rows sorted by
    song the sets came in file order (Set 2, Encore, Set 1); a festival's second encore block was merged into
    the first; positions written 3.0 were not read; "Encore" and "Set 2" were unknown set labels."""
    plain = tmp_path / "per_set.csv"
    plain.write_text("show_date,venue,set,position,song\n2024-01-01,Barn,1,1,Tweezer\n2024-01-01,Barn,1,2,Sand\n"
                     "2024-01-01,Barn,2,1,Ghost\n2024-01-01,Barn,E,1,Loving Cup\n2024-01-02,Barn,1,1,Fee\n")
    assert sets_of(load_history(plain)) == [
        [("Set 1", ["Tweezer", "Sand"]), ("Set 2", ["Ghost"]), ("Encore", ["Loving Cup"])], [("Set 1", ["Fee"])]]
    by_song = tmp_path / "by_song.csv"
    by_song.write_text("show_id,show_date,set,position,song\n7,2024-01-01,2,1,Ghost\n7,2024-01-01,Encore,1,Loving Cup\n"
                       "7,2024-01-01,1,2,Sand\n7,2024-01-01,Set 1,1,Tweezer\n")
    assert sets_of(load_history(by_song)) == [
        [("Set 1", ["Tweezer", "Sand"]), ("Set 2", ["Ghost"]), ("Encore", ["Loving Cup"])]]
    festival = tmp_path / "festival.csv"
    festival.write_text("show_id,show_date,set,position,song\n1,2009-11-01,1,1,Water in the Sky\n"
                        "1,2009-11-01,E,1,Driver\n1,2009-11-01,E,2,Talk\n1,2009-11-01,2,1,AC/DC Bag\n"
                        "1,2009-11-01,E,1,Grind\n1,2009-11-01,E,2,Esther\n")
    assert sets_of(load_history(festival)) == [[("Set 1", ["Water in the Sky"]), ("Encore", ["Driver", "Talk"]),
                                                ("Set 2", ["AC/DC Bag"]), ("Encore", ["Grind", "Esther"])]]
    floats = tmp_path / "floats.csv"
    floats.write_text("show_id,show_date,set,position,song\n1,2024-01-01,E,4.0,Loving Cup\n1,2024-01-01,1,3.0,Ghost\n"
                      "1,2024-01-01,1,2.0,Sand\n1,2024-01-01,1,1.0,Tweezer\n2,2024-01-02,1,first,Fee\n"
                      "2,2024-01-02,1,2nd,Bag\n")
    history = load_history(floats)
    assert sets_of(history)[0] == [("Set 1", ["Tweezer", "Sand", "Ghost"]), ("Encore", ["Loving Cup"])]
    assert history.problems == [f"{floats}:6: position 'first' is not a whole number (nor on 1 more rows); "
                                "those shows keep the file's order"]


def test_a_copied_phishnet_row_is_named_by_its_data_row(tmp_path):
    row = {"showid": 1, "showdate": "2020-01-01", "venue": "MSG", "set": "1", "position": 1, "song": "Fee"}
    path = tmp_path / "phishnet.json"
    path.write_text(json.dumps({"error": 0, "data": [row, {**row, "position": 2, "song": "Bag"}, row]}))
    history = load_history(path)
    assert history.shows[0].songs() == ["Fee", "Bag"]
    assert history.problems == [f"{path}: data row 3: the same play as data row 1; row skipped"]


def test_a_song_without_a_position_stays_where_the_file_has_it(tmp_path):
    """It was sorted as position 0, first in its show, while the message said the file's order was kept."""
    path = tmp_path / "gaps.csv"
    path.write_text("show_id,show_date,venue,set,position,song\n5,2023-02-01,V,1,1,First\n5,2023-02-01,V,1,2,Second\n"
                    "5,2023-02-01,V,1,,Third\n5,2023-02-01,V,E,4,Encore Song\n")
    assert load_history(path).shows[0].songs() == ["First", "Second", "Third", "Encore Song"]


def test_a_festivals_set_after_the_encore_stays_in_its_show_without_ids(tmp_path):
    """Positions counted within each set: a set 4 after the encore started a show of its own."""
    path = tmp_path / "fest.csv"
    rows = [("1", 1, "Chalk Dust Torture"), ("1", 2, "Moma Dance"), ("2", 1, "Tweezer"), ("E", 1, "Loving Cup"),
            ("4", 1, "Bathtub Gin"), ("4", 2, "Ghost"), ("1", 1, "Sample"), ("E", 1, "Cavern")]
    path.write_text("show_date,venue,set,position,song\n" + "".join(f"2003-08-02,Limestone,{s},{p},{song}\n"
                                                                     for s, p, song in rows))
    shows = load_history(path).shows
    assert [[s.name for s in show.sets] for show in shows] == [["Set 1", "Set 2", "Encore", "Set 4"],
                                                               ["Set 1", "Encore"]]  # set 1 again: a late show


def test_a_setlistfm_set_of_tape_only_or_no_songs_takes_no_set_number(tmp_path):
    path = tmp_path / "fm.json"
    sets = [{"song": [{"name": "Walk-on music", "tape": True}]}, {"song": [{"name": "Carini"}]}, {"song": []},
            {"song": [{"name": "Ghost"}]}, {"encore": 1, "song": [{"name": "Harry Hood"}]}]
    path.write_text(json.dumps({"setlist": [{"eventDate": "05-08-2022", "sets": {"set": sets}}]}))
    assert [s.name for s in load_history(path).shows[0].sets] == ["Set 1", "Set 2", "Encore"]


def test_a_phishnet_error_without_data_says_what_phishnet_said(tmp_path):
    path = tmp_path / "error.json"
    path.write_text(json.dumps({"error": True, "error_message": "Invalid API key."}))
    with pytest.raises(FileProblem, match="phish.net reported an error: Invalid API key.$"):
        load_history(path)


def test_keys_saved_before_colons_became_spaces_are_rekeyed_where_two_would_meet():
    """A model trained on a CSV's '2112 - Overture' and setlist.fm's '2112: Overture' held both keys; once both
    meant '2112 overture' the whole vocabulary was left on the old keys, and every song with a colon was lost."""
    from engine.setlists.history import rekeyed

    keys = ["<SET1>", "2112: overture", "2112 overture", "cygnus x 1: hemispheres"]
    names = {"2112: overture": "2112: Overture", "2112 overture": "2112 - Overture",
             "cygnus x 1: hemispheres": "Cygnus X-1: Hemispheres"}
    new, spelled = rekeyed(keys, names)
    assert new == ["<SET1>", "2112: overture", "2112 overture", "cygnus x 1 hemispheres"]
    assert spelled["cygnus x 1 hemispheres"] == "Cygnus X-1: Hemispheres" == names[new[3].replace("1 h", "1: h")]


def test_a_show_without_a_date_is_not_exported_to_a_csv_it_could_not_be_read_from(tmp_path):
    """A drafted JSON with "date": "" opened and exported as CSV: 'Exported', then reopening it found no show."""
    from engine.errors import FileProblem
    from engine.setlists.export import write_setlist
    from engine.setlists.setlist import Entry, Set, Setlist

    undated = Setlist("", "The Barn", [Set("Set 1", [Entry("Tweezer")])])
    with pytest.raises(FileProblem, match="has no date: a CSV needs one"):
        write_setlist(undated, tmp_path / "show.csv")
    assert not (tmp_path / "show.csv").exists()
    write_setlist(undated, tmp_path / "show.json")  # JSON keeps it as it is


def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text_and_read_back_as_named(tmp_path):
    """A song named '=HYPERLINK(...)' in a downloaded history was written as it was: a spreadsheet opening the
    exported CSV ran it. Such cells get an apostrophe, which Encore's reader takes off again."""
    songs = ['=HYPERLINK("http://example.com","Tweezer")', "+1", "-20 Degrees", "@Home", "'Round Midnight", "'=x",
             "''-Intro"]
    show = Show("2024-07-04", "=Venue()", [Set("Set 1", [Entry(song) for song in songs])], show_id="@1")
    path = tmp_path / "history.csv"
    write_history(History([show], band="b"), path)
    cells = [cell for row in list(csv.reader(path.open()))[1:] for cell in row]
    assert "'=Venue()" in cells and not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    again = load_history(path).shows[0]
    assert (again.songs(), again.venue, again.show_id) == (songs, "=Venue()", "@1")
    write_setlist(show, tmp_path / "draft.csv")
    assert read_setlist(tmp_path / "draft.csv").songs() == songs


def test_a_setlists_text_export_is_told_from_other_text(tmp_path):
    """Reopened with File > Open, a show's .txt export was refused as a chart with no iReal Pro link: it is
    recognised by its words (a heading, then a line per set), so the window can say to open its .json or .csv."""
    show = demo_history().shows[-1]
    write_setlist(show, tmp_path / "show.txt")
    undated = tmp_path / "draft.txt"
    write_setlist(Setlist("", "", [Set("Acoustic", [Entry("Ghost")]), Set("Encore", [])]), undated)
    assert is_setlist_text(tmp_path / "show.txt") and is_setlist_text(undated)
    for text in ("set list for tonight", "Rehearsal at eight\nSet 1 is long, bring water", "Set 1: warm up",
                 "Tonight\nSet 1: A > B\nand then we go home", ""):
        (tmp_path / "notes.txt").write_text(text)
        assert not is_setlist_text(tmp_path / "notes.txt"), text
    assert not is_setlist_text(tmp_path / "missing.txt") and not is_setlist_text(tmp_path)
