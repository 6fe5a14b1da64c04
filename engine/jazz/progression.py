"""Chord progressions as the user types or pastes them from a chart: ``Dm7 G7 | Cmaj7 A7 | ...``.

Bars are separated by ``|`` (``||``, ``[ ]`` and new lines too); chords in a bar share it evenly, and a ``/``
holds the chord before it a beat (``Dm7 / / G7``: three beats and one). A bar of more chords and slashes than
its meter has beats, or one with slashes that neither fills it nor halves it or splits it in whole beats (``C /
G7`` in 4/4), has them share it evenly, as Encore played them before, and chart_warning tells of it (``3/4 / G7``
and ``C /`` share theirs evenly as written). ``%`` or ``x`` repeats the
previous bar, ``|: ... :|`` (or ``{ ... }``) plays its bars twice, ``N1`` and ``N2`` start its first and
second endings, ``N.C.`` (``N/C``, ``NC``) silences the comping while the solo keeps the chord before it, and a meter of
quarter notes may open the chart (``3/4 C^7 | A-7 | ...``: bars of three beats; 4/4 without one).
A bar with nothing in it (``| |``) holds the chord before, as ``%`` does and as players read a lead sheet's empty
bar (a chart cannot open with one: it has no chord to hold); ``||`` is a double bar line, and a line break between
bar lines no bar. ``:|:`` and ``::`` end a repeat and start the next, as ``:||:``. A lead sheet's section labels are
skipped, each starting a bar, and chart_warning names them: a one-word label in brackets (``[A]``, ``[B2]``,
``[Verse]``, ``[Bridge]``: a capital letter, perhaps with a digit 1-4, or a section's name), or one ending in a colon
that opens a line (``A:``, ``Bridge:``); a bare ``| A |`` is an A major bar, and ``[G7]`` a G7 bar.
A coda sign (``Q``, as iReal Pro writes it, or ``𝄌``) opens the tune's ending, played once after its last chorus;
with two, the first marks the bar the last chorus leaves from ("to coda") and the second opens the coda.
Symbols are read by music21's ``harmony.ChordSymbol`` after the jazz spellings it does not know are put in
its words: ``Bb7``, ``D-7`` (minor), ``C^7``/``CΔ``, ``Bø``, ``Bh9``, ``Bh11``, ``G7alt``, ``Ebmi7``, ``F7(b9)``,
``F7(9)`` (F9), ``C(9)`` (Cadd9), ``C6/9``, ``C13b9``, ``C13sus4`` (with its 9th); look-alike glyphs as their
twins (``C∆7``, ``C−7``, ``Cº7``). A chart's problem names its bar as written: ``bar 3: unknown chord symbol '7'``.
iReal Pro's charts come in through ireal.py, which writes them in this notation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import EncoreError
from ..words import counted
from .piece import COMPOUND, MAX_BEATS, ChordSymbol

BAR = 4.0
COMP_LOW = 48  # comping voicings sit from C3 up
# No chord as lead sheets spell it, N/C too (no root is N, so it is no slash chord), perhaps in parentheses
NO_CHORD = {spelled for plain in ("N.C.", "NC", "N.C", "NC.", "N/C") for spelled in (plain, f"({plain})")}
REPEAT_BAR, HOLD = {"%", "x"}, "/"
CODA_SIGNS = {"Q", "𝄌"}
STRUCTURE = re.compile(r"\|:|:\||\|\||[|\[\]{}\n]")
ENDING, ENDING_GLUED = re.compile(r"N[1-9]"), re.compile(r"(?<![\w.])(N[1-9])(?=[^\s\d])")
ROOT = re.compile(r"([A-G])([b#♭♯]?)(.*)")
METER = re.compile(r"(\d+)/(\d+)")  # '3/4': no chord symbol starts with a digit
OPENING_METER = re.compile(r"(\s*(?:\|\|:|\|:|\|\||[|\[{])?\s*)(\d+/\d+)(?=[\s|\[{]|$)")  # '3/4 C', '| 3/4 C', '[3/4 C'
MAX_CHORUSES = 99
EMPTY_BAR = "(empty)"  # what an empty bar is read as: it holds the chord before, as % does
# '| |': an empty bar between single bar lines, spaces apart on one line (not '||', '|:' or ':|')
EMPTY = re.compile(r"(?<![|:])\|[ \t]+(?=\|(?![|:])(?![\s|\]}]*$))")  # and not the chart's last: a typing leftover
SECTIONS = "intro|verse|pre-?chorus|chorus|refrain|bridge|interlude|solos?|vamp|tag|turnaround|ending|outro|coda|head"
LABEL = rf"(?:[A-Z][1-4]?|(?i:{SECTIONS})[1-9]?)"  # A, A1, B2, Verse, bridge, Chorus2; not G7 (a chord)
# [Verse] anywhere, [A] where chords follow it ('[C] [F]' and '| [G] |' are bars of one chord), 'A:' opening a line
SECTION_LABEL = re.compile(rf"\[(?:[A-Z][1-4]?\](?=\s*[^\s|\[\]{{}}:])|(?i:{SECTIONS})[1-9]?\])"
                           rf"|(?:^|(?<=\n))[ \t]*{LABEL}:(?!\|)")
# Chords' numbers: a number in a chord symbol that is none of them (C3, C12, C711) is no chord music21 reads right
CHORD_NUMBERS = {"2", "4", "5", "6", "7", "9", "11", "13", "69"}
PLAIN_THIRTEENTH = re.compile(r"[A-G][-#]?M?13(/.*)?")  # C13, Cmaj13 (music21's CM13), over any bass
# A quality with its tensions in parentheses, as lead sheets print them: 7(9,13), m7(11), (9), maj7(9,#11)
IN_PARENTHESES = re.compile(r"(?P<kind>\D*?)(?P<number>7|9|11|13)?(?P<tail>b5|-5|sus[24]?)?(?P<tensions>(\([^()]*\))+)")
TENSION = re.compile(r"([b#+\-♭♯]?)(5|9|11|13)")
TRIADS = {"": "", "m": "m", "-": "m", "mi": "m", "min": "m"}  # a tension on a triad is added to it: C(9) is Cadd9
SEVENTHS = {"^", "Δ", "ø", "h"}  # qualities that are sevenths without the 7: C^(9) is C^9
# Look-alikes of the glyphs the spellings read, as keyboards and fonts give them, read as their twins before
# anything else: the Mac's Option+J (∆, the increment sign) and a triangle for Δ, a minus sign or an en dash
# for -, Option+0's ordinal º for °, a capital Ø for ø, and ♭ ♯ for b # in tensions as in roots and basses.
LOOK_ALIKES = str.maketrans({"∆": "Δ", "△": "Δ", "−": "-", "–": "-", "º": "°", "Ø": "ø", "♭": "b", "♯": "#"})
# Jazz spellings of a chord's quality that music21 does not read, in its words; applied in this order.
SPELLINGS = (
    (r"[(),]", ""),  # F7(b9,#11): the parentheses are only print
    (r"^(-|min|mi)(?!a)", "m"),  # D-7, Dmi7: minor (music21 would read D-7 as D flat seven)
    (r"^m(maj|Maj|MA|ma|M|\^|Δ)7?", "mM7"), (r"^mM79$", "mM9"),  # Cm(maj7), C-^7, C-^9: minor-major
    (r"^mM711$", "mM9add11"), (r"^mM713$", "mM9add11add13"),  # music21 has no minor-major 11th or 13th
    (r"^h", "ø"),  # Bh, Bh7, Bh11, Bh7b9: iReal Pro's h is ø, which music21 reads (it knows no h11)
    (r"^ø7?(b5)?$|^m7-5$", "ø7"), (r"^ø9$", "m9b5"),  # Bø, Bh7, Bm7-5, Bh9: half-diminished (Bø7b5's b5 is its own)
    (r"^°", "o"),
    (r"^(\^|Δ)$", "M7"),  # C^ and CΔ are major sevenths
    (r"^(\+|aug)(maj|Maj|MA|ma|M|\^|Δ)(?=$|[#b+\-]\d)", "+M7"),  # C+Δ, C+Δ#11: augmented major seventh
    (r"^(\+|aug)(maj|Maj|MA|ma|\^|Δ)(?=\d)", "+M"),  # C+maj7, C+^9 -> C+M7, C+M9
    (r"^(\^|Δ|maj|Maj|MA|ma)(?=\d)", "M"),  # C^7, CΔ9, Cma7, Cmaj9 -> CM7, CM9 (music21 has no maj9)
    (r"^(\^|Δ|maj|Maj|MA|ma|M)(?=[#b+\-]\d)", "M7"),  # Cmaj#11, CΔ#11, C^#11: a major seventh's tension
    (r"^7?alt$", "7#9b13"),  # an altered dominant, voiced with its raised ninth and flat thirteenth
    (r"(?<=.)\+(?=\d)", "#"), (r"(?<=.)-(?=\d)", "b"),  # C7+5, C7-9: sharp five, flat nine
    (r"^6/?9$", "6add9"), (r"^m6/?9$", "m6add9"),
    (r"^5$", "power"), (r"^2$", "sus2"), (r"^4$", "sus4"),  # C5 a power chord: music21 wrote it "no chord"
    (r"^13sus4?$", "7sus4add9add13"),  # a 13th holds its 9th: music21's add13 alone would leave it out
    (r"^(9|11)sus4?$", r"7sus4add\1"), (r"^7sus2$", "7sus4add9"), (r"^7(b9|b13|#9)sus4?$", r"7sus4\1"),
    (r"^(M?)13(#11)$", r"\g<1>9\2add13"), (r"^13(b9|#9)$", r"7\1add13"),  # music21 would drop the altered tension
)


def parse_progression(text: str, choruses: int | None = 1) -> list[ChordSymbol]:
    """The chords of a chart played ``choruses`` times, the last time to its coda, placed in quarter notes from
    its start by the chart's meter; None: one chorus without the coda, to go round and round."""
    from .bars import MAX_BARS  # bars.py reads files, whose reader needs this module

    meter = chart_meter(text)
    beats_per_bar = quarter_beats(meter)
    form = chart_form(text)
    bars = form.played(choruses)
    if len(bars) > MAX_BARS:
        raise EncoreError(f"{counted(choruses or 1, 'chorus')} of the chart run {len(bars):,} bars, over "
                          f"Encore's {MAX_BARS:,}")
    if not bars:
        raise EncoreError(f"no chords in the progression {text!r} (write e.g. 'Dm7 G7 | Cmaj7')")
    check_bars(form, meter)
    out: list[ChordSymbol] = []
    for i, symbols in enumerate(bars):
        share = beats_per_bar / len(symbols)
        for j, symbol in enumerate(symbols):
            if symbol != HOLD:
                out.append(_chord(symbol, i * beats_per_bar + j * share, share, out[-1] if out else None))
            elif out:
                out[-1].duration += share
            else:
                raise EncoreError("'/' (hold the chord one more beat) cannot open a progression")
    return out


