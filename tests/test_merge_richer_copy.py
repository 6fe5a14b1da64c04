"""A show in two files whose copies split the same songs into sets otherwise: the copy telling more (more sets,
then more known marks) is kept, whichever file comes first, and the problem line says which."""

import json

import pytest

from engine.setlists.formats import load_histories
from engine.setlists.setlist import UNKNOWN

SONGS = ["Buried Alive", "Possum", "Tweezer", "Café Olé", "Run Like an Antelope", "Mike's Song", "I Am Hydrogen",
         "Weekapaug Groove", "Golgi Apparatus", "Fire"]
# phish.net v5: Set 1, Set 2, Encore, Encore 2, every mark given ("" after a set's last song: no segue)
PNET_SETS = ["1"] * 5 + ["2"] * 3 + ["e", "e2"]
PNET_MARKS = [", ", " > ", " -> ", ", ", "", " > ", " > ", "", "", ""]


def _phishnet() -> dict:
    rows = [{"showid": 9001, "showdate": "1990-11-10", "venue": "Memorial Auditorium", "city": "Burlington",
             "state": "VT", "set": label, "position": i, "song": song, "trans_mark": mark,
             "artist_name": "Phish", "artistid": 1}
            for i, (song, label, mark) in enumerate(zip(SONGS, PNET_SETS, PNET_MARKS, strict=True), 1)]
    return {"error": False, "error_message": "", "data": rows}


def _setlistfm_one_set() -> dict:
    """setlist.fm lumping sets 1 and 2 in one set, with no marks (it has no field for them)."""
    raw = [{"song": [{"name": s} for s in SONGS[:8]]}, {"encore": 1, "song": [{"name": SONGS[8]}]},
           {"encore": 2, "song": [{"name": SONGS[9]}]}]
    return {"setlist": [{"id": "b1", "eventDate": "10-11-1990", "artist": {"name": "Phish"},
                         "venue": {"name": "Memorial Auditorium", "city": {"name": "Burlington"}},
                         "sets": {"set": raw}}]}


@pytest.fixture
def files(tmp_path):
    fm, pnet = tmp_path / "sfm_oneset.json", tmp_path / "pnet.json"
    fm.write_text(json.dumps(_setlistfm_one_set()))
    pnet.write_text(json.dumps(_phishnet()))
    return fm, pnet


def _told(history) -> list:
    return [(show.date, show.show_id, show.venue, [(s.name, [(e.song, e.transition) for e in s.entries])
                                                   for s in show.sets]) for show in history.shows]


def _twice(history) -> list[str]:
    return [p for p in history.problems if "appears twice" in p]


def test_the_finer_split_and_its_marks_are_kept_whichever_file_comes_first(files):
    fm, pnet = files
    fm_first, pnet_first = load_histories([fm, pnet]), load_histories([pnet, fm])
    assert _told(fm_first) == _told(pnet_first)
    show = fm_first.shows[0]
    assert [s.name for s in show.sets] == ["Set 1", "Set 2", "Encore", "Encore 2"]
    assert [e.transition for s in show.sets for e in s.entries] == [
        ",", ">", "->", ",", ",", ">", ">", ",", ",", ","]


def test_the_problem_line_says_the_sets_differ_and_which_copy_was_kept(files):
    fm, pnet = files
    lines = [_twice(load_histories(order)) for order in ([fm, pnet], [pnet, fm])]
    assert lines[0] == lines[1] == [f"{fm}: show of 1990-11-10 appears twice, its sets split differently; kept "
                                    f"the copy with 4 sets and 10 known marks ({pnet})"]


CSV_HEAD = "show_id,show_date,venue,set,position,song,transition\n"


def _csv(path, venue: str, labels: str, marks: list[str]) -> None:
    songs = zip(labels, ["Tweezer", "Sand", "Piper"], marks, strict=True)
    rows = [f'7,1997-11-22,{venue},{label},{i},{song},"{mark}"\n' for i, (label, song, mark) in enumerate(songs, 1)]
    path.write_text(CSV_HEAD + "".join(rows))


def test_copies_telling_as_much_are_chosen_the_same_way_whichever_file_comes_first(tmp_path):
    """Two sets and no marks each, the break in another place: neither tells more, and file order still does
    not choose."""
    early, late = tmp_path / "early.csv", tmp_path / "late.csv"
    _csv(early, "The Barn", "122", [UNKNOWN] * 3)
    _csv(late, "The Barn", "112", [UNKNOWN] * 3)
    one, other = load_histories([early, late]), load_histories([late, early])
    assert len(one.shows) == 1 and _told(one) == _told(other)
    assert "sets split differently" in _twice(one)[0]


def test_more_known_marks_decide_between_as_many_sets_and_the_venue_is_kept(tmp_path):
    marked, bare = tmp_path / "marked.csv", tmp_path / "bare.csv"
    _csv(marked, "", "122", ["->", ",", ","])  # no venue, every mark
    _csv(bare, "Hampton Coliseum", "112", [UNKNOWN] * 3)
    for order in ([bare, marked], [marked, bare]):
        show = load_histories(order).shows[0]
        assert [[e.transition for e in s.entries] for s in show.sets] == [["->"], [",", ","]]
        assert show.venue == "Hampton Coliseum"  # the dropped copy's, where the kept one gives none
