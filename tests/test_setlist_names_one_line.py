"""A venue, city, band or song name holding a line break or a tab is read as one line: a setlist's text keeps a
line per set (the Dataset table, the .txt export read again, `setlist similar`), and matching and merging are
as before."""

import json

import pytest
from conftest import run_encore

from engine.setlists.export import is_setlist_text, setlist_text, write_setlist
from engine.setlists.history import load_history, rekeyed
from engine.setlists.history_json import history_from_compact
from engine.setlists.setlist import read_setlist, read_template

VENUE = "Café\nNew line"  # an address on two lines, as a spreadsheet cell or a JSON export holds it
CSV = ('show_id,show_date,venue,set,position,song,transition\n'
       '1,2024-01-03,"Café\nNew line",1,1,"Line\nBreak",>\n'
       '1,2024-01-03,"Café\nNew line",1,2,"Tab\tbed  Song",","\n'
       '1,2024-01-03,"Café\nNew line",E,3,Closer,","\n')
ENCORE_JSON = {"band": "Fancy\nBand", "demo": False, "shows": [
    {"show_id": "9", "date": "2024-01-03", "venue": VENUE, "meta": {},
     "sets": [{"name": "Set\n1", "songs": [{"song": "Line\nBreak", "transition": ">"},
                                          {"song": "Tab\tbed Song", "transition": ","}]},
              {"name": "Encore", "songs": [{"song": "Closer", "transition": ","}]}]}]}


def _digest_line(show) -> str:
    """The Dataset table's Setlist cell, as gui/setlists/tasks.py `digest` makes it."""
    return " | ".join(setlist_text(show).splitlines()[1:])


def _check_one_line(history) -> None:
    show = history.shows[0]
    assert show.venue == "Café New line"
    assert show.songs() == ["Line Break", "Tab bed Song", "Closer"]
    assert _digest_line(show) == "Set 1: Line Break > Tab bed Song | Encore: Closer"


def test_a_csv_history_reads_venues_and_songs_on_one_line(tmp_path):
    path = tmp_path / "band.csv"
    path.write_text(CSV, encoding="utf-8")
    _check_one_line(load_history(path))
    assert load_history(path, band="Fancy\tBand\n").band == "Fancy Band"  # as the window gives it
    named = tmp_path / "Fancy\nBand.csv"  # a CSV names its band by its file name only
    named.write_text(CSV, encoding="utf-8")
    assert load_history(named).band == "Fancy Band"


def test_an_encore_json_history_reads_venues_songs_and_band_on_one_line(tmp_path):
    path = tmp_path / "band.json"
    path.write_text(json.dumps(ENCORE_JSON), encoding="utf-8")
    history = load_history(path)
    _check_one_line(history)
    assert history.band == "Fancy Band"


def test_phishnet_and_setlistfm_venues_cities_and_songs_on_one_line(tmp_path):
    phish = tmp_path / "phish.json"
    phish.write_text(json.dumps({"error": False, "data": [
        {"showid": "1", "showdate": "2024-01-03", "venue": "Café\nNew line", "city": "Some\ttown", "state": "VT",
         "set": "1", "position": 1, "song": "Line\r\nBreak", "trans_mark": ",", "artist_name": "Phish"}]}))
    show = load_history(phish).shows[0]
    assert (show.venue, show.songs()) == ("Café New line, Some town, VT", ["Line Break"])
    fm = tmp_path / "fm.json"
    fm.write_text(json.dumps({"setlist": [{"id": "a", "eventDate": "03-01-2024", "artist": {"name": "Fancy\nBand"},
                                           "venue": {"name": "Café\nNew line", "city": {"name": "Some\ntown"}},
                                           "sets": {"set": [{"song": [{"name": "Line\nBreak"}]}]}}]}))
    history = load_history(fm)
    assert (history.shows[0].venue, history.shows[0].songs()) == ("Café New line, Some town", ["Line Break"])
    assert history.artist == "Fancy Band"


