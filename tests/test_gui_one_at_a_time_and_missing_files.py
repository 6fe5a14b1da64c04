"""A drop of several projects, shows or charts opens the last and names the others as not opened (they were
dropped without a word); a file named that is not there is no edit of the Jazz project; Models… says a model
removed on disk in the window's words; the Keyboard Shortcuts filter finds whole keys."""

from __future__ import annotations

import json
import shutil

from jazz_files import BLUES, ireal_link, ireal_song

from engine.files import write_json

HISTORY = ("show_id,show_date,venue,set,position,song,transition\n1,2020-01-01,V,1,1,A,\n1,2020-01-01,V,1,2,B,\n"
           "2,2020-01-02,V,1,1,B,\n2,2020-01-02,V,1,2,C,\n")


def said(window) -> str:
    return window.statusBar().currentMessage()


def settled(qtbot, window) -> None:
    jazz, setlists = window.workspaces
    qtbot.waitUntil(lambda: not jazz.busy() and not setlists.reading()
                    and not jazz.generation.charts.reading, timeout=60_000)


def project(window, qtbot, path, *music) -> str:
    """A saved Jazz project holding ``music`` in its corpus."""
    jazz = window.workspaces[0]
    if music:
        jazz.import_paths([str(m) for m in music])
        settled(qtbot, window)
    assert jazz.project.save_to(str(path))
    return str(path)


def show(path) -> str:
    from engine.setlists.setlist import Entry, Set, Setlist

    write_json(str(path), Setlist("2026-07-04", "The Barn", [Set("Set 1", [Entry("Tweezer")])]).to_json())
    return str(path)


def test_two_projects_dropped_open_the_last_and_name_the_first(window, qtbot, tmp_path):
    first, last = project(window, qtbot, tmp_path / "p1.encore-jazz"), project(window, qtbot, tmp_path / "p2.encore-jazz")
    window.open_files([first, last])
    settled(qtbot, window)
    assert window.workspaces[0].project.path == last
    assert said(window).startswith("Opened p2.encore-jazz")
    assert said(window).endswith("; not opened: p1.encore-jazz (one project at a time)")


def test_the_note_stays_over_the_word_on_the_opened_projects_files(window, qtbot, tmp_path):
    """The project's corpus is read after it opens, and said its word over the opening's."""
    from conftest import ROOT

    etude = next((ROOT / "resources" / "jazz" / "etudes").glob("*.abc"))
    last = project(window, qtbot, tmp_path / "p2.encore-jazz", etude)
    window.open_files([project(window, qtbot, tmp_path / "p1.encore-jazz"), last])
    settled(qtbot, window)
    assert said(window).startswith(f"{etude.name}: ")
    assert said(window).endswith("; not opened: p1.encore-jazz (one project at a time)")


def test_two_shows_dropped_open_the_last_and_name_the_first(window, qtbot, tmp_path):
    setlists = window.workspaces[1]
    window.open_files([show(tmp_path / "s1.encore-setlist"), show(tmp_path / "s2.encore-setlist")])
    settled(qtbot, window)
    assert setlists.show_path.endswith("s2.encore-setlist")
    assert said(window) == "Opened s2.encore-setlist; not opened: s1.encore-setlist (one show at a time)"


def test_shows_dropped_with_a_history_are_named_over_the_historys_word(window, qtbot, tmp_path):
    (tmp_path / "band.csv").write_text(HISTORY)
    window.open_files([show(tmp_path / "s1.encore-setlist"), show(tmp_path / "s2.encore-setlist"),
                       str(tmp_path / "band.csv")])
    settled(qtbot, window)
    assert window.workspaces[1].show_path.endswith("s2.encore-setlist")
    assert "2 shows" in said(window) and "; not opened: s1.encore-setlist (one show at a time)" in said(window)


def test_two_charts_dropped_read_the_export_and_name_the_text(window, qtbot, tmp_path):
    link = ireal_link(ireal_song("Blues For Nobody", BLUES))
    (tmp_path / "blues.txt").write_text(link)
    (tmp_path / "charts.html").write_text(f'<html><body><a href="{link}">Blues For Nobody</a></body></html>')
    window.open_files([str(tmp_path / "blues.txt"), str(tmp_path / "charts.html")])
    settled(qtbot, window)
    assert said(window).startswith("Chords of Blues For Nobody")
    assert said(window).endswith("from charts.html; not opened: blues.txt (one chart at a time)")
    window.open_files([str(tmp_path / "charts.html")])  # a chart read alone later has no note of the old drop
    settled(qtbot, window)
    assert said(window).endswith("from charts.html")


