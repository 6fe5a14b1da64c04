"""Drafting the next show: the band's usual structure, filled slot by slot by the next-song model.

Locked entries of a template stay where they are and the rest is regenerated around them. No song twice;
by default nothing from the last three shows (where those leave too few songs for the show, the songs of as many
whole shows as fit, and of the show before those only where no other song is left).
Temperature 0 is greedy; above it, sampling with the seed.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from ..compute import check_temperature
from ..errors import EncoreError, FileProblem
from ..words import counted
from .corpus import Corpus
from .history import History, is_encore, song_key
from .scoring import window_logits
from .segues import SegueOdds
from .setlist import RECENT_BACK, UNKNOWN, Entry, Set, Setlist
from .stream import MAX_POSITION, UNK_ID, set_token

SPARE_ALTERNATIVES = 40  # runners-up kept while drafting, for those that later slots take


def typical_structure(history: History, recent: int = 12) -> list[tuple[str, int]]:
    """The most common set layout of the recent shows, each set at its median length there."""
    shows = history.shows[-recent:]
    layout = Counter(tuple(s.name for s in show.sets) for show in shows).most_common(1)[0][0]
    lengths = {name: [len(s.entries) for show in shows for s in show.sets if s.name == name] for name in layout}
    return [(name, max(1, int(np.median(lengths[name])))) for name in layout]


def _template(history: History, template: Setlist | None) -> Setlist:
    """The slots to draft: the template's sets, an empty one (emptied, or added in the editor) filled at its usual
    length, or the band's usual sets."""
    if template is None or not template.sets:
        return Setlist(sets=[Set(name, _slots(n)) for name, n in typical_structure(history)])
    return Setlist(template.date, template.venue,
                   [s if s.entries else Set(s.name, _slots(_usual_length(history, s.name))) for s in template.sets])


def _slots(count: int) -> list[Entry]:
    return [Entry("") for _ in range(count)]


def _usual_length(history: History, name: str, recent: int = 12) -> int:
    """A set's median length in the recent shows that have it. A set the band never played there (an Encore 2
    or Set 3 added in the editor) takes its kind's: an encore the band's encores', a main set its main sets'
    (1 where the band has none of that kind); all sets' median gave an added encore a main set's length."""
    sets = [s for show in history.shows[-recent:] for s in show.sets]
    lengths = [len(s.entries) for s in sets if s.name == name] \
        or [len(s.entries) for s in sets if is_encore(s.name) == is_encore(name)] or [1]
    return max(1, int(np.median(lengths)))