def check_bars(form: Form, meter: str) -> None:
    """EncoreError naming the chart's first bar with a chord that cannot be read: 'bar 3: unknown chord symbol
    ...'. A bar whose beats do not fill its meter plays, shared evenly (chart_warning tells it)."""
    for number, symbols in zip(form.numbers, form.bars, strict=True):  # a repeat's bars again: read from the cache
        if chord := next(filter(None, map(_chord_problem, symbols)), ""):
            raise EncoreError(f"bar {number}: {chord}")


def chart_warning(text: str) -> str:
    """'bar 2 holds 4 beats; 3/4 has 3 (...): its chords share the bar' for the chart's first bar whose chords
    and slashes do not fill its meter, each a beat; "" for none. Such a bar is played as charts Encore wrote
    before (its old iReal Pro imports: '3/4 A-7 / / D7') and saved projects hold them: its chords and slashes
    share it evenly, and the user is told rather than refused."""
    meter = chart_meter(text)
    form = chart_form(text)
    crowded = next((f"bar {number} {beats}: its chords share the bar" for number, symbols
                    in zip(form.numbers, form.bars, strict=True) if (beats := beats_problem(symbols, meter))), "")
    return "; ".join(filter(None, (_labels_note(form.labels), crowded)))


def _labels_note(labels: list[str]) -> str:
    """'section labels [A], [B] are not played' for the lead sheet's labels a chart holds; "" for none."""
    if not labels:
        return ""
    shown = ", ".join(labels[:6]) + (" ..." if len(labels) > 6 else "")
    return f"section label{'s' if len(labels) > 1 else ''} {shown} {'are' if len(labels) > 1 else 'is'} not played"


