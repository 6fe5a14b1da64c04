"""Reading setlist histories: the CSV layout, phish.net API v5 JSON, setlist.fm API JSON, Encore's own JSON.

A bad row is skipped and reported ("file:line: problem") on the History; a file with no usable show is
an EncoreError. Several files merge into one history; a show found in two files is kept once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import FileProblem
from ..files import each_once, read_json, read_text
from ..words import counted, valid_text
from . import csv_cells
from .history import History, Show, is_encore, set_name, set_rank, song_key
from .setlist import (
    DAMAGED,
    UNKNOWN,
    Entry,
    Set,
    Setlist,
    damaged,
    is_drafted_show,
    one_line,
    read_mark,
    writable,
)


@dataclass
class Row:
    """One song play as the flat formats give it."""

    where: str  # "file:line" for problem reports
    show_id: str
    date: str
    venue: str
    set_label: str
    position: int | None
    song: str
    transition: str
    position_text: str = ""  # as the file wrote it, to name one that is not a number
    demo: bool = False  # the venue cell had the demo mark (a demo history exported as CSV)
    damage: str = ""  # what is wrong with the row as the file wrote it (its cells cannot be trusted)
    overflow: str = ""  # cells past the header's, where they may be a notes column's (the row is kept)
    date_text: str = ""  # the date as the file wrote it, to quote one that is no date
    date_problem: str = ""  # why the date was not read, where the whole file decides it (day/month order)


@lru_cache(maxsize=16384)  # every row of a show repeats its date; strptime is slow
def read_date(text: str, formats=("%Y-%m-%d", "%Y/%m/%d")) -> str | None:
    """A date as YYYY-MM-DD, also with a midnight time after it, as pandas and spreadsheets save one."""
    text = csv_cells.without_midnight(text)
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _phishnet_mark(row: dict) -> str:
    """phish.net writes every mark, "" at a set's end where nothing follows: a stop. A row without the field
    says nothing."""
    return (read_mark(row["trans_mark"]) or ",") if "trans_mark" in row else UNKNOWN


LONGEST_SONG = 300  # characters: longer is a cell run on (an unclosed quote takes in the rows after it)
MOST_LINES_A_ROW_SPANS = 5  # a quoted cell may hold line breaks; a row over more lines may be a stray quote


def _row_problem(row: Row) -> str | None:
    if row.damage:
        return row.damage
    if not row.song.strip():
        return "missing song"
    if len(row.song) > LONGEST_SONG:
        return f"a song name of {len(row.song):,} characters, too long to be one (an unclosed quote?)"
    if not row.date:
        return row.date_problem or csv_cells.date_problem(row.date_text)
    if set_name(row.set_label) is None:
        return f"unknown set label {row.set_label!r} (1, 2 ... for sets, E, E2 ... for encores)"
    return None


def _usable(row: Row, problems: list[str]) -> bool:
    problem = _row_problem(row)
    if problem:
        problems.append(f"{row.where}: {problem}; row skipped")
    return problem is None


def _show_boundary(prev: Row | None, row: Row, taken: dict[int, str] | None = None) -> bool:
    """Without ids a new show starts where the date or venue changes or the position restarts: back to 1 (0 in a
    file counting from 0), back with the set, or back to a place the show already gave another song (``taken``:
    position -> song key): a late show whose first row was skipped opens at 2. A position that goes down to a
    free place is a song written out of order (6, 7, 4, 5), not an early and a late show. A row without an id
    after one with an id goes on with its show the same way: a spreadsheet whose show_id cells were merged gives
    the id on each show's first row only."""
    if prev is None:
        return True
    if row.show_id:
        return (row.show_id, row.date) != (prev.show_id, prev.date)
    rank, before = set_rank(row.set_label), set_rank(prev.set_label)
    taken = taken or {}
    restarted = row.position is not None and prev.position is not None and row.position <= prev.position and \
        (row.position <= 1 or rank < before or taken.get(row.position, song_key(row.song)) != song_key(row.song))
    # numbered within each set: the same show, a festival's set after the encore ('4' after 'E') included; set 1
    # after an encore is the next show of the day
    next_set = rank > before or (before > 100 and 1 < rank < 100)
    # without positions to restart, the set label alone tells an early show's encore from the late show's set 1
    unnumbered = row.position is None or prev.position is None
    late_show = unnumbered and before > 100 and rank == 1
    return row.date != prev.date or row.venue != prev.venue or (restarted and not next_set) or late_show


def _taken_place(prev: Row | None, row: Row, taken: dict[int, str]) -> bool:
    """Whether only ``taken`` makes a row without an id a new show: its date, venue and set go on, its position
    goes down (or stays) to one above 1 that its show gave another song."""
    return prev is not None and not row.show_id and (row.date, row.venue) == (prev.date, prev.venue) and \
        row.position is not None and prev.position is not None and 1 < row.position <= prev.position and \
        set_rank(row.set_label) >= set_rank(prev.set_label) and \
        taken.get(row.position, song_key(row.song)) != song_key(row.song)


def _opens_show(prev: Row | None, row: Row) -> bool:
    """Whether a row skipped for its missing song alone still tells where a show begins: back to 1 or back a set
    at the date and venue of the row before (a late show's first row without its song; its position 2 after the
    early show's 2 is then no position typed twice). Its place is not taken: the song may follow on a row of its
    own."""
    return prev is not None and not (row.damage or row.song.strip() or row.show_id) and \
        (row.date, row.venue) == (prev.date, prev.venue) and set_name(row.set_label) is not None and \
        _show_boundary(prev, row)