class Drafter:
    def __init__(self, model, history: History, temperature: float, seed: int, alternatives: int,
                 date: str | None = None, job=None, to_draft: int = 0):
        self.model, self.history = model, history
        self.job, self.to_draft, self.drafted = job, to_draft, 0  # progress over the show's slots; Cancel between
        self.corpus = Corpus(history, model.vocab, date, job)  # Cancel heard while its features are worked out
        s = self.corpus.stream
        w = model.settings.window
        self.tokens, self.slots, self.positions = list(s.tokens[-w:]), list(s.slot[-w:]), list(s.position[-w:])
        self.temperature, self.rng, self.alternatives = temperature, np.random.default_rng(seed), alternatives
        self.blocked = np.zeros(len(model.vocab), dtype=bool)  # specials and songs already in the draft
        self.blocked[:model.vocab.first_song] = True
        # locked songs still to come: out of the slots drafted before them, but not out of a locked slot's odds,
        # which read as a first draft's did (only the songs before it out), so locking a show changes no number
        self.reserved = np.zeros(len(model.vocab), dtype=bool)
        self.recent = np.zeros(len(model.vocab), dtype=bool)  # songs of the last shows (see leave_out_recent)
        self.rather_not = np.zeros(len(model.vocab), dtype=bool)  # the next show back's: out unless none is left
        self.left_out = 0  # slots with no song left to fill them
        self.came_back = 0  # drafted songs of that show, taken back where no other song was left

    def leave_out_recent(self, shows: int, slots: int) -> int:
        """Rule out the songs of the last ``shows`` shows, or of as many of them as still leave ``slots`` songs
        to draft (the locked ones already blocked); returns how many shows' songs are out. The show that did not
        fit whole is avoided where possible (``rather_not``): its songs come back only once no other song is
        left, so a small catalogue repeats as few of them as it must. (Letting every recent song back once all
        were recent made a huge count draft the show of no count at all.)"""
        free = ~(self.blocked | self.reserved)  # the catalogue's songs, less the locked ones
        left = int(free.sum())
        kept = 0
        for show in reversed(self.history.shows[-shows:] if shows > 0 else []):
            songs = [i for i in {self.model.vocab.id(k) for k in show.keys()} if free[i] and not self.recent[i]]
            if left - len(songs) < slots:
                self.rather_not[songs] = True
                break
            self.recent[songs] = True
            left -= len(songs)
            kept += 1
        return kept

    def push(self, token: int, slot: int, position: int) -> None:
        self.tokens.append(token)
        self.slots.append(slot)
        self.positions.append(position)

    def probabilities(self, allow: int | None = None) -> np.ndarray | None:
        """P(next song) with the draft's songs and the recent shows' ruled out, and the show avoided where
        possible unless nothing else is left; None when no song is left (the band's catalogue is smaller than the
        show) and no locked song ``allow`` is to come. A drafted slot leaves out the locked songs to come too; a
        locked slot ``allow`` does not, so its odds and runners-up are those a draft without locks gave it."""
        taken = self.blocked if allow is not None else self.blocked | self.reserved
        blocked = taken | self.recent | self.rather_not
        if blocked[self.model.vocab.first_song:].all():  # too few others: the avoided show's songs come back
            blocked = taken | self.recent
        if allow is not None:  # a locked song: always played, even an unknown one (UNK)
            blocked[allow] = False
        elif blocked[self.model.vocab.first_song:].all():
            return None
        w = self.model.settings.window
        arrays = [np.array(a[-w:], dtype=np.int64)[None, :] for a in (self.tokens, self.slots, self.positions)]
        logits = window_logits(self.model, *arrays, self.corpus.features, np.array([len(self.history.shows)]),
                               blocked[None, :])[0].double().cpu().numpy()
        # ruled out for good: the scores' BLOCKED is only a low score, which a damaged model's songs undercut
        logits[blocked] = -np.inf
        best = logits[~blocked].max()
        if np.isnan(logits).any() or not np.isfinite(best):
            raise damaged_weights(self.model)
        p = np.exp(logits - best)
        return p / p.sum()

    def choose(self, p: np.ndarray) -> int:
        if self.temperature <= 0:
            return int(np.argmax(p))
        allowed = p > 0  # a blocked token or a song the show has stays out at any temperature
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            scaled = np.where(allowed, np.log(np.where(allowed, p, 1.0)) / self.temperature, -np.inf)
        if not np.isfinite(scaled.max()):  # a temperature so low that the division overflowed: greedy
            return int(np.argmax(p))
        q = np.exp(scaled - scaled.max())  # from the likeliest: a low temperature would underflow every song to 0
        return int(self.rng.choice(len(q), p=q / q.sum()))

    def entry(self, p: np.ndarray, chosen: int, locked: Entry | None) -> Entry:
        """The chosen song with the model's runners-up; more of them than shown, as songs drafted later in the
        show are dropped from them at the end (see `_usable_alternatives`)."""
        vocab = self.model.vocab
        spare = self.alternatives + SPARE_ALTERNATIVES
        order = [int(i) for i in np.argsort(-p)[:spare + 1] if i != chosen and p[i] > 0]
        alternatives = [(vocab.name(i), float(p[i])) for i in order[:spare]]
        if locked is not None:
            probability = float(p[chosen]) if chosen > 1 else None
            return Entry(locked.song, locked.transition, probability, alternatives, True)
        return Entry(vocab.name(chosen), ",", float(p[chosen]), alternatives)

    def draft_set(self, layout: Set) -> Set:
        vocab = self.model.vocab
        token = set_token(layout.name)
        group = 0 if token == "<SET1>" else 1 if token == "<SET2>" else 3 if token.startswith("<ENC") else 2
        self.push(vocab.id(token), group, 0)
        entries = []
        for j, slot_entry in enumerate(layout.entries):
            if self.job:
                self.job.report(self.drafted, self.to_draft, f"drafting {layout.name}")
            self.drafted += 1
            locked = slot_entry if slot_entry.locked else None
            locked_id = vocab.id(song_key(locked.song)) if locked else None
            p = self.probabilities(allow=locked_id)
            if p is None:  # no song left to play: the slot stays out, as no song may come twice
                self.left_out += 1
                continue
            chosen = locked_id if locked else self.choose(p)
            if not locked and p[chosen] <= 0:  # a special token or a song ruled out: never in a draft
                raise damaged_weights(self.model)
            entries.append(self.entry(p, chosen, locked))
            if chosen > 1:
                self.came_back += bool(not locked and self.rather_not[chosen])
                self.blocked[chosen] = True
            self.push(chosen, 4 + group, min(j + 1, MAX_POSITION))
        return Set(layout.name, entries)


