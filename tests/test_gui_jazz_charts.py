"""iReal Pro charts in the window: opened or dropped exports and pasted links fill the Chords field."""

from jazz_files import BLUES, BROKEN_TUNE, ireal_export, ireal_link, ireal_song

from engine.jazz.ireal import read_tunes


def jazz_page(window):
    window.show_workspace("jazz")
    return window.workspaces[0]


def read(qtbot, panel) -> None:
    """Waits for the chart being read off the GUI thread."""
    qtbot.waitUntil(lambda: not panel.charts.reading, timeout=30_000)


def test_an_opened_export_fills_the_chords_with_the_chosen_tune_and_undo_brings_back_the_old(window, tmp_path,
                                                                                            qtbot):
    page = jazz_page(window)
    panel, messages, offered = page.generation, [], []
    page.status.connect(messages.append)
    panel.charts.choose = lambda tunes: offered.append([t.title for t in tunes]) or tunes[0]
    panel.chords.setText("Dm7 G7 | Cmaj7")
    export = ireal_export(tmp_path / "Encore Tests.html")
    window.open_path(str(export))  # File > Open and a drop on the window route it alike
    assert panel.chords.text() == "Dm7 G7 | Cmaj7" and panel.charts.reading  # read off the GUI thread
    read(qtbot, panel)
    blues = read_tunes(export)[0]
    assert offered == [["The Blues For Nobody", "Waltz Study"]]
    assert panel.chords.text() == blues.chart and panel.tempo.value() == 160
    assert page.side.currentWidget() is page.generate_tab
    assert messages[-1] == ("Chords of The Blues For Nobody (Encore Tests, key of C): 12 bars from "
                            "Encore Tests.html")
    panel.chords.undo()
    assert panel.chords.text() == "Dm7 G7 | Cmaj7"


def test_a_waltz_keeps_its_meter_and_a_cancelled_choice_changes_nothing(window, tmp_path, qtbot):
    page = jazz_page(window)
    panel, messages = page.generation, []
    page.status.connect(messages.append)
    panel.chords.setText("Bb7")
    panel.charts.choose = lambda tunes: None
    page.import_paths([str(ireal_export(tmp_path / "list.html"))])
    read(qtbot, panel)
    assert panel.chords.text() == "Bb7" and not messages
    panel.charts.choose = lambda tunes: tunes[1]
    page.import_paths([str(tmp_path / "list.html")])
    read(qtbot, panel)
    assert panel.chords.text().startswith("3/4 { C^7 | A-7 | N1 D-7 G7 }") and panel.tempo.value() == 130
    assert messages[-1].endswith("16 bars from list.html; in 3/4")
    assert panel.bars.text() == "Whole chart" and panel.options()["bars"] is None  # the tune, once through


def test_a_pasted_link_becomes_its_chart(window, qtbot):
    panel = jazz_page(window).generation
    link = ireal_link(ireal_song("Blues", BLUES, tempo=24))
    panel.chords.setText(link)
    panel.chords.textEdited.emit(link)  # what a paste into the field sends
    read(qtbot, panel)
    assert panel.chords.text().startswith("[ C7 | F7 | C7 | x | F7 | x |") and panel.tempo.value() == 24  # a slow ballad: the box took 30 and up
    panel.chords.textEdited.emit("Dm7 G7")  # typing chords is left alone
    assert not panel.charts.reading
    assert panel.chords.text().startswith("[ C7")


