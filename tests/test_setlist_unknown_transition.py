"""An unknown mark (an empty transition cell, a setlist.fm song) stays unknown: it is no claim of "no segue"."""

import json

import pytest

from engine.setlists.export import setlist_text, write_history
from engine.setlists.history import History, Show, load_history
from engine.setlists.history_json import history_from_compact, history_to_compact
from engine.setlists.segues import SegueOdds
from engine.setlists.setlist import UNKNOWN, Entry, Set, Setlist

CSV = """show_id,show_date,venue,set,position,song,transition
1,2021-05-01,Barn,1,1,Alpha,>
1,2021-05-01,Barn,1,2,Beta,
1,2021-05-01,Barn,1,3,Gamma,","
1,2021-05-01,Barn,E,4,Delta,
2,2021-05-02,Barn,1,1,Beta,->
2,2021-05-02,Barn,1,2,Alpha,
"""


def _imported(tmp_path) -> History:
    path = tmp_path / "band.csv"
    path.write_text(CSV)
    return load_history(path)


def _marks(history: History) -> list[list[str]]:
    return [[e.transition for s in show.sets for e in s.entries] for show in history.shows]


def test_empty_marks_round_trip_through_csv_and_json_exports(tmp_path):
    history = _imported(tmp_path)
    assert _marks(history) == [[">", UNKNOWN, ",", UNKNOWN], ["->", UNKNOWN]]
    write_history(history, tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_text() == CSV  # an empty cell written as "," claimed "no segue"
    write_history(history, tmp_path / "out.json")
    songs = [song for show in json.loads((tmp_path / "out.json").read_text())["shows"]
             for s in show["sets"] for song in s["songs"]]
    assert [song["transition"] for song in songs] == [">", "", ",", "", "->", ""]
    assert _marks(load_history(tmp_path / "out.json")) == _marks(history)
    assert _marks(history_from_compact(history_to_compact(history))) == _marks(history)  # a model's own copy


def test_a_mark_encore_does_not_know_is_unknown(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("show_date,set,song,transition\n2021-05-01,1,Alpha, ~ \n2021-05-01,1,Beta, > \n")
    assert _marks(load_history(path)) == [[UNKNOWN, ">"]]
    assert Entry.from_json({"song": "Alpha", "transition": "~"}).transition == UNKNOWN
    assert Entry.from_json({"song": "Alpha", "transition": ""}).transition == UNKNOWN


def test_setlistfm_songs_have_unknown_marks(tmp_path):
    path = tmp_path / "fm.json"
    path.write_text(json.dumps({"setlist": [{"id": "x", "eventDate": "01-05-2021", "artist": {"name": "Band"},
                                             "sets": {"set": [{"song": [{"name": "Alpha"}, {"name": "Beta"}]}]}}]}))
    history = load_history(path)
    assert _marks(history) == [[UNKNOWN, UNKNOWN]]
    write_history(history, tmp_path / "fm.csv")
    rows = (tmp_path / "fm.csv").read_text().splitlines()[1:]
    assert [row.rsplit(",", 1)[1] for row in rows] == ["", ""]  # not "no segue" after every song


def test_text_export_prints_no_mark_for_an_unknown_one():
    show = Setlist("2021-05-01", "Barn", [Set("Set 1", [Entry("A", UNKNOWN), Entry("B", ">"), Entry("C", UNKNOWN),
                                                        Entry("D")])])
    assert setlist_text(show).splitlines()[1] == "Set 1: A, B > C, D"


def _show(day: int, *entries: Entry) -> Show:
    return Show(f"2021-05-{day:02d}", "Barn", [Set("Set 1", list(entries))])


def test_segue_odds_ignore_unknown_marks():
    known = [_show(1, Entry("A", ">"), Entry("B")), _show(2, Entry("A", ","), Entry("C"))]
    unknown = [_show(3 + i, Entry("A", UNKNOWN), Entry("B", UNKNOWN)) for i in range(6)]
    plain, with_unknown = SegueOdds(History(known)), SegueOdds(History(known + unknown))
    assert with_unknown.base == pytest.approx(plain.base)
    assert with_unknown.probability("A", "B") == pytest.approx(plain.probability("A", "B"))
    assert with_unknown.probability("A", "C") == pytest.approx(plain.probability("A", "C"))
    assert with_unknown.mark("A", "B") == plain.mark("A", "B") == ">"


def test_a_copy_with_another_mark_names_an_unknown_one_in_words(tmp_path):
    path = tmp_path / "copy.csv"
    path.write_text("show_id,show_date,set,position,song,transition\n1,2021-05-01,1,1,Alpha,>\n"
                    "1,2021-05-01,1,1,Alpha,\n")
    problems = load_history(path).problems
    assert len(problems) == 1 and "'Alpha' (mark unknown)" in problems[0] and "'Alpha' (segue >)" in problems[0]


@pytest.fixture
def editor(app, qtbot):
    from PySide6.QtGui import QUndoStack

    from gui.setlists.editor import SetlistEditor

    widget = SetlistEditor(Setlist("2021-05-01", "Barn", [Set("Set 1", [Entry("A", UNKNOWN), Entry("B")])]),
                           QUndoStack())
    qtbot.addWidget(widget)
    return widget


def test_the_editor_cycles_an_unknown_mark_to_a_known_one_and_undo_brings_it_back(editor):
    from PySide6.QtCore import Qt

    from gui.setlists.setlist_model import TRANSITION

    model, entry = editor.model, editor.model.setlist.sets[0].entries[0]
    cell = model.song_index(0, 0, TRANSITION)
    assert model.data(cell) == "" and "unknown" in model.data(cell, Qt.ToolTipRole)
    editor.select(0, 0)
    editor.toggle_transition()
    assert entry.transition == ">" and model.data(cell) == ">"
    model.undo_stack.undo()
    assert entry.transition == UNKNOWN
    assert not model.setData(cell, "")  # a user sets a known mark, or none
    assert model.setData(cell, "->") and entry.transition == "->"
    model.undo_stack.undo()
    assert entry.transition == UNKNOWN


def test_the_stage_sheet_prints_no_mark_for_an_unknown_one(app):
    from gui.setlists.printing import stage_lines

    show = Setlist("2021-05-01", "Barn", [Set("Set 1", [Entry("A", UNKNOWN), Entry("B", ">"), Entry("C")])])
    assert [text for kind, text in stage_lines(show) if kind == "song"] == ["A", "B  >", "C"]