def damaged_weights(model) -> EncoreError:
    """The error for a model whose scores are no use (NaN, or no song scored as a number): a damaged file's
    weights, named by its folder where it was loaded from one."""
    problem = "holds damaged weights (its scores for the next song are not numbers); train the model again"
    source = getattr(model, "source", None)
    return FileProblem(problem, source) if source else EncoreError(f"the model {problem}")


def check_locks(layout: Setlist, path=None) -> None:
    """EncoreError for a song locked twice: a show plays a song once, and the draft could not leave it out."""
    seen: dict[str, str] = {}
    for s in layout.sets:
        for entry in s.entries:
            if entry.locked and entry.song.strip():
                key = song_key(entry.song)
                if key in seen:
                    raise EncoreError(f"{entry.song!r} is locked twice ({seen[key]} and {s.name}); a show plays a "
                                      "song once, so unlock one of them", path)
                seen[key] = s.name


def check_avoid_recent(shows: int, name: str = "avoid_recent") -> None:
    """EncoreError unless the count of recent shows whose songs a draft leaves out is 0 or more."""
    if shows < 0:
        raise EncoreError(f"{name} must be 0 or more (0 leaves no show out), not {shows}")


def draft_show(model, history: History | None = None, date: str | None = None, temperature: float = 0.0,
               seed: int = 0, template: Setlist | None = None, avoid_recent: int = 3,
               alternatives: int = 4, job=None) -> Setlist:
    """The next show. A template's locked entries stay in place; every other slot is drafted. ``job`` hears of
    each slot and may cancel between them."""
    check_temperature(temperature, "song")
    check_avoid_recent(avoid_recent)
    history = history or model.history
    if not history.shows:  # the usual sets, the songs' gaps and the context all come from the shows before
        raise EncoreError("the history has no shows to draft the next show from")
    date = date or history.next_date()
    layout = _template(history, template)
    drafter = Drafter(model, history, temperature, seed, alternatives, date, job,
                      sum(len(s.entries) for s in layout.sets))
    check_locks(layout)
    locked_ids = {model.vocab.id(song_key(e.song)) for s in layout.sets for e in s.entries if e.locked}
    drafter.reserved[list(locked_ids - {UNK_ID})] = True  # a locked song is not drafted anywhere else
    to_draft = sum(not e.locked for s in layout.sets for e in s.entries)
    rested = drafter.leave_out_recent(avoid_recent, to_draft)
    too_few = rested < min(avoid_recent, len(history.shows))
    sets = [s for s in (drafter.draft_set(s) for s in layout.sets) if s.entries]
    _usable_alternatives(sets, alternatives)
    _mark_segues(sets, SegueOdds(history))
    # the count that drafts this show again: the whole shows left out, and the one avoided where possible
    meta = {"band": history.band, "demo": history.demo, "temperature": temperature, "seed": seed,
            "avoid_recent": rested + 1 if too_few else avoid_recent}
    if drafter.came_back:  # the heading must not say that show's songs were all left out
        meta[RECENT_BACK] = drafter.came_back
    fewer_shows = f"leaving out {_shows_songs(avoid_recent)} leaves too few songs for the show: " \
        f"{_came_back(rested, drafter.came_back)}" if too_few else None
    ran_out = (f"the band's {counted(len(model.vocab) - model.vocab.first_song, 'song')} ran out: "
               f"{counted(drafter.left_out, 'slot')} left empty") if drafter.left_out else None
    last = history.shows[-1].date if history.shows else ""
    # the features never go back in time (features.show_days): an earlier date is drafted as the next show
    early = f"{date} is not after the last show ({last}): drafted as the show after it" if date and last and \
        date <= last else None
    warning = "; ".join(w for w in (unfamiliar(model, history), fewer_shows, ran_out, early) if w)
    if warning:
        meta["warning"] = warning
    return Setlist(date or "", "", sets, meta)