def shows_from_rows(rows: list[Row], problems: list[str]) -> list[Show]:
    """Rows into shows. A show_id holds its show together wherever its rows are (a file sorted by song gave a
    show per row, and fragments dropped as repeats), and a row that gives the song of another of its show at the
    same place, in other letters or with another mark, is a copy, not the song played twice: the first is kept."""
    groups: list[list[Row]] = []
    # each show's rows and its places taken (position -> song key): a show taken up again by its id brings its own
    by_id: dict[tuple[str, str], tuple[list[Row], dict[int, str]]] = {}
    plays: dict[tuple, Row] = {}  # (the show's group, the play) -> its first row: a set, as a show may have 10,000
    group, prev, taken = None, None, {}
    for row in rows:
        if not _usable(row, problems):
            if _opens_show(prev, row):
                group, taken, prev = [], {}, row
                groups.append(group)
            continue
        if row.show_id and (row.show_id, row.date) in by_id:
            group, taken = by_id[(row.show_id, row.date)]
        elif _show_boundary(prev, row, taken):  # True for the first row
            again = _taken_place(prev, row, taken) and next((r for r in group if r.position == row.position), None)
            if again and row.position == prev.position:  # 1, 2, 2, 3 in one show: a slip, not a new show
                problems.append(f"{row.where}: position {row.position} again, as {_earlier(again.where, row.where)} "
                                f"has {again.song.strip()!r}; read as the next song of the same show (give each "
                                "show its own show_id if a new one starts there)")
            else:
                if again:  # said: only the numbers tell a new show here, no date or venue
                    problems.append(f"{row.where}: position {row.position} again, as "
                                    f"{_earlier(again.where, row.where)} has {again.song.strip()!r}; read as the "
                                    "start of another show that day (give each show its own show_id if not)")
                group, taken = [], {}
                groups.append(group)
                if row.show_id:
                    by_id[(row.show_id, row.date)] = group, taken
        play = (id(group), row.position, song_key(row.song), set_name(row.set_label))
        if row.position is not None and play in plays:
            problems.append(_copy_problem(row, plays[play]))
            continue
        plays.setdefault(play, row)
        group.append(row)
        if row.position is not None:  # every place taken is a row of ``group``: _taken_place finds it there
            taken.setdefault(row.position, song_key(row.song))
        prev = row
    return [_show(group) for group in groups if group]


MARK_WORDS = {",": "no segue", ">": "segue >", "->": "jam segue ->", UNKNOWN: "mark unknown"}


def _copy_problem(row: Row, first: Row) -> str:
    """A row giving the song of an earlier row at its place again: word for word, or written otherwise (which of
    the two is right Encore cannot tell, so the user is shown both)."""
    earlier = _earlier(first.where, row.where)
    if (row.song.strip(), row.set_label, row.transition) == (first.song.strip(), first.set_label, first.transition):
        return f"{row.where}: the same play as {earlier}; row skipped"
    marks = row.transition != first.transition

    def written(r: Row) -> str:
        return repr(r.song.strip()) + (f" ({MARK_WORDS.get(r.transition, r.transition)})" if marks else "")

    return (f"{row.where}: {written(row)} at position {row.position} of {set_name(row.set_label)} again, as "
            f"{earlier} has {written(first)}; row skipped, {earlier} kept")


def _earlier(where: str, here: str) -> str:
    """Where an earlier row of the same file is, without the file's name again: "line 6", "data row 3"."""
    head, _, place = where.rpartition(":")
    if not head or head != here.rpartition(":")[0]:
        return where
    return f"line {place}" if place.isdigit() else place.strip()


def _show(rows: list[Row]) -> Show:
    """The rows of one show in order of position, which counts through the show; where it counts through each
    set instead (it repeats), by set as the file first gives each, then position. Set order is not enough on
    its own: Phish played a fourth set after the encore at its festivals."""
    positions = [r.position for r in rows]
    numbered = None not in positions  # a song without a number has no place to sort into: the file's order
    if numbered and len(set(positions)) == len(positions):
        rows = sorted(rows, key=lambda r: r.position)
    elif numbered and not _in_show_order(rows):  # numbered within each set, the rows shuffled: the sets in the usual order
        rows = sorted(rows, key=lambda r: (set_rank(r.set_label), r.position or 0))
    sets: list[Set] = []
    for row in rows:
        name = set_name(row.set_label)
        if not sets or sets[-1].name != name:
            sets.append(Set(name))
        sets[-1].entries.append(Entry(row.song.strip(), row.transition))
    first = rows[0]
    return Show(first.date, first.venue, sets, {}, first.show_id)


def _in_show_order(rows: list[Row]) -> bool:
    """Whether rows numbered within each set come set by set, each counting up from 1, in an order a show can be
    played in: then the file's order is the show's, a festival's set after an encore and its second encore block
    included."""
    ranks = []  # each run's set, as the file takes it up
    for prev, row in zip([None, *rows], rows, strict=False):
        same_run = prev is not None and set_name(row.set_label) == set_name(prev.set_label) and \
            row.position is not None and prev.position is not None and row.position > prev.position
        if not same_run and row.position not in (None, 1):
            return False
        if not same_run:
            ranks.append(set_rank(row.set_label))
    return _playable(ranks)