def test_ctrl_z_after_a_pasted_link_brings_back_the_chords_typed_before(window, qtbot):
    """Each Ctrl+Z put the link back, which was read again at once: the old chords never came back."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest

    panel = jazz_page(window).generation
    panel.chords.clear()
    QTest.keyClicks(panel.chords, "Dm7 G7")
    QGuiApplication.clipboard().setText(ireal_link(ireal_song("Blues", BLUES)))
    QTest.keyClick(panel.chords, Qt.Key_A, Qt.ControlModifier)
    QTest.keyClick(panel.chords, Qt.Key_V, Qt.ControlModifier)
    read(qtbot, panel)
    assert panel.chords.text().startswith("[ C7")
    seen = []
    for _ in range(2):  # back to the link as pasted, then to the chords before it
        QTest.keyClick(panel.chords, Qt.Key_Z, Qt.ControlModifier)
        seen.append(panel.chords.text()[:9])
        assert not panel.charts.reading
    assert seen == ["irealb://", "Dm7 G7"]
    QTest.keyClick(panel.chords, Qt.Key_V, Qt.ControlModifier)  # the same link pasted again is read again
    assert panel.charts.reading
    read(qtbot, panel)


def test_a_playlists_broken_tunes_are_named_beside_the_chart_read(window, tmp_path, qtbot):
    page = jazz_page(window)
    messages = []
    page.status.connect(messages.append)
    playlist = tmp_path / "list.html"
    playlist.write_text(ireal_link(BROKEN_TUNE, BROKEN_TUNE, ireal_song("Blues", BLUES), playlist="List"))
    page.import_paths([str(playlist)])
    read(qtbot, page.generation)
    assert page.generation.chords.text().startswith("[ C7")
    assert messages[-1] == ("Chords of Blues (Encore Tests, key of C): 12 bars from list.html; "
                            "2 tunes skipped (the iReal Pro link of 'Broken' has no chart ...)")


def test_a_file_without_a_chart_is_reported_by_name(window, tmp_path, qtbot):
    page = jazz_page(window)
    messages = []
    page.status.connect(messages.append)
    page.generation.chords.setText("Bb7")
    notes = tmp_path / "notes.html"
    notes.write_text("<html>no chart</html>")
    page.import_paths([str(notes)])
    read(qtbot, page.generation)
    assert page.generation.chords.text() == "Bb7"
    assert messages == [f"Chart not read: {notes}: holds no iReal Pro chart (an irealb:// link, as iReal Pro's "
                        "Share > HTML writes)"]


def test_the_key_buttons_transpose_the_typed_chords_and_the_fields_undo_brings_them_back(window):
    panel = jazz_page(window).generation
    flat, sharp = panel.key_buttons
    assert not sharp.isEnabled()  # nothing typed: the source's chords, which the buttons do not touch
    panel.chords.setText("3/4 Dm7 G7 | Cmaj7 | %")
    sharp.click()
    sharp.click()
    assert panel.chords.text() == "3/4 Em7 A7 | Dmaj7 | %"
    flat.click()
    assert panel.chords.text() == "3/4 Ebm7 Ab7 | Dbmaj7 | %"
    panel.chords.undo()
    assert panel.chords.text() == "3/4 Em7 A7 | Dmaj7 | %"


def test_typed_chords_are_read_as_the_user_types(window, qtbot):
    panel = jazz_page(window).generation
    hint = panel.chords_hint
    panel.chords.setText("Dm7 G7 | Zz9")
    qtbot.waitUntil(lambda: "unknown chord symbol 'Zz9'" in hint.text(), timeout=30_000)
    assert not hint.isHidden() and "c0392b" in hint.styleSheet()  # the problem, in red, before Generate
    panel.chords.setText("3/4 Dm7 | G7 |")
    panel.chords.setText("3/4 {Dm7 | G7} C^7")  # two edits in a row: the latest is read
    qtbot.waitUntil(lambda: hint.text() == "The chart: 5 bars in 3/4", timeout=30_000)
    assert hint.styleSheet() == ""
    panel.chords.setText("")
    qtbot.waitUntil(hint.isHidden, timeout=30_000)


def test_the_latest_chart_asked_for_wins_and_the_busy_cursor_goes(window, tmp_path, qtbot):
    from PySide6.QtGui import QGuiApplication

    page = jazz_page(window)
    messages = []
    page.status.connect(messages.append)
    page.generation.charts.choose = lambda tunes: tunes[0]
    notes = tmp_path / "notes.html"
    notes.write_text("<html>no chart</html>")
    page.import_paths([str(notes)])
    page.import_paths([str(ireal_export(tmp_path / "list.html"))])  # before the first is read
    assert QGuiApplication.overrideCursor() is not None
    read(qtbot, page.generation)
    assert page.generation.chords.text().startswith("[ C7") and not any("not read" in m for m in messages)
    assert QGuiApplication.overrideCursor() is None
