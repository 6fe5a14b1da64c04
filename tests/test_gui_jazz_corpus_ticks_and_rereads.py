"""The corpus list under the user's hands: ticking files, removing one while it is read, cancelling Read again."""

import threading

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from test_gui_jazz_flow import write_small_solo


def jazz_page(window, qtbot):
    window.show_workspace("jazz")
    page = window.workspaces[0]
    window.resize(1300, 850)
    window.show()
    qtbot.waitExposed(window)
    page.side.setCurrentWidget(page.corpus)
    qtbot.waitUntil(lambda: bool(page.corpus.entries) and not page.busy(), timeout=120_000)  # the built-in solos
    return page


def idle(qtbot, page):
    qtbot.waitUntil(lambda: not page.jobs.busy and not page.jobs.waiting, timeout=120_000)


@pytest.fixture
def gate(monkeypatch):
    """Files are read only once the gate opens: the user acts while a reading is under way."""
    import engine.jazz.source as source

    opened, load = threading.Event(), source.load_source
    opened.set()

    def held_load(*args, **kwargs):
        opened.wait(60)
        return load(*args, **kwargs)

    monkeypatch.setattr(source, "load_source", held_load)
    yield opened
    opened.set()  # a worker still waiting must not wait for good


def with_a_solo(window, qtbot, tmp_path):
    page = jazz_page(window, qtbot)
    solo = tmp_path / "walking.mid"
    write_small_solo(solo)
    page.import_paths([str(solo)])
    idle(qtbot, page)
    return page, str(solo)


def select(page, path):
    row = [e.path for e in page.corpus.entries].index(path)
    page.corpus.tree.setCurrentItem(page.corpus.tree.topLevelItem(row))


def test_ticking_files_by_mouse_and_by_code_keeps_the_rows_alive(window, qtbot):
    """Ticking a file rebuilt the tree inside Qt's itemChanged signal, deleting the row being ticked: the app
    crashed after a few clicks."""
    page = jazz_page(window, qtbot)
    corpus, tree = page.corpus, page.corpus.tree
    assert len(corpus.entries) >= 2
    rows = range(len(corpus.entries))
    for round_ in range(4):
        for row in rows:
            item = tree.topLevelItem(row)
            box = QPoint(24, tree.visualItemRect(item).center().y())
            QTest.mouseClick(tree.viewport(), Qt.LeftButton, Qt.NoModifier, box)
            assert shiboken6.isValid(item) and tree.topLevelItem(row) is item  # not rebuilt under Qt's feet
            assert corpus.entries[row].use == (round_ % 2 == 1)
        qtbot.wait(1)
    assert page.has_unsaved_changes() and not corpus.builtin_off
    for row in rows:
        item = tree.topLevelItem(row)
        item.setCheckState(0, Qt.Unchecked)
        assert shiboken6.isValid(item) and tree.topLevelItem(row) is item
    assert not any(e.use for e in corpus.entries)
    assert corpus.builtin_off == {e.name for e in corpus.entries}
    assert corpus.vocabulary.text().startswith("0 of")


def test_a_file_removed_while_read_again_stays_removed(window, qtbot, tmp_path, gate):
    page, solo = with_a_solo(window, qtbot, tmp_path)
    select(page, solo)
    page.corpus.bar_range.setText("2-5")
    gate.clear()
    page.corpus.apply_button.click()
    qtbot.waitUntil(lambda: page.jobs.busy)
    select(page, solo)
    page.corpus.remove_selected()
    gate.set()
    idle(qtbot, page)
    assert solo not in [e.path for e in page.corpus.entries]


def test_a_projects_file_removed_while_read_stays_removed_and_one_added_again_comes_back(window, qtbot, tmp_path,
                                                                                        gate):
    from gui.jazz import tasks

    page, solo = with_a_solo(window, qtbot, tmp_path)
    other = str(tmp_path / "other.mid")
    write_small_solo(other, 8)
    page.corpus.drop_user_entries()
    gate.clear()
    entries = [tasks.CorpusFile(solo), tasks.CorpusFile(other)]
    page.corpus.add_entries(entries)  # as a project's opening lists its files and queues their reading
    page.import_entries(entries, edit=False)
    qtbot.waitUntil(lambda: page.jobs.busy)
    select(page, solo)
    page.corpus.remove_selected()
    select(page, other)
    page.corpus.remove_selected()
    page.import_paths([other])  # the user's newer word: back in
    gate.set()
    idle(qtbot, page)
    listed = [e for e in page.corpus.entries if not e.builtin]
    assert [e.path for e in listed] == [other] and listed[0].source is not None


def test_cancelling_read_again_keeps_the_files_choices_and_reading(window, qtbot, tmp_path, gate):
    page, solo = with_a_solo(window, qtbot, tmp_path)
    assert page.project.save_to(str(tmp_path / "night.encore-jazz"))
    entry = next(e for e in page.corpus.entries if e.path == solo)
    before, row = entry.source, page.corpus.entries.index(entry)
    shown = page.corpus.tree.topLevelItem(row).text(2)
    select(page, solo)
    page.corpus.bar_range.setText("2-5")
    gate.clear()
    page.corpus.apply_button.click()
    qtbot.waitUntil(lambda: page.jobs.busy)
    page.jobs.cancel()
    gate.set()
    idle(qtbot, page)
    assert entry.choices == {} and entry.source is before and not entry.problem
    assert page.corpus.tree.topLevelItem(row).text(2) == shown
    assert not page.has_unsaved_changes()
    select(page, solo)  # and Read again, not cancelled, does take the new choices
    page.corpus.bar_range.setText("2-5")
    page.corpus.apply_button.click()
    idle(qtbot, page)
    assert entry.choices == {"bars": "2-5"} and entry.source.bar_range == (2, 5) and page.project.dirty
