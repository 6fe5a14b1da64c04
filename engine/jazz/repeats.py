"""A score's repeats, endings, D.C. and D.S. written out as played (an AABA tune written |:A:|BA is read AABA,
as a typed chart's repeats are), with music21's Expander; or, where that cannot be done faithfully, the score
as written and a notice that says why."""

from __future__ import annotations

import re

MAX_PLAYED_BARS = 2000  # repeats written out past this are a broken file's, not a tune's
UNPLAYED = "its repeats are not written out, so it is read once through as written: "
NUMBERED = UNPLAYED + "its bar range was chosen by an earlier Encore, among the bars as written"
# ABC's ':|:' ends one repeat and starts the next (as '::' does); music21 reads a dotted bar line after the ':|'
# and loses the start, so the next ':|' went back to the top of the tune
_END_AND_START = re.compile(r":\|:(?!\|)")
WRITTEN = "encore-written-bar-"  # a measure's group naming its place among the bars as written (0 the first)


def abc_repeat_spelling(music: str) -> str:
    """A line of ABC music with ':|:' written ':||:', outside quoted text (a second bare '::' music21 also
    misread, losing the tune's end)."""
    pieces = music.split('"')
    return '"'.join(_END_AND_START.sub(":||:", p) if i % 2 == 0 else p for i, p in enumerate(pieces))


def as_played(score, unmeasured_repeats: bool = False, numbered: bool = False) -> tuple:
    """(the score as played, "") or (the score as written, why). ``unmeasured_repeats``: an ABC tune whose
    repeat signs music21 dropped with its bars (fewer than two plain |); ``numbered``: a bar range was asked for,
    among the bars as written (by an earlier Encore), which written-out repeats would shift."""
    from music21 import repeat, stream

    parts = list(score.parts) if isinstance(score, stream.Score) else [score]
    if not all(p.hasMeasures() for p in parts):  # music21 keeps ABC bars (and their repeats) from 2 plain | on
        return score, UNPLAYED + "too few plain bar lines (|) to tell its bars apart" if unmeasured_repeats else ""
    try:
        if all(repeat.Expander(p).isExpandable() is None for p in parts):
            return score, ""
        if numbered:
            return score, NUMBERED
        for part in parts:
            _start_after_lone_ends(part)
        played = max(_bars_as_played(p) for p in parts)
        if played > MAX_PLAYED_BARS:
            return score, UNPLAYED + f"played out they would run to about {played} bars"
        _mark_written(parts)
        expanded = score.expandRepeats()
    except repeat.ExpanderException as e:
        badly = "badly formed" in str(e)
        return score, UNPLAYED + ("its repeat signs, endings or D.C./D.S. marks do not pair up (a |: with no :| "
                                  "to close it, say)" if badly else f"they could not be followed ({e})")
    except Exception as e:  # noqa: BLE001 - music21 raises several kinds on repeats it cannot follow
        return score, UNPLAYED + f"they could not be followed ({type(e).__name__}: {e})"
    grown = {len(list(after.getElementsByClass("Measure"))) - len(list(before.getElementsByClass("Measure")))
             for before, after in zip(parts, expanded.parts if len(parts) > 1 else [], strict=False)}
    if len(grown) > 1:  # written out, their bars would no longer sound together
        return score, UNPLAYED + "its parts repeat differently (a part without the repeat signs of another)"
    return expanded, ""


def _mark_written(parts) -> None:
    """Each written measure tagged with its place in the part, which its played copies keep (music21 copies
    the measure, groups and all): a measure's own number can repeat or restart in a file."""
    for part in parts:
        for i, measure in enumerate(part.getElementsByClass("Measure")):
            measure.groups.append(f"{WRITTEN}{i}")


def written_bars(played) -> list[tuple[float, float, int]]:
    """(start, end in quarter notes, its place among the bars as written) of each bar of a score as_played wrote
    out, in the order played, from its first part; [] for a score read as written."""
    from music21 import stream

    part = played.parts[0] if isinstance(played, stream.Score) and played.parts else played
    out = []
    for measure in part.getElementsByClass("Measure"):
        tag = next((g for g in measure.groups if g.startswith(WRITTEN)), None)
        if tag is None:
            return []
        start = float(measure.offset)
        out.append((start, start + float(measure.quarterLength), int(tag[len(WRITTEN):])))
    return out


def _start_after_lone_ends(part) -> None:
    """A :| that follows another :| with no |: between goes back to the first :| (the ABC standard, and how
    players read A :| B :|); music21 went back to the top. The bar after the first :| is marked |: for it,
    unless that bar is an ending's (|1 B :|2 C)."""
    from music21 import bar, spanner

    measures = list(part.getElementsByClass("Measure"))
    last_end = None
    for i, measure in enumerate(measures):
        if _repeat(measure.leftBarline, "start"):
            last_end = None
        if _repeat(measure.rightBarline, "end"):
            after = last_end + 1 if last_end is not None else None
            if after is not None and after <= i and not any(
                    isinstance(s, spanner.RepeatBracket) for s in measures[after].getSpannerSites()):
                measures[after].leftBarline = bar.Repeat(direction="start")
            last_end = i


def _repeat(barline, direction: str) -> bool:
    from music21 import bar

    return isinstance(barline, bar.Repeat) and barline.direction == direction


def _bars_as_played(part) -> int:
    """About how many bars the part runs to with its repeats played, counted before writing them out: a repeat
    marked to play a thousand times, or repeats nested deep, would fill the memory. Each :| plays the bars since
    its |: (or since the start) its times over."""
    sections = [0]  # bars counted in each repeat still open, the outermost first
    for measure in part.getElementsByClass("Measure"):
        if _repeat(measure.leftBarline, "start"):
            sections.append(0)
        sections[-1] += 1
        if _repeat(measure.rightBarline, "end"):
            played = sections.pop() * (measure.rightBarline.times or 2)
            sections = sections or [0]
            sections[-1] += played
    return sum(sections)