def test_a_missing_file_named_adds_nothing_and_leaves_the_project_saved(window, qtbot, tmp_path):
    jazz = window.workspaces[0]
    messages = []
    jazz.status.connect(messages.append)
    window.open_files([str(tmp_path / "gone" / "missing.mid")])
    settled(qtbot, window)
    assert "missing.mid: no such file" in messages
    assert [e for e in jazz.corpus.entries if not e.builtin] == []
    assert not jazz.has_unsaved_changes() and not window.windowTitle().endswith("•")


def test_a_file_that_cannot_be_read_is_listed_to_choose_its_parts_and_is_unsaved(window, qtbot, tmp_path):
    """Kept: it is in what Save writes, so quitting without a word would lose the user's pick of it."""
    jazz = window.workspaces[0]
    (tmp_path / "bad.mid").write_bytes(b"MThd garbage")
    window.open_files([str(tmp_path / "bad.mid")])
    settled(qtbot, window)
    assert [(e.name, bool(e.problem)) for e in jazz.corpus.entries if not e.builtin] == [("bad.mid", True)]
    assert jazz.has_unsaved_changes()


def fake_model(folder, name: str) -> None:
    (folder / name).mkdir(parents=True)
    (folder / name / "model.json").write_text(json.dumps({"kind": "jazz-lstm"}))
    (folder / name / "weights.safetensors").write_bytes(b"weights")


def test_deleting_a_model_removed_on_disk_says_so_in_the_windows_words(window, tmp_path):
    from gui.models_dialog import ModelsDialog

    folder = tmp_path / "models"
    fake_model(folder, "jazz-a")
    fake_model(folder, "jazz-b")
    dialog = ModelsDialog(window, folder)
    shutil.rmtree(folder / "jazz-b")
    dialog.select(["jazz-b"])
    dialog.delete_selected()
    assert dialog.summary.text().startswith("jazz-b is no longer on disk; the list is refreshed.")
    assert "main.py" not in dialog.summary.text()
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == ["jazz-a"]
    assert (folder / "jazz-a").is_dir()


def shortcuts(window, text: str) -> list[tuple[str, str]]:
    from gui.shortcuts import ShortcutsDialog

    dialog = ShortcutsDialog(window)
    dialog.filter.setText(text)
    return [(keys, what) for _where, keys, what in dialog.rows()]


def test_a_key_filter_finds_whole_keys(window):
    rows = shortcuts(window, "ctrl+s")
    assert ("Ctrl+S", "File › Save") in rows
    assert all("Ctrl+S" in keys.replace("Shift+", "") for keys, _what in rows), rows  # no Ctrl+Shift+N
    rows = shortcuts(window, "del")
    assert not any("Models" in what for _keys, what in rows)
    assert any(keys.startswith("Del") for keys, _what in rows)
    assert any(keys.startswith("Ctrl+Shift+Del") for keys, _what in rows)
    assert all("Del" in keys for keys, _what in rows)
    escape = shortcuts(window, "Esc")  # the Esc keys, and the actions that name Esc (F2's: "Esc drops it")
    assert [(k, w) for k, w in shortcuts(window, "") if "Esc" in k.replace(" / ", "+").split("+")] == \
        [(k, w) for k, w in escape if k == "Esc"] != []
    assert all(k == "Esc" or "Esc " in w for k, w in escape)


def test_plain_words_still_find_actions(window):
    assert any(what == "File › Models…" for _keys, what in shortcuts(window, "model"))


def test_key_names_and_combinations_are_read_as_keys():
    from gui.shortcuts import key_combos, named_keys

    assert named_keys("ctrl+s") == {"ctrl", "s"} and named_keys("Delete".lower()) == {"del"}
    assert named_keys("esc") == {"esc"} and named_keys("ctrl+") == {"ctrl"}
    assert named_keys("models") is None and named_keys("s") is None
    assert key_combos("Ctrl+Shift+Del / Ctrl+Y") == [{"ctrl", "shift", "del"}, {"ctrl", "y"}]
