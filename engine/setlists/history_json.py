"""A compact JSON form of a history, kept inside a model folder so the model can draft without its data."""

from __future__ import annotations

from .history import History, Show
from .setlist import Entry, Set, one_line, read_mark, song_name


def history_to_compact(history: History) -> list:
    return [[show.date, show.venue, show.show_id,
             [[s.name, [[e.song, e.transition] for e in s.entries]] for s in show.sets]] for show in history.shows]


def history_from_compact(data: list, band: str = "", demo: bool = False, artist: str = "") -> History:
    """ValueError or TypeError when model.json was edited into something history_to_compact never writes."""
    shows = [Show(_text(date), _text(venue), [_set(name, entries) for name, entries in sets], {}, _text(show_id))
             for date, venue, show_id, sets in data]
    return History(shows, [], one_line(band), demo, artist=one_line(artist))


def _set(name, entries) -> Set:
    return Set(_text(name), [Entry(song_name(song), read_mark(mark)) for song, mark in entries])


def _text(value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return one_line(value)  # a model saved before the readers took line breaks out of venues
