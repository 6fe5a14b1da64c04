"""A compact JSON form of a history, kept inside a model folder so the model can draft without its data."""

from __future__ import annotations

from .history import History, Show
from .setlist import Entry, Set


def history_to_compact(history: History) -> list:
    return [[show.date, show.venue, show.show_id,
             [[s.name, [[e.song, e.transition] for e in s.entries]] for s in show.sets]] for show in history.shows]


def history_from_compact(data: list, band: str = "", demo: bool = False) -> History:
    shows = [Show(date, venue, [Set(name, [Entry(song, mark) for song, mark in entries]) for name, entries in sets],
                  {}, show_id) for date, venue, show_id, sets in data]
    return History(shows, [], band, demo)