def _chord_problem(symbol: str) -> str:
    """What is wrong with a bar's chord symbol; "" for a readable one, a slash or no chord."""
    if symbol == HOLD or symbol.upper() in NO_CHORD:
        return ""
    if problem := _number_problem(symbol):
        return problem
    try:
        chord_pitches(symbol)
    except EncoreError as e:
        return e.problem
    return ""


def _number_problem(symbol: str) -> str:
    """'unknown chord symbol 'C3' (...)' where a symbol's quality holds a number no chord has, or ends in a flat
    or sharp with no number: music21 reads C3 and C711 as a note or two, which no one means; "" otherwise."""
    chord = symbol.strip().translate(LOOK_ALIKES).replace("6/9", "69").partition("/")[0]
    quality = root.group(3) if (root := ROOT.fullmatch(chord)) else ""
    odd = next((n for add, n in re.findall(r"(add)?(\d+)", quality)  # iReal Pro's 7susadd3: a 3 added back
                if n not in CHORD_NUMBERS and not (add and n == "3")), None)
    if odd is None and not re.search(r"[b#]$", quality):
        return ""
    what = f"{odd} is no chord's number" if odd else "a flat or sharp needs its number"
    return f"unknown chord symbol {symbol!r} ({what}: write e.g. C7, C9, C13, C7b9, Csus4, C6/9)"


