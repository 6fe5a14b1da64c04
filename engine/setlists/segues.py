"""Where the band segues: the share of '>' and '->' after a song, and after a song into a given song.

Fixed pairs (A > B every time) dominate their own statistics; other songs fall back to how often they
lead into anything, so a draft marks segues only where the history says the band does.
"""

from __future__ import annotations

from collections import Counter

from .history import History, song_key
from .setlist import TRANSITIONS


class SegueOdds:
    def __init__(self, history: History, pair_weight: float = 2.0):
        self.pairs: dict[tuple[str, str], Counter] = {}
        self.after: dict[str, Counter] = {}
        self.pair_weight = pair_weight
        for show in history.shows:
            for s in show.sets:
                for a, b in zip(s.entries, s.entries[1:], strict=False):
                    if a.transition not in TRANSITIONS:  # unknown (setlist.fm, an empty cell): no "no segue"
                        continue
                    key = (song_key(a.song), song_key(b.song))
                    self.pairs.setdefault(key, Counter())[a.transition] += 1
                    self.after.setdefault(key[0], Counter())[a.transition] += 1
        overall = Counter()
        for c in self.after.values():
            overall.update(c)
        self.base = (overall[">"] + overall["->"]) / max(1, sum(overall.values()))

    def probability(self, a: str, b: str) -> float:
        """P(a segue follows song a when song b comes next)."""
        after = self.after.get(song_key(a), Counter())
        song_rate = (after[">"] + after["->"] + self.base) / (sum(after.values()) + 1)
        pair = self.pairs.get((song_key(a), song_key(b)), Counter())
        return (pair[">"] + pair["->"] + self.pair_weight * song_rate) / (sum(pair.values()) + self.pair_weight)

    def mark(self, a: str, b: str) -> str:
        if self.probability(a, b) < 0.5:
            return ","
        counts = self.pairs.get((song_key(a), song_key(b))) or self.after.get(song_key(a), Counter())
        return "->" if counts["->"] > counts[">"] else ">"
