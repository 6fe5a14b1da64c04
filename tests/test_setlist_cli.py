"""`python main.py setlist ...`: the command-line contract other tools rely on."""

import csv
import datetime as dt
import json

import pytest
from conftest import run_encore

from engine.setlists.history import demo_history


def _one_line_error(result):
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_stats_of_the_demo_band_and_of_a_file(tmp_path):
    result = run_encore("setlist", "stats", "--json")
    stats = json.loads(result.stdout)
    assert stats["demo"] and stats["shows"] > 300 and stats["first_date"] < stats["last_date"]
    path = tmp_path / "band.csv"
    path.write_text("show_date,set,song\n2021-05-01,1,A\n2021-05-01,1,B\n2021-05-02,1,A\n")
    stats = json.loads(run_encore("setlist", "stats", "--data", str(path), "--json").stdout)
    assert {k: stats[k] for k in ("shows", "plays", "songs", "first_date", "last_date")} == {
        "shows": 2, "plays": 3, "songs": 2, "first_date": "2021-05-01", "last_date": "2021-05-02"}


def test_import_problems_are_counted_and_each_is_quoted(tmp_path):
    path = tmp_path / "band.csv"
    path.write_text("show_date,set,song\n2021-05-01,1,A\n2021-05-01,Q,B\n2021-05-01,1,\n")
    result = run_encore("setlist", "stats", "--data", str(path), "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["plays"] == 1
    assert result.stderr.strip().splitlines() == [
        "encore: 2 import problems:",
        f"  {path}:3: unknown set label 'Q' (1, 2 ... for sets, E, E2 ... for encores); row skipped",
        f"  {path}:4: missing song; row skipped"]


def test_counts_in_messages_are_singular_for_one(tmp_path):
    path, out = tmp_path / "one.csv", tmp_path / "one.json"
    path.write_text("show_date,set,song\n2021-05-01,1,A\n2021-05-01,1,B\n")
    result = run_encore("setlist", "export", "--data", str(path), "--out", str(out))
    assert result.returncode == 0 and result.stdout.strip() == f"wrote {out} (1 show, 2 plays)"


@pytest.mark.parametrize("content", ["", "show_date,set,song\nnot a date,1,A\n", "{\"data\": []}"])
def test_a_file_without_shows_is_one_line_and_status_2(tmp_path, content):
    path = tmp_path / ("bad.json" if content.startswith("{") else "bad.csv")
    path.write_text(content)
    _one_line_error(run_encore("setlist", "stats", "--data", str(path)))
    _one_line_error(run_encore("setlist", "train", "--data", str(path), "--out", str(tmp_path / "m")))
    assert not (tmp_path / "m").exists()


def test_an_output_that_is_an_input_is_refused_and_the_input_kept(tmp_path):
    """`export --data band.csv --out band.csv` rewrote the history without its malformed rows, for the user to
    fix no more; `predict --out` onto its --data replaced the history with one drafted show."""
    path = tmp_path / "band.csv"
    path.write_text("show_date,set,song\n2021-05-01,1,A\n2021-05-01,Q,B\n")
    before = path.read_bytes()
    result = run_encore("setlist", "export", "--data", str(path), "--out", str(tmp_path / "." / "band.csv"))
    _one_line_error(result)
    assert "is one of the files this was read from" in result.stderr and path.read_bytes() == before


def test_export_writes_merged_files_as_one_history(tmp_path):
    a, b = tmp_path / "spring.csv", tmp_path / "summer.csv"
    a.write_text("show_date,venue,set,song,transition\n2021-05-01,Barn,1,Alpha,>\n2021-05-01,Barn,1,Beta,\n"
                 "2021-05-01,Barn,E,Gamma,\n")
    b.write_text("show_date,venue,set,song,transition\n2021-07-02,Field,1,Beta,->\n2021-07-02,Field,2,Delta,\n")
    out = tmp_path / "all.json"
    result = run_encore("setlist", "export", "--data", str(a), "--data", str(b), "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["shows"] == 2
    again = tmp_path / "again.csv"
    assert run_encore("setlist", "export", "--data", str(out), "--out", str(again)).returncode == 0
    rows = [r[1:] for r in list(csv.reader(again.open()))[1:]]
    assert rows == [["2021-05-01", "Barn", "1", "1", "Alpha", ">"], ["2021-05-01", "Barn", "1", "2", "Beta", ""],
                    ["2021-05-01", "Barn", "E", "3", "Gamma", ""], ["2021-07-02", "Field", "1", "1", "Beta", "->"],
                    ["2021-07-02", "Field", "2", "2", "Delta", ""]]
    _one_line_error(run_encore("setlist", "export", "--data", str(a), "--out", str(tmp_path / "all.txt")))
    (tmp_path / "empty.csv").write_text("show_date,set,song\n")
    _one_line_error(run_encore("setlist", "export", "--data", str(tmp_path / "empty.csv"),
                               "--out", str(tmp_path / "none.csv")))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.csv", "all.json", "empty.csv", "spring.csv",
                                                          "summer.csv"]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("setlist") / "model"
    result = run_encore("setlist", "train", "--epochs", "1", "--seed", "1", "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["epochs"][0]["epoch"] == 1
    return out


def test_export_to_an_unknown_format_is_refused_before_reading_anything(tmp_path):
    result = run_encore("setlist", "export", "--data", str(tmp_path / "absent.csv"), "--out", str(tmp_path / "x.xml"))
    _one_line_error(result)
    assert "x.xml" in result.stderr and "unknown history format" in result.stderr
    assert not list(tmp_path.iterdir())


def test_predict_writes_the_next_show(model_dir, tmp_path):
    out = tmp_path / "next.json"
    result = run_encore("setlist", "predict", "--model", str(model_dir), "--date", "2025-01-10", "--venue",
                        "The Barn", "--out", str(out))
    assert result.returncode == 0, result.stderr
    show = json.loads(out.read_text())
    assert show["date"] == "2025-01-10" and show["venue"] == "The Barn"
    assert [s["name"] for s in show["sets"]][-1] == "Encore"
    song = show["sets"][0]["songs"][0]
    assert {"song", "transition", "probability", "alternatives"} <= set(song)
    assert 0 < song["probability"] <= 1 and song["alternatives"]
    assert "warning" not in result.stderr and "warning" not in show["meta"]
    text = tmp_path / "next.txt"
    assert run_encore("setlist", "predict", "--model", str(model_dir), "--temperature", "0.8", "--seed", "2",
                      "--out", str(text)).returncode == 0
    lines = text.read_text().splitlines()
    last = dt.date.fromisoformat(demo_history().shows[-1].date)
    assert lines[0] == (last + dt.timedelta(days=1)).isoformat()  # no --date: the day after the last show
    assert lines[1].startswith("Set 1: ")


def test_predict_warns_when_the_model_does_not_know_the_historys_songs(model_dir, tmp_path):
    other = tmp_path / "other_band.csv"
    other.write_text("show_date,set,song\n2025-02-01,1,Tweezer\n2025-02-01,1,Fee\n2025-02-01,E,Harbor Lights\n")
    out = tmp_path / "next.json"
    result = run_encore("setlist", "predict", "--model", str(model_dir), "--data", str(other), "--out", str(out))
    assert result.returncode == 0, result.stderr
    warning = "the model (trained on The Demo Band (generated demo data)) does not know 2 of the 3 songs played"
    assert f"encore: warning: {warning}" in result.stderr
    assert json.loads(out.read_text())["meta"]["warning"].startswith(warning)


def test_predict_says_when_the_date_is_not_after_the_last_show(model_dir, tmp_path):
    """The features never go back in time, so an earlier --date drafted the show after the last one unsaid."""
    last = demo_history().shows[-1].date
    out = tmp_path / "next.json"
    result = run_encore("setlist", "predict", "--model", str(model_dir), "--date", "2001-05-05", "--out", str(out))
    assert result.returncode == 0, result.stderr
    warning = f"2001-05-05 is not after the last show ({last}): drafted as the show after it"
    assert f"encore: warning: {warning}" in result.stderr
    assert json.loads(out.read_text())["date"] == "2001-05-05"


def test_predict_keeps_a_templates_locked_songs_and_drafts_the_rest(model_dir, tmp_path):
    first = tmp_path / "first.json"
    assert run_encore("setlist", "predict", "--model", str(model_dir), "--date", "2025-02-01", "--venue", "Barn",
                      "--out", str(first)).returncode == 0
    show = json.loads(first.read_text())
    moved = show["sets"][0]["songs"][-1]["song"]  # the user moves set 1's closer to open set 2, and locks it
    show["sets"][1]["songs"][0] |= {"song": moved, "locked": True}
    show["sets"][0]["songs"][1]["locked"] = True
    show["sets"][0]["songs"].pop()
    template = tmp_path / "edited.json"
    template.write_text(json.dumps(show))
    out = tmp_path / "again.json"
    result = run_encore("setlist", "predict", "--model", str(model_dir), "--template", str(template),
                        "--temperature", "0.8", "--seed", "5", "--out", str(out))
    assert result.returncode == 0, result.stderr
    again = json.loads(out.read_text())
    assert (again["date"], again["venue"]) == ("2025-02-01", "Barn")
    assert [len(s["songs"]) for s in again["sets"]] == [len(s["songs"]) for s in show["sets"]]
    assert again["sets"][1]["songs"][0]["song"] == moved
    assert again["sets"][0]["songs"][1]["song"] == show["sets"][0]["songs"][1]["song"]
    songs = [e["song"] for s in again["sets"] for e in s["songs"]]
    assert all(songs) and len(set(songs)) == len(songs)
    template.write_text(json.dumps(show | {"date": "2025-02-30"}))
    bad_date = run_encore("setlist", "predict", "--model", str(model_dir), "--template", str(template),
                          "--out", str(tmp_path / "never.json"))
    _one_line_error(bad_date)
    assert f"{template}: bad date '2025-02-30'" in bad_date.stderr  # the file it came from, named
    template.write_text('{"sets": "not a list"}')
    _one_line_error(run_encore("setlist", "predict", "--model", str(model_dir), "--template", str(template),
                               "--out", str(tmp_path / "never.json")))
    for not_a_show, problem in (({"shows": []}, "is a history of shows, not one drafted show"),
                                ({}, "is not an Encore setlist")):  # both were drafted from, with no locks
        template.write_text(json.dumps(not_a_show))
        refused = run_encore("setlist", "predict", "--model", str(model_dir), "--template", str(template),
                             "--out", str(tmp_path / "never.json"))
        _one_line_error(refused)
        assert problem in refused.stderr
    assert not (tmp_path / "never.json").exists()


def test_predict_says_when_avoid_recent_leaves_too_few_songs(model_dir, tmp_path):
    """--avoid-recent 100000 left no song to draft, every song came back, and the draft was --avoid-recent 0's,
    unsaid. The songs of as many shows as leave enough for the show are left out, and a warning says so."""
    out = tmp_path / "next.json"
    result = run_encore("setlist", "predict", "--model", str(model_dir), "--avoid-recent", "100000",
                        "--out", str(out))
    assert result.returncode == 0, result.stderr
    meta = json.loads(out.read_text())["meta"]
    rested, back = meta["avoid_recent"], meta["recent_back"]  # the whole shows, and the one avoided where possible
    warning = (f"leaving out the last 100000 shows' songs leaves too few songs for the show: the last {rested - 1} "
               f"shows' songs are left out, and {back} song{'s' * (back > 1)} of the show before came back")
    assert 3 < rested < len(demo_history().shows) and meta["warning"] == warning
    assert f"encore: warning: {warning}" in result.stderr.splitlines()


def test_predict_refuses_a_text_export_as_template_and_warns_of_an_unknown_locked_mark(model_dir, tmp_path):
    """A .txt was 'not valid JSON (Extra data...)'; a locked song's mark '??' became ',' unsaid (a mark Encore
    does not know is read as none, as a history's is, so the draft gives it the model's: said now)."""
    text = tmp_path / "show.txt"
    assert run_encore("setlist", "predict", "--model", str(model_dir), "--out", str(text)).returncode == 0
    refused = run_encore("setlist", "predict", "--model", str(model_dir), "--template", str(text),
                         "--out", str(tmp_path / "never.json"))
    _one_line_error(refused)
    assert refused.stderr.strip() == (f"encore: error: {text}: a setlist's text export cannot be a template: give "
                                      "its .json or .csv")
    template = tmp_path / "template.json"
    template.write_text(json.dumps({"sets": [{"name": "Set 1", "songs": [
        {"song": "Harbor Lights", "transition": "??", "locked": True}, {"song": "Tidewater", "transition": "?!"},
        {"song": "Undertow", "transition": ">", "locked": True}]}]}))
    out = tmp_path / "again.json"
    result = run_encore("setlist", "predict", "--model", str(model_dir), "--template", str(template),
                        "--out", str(out))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("encore: warning:")]
    assert warnings == [f"encore: warning: {template}: 'Harbor Lights' is locked with the mark '??', which Encore "
                        "does not know (',', '>' or '->'): the draft gives it the model's mark"]  # not the unlocked
    songs = json.loads(out.read_text())["sets"][0]["songs"]
    assert songs[0]["song"] == "Harbor Lights" and songs[0]["transition"] in (",", ">", "->")


def test_predict_will_not_write_over_its_models_own_files(model_dir, tmp_path):
    """`--out MODEL/model.json` replaced the trained model with the drafted show."""
    import shutil

    model = shutil.copytree(model_dir, tmp_path / "model")
    before = (model / "model.json").read_bytes()
    refused = run_encore("setlist", "predict", "--model", str(model), "--out", str(model / "model.json"))
    _one_line_error(refused)
    assert "is one of the files this was read from" in refused.stderr and (model / "model.json").read_bytes() == before


def test_predict_refuses_bad_requests_without_writing(model_dir, tmp_path):
    for args in (["--out", str(tmp_path / "x.doc")], ["--date", "2025-13-40", "--out", str(tmp_path / "x.json")],
                 ["--date", "20250110", "--out", str(tmp_path / "x.csv")],  # ISO, but no reader takes it back
                 ["--date", "2025-W02-5", "--out", str(tmp_path / "x.json")],
                 ["--temperature", "-1", "--out", str(tmp_path / "x.json")],
                 ["--temperature", "nan", "--out", str(tmp_path / "x.json")],  # was numpy's 'contain NaN'
                 ["--avoid-recent", "-1", "--out", str(tmp_path / "x.json")]):
        _one_line_error(run_encore("setlist", "predict", "--model", str(model_dir), *args))
    negative = run_encore("setlist", "predict", "--model", str(model_dir), "--avoid-recent", "-2",
                          "--out", str(tmp_path / "x.json"))
    assert negative.stderr.strip() == "encore: error: --avoid-recent must be 0 or more (0 leaves no show out), not -2"
    not_a_model = run_encore("setlist", "predict", "--model", str(tmp_path), "--out", str(tmp_path / "x.json"))
    _one_line_error(not_a_model)
    assert "not a model folder" in not_a_model.stderr  # an existing folder of something else, named as such
    missing = run_encore("setlist", "predict", "--model", str(tmp_path / "missingdir"), "--out",
                         str(tmp_path / "x.json"))
    _one_line_error(missing)  # was 'not a model folder' for a mistyped path
    assert missing.stderr.strip() == f"encore: error: {tmp_path / 'missingdir'}: no such folder"
    assert not list(tmp_path.iterdir())


def test_train_refuses_an_out_folder_of_other_things_before_training(tmp_path):
    (tmp_path / "solo.mid").write_bytes(b"MThd")
    result = run_encore("setlist", "train", "--out", str(tmp_path))
    _one_line_error(result)
    assert "holds other things than a model ('solo.mid')" in result.stderr and "epoch" not in result.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["solo.mid"]


@pytest.mark.parametrize("epochs", ["0", "1600"])  # 1600: a typo for 16 that would train for hours
def test_train_refuses_an_impossible_epoch_count(epochs, tmp_path):
    result = run_encore("setlist", "train", "--epochs", epochs, "--out", str(tmp_path / "m"))
    _one_line_error(result)
    assert f"--epochs must be from 1 to 1,000, not {epochs}" in result.stderr and not (tmp_path / "m").exists()


def test_similar_songs(model_dir):
    rows = json.loads(run_encore("setlist", "similar", "--model", str(model_dir), "Harbor Lights", "--k", "3",
                                 "--json").stdout)
    assert len(rows) == 3 and all(-1 <= r["similarity"] <= 1 for r in rows)
    for k in ("0", "-2"):  # a slice would print nothing, or all songs but the last two
        _one_line_error(run_encore("setlist", "similar", "--model", str(model_dir), "Harbor Lights", "--k", k))
    _one_line_error(run_encore("setlist", "similar", "--model", str(model_dir), "No Such Song"))
    typo = run_encore("setlist", "similar", "--model", str(model_dir), "harbour light")
    _one_line_error(typo)
    assert "did you mean 'Harbor Lights'" in typo.stderr


def test_evaluate_prints_the_contract_json():
    result = run_encore("setlist", "evaluate", "--protocol", "random-windows", "--epochs", "1", "--json")
    assert result.returncode == 0, result.stderr
    r = json.loads(result.stdout)
    assert r["protocol"] == "random-windows" and r["test_plays"] > 1000
    for name in ("frequency", "bigram"):
        assert 0 <= r["baselines"][name]["top1"] <= r["baselines"][name]["top5"] <= 1
    assert 0 <= r["model"]["top1"] <= r["model"]["top5"] <= 1 and r["seconds"] > 0
