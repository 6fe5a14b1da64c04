"""A score's repeats, endings, D.C. and D.S. written out as played (an AABA tune written |:A:|BA is read AABA,
as a typed chart's repeats are), with music21's Expander; or, where that cannot be done faithfully, the score
as written and a notice that says why."""

from __future__ import annotations

import re

MAX_PLAYED_BARS = 2000  # repeats written out past this are a broken file's, not a tune's
UNPLAYED = "its repeats are not written out, so it is read once through as written: "
_BADLY_FORMED = "its repeat signs, endings or D.C./D.S. marks do not pair up"
_UNPAIRED = "it does not pair up with the tune's segno, Fine, coda or repeat signs (a D.S. with no segno, say)"
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
        return score, UNPLAYED + (f"{_BADLY_FORMED} (a |: with no :| to close it, say)" if badly
                                  else f"they could not be followed ({e})")
    except Exception as e:  # noqa: BLE001 - music21 raises several kinds on repeats it cannot follow
        return score, UNPLAYED + f"they could not be followed ({type(e).__name__}: {e})"
    grown = {len(list(after.getElementsByClass("Measure"))) - len(list(before.getElementsByClass("Measure")))
             for before, after in zip(parts, expanded.parts if len(parts) > 1 else [], strict=False)}
    if len(grown) > 1:  # written out, their bars would no longer sound together
        return score, UNPLAYED + "its parts repeat differently (a part without the repeat signs of another)"
    return expanded, ""


def _mark_written(parts) -> None:
    """Each written measure tagged with its place in the part, which its played copies keep (music21 copies
    the measure, groups and all): a measure's own number can repeat or restart in a file. Once only: an ABC
    tune whose D.C. could not be followed is played out again without it (abc_as_played)."""
    for part in parts:
        for i, measure in enumerate(part.getElementsByClass("Measure")):
            if not any(g.startswith(WRITTEN) for g in measure.groups):
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


# ABC's D.C., D.S., Fine, segno and coda, as decorations (!D.C.alfine!, ABC 2.1's !D.C.! and !fine!) or as text
# ("^D.C. al Fine"): music21's ABC reader drops them all, and a tune was read shorter than it is played. They are
# found in the text and set in the bars they mark, as music21's MusicXML reader sets a score's.
_JUMP_KINDS = {
    "fine": "Fine", "segno": "Segno", "coda": "Coda", "tocoda": "Coda", "dacoda": "Coda",
    "dc": "DaCapo", "dacapo": "DaCapo", "dcalfine": "DaCapoAlFine", "dacapoalfine": "DaCapoAlFine",
    "dcalcoda": "DaCapoAlCoda", "dacapoalcoda": "DaCapoAlCoda", "ds": "DalSegno", "dalsegno": "DalSegno",
    "dsalfine": "DalSegnoAlFine", "dalsegnoalfine": "DalSegnoAlFine", "dsalcoda": "DalSegnoAlCoda",
    "dalsegnoalcoda": "DalSegnoAlCoda",
}
_JUMP_NAMES = {"DaCapo": "D.C.", "DaCapoAlFine": "D.C. al Fine", "DaCapoAlCoda": "D.C. al Coda",
               "DalSegno": "D.S.", "DalSegnoAlFine": "D.S. al Fine", "DalSegnoAlCoda": "D.S. al Coda"}
_DECORATIONS = {"Fine": "!fine!", "Segno": "!segno!", "Coda": "!coda!", "DaCapo": "!D.C.!",
                "DaCapoAlFine": "!D.C.alfine!", "DaCapoAlCoda": "!D.C.alcoda!", "DalSegno": "!D.S.!",
                "DalSegnoAlFine": "!D.S.alfine!", "DalSegnoAlCoda": "!D.S.alcoda!"}
_DECORATION = re.compile(r"!([^!\n\"]{1,18})!")  # music21 looks no further than 20 characters for the closing !
_QUOTED = re.compile(r'"([\^_<>@]?)([^"\n]*)"')
# "Dc", "Ds" where a chord symbol goes, no dots: a (made-up) chord's name; "DC" is O'Neill's D.C.
_CHORD_LIKE = re.compile(r"\s*D[cs]\s*")
_FIELD_OR_COMMENT = re.compile(r"^\s*(?:[A-Za-z]:|%)")


