"""A band's history: its shows in date order, each a `Setlist` with an id, plus what went wrong on import.

Song names are matched through `song_key` (case, spacing, punctuation and accents ignored) but every
show keeps the spelling the band used, so the display never shows the normalised form.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from .setlist import Setlist, one_line

# the CSV's set column: 1, 2 ... 99, E, E1, E2 ..., also as Encore's own screens write them (Set 2, Encore 2)
SET_LABEL = re.compile(r"(?:SET\s*)?([1-9][0-9]?)|(?:ENCORE|E)\s*([1-9][0-9]?)?", re.IGNORECASE)


@lru_cache(maxsize=65536)  # called for every play of every show; a band has a few thousand names
def song_key(name: str) -> str:
    """The form used for matching: 'Can't You Hear Me Knocking ' == 'cant you hear  me knocking', 'Café' ==
    'cafe'. Letters of every script count ('Группа крови'); a name of signs only ('?') is matched as written."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()  # accents go, other scripts stay
    text = re.sub(r"['\u2018\u2019`\.]", "", text.replace("&", " and "))  # "Can't" = "Cant", "St." = "St"
    # '<' and '>' stay for phish.net's unnamed songs ('<songid:3056>'); a colon, a dash or an em dash is a
    # space, so that setlist.fm's '2112: Overture' is a CSV's '2112 - Overture' and 'Song—Part' is 'Song - Part'
    return " ".join(re.sub(r"(?:[^\w<>]|_)+", " ", text).split()) or " ".join(name.lower().split())


def rekeyed(keys: list[str], names: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """Song keys saved by an earlier Encore, whose song_key kept colons and dropped em dashes, as song_key makes
    them now (from each key's spelling), so that its models still know those songs. Where two become one
    ('2112: overture' and '2112 overture' merged from two sources), the key already so written keeps it, or else
    the first, the one played more, and the other keeps its old one. Set tokens ('<SET1>') are not spellings
    and stay as they are. Spellings come on one line, as the readers now give them (a model saved before kept
    a song's line break)."""
    names = {k: one_line(name) for k, name in names.items()}
    wanted = [k if k.startswith("<") and k.isupper() else song_key(names.get(k, k)) for k in keys]
    taken = {k for k, key in zip(keys, wanted, strict=True) if k == key}
    new = []
    for k, key in zip(keys, wanted, strict=True):
        if k != key and key not in taken:
            taken.add(key)
            k = key
        new.append(k)
    if new == keys or len(set(new)) < len(new):
        return keys, names
    return new, {n: names.get(k, k) for k, n in zip(keys, new, strict=True)}


def did_you_mean(song: str, names: dict[str, str]) -> str:
    """The end of an "unknown song" message naming the closest known songs (names: key -> spelling), or ""."""
    import difflib

    close = difflib.get_close_matches(song_key(song), list(names), n=3, cutoff=0.6)
    if not close:
        return ""
    return f"; did you mean {' or '.join(repr(names[k]) for k in close)}?"


def set_label(name: str) -> str:
    """'Set 2' -> '2', 'Encore' -> 'E', 'Encore 2' -> 'E2' (the CSV's set column)."""
    if name.lower().startswith("encore"):
        rest = name[6:].strip()
        return "E" if rest in ("", "1") else f"E{rest}"
    return name.split()[-1] if name.split() else name


def set_name(label: str) -> str | None:
    """The CSV's set column as a set's name, '2' -> 'Set 2', 'E' and 'E1' -> 'Encore', 'E2' -> 'Encore 2'
    (set_label's way back); None for a label that is neither."""
    found = SET_LABEL.fullmatch(label)
    if found is None:
        return None
    if found.group(1):
        return f"Set {int(found.group(1))}"
    encore = int(found.group(2) or 1)
    return "Encore" if encore == 1 else f"Encore {encore}"


def set_rank(label: str) -> int:
    """Where a set label falls in a show: 1, 2 ... 99, then the encores (unknown labels last)."""
    found = SET_LABEL.fullmatch(label)
    if found is None:
        return 1000
    return int(found.group(1)) if found.group(1) else 100 + int(found.group(2) or 1)


def is_encore(name: str) -> bool:
    return name.lower().startswith("encore")


@dataclass
class Show(Setlist):
    """One concert: a `Setlist` that happened, with the id it had in its source."""

    show_id: str = ""

    def keys(self) -> list[str]:
        return [song_key(s) for s in self.songs()]

    def to_json(self) -> dict:
        return {"show_id": self.show_id, **super().to_json()}

    @classmethod
    def from_setlist(cls, setlist: Setlist, show_id: str = "") -> Show:
        return cls(setlist.date, setlist.venue, setlist.sets, setlist.meta, show_id)


@dataclass
class History:
    shows: list[Show]
    problems: list[str] = field(default_factory=list)  # "file:line: what was wrong" for each skipped row
    band: str = ""
    demo: bool = False
    left_out: list = field(default_factory=list)  # files given by another artist than the band's, skipped whole
    artist: str = ""  # who the shows are by, where a file said so (phish.net's "Phish"); the band's name too

    def names(self) -> dict[str, str]:
        """song key -> the spelling the band used most often."""
        spellings: dict[str, Counter] = defaultdict(Counter)
        for show in self.shows:
            for song in show.songs():
                spellings[song_key(song)][song] += 1
        return {k: c.most_common(1)[0][0] for k, c in spellings.items()}

    def stats(self) -> dict:
        keys = [k for show in self.shows for k in show.keys()]
        return {"band": self.band, "demo": self.demo, "shows": len(self.shows), "plays": len(keys),
                "songs": len(set(keys)), "first_date": self.shows[0].date if self.shows else None,
                "last_date": self.shows[-1].date if self.shows else None, "problems": len(self.problems)}

    def next_date(self) -> str | None:
        """The day after the last show: what "the next show" means without a date (the features assume it too);
        None when there is no readable last date."""
        try:
            return (dt.date.fromisoformat(self.shows[-1].date) + dt.timedelta(days=1)).isoformat()
        except (IndexError, TypeError, ValueError):
            return None

    def before(self, count: int) -> History:
        return History(self.shows[:count], self.problems, self.band, self.demo, artist=self.artist)


def song_profile(history: History, song: str, follows: int = 5) -> dict:
    """What a fan asks about a song: how often, first and last time, current gap, what usually follows."""
    key = song_key(song)
    dates, after = [], Counter()
    last_index = None
    for i, show in enumerate(history.shows):
        keys = show.keys()
        for j, k in enumerate(keys):
            if k == key:
                dates.append(show.date)
                last_index = i
                if j + 1 < len(keys):
                    after[keys[j + 1]] += 1
    names = history.names()
    return {"song": names.get(key, song), "times_played": len(dates),
            "first_played": dates[0] if dates else None, "last_played": dates[-1] if dates else None,
            "gap": len(history.shows) - 1 - last_index if last_index is not None else None,
            "followed_by": [{"song": names[k], "times": n} for k, n in after.most_common(follows)]}


def demo_history() -> History:
    """The generated demo band that ships with Encore (clearly marked demo data, not a real band)."""
    from resources.demo_band import generate_history

    return generate_history()


def load_history(paths, band: str = "", settled: int = 0) -> History:
    """``settled``: how many of the first paths are already the band's (the window's, when files are added)."""
    from .formats import load_histories

    return load_histories(paths if isinstance(paths, (list, tuple)) else [paths], band, settled=settled)