def _playable(ranks: list[int]) -> bool:
    """Whether sets come in an order a band plays them: a show never opens with its encore or plays set 2 before
    set 1, nor Encore 2 before the Encore of the same set (a rank over 100 is an encore's)."""
    if ranks[0] > 100 and any(rank < 100 for rank in ranks):
        return False
    last_set, last_encore = 0, 0
    for rank in ranks:
        if rank < 100:
            if rank < last_set:
                return False
            last_set, last_encore = rank, 0
        elif rank < last_encore:
            return False
        else:
            last_encore = rank
    return True


def _int(text) -> int | None:
    """A whole number, also as a spreadsheet writes one (3.0)."""
    text = str(text if text is not None else "").strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def csv_delimiter(text: str) -> str:
    """',', or the ';' spreadsheets in many locales save with, or a tab: whichever the header line has most."""
    header = text.split("\n", 1)[0]
    return max(",;\t", key=header.count)


def csv_columns(text: str) -> list[str]:
    """The header's column names, lower case, split at the delimiter the rows are read with."""
    first = (text.splitlines() or [""])[0]  # a lone CR ends a line too, and the csv module refuses one inside
    return column_names(next(csv.reader([first], delimiter=csv_delimiter(first)), []))


def column_names(cells: list[str]) -> list[str]:
    """A header row's cells as column names: 'Probability ' is the probability column."""
    return [h.strip().lower() for h in cells]


def rows_from_csv(path: Path, problems: list[str]) -> list[Row]:
    text = read_text(path)
    delimiter = csv_delimiter(text)
    try:
        lines = io.StringIO(text, newline="").readlines()  # as csv splits them, so that line numbers agree
        reader = csv.DictReader(iter(lines), delimiter=delimiter)
        reader.fieldnames  # noqa: B018 - the header is read here: its own errors are the whole file's
    except csv.Error as e:  # a stray carriage return or NUL in the header
        raise FileProblem(f"is not a readable CSV ({e})", path) from None
    rows = _csv_rows(path, reader, lines)
    _read_day_month_dates(path, rows, problems)
    _continue_merged_cells(rows)
    _take_demo_mark(rows)
    spilt = [r for r in rows if r.overflow and not r.damage]
    if spilt:  # kept: the cells Encore reads come before the spill, and may well be whole
        more = f" (and on {counted(len(spilt) - 1, 'more row')})" if len(spilt) > 1 else ""
        problems.append(f"{spilt[0].where}: {spilt[0].overflow}{more}; read as far as the header goes: if a song or "
                        f"venue name has a {_separator(reader)} in it, put it in quotes")
    _say_unnumbered([r for r in rows if r.position_text and _row_problem(r) is None], problems)  # skipped: said
    return rows


def _say_unnumbered(rows: list[Row], problems: list[str]) -> None:
    """Rows kept without a position: not a reason to skip a play, but its show's order is then the file's."""
    unread = [r for r in rows if r.position is None]
    if unread:
        written = f"position {unread[0].position_text!r} is not a whole number" if unread[0].position_text else \
            "no position"
        problems.append(f"{unread[0].where}: {written}"
                        f"{f' (nor on {len(unread) - 1} more rows)' if len(unread) > 1 else ''}; "
                        "those shows keep the file's order")


def _read_day_month_dates(path: Path, rows: list[Row], problems: list[str]) -> None:
    """Dates written with slashes or dots (12/31/1999 from Excel, 31.12.1999), read in the order the file's own
    dates settle (csv_cells.day_month_order) and said, as Encore writes YYYY-MM-DD; where they settle none, each
    row says why it was skipped."""
    undated = [r for r in rows if not r.date and r.date_text.strip()]
    order = csv_cells.day_month_order([r.date_text for r in undated])
    if not order[1]:  # no date of the file is written so
        return
    for row in undated:
        row.date = csv_cells.day_month_date(row.date_text, order[0])
        row.date_problem = "" if row.date else csv_cells.date_problem(row.date_text, order)
    if any(r.date for r in undated):
        problems.append(f"{path}: dates written like {order[1].strip()!r} read as {order[0]} "
                        f"({csv_cells.WRITE_ISO} to leave no doubt)")


def _continue_merged_cells(rows: list[Row]) -> None:
    """A row whose show_id, date and venue are all empty goes on with the show above it: a spreadsheet whose
    cells were merged gives them on each show's first row only."""
    above = None
    for row in rows:
        if above is not None and not (row.show_id or row.date_text.strip() or row.venue):
            row.show_id, row.date, row.date_problem, row.venue = above.show_id, above.date, above.date_problem, \
                above.venue
            row.date_text = above.date_text
        if not row.damage:  # a damaged row's cells cannot be trusted to go on with
            above = row


def _take_demo_mark(rows: list[Row]) -> None:
    """Takes the demo mark off the venues where every row carries it, as Encore's export of a demo history
    writes it: one real venue typed 'Barn (demo data)' does not make a real band's file the demo band."""
    filled = [row for row in rows if row.venue or row.date or row.song]  # a spreadsheet's blank rows carry nothing
    venues = csv_cells.demo_venues([row.venue for row in filled])
    for row, venue in zip(filled, venues or [], strict=False):
        row.venue, row.demo = venue, True


