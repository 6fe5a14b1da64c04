"""A show's setlist as Encore edits it: named sets of songs, each with the mark that follows it.

One `Setlist` object is shared by the engine (drafting), the undo stack, the exporters and the Qt view.
Edits go through its methods so every view sees the same truth.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..errors import FileProblem, damage

TRANSITIONS = (",", ">", "->")  # none, segue, jam segue: the marks after a song a user can set
UNKNOWN = ""  # a source that gives no mark (an empty CSV cell, setlist.fm): neither a segue nor a stop
SEGUE_MARKS = (">", "->")  # the marks that lead into the next song: never after a set's last song
RECENT_BACK = "recent_back"  # in a draft's meta: how many of its songs the last shows played (none left)
DAMAGED = (KeyError, TypeError, ValueError, AttributeError, IndexError)  # what from_json raises on a damaged file


@dataclass
class Entry:
    song: str
    transition: str = ","
    probability: float | None = None  # the model's probability for this slot, when drafted
    alternatives: list[tuple[str, float]] = field(default_factory=list)  # the model's next choices
    locked: bool = False  # kept when the user regenerates the rest

    def to_json(self) -> dict:
        return {"song": self.song, "transition": self.transition, "probability": self.probability,
                "alternatives": [{"song": s, "probability": p} for s, p in self.alternatives],
                "locked": self.locked}

    @classmethod
    def from_json(cls, data: dict) -> Entry:
        """ValueError for a song that is not a name or a probability that is not one: the views format them."""
        alts = [(song_name(a["song"]), _probability(a["probability"])) if isinstance(a, dict)
                else (song_name(a[0]), _probability(a[1])) for a in data.get("alternatives") or []]
        probability = None if data.get("probability") is None else _probability(data["probability"])
        locked = data.get("locked", False)
        if not isinstance(locked, bool):  # bool("false") is True
            raise ValueError(f"locked {locked!r} is not true or false")
        return cls(song_name(data["song"]), read_mark(data.get("transition")), probability, alts, locked)


def read_mark(value) -> str:
    """A mark as a file gives it: one Encore does not know, or none, is unknown, not a claim of no segue."""
    value = value.strip() if isinstance(value, str) else ""
    return value if value in TRANSITIONS else UNKNOWN


def damaged(error: Exception) -> str:
    """What is wrong with a hand-edited show or setlist, in words."""
    return damage(error, "a song", "a show, set or song")


def one_line(text: str) -> str:
    """A name as one line: a line break, a tab or a run of spaces inside it is one space. A name is shown as the
    band wrote it otherwise, but a venue's address on two lines (or a tab pasted into a song) ran a setlist's
    text over two lines, where each line is a set."""
    return " ".join(text.split())


def song_name(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"song {value!r} is not a song name")
    return one_line(value)


def _probability(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:  # NaN fails too
        raise ValueError(f"probability {value!r} is not a number from 0 to 1")
    return float(value)


@dataclass
class Set:
    name: str  # "Set 1", "Set 2", "Encore"
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Setlist:
    date: str = ""  # YYYY-MM-DD
    venue: str = ""
    sets: list[Set] = field(default_factory=list)
    meta: dict = field(default_factory=dict)  # model, seed, temperature, "demo": True ...

    def songs(self) -> list[str]:
        return [e.song for s in self.sets for e in s.entries]

    def insert(self, set_index: int, position: int, entry: Entry) -> None:
        self.sets[set_index].entries.insert(position, entry)

    def remove(self, set_index: int, position: int) -> Entry:
        return self.sets[set_index].entries.pop(position)

    def move(self, src: tuple[int, int], dst: tuple[int, int]) -> None:
        """Move the entry at (set, position) src to (set, position) dst, dst read after removal."""
        entry = self.remove(*src)
        self.insert(dst[0], dst[1], entry)

    def to_json(self) -> dict:
        return {"date": self.date, "venue": self.venue, "meta": self.meta,
                "sets": [{"name": s.name, "songs": [e.to_json() for e in s.entries]} for s in self.sets]}

    @classmethod
    def from_json(cls, data: dict) -> Setlist:
        meta = data.get("meta") or {}
        if not isinstance(meta, dict):  # dict() would read a list of pairs
            raise TypeError(f"meta is a {type(meta).__name__}, not an object")
        sets: list[Set] = []
        for s in data.get("sets", []):
            sets.append(Set(_set_name(s.get("name"), sets), [Entry.from_json(e) for e in s.get("songs", [])]))
        return cls(one_line(str(data.get("date") or "")),  # a null venue is none, not 'None'
                   one_line(str(data.get("venue") or "")), sets, dict(meta))


def _set_name(name, before: list[Set]) -> str:
    """A set's name as written; a missing, null or blank one is the set after the last numbered set before it,
    as setlist.fm's unnamed sets are (an encore takes no number): not a set named 'None' or '', whose CSV label
    no reader knows."""
    if name is not None and str(name).strip():
        return one_line(str(name))
    from .history import SET_LABEL

    numbers = [int(found.group(1)) for s in before if (found := SET_LABEL.fullmatch(s.name)) and found.group(1)]
    return f"Set {max(numbers, default=0) + 1}"


def writable(setlist: Setlist) -> Setlist:
    """The setlist with its text made writable: half an emoji in a JSON escape, or a file name's byte that is
    not UTF-8, reads in as a lone surrogate and stopped every save and export (it becomes '?')."""
    from ..words import valid_text

    setlist.venue, setlist.date = valid_text(setlist.venue), valid_text(setlist.date)
    if isinstance(getattr(setlist, "show_id", None), str):
        setlist.show_id = valid_text(setlist.show_id)
    for s in setlist.sets:
        s.name = valid_text(s.name)
        for entry in s.entries:
            entry.song = valid_text(entry.song)
            entry.alternatives = [(valid_text(name), p) for name, p in entry.alternatives]
    return setlist


def is_drafted_show(data) -> bool:
    """Whether JSON data is one drafted show (predict's or the editor's): its sets at the top, no shows."""
    return isinstance(data, dict) and isinstance(data.get("sets"), list) and "shows" not in data


def read_setlist(path: str | os.PathLike) -> Setlist:
    """A drafted setlist saved as JSON, or exported as CSV (File > Open); FileProblem naming the file when it
    is not one."""
    from ..files import read_json

    if str(path).lower().endswith(".csv"):
        return _drafted_csv(path)
    return _drafted_json(read_json(path), path)


def read_template(path: str | os.PathLike) -> tuple[Setlist, list[str]]:
    """A setlist to draft again (predict --template), and a warning for each locked song whose mark Encore
    does not know: read as unknown, as a history's are, so the draft gives it the model's mark."""
    from ..files import read_json
    from .export import is_setlist_text

    if str(path).lower().endswith(".txt") and is_setlist_text(path):  # not 'is not valid JSON (Extra data...)'
        raise FileProblem("a setlist's text export cannot be a template: give its .json or .csv", path)
    if str(path).lower().endswith(".csv"):
        return _drafted_csv(path), []  # a CSV has no locks: every mark is drafted again
    data = read_json(path)
    return _drafted_json(data, path), [f"{path}: {song!r} is locked with the mark {mark!r}, which Encore does not "
                                       f"know (',', '>' or '->'): the draft gives it the model's mark"
                                       for song, mark in _unknown_locked_marks(data)]


def _unknown_locked_marks(data: dict) -> list[tuple[str, object]]:
    """(song, mark) of the locked songs of a setlist read without fault whose marks are neither known nor
    missing."""
    return [(song_name(e["song"]), e["transition"]) for s in data.get("sets", []) for e in s.get("songs", [])
            if e.get("locked") is True and e.get("transition") not in (None, "")
            and read_mark(e["transition"]) == UNKNOWN]


def _drafted_json(data, path) -> Setlist:
    if isinstance(data, dict) and isinstance(data.get("shows"), list):  # a --template given a history: no locks
        raise FileProblem("is a history of shows, not one drafted show: import it as the band's history", path)
    if not is_drafted_show(data):
        raise FileProblem("is not an Encore setlist (expected an object with a list of \"sets\")", path)
    try:
        return writable(Setlist.from_json(data))
    except DAMAGED as e:
        raise FileProblem(f"has a damaged set or song: {damaged(e)}", path) from None


def is_drafted_csv(path: str | os.PathLike) -> bool:
    """Whether a CSV holds one drafted show as the editor exports it: the history columns and a probability
    (a history of many shows with that column is still a history)."""
    from ..files import read_text
    from .formats import csv_columns, load_histories

    if "probability" not in csv_columns(read_text(path)):
        return False
    try:
        return len(load_histories([path], drafted=True).shows) == 1
    except FileProblem:
        return False


def _drafted_csv(path) -> Setlist:
    """The show of an exported draft (its alternatives and settings are not in a CSV)."""
    import csv
    import io

    from ..files import read_text
    from .formats import column_names, csv_delimiter, load_histories

    history = load_histories([path], drafted=True)
    shows = history.shows
    if len(shows) != 1:
        raise FileProblem(f"holds {len(shows)} shows, not one drafted show: import it as the band's history", path)
    show = shows[0]
    text = read_text(path)
    rows = csv.reader(io.StringIO(text), delimiter=csv_delimiter(text))
    header = column_names(next(rows, []))  # as is_drafted_csv reads it: 'Probability' is the column too
    at = header.index("probability") if "probability" in header else len(header)
    odds = [row[at] if at < len(row) else "" for row in rows if row]  # blank lines skipped, as DictReader does
    entries = [e for s in show.sets for e in s.entries]
    for entry, text in zip(entries, odds if len(odds) == len(entries) else [], strict=False):
        try:
            entry.probability = min(max(float(text), 0.0), 1.0)
        except ValueError:  # an empty cell, as a song typed by hand exports
            pass
    return Setlist(show.date, show.venue, show.sets, {"demo": True} if history.demo else {})
