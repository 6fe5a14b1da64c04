"""The Setlists page's song explorer and show search, as a probe found them: Enter on a typed song left another
song's facts under its name, another band's map was squeezed into a corner under the last band's hover text, and
the show search missed 'Déjà vu' typed 'Deja vu', "Mike's Song" typed with a curly apostrophe, and a song at the
end of a set typed with a space after it."""

from PySide6.QtCore import Qt

from engine.setlists.history import History, Show
from engine.setlists.setlist import Entry, Set


def typed(explorer, qtbot, name: str) -> None:
    """Typed in the picker over what it shows, then Enter."""
    line = explorer.picker.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, name)
    qtbot.keyClick(line, Qt.Key_Return)


def opened(explorer, song: str) -> bool:
    """The explorer shows the song's facts (not only its name in the picker)."""
    from engine.setlists.history import song_profile

    profile = song_profile(explorer.history, song, follows=8)
    follows = [explorer.follows.item(i).data(Qt.UserRole) for i in range(explorer.follows.count())]
    current = explorer.picker.itemText(explorer.picker.currentIndex())  # the list's own item: not another's
    return (explorer.song == song and explorer.picker.currentText() == current == song
            and explorer.facts["Times played"].text() == f"<b>{profile['times_played']}</b>"
            and explorer.facts["First played"].text() == profile["first_played"]
            and follows == [f["song"] for f in profile["followed_by"]])


def test_enter_on_a_typed_song_opens_that_song(page, qtbot):
    """The picker's current item stayed the list's first song while the text said another: typing the first
    song's name sent no textActivated, and Enter left the other song's facts under it. So did typing the song
    the list still held as current after a song never played."""
    explorer = page.explorer
    first, shown = explorer.catalogue.stringList()[0], explorer.song
    assert shown and first != shown  # the demo band's last show opens with another song
    typed(explorer, qtbot, first)
    assert opened(explorer, first)
    other = explorer.follows.item(0).data(Qt.UserRole)  # a song clicked in a list, then the first typed again
    explorer.follows.itemClicked.emit(explorer.follows.item(0))
    assert opened(explorer, other)
    typed(explorer, qtbot, first)
    assert opened(explorer, first)
    typed(explorer, qtbot, other)  # and any other song, typed exactly as listed
    assert opened(explorer, other)
    typed(explorer, qtbot, first.lower())  # or in another case: the list holds it in no case it matches
    assert opened(explorer, first)
    typed(explorer, qtbot, "Nothing Like It")  # a song never played, then the one before it again
    assert explorer.facts["Times played"].text() == "Nothing Like It: never played by this band"
    typed(explorer, qtbot, first)
    assert opened(explorer, first)


def small_band() -> History:
    songs = ["Alpha", "Beta", "Gamma", "Delta", "Omega"]
    return History([Show(f"2023-03-{day:02d}", "The Barn", [Set("Set 1", [Entry(s) for s in songs[day % 2:]])])
                    for day in range(1, 13)], band="Small")


def test_another_bands_map_fits_its_own_songs_and_forgets_the_last_hover(page, qtbot):
    """The ring's name stayed where the last band's song was: the new map was fitted to take it in, its songs
    squeezed into a corner, and the hover line still named the last band's song, '(click to open)'."""
    from engine.setlists.embeddings import SongEmbedding

    explorer, band_map = page.explorer, page.explorer.map
    demo = SongEmbedding.train(page.history, dims=8, epochs=1)
    demo.vectors = demo.vectors * 50  # a map far wider than the next band's
    page._show_embedding(demo)
    far = max(band_map.names, key=lambda name: abs(band_map.points[band_map.names.index(name)]).sum())
    explorer.open_song(far)
    spot = next(p for p in band_map.scatter.points() if p.data() == far)
    band_map.scatter.sigHovered.emit(band_map.scatter, [spot], None)
    assert far in band_map.hover_label.text()
    page._use_history(small_band(), [])
    assert far not in band_map.hover_label.text() and "click to open" not in band_map.hover_label.text()
    page._show_embedding(SongEmbedding.train(page.history, dims=8, epochs=1))
    assert sorted(band_map.names) == ["Alpha", "Beta", "Delta", "Gamma", "Omega"]
    (left, right), (bottom, top) = band_map.plot.getViewBox().viewRange()
    low, high = band_map.points.min(axis=0), band_map.points.max(axis=0)
    assert left <= low[0] and high[0] <= right and bottom <= low[1] and high[1] <= top  # every song on it
    assert right - left < 1.5 * (high[0] - low[0]) and top - bottom < 1.5 * (high[1] - low[1])  # and no more


def searched_band() -> History:
    def show(date, venue, *songs):
        return Show(date, venue, [Set("Set 1", [Entry(s) for s in songs])])

    return History([show("2019-12-30", "Madison Square Garden", "Déjà vu", "Tweezer"),
                    show("2019-12-31", "Madison Square Garden", "Mike's Song", "Tweezer Reprise"),
                    show("2020-01-01", "Café Wha?", "Tweezer Reprise", "Sand"),
                    show("2020-01-02", "Straße", "Sand")], band="Searched")


def test_the_show_search_matches_songs_as_they_are_matched_elsewhere(page):
    """A plain substring in any case: 'Deja vu' missed 'Déjà vu', 'Mike’s Song' (curly) and 'mikes song' missed
    "Mike's Song", and 'Tweezer Reprise ' missed the show it ends."""
    page._use_history(searched_band(), [])
    panel = page.dataset

    def found(text):
        panel.search.setText(text)
        return sorted(panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount()))

    assert found("Deja vu") == found("DÉJÀ VU") == ["2019-12-30"]
    assert found("Mike’s Song") == found("mikes song") == found("Mike's  song") == ["2019-12-31"]
    assert found("Tweezer Reprise ") == found(" tweezer reprise") == ["2019-12-31", "2020-01-01"]
    assert found("2019-12-31") == ["2019-12-31"] and found("2019-12") == ["2019-12-30", "2019-12-31"]
    assert found("cafe wha") == ["2020-01-01"] and found("STRASSE") == ["2020-01-02"]
    assert found("garden 2") == []  # no match across two cells (the venue, the number of songs)
    assert found("") == found("   ") == ["2019-12-30", "2019-12-31", "2020-01-01", "2020-01-02"]
    assert panel.matches.text() == "4 of 4 shows"


def test_a_search_of_signs_only_finds_them_as_written(page):
    """Folded, signs only were lost: '->' was '>' and found every segue, '&' was 'and' and found 'Grand
    Ballroom', and '!!!' found no show, not even the one with the song called '!!!'."""
    page._use_history(History([
        Show("2021-07-01", "Grand Ballroom", [Set("Set 1", [Entry("Chalk Dust", ">"), Entry("Sand")])]),
        Show("2021-07-02", "The Barn", [Set("Set 1", [Entry("Nope & Nope", "->"), Entry("!!!")])]),
        Show("2021-07-03", "The Barn", [Set("Set 1", [Entry("Sand and Stone"), Entry("Ghost")])]),
    ], band="Signs"), [])
    panel = page.dataset

    def found(text):
        panel.search.setText(text)
        return sorted(panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount()))

    assert found("->") == found("!!!") == found(" & ") == ["2021-07-02"]
    assert found(">") == ["2021-07-01", "2021-07-02"]
    assert found("and") == ["2021-07-01", "2021-07-02", "2021-07-03"]  # words are folded as before
    assert found("nope & nope") == found("Nope and nope") == ["2021-07-02"]
    assert found("?") == [] and panel.matches.text() == "0 of 3 shows"