def _csv_rows(path: Path, reader: csv.DictReader, lines: list[str]) -> list[Row]:
    header = {(h or "").strip().lower() for h in reader.fieldnames or []}
    date_col = "show_date" if "show_date" in header else "date"
    if not {date_col, "set", "song"} <= header:
        raise FileProblem("not a setlist CSV (needs the columns show_date, set, song; "
                          "optional show_id, venue, position, transition)", path)
    rows, read = [], reader.line_num
    while True:
        first = _first_line(lines, read)
        try:
            record = next(reader, None)
        except csv.Error as e:  # a stray carriage return or NUL, or a cell past csv's limit
            raise FileProblem(f"is not a readable CSV from line {first} ({e}; an unclosed quote?)", path) from None
        if record is None:
            break
        read, spans = reader.line_num, reader.line_num - first + 1  # a quoted song may run over a line or two
        if spans > MOST_LINES_A_ROW_SPANS and _swallows_rows(record, reader):  # the rest of the file would
            raise FileProblem(f"line {first}: a quote (\") opened there runs over {spans:,} lines, taking the "
                              "rows after it into one cell; close or remove it", path)  # vanish without a word
        r = {(k or "").strip().lower(): (v or "") for k, v in record.items() if k is not None}
        if _repeats_header(r):  # files joined (cat a.csv b.csv): the second's header carries no play
            continue
        overflow = _overflow(record, reader)
        song, mark = csv_cells.song_and_mark(one_line(csv_cells.read(r.get("song", ""))), r.get("transition", ""))
        rows.append(Row(f"{path}:{first}", csv_cells.read(r.get("show_id", "").strip()),
                        read_date(r.get(date_col, "")) or "", one_line(csv_cells.read(r.get("venue", "").strip())),
                        r.get("set", "").strip().upper(), _int(r.get("position")), song,
                        mark or read_mark(r.get("transition")), r.get("position", "").strip(), False,
                        _damage(record, reader, date_col, spans, overflow), overflow, r.get(date_col, "")))
    return rows


def _repeats_header(cells: dict[str, str]) -> bool:
    """Whether a row is the header line again, each cell its column's name."""
    return all(cell.strip().lower() == name for name, cell in cells.items())


READ_COLUMNS = {"show_id", "show_date", "date", "venue", "set", "position", "song", "transition"}


def _damage(record: dict, reader: csv.DictReader, date_col: str, spans: int, overflow: str) -> str:
    """What makes a row's cells untrustworthy, or "": a short stray quote's swallowed row, or cells past the
    header's where its last column is one Encore reads (an unquoted comma in "Jesus, Etc." cut the song short and
    pushed ' Etc.' into the next column), or any after a mark or position cell that is none (_shifted):
    ``overflow``, said (_overflow), where a header ends in columns Encore does not read or in a whole mark."""
    if spans > 1 and _holds_a_row(record, reader, date_col):
        taken = "that line" if spans == 2 else f"the {spans - 1} lines after it"
        return (f"a quote (\") opened there runs on to line {reader.line_num}, taking {taken} into one cell; "
                "close or remove it")
    shifted = _shifted(record, reader)
    if shifted:
        return f"{shifted}; put a song or venue name with a {_separator(reader)} in it in quotes"
    if not overflow or not _ends_in_a_read_column(reader):
        return ""
    return f"{overflow}; put a song or venue name with a {_separator(reader)} in it in quotes"


CHECKED_LAST = {"transition": "mark", "position": "whole number"}  # last columns whose cells can be told wrong


def _shifted(record: dict, reader: csv.DictReader) -> str:
    """Cells past the header's, even empty ones, after a last column whose cell cannot be that column's and
    opens with a space or has more cells with something in them after it, in words, or "": an unquoted comma in
    a song ('Jesus, Etc.,' with no mark) pushed ' Etc.' into the transition column and the empty mark past the
    header, where it passed for a spreadsheet's trailing empty cell ('Jesus,Etc.,>' its mark). A mark or
    position Encore does not know ('segue', 'E1') before empty cells is the file's own, read as before."""
    names = reader.fieldnames or []
    last = (names[-1] or "").strip().lower() if names else ""
    raw = str(record.get(names[-1]) or "") if names else ""
    cell = raw.strip()
    if None not in record or last not in CHECKED_LAST or not cell or not (raw[0].isspace() or _extra_cells(record)):
        return ""
    if (read_mark(cell) != UNKNOWN) if last == "transition" else (_int(cell) is not None):
        return ""
    return f"more cells than the header's {len(names)} columns, and {cell!r} in the {last} column is no " \
        f"{CHECKED_LAST[last]}: the cells moved on one"


def _overflow(record: dict, reader: csv.DictReader) -> str:
    """Cells past the header's, in words, or "". After a notes column the cells Encore reads may be whole (a
    comma in the notes) or not (one in the song, the notes then cut short): said, not skipped."""
    extra = _extra_cells(record)
    return f"more cells than the header's {len(reader.fieldnames or [])} columns (the first extra one " \
        f"{extra[0]!r})" if extra else ""


def _extra_cells(record: dict) -> list[str]:
    return [cell for cell in record.get(None) or [] if cell.strip()]  # empty ones: a spreadsheet's trailing
    # separators


def _ends_in_a_read_column(reader: csv.DictReader) -> bool:
    """Whether cells past the header's may be the rest of a cell Encore reads, cut at an unquoted separator.
    After a song column they may be the rest of its name ('Jesus, Etc.' gave 'Jesus' and ' Etc.') as well as
    a stray note: Encore cannot tell, and a cut name is a song never played, so the row is skipped and said.
    After the transition column (checked by _shifted to hold a mark or none) they are a notes column's with no
    header: a comma in a song or venue would have pushed a piece of its name into the mark's cell."""
    names = reader.fieldnames or []
    return bool(names) and (names[-1] or "").strip().lower() in READ_COLUMNS - {"transition"}


def _separator(reader: csv.DictReader) -> str:
    return {",": "comma", ";": "semicolon"}.get(reader.reader.dialect.delimiter, "tab")


