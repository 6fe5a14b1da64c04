"""Esc with two job bars shown (a history read while a model trains): it stops the job whose bar appeared last,
whatever order Qt hands an ambiguous key to the two shortcuts in, and only that bar's Cancel says "(Esc)"."""

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from gui.jobs import ESC_TIP, OTHER_TIP, JobRunner, ProgressPanel


def until_cancelled(job):
    """A job that costs nothing: it waits for its Cancel (or gives up after a minute)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.check()
        time.sleep(0.01)


def shown(qtbot, widget):
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def press_esc(qtbot, window, runner):
    """Esc, then wait for the job it stops to end (its bar hides then), so the next press meets one bar."""
    with qtbot.waitSignal(runner.cancelled, timeout=5000):
        QTest.keyClick(window, Qt.Key_Escape)


@pytest.fixture
def two_bars(app, qtbot):
    """A window with a training's bar above a reading's, as on the Setlists page."""
    window = QWidget()
    qtbot.addWidget(window)
    runners = {name: JobRunner(window) for name in ("training", "reading")}
    panels = {name: ProgressPanel(runner, window) for name, runner in runners.items()}
    layout = QVBoxLayout(window)
    for panel in panels.values():
        layout.addWidget(panel)
    shown(qtbot, window)
    yield window, runners, panels
    for runner in runners.values():
        runner.stop()


@pytest.mark.parametrize("first, then", [("training", "reading"), ("reading", "training")])
def test_esc_stops_the_job_started_last_then_the_other(two_bars, qtbot, first, then):
    window, runners, panels = two_bars
    for name in (first, then):
        runners[name].start(until_cancelled)
        qtbot.waitUntil(panels[name].isVisible)
    assert panels[then].cancel_button.toolTip() == ESC_TIP
    assert panels[first].cancel_button.toolTip() == OTHER_TIP

    press_esc(qtbot, window, runners[then])
    assert runners[first].running and not runners[then].running
    assert panels[first].cancel_button.toolTip() == ESC_TIP  # Esc is its own again, and it says so

    press_esc(qtbot, window, runners[first])
    assert not runners[first].running


def test_a_job_that_starts_again_is_the_newer(two_bars, qtbot):
    """The order is when each bar appeared, not which panel was made first."""
    window, runners, panels = two_bars
    runners["reading"].start(until_cancelled)
    runners["training"].start(until_cancelled)
    press_esc(qtbot, window, runners["training"])
    runners["training"].start(until_cancelled)
    assert panels["training"].cancel_button.toolTip() == ESC_TIP
    assert panels["reading"].cancel_button.toolTip() == OTHER_TIP
    press_esc(qtbot, window, runners["training"])
    assert runners["reading"].running


def test_esc_stops_the_shown_pages_job_though_a_hidden_page_started_one_later(app, qtbot):
    """A Setlists job runs on while Jazz shows: Esc there is the Jazz job's, and its Cancel says so."""
    pages = QStackedWidget()
    qtbot.addWidget(pages)
    runners, panels = [], []
    for _ in range(2):
        page = QWidget()
        runners.append(JobRunner(page))
        panels.append(ProgressPanel(runners[-1], page))
        QVBoxLayout(page).addWidget(panels[-1])
        pages.addWidget(page)
    shown(qtbot, pages)
    try:
        runners[0].start(until_cancelled)
        runners[1].start(until_cancelled)  # on the page not shown
        assert panels[0].cancel_button.toolTip() == ESC_TIP
        pages.setCurrentIndex(1)
        assert panels[1].cancel_button.toolTip() == ESC_TIP
        pages.setCurrentIndex(0)
        press_esc(qtbot, pages, runners[0])
        assert runners[1].running
    finally:
        for runner in runners:
            runner.stop()


def test_esc_on_the_setlists_page_stops_a_reading_started_during_a_training(page, window, qtbot):
    shown(qtbot, window)
    page.runner.start(until_cancelled)
    page.reader.start(until_cancelled)
    press_esc(qtbot, window, page.reader)
    assert page.runner.running
    press_esc(qtbot, window, page.runner)


def test_esc_during_the_warm_up_stops_the_job_waiting_behind_it(app, qtbot):
    """The start-up's warm-up runs to its end whatever Cancel says: Esc pressed after Train stopped nothing,
    and the training the user meant to stop began when the warm-up ended."""
    import threading

    from gui.jazz.job_queue import JobQueue

    window = QWidget()
    qtbot.addWidget(window)
    queue = JobQueue(window)
    panel = ProgressPanel(queue.runner, window, cancel=queue.cancel)
    QVBoxLayout(window).addWidget(panel)
    shown(qtbot, window)
    warming, ran, stopped = threading.Event(), [], []
    queue.cancelled.connect(stopped.append)
    queue.run("warm-up", lambda job: warming.wait(60), done=ran.append)
    queue.run("import", lambda job: "read", done=ran.append)
    queue.run("train", lambda job: "trained", done=ran.append)
    qtbot.waitUntil(panel.isVisible)
    QTest.keyClick(window, Qt.Key_Escape)
    assert stopped == ["train"] and queue.ended.label == "train"
    warming.set()
    qtbot.waitUntil(lambda: not queue.busy and not queue.waiting, timeout=10000)
    assert ran == [True, "read"]  # the warm-up ended as it runs, the import waiting before Train still ran
    queue.run("train", lambda job: until_cancelled(job), done=ran.append)
    qtbot.waitUntil(panel.isVisible)
    with qtbot.waitSignal(queue.cancelled, timeout=5000):  # a job of the user's: Esc stops it as before
        QTest.keyClick(window, Qt.Key_Escape)
    assert stopped == ["train", "train"]
    queue.stop()