def test_the_same_show_from_a_csv_and_a_json_is_kept_once(tmp_path):
    """Songs still match across spellings (song_key), and two files' copies of a show are one concert."""
    csv_path, json_path = tmp_path / "band.csv", tmp_path / "band.json"
    csv_path.write_text(CSV, encoding="utf-8")
    json_path.write_text(json.dumps(ENCORE_JSON), encoding="utf-8")
    history = load_history([csv_path, json_path])
    assert len(history.shows) == 1 and "appears twice; kept once" in " ".join(history.problems)
    _check_one_line(history)
    assert set(history.names()) == {"line break", "tab bed song", "closer"}


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_a_drafted_show_read_back_is_on_one_line_and_its_text_export_is_recognised(tmp_path, suffix):
    drafted = tmp_path / f"draft{suffix}"
    if suffix == ".json":
        show = dict(ENCORE_JSON["shows"][0], date="2024-01-03\n")
        drafted.write_text(json.dumps({k: v for k, v in show.items() if k != "show_id"}), encoding="utf-8")
    else:
        drafted.write_text(CSV.replace("transition\n", "transition,probability\n", 1), encoding="utf-8")
    for setlist in (read_setlist(drafted), read_template(drafted)[0]):
        assert (setlist.date, setlist.venue) == ("2024-01-03", "Café New line")
        assert setlist.songs() == ["Line Break", "Tab bed Song", "Closer"]
        text = tmp_path / "draft.txt"
        write_setlist(setlist, text)
        assert text.read_text(encoding="utf-8").splitlines()[0] == "2024-01-03 Café New line"
        assert is_setlist_text(text)


def test_a_model_saved_with_a_line_break_in_a_name_gives_it_on_one_line():
    keys, names = rekeyed(["<PAD>", "line break"], {"<PAD>": "<PAD>", "line break": "Line\nBreak"})
    assert keys == ["<PAD>", "line break"] and names["line break"] == "Line Break"
    history = history_from_compact([["2024-01-03", VENUE, "1", [["Set\n1", [["Line\nBreak", ">"]]]]]],
                                   "Fancy\nBand")
    assert (history.band, history.shows[0].venue) == ("Fancy Band", "Café New line")
    assert _digest_line(history.shows[0]) == "Set 1: Line Break"


@pytest.fixture(scope="module")
def fancy_model(tmp_path_factory):
    """A tiny model of a band whose history holds a song and a venue on two lines."""
    from engine.setlists.model import TrainSettings, train

    root = tmp_path_factory.mktemp("fancy")
    path = root / "band.csv"
    shows = [f'{n},2024-01-{n:02},"Café\nNew line",1,{i + 1},"{song}",>\n'
             for n in range(1, 7) for i, song in enumerate(["Line\nBreak", "Opener", "Closer"][n % 3:] + ["Jam"])]
    path.write_text("show_id,show_date,venue,set,position,song,transition\n" + "".join(shows), encoding="utf-8")
    settings = TrainSettings(epochs=1, hidden=8, dims=8, word2vec_epochs=1, feature_hidden=8, tune_epochs=0)
    train(load_history(path), settings).save(root / "model")
    return root / "model"


def test_predict_with_a_venue_on_two_lines_writes_a_text_export_encore_recognises(fancy_model, tmp_path):
    out = tmp_path / "next.txt"
    result = run_encore("setlist", "predict", "--model", str(fancy_model), "--venue", VENUE,
                        "--date", "2024-02-01\n", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").splitlines()[0] == "2024-02-01 Café New line"
    assert result.stdout.splitlines()[0] == "2024-02-01 Café New line" and is_setlist_text(out)


def test_similar_prints_each_song_on_one_line_also_from_a_model_saved_before(fancy_model, tmp_path):
    import shutil

    old = tmp_path / "old"
    shutil.copytree(fancy_model, old)
    meta = json.loads((old / "model.json").read_text(encoding="utf-8"))
    for names in (meta["names"], meta["embedding"]["names"]):  # as a model saved before the fix kept it
        names["line break"] = "Line\nBreak"
    (old / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    for model in (fancy_model, old):
        result = run_encore("setlist", "similar", "--model", str(model), "Opener", "--k", "3")
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert len(lines) == 3 and any(line.endswith("  Line Break") for line in lines), result.stdout