def _shows_songs(shows: int) -> str:
    """'the last 17 shows' songs', 'the last show's songs' or 'no show's songs'."""
    return "no show's songs" if shows <= 0 else "the last show's songs" if shows == 1 else f"the last {shows} shows' songs"


def _came_back(rested: int, back: int) -> str:
    """What a draft short of songs left out: 'the last show's songs are left out, and 6 songs of the show before
    came back', or '6 songs of the last show came back' where no show fitted whole."""
    if not back:  # (the avoided show's songs were not needed after all)
        return f"{_shows_songs(rested)} are left out instead"
    if not rested:
        return f"{counted(back, 'song')} of the last show came back"
    return f"{_shows_songs(rested)} are left out, and {counted(back, 'song')} of the show before came back"


def unfamiliar(model, history: History, shows: int = 10) -> str | None:
    """A warning when the model knows few songs of the history's last shows: likely another band's model,
    whose draft would rest on set structure alone."""
    recent = [k for show in history.shows[-shows:] for k in show.keys()]
    unknown = sum(model.vocab.id(k) == UNK_ID for k in recent)
    if not recent or unknown <= len(recent) / 2:
        return None
    band = f" (trained on {model.history.band})" if model.history.band else ""
    last = counted(min(shows, len(history.shows)), "show")
    return (f"the model{band} does not know {unknown} of the {len(recent)} songs played in the history's last "
            f"{last}: is it another band's model?")


def _usable_alternatives(sets: list[Set], count: int) -> None:
    """Each entry keeps its first `count` runners-up that the show does not already have elsewhere: swapping
    one of those in would put a song in the show twice."""
    in_show = {song_key(e.song) for s in sets for e in s.entries}
    for entry in (e for s in sets for e in s.entries):
        entry.alternatives = [a for a in entry.alternatives if song_key(a[0]) not in in_show][:count]


def _mark_segues(sets: list[Set], odds: SegueOdds) -> None:
    for s in sets:
        for a, b in zip(s.entries, s.entries[1:], strict=False):
            # A locked song keeps a segue mark (the user's, or one they kept); one without may gain one into a
            # song drafted after it anew (a fixed pair's first half, locked, is then marked into its second)
            # (a locked song with no mark, one a template or a setlist.fm show gave, gets the model's)
            if not (a.locked and (b.locked or a.transition in (">", "->")) and a.transition != UNKNOWN):
                a.transition = odds.mark(a.song, b.song)
        if s.entries and (not s.entries[-1].locked or s.entries[-1].transition == UNKNOWN):
            s.entries[-1].transition = ","
