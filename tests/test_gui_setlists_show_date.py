"""The show's date and venue in the next-show panel, which history a model belongs to, and drafts that change
nothing."""

import pytest
from PySide6.QtCore import QDate
from PySide6.QtTest import QTest

pytest.importorskip("engine.setlists.draft", reason="the setlist engine's drafting has not landed yet")


@pytest.fixture(scope="module")
def bands(tmp_path_factory):
    """Two bands' histories, both in a file called setlists.csv, and a tiny model trained on the first's."""
    from engine.setlists.export import write_history
    from engine.setlists.history import History, demo_history, load_history
    from engine.setlists.model import TrainSettings, train

    root = tmp_path_factory.mktemp("bands")
    demo = demo_history()
    paths = []
    for name, shows in (("a", demo.shows[:30]), ("b", demo.shows[30:60])):
        (root / name).mkdir()
        paths.append(str(root / name / "setlists.csv"))
        write_history(History(shows), paths[-1])
    settings = TrainSettings(epochs=1, hidden=8, dims=8, word2vec_epochs=1, feature_hidden=8, tune_epochs=0)
    model = train(load_history(paths[0]), settings)
    model.save(root / "model")
    return paths[0], paths[1], str(root / "model")


def read(page, qtbot, path: str) -> None:
    page.import_paths([path])
    qtbot.waitUntil(lambda: not page.reading(), timeout=30000)


def field_date(page) -> str:
    return page.next_show.date.date().toString("yyyy-MM-dd")


def test_an_opened_show_keeps_its_date_when_the_history_is_loaded_again(page, bands, tmp_path, qtbot):
    """Loading the history (Demo band, or the band's CSV again) set the Date field to the day after its last
    show, and Regenerate unlocked then re-dated the opened show and dropped its file, without a word."""
    from engine.files import write_json
    from engine.setlists.setlist import Entry, Set, Setlist

    page.load_model(bands[2])
    song, other = page.history.shows[0].songs()[:2]
    path = str(tmp_path / "gig.encore-setlist")
    entries = [Entry(song, locked=True), Entry(other)]
    write_json(path, Setlist("2025-01-10", "The Barn", [Set("Set 1", entries)]).to_json())
    page.open_setlist(path)
    assert (field_date(page), page.next_show.venue.text()) == ("2025-01-10", "The Barn")
    page.load_demo()
    assert field_date(page) == "2025-01-10" and page.setlist.date == "2025-01-10"
    with qtbot.waitSignal(page.runner.finished, timeout=60000):
        page.next_show.editor.regenerate_button.click()
    assert page.setlist.songs()[0] == song and page.undo_stack.count() == 1  # regenerated around the lock
    assert (page.setlist.date, page.setlist.venue, page.show_path) == ("2025-01-10", "The Barn", path)


def test_a_date_picked_by_hand_before_the_draft_stays_when_a_history_is_loaded(page, bands, qtbot):
    page.load_demo()
    assert field_date(page) == page.history.next_date()  # suggested: no show, no date picked
    page.next_show.date.setDate(QDate(2025, 2, 2))
    read(page, qtbot, bands[0])
    assert field_date(page) == "2025-02-02" and not page.setlist.sets


def test_the_date_and_venue_typed_change_the_show_one_undo_step_each(page, tmp_path):
    """The fields were read only by Generate: the heading, export, Print and Save kept the old date and venue."""
    panel = page.next_show
    panel.date.setDate(QDate(2025, 1, 10))
    panel.editor.add_song("Tweezer")
    assert page.export_to(str(tmp_path / "gig.encore-setlist"))
    steps = page.undo_stack.count()
    panel.date.setDate(QDate(2025, 3, 1))
    QTest.keyClicks(panel.venue, "Red Rocks")  # a step for the typing, not one per key
    assert (page.setlist.date, page.setlist.venue) == ("2025-03-01", "Red Rocks")
    assert page.undo_stack.count() == steps + 2 and page.has_unsaved_changes()
    assert "Next show: 2025-03-01 Red Rocks" in panel.heading.text()
    assert page.export_to(str(tmp_path / "gig.txt"))
    assert (tmp_path / "gig.txt").read_text().splitlines()[0] == "2025-03-01 Red Rocks"
    page.undo_stack.undo()
    assert page.setlist.venue == "" and panel.venue.text() == "" and page.setlist.date == "2025-03-01"
    page.undo_stack.undo()
    assert page.setlist.date == "2025-01-10" == field_date(page)
    assert "Next show: 2025-01-10" in panel.heading.text() and page.undo_stack.count() == steps + 2
    page.undo_stack.redo()
    assert page.setlist.date == "2025-03-01" == field_date(page)
    panel.date.setDate(QDate(2025, 1, 10))  # typed back to what the show had: no step left
    assert page.undo_stack.index() == steps and page.setlist.date == "2025-01-10"