def _jump_kind(words: str) -> str | None:
    return _JUMP_KINDS.get(re.sub(r"[\s.,]", "", words).lower())


def abc_jump_spelling(music: str) -> str:
    """A line of ABC music with its D.C./D.S. and Fine written as text ("^D.C. al Fine") written as decorations
    (!D.C.alfine!), which music21 skips where it read the text as a chord symbol, and Encore finds (abc_jumps)."""
    def spelled(found: re.Match) -> str:
        annotation, words = found.groups()
        kind = _jump_kind(words) if annotation or not _CHORD_LIKE.fullmatch(words) else None
        return _DECORATIONS[kind] if kind else found.group()

    return _QUOTED.sub(spelled, music) if '"' in music else music


def abc_jumps(text: str) -> list[tuple[int, int, str]]:
    """(start, end in the text, music21's class name) of each D.C./D.S., Fine, segno and coda decoration in the
    music lines of ABC text, comments aside."""
    found, at = [], 0
    for line in text.splitlines(keepends=True):
        if not _FIELD_OR_COMMENT.match(line):
            music = re.split(r"(?<!\\)%", line, maxsplit=1)[0]
            found += [(at + m.start(), at + m.end(), _jump_kind(m.group(1))) for m in _DECORATION.finditer(music)
                      if _jump_kind(m.group(1))]
        at += len(line)
    return found


def abc_as_played(score, tune: str, unmeasured_repeats: bool = False, numbered: bool = False) -> tuple:
    """as_played for music21's reading of an ABC ``tune``, its first tune's D.C. or D.S. and the marks it goes by
    set in the bars they are written in: (the score as played, its notices). A jump that cannot be placed in a
    bar, or that does not pair up with the tune's marks, is said not to be followed, and the tune's repeats are
    played out as though it were not written (a tune learned without its D.S. is shorter, not its repeats too)."""
    from music21 import stream

    parts = list(score.parts) if isinstance(score, stream.Score) else [score]
    placed, unfollowed, why = _placed_abc_jumps(parts, tune)
    jumps = _set_jumps(parts, placed) if placed else []
    played, unplayed = as_played(score, unmeasured_repeats, numbered)
    if jumps and unplayed and unplayed != NUMBERED:
        for measure, jump in jumps:
            measure.remove(jump)
        unfollowed = next(_JUMP_NAMES[type(j).__name__] for _, j in jumps if type(j).__name__ in _JUMP_NAMES)
        failed = unplayed[len(UNPLAYED):]
        why = ": " + (_UNPAIRED if failed.startswith(_BADLY_FORMED) else failed)
        played, unplayed = as_played(score, unmeasured_repeats, numbered)
    if not unfollowed:
        return played, [unplayed] if unplayed else []
    if unplayed:  # its repeats cannot be played out without it either: that notice says why
        return played, [f"its {unfollowed} is not followed; {unplayed}"]
    return played, [f"its {unfollowed} is not followed{why}"]


def _placed_abc_jumps(parts, tune: str) -> tuple[list | None, str, str]:
    """(bar index, kind) of each of the first tune's marks where it has a D.C. or D.S. and each can be placed in
    the bars of ``parts``; else None, and where it has one, its name and why it is not followed."""
    marks = abc_jumps(tune)
    if not any(kind in _JUMP_NAMES for _, _, kind in marks):
        return None, "", ""
    try:
        kinds, placed = _abc_bars_of(tune, marks, [len(p.getElementsByClass("Measure")) for p in parts])
    except Exception:  # noqa: BLE001 - music21's tokenizer raises several kinds on text it reads its own way
        kinds, placed = [kind for _, _, kind in marks], None
    commands = [kind for kind in kinds if kind in _JUMP_NAMES]
    if not commands:
        return None, "", ""
    if placed is None:
        why = ("too few plain bar lines (|) to tell its bars apart" if not all(p.hasMeasures() for p in parts)
               else "its bar lines could not be matched to the bars read")
        return None, _JUMP_NAMES[commands[0]], f", as it could not be placed in a bar ({why})"
    return placed, "", ""