def _holds_a_row(record: dict, reader: csv.DictReader, date_col: str) -> bool:
    """Whether a cell Encore reads runs over a line break into what reads as a row of the file, a date where the
    file has its dates and more cells after it (the next row's quoted venue closed the stray quote early). A
    notes column's paragraphs or a venue's address on its second line are no rows."""
    names = [(h or "").strip().lower() for h in reader.fieldnames or []]
    delimiter, at = reader.reader.dialect.delimiter, names.index(date_col)
    for key, cell in record.items():
        if key is None or (key or "").strip().lower() not in READ_COLUMNS:
            continue
        for line in str(cell or "").splitlines()[1:]:
            parts = line.split(delimiter)
            if len(parts) > at + 1 and read_date(parts[at].strip()):
                return True
    return False


def _swallows_rows(record: dict, reader: csv.DictReader) -> bool:
    """Whether a cell holds lines that look like rows of the file (as many separators as the header): a stray
    quote's doing, not a notes column's paragraphs or a venue's address."""
    columns, delimiter = len(reader.fieldnames or []), reader.reader.dialect.delimiter
    return any(sum(line.count(delimiter) >= columns - 1 for line in str(cell).split("\n")) > 2
               for cell in record.values() if isinstance(cell, str))


def _first_line(lines: list[str], read: int) -> int:
    """The line number a record starts on, after the ``read`` lines before it and the empty lines csv skips."""
    while read < len(lines) and lines[read] in ("\n", "\r\n", "\r"):
        read += 1
    return read + 1


def rows_from_phishnet(path: Path, data: dict, problems: list[str]) -> tuple[list[Row], str]:
    """The song plays of a phish.net file and the artist they are by ("" where no row names one)."""
    if data.get("error") not in (None, False, 0, "0", "false") and not data.get("data"):
        raise FileProblem(f"phish.net reported an error: {data.get('error_message') or data['error']}", path)
    rows = []
    records = data.get("data")
    records = records if isinstance(records, list) else []
    artists = [_phishnet_artist(r) if isinstance(r, dict) else "" for r in records]
    main = _main_artist(path, [(artist, (_text(r.get("showid")), _text(r.get("showdate"))))
                               for artist, r in zip(artists, records, strict=True) if artist], problems)
    for i, r in enumerate(records):
        if not isinstance(r, dict):
            problems.append(f"{path}: data row {i + 1}: not an object; row skipped")
            continue
        if not _by(artists[i], main):  # said above, show by show
            continue
        place = ", ".join(filter(None, (_text(r.get(k)) for k in ("venue", "city", "state"))))
        date = _text(r.get("showdate"))
        row = Row(f"{path}: data row {i + 1}", _text(r.get("showid")), read_date(date) or "",
                  place, _text(r.get("set")).upper(), _int(r.get("position")), _text(r.get("song")),
                  _phishnet_mark(r), _text(r.get("position")), date_text=date)
        if _usable(row, problems):  # checked here, before the date sort, so problems come in file order
            rows.append(row)
    _say_unnumbered(rows, problems)
    first = {}  # each show's first row in the file: shows of one date keep the file's order, as the protocol says
    for i, r in enumerate(rows):
        first.setdefault((r.date, r.show_id), i)
    # a show with a song of no position keeps the file's order (the sort is stable), as it has no place to go
    unnumbered = {(r.date, r.show_id) for r in rows if r.position is None}
    rows.sort(key=lambda r: (r.date, first[r.date, r.show_id],
                             0 if (r.date, r.show_id) in unnumbered else r.position))
    return rows, main


# a phish.net row giving its artist's number and no name is by "artist 2": that tells the artists apart (and
# says whose shows were skipped), but it is no band's name (_named)
UNNAMED = "artist "


def _phishnet_artist(row: dict) -> str:
    """The artist a phish.net row is by: phish.net also serves its side projects' shows, artist 1 being Phish."""
    name, number = _text(row.get("artist_name")), _text(row.get("artistid"))
    return name or ("Phish" if number == "1" else f"{UNNAMED}{number}" if number else "")


def _named(artist: str) -> bool:
    """Whether ``artist`` is a name, not the stand-in for a phish.net artist number given without one."""
    number = artist.removeprefix(UNNAMED)
    return number == artist or not number.isdigit()


def _main_artist(path: Path, by: list[tuple[str, object]], problems: list[str]) -> str:
    """The artist a file is the history of: the one with most shows (the first in the file breaks a tie), as
    written first; each other artist's shows are reported as skipped, as one band's habits are not another's (a
    guest spot by another act is not the file's band either). ``by``: (artist, show) for each record naming its
    artist; a record that names none is the main artist's."""
    shows: dict[str, set] = {}
    names: dict[str, str] = {}
    for artist, show in by:
        shows.setdefault(song_key(artist), set()).add(show)
        names.setdefault(song_key(artist), artist)
    if not shows:
        return ""
    counts = {key: len(each) for key, each in shows.items()}
    main = max(counts, key=counts.__getitem__)
    for key, count in counts.items():
        if key != main:
            problems.append(_skipped(path, count, names[key], names[main]))
    return names[main]


def _skipped(path, shows: int, artist: str, main: str) -> str:
    """The problem line for another artist's shows, in a file or as a whole file."""
    return f"{path}: {counted(shows, 'show')} by {artist}, not {main}; skipped"


def _by(artist: str, main: str) -> bool:
    return not artist or not main or song_key(artist) == song_key(main)


