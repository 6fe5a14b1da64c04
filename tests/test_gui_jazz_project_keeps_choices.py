"""What a Jazz project keeps beside its pieces: the chords' source, the Train tab's settings, and the parts and
bars chosen for a built-in solo. Each was lost at reopening (or, for a built-in file, carried into the next
project), while older projects without them still open as before."""

import json
import shutil

from conftest import ROOT

ETUDES = ROOT / "resources" / "jazz" / "etudes"
BLUES = "etude_2_blues_in_f.abc"
FIRST = "etude_1_two_five_one.abc"


def jazz_page(window):
    window.show_workspace("jazz")
    return window.workspaces[0]


def another_page(qtbot):
    from gui.main_window import MainWindow

    other = MainWindow()
    qtbot.addWidget(other)
    return jazz_page(other)


def read_file(path, builtin=False):
    from engine.jazz.source import load_source
    from gui.jazz.tasks import CorpusFile

    return CorpusFile(str(path), source=load_source(path), builtin=builtin)


def settle(page, qtbot):
    qtbot.waitUntil(lambda: not page.busy(), timeout=60_000)


def test_the_chords_source_picked_is_the_one_a_reopened_project_plays_over(window, qtbot, tmp_path):
    """Reopened, the solo took the chords of the file added last, not of the one selected."""
    first, last = tmp_path / "walkA.abc", tmp_path / "walkB.abc"
    shutil.copy(ETUDES / BLUES, first)
    shutil.copy(ETUDES / "etude_1_two_five_one.abc", last)
    page = jazz_page(window)
    page.corpus.add_entries([read_file(first), read_file(last)])
    page.corpus.tree.setCurrentItem(page.corpus.tree.topLevelItem(0))
    assert page.corpus.chord_entry().name == "walkA.abc"
    path = tmp_path / "night.encore-jazz"
    assert page.project.save_to(str(path))
    again = another_page(qtbot)
    again.project.open(str(path))
    settle(again, qtbot)
    assert again.corpus.chord_entry().name == "walkA.abc" and not again.has_unsaved_changes()
    assert "the chords of walkA.abc" in again.generation.chords.placeholderText()
    older = json.loads(path.read_text())
    del older["chords_from"]  # a project written before: the file added last, as then
    path.write_text(json.dumps(older))
    before = another_page(qtbot)
    before.project.open(str(path))
    settle(before, qtbot)
    assert before.corpus.chord_entry().name == "walkB.abc"


def test_the_train_tabs_settings_are_saved_and_reopened(window, qtbot, tmp_path):
    """Preset, epochs, hidden size, learning rate and seed came back as course/100/64/0.01/1."""
    page = jazz_page(window)
    defaults = page.training.settings()
    path = tmp_path / "night.encore-jazz"
    assert page.project.save_to(str(path))
    training = page.training
    training.preset.setCurrentText("full")
    training.epochs.setValue(3)
    training.hidden.setValue(32)
    training.learning_rate.setValue(0.005)
    training.seed.setValue(9)
    assert page.has_unsaved_changes()  # a saved setting changed: closing would ask
    chosen = training.settings()
    assert page.project.save_to(str(path))
    again = another_page(qtbot)
    again.project.open(str(path))
    assert again.training.settings() == chosen == {"preset": "full", "epochs": 3, "hidden": 32, "lr": 0.005,
                                                   "seed": 9}
    assert not again.has_unsaved_changes()
    older = json.loads(path.read_text())
    del older["training"]  # a project written before: the defaults, not the last project's
    path.write_text(json.dumps(older))
    again.project.open(str(path))
    assert again.training.settings() == defaults


def blues_read_with_bars_1_to_12(page, qtbot):
    """The built-in blues, its bars 1-12 chosen in the Corpus tab and read again; its entry."""
    page.corpus.add_entries([read_file(ETUDES / BLUES, builtin=True)])
    page.corpus.tree.setCurrentItem(page.corpus.tree.topLevelItem(0))
    page.corpus.bar_range.setText("1-12")
    page.corpus.apply_button.click()
    settle(page, qtbot)
    entry = page.corpus.entries[0]
    assert entry.choices == {"bars": "1-12"} and entry.source.bar_range == (1, 12)
    return entry