def beats_problem(symbols: list[str], meter: str) -> str:
    """'holds 9 beats; 4/4 has 4 ...' where a bar's chords and slashes do not fill its meter, each a beat
    ('Dm7 / / G7'); "" where they do, and where they share it evenly: chords alone ('3/4 Dm7 G7' in halves),
    or with slashes in halves or whole beats ('3/4 / G7', 'C /'), as iReal Pro's charts are written."""
    beats, cells = int(meter.partition("/")[0]), len(symbols)
    uneven = HOLD in symbols and beats % cells and cells != 2
    if cells <= beats and not uneven:
        return ""
    return f"holds {counted(cells, 'beat')}; {meter} has {beats} (each chord and / is a beat)"


def chart_summary(text: str) -> str:
    """What a chart plays, '19 bars in 3/4', '34 bars (chorus 32, coda 4)', with its warning ('19 bars in 3/4 —
    bar 2 holds 4 beats; ...'; EncoreError names its first problem): the Chords field's check as the user types."""
    meter = chart_meter(text)
    bars = bars_of(max(c.end for c in parse_progression(text)), quarter_beats(meter))
    form = chart_form(text)
    parts = f" (chorus {form.coda}, coda {len(form.bars) - form.coda})" if form.coda is not None else ""
    summary = counted(bars, "bar") + parts + (f" in {meter}" if meter != "4/4" else "")
    warning = chart_warning(text)
    return f"{summary} — {warning}" if warning else summary


