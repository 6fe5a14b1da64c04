"""Writing a drafted setlist or a whole history to CSV, JSON or plain text (atomically, via engine.files)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from pathlib import Path

from ..errors import FileProblem
from ..files import peek, write_json, write_text
from ..words import listed
from . import csv_cells
from .history import History, set_label, set_name
from .setlist import UNKNOWN, Setlist, one_line

COLUMNS = ["show_id", "show_date", "venue", "set", "position", "song", "transition"]
SETLIST_FORMATS = (".json", ".csv", ".txt")
HISTORY_FORMATS = (".json", ".csv")


def check_format(path, formats: tuple[str, ...], what: str) -> str:
    """The path's suffix if it is one of ``formats``; the command line calls this before any slow work."""
    suffix = Path(path).suffix.lower()
    if suffix not in formats:
        raise FileProblem(f"unknown {what} format (use {', '.join(formats)})", path)
    return suffix


def setlist_rows(setlist: Setlist, path, show_id: str = "", demo: bool = False) -> list[list]:
    try:  # (as the CSV reader reads a date) a row without one is skipped on reading back: no show at all
        dt.datetime.strptime(setlist.date.strip(), "%Y-%m-%d")
    except (ValueError, AttributeError):
        raise FileProblem(f"the show {'dated ' + repr(setlist.date) if setlist.date else 'has no date'}"
                          f"{' is not YYYY-MM-DD' if setlist.date else ''}: a CSV needs one (set the date, or "
                          "save it as .json)", path) from None
    rows, position = [], 0
    venue = csv_cells.written(csv_cells.demo_venue(setlist.venue) if demo else setlist.venue)
    for s in setlist.sets:
        label = set_label(s.name)
        if set_name(label) is None:  # read back, its rows would be skipped as an unknown set
            raise FileProblem(f"the set {s.name!r} of the show on {setlist.date or 'no date'} has no CSV label "
                              "(1, 2 ... for sets, E, E2 ... for encores): save it as .json to keep it", path)
        for entry in s.entries:
            position += 1
            rows.append([csv_cells.written(show_id), setlist.date, venue, label, position,
                         csv_cells.written(entry.song), entry.transition])
    return rows


def _csv(rows: list[list], header: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def setlist_text(setlist: Setlist) -> str:
    """The way fans write a setlist: 'Set 1: A > B, C', a line per set. Each name is put on one line (one_line),
    as names read from files are: a show made in memory (the engine's API, a song pasted in the editor) may hold
    a line break or a tab, which started a line of its own here."""
    lines = [one_line(f"{setlist.date} {setlist.venue}") or "Next show"]  # an undated draft: no blank first line
    for s in setlist.sets:
        parts = []
        for i, entry in enumerate(s.entries):
            last = i == len(s.entries) - 1  # its mark leads nowhere: left out, as the stage sheet leaves it
            plain = entry.transition in (",", UNKNOWN)  # an unknown mark claims no segue: a plain comma
            parts.append(one_line(entry.song) + ("" if last else (", " if plain else f" {entry.transition} ")))
        lines.append(f"{one_line(s.name)}: {''.join(parts)}")
    if is_demo(setlist):  # printed or pasted, a demo band's made-up show says so (under it: the date leads)
        lines.append(DEMO_NOTE)
    return "\n".join(lines) + "\n"


SET_LINE = re.compile(r"(?:Set [1-9][0-9]?|Encore(?: [1-9][0-9]?)?):(?:\s|$)")  # a numbered set or an encore
PEEK_BYTES = 16 * 1024  # a show of three sets is a few hundred bytes


def is_setlist_text(path) -> bool:
    """Whether a .txt looks like setlist_text's: a heading line, then a line per set ('Set 1: A > B, C', and the
    demo note, all 'name: words'), one set at least numbered or an encore. Only words are looked at, to say why
    the file is not opened: the text is for reading and printing, and its .json or .csv is the one to edit."""
    head = peek(path, PEEK_BYTES)
    if head is None:
        return False
    lines = [line.strip() for line in head.decode("utf-8", "replace").splitlines() if line.strip()]
    sets = lines[1:-1] if len(head) == PEEK_BYTES else lines[1:]  # the last line peeked may be cut short
    return any(SET_LINE.match(line) for line in sets) and all(":" in line for line in sets)


def drafted_json(setlist: Setlist) -> dict:
    """The predict contract: {"date", "sets": [{"name", "songs": [{"song", "transition", "probability",
    "alternatives"}]}]} plus venue and meta."""
    return setlist.to_json()


def write_setlist(setlist: Setlist, path) -> None:
    suffix = check_format(path, SETLIST_FORMATS, "setlist")
    # a set's last song keeps a segue mark in the .json and .csv, which open again in the editor exactly as
    # saved (a set still being built); only what is read or printed hides it (setlist_text, the stage sheet)
    if suffix == ".json":
        write_json(path, drafted_json(setlist))
    elif suffix == ".csv":
        _check_csv_keeps_sets(setlist, path)
        header = COLUMNS + ["probability"]
        probs = [e.probability for s in setlist.sets for e in s.entries]
        rows = setlist_rows(setlist, path, demo=is_demo(setlist))
        write_text(path, _csv([r + [p] for r, p in zip(rows, probs, strict=True)], header))
    else:
        write_text(path, setlist_text(setlist))


def _check_csv_keeps_sets(setlist: Setlist, path) -> None:
    """A CSV has a row per song and no other: a set the user emptied would vanish from the file, and a show
    with no songs would be a header that opens as no show at all. Refused, as a set with no CSV label is."""
    on = f" on {setlist.date}" if setlist.date else ""
    if not any(s.entries for s in setlist.sets):
        raise FileProblem(f"the show{on} has no songs to write: a CSV keeps songs only; save it as .json to keep "
                          "its sets", path)
    empty = [repr(s.name) for s in setlist.sets if not s.entries]
    if empty:
        one = len(empty) == 1
        raise FileProblem(f"the {'set' if one else 'sets'} {listed(empty)} of the show{on} "
                          f"{'has' if one else 'have'} no songs, and a CSV keeps songs only: add songs, remove "
                          f"{'it' if one else 'them'}, or save the show as .json to keep {'it' if one else 'them'}",
                          path)


DEMO_NOTE = f"Demo band: made-up shows {csv_cells.DEMO_MARK}"  # under a demo show, in text and on the stage sheet


def is_demo(setlist: Setlist) -> bool:
    """A show drafted from the demo band (or opened from such a draft's file)."""
    return setlist.meta.get("demo") is True


def write_history(history: History, path) -> None:
    if check_format(path, HISTORY_FORMATS, "history") == ".json":
        artist = {"artist": history.artist} if history.artist else {}  # a file named it: merged, it is checked
        write_json(path, {"band": history.band, **artist, "demo": history.demo,
                          "shows": [show.to_json() for show in history.shows]})
    else:
        rows = [r for show, show_id in zip(history.shows, _show_ids(history.shows), strict=True)
                for r in setlist_rows(show, path, show_id, history.demo)]  # JSON keeps "demo"; a CSV, its venues
        write_text(path, _csv(rows, COLUMNS))


def _show_ids(shows) -> list[str]:
    """Each show's show_id in the CSV, one of its date used once: two merged files may both number their shows
    from 1, and two neighbouring rows of one id and date are read back as one show."""
    used, ids = set(), []
    for i, show in enumerate(shows):
        base = show_id = show.show_id or str(i + 1)
        for n in itertools.count(2):
            if (show_id, show.date) not in used:
                break
            show_id = f"{base}-{n}"
        used.add((show_id, show.date))
        ids.append(show_id)
    return ids
