"""A setlist's .txt puts every name on one line: names read from files already are (setlist.one_line), but a
show built in memory (the engine's API, a song pasted in the editor) kept a line break or a tab, and the text,
a line per set, broke in the middle of a song."""

from engine.setlists.export import is_setlist_text, setlist_text, write_setlist
from engine.setlists.setlist import Entry, Set, Setlist, read_setlist


def made_in_memory() -> Setlist:
    return Setlist("2024-05-01", "The\nBarn  Hall", [
        Set("Set 1", [Entry("Tweezer\nReprise", ">"), Entry("Tab\tbed  Song")]),
        Set("Encore\n", [Entry("\r\nCloser")]),
    ])


def test_setlist_text_writes_each_name_on_one_line():
    assert setlist_text(made_in_memory()) == ("2024-05-01 The Barn Hall\n"
                                              "Set 1: Tweezer Reprise > Tab bed Song\n"
                                              "Encore: Closer\n")


def test_the_txt_export_is_a_line_per_set(tmp_path):
    path = tmp_path / "show.txt"
    write_setlist(made_in_memory(), path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1:] == ["Set 1: Tweezer Reprise > Tab bed Song", "Encore: Closer"]
    assert is_setlist_text(path)


def test_csv_and_json_keep_the_names_and_read_back_on_one_line(tmp_path):
    """A CSV quotes a cell with a line break and JSON escapes it: both files stay whole, and reading them
    puts the names on one line, so their export needs no change."""
    for suffix in (".csv", ".json"):
        path = tmp_path / f"show{suffix}"
        write_setlist(made_in_memory(), path)
        back = read_setlist(path)
        assert back.venue == "The Barn Hall"
        assert back.songs() == ["Tweezer Reprise", "Tab bed Song", "Closer"]
