"""The Demo Band: generated demo data, not a real band.

Encore cannot ship real setlists, so a fresh install learns from this deterministic generator. It has
what real histories have, so a model has something real to learn: a catalogue whose songs enter and leave
rotation by era, fixed segue pairs and a three-song suite, set openers, encore songs, rotation gaps (a song
just played rests for a while) and multi-night runs at one venue without repeats.
"""

from __future__ import annotations

import datetime as dt
import random

BAND = "The Demo Band (generated demo data)"
SEED = 1729

FIRST = ["Copper", "Midnight", "Silver", "Hollow", "Northern", "Paper", "Velvet", "Glass", "Rusty", "Golden",
         "Quiet", "Electric", "Wandering", "Crooked", "Lonesome", "Bright"]
SECOND = ["Lantern", "Ferry", "River", "Engine", "Orchard", "Highway", "Comet", "Harbor", "Meadow", "Cathedral",
          "Signal", "Canyon", "Parade", "Window", "Compass", "Garden"]

SEGUE_PAIRS = [("Harbor Lights", "Lantern Song"), ("Tidewater", "Undertow"), ("First Snow", "Thaw")]
SUITE = ["Overture in Blue", "The Long Middle", "Finale in Gold"]
SET1_OPENERS = ["Open the Gates", "Morning Train", "Knock Knock", "Hello Again", "Doors Open", "Roll Call"]
SET2_OPENERS = ["Second Wind", "Big Machine", "Rise Up", "Thunder Road Trip"]
ENCORES = ["Goodnight Moonshine", "Last Call", "Carry Me Home", "Porch Light", "Slow Fade", "Lullaby for Later",
           "Exit Music", "Home Again"]


def catalogue(rng: random.Random) -> list[dict]:
    """Songs with the year they entered rotation, the year they left, and how often they come up."""
    names = sorted({f"{rng.choice(FIRST)} {rng.choice(SECOND)}" for _ in range(200)})[:70]
    songs = [{"song": n, "from": rng.choice([2008] * 4 + list(range(2009, 2022))),
              "until": rng.choice([2100] * 20 + list(range(2014, 2024))), "weight": rng.uniform(0.3, 2.0),
              "rest": rng.choice([2, 3, 4, 6, 8])} for n in names]
    fixed = [a for a, _ in SEGUE_PAIRS] + [SUITE[0]]
    songs += [{"song": n, "from": 2008, "until": 2100, "weight": 1.2, "rest": 4} for n in fixed]
    return songs


def show_dates(rng: random.Random, start=dt.date(2010, 3, 1), end=dt.date(2024, 11, 30)):
    """Tour dates: runs of one to three nights at one venue, a few days apart."""
    venues = [f"{rng.choice(FIRST)} {v}" for v in ("Ballroom", "Theatre", "Amphitheatre", "Hall", "Arena")
              for _ in range(3)]
    day, dates = start, []
    while day <= end:
        venue = rng.choice(venues)
        for night in range(rng.choice([1, 1, 2, 3])):
            dates.append((day + dt.timedelta(days=night), venue))
        day += dt.timedelta(days=rng.choice([4, 6, 9, 15, 30]))
    return dates


def pick(rng: random.Random, pool: list[dict], last_played: dict, show_no: int, taken: set) -> dict:
    """A song from the pool, weighted by how long it has rested; never one already in this show."""
    weights = []
    for s in pool:
        gap = show_no - last_played.get(s["song"], -99)
        resting = s["song"] in taken or f"run:{s['song']}" in taken or gap <= s["rest"]
        weights.append(0.0 if resting else s["weight"] * min(gap / 10, 3.0))
    if not any(weights):  # everything is resting: the longest rested comes back early
        in_show = {song for song in taken if not song.startswith("run:")}
        weights = [0.0 if s["song"] in in_show else 1.0 / (200 + last_played.get(s["song"], -99)) for s in pool]
    return rng.choices(pool, weights)[0]


def one_set(rng, opener_pool, pool, length, last_played, show_no, taken) -> list[tuple[str, str]]:
    songs = [(pick(rng, opener_pool, last_played, show_no, taken)["song"], ",")]
    taken.add(songs[0][0])
    while len(songs) < length:
        name = pick(rng, pool, last_played, show_no, taken)["song"]
        pairs = dict(SEGUE_PAIRS)
        chain = SUITE if name == SUITE[0] else [name, pairs[name]] if name in pairs else [name]
        for i, song in enumerate(chain):
            songs.append((song, ">" if i < len(chain) - 1 else rng.choice([",", ",", ",", ">", "->"])))
            taken.add(song)
    songs[-1] = (songs[-1][0], ",")
    return songs


def generate_rows(seed: int = SEED) -> list[dict]:
    """Rows in the CSV layout of Encore's setlist import."""
    rng = random.Random(seed)
    songs = catalogue(rng)
    specials = [{"song": n, "weight": 1.0, "rest": 3} for n in SET1_OPENERS + SET2_OPENERS + ENCORES]
    openers1, openers2, encores = specials[:6], specials[6:10], specials[10:]
    rows, last_played, run_taken, prev_venue = [], {}, set(), None
    for show_no, (day, venue) in enumerate(show_dates(rng)):
        pool = [s for s in songs if s["from"] <= day.year <= s["until"]]
        run_taken = run_taken if venue == prev_venue else set()  # no repeats within a multi-night run
        taken = {f"run:{song}" for song in run_taken}  # resting for this run, still allowed if nothing else
        sets = [("1", one_set(rng, openers1, pool, rng.randint(7, 9), last_played, show_no, taken)),
                ("2", one_set(rng, openers2, pool, rng.randint(6, 8), last_played, show_no, taken)),
                ("E", one_set(rng, encores, encores, rng.choice([1, 1, 2]), last_played, show_no, taken))]
        position = 0
        for label, entries in sets:
            for song, mark in entries:
                position += 1
                last_played[song] = show_no
                run_taken.add(song)
                rows.append({"show_id": str(show_no + 1), "show_date": day.isoformat(), "venue": venue,
                             "set": label, "position": position, "song": song, "transition": mark})
        prev_venue = venue
    return rows


def generate_history(seed: int = SEED):
    from engine.setlists.formats import Row, shows_from_rows
    from engine.setlists.history import History

    problems: list[str] = []
    rows = [Row(f"demo:{i + 1}", r["show_id"], r["show_date"], r["venue"], r["set"], r["position"], r["song"],
                r["transition"]) for i, r in enumerate(generate_rows(seed))]
    shows = shows_from_rows(rows, problems)
    for show in shows:
        show.meta["demo"] = True
    return History(shows, problems, BAND, demo=True)