def _setlistfm_items(data) -> list:
    """setlist.fm answers a search with {"setlist": [...]}, a single setlist as the object itself."""
    items = data.get("setlist", [data]) if isinstance(data, dict) else data
    items = [items] if isinstance(items, dict) else items
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _text(value) -> str:
    """A JSON field as text, on one line: a number is written out, anything else that is not a string (a list, an
    object, null, true) is no text at all, so a song field holding ["x"] is a missing song, not a song named
    "['x']"."""
    if isinstance(value, str):
        return one_line(value)
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else ""


def shows_from_setlistfm(path: Path, data, problems: list[str]) -> tuple[list[Show], str]:
    """The shows of a setlist.fm answer and the artist they are by: a search by song or venue also finds other
    artists' shows, left out (and said)."""
    items = _setlistfm_items(data)
    artists = [_setlistfm_artist(item) for item in items]
    main = _main_artist(path, [(artist, i) for i, artist in enumerate(artists) if artist], problems)
    shows = []
    for i, item in enumerate(items):
        if not _by(artists[i], main):
            continue
        show = _setlistfm_show(f"{path}: setlist {i + 1}", item, problems)
        if show is not None:
            shows.append(show)
    return shows, main


def _setlistfm_artist(item: dict) -> str:
    artist = item.get("artist")
    return _text(artist.get("name")) if isinstance(artist, dict) else ""


def _setlistfm_show(where: str, item: dict, problems: list[str]) -> Show | None:
    date = read_date(str(item.get("eventDate") or ""), ("%d-%m-%Y", "%Y-%m-%d"))
    if not date:
        problems.append(f"{where}: bad or missing eventDate; show skipped")
        return None
    raw_sets = item.get("sets", {}).get("set") if isinstance(item.get("sets"), dict) else item.get("set")
    sets, number = [], 0
    for j, s in enumerate(raw_sets if isinstance(raw_sets, list) else []):
        if not isinstance(s, dict):
            continue
        encore = _int(s.get("encore"))
        songs = []
        for k, song in enumerate(s.get("song") if isinstance(s.get("song"), list) else []):
            title = _text(song.get("name")) if isinstance(song, dict) else ""
            if isinstance(song, dict) and song.get("tape"):  # intro music played from a recording, not the band
                continue
            if not title:
                problems.append(f"{where} set {j + 1} song {k + 1}: missing song; skipped")
            else:
                songs.append(Entry(title, UNKNOWN))  # setlist.fm has no segue field
        if songs:  # a set of tape only, or an empty one, takes no number: the show's first set is Set 1
            number += 0 if encore else 1
            sets.append(Set(("Encore" if encore == 1 else f"Encore {encore}") if encore else f"Set {number}", songs))
    if not sets:
        problems.append(f"{where}: no songs; show skipped")
        return None
    venue = item.get("venue") if isinstance(item.get("venue"), dict) else {}
    city = (venue.get("city") or {}).get("name", "") if isinstance(venue.get("city"), dict) else ""
    place = ", ".join(one_line(x) for x in (venue.get("name", ""), city) if isinstance(x, str) and x.strip())
    return Show(date, place, sets, {}, _text(item.get("id")))


def shows_from_encore(path: Path, data: dict, problems: list[str]) -> list[Show]:
    """An exported history may have been edited by hand: a damaged show is a problem, not a crash."""
    shows = []
    for i, item in enumerate(data["shows"]):
        where = f"{path}: show {i + 1}"
        try:
            setlist = Setlist.from_json(item)
        except DAMAGED as e:
            problems.append(f"{where}: damaged, {damaged(e)}; show skipped")
            continue
        date = read_date(setlist.date)
        if not date:
            problems.append(f"{where}: bad or missing date; show skipped")
        elif not setlist.songs():
            problems.append(f"{where}: no songs; show skipped")
        else:
            setlist.date = date  # '2025-6-1', edited by hand, sorts and shows as 2025-06-01
            shows.append(Show.from_setlist(setlist, _text(item.get("show_id"))))
    return shows


DRAFTED_SHOW = ("is one drafted show (setlist predict's or the editor's), not a history of shows played: give it "
                "to --template")


def load_file(path: Path, problems: list[str], drafted: bool = False) -> tuple[list[Show], str, bool, str]:
    """Shows of one file, the band an Encore export names (if any), whether it is Encore's demo band exported, and
    the artist a setlist.fm, phish.net or Encore JSON file is by (if any). A drafted show is refused unless
    ``drafted`` (reading one to edit): its songs were never played."""
    if path.suffix.lower() != ".json":
        rows = rows_from_csv(path, problems)
        shows = shows_from_rows(rows, problems)
        if not drafted and len(shows) == 1 and "probability" in csv_columns(read_text(path)):
            raise FileProblem(DRAFTED_SHOW, path)  # the editor's CSV export: the model's odds beside each song
        return shows, "", any(row.demo for row in rows), ""
    data = read_json(path)
    if isinstance(data, dict) and isinstance(data.get("shows"), list):
        # the artist a setlist.fm or phish.net file named, kept by the export, or the demo band: two bands'
        # exports merged into one band that does not exist. A band that is only a CSV's file name names none.
        band, demo = _text(data.get("band")), data.get("demo") is True
        artist = _text(data.get("artist")) or (_demo_band() if demo else "")  # its band: maybe a CSV's name
        return shows_from_encore(path, data, problems), band, demo, artist
    if isinstance(data, dict) and ("data" in data or "error_message" in data):  # an error may come without data
        rows, artist = rows_from_phishnet(path, data, problems)
        return shows_from_rows(rows, problems), "", False, artist
    if is_drafted_show(data):  # setlist.fm nests its sets in a dict
        raise FileProblem(DRAFTED_SHOW, path)
    if _setlistfm_like(data):
        shows, artist = shows_from_setlistfm(path, data, problems)
        return shows, "", False, artist
    raise FileProblem("not a setlist file (expected CSV, or phish.net, setlist.fm or Encore JSON)", path)