def test_a_model_fits_only_the_shows_it_learned_not_a_file_of_the_same_name(page, bands, qtbot):
    """For a CSV the band is the file name: another band's setlists.csv got the model's song map."""
    read(page, qtbot, bands[0])
    page.load_model(bands[2])
    assert page._model_fits() and page.explorer.embedding is page.model.embedding
    read(page, qtbot, bands[1])
    assert not page._model_fits() and page.explorer.embedding is not page.model.embedding


def test_the_models_line_follows_the_history_loaded_after_it(page, bands, qtbot):
    """"…not the one open" was written when the model came, and stayed once its own history was loaded."""
    read(page, qtbot, bands[1])
    page.load_model(bands[2])
    assert "(on another history, not the one open" in page.training.state.text()
    read(page, qtbot, bands[0])
    assert page.training.state.text().startswith("Loaded from") and "not the" not in page.training.state.text()
    page.load_demo()  # the model's 30 shows and the demo band's later ones: still its band
    assert "not the" not in page.training.state.text()
    read(page, qtbot, bands[1])
    assert "(on another history, not the one open" in page.training.state.text()


def test_a_new_draft_over_an_opened_show_is_saved_nowhere_unasked(page, bands, tmp_path, qtbot):
    """The Date field re-dates an opened show, so Generate's new draft had the opened show's date, kept its file,
    and Save wrote the draft over it."""
    from engine.files import write_json
    from engine.setlists.setlist import Entry, Set, Setlist

    page.load_model(bands[2])
    path = str(tmp_path / "gig.encore-setlist")
    write_json(path, Setlist("2025-01-10", "The Barn", [Set("Set 1", [Entry(page.history.shows[0].songs()[0])])])
               .to_json())
    page.open_setlist(path)
    page.next_show.date.setDate(QDate(2025, 3, 1))
    with qtbot.waitSignal(page.runner.finished, timeout=60000):
        page.next_show.generate_button.click()
    assert page.setlist.date == "2025-03-01" and len(page.setlist.songs()) > 1 and page.show_path == ""
    page.undo_stack.undo()  # the opened show back, with its file
    assert page.setlist.date == "2025-03-01" and len(page.setlist.songs()) == 1 and page.show_path == path
    page.undo_stack.redo()
    assert page.show_path == ""


def test_a_date_picked_and_drafted_gives_way_to_the_suggestion_once_the_draft_is_undone(page, bands, qtbot):
    page.load_model(bands[2])
    page.next_show.date.setDate(QDate(2001, 2, 3))
    with qtbot.waitSignal(page.runner.finished, timeout=60000):
        page.next_show.generate_button.click()
    assert page.setlist.date == "2001-02-03"
    while page.undo_stack.canUndo():
        page.undo_stack.undo()
    assert not page.next_show.has_show()
    page.load_demo()
    assert field_date(page) == page.history.next_date() != "2001-02-03"


def generate(page, qtbot, keep_locked: bool = False) -> None:
    panel = page.next_show
    with qtbot.waitSignal(page.runner.finished, timeout=60000):
        (panel.editor.regenerate_button if keep_locked else panel.generate_button).click()


def test_a_new_show_for_another_history_is_drafted_for_its_next_date(page, bands, qtbot):
    """The show on screen kept its date when another band's history came in, and Generate drafted the new band's
    show for that date: one of the old band's, already played, with the wrong date in every export."""
    read(page, qtbot, bands[0])
    page.load_model(bands[2])
    generate(page, qtbot)
    first = page.history.next_date()
    assert page.setlist.date == first
    read(page, qtbot, bands[1])  # the same file name, thirty shows later
    assert field_date(page) == first == page.setlist.date  # the show on screen keeps its date
    generate(page, qtbot)
    assert page.setlist.date == page.history.next_date() > first
    page.next_show.date.setDate(QDate(2010, 1, 1))  # typed: the user's date, even one already played
    page.next_show.seed.setValue(2)
    generate(page, qtbot)
    assert page.setlist.date == "2010-01-01"
    page.load_demo()  # another history: the date typed for the last one was played already
    generate(page, qtbot)
    assert page.setlist.date == page.history.next_date() == "2024-11-30"


def test_a_date_after_the_last_show_is_drafted_whoever_put_it_in_the_field(page, bands, qtbot):
    read(page, qtbot, bands[1])
    page.load_model(bands[2])
    generate(page, qtbot)
    page.next_show.date.setDate(QDate(2030, 1, 1))  # typed for the show of this band
    page.load_demo()  # another band, whose last show is before it: a date still to come
    generate(page, qtbot)
    assert page.setlist.date == "2030-01-01"