def _set_jumps(parts, placed: list[tuple[int, str]]) -> list[tuple]:
    """Each mark set in its bar of every part, and (bar, mark) of each set; a plain D.C. or D.S. in a tune with a
    Fine is 'al Fine', with two codas 'al Coda', as players read it (music21 reads a plain one to the end)."""
    from music21 import repeat

    marks = sorted(set(placed))
    kinds = [kind for _, kind in marks]
    set_in = []
    for bar, kind in marks:
        if kind in ("DaCapo", "DalSegno") and "Fine" in kinds:
            kind += "AlFine"
        elif kind in ("DaCapo", "DalSegno") and kinds.count("Coda") == 2:
            kind += "AlCoda"
        for part in parts:
            measure, jump = part.getElementsByClass("Measure")[bar], getattr(repeat, kind)()
            measure.insert(0, jump)
            set_in.append((measure, jump))
    return set_in


def _abc_bars_of(tune: str, marks: list, measures: list[int]) -> tuple[list[str], list | None]:
    """The kinds of the first tune's marks, and (bar index, kind) of each, its bars counted as music21 makes them
    (its own tokenizer and bar splitting, each token's place in the text noted); None where one cannot be placed
    or the bars so counted are not those of the score (``measures``: each part's count)."""
    from music21 import abcFormat

    handler, at = _placed_tokens(tune)
    tunes = handler.splitByReferenceNumber() if handler.definesReferenceNumbers() else {0: handler}
    first = tunes[min(tunes)]  # music21's book (an Opus) is in X: order, and the reader reads its first
    start = _tune_start(first, at)
    end = min((s for s in (_tune_start(other, at) for other in tunes.values()) if s > start), default=len(tune))
    own = [mark for mark in marks if start <= mark[0] < end]
    kinds = [kind for _, _, kind in own]
    bars = _tune_bars(first)
    if bars is None or [len(b) for b in bars] != measures:
        return kinds, None
    bar_of = {id(token): i for part in bars for i, bar in enumerate(part) for token in bar}
    landmarks = [(at[id(t)], t) for t in first.tokens if isinstance(t, (abcFormat.ABCNote, abcFormat.ABCBar))]
    placed = [(_bar_of_mark(landmarks, bar_of, mark_start, mark_end), kind) for mark_start, mark_end, kind in own]
    return kinds, None if any(bar is None for bar, _ in placed) else placed


def _bar_of_mark(landmarks: list, bar_of: dict, mark_start: int, mark_end: int) -> int | None:
    """The bar of the note a mark is written before, or where a bar line comes first (!fine!|), of the note
    before it: the bar it ends."""
    from music21 import abcFormat

    after = next((t for at, t in landmarks if at >= mark_end), None)
    if after is None or isinstance(after, abcFormat.ABCBar):
        after = next((t for at, t in reversed(landmarks) if at < mark_start and not isinstance(t, abcFormat.ABCBar)),
                     None)
    return bar_of.get(id(after)) if after is not None else None


def _tune_start(tune, at: dict) -> int:
    """Where a tune of a book starts in the text: its X: line (the book's header comes before it in each)."""
    return next((at[id(t)] for t in tune.tokens if getattr(t, "isReferenceNumber", lambda: False)()), 0)


def _placed_tokens(text: str) -> tuple:
    """music21's ABC handler with the text's tokens, and each token's place in the text (by id)."""
    from music21 import abcFormat

    at: dict[int, int] = {}
    handler = abcFormat.ABCHandler()

    class Placed(list):  # music21's tokenizer appends each token while its place is handler.pos
        def append(self, token) -> None:
            at[id(token)] = handler.pos
            super().append(token)

    handler.parseHeaderForVersionInformation(text[:100])
    handler.tokens = Placed()
    handler.tokenize(text)
    handler.tokenProcess()
    return handler, at


def _tune_bars(tune) -> list[list] | None:
    """Each part's bars as music21's ABC reader makes them (abcToStreamScore, abcToStreamPart): the note tokens of
    each; None where a part has none (too few bar lines)."""
    from music21 import abcFormat

    voices = tune.splitByVoice()
    parts = voices if len(voices) == 1 else [voices[0] + voice for voice in voices[1:]]
    out = []
    for part in parts:
        split = abcFormat.mergeLeadingMetaData(part.splitByMeasure()) if part.definesMeasures() else []
        if len(split) <= 1:
            return None
        out.append([[t for t in bar.tokens if isinstance(t, abcFormat.ABCNote)] for bar in split if bar.hasNotes()])
    return out