def _setlistfm_like(data) -> bool:
    """A search answer ({"setlist": [...]}), or setlists with a field setlist.fm gives: any other JSON ({} or a
    list of numbers) is no setlist file at all, not a setlist.fm show without an eventDate."""
    if isinstance(data, dict) and "setlist" in data:
        return True
    fields = ("eventDate", "sets", "set", "artist", "venue")
    return any(key in item for item in _setlistfm_items(data) for key in fields)


def load_histories(paths: list, band: str = "", drafted: bool = False, settled: int = 0) -> History:
    """The shows of every file, each once. ``drafted``: a file may be one drafted show (the editor opening it).
    ``settled``: the first files are the band's already, so their artist is the band's (files added to it by
    another artist are skipped, however many shows they hold)."""
    problems: list[str] = []
    shows, bands, demos, files = [], [], set(), []
    for p in each_once(paths):  # a file given twice is read once, and named as it was first given
        before = len(problems)
        file_shows, file_band, file_demo, artist = load_file(Path(p), problems, drafted)
        if file_demo:
            demos.add(p)
        if not file_shows:
            skipped = problems[before:]  # earlier files add theirs to the same list
            raise FileProblem("holds no usable show" + (f" ({problems_line(skipped)})" if skipped else ""), p)
        files.append((p, file_shows, file_band, artist))
    kept = _one_artists(files, problems, settled)
    for p, file_shows, file_band, file_artist in kept:
        shows += [(p, show) for show in file_shows]
        bands.append(band_name(p, file_band, file_artist))
    for _, show in shows:  # half an emoji in a JSON escape, or a file name's non-UTF-8 byte, failed the save at
        writable(show)  # the end of training
    # the demo band merged with anything is still not a real band's history; skipped, it marks nothing
    demo = any(file[0] in demos for file in kept)
    artist = next((file[3] for file in kept if file[3]), "")
    return History(_merged(shows, problems), problems, valid_text(one_line(band) or bands[0]), demo,
                   [file[0] for file in files if file not in kept], valid_text(artist))


def band_name(path, band: str, artist: str) -> str:
    """The band a file names: the one an Encore export was saved as, else the artist it is by (setlist.fm's and
    phish.net's rows say so), else only the file's name, as a CSV, or a phish.net file with only the artist's
    number, names no one."""
    return band or (artist if _named(artist) else "") or one_line(Path(path).stem)


def _demo_band() -> str:
    from resources.demo_band import BAND

    return BAND


def _one_artists(files: list[tuple], problems: list[str], settled: int = 0) -> list[tuple]:
    """The files of one artist, as a file keeps one artist's shows: the one with most shows over the files that
    name an artist (the first ``settled`` files' only, where they name one; the first file's breaks a tie); a
    file by another is skipped and said. A file naming none (a CSV, an export of one) joins whichever band.
    ``files``: (path, shows, band, artist) each."""
    deciding = [f for f in files[:settled] if f[3]] or files
    # a show is counted by its date, so that one found in two files of one artist counts once
    by = [(artist, show.date) for _, file_shows, _, artist in deciding if artist for show in file_shows]
    main = _main_artist(Path(), by, [])  # said below, file by file
    for p, file_shows, _, artist in files:
        if not _by(artist, main):
            problems.append(_skipped(p, len(file_shows), artist, main))
    return [file for file in files if _by(file[3], main)]


def problems_line(problems: list[str]) -> str:
    """An import's problems in one line, for a file that still loaded and for one that gave nothing.

    Each problem says itself what was dropped (a row, a show, a song, a duplicate), so the count does not."""
    return f"{counted(len(problems), 'import problem')}; first: {problems[0]}"


def _merged(shows: list[tuple[object, Show]], problems: list[str]) -> list[Show]:
    """Each show once. Another file's show of that date with the same songs is the same concert (sources number
    shows their own way); in one file it is only where its id and venue also agree, since a festival's or an
    early and a late show's short setlists can match. One sharing half the songs of the longer setlist may be
    the same concert written otherwise (a song corrected, an intro left out), or a matinee and its evening show:
    both are kept, and the user told, since dropping either loses a real show where the guess is wrong.
    The copy kept takes the marks it lacks from the one dropped (setlist.fm gives none, phish.net every one), and
    of two copies splitting the songs into sets otherwise the one telling more is kept (`_kept_once`), so which
    file came first does not decide whether the sets and segues are known."""
    seen: dict[str, list[list]] = {}  # date -> [(path, id, venue), song keys, show] for each show kept
    for path, show in sorted(shows, key=lambda pair: pair[1].date):  # stable: file order breaks ties
        keys, own = tuple(show.keys()), (path, show.show_id, show.venue)
        earlier = seen.setdefault(show.date, [])
        same = next((copy for copy in earlier
                     if copy[1] == keys and (copy[0][0] != path or copy[0] == own)), None)
        if same is not None:
            problems.append(_kept_once(same, [own, keys, show]))
            continue
        new = [own, keys, show]
        fuller = next((copy for copy in earlier if _part_of(new, copy)), None)
        if fuller is not None:  # a copy of its first songs (setlist.fm's, taken mid-show): the fuller one kept
            problems.append(_kept_fuller(new, fuller))
            continue
        part = next((copy for copy in earlier if _part_of(copy, new)), None)
        if part is not None:
            problems.append(_kept_fuller(part, new))
            part[:] = new
            continue
        twin = next(((other[0], other_keys) for other, other_keys, _ in earlier if other[0] != path and (
            _alike(keys, other_keys) or _in_order(keys, other_keys) or _in_order(other_keys, keys))), None)
        if twin is not None:
            shared, songs = len(set(keys) & set(twin[1])), counted(max(len(keys), len(twin[1])), "song")
            problems.append(f"{path}: show of {show.date} is much like one in {twin[0]} ({shared} of {songs} "
                            "alike); kept both (if they are one concert, leave one file's copy out)")
        earlier.append([own, keys, show])
    return [copy[2] for copies in seen.values() for copy in copies]  # seen in date order, as sorted


