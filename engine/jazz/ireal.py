"""iReal Pro charts: the ``irealb://`` links of its Share > HTML export and of its forum playlists, written
out in Encore's chord-chart notation (progression.py), so a student's own charts become changes to solo over.

A link's body is percent-encoded: songs are separated by ``===`` (the last part of a playlist is its name),
fields by ``=``. The chart starts with ``1r34LbKcu7`` and is shuffled in blocks of 50 characters, the way iReal
Pro writes it (the shuffle is its own inverse). In the chart ``|``, ``[ ]``, ``{ }`` and ``Z`` are bar lines,
``N1`` ``N2`` endings, ``x`` repeats a bar and ``r`` two, ``p`` is a slash, ``n`` no chord, ``W`` the chord
before over a new bass, ``(...)`` an alternative chord, ``*A`` a section, ``T44`` the meter, ``S`` and ``Q``
the segno and coda, ``<...>`` a direction such as D.C. al Fine. Each chord, slash or blank is a cell, and a
bar shares its beats among its cells; iReal Pro gives a bar four in any meter, so where they do not fit the
meter's beats a chord lands on the beat nearest its cell (``C _ _ G`` in 3/4 is ``C / G``), 6/8's and 12/8's
beats being their dotted quarters (``C _ _ G`` in 6/8 is ``C G``). After a D.C. or D.S. the bars are played
once, taking the last ending only, as players read a chart and notation programs play one. A coda that no D.C.
or D.S. reaches keeps its signs (``Q``), so that only the last chorus jumps to it, as in iReal Pro.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from functools import reduce
from itertools import pairwise
from math import floor, gcd
from urllib.parse import unquote

from ..errors import EncoreError, FileProblem
from ..words import counted
from .bars import MAX_BARS
from .piece import COMPOUND, FASTEST, SLOWEST
from .progression import ENDING, HOLD, bar_quarters, beats_problem, chart_bars, chart_form, quarter_beats

MUSIC = "1r34LbKcu7"
MAX_BYTES = 8 * 1024 * 1024  # iReal Pro's largest playlists (over a thousand tunes) are about 2 MB
LINK = re.compile(r"irealb(?:ook)?://[^\s\"'<>]+")
TOKEN = re.compile(r"""(?P<comment><[^>]*>) | (?P<time>T\d{2,3}) | (?P<section>\*\w) | (?P<ending>N[1-9])
    | (?P<alternative>\([^)]*\)) | (?P<chord>[A-GW][b#]?(?:sus|alt|add|[+\-^\dhob#])*(?:/[A-G][b#]?)?)
    | (?P<bar>[|\[\]{}Z]) | (?P<cell>[ pxnr]) | (?P<segno>S) | (?P<coda>Q)""", re.X)
DIRECTION = re.compile(r"\s*D\.?\s*([CS])\.?\s+al\s+(Fine|Coda)\b", re.I)
BETWEEN_BARS = re.compile(rf"[|\[\]{{}}]|{ENDING.pattern}")  # what stands between bars in Encore's notation


@dataclass
class Tune:
    title: str
    composer: str
    style: str
    key: str  # as iReal Pro writes it: "Eb", "F-" (minor)
    time: str  # the chart's first meter, "4/4"
    tempo: int  # beats per minute; 0 when the chart leaves it to the player
    chart: str  # in Encore's notation: "{ C^7 | x | N1 D-7 G7 } N2 ...", "3/4 ..." for a waltz, "6/8 ..."
    bars: int  # as played: repeats, endings and directions written out
    notice: str = ""  # what the user should know about how the chart was read ("bars 9-12 are in 3/4: ...")

    @property
    def in_4_4_bars(self) -> bool:
        """Whether Encore plays this chart's bars as 4/4 ones although they are not (7/8; 2/2 is four quarters)."""
        return quarter_beats(self.time) is None and bar_quarters(self.time) != 4


def read_tunes(path: str | os.PathLike, skipped: list[str] | None = None) -> list[Tune]:
    """Every tune of an iReal Pro export (its .html, or any text holding its irealb:// links). A tune that
    cannot be read is skipped and named in ``skipped``; FileProblem when no tune can be read."""
    from ..files import read_text

    problems = [] if skipped is None else skipped
    tunes = tunes_in(read_text(path, limit=MAX_BYTES), problems)
    if not tunes:
        raise FileProblem(problems[0] if problems else "holds no iReal Pro chart (an irealb:// link, as iReal "
                          "Pro's Share > HTML writes)", path)
    return tunes


def skipped_note(skipped: list[str]) -> str:
    """What the skipped tunes of an export are told as: '2 tunes skipped (the first's problem ...)'; "" for none."""
    if not skipped:
        return ""
    return f"{counted(len(skipped), 'tune')} skipped ({skipped[0]}{' ...' if len(skipped) > 1 else ''})"


def tunes_in(text: str, skipped: list[str] | None = None) -> list[Tune]:
    """The tunes of every irealb:// link in the text. A tune that is not a chart raises EncoreError, or is
    named in ``skipped`` when that list is given."""
    tunes = []
    for link in LINK.findall(text):
        scheme, _, body = link.partition("://")
        songs = unquote(body).split("===")
        if len(songs) > 1:
            songs.pop()  # the playlist's name
        for song in filter(str.strip, songs):
            try:
                tunes.append(_tune(song, scheme == "irealbook"))
            except EncoreError as e:
                if skipped is None:
                    raise
                skipped.append(e.problem)
    return tunes


def choose(tunes: list[Tune], title: str | None) -> Tune:
    """The tune whose title holds ``title`` (any case), or the only tune; EncoreError naming the choices. Of
    tunes with one title (a playlist's Blues in C and in F), 'Blues #2' is the second."""
    numbered = re.fullmatch(r"(.*?)\s*#(\d+)", title or "")
    if numbered and not any(t.title.casefold() == title.casefold() for t in tunes):
        same = [t for t in tunes if t.title.casefold() == numbered[1].casefold()]
        if 1 <= int(numbered[2]) <= len(same):
            return same[int(numbered[2]) - 1]
    if title:
        found = [t for t in tunes if title.casefold() in t.title.casefold()]
        exact = [t for t in found if t.title.casefold() == title.casefold()]
        found = exact or found
    else:
        found = tunes
    if len(found) == 1:
        return found[0]
    shown = found or tunes
    named = [f"{name} (key of {t.key})" if name != t.title else name for t, name in zip(shown, tune_names(shown),
                                                                                         strict=True)]
    names = ", ".join(named[:12]) + (" ..." if len(shown) > 12 else "")
    if not found:
        raise EncoreError(f"no tune titled {title!r} (the tunes: {names})")
    raise EncoreError(f"{len(found)} tunes{f' match {title!r}' if title else ''}; name one with --tune: {names}")


def tune_names(tunes: list[Tune]) -> list[str]:
    """Each tune's title; of tunes with one title (a playlist's Blues in C and in F), 'Blues #2' is the
    second, as choose() takes it."""
    titles, seen = Counter(t.title for t in tunes), Counter()
    names = []
    for tune in tunes:
        seen[tune.title] += 1
        names.append(f"{tune.title} #{seen[tune.title]}" if titles[tune.title] > 1 else tune.title)
    return names


def _tune(song: str, old: bool) -> Tune:
    # irealb://   Title=Composer==Style=Key=Transpose=1r34LbKcu7Chart=Groove=Tempo=Repeats, the chart shuffled
    # irealbook:// Title=Composer=Style=Key=n=Chart
    fields = song.split("=") + [""] * 6
    title = re.sub(r"^(.*), (The|A|An)$", r"\2 \1", " ".join(fields[0].split()))  # filed as "X, The"
    if old:
        style, key, music, tempo = fields[2], fields[3], fields[5], ""
    else:
        at = next((i for i, f in enumerate(fields) if f.startswith(MUSIC)), None)
        if at is None:
            raise EncoreError(f"the iReal Pro link of {title[:60]!r} has no chart")
        style, key, music, tempo = fields[3], fields[4], unshuffle(fields[at][len(MUSIC):]), fields[at + 2]
    try:
        chart, time, changes, crowded = _chart(music)
    except EncoreError as e:
        raise EncoreError(f"{e.problem} ({title[:60]!r})") from None
    if quarter_beats(time) not in (None, 4):
        chart = f"{time} {chart}"
    bars = len(chart_bars(chart))
    if not 1 <= bars <= MAX_BARS:
        size = f"{bars:,} bars" if bars else "no chords"
        raise EncoreError(f"the iReal Pro chart of {title[:60]!r} has {size}")
    bpm = int(tempo) if re.fullmatch(r"[0-9]{1,3}", tempo) and SLOWEST <= int(tempo) <= FASTEST else 0  # '²' is a digit
    tune = Tune(title, fields[1].strip(), style.strip(), key.strip(), time or "4/4", bpm, chart, bars)
    notices = (_meter_notice(changes, "4/4" if tune.in_4_4_bars else tune.time),
               _crowded_notice(crowded, _played_meter(time)))
    tune.notice = "; ".join(filter(None, notices))
    return tune


def _meter_notice(changes: list[tuple[int, int, str]], played: str) -> str:
    """'bars 9-12 are in 3/4: read in 4/4 (...)': Encore's charts keep one meter, so a later one is not played."""
    spans = [f"bar{'s' if last > first else ''} {first}{f'-{last}' if last > first else ''} "
             f"{'are' if last > first else 'is'} in {meter}" for first, last, meter in changes if meter != played]
    if not spans:  # a 4/4 section of a 7/8 chart: played as written, as the 7/8 bars are played in 4/4
        return ""
    return f"{', '.join(spans)}: read in {played} (Encore plays one meter per chart)"


def _crowded_notice(crowded: list[tuple[int, str]], meter: str) -> str:
    """'bar 7 (C D E F) holds more chords than 3/4 has beats: they share the bar': bars played shared evenly
    (the chart's reader warns of them too), told as the tune is read."""
    if not crowded:
        return ""
    numbers = ", ".join(str(number) for number, _ in crowded[:6]) + (" ..." if len(crowded) > 6 else "")
    bars, holds = ("bars", "hold") if len(crowded) > 1 else ("bar", "holds")
    first = crowded[0][1] + (" ..." if len(crowded) > 1 else "")
    return f"{bars} {numbers} ({first}) {holds} more chords than {meter} has beats: they share the bar"


def unshuffle(body: str) -> str:
    """iReal Pro's block shuffle, which undoes itself: each 50 characters but a last 50 or 51 are reordered."""
    out = []
    while len(body) > 51:
        block, body = body[:50], body[50:]
        b = list(block)
        for i in [*range(5), *range(10, 24)]:
            b[i], b[49 - i] = block[49 - i], block[i]
        out.append("".join(b))
    return "".join(out) + body


def _chart(music: str) -> tuple[str, str, list[tuple[int, int, str]], list[tuple[int, str]]]:
    """(the chart in Encore's notation, its first meter, the bars in another meter: (first, last, meter) as
    written, counted from 1, the bars of more chords than beats: (bar as written, its chords))."""
    chart = _Chart()
    music = music.replace("Kcl", "| x").replace("LZ", " |").replace("XyQ", "   ")
    for m in TOKEN.finditer(music):
        chart.take(m.lastgroup, m.group())
    chart.close_bar()
    if chart.direction:  # a D.C. with no final bar line after it
        chart.jump()
    chart.outro()
    return " ".join(chart.out).removesuffix(" |"), chart.time, chart.other_meters(), chart.crowded


class _Chart:
    """Reads a chart's tokens in order, writing bars and bar lines as Encore's notation."""

    def __init__(self):
        self.out: list[str] = []  # bars and bar lines, in Encore's notation
        self.cells: list[str] = []  # the bar being read: chords, and "" for a slash or a blank
        self.written: list[str] = []  # every bar as written (x and r resolved): what x and r repeat
        self.first_time: set[int] = set()  # which written bars are in an ending before the last: passed by a jump
        self.ending_from: int | None = None  # the written bar where the ending being read began
        self.time, self.last_chord = "", ""
        self.marks: dict[str, int] = {}  # segno, coda, fine: how many bars are written before them
        self.direction: tuple[str, str] | None = None  # ("C" or "S", "Fine" or "Coda"), played at the bar's end
        self.jumped = False
        self.placed: list[int] = []  # where each written bar stands in out
        self.coda_from: tuple[int, int] | None = None  # (written bars, out's length) at a second coda sign
        self.read = 0  # bars read from the chart as written (a D.C.'s bars, written out, are not among them)
        self.meters: list[tuple[int, str]] = []  # (bars read before it, meter) for each meter mark
        self.crowded: list[tuple[int, str]] = []  # (bar as written, its chords): more chords than beats

    def take(self, kind: str, text: str) -> None:
        if kind == "chord":
            if text.startswith("W"):  # the chord before, over another bass
                text = self.last_chord + text[1:]
            self.last_chord = text.split("/")[0]
            self.cells.append(text)
        elif kind == "cell":
            self.cells.append({"n": "N.C.", "x": "x", "r": "r"}.get(text, ""))
        elif kind == "bar":
            self.close_bar()
            if text == "}" and self.ending_from is not None:  # the repeat goes back: its ending is not the last
                self.first_time.update(range(self.ending_from, len(self.written)))
            if text in "{}":
                self.ending_from = None
            if text not in "|Z" or (self.out and not BETWEEN_BARS.fullmatch(self.out[-1])):
                self.out.append({"Z": "|"}.get(text, text))
            if text in "]Z" and self.direction:
                self.jump()
        elif kind == "ending":
            self.close_bar()
            self.out.append(text)
            self.ending_from = len(self.written)
        elif kind == "time":  # the first is the chart's; a later one is only reported (other_meters)
            self.meters.append((self.read, f"{text[1:-1]}/{text[-1]}" if text != "T12" else "12/8"))
            self.time = self.time or self.meters[-1][1]
        elif kind in ("segno", "coda") and kind not in self.marks:  # the first sign of each counts
            self.marks[kind] = len(self.written) + (kind == "coda")  # the coda's bar is played
        elif kind == "coda" and self.coda_from is None:  # where the coda section begins
            self.coda_from = (len(self.written), len(self.out))
        elif kind == "comment":
            words = text[1:-1]
            if words.strip().lower() == "fine" and "fine" not in self.marks:  # its bar is the last one
                self.marks["fine"] = len(self.written) + 1
            elif direction := DIRECTION.match(words):
                self.direction = (direction.group(1).upper(), direction.group(2).capitalize())

    def close_bar(self) -> None:
        before = len(self.written)
        self._close_bar()
        self.read += len(self.written) - before

    def _close_bar(self) -> None:
        cells, self.cells = self.cells, []
        if "r" in cells:  # two bars: the two written before
            for bar in self.written[-2:]:
                self._add(bar)
        elif "x" in cells:
            if self.written:
                self.placed.append(len(self.out))
                self.out.append("x")
                self.written.append(self.written[-1])
        elif any(cells):
            if not self.written:  # slashes before the chart's first chord hold nothing
                cells = cells[[bool(c) for c in cells].index(True):]
            meter = _played_meter(self.time)
            text = _bar_text(cells, meter)
            if sum(s != HOLD for s in text.split()) > int(meter.partition("/")[0]):
                self.crowded.append((self.read + 1, text))
            self._add(text)
        # a bar of blanks only is the padding of a chart's row, not a bar

    def other_meters(self) -> list[tuple[int, int, str]]:
        """(first bar, last bar, meter) of each run of bars, as written, whose meter is not the chart's."""
        runs = []
        for i, (at, meter) in enumerate(self.meters):
            end = self.meters[i + 1][0] if i + 1 < len(self.meters) else self.read
            if meter != self.time and end > at:
                if runs and runs[-1][2] == meter and runs[-1][1] == at:  # T34 written again in a 3/4 run
                    runs[-1] = (runs[-1][0], end, meter)
                else:
                    runs.append((at + 1, end, meter))
        return runs

    def _add(self, bar: str) -> None:
        if self.out and not BETWEEN_BARS.fullmatch(self.out[-1]):  # two bars in a row need a bar line
            self.out.append("|")
        self.placed.append(len(self.out))
        self.out.append(bar)
        self.written.append(bar)

    def jump(self) -> None:
        """D.C. or D.S. al Fine or al Coda: the bars written from the top or the segno, once each, written out."""
        sign, end = self.direction
        self.direction, self.jumped = None, True
        if len(self.written) > MAX_BARS:  # each D.C. may double the chart: a damaged one would never end
            raise EncoreError(f"the iReal Pro chart runs over {MAX_BARS:,} bars")
        start = 0 if sign == "C" else self.marks.get("segno", 0)
        end_at = self.marks.get(end.lower(), len(self.written))
        again = [bar for i, bar in enumerate(self.written[start:end_at], start) if i not in self.first_time]
        for bar in again:
            self._add(bar)

    def outro(self) -> None:
        """A coda with no D.C. or D.S. to reach it is the tune's ending: iReal Pro's last chorus jumps from the
        first coda sign to the second, leaving out the bars between them, and the choruses before it play the
        form through. Both signs are written (Q): after the bar the last chorus leaves from and before the coda."""
        if self.jumped or self.coda_from is None:
            return
        first, (coda, cut_to) = self.marks["coda"], self.coda_from
        if first >= coda:
            return
        if any(t in ("{", "}") or ENDING.fullmatch(t) for t in self.out[self.placed[first - 1]:cut_to]):
            return  # a sign inside a repeat, or a jump out of one: the form is played through instead
        if coda < len(self.written) and self.out[self.placed[coda]] == "x":  # it repeats the bar the jump changes
            self.out[self.placed[coda]] = self.written[coda]
        if coda < len(self.written):
            signed = list(self.out)
            signed.insert(self.placed[coda], "Q")
            signed.insert(self.placed[first - 1] + 1, "Q")
            try:
                chart_form(" ".join(signed))
                self.out = signed
                return
            except EncoreError:  # the signs inside a repeat, which Encore's notation does not take
                pass
        del self.out[self.placed[first]:cut_to]  # the last chorus alone, written out


def _played_meter(time: str) -> str:
    """The meter Encore plays a chart of iReal Pro's meter in: its own, or 4/4 for none or one it cannot play
    in (7/8, 2/2), as the chart is written for it (_tune)."""
    return time if quarter_beats(time) else "4/4"


def _bar_text(cells: list[str], meter: str) -> str:
    """A bar's cells as chords sharing it in the meter it is played in: [C, "", F, ""] -> "C F", ["", "",
    Bb7, ""] -> "/ Bb7". Encore's notation counts each chord and / a beat of the meter's top number; where
    the cells, so written, would not fit the bar (iReal Pro gives a bar four cells in any meter: "C / / G" in
    3/4), each chord lands on the beat nearest its cell instead, and holds one at least ("C / G").

    The beats a chord lands on are the ones the meter is felt in: 6/8 and 12/8 in dotted quarters (two and four
    a bar), so [C, "", "", G] in 6/8 changes on the second dotted quarter (the fourth eighth: "C G"), as a
    player reads it, not on an eighth near its cell; only a bar of more chords than those beats ([C, D, E, ""])
    is placed in eighths. A bar of more chords than beats has each once ("C D E F" in 3/4), shared evenly, its
    leading slash left out ("/ D7 G7" in 2/4 is "D7 G7"): which chord to leave out is the player's choice, and
    the chart's reader warns."""
    spans: list[list] = []  # [symbol, cells]; a bar opening on a slash holds the chord before
    for cell in cells:
        if cell or not spans:
            spans.append([cell or HOLD, 1])
        else:
            spans[-1][1] += 1
    beats = int(meter.partition("/")[0])
    if len(spans) > beats and spans[0][0] == HOLD:  # a leading slash is no chord: 'p D7 G7' in 2/4 is 'D7 G7'
        spans = spans[1:]
    felt = beats // 3 if meter in COMPOUND else beats  # each written symbol then a dotted quarter
    if len(spans) <= felt:
        held = _held(spans, felt)
    elif len(spans) <= beats:
        held = _held(spans, beats)
    else:
        held = [1] * len(spans)
    return " ".join(_written(spans, held))


def _held(spans: list[list], beats: int) -> list[int]:
    """The symbols each span is written with in a bar of ``beats`` beats: its cells, in the fewest symbols the
    notation times as iReal Pro does ("C G" for two halves), or on the beats nearest its cells."""
    unit = reduce(gcd, (n for _, n in spans))
    held = [n // unit for _, n in spans]
    if beats_problem(_written(spans, held), f"{beats}/4"):  # the notation's check, of a bar of that many beats
        return _beats_shared([n for _, n in spans], beats)
    return held


def _written(spans: list[list], held: list[int]) -> list[str]:
    """Each chord of a bar followed by a / for each further beat it holds."""
    return [s for (chord, _), n in zip(spans, held, strict=True) for s in [chord] + [HOLD] * (n - 1)]


def _beats_shared(cells: list[int], beats: int) -> list[int]:
    """The beats of a bar each of its chords holds, for the cells each spans: each lands on the beat nearest
    where its first cell stands (of two, the later), or the next beat where the chord before took that one, or
    an earlier one where the chords after need beats of their own. As many beats as chords at least."""
    starts, before = [], 0
    for n in cells:
        starts.append(floor(Fraction(before * beats, sum(cells)) + Fraction(1, 2)))
        before += n
    for i in range(1, len(starts)):
        starts[i] = max(starts[i], starts[i - 1] + 1)
    starts.append(beats)
    for i in reversed(range(len(cells))):
        starts[i] = min(starts[i], starts[i + 1] - 1)
    return [end - start for start, end in pairwise(starts)]
