"""A source solo: a file read into bars of melody elements, the chords sounding in them, and tokens.

``load_source`` works on any MIDI, MusicXML or ABC file: the user picks the melody part, the chord parts
and a bar range, or Encore picks them (melody: the mostly single-line pitched part that sits highest;
chords: the file's chord symbols if it has any, else the other pitched parts reduced to chords; drums
never). The ``course`` preset reads a file the way the reference dataset was made (see bars.py), and on
the reference file itself also makes the reference's choices of parts and bars.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace

from ..errors import EncoreError, FileProblem
from ..words import plural
from . import harmony_reduction as reduction
from .bars import (
    BAR,
    MAX_BARS,
    Bar,
    BarChord,
    MelodyElement,
    attach_chords,
    course_bars,
    split_into_bars,
    tokenize,
    top_line,
)
from .grammar import midi_name
from .piece import ChordSymbol, Note, Piece, is_compound
from .progression import bar_quarters, chord_pitches, jazz_figure, quarter_beats, voicing, written_meter
from .reading import MELODY_TRACK, LeadChord, RawPart, RawScore, bar_name, read_score, telling_keys

# The reference file's choices (guitar over piano, the accompanied solo); applied to that file only.
COURSE = {"melody_part": 5, "chord_parts": [0], "bars": (120, 137)}
FROM_MELODY = "has no chord part or chord symbols: its chords are worked out from the melody itself"
SINGLE_LINE = 0.7  # share of onsets that are one note, from which a part is a melody line
REFERENCE_SHA256 = ("0da8322c", "428d")  # original_metheny.mid, as jazz.md identifies it


def is_reference(sha256: str) -> bool:
    """Whether a file's SHA-256 is the reference solo's (original_metheny.mid), which the course reads its way."""
    return sha256.startswith(REFERENCE_SHA256[0]) and sha256.endswith(REFERENCE_SHA256[1])


@dataclass
class PartInfo:
    index: int
    name: str
    notes: int
    role: str  # "melody", "chords", "drums" or "" (not used)

    def to_json(self) -> dict:
        return {"index": self.index, "name": self.name, "notes": self.notes, "role": self.role}


@dataclass
class Source:
    path: str
    title: str
    parts: list[PartInfo]
    melody_part: int
    chord_parts: list[int]
    bar_range: tuple[int, int]
    bars: list[Bar]
    chords: list[BarChord]
    preset: str | None = None
    meta: dict = field(default_factory=dict)
    meter: str = ""  # the file's meter where its bars are not four quarters long ("3/4"), else ""
    asked_last: int = 0  # the last bar the user asked for, where that is past the file's end
    beats_per_bar: int = 4  # quarter notes in the bars it was cut into: its own meter's (3/4, 6/8), else 4/4's
    pickup: float = 0.0  # quarter notes in an opening pickup, read as the end of a bar 0 as a score numbers it
    tempo: float = 0.0  # the file's own tempo in bpm; 0 where it gives none
    line: list[MelodyElement] = field(default_factory=list)  # the melody before it was cut at bar lines
    meters: list[str] = field(default_factory=list)  # the file's time signatures in order ("4/4", "2/4", "4/4")
    tempo_changes: list[tuple[float, float]] = field(default_factory=list)  # (quarter notes, bpm): Encore keeps one
    keys: list[tuple[float, int, str | None]] = field(default_factory=list)  # (quarter notes, sharps, mode) stated
    readings: list[str] = field(default_factory=list)  # how the reading chose or left out ('holds 2 tunes; ...')
    from_melody: bool = False  # its chords were worked out from the melody itself: it has no others
    # each bar's places among the bars as written (one bar may straddle two), where repeats were written out;
    # [] where they were not: training holds out the piece's last bars as written, every time they are played
    written_bars: list[tuple[int, ...]] = field(default_factory=list)
    # (start, end in quarter notes, its place among the bars as written) of each of the file's bars as played,
    # where repeats were written out (RawScore.written_bars): notices name a bar as the score writes it
    played_bars: list[tuple[float, float, int]] = field(default_factory=list)

    @property
    def n_bars(self) -> int:
        return len(self.bars)

    @property
    def notice(self) -> str:
        """What the user should know about how the file was read."""
        notes = list(self.readings)
        if self.read_in_4_4:
            notes.append(f"in {self.meter}: read in 4/4 bars, so {self._from_where}its bar lines and chord changes "
                         f"fall elsewhere{self._changes}")
        if self.pickup:
            length = f"{self.pickup:g} {plural(self.pickup, 'quarter note')}"
            notes.append(f"opens with a pickup ({length}): it is bar 0, and bar 1 is the first whole bar, as in "
                         "the score")
        if self.asked_last:
            notes.append(f"ends at bar {self.bar_range[1]}, before the asked bar {self.asked_last}")
        if self.tempo_changes:
            notes.append(self._tempo_notice)
        if self.from_melody:
            notes.append(FROM_MELODY)
        return "; ".join(notes)

    @property
    def _tempo_notice(self) -> str:
        """'tempo changes from 120 to 60 bpm at bar 2: Encore keeps one tempo, 120 bpm' (its export and a solo
        over it play the first tempo throughout)."""
        (at, bpm), more = self.tempo_changes[0], len(self.tempo_changes) - 1
        start = f"from {self.tempo:g} " if self.tempo else ""
        again = f" and {more} more {plural(more, 'time')}" if more else ""
        return (f"tempo changes {start}to {bpm:g} bpm at {self._bar_at(at)}{again}: Encore keeps one tempo, "
                f"{self.tempo or Piece.tempo:g} bpm")

    def _bar_at(self, at: float) -> str:
        """The bar ``at`` quarter notes into the file falls in, as the score numbers it (see bar_name): its bars as
        written, where its repeats were played out; a pickup's bar is 0."""
        first = 0 if self.pickup else 1
        played = int(at // self.beats_per_bar) + first
        bars = self.played_bars
        if not bars:
            return bar_name(played, played)
        here = max(bisect_right([b[0] for b in bars], at + 1e-6) - 1, 0)
        start, _, place = bars[here]
        lengths = {w: end - begin for begin, end, w in reversed(bars)}  # each written bar's length, first played
        if any(w not in lengths for w in range(place)):  # a bar never played: where the rest stand is unknown
            return bar_name(played, played)
        written_at = bars[0][0] + sum(lengths[w] for w in range(place)) + at - start
        times = [w for _, _, w in bars]
        return bar_name(int(written_at // self.beats_per_bar) + first, played, times[:here + 1].count(place),
                        times.count(place))

    @property
    def _from_where(self) -> str:
        """'from its first 2/4 bar on ' where it opens in 4/4: the bars before are where the score has them."""
        return f"from its first {self.meter} bar on " if self.meters and bar_quarters(self.meters[0]) == BAR else ""

    @property
    def _changes(self) -> str:
        """' (its meter changes: 4/4, 2/4, 4/4)': Encore cuts a piece into bars of one length."""
        changes = [m for i, m in enumerate(self.meters) if i == 0 or m != self.meters[i - 1]]
        return f" (its meter changes: {', '.join(changes)})" if len(changes) > 1 else ""

    @property
    def read_in_4_4(self) -> bool:
        """Whether its bars are cut as 4/4 ones although its meter is another (7/8, or changes of meter)."""
        return bool(self.meter) and self.beats_per_bar == BAR

    @property
    def time_signature(self) -> str:
        """The meter of the bars it was cut into: '3/4', '6/8', or '4/4' (the file's, or read as 4/4)."""
        return self.meter if is_compound(self.meter, self.beats_per_bar) else f"{self.beats_per_bar}/4"

    @property
    def tokens(self) -> list[str]:
        return [t for bar in self.bars for t in bar.tokens]

    def to_piece(self) -> Piece:
        """The source as a Piece starting at bar 1 (for display, playback and metrics)."""
        origin = self.bars[0].start if self.bars else 0.0
        length = sum(b.length for b in self.bars)
        notes = self._held_notes(origin, length) if self.line else [
            Note(e.offset - origin, e.duration, e.pitch, e.velocity) for bar in self.bars for e in bar.elements
            if e.pitch is not None]
        meta = {"source": self.path, "bars": list(self.bar_range)}
        if self.pickup and self.bar_range[0] == 0:  # its length as written: one opening on a rest is longer
            meta["pickup"] = self.pickup           # than its notes, and the writer cannot tell from them
        if self.keys:  # the lead sheet is signed as the file is, key changes and all
            meta["keys"] = self._keys_in(origin, length)
        return Piece(self.title, notes, chord_symbols(self.chords, origin, length), len(self.bars),
                     beats_per_bar=self.beats_per_bar, meta=meta,
                     meter=written_meter(self.time_signature), **({"tempo": self.tempo} if self.tempo else {}))

    def _keys_in(self, origin: float, length: float) -> list[list]:
        """[quarter notes from ``origin``, sharps, mode] of the key in force there (the first key holds from the
        file's start: a pickup delays its signature with its notes) and of each change before ``length``."""
        first = max((i for i, (at, _, _) in enumerate(self.keys) if at <= origin + 1e-6), default=0)
        later = [k for k in self.keys[first + 1:] if k[0] < origin + length - 1e-6]
        return [[0.0, *self.keys[first][1:]]] + [[at - origin, sharps, mode] for at, sharps, mode in later]

    def _held_notes(self, origin: float, length: float) -> list[Note]:
        """The line's notes inside the bars, one note each: a note held over a bar line is one note in the piece
        (the bars' tokens cut it in two, and read back it was struck again on the downbeat)."""
        notes = []
        for e in self.line:
            lo, hi = max(e.offset, origin), min(e.offset + e.duration, origin + length)
            if e.pitch is not None and hi - lo >= 1e-6:
                notes.append(Note(lo - origin, hi - lo, e.pitch, e.velocity))
        return notes


def chord_symbols(chords: list[BarChord], origin: float, length: float) -> list[ChordSymbol]:
    """BarChords inside [origin, origin+length) as ChordSymbols; the chord sounding at origin starts it."""
    inside = [c for c in chords if origin - 1e-6 <= c.offset < origin + length - 1e-6]
    before = [c for c in chords if c.offset < origin - 1e-6]
    if before and (not inside or inside[0].offset > origin + 1e-6):
        inside.insert(0, BarChord(origin, before[-1].names, before[-1].pitches, before[-1].figure))
    out = []
    for i, c in enumerate(inside):
        end = inside[i + 1].offset if i + 1 < len(inside) else origin + length
        if end - c.offset > 1e-6:
            symbol = c.figure or reduction.figure(c.names)
            names, pitches = _voiced(symbol, c) if c.figure and c.pitches else (c.names, c.pitches)
            if c.figure and not pitches and out:  # N.C.: the solo's harmony is the chord before, as spelled there
                names = out[-1].names
            out.append(ChordSymbol(max(c.offset, origin) - origin, end - max(c.offset, origin), symbol,
                                   voicing(sorted(pitches)) if pitches else (), names))
    return out


def _voiced(symbol: str, chord: BarChord) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """A written chord symbol's names and pitches as Encore voices the symbol (C7alt without the fifth that
    music21 puts under its flat 13th), where that is the file's chord less some notes; else the file's own."""
    try:
        names, pitches = chord_pitches(symbol)
    except EncoreError:
        return chord.names, chord.pitches
    fits = {p % 12 for p in pitches} <= {p % 12 for p in chord.pitches}
    return (names, pitches) if fits else (chord.names, chord.pitches)


def load_source(path, melody_part: int | None = None, chord_parts: list[int] | None = None,
                bars=None, preset: str | None = None, pickup_bar_1: bool = False,
                bars_as_written: bool = False) -> Source:
    """The file read into bars and tokens; FileProblem naming the file for anything it cannot be.

    ``pickup_bar_1``: ``bars`` counts a pickup's bar as 1, as projects written before version 2 did.
    ``bars_as_written``: ``bars`` counts the score's bars with its repeats as written, as projects written before
    version 3 did: the file is then read once through (a range counts the bars as played otherwise)."""
    try:
        return _load(path, melody_part, chord_parts, bars, preset, pickup_bar_1, bars_as_written)
    except Exception as e:
        if isinstance(e, EncoreError) or not _music_error(e):
            raise
        raise FileProblem(f"could not be read as music ({type(e).__name__}: {str(e)[:200]})", path) from None


def _music_error(e: Exception) -> bool:
    """What music21 raises on a file it half-understood (its own kinds, or Python's on odd numbers)."""
    from music21.exceptions21 import Music21Exception

    return isinstance(e, (Music21Exception, ValueError, TypeError, IndexError, ZeroDivisionError,
                          OverflowError, KeyError, AttributeError))


def _load(path, melody_part, chord_parts, bars, preset, pickup_bar_1=False, bars_as_written=False) -> Source:
    raw = read_score(path, exact=preset != "course", numbered=bars is not None and bars_as_written)
    pitched = [i for i, p in enumerate(raw.parts) if not p.drums and p.note_count]
    if not any(p.note_count for p in raw.parts):  # an empty file, or a chart of chord symbols only
        raise FileProblem("has no notes", path)
    if not pitched:
        raise FileProblem("has only drum parts, no pitched notes", path)
    course = preset == "course"
    reference = course and is_reference(raw.sha256)
    melody = _melody_part(raw, pitched, melody_part, reference, path)
    chord_idx = _chord_parts(raw, pitched, melody, chord_parts, reference, path)
    _check_not_both(raw, melody, chord_parts, path)
    beats = 4 if course else own_bars(raw.meters)  # the course reads as the reference did
    pickup = 0.0 if course else raw.pickup
    if pickup:
        raw.start_on_bar_line(beats)
    for i in {melody, *chord_idx}:
        _check_times(raw.parts[i].events, i, path, beats)
    meter = other_meter(raw.meters)
    chords = _chords(raw, chord_idx, melody, course, chosen=bool(chord_parts), beats=beats,
                     compound=is_compound(meter, beats))
    events = raw.parts[melody].events
    shift = 1 if pickup else 0  # bars are cut from 1 on; a score numbers its pickup's bar 0
    asked = parse_bar_range(bars, path, lowest=1 if pickup_bar_1 else 1 - shift) if bars is not None else None
    if asked and pickup_bar_1:
        asked = (asked[0] - shift, asked[1] - shift)
    written = [] if course else [c.offset for c in chords if c.figure]  # the course reads as the reference did
    first, last = _bar_range(asked, events, reference, path, beats, shift, written)
    line = [] if course else top_line(events)  # the course's notes keep their own lengths, over bar lines too
    bar_list = course_bars(events, first, last) if course else split_into_bars(line, first, last, beats)
    for bar in bar_list:
        bar.number -= shift
    first, last = first - shift, last - shift
    if not any(e.pitch is not None for b in bar_list for e in b.elements):
        raise FileProblem(f"part {melody} has no melody notes in bars {first}-{last}", path)
    attach_chords(bar_list, chords)
    tokenize(bar_list, chords, bar_local=course)
    parts = _part_infos(raw, melody, chord_idx)
    return Source(str(path), raw.title, parts, melody, chord_idx, (first, last), bar_list, chords, preset,
                  meter=meter, asked_last=asked[1] if asked and asked[1] > last else 0,
                  beats_per_bar=beats, pickup=pickup, tempo=raw.tempo, line=line, meters=list(raw.meters),
                  tempo_changes=raw.tempo_changes, keys=_stated_keys(raw, melody), readings=raw.notices,
                  from_melody=_from_melody(raw, melody, chord_idx, chords),
                  written_bars=_written_bars(bar_list, raw.written_bars), played_bars=raw.written_bars)


def _written_bars(bars: list[Bar], played: list[tuple[float, float, int]]) -> list[tuple[int, ...]]:
    """The places among the bars as written of the played bars each of ``bars`` overlaps (Encore's bars, cut
    every few quarter notes, need not fall on the score's: a pickup played again, a 6/8 read in 4/4)."""
    starts, ends = [p[0] for p in played], [p[1] for p in played]  # in order: the score's bars follow on
    overlapped = [played[bisect_right(ends, b.start + 1e-6):bisect_left(starts, b.start + b.length - 1e-6)]
                  for b in bars]
    return [tuple(sorted({w for _, _, w in over})) for over in overlapped] if played else []


def _from_melody(raw: RawScore, melody: int, chord_parts: list[int], chords: list[BarChord]) -> bool:
    """Whether the chords were worked out from the single-line melody alone: the file has no chord part and no
    chord symbols. A piano part's chords under its top line are its own, not the melody's."""
    return chord_parts == [melody] and raw.parts[melody].single_share >= SINGLE_LINE and not any(
        c.figure for c in chords)


def _stated_keys(raw: RawScore, melody: int) -> list:
    """The key signatures the file states, where they say something (telling_keys): a score's melody part's (a
    transposing part's are its own), else another part's; a MIDI file's."""
    parts = [raw.parts[melody], *raw.parts]
    return telling_keys(next((p.keys for p in parts if p.keys), raw.keys))


def own_bars(meters: list[str]) -> int:
    """Quarter notes in the bars a file is cut into: its meter where it keeps one of quarter notes throughout
    (3/4: 3), else 4. A 6/8 or a change of meter is cut into 4/4 bars, and the source's notice says so."""
    kept = set(meters)
    return (quarter_beats(kept.pop()) if len(kept) == 1 else None) or int(BAR)


def other_meter(meters: list[str]) -> str:
    """The first meter whose bar is not four quarters (a waltz's '3/4'), or ""."""
    return next((m for m in meters if bar_quarters(m) != BAR), "")


def _melody_part(raw: RawScore, pitched: list[int], chosen, course: bool, path) -> int:
    if chosen is not None:
        _check_part(raw, chosen, path, "melody")
        return chosen
    if course and COURSE["melody_part"] in pitched:
        return COURSE["melody_part"]
    own = [i for i in pitched if raw.parts[i].name == MELODY_TRACK]
    if raw.chord_marks and len(own) == 1:  # Encore's own file: its solo, however few notes (none a busy line)
        return own[0]
    lines = [i for i in pitched if raw.parts[i].single_share >= SINGLE_LINE and raw.parts[i].note_count >= 8]
    if lines:  # the busy single lines (a quarter of the busiest at least), then the highest of them
        busiest = max(raw.parts[i].note_count for i in lines)
        lines = [i for i in lines if raw.parts[i].note_count >= busiest / 4]
    return max(lines or pitched, key=lambda i: raw.parts[i].mean_pitch)  # else: a piano part's top line


def _chord_parts(raw: RawScore, pitched, melody: int, chosen, course: bool, path) -> list[int]:
    if chosen:
        for i in chosen:
            _check_part(raw, i, path, "chord")
        harmony = [i for i in [*chosen, melody] if raw.parts[i].lead_chords] + \
            [i for i in chosen if raw.parts[i].note_count]
        if not harmony:  # an empty part beside a sounding one, or the melody's own chord symbols, is harmless
            _refuse_silent(raw, chosen[0], path, "chord")
        return list(chosen)
    if course and set(COURSE["chord_parts"]) <= set(pitched):
        return list(COURSE["chord_parts"])
    return [i for i in pitched if i != melody] or [melody]


def _check_part(raw: RawScore, index: int, path, role: str) -> None:
    """A chosen melody or chord part must exist and sound: a part of rests has no line to read, and as the
    chords it would leave the melody's own notes standing in for the harmony. A chord part of chord symbols
    only (a lead sheet's) is fine."""
    if not 0 <= index < len(raw.parts):
        raise FileProblem(f"has no part {index} (its parts are numbered 0-{len(raw.parts) - 1})", path)
    part = raw.parts[index]
    if part.drums:
        raise FileProblem(f"part {index} is a drum part, not a pitched part", path)
    if role == "melody" and not part.note_count:
        _refuse_silent(raw, index, path, role)


def _check_not_both(raw: RawScore, melody: int, chosen, path) -> None:
    """The single-line melody part chosen as the only chord part, without chord symbols of its own, where the
    file has other parts: its chords would be the solo's own notes, the solo accompanying itself. A lead sheet's
    part (its symbols), a piano part whose top line is the melody and the rest its chords, the melody beside
    other chord parts (a piano's right hand with its left), and a file of one line only are fine."""
    part = raw.parts[melody]
    others = [p for i, p in enumerate(raw.parts) if i != melody and not p.drums and p.note_count]
    if chosen and set(chosen) == {melody} and not part.lead_chords and part.single_share >= SINGLE_LINE and others:
        name = f" ({raw.parts[melody].name})" if raw.parts[melody].name else ""
        raise FileProblem(f"part {melody}{name} is the melody: as a chord part too, its chords would be its own "
                          "notes; choose another chord part", path)


def _refuse_silent(raw: RawScore, index: int, path, role: str) -> None:
    sounding = ", ".join(str(i) for i, p in enumerate(raw.parts) if not p.drums and p.note_count)
    name = f" ({raw.parts[index].name})" if raw.parts[index].name else ""
    raise FileProblem(f"part {index}{name} has no notes: choose another {role} part (parts with notes: "
                      f"{sounding})", path)


def _chords(raw: RawScore, indices: list[int], melody: int, course: bool, chosen: bool, beats: int,
            compound: bool) -> list[BarChord]:
    """The file's chord symbols (only the chosen parts' and the melody's, when the user chose parts; an Encore
    MIDI file's own as its markers write them, unless the user chose parts), else the chord parts' notes reduced
    to chords in bars of ``beats`` quarter notes (see harmony_reduction)."""
    if course:  # the reference: the chord part's chord objects only
        found = [BarChord(e.offset, e.names, e.pitches) for i in indices for e in raw.parts[i].events
                 if len(e.pitches) > 1]
        if found:  # a lead sheet has none: its chord symbols, as below, or every token would be an X
            found.sort(key=lambda c: c.offset)
            # comping struck again in its bar (F7 on beats 1 and 3) is one chord on the lead sheet, not F7 F7; a
            # bar's own first chord stays, as the reference's lookup of a bar's chords needs it (bars.py)
            return [c for i, c in enumerate(found) if i == 0 or set(c.pitches) != set(found[i - 1].pitches)
                    or c.offset // BAR != found[i - 1].offset // BAR]
    spelled = [raw.parts[i] for i in sorted({*indices, melody})] if chosen else raw.parts
    lead = sorted((replace(c, figure=jazz_figure(c.figure)) for p in spelled for c in p.lead_chords),
                  key=lambda c: c.offset)  # music21's B-7 as a chart writes it; an Encore marker is written so
    marks = _marks_played(raw.chord_marks, [raw.parts[i] for i in indices]) if not (course or chosen) else None
    lead = marks or lead
    if any(c.pitches for c in lead):
        out: list[BarChord] = []
        for c in lead:
            if c.pitches:
                out.append(BarChord(c.offset, c.names, c.pitches, c.figure))
            else:  # N.C.: no comping, and the solo keeps the chord before (if any) as its harmony
                out.append(BarChord(c.offset, out[-1].names if out else (), (), c.figure))
        return out
    events = [e for i in indices for e in raw.parts[i].events] or raw.parts[melody].events
    return reduction.reduce_bars(events, beats, compound)


def _marks_played(marks: list[LeadChord], parts: list[RawPart]) -> list[LeadChord] | None:
    """An Encore MIDI file's markers as the chords its chord parts play, judged marker by marker: one whose notes
    are the chord's as Encore voices the name stays as it is; one whose notes are not, but which Encore names so
    (a chord worked out from another file's notes: C Db Eb is Cm, a D-C dyad D), stays with the notes played, as
    it was written. None where a marker names a chord the notes are not (none under an N.C.): the notes were moved
    or reharmonised in another program, or a rehearsal mark was added; then the notes are read, as in any MIDI
    file. None where the file has no markers."""
    if not marks:
        return None
    struck = sorted((e.offset, p) for part in parts for e in part.events for p in e.pitches)
    times = [t for t, _ in struck]
    ends = [m.offset for m in marks[1:]] + [math.inf]
    played = []
    for mark, end in zip(marks, ends, strict=True):
        heard = [p for _, p in struck[bisect_left(times, mark.offset - 1e-6):bisect_left(times, end - 1e-6)]]
        if {p % 12 for p in heard} <= {p % 12 for p in mark.pitches}:
            played.append(mark)
        elif (kept := _as_played(mark, heard)) is not None:
            played.append(kept)
        else:
            return None
    return played


def _as_played(mark: LeadChord, heard: list[int]) -> LeadChord | None:
    """The marker with the notes played under it, where Encore names those notes so: its own name for them, or,
    where it has none that voices them (music21's 'Edim/BbaddG#' or 'D' for a D-C dyad, which change with the
    octaves the notes came in), a name over their bass where the marker's is no plainer. None where the notes are
    another chord (C7 marked, D7 played, or G7/F under F7: moved in another program)."""
    if not mark.pitches:  # an N.C. over notes
        return None
    named = _named_from(heard)
    if named.figure != mark.figure and (_voices(named) or _voices(mark) or  # a plain name the notes are not:
                                        named.pitches[0] % 12 != mark.pitches[0] % 12):  # F7 marked, G7/F played
        return None
    return replace(mark, names=named.names, pitches=named.pitches)


def _voices(chord: BarChord | LeadChord) -> bool:
    """Whether Encore voices the chord's name with its notes (and perhaps the fifth a shell voicing leaves out)."""
    try:
        return {p % 12 for p in chord.pitches} <= {p % 12 for p in chord_pitches(chord.figure)[1]}
    except EncoreError:
        return False


def _named_from(pitches: list[int]) -> BarChord:
    """The notes as the harmony reduction names a chord, over the lowest (Encore's export comps a worked-out chord
    with its notes, the bass on its lowest), voiced as a chord symbol's are and spelled as MIDI spells them."""
    chord = voicing(sorted(pitches))
    names = tuple(midi_name(p) for p in chord)
    return BarChord(0.0, names, chord, reduction.figure(names))


def _check_times(events: list, index: int, path, beats: int) -> None:
    """Refused before any bar is made: a damaged length or offset would ask for billions of bars."""
    for e in events:
        if not (math.isfinite(e.offset) and math.isfinite(e.duration) and e.offset >= 0 and e.duration >= 0):
            raise FileProblem(f"part {index} has a note at an impossible time (offset {e.offset:g}, "
                              f"length {e.duration:g} quarter notes)", path)
    end = max((e.end for e in events), default=0.0)
    if end > MAX_BARS * beats:
        raise FileProblem(f"part {index} runs {end / beats:,.0f} bars; Encore reads pieces of up to {MAX_BARS:,} "
                          "bars (a damaged note length?)", path)


def _bar_range(asked: tuple[int, int] | None, events, course: bool, path, beats: int,
               shift: int = 0, written: list[float] = ()) -> tuple[int, int]:
    """The bars to read, counted from 1 (a pickup's bar too); ``asked`` is in the score's numbers, which lag
    them by ``shift``. The piece runs from its first note to its last, or to a chord written before or after
    them (``written``: their offsets): a solo that lays out in its first or last bar keeps that bar and its
    chord."""
    chord_bars = [int((t + 1e-6) // beats) + 1 for t in written]
    total = max(1, int((max(e.end for e in events) - 1e-6) // beats) + 1,  # a last note ending on a bar line
                *chord_bars)
    if asked is None and course and total >= COURSE["bars"][1]:
        return COURSE["bars"]
    if asked is None:
        return min([int(min(e.offset for e in events) // beats) + 1, *chord_bars]), total
    first, last = asked[0] + shift, asked[1] + shift
    if first > total:
        raise FileProblem(f"has bars {1 - shift}-{total - shift}; bar range {asked[0]}-{asked[1]} is past its end",
                          path)
    return first, min(last, total)


def parse_bar_range(bars, path=None, lowest: int = 1) -> tuple[int, int]:
    """'3-10' or (3, 10) -> (3, 10), inclusive, numbered from ``lowest`` (0 where a pickup is bar 0)."""
    try:
        first, last = (int(x) for x in (bars.split("-") if isinstance(bars, str) else bars))
    except (ValueError, TypeError):
        raise FileProblem(f"bad bar range {bars!r} (expected A-B, e.g. 1-16)", path) from None
    if last < first:
        raise FileProblem(backwards_bars(first, last), path)
    if first < lowest:
        raise FileProblem(f"bar range {first}-{last} starts before bar {lowest}: {bars_numbered_from(lowest)}", path)
    return first, last


def backwards_bars(first: int, last: int) -> str:
    return f"bar range {first}-{last} runs backwards: give the first bar first ({last}-{first})"


def bars_numbered_from(lowest: int) -> str:
    """Why the score's bars start where they do, in the words of --bars' help (a pickup is bar 0)."""
    if lowest == 0:
        return "its bars are numbered from 0, its pickup"
    return "its bars are numbered from 1 (only a score that opens with a pickup has a bar 0)"


def _part_infos(raw: RawScore, melody: int, chords: list[int]) -> list[PartInfo]:
    def role(i: int, part: RawPart) -> str:
        if part.drums:
            return "drums"
        return "melody" if i == melody else ("chords" if i in chords else "")
    return [PartInfo(i, p.name, p.note_count, role(i, p))
            for i, p in enumerate(raw.parts)]


def default_corpus(include_music21: bool = True) -> list[Source]:
    """The pieces Encore ships for training on a fresh install (resources/jazz/README.md)."""
    from .corpus import default_sources

    return default_sources(include_music21)