def bars_of(length: float, beats: int) -> int:
    """Whole bars of ``beats`` quarter notes that hold ``length`` quarter notes, the last one perhaps in part."""
    return int(-(-length // beats))


def chart_meter(text: str) -> str:
    """The meter that opens a chart ('3/4'), else '4/4'; EncoreError for one Encore does not improvise in."""
    meter, _ = _opening_meter(text)
    if meter and quarter_beats(meter) is None:
        raise EncoreError(f"Encore improvises in 1/4 to {MAX_BEATS}/4, 6/8 and 12/8, not {meter}")
    return meter or "4/4"


def quarter_beats(meter: str) -> int | None:
    """Quarter notes in a bar of a meter Encore improvises and cuts bars in ('3/4' -> 3, '6/8' -> 3), None
    for others ('7/8', whose bar is no whole number of quarter notes)."""
    found = METER.fullmatch(meter)
    top = int(found.group(1)) if found and found.group(2) == "4" else 0
    return top if 1 <= top <= MAX_BEATS else COMPOUND.get(meter)


def written_meter(meter: str) -> str:
    """What a Piece keeps of a meter: a compound one ('6/8'); "" where its quarter notes say it all."""
    return meter if meter in COMPOUND else ""


def bar_quarters(meter: str) -> float:
    """Quarter notes in a bar of any meter ('6/8' -> 3, '2/2' -> 4); 4 for one that cannot be read."""
    top, _, bottom = meter.partition("/")
    return int(top) * 4 / int(bottom) if top.isdigit() and bottom.isdigit() and int(bottom) else 4.0


def _opening_meter(text: str) -> tuple[str, str]:
    """(the meter that opens a chart or "", the chart after it)."""
    opening = OPENING_METER.match(text)
    return (opening.group(2), opening.group(1) + text[opening.end():]) if opening else ("", text)


@dataclass
class Form:
    """A chart's bars with its repeats and endings written out, and where its coda signs stand."""
    bars: list[list[str]]
    jump: int | None = None  # the last chorus leaves for the coda after this many bars
    coda: int | None = None  # the coda's first bar; None: the chart has no coda
    numbers: list[int] = field(default_factory=list)  # each bar's number as the chart writes it (repeats not counted)
    labels: list[str] = field(default_factory=list)  # the lead sheet's section labels, skipped: '[A]', 'Bridge:'

    def played(self, choruses: int | None = 1) -> list[list[str]]:
        """The bars of ``choruses`` choruses, the last one to the coda; None: one chorus without the coda."""
        if self.coda is None:
            return [list(b) for b in self.bars * (choruses or 1)]
        body = self.bars[:self.coda]
        bars = body if choruses is None else body * (choruses - 1) + self.bars[:self.jump] + self.bars[self.coda:]
        return [list(b) for b in bars]


def chart_bars(text: str, choruses: int | None = 1) -> list[list[str]]:
    """The bars of a chart as lists of symbols, with its repeats, endings and choruses written out."""
    return chart_form(text).played(choruses)


def chart_form(text: str) -> Form:
    """A chart read into its bars and coda signs."""
    text = EMPTY.sub(f"| {EMPTY_BAR} ", _opening_meter(text)[1])  # before labels: '| [A] |' is no empty bar
    labels = [m.group(0).strip() for m in SECTION_LABEL.finditer(text)]
    text = SECTION_LABEL.sub(" | ", text).replace(":|:", ":||:").replace("::", ":||:")  # a label starts a bar
    bars: list[list[str]] = []
    numbers: list[int] = []  # per bar in bars, the bar of the chart it is (a repeat's bars come round again)
    start, current, written = 0, [], 0  # start: the first bar of the repeat being read
    first_ending = None  # where the repeat's first ending (N1) begins: later passes skip from there
    signs_before = 0  # coda signs read before the repeat being read opened
    signs: list[list] = []  # per coda sign: [the bar it stands in, how many bars stand when that bar closes]

    def close() -> None:
        nonlocal current, written
        if current:
            bars.append(_bar(current, bars))
            written += 1
            numbers.append(written)
            current = []
        for sign in signs:
            sign[1] = len(bars) if sign[1] is None else sign[1]

    spaced = text.replace("||:", "| |:").replace(":|", " :|").replace("|:", "|: ")  # 'G7:|' is G7 then :|
    spaced = ENDING_GLUED.sub(r"\1 ", spaced)  # iReal Pro writes 'N1C7'
    for piece in re.split(f"({STRUCTURE.pattern})", spaced):
        if not STRUCTURE.fullmatch(piece):
            for word in piece.split():
                if ENDING.fullmatch(word):  # an ending starts a bar
                    close()
                    first_ending = len(bars) if word == "N1" else first_ending
                elif word in CODA_SIGNS:
                    signs.append([len(bars), None])
                else:
                    current.append(word)
            continue
        close()
        if piece in ("|:", "{"):
            start, first_ending, signs_before = len(bars), None, len(signs)
        elif piece in (":|", "}"):
            if len(signs) > signs_before:
                raise EncoreError("a coda sign (Q) cannot stand inside a repeat: write the repeat out")
            again = slice(start, first_ending if first_ending is not None else len(bars))
            bars += [list(b) for b in bars[again]]
            numbers += numbers[again]
            if first_ending is None:  # with endings, a second close (before N3) plays the common bars again
                start, signs_before = len(bars), len(signs)
    close()
    form = _coda(bars, signs, numbers)
    form.labels = labels
    return form


def _coda(bars: list[list[str]], signs: list[list], numbers: list[int]) -> Form:
    """The form with its coda: one sign opens it; with two, the first says where the last chorus leaves."""
    if not signs:
        return Form(bars, numbers=numbers)
    if len(signs) > 2:
        raise EncoreError("a chart has at most two coda signs (Q): 'to coda', then the coda")
    coda = signs[-1][0]
    jump = signs[0][1] if len(signs) == 2 else coda
    if not 0 < jump <= coda < len(bars):
        raise EncoreError("a coda (Q) needs bars of the chorus before it and bars of its own after it")
    return Form(bars, jump, coda, numbers)


def _bar(symbols: list[str], before: list[list[str]]) -> list[str]:
    if meter := next((s for s in symbols if METER.fullmatch(s)), None):
        raise EncoreError(f"a meter ({meter}) can only open the chords; Encore keeps one meter through a solo")
    if symbols == [EMPTY_BAR] and not before:
        raise EncoreError("a chart cannot open with an empty bar (it has no chord to hold): write N.C. or a chord")
    if len(symbols) == 1 and symbols[0] in REPEAT_BAR | {EMPTY_BAR}:
        if not before:
            raise EncoreError(f"'{symbols[0]}' (repeat the previous bar) cannot open a progression")
        return list(before[-1])
    return symbols


def _chord(symbol: str, start: float, length: float, before: ChordSymbol | None) -> ChordSymbol:
    if symbol.upper() in NO_CHORD:  # no comping; the solo still needs a harmony, so it keeps the last one
        return ChordSymbol(start, length, "N.C.", (), before.names if before else ())
    names, pitches = chord_pitches(symbol)
    return ChordSymbol(start, length, symbol, pitches, names)


@lru_cache(maxsize=1024)
def chord_pitches(symbol: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """(spelled names, close comping voicing) of a chord symbol; EncoreError names an unknown one."""
    from music21 import harmony

    figure = music21_figure(symbol)
    try:
        chord = harmony.ChordSymbol(figure)
        pitches = list(chord.pitches)
    except Exception:  # noqa: BLE001 - music21 raises ValueError and others for figures it cannot read
        pitches = []
    if not figure or not pitches:
        raise EncoreError(f"unknown chord symbol {symbol!r} ({_unknown_hint(symbol)})")
    root = chord.root().pitchClass  # the lowest stays below: a slash chord's bass may be the 11th (D13/G)
    above = {(p.pitchClass - root) % 12 for p in pitches}
    if PLAIN_THIRTEENTH.fullmatch(figure):  # music21 stacks the 11th, the avoid note against the third: F in C13
        pitches = pitches[:1] + [p for p in pitches[1:] if (p.pitchClass - root) % 12 != 5]
    elif {4, 8, 10} <= above:  # C7alt, C7b13: music21 keeps the fifth a semitone under the flat 13th
        pitches = pitches[:1] + [p for p in pitches[1:] if (p.pitchClass - root) % 12 != 7]
    return tuple(p.nameWithOctave for p in pitches), voicing([p.midi for p in pitches])


def _unknown_hint(symbol: str) -> str:
    """How to write an unknown chord symbol: capitalised, where that reads ('cmaj7' -> 'a root is a capital
    letter: Cmaj7'); else examples."""
    if TENSION.fullmatch(symbol.strip().translate(LOOK_ALIKES)):  # 'G7 b9': a tension parted from its chord
        return "a tension goes with its chord: G7b9"
    capital = re.sub(r"(^|/)([ac-g]|b(?!5|9|11|13))", lambda m: m[1] + m[2].upper(), symbol.strip())  # b9: no B9
    if capital != symbol.strip():
        try:
            chord_pitches(capital)
            return f"a root is a capital letter: {capital}"
        except EncoreError:
            pass
    return "try e.g. Dm7, G7, Cmaj7, Bb7, F#m7b5"


def music21_figure(symbol: str) -> str:
    """A jazz chord symbol in music21's spelling ('' when it has no root): 'Bb-7/Ab' -> 'B-m7/A-'."""
    chord, _, bass = symbol.strip().translate(LOOK_ALIKES).partition("/")
    if bass == "9" and chord.endswith("6"):  # C6/9 is one chord, not C6 over a bass note
        chord, bass = f"{chord}/{bass}", ""
    root = ROOT.fullmatch(chord)
    if root is None:
        return ""
    figure = music21_note(root.group(1), root.group(2)) + music21_quality(parenthesised_tensions(root.group(3)))
    if bass:
        note = ROOT.fullmatch(bass)
        if note is None or note.group(3):
            return ""
        figure += "/" + music21_note(note.group(1), note.group(2))
    return figure


def music21_quality(quality: str) -> str:
    """A chord's quality in music21's words: '-7' -> 'm7', '^9' -> 'M9'."""
    for pattern, words in SPELLINGS:
        quality = re.sub(pattern, words, quality)
    return quality


def parenthesised_tensions(quality: str) -> str:
    """A quality with plain tensions in parentheses as the chord a lead sheet means: 7(9) -> 9, 7(9,13) -> 13,
    m7(11) -> m11, maj7(9,#11) -> maj9#11, (9) -> add9, m(9) -> madd9, 7(11,13) -> 13add11 (the 11th kept),
    h7(11) -> ø11, 7sus4(9,13) -> 7sus4add9add13. Left as it is where the parentheses hold
    only altered tensions (7(b9,#5) reads right once they are dropped) or something else (m(maj7), 6(9))."""
    found = IN_PARENTHESES.fullmatch(quality)
    words = re.split(r"[\s,()]+", found.group("tensions")) if found else []
    tensions = [TENSION.fullmatch(w) for w in words if w]
    if not tensions or not all(tensions):
        return quality
    kind, number, tail = found.group("kind"), found.group("number"), found.group("tail") or ""
    if number is None and kind in TRIADS and not any(t.group(0) == "5" for t in tensions):  # C(5): C5, a power chord
        return TRIADS[kind] + tail + "".join("add" + t.group(0) for t in tensions)
    plain = [int(t.group(2)) for t in tensions if not t.group(1)]
    if not plain or (number is None and kind not in SEVENTHS):
        return quality
    if tail in ("sus", "sus4"):
        return kind + _suspended(int(number or 7), plain, tensions)
    stacked = kind + _stacked(int(number or 7), plain, tensions, tail)
    if 11 in plain and PLAIN_THIRTEENTH.fullmatch("C" + music21_quality(stacked)):
        return stacked + "add11"  # C7(11,13): Encore's C13 leaves out the 11th, which this chart asks for
    return stacked


def _suspended(number: int, plain: list[int], tensions: list) -> str:
    """A sus chord with its tensions added one by one: 7sus4(9,13) -> 7sus4add9add13, as 13sus4 reads;
    7sus4(13) -> 7sus4add13, without the 9th; 9sus4(13) keeps the 9 of its number."""
    altered = "".join(t.group(0) for t in tensions if t.group(1))
    added = "".join(f"add{p}" for p in sorted((set(plain) | {number}) - {5, 7}))  # 7sus4(5) is 7sus4
    return f"7sus4{altered}{added}"


def _stacked(number: int, plain: list[int], tensions: list, tail: str) -> str:
    """A seventh chord's number stacked up to its highest plain tension, its altered ones after it and the
    plain ones above an altered one added: music21 reads C11b9 as C11, ignoring an alteration of a degree its
    number already stacks, so 7(b9,11) is 7b9add11."""
    altered = [t.group(0) for t in tensions if t.group(1)]
    lowest = min((int(t.group(2)) for t in tensions if t.group(1) and t.group(2) != "5"), default=99)
    if tail in ("b5", "-5") or any(t.group(2) == "5" for t in tensions if t.group(1)):
        lowest = min(lowest, 13)  # music21's C13b5 and C13#5 hold an 11 no lead sheet means: 7b5add13
    stack = max([number] + [p for p in plain if p < lowest])
    added = "".join(f"add{p}" for p in sorted(set(plain)) if p > stack)
    return f"{stack}{tail}{''.join(altered)}{added}"


# music21's own names of qualities, as a chart and Encore's chord names (chord_names.QUALITIES) write them: a MusicXML
# chord is read back as music21 names its kind, and Encore's Cmaj9, C5 and C+7 reopened as CM9, Cpower and C7+
CHART_QUALITIES = {"M7": "maj7", "M9": "maj9", "M11": "maj11", "M13": "maj13", "power": "5", "7+": "+7", "sus": "sus4",
                   "7sus": "7sus4", "dom7dim5": "7b5", "øb9": "ø7b9", "ob9": "o7b9"}
FIGURE = re.compile(r"([A-G][-#b]*)([^/]*)(/.*)?")  # root, quality, /bass


def jazz_figure(figure: str) -> str:
    """music21's 'B-7' as a musician writes it: 'Bb7' (music21_figure's way back), a quality music21 names its own
    way as a chart names it: 'E-M9/B-' -> 'Ebmaj9/Bb', 'Cpower' -> 'C5'."""
    found = FIGURE.fullmatch(figure)
    if found and found.group(2) in CHART_QUALITIES:
        figure = found.group(1) + CHART_QUALITIES[found.group(2)] + (found.group(3) or "")
    return re.sub(r"(^|/)([A-G])-", r"\1\2b", figure)


def music21_note(letter: str, accidental: str) -> str:
    """A note's letter and accidental as a chart writes them ('B', 'b') in music21's spelling ('B-')."""
    return letter + {"b": "-", "♭": "-", "♯": "#"}.get(accidental, accidental)


def voicing(pitches: list[int]) -> tuple[int, ...]:
    """Root in the octave above C3, the other pitch classes stacked closely above it."""
    root = COMP_LOW + pitches[0] % 12
    out = [root]
    for p in pitches[1:]:
        q = root + (p - root) % 12
        if q not in out:
            out.append(q)
    return tuple(sorted(out))


def loop_changes(chords: list[ChordSymbol], length: float, bars: int, beats_per_bar: int = 4) -> list[ChordSymbol]:
    """Repeat a progression ``length`` quarter notes long until it covers ``bars`` bars."""
    from dataclasses import replace

    total = bars * beats_per_bar
    out: list[ChordSymbol] = []
    shift = 0.0
    while shift < total and length > 0:
        for c in chords:
            if c.start + shift >= total:
                break
            out.append(replace(c, start=c.start + shift, duration=min(c.duration, total - c.start - shift)))
        shift += length
    return out