def test_a_built_in_files_bars_are_saved_and_not_carried_into_the_next_project(window, qtbot, tmp_path):
    """The saved file had "corpus": [] and reopened the blues as bars 1-24; another project opened after it
    still trained on bars 1-12."""
    page = jazz_page(window)
    plain = tmp_path / "plain.encore-jazz"
    assert page.project.save_to(str(plain))
    blues_read_with_bars_1_to_12(page, qtbot)
    assert page.has_unsaved_changes()
    path = tmp_path / "twelve.encore-jazz"
    assert page.project.save_to(str(path))
    assert json.loads(path.read_text())["builtin_choices"] == {BLUES: {"bars": "1-12"}}
    older = json.loads(plain.read_text())
    del older["builtin_choices"]  # a project written before: the built-in files as first read
    plain.write_text(json.dumps(older))
    page.project.open(str(plain))
    settle(page, qtbot)
    entry = page.corpus.entries[0]
    assert entry.choices == {} and entry.source.bar_range == (1, 24) and not page.has_unsaved_changes()
    page.project.open(str(path))
    settle(page, qtbot)
    entry = page.corpus.entries[0]
    assert entry.choices == {"bars": "1-12"} and entry.source.bar_range == (1, 12)
    assert page.project.data()["builtin_choices"] == {BLUES: {"bars": "1-12"}} and not page.has_unsaved_changes()
    page.new_document()  # File › New: the built-in files as first read
    settle(page, qtbot)
    assert page.corpus.entries[0].choices == {} and page.corpus.entries[0].source.bar_range == (1, 24)


def test_built_in_files_read_after_the_project_opened_take_its_choices(window, qtbot, tmp_path):
    """The built-in solos are read at start-up, maybe after a project opened from the command line."""
    page = jazz_page(window)
    blues_read_with_bars_1_to_12(page, qtbot)
    path = tmp_path / "twelve.encore-jazz"
    assert page.project.save_to(str(path))
    again = another_page(qtbot)
    again.project.open(str(path))
    again.corpus.add_entries([read_file(ETUDES / BLUES, builtin=True)])  # the start-up's reading, as it ends
    settle(again, qtbot)
    entry = again.corpus.entries[0]
    assert entry.choices == {"bars": "1-12"} and entry.source.bar_range == (1, 12)


def test_a_project_saved_with_no_file_picked_lets_a_file_added_later_give_the_chords(window, qtbot, tmp_path):
    """The file the corpus fell back on was saved as a pick, and reopened it outranked a file added after."""
    first, later = tmp_path / "walkA.abc", tmp_path / "walkB.abc"
    shutil.copy(ETUDES / BLUES, first)
    shutil.copy(ETUDES / "etude_1_two_five_one.abc", later)
    page = jazz_page(window)
    page.corpus.add_entries([read_file(first)])
    page.corpus.tree.setCurrentItem(None)
    path = tmp_path / "night.encore-jazz"
    assert page.project.save_to(str(path))
    assert json.loads(path.read_text()).get("chords_from") is None
    again = another_page(qtbot)
    again.project.open(str(path))
    settle(again, qtbot)
    again.corpus.add_entries([read_file(later)])
    assert again.corpus.chord_entry().name == "walkB.abc"


def test_a_reopened_projects_built_in_chords_source_is_named_on_the_generate_tab(window, qtbot, tmp_path):
    """The row was selected quietly at opening, and Generate went on naming the file the corpus fell back on."""
    def built_ins(page):
        page.corpus.add_entries([read_file(ETUDES / name, builtin=True) for name in (FIRST, BLUES)])

    page = jazz_page(window)
    built_ins(page)
    page.corpus.tree.setCurrentItem(page.corpus.tree.topLevelItem(1))
    path = tmp_path / "blues.encore-jazz"
    assert page.project.save_to(str(path))
    again = another_page(qtbot)
    built_ins(again)
    assert f"the chords of {FIRST}" in again.generation.chords.placeholderText()  # the first built-in
    again.project.open(str(path))
    settle(again, qtbot)
    assert again.corpus.chord_entry().name == BLUES
    assert f"the chords of {BLUES}" in again.generation.chords.placeholderText()