def test_the_date_typed_stays_when_the_same_shows_come_under_another_file_name(page, bands, tmp_path, qtbot):
    """A copy of the band's CSV was another band (the band is a CSV's file name), and Generate drafted the day
    after its last show instead of the date typed."""
    import shutil

    read(page, qtbot, bands[0])
    page.load_model(bands[2])
    page.next_show.date.setDate(QDate(2012, 1, 1))
    generate(page, qtbot)
    assert page.setlist.date == "2012-01-01"
    read(page, qtbot, str(shutil.copy(bands[0], tmp_path / "a_copy.csv")))
    page.next_show.seed.setValue(5)
    generate(page, qtbot)
    assert page.setlist.date == "2012-01-01" != page.history.next_date()
    page.next_show.date.setDate(QDate(2010, 3, 1))  # typed: a show already played, drafted again
    read(page, qtbot, bands[0])
    generate(page, qtbot)
    assert page.setlist.date == "2010-03-01"


@pytest.mark.parametrize("together", [True, False])
def test_a_show_opened_with_its_bands_history_keeps_its_date(page, bands, tmp_path, qtbot, together):
    """Opened while the demo band was loaded, the show was the demo band's, and Generate drafted the day after
    the band's last show instead of the show's date, the first show after it; opened after the CSV, it kept it."""
    from engine.files import write_json
    from engine.setlists.history import load_history
    from engine.setlists.setlist import Entry, Set, Setlist

    page.load_model(bands[2])
    path = str(tmp_path / "gig.encore-setlist")
    song = load_history(bands[0]).shows[0].songs()[0]
    write_json(path, Setlist("2011-01-10", "The Barn", [Set("Set 1", [Entry(song, locked=True)])]).to_json())
    if together:  # dropped together, or named together on the command line
        page.import_paths([path, bands[0]])
        qtbot.waitUntil(lambda: not page.reading(), timeout=30000)
    else:
        page.open_setlist(path)
        read(page, qtbot, bands[0])
    assert page.history.next_date() == "2010-10-14" and field_date(page) == "2011-01-10"
    generate(page, qtbot)
    assert page.setlist.date == "2011-01-10" and len(page.setlist.songs()) > 1


def test_an_opened_show_ahead_of_the_last_show_keeps_its_date_for_generate(page, bands, tmp_path, qtbot):
    from engine.files import write_json
    from engine.setlists.setlist import Entry, Set, Setlist

    page.load_model(bands[2])
    path = str(tmp_path / "gig.encore-setlist")
    write_json(path, Setlist("2025-01-10", "", [Set("Set 1", [Entry(page.history.shows[0].songs()[0])])]).to_json())
    page.open_setlist(path)
    page.load_demo()  # the same history again
    generate(page, qtbot)
    assert page.setlist.date == "2025-01-10" and len(page.setlist.songs()) > 1


def test_a_draft_the_same_as_the_show_is_no_edit(page, bands, qtbot, tmp_path):
    """Generate or Regenerate with the same seed changed nothing, yet pushed an undo step and marked the saved
    show unsaved, and the status counted its songs as if they were new."""
    read(page, qtbot, bands[0])
    page.load_model(bands[2])
    messages, stack = [], page.undo_stack
    page.status.connect(messages.append)
    generate(page, qtbot)
    assert page.export_to(str(tmp_path / "gig.encore-setlist"))
    steps, shown = stack.count(), page.setlist.to_json()
    generate(page, qtbot)
    assert stack.count() == steps and stack.isClean() and not page.has_unsaved_changes()
    assert page.setlist.to_json() == shown
    assert messages[-1] == ("Same songs: the seed and temperature give this draft; change the seed or raise the "
                            "temperature for others")
    page.next_show.editor.select(0, 0)
    page.next_show.editor.set_locked(True)
    generate(page, qtbot, keep_locked=True)
    assert page.export_to(str(tmp_path / "gig.encore-setlist"))
    steps = stack.count()
    generate(page, qtbot, keep_locked=True)
    assert stack.count() == steps and stack.isClean() and messages[-1].startswith("Same songs:")
    page.next_show.temperature.setValue(0)
    generate(page, qtbot)
    generate(page, qtbot)
    assert messages[-1] == ("Same songs: temperature 0 always drafts the likeliest songs; raise the temperature "
                            "for others")


def test_at_temperature_0_another_seed_is_no_edit(page, bands, qtbot):
    """Temperature 0 drafts the likeliest songs whatever the seed, yet the heading showed the seed, so another
    seed made an undo step and marked the show unsaved for the same songs; the status then said to change the
    seed, which at temperature 0 changes nothing."""
    read(page, qtbot, bands[0])
    page.load_model(bands[2])
    messages, stack = [], page.undo_stack
    page.status.connect(messages.append)
    page.next_show.temperature.setValue(0)
    page.next_show.seed.setValue(1)
    generate(page, qtbot)
    heading, steps = page.next_show.heading.text(), stack.count()
    assert "temperature 0" in heading and "seed" not in heading
    page.next_show.seed.setValue(2)
    generate(page, qtbot)
    assert stack.count() == steps and page.next_show.heading.text() == heading
    assert messages[-1] == ("Same songs: temperature 0 always drafts the likeliest songs; raise the temperature "
                            "for others")
