"""A show in two files keeps the segue marks either copy knows; a show with empty sets is not exported as a CSV
that loses them (or, all empty, as a CSV that opens as no show)."""

import json

import pytest

from engine.errors import FileProblem
from engine.setlists.export import write_setlist
from engine.setlists.formats import load_histories
from engine.setlists.setlist import Entry, Set, Setlist, read_setlist

PHISHNET_CSV = """show_id,show_date,venue,set,position,song,transition
7,1997-11-22,,1,1,Tweezer,->
7,1997-11-22,,1,2,Sand,>
7,1997-11-22,,1,3,Piper,","
7,1997-11-22,,E,4,Loving Cup,","
"""


def _setlistfm(sets: list[list[str]], encore: list[str]) -> dict:
    """One show as setlist.fm gives it: no marks at all."""
    raw = [{"song": [{"name": s} for s in songs]} for songs in sets] + [
        {"encore": 1, "song": [{"name": s} for s in encore]}]
    return {"setlist": [{"id": "fm1", "eventDate": "22-11-1997", "artist": {"name": "Phish"},
                         "venue": {"name": "Hampton Coliseum", "city": {"name": "Hampton"}}, "sets": {"set": raw}}]}


def _marks(history) -> list[str]:
    return [e.transition for show in history.shows for s in show.sets for e in s.entries]


@pytest.fixture
def files(tmp_path):
    csv_path, fm = tmp_path / "phishnet.csv", tmp_path / "fm.json"
    csv_path.write_text(PHISHNET_CSV)
    fm.write_text(json.dumps(_setlistfm([["Tweezer", "Sand", "Piper"]], ["Loving Cup"])))
    return csv_path, fm


def test_a_show_in_two_files_keeps_the_marks_whichever_file_comes_first(files):
    csv_path, fm = files
    marks_first = load_histories([fm, csv_path])  # setlist.fm's copy kept: its marks were all unknown
    csv_first = load_histories([csv_path, fm])
    assert _marks(marks_first) == _marks(csv_first) == ["->", ">", ",", ","]
    assert len(marks_first.shows) == 1
    assert marks_first.shows[0].venue == "Hampton Coliseum, Hampton"  # the kept copy's venue
    problem = next(p for p in marks_first.problems if "appears twice" in p)
    assert problem.startswith(f"{csv_path}: show of 1997-11-22") and "marks filled" in problem
    assert csv_first.shows[0].venue == "Hampton Coliseum, Hampton"  # the CSV gave none: the other copy's
    assert "marks filled" not in next(p for p in csv_first.problems if "appears twice" in p)


def test_marks_are_filled_where_setlistfm_numbers_the_sets_otherwise(tmp_path):
    """A show whose first set is lost: the CSV's set 2 is setlist.fm's Set 1, the same songs in the same sets."""
    csv_path, fm = tmp_path / "phishnet.csv", tmp_path / "fm.json"
    csv_path.write_text(PHISHNET_CSV.replace(",1,", ",2,"))
    fm.write_text(json.dumps(_setlistfm([["Tweezer", "Sand", "Piper"]], ["Loving Cup"])))
    history = load_histories([fm, csv_path])
    assert _marks(history) == ["->", ">", ",", ","]


def test_marks_of_sets_split_otherwise_are_not_taken(tmp_path):
    """A mark at a set's end says nothing of a song in mid-set: a copy whose sets split the songs otherwise
    gives none of its marks to the other. The copy with the marks is kept whole (regression hunt: setlist.fm's
    unmarked copy with one more set had been kept, and phish.net's marks lost), whichever file comes first."""
    csv_path, fm = tmp_path / "phishnet.csv", tmp_path / "fm.json"
    csv_path.write_text(PHISHNET_CSV)
    fm.write_text(json.dumps(_setlistfm([["Tweezer", "Sand"], ["Piper"]], ["Loving Cup"])))
    for order in ([fm, csv_path], [csv_path, fm]):
        history = load_histories(order)
        assert len(history.shows) == 1 and _marks(history) == ["->", ">", ",", ","]
        assert [len(s.entries) for s in history.shows[0].sets] == [3, 1]  # the CSV's sets, not a mix


def _show(*sets: Set) -> Setlist:
    return Setlist("2026-07-04", "The Barn", list(sets))


def test_a_show_with_no_songs_is_not_written_as_csv(tmp_path):
    path = tmp_path / "empty.csv"
    with pytest.raises(FileProblem, match=r"empty\.csv: the show on 2026-07-04 has no songs to write: a CSV"):
        write_setlist(_show(Set("Set 1"), Set("Encore")), path)
    assert not path.exists()
    write_setlist(_show(Set("Set 1"), Set("Encore")), tmp_path / "empty.json")  # JSON keeps the sets
    assert [(s.name, s.entries) for s in read_setlist(tmp_path / "empty.json").sets] == [
        ("Set 1", []), ("Encore", [])]


def test_a_show_with_an_empty_set_is_refused_as_csv_and_kept_as_json(tmp_path):
    show = _show(Set("Set 1", [Entry("Tweezer", ">"), Entry("Sand", ",")]), Set("Encore"))
    with pytest.raises(FileProblem, match=r"the set 'Encore' of the show on 2026-07-04 has no songs.*\.json"):
        write_setlist(show, tmp_path / "show.csv")
    assert not (tmp_path / "show.csv").exists()
    write_setlist(show, tmp_path / "show.json")
    back = read_setlist(tmp_path / "show.json")
    assert [(s.name, [e.song for e in s.entries]) for s in back.sets] == [("Set 1", ["Tweezer", "Sand"]),
                                                                           ("Encore", [])]


def test_the_window_says_why_an_emptied_show_was_not_exported(window, tmp_path, qtbot):
    from gui.setlists.commands import ReplaceShow

    page = window.workspaces[1]
    page.ensure_history()
    show = _show(Set("Set 1", [Entry("Tweezer", ">")]), Set("Encore"))
    page.undo_stack.push(ReplaceShow(page.next_show.editor.model, show, "Generate"))
    with qtbot.waitSignal(page.status) as message:
        assert not page.export_to(str(tmp_path / "show.csv"))
    assert "has no songs" in message.args[0] and "Exported" not in message.args[0]
    assert not (tmp_path / "show.csv").exists()