def _kept_once(kept: list, copy: list) -> str:
    """The problem line of a show read twice, the same songs in the same order (``kept`` and ``copy``: [(path,
    id, venue), keys, show] each). Split into the same sets, the kept copy stays and takes the marks it lacks.
    Split otherwise (setlist.fm often lumps two sets in one and gives no marks), the copy telling more becomes
    ``kept``: more known marks, then more sets; its marks are not filled, since a mark at one copy's set end
    means nothing in mid-set of the other."""
    date = copy[2].date
    if _layout(kept[2]) == _layout(copy[2]):
        filled = " (its unknown marks filled from this copy)" if _filled(kept[2], copy[2]) else ""
        return f"{copy[0][0]}: show of {date} appears twice; kept once{filled}"
    richer, dropped = (copy, list(kept)) if _told(copy[2]) > _told(kept[2]) else (kept, copy)
    kept[:] = richer
    show = richer[2]
    show.venue = show.venue or dropped[2].venue
    marks, sets = _told(show)[:2]
    return (f"{dropped[0][0]}: show of {date} appears twice, its sets split differently; kept the copy with "
            f"{counted(sets, 'set')} and {counted(marks, 'known mark')} ({richer[0][0]})")


def _told(show: Show) -> tuple:
    """How much a copy of a show tells: its known marks (phish.net's, where setlist.fm gives none, however it
    splits the sets), its sets with songs, then where its sets break (only so that two copies telling as much
    are chosen between the same way whichever file came first)."""
    sets = [s for s in show.sets if s.entries]
    marks = sum(e.transition != UNKNOWN for s in sets for e in s.entries)
    return marks, len(sets), [(is_encore(s.name), len(s.entries)) for s in show.sets]


def _layout(show: Show) -> list[tuple]:
    """Its songs set by set, an encore told from a set by name only (setlist.fm may number the sets otherwise)."""
    return [(is_encore(s.name), [song_key(e.song) for e in s.entries]) for s in show.sets]


def _filled(kept: Show, copy: Show) -> bool:
    """Fills each unknown mark of ``kept`` (and its venue, if it has none) from ``copy``, the same show read
    again, where the two give the same songs in the same sets: a mark at a set's end means nothing at another
    place. The sets' numbers may differ (setlist.fm counts from Set 1 a show whose first set is lost). A mark
    the two give otherwise stays the kept one's. Whether a mark was filled."""
    if _layout(kept) != _layout(copy):
        return False
    kept.venue = kept.venue or copy.venue
    unknown = [(mine, theirs) for s, t in zip(kept.sets, copy.sets, strict=True)
               for mine, theirs in zip(s.entries, t.entries, strict=True)
               if mine.transition == UNKNOWN and theirs.transition != UNKNOWN]
    for mine, theirs in unknown:
        mine.transition = theirs.transition
    return bool(unknown)


def _part_of(part: list, whole: list) -> bool:
    """Whether the songs of ``part`` are all in ``whole``, fewer and in the same order, at the same venue and in
    another file ([(path, id, venue), keys, show] each): a partial copy of one concert, not a radio spot or a
    matinee of that day (told apart by the venue; where one has none, both are kept and said)."""
    return part[0][0] != whole[0][0] and len(part[1]) < len(whole[1]) and _in_order(part[1], whole[1]) and \
        _same_place(part[0][2], whole[0][2])


def _in_order(keys: tuple[str, ...], others: tuple[str, ...]) -> bool:
    """Whether two songs or more of ``keys``, and no other, come in ``others`` in this order."""
    rest = iter(others)
    return len(keys) > 1 and all(key in rest for key in keys)


def _same_place(venue: str, other: str) -> bool:
    """One venue written as fully as the other or more: 'Allstate Arena' is 'Allstate Arena, Rosemont, IL'."""
    venue, other = song_key(venue), song_key(other)
    return bool(venue and other) and (venue.startswith(other) or other.startswith(venue))


def _kept_fuller(part: list, whole: list) -> str:
    return (f"{part[0][0]}: show of {part[2].date} gives {counted(len(part[1]), 'song')} of the {len(whole[1])} in "
            f"{whole[0][0]}, in the same order; kept that fuller copy only")


def _alike(keys: tuple[str, ...], others: tuple[str, ...]) -> bool:
    """Two setlists sharing half the songs of the longer or more."""
    return 2 * len(set(keys) & set(others)) >= max(len(set(keys)), len(set(others)), 1)


__all__ = ["load_histories", "song_key"]
