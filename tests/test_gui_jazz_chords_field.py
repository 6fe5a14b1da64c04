"""The Chords field on the Generate tab: a chart as long as Encore plays goes in whole, a chart imported is one
undo step with the Bars and Tempo it set, and Generate greyed by a running job says why."""

import threading

from jazz_files import ireal_link, ireal_song
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from engine.jazz.ireal import read_tunes
from engine.jazz.piece import MAX_BARS


def jazz_page(window):
    window.show_workspace("jazz")
    return window.workspaces[0]


def read(qtbot, panel) -> None:
    qtbot.waitUntil(lambda: not panel.charts.reading, timeout=60_000)


def right_click(field, name: str) -> None:
    """Chooses the action named ``name`` in the field's right-click menu, made as a right-click makes it."""
    menu = field.standard_menu()
    action = next(a for a in menu.actions() if a.objectName() == name)
    assert action.isEnabled()
    action.trigger()
    menu.deleteLater()


def test_a_chart_of_encores_longest_solo_goes_in_whole_and_a_longer_text_is_refused_not_cut(window, tmp_path,
                                                                                              qtbot):
    """Qt's default maxLength (32,767) kept 1,639 of 1,900 bars, ending on Db7b9 for Db7b9#11, and said 1,900."""
    page = jazz_page(window)
    panel, messages = page.generation, []
    page.status.connect(messages.append)
    chart = tmp_path / "long.txt"
    chart.write_text(ireal_link(ireal_song("Long", "[T44" + "|".join(["Db7b9#11 Gb7b9#11"] * MAX_BARS) + " Z")))
    page.open_path(str(chart))
    read(qtbot, panel)
    tune = read_tunes(chart)[0]
    assert tune.bars == MAX_BARS and len(tune.chart) > 32_767
    assert panel.chords.text() == tune.chart
    assert messages[-1].startswith(f"Chords of Long (Encore Tests, key of C): {MAX_BARS} bars")

    panel.chords.setText("Dm7 G7")
    QGuiApplication.clipboard().setText(" | C7" * 500_000)  # 2.5 million characters, a paste
    QTest.keyClick(panel.chords, Qt.Key_V, Qt.ControlModifier)
    assert panel.chords.text() == "Dm7 G7"  # not the start of the paste
    assert messages[-1].startswith("Chords not changed: 2,500,006 characters, over the 400,000 the Chords field")
    messages.clear()
    assert not panel.set_chart("C7 | " * 100_000)  # an import too long is refused, the settings left too
    assert panel.chords.text() == "Dm7 G7" and panel.bars.value() == 0
    assert messages[-1].startswith("Chords not changed: 500,000 characters")


def test_ctrl_z_after_a_chart_brings_back_the_chords_bars_and_tempo_before_it_and_ctrl_y_the_chart(window,
                                                                                                    tmp_path, qtbot):
    """Ctrl+Z brought back the chords only: Bars stayed 'Whole chart', Tempo the chart's."""
    page = jazz_page(window)
    panel = page.generation
    panel.charts.choose = lambda tunes: tunes[0]
    panel.bars.setValue(16)
    panel.tempo.setValue(120)
    panel.chords.setText("Dm7 G7 | Cmaj7")
    chart = tmp_path / "blues.txt"
    chart.write_text(ireal_link(ireal_song("Blues", "[T44C7XyQ|F7XyQ|C7XyQ|G7XyQ Z", tempo=170)))
    page.open_path(str(chart))
    read(qtbot, panel)
    blues = panel.chords.text()
    assert blues.startswith("[ C7") and panel.bars.text() == "Whole chart" and panel.tempo.value() == 170

    QTest.keyClick(panel.chords, Qt.Key_Z, Qt.ControlModifier)
    assert (panel.chords.text(), panel.bars.value(), panel.tempo.value()) == ("Dm7 G7 | Cmaj7", 16, 120)
    QTest.keyClick(panel.chords, Qt.Key_Y, Qt.ControlModifier)
    assert (panel.chords.text(), panel.bars.value(), panel.tempo.value()) == (blues, 0, 170)

    right_click(panel.chords, "edit-undo")  # the right-click menu's Undo and Redo, alike
    assert (panel.chords.text(), panel.bars.value(), panel.tempo.value()) == ("Dm7 G7 | Cmaj7", 16, 120)
    right_click(panel.chords, "edit-redo")
    assert (panel.chords.text(), panel.bars.value(), panel.tempo.value()) == (blues, 0, 170)

    QTest.keyClicks(panel.chords, " | F7")  # typed after the chart: Ctrl+Z takes that back first, Bars stays
    QTest.keyClick(panel.chords, Qt.Key_Z, Qt.ControlModifier)
    assert (panel.chords.text(), panel.bars.value()) == (blues, 0)
    QTest.keyClick(panel.chords, Qt.Key_Z, Qt.ControlModifier)
    assert (panel.chords.text(), panel.bars.value(), panel.tempo.value()) == ("Dm7 G7 | Cmaj7", 16, 120)


