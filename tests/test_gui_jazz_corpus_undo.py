"""Ticking a corpus file and removing one are steps on the Jazz page's undo stack: they were none, so Ctrl+Z
in the corpus list took back the page's edit before (typed chords), and a removed file's choices were lost."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from test_gui_jazz_corpus_ticks_and_rereads import jazz_page, select, with_a_solo


def steps(stack) -> list[str]:
    return [stack.command(i).text() for i in range(stack.index())]


def test_a_tick_is_a_step_that_undo_and_redo_take_back_and_make_again(window, qtbot):
    page = jazz_page(window, qtbot)
    corpus, stack = page.corpus, page.undo_stack
    entry, item = corpus.entries[0], corpus.tree.topLevelItem(0)
    assert entry.use
    before = corpus.vocabulary.text()
    item.setCheckState(0, Qt.Unchecked)
    assert steps(stack) == [f"Leave out {entry.name}"] and not entry.use and entry.name in corpus.builtin_off
    assert page.has_unsaved_changes() and corpus.vocabulary.text() != before
    stack.undo()
    item = corpus.tree.topLevelItem(0)
    assert entry.use and item.checkState(0) == Qt.Checked and entry.name not in corpus.builtin_off
    assert corpus.vocabulary.text() == before and stack.count() == 1  # the undo's tick is no new step
    assert not page.has_unsaved_changes()  # back where the stack is clean: nothing to save
    stack.redo()
    assert not entry.use and corpus.tree.topLevelItem(0).checkState(0) == Qt.Unchecked
    assert corpus.vocabulary.text() != before and stack.count() == 1


def test_a_removed_file_comes_back_with_its_choices_at_its_row(window, qtbot, tmp_path):
    page, solo = with_a_solo(window, qtbot, tmp_path)
    corpus, stack = page.corpus, page.undo_stack
    row = [e.path for e in corpus.entries].index(solo)
    entry = corpus.entries[row]
    entry.choices = {"bars": "2-5"}
    source, count = entry.source, len(corpus.entries)
    select(page, solo)
    corpus.remove_selected()
    assert entry not in corpus.entries and steps(stack)[-1] == f"Remove {entry.name}"
    stack.undo()
    assert corpus.entries[row] is entry and len(corpus.entries) == count
    assert entry.choices == {"bars": "2-5"} and entry.source is source  # not read again
    assert corpus.tree.topLevelItem(row).data(0, Qt.UserRole) == solo
    assert not corpus.removed_since(solo, 0)  # a reading of it still under way lands on it again
    stack.redo()
    assert entry not in corpus.entries and len(corpus.entries) == count - 1


def test_ctrl_z_in_the_corpus_list_undoes_the_corpus_edit_not_the_typed_chords(window, qtbot):
    page = jazz_page(window, qtbot)
    window.activateWindow()
    chords = page.generation.chords
    page.side.setCurrentWidget(page.generate_tab)
    chords.setFocus()
    QTest.keyClicks(chords, "Dm7 G7")
    page.side.setCurrentWidget(page.corpus)
    tree, entry = page.corpus.tree, page.corpus.entries[0]
    tree.setFocus()
    tree.topLevelItem(0).setCheckState(0, Qt.Unchecked)
    QTest.keyClick(tree, Qt.Key_Z, Qt.ControlModifier)
    assert entry.use and tree.topLevelItem(0).checkState(0) == Qt.Checked
    assert chords.text() == "Dm7 G7"