def test_ctrl_z_after_a_pasted_link_steps_back_to_the_link_with_the_old_settings_then_the_chords(window, qtbot):
    panel = jazz_page(window).generation
    panel.bars.setValue(8)
    panel.tempo.setValue(200)
    panel.chords.clear()
    QTest.keyClicks(panel.chords, "Dm7 G7")
    QGuiApplication.clipboard().setText(ireal_link(ireal_song("Blues", "[T44C7XyQ|F7XyQ Z", tempo=90)))
    QTest.keyClick(panel.chords, Qt.Key_A, Qt.ControlModifier)
    QTest.keyClick(panel.chords, Qt.Key_V, Qt.ControlModifier)
    read(qtbot, panel)
    assert (panel.chords.text()[:4], panel.bars.value(), panel.tempo.value()) == ("[ C7", 0, 90)
    QTest.keyClick(panel.chords, Qt.Key_Z, Qt.ControlModifier)
    assert (panel.chords.text()[:9], panel.bars.value(), panel.tempo.value()) == ("irealb://", 8, 200)
    QTest.keyClick(panel.chords, Qt.Key_Z, Qt.ControlModifier)
    assert (panel.chords.text(), panel.bars.value(), panel.tempo.value()) == ("Dm7 G7", 8, 200)
    assert not panel.charts.reading


def test_generate_greyed_by_a_training_says_why_in_its_tooltip_and_on_enter_in_the_chords(window, qtbot):
    """The tooltip still read 'Improvise a new solo…', and Enter in the Chords field did nothing, unsaid."""
    page = jazz_page(window)
    panel, messages = page.generation, []
    page.status.connect(messages.append)
    qtbot.waitUntil(lambda: not page.busy(), timeout=60_000)  # the page's start-up jobs
    page.model = object()  # a model in use; no Generate is run here
    panel.set_ready(True)
    assert panel.generate_button.toolTip() == "Improvise a new solo with the current model"
    gate = threading.Event()
    page.jobs.run("train", lambda job: gate.wait(30))  # a training that runs until the gate opens
    try:
        assert not panel.generate_button.isEnabled() and not panel.regenerate_button.isEnabled()
        why = "Waiting for the training to finish: Cancel below (Esc) stops it"
        assert panel.generate_button.toolTip() == why and panel.regenerate_button.toolTip() == why
        QTest.keyClick(panel.chords, Qt.Key_Return)
        assert messages[-1] == "Not generated: waiting for the training to finish: Cancel below (Esc) stops it"
        assert not page.jobs.waiting  # nothing queued behind the training
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    assert panel.generate_button.isEnabled()
    assert panel.generate_button.toolTip() == "Improvise a new solo with the current model"
    page.model = None
    panel.set_ready(False)
    QTest.keyClick(panel.chords, Qt.Key_Return)
    assert messages[-1] == "Not generated: train or open a model first"
