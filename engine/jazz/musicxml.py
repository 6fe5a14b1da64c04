"""Writing a Piece as MusicXML with music21: the melody spelled by the chords under it, a key signature, and
chord symbols in the schema's own kinds, so that MuseScore, Finale and Sibelius read the chords as written."""

from __future__ import annotations

import copy
import io
import math
import re
import zipfile
from bisect import bisect_right
from fractions import Fraction
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from .. import files
from ..errors import EncoreError
from .key_signature import as_key, key_of, signature, stated_keys
from .piece import Piece
from .progression import ROOT, chord_pitches, music21_figure, music21_note
from .reading import MELODY_TRACK


def write_musicxml(piece: Piece, path, job=None) -> None:
    """As MusicXML, compressed where the name asks for it (.mxl): written plain there, notation programs that
    open .mxl as the zip the standard makes it refused the file."""
    data = musicxml_bytes(piece, job)
    files.write_bytes(path, compressed(data) if Path(path).suffix.lower() == ".mxl" else data)


MXL_SCORE = "score.musicxml"
MXL_CONTAINER = (b'<?xml version="1.0" encoding="UTF-8"?>\n<container>\n  <rootfiles>\n'
                 b'    <rootfile full-path="%s" media-type="application/vnd.recordare.musicxml+xml"/>\n'
                 b'  </rootfiles>\n</container>\n') % MXL_SCORE.encode()
MXL_WRITTEN = (1980, 1, 1, 0, 0, 0)  # zip's earliest date: the same piece writes the same bytes every time


def compressed(score: bytes) -> bytes:
    """MusicXML's compressed form: a zip holding its mimetype first and uncompressed, as the standard asks, the
    container naming the score, and the score."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as mxl:
        for name, data, how in (("mimetype", b"application/vnd.recordare.musicxml", zipfile.ZIP_STORED),
                                ("META-INF/container.xml", MXL_CONTAINER, zipfile.ZIP_DEFLATED),
                                (MXL_SCORE, score, zipfile.ZIP_DEFLATED)):
            mxl.writestr(zipfile.ZipInfo(name, MXL_WRITTEN), data, compress_type=how)
    return out.getvalue()


def musicxml_bytes(piece: Piece, job=None) -> bytes:
    """The piece as MusicXML; ``job`` hears of each stage and may stop it between sections."""
    from music21 import metadata, stream

    written = None
    # each section let go once written: kept to the end, they slowed Python's garbage collector bar by bar
    for part in _sections_notated(piece, job):
        score = stream.Score([part])
        if written is None:
            score.insert(0, metadata.Metadata(title=_xml_text(piece.title)))
            written = _exported(score)
        else:
            _add_bars(written, _exported(score))
        _check(job)
    data = written.asBytes()
    # with no composer given, music21 credits itself: notation programs showed "Music21" over the user's solo
    data = re.sub(rb'\n *<creator type="composer">Music21</creator>', b"", data, count=1)
    # music21 names each part with a random id: the same piece wrote different bytes every time
    for n, random_id in enumerate(dict.fromkeys(re.findall(rb'<score-part id="([^"]+)"', data)), 1):
        data = data.replace(b'"%s"' % random_id, b'"P%d"' % n)
    return data


# what XML 1.0 cannot hold even escaped: C0 controls but tab and line breaks, lone surrogates, U+FFFE and U+FFFF
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """A title as XML can hold it: an old project's or a typed title's control character (a MIDI track name's
    NUL) made the whole file unreadable to music21 and to Encore itself."""
    return _NOT_XML.sub("", text)


# music21's notation steps look things up across the whole part after every change: written in one part, a
# 2,000-bar solo took two minutes (400 bars 7 s). It is written a few bars at a time, each section cut at a bar
# line no note is held over, and the sections' bars joined into one part: the same file, in linear time.
SECTION_BARS = 16


def _sections(piece: Piece, struck: dict) -> list[tuple[Fraction, Fraction]]:
    """(start, end) of each section in quarter notes; one section where notes overlap, as music21 then writes
    the whole part in voices."""
    bar = _bar_length(piece)
    end = max([_q(piece.length)] + [start + length for start, length in struck])
    held, reach = set(), None
    for start, length in sorted(struck):
        if length <= 0 or reach is not None and start < reach:
            return [(Fraction(0), end)]
        reach = start + length
        held.update(range(start // bar + 1, math.ceil(reach / bar)))  # the bar lines inside the note
    cuts = [0]
    for line in range(SECTION_BARS, math.ceil(end / bar)):
        if line - cuts[-1] >= SECTION_BARS and line not in held:
            cuts.append(line)
    bounds = [line * bar for line in cuts] + [end]
    return list(pairwise(bounds))


def _bar_length(piece: Piece) -> Fraction:
    from music21 import meter

    return Fraction(meter.TimeSignature(piece.time_signature).barDuration.quarterLength)


def _sections_notated(piece: Piece, job):
    """Each section as a Part in measures, with ties, beams, accidentals and chord symbols, its bars numbered
    as the piece's."""
    bar = _bar_length(piece)
    home = key_of(piece)
    changes = _key_changes(piece, home, bar)
    struck: dict[tuple, list] = {}  # notes struck together for as long: one chord, not a voice each
    for n in piece.notes:
        struck.setdefault((_q(n.start), _q(n.duration)), []).append(n)
    sections = _sections(piece, struck)
    steps = len(sections) + 2
    _report(job, 1, steps, "bars and ties")
    spelled = [(Fraction(0), home)] + [(at, as_key(sharps, mode)) for at, sharps, mode in changes]
    notes, chords = _by_section(piece, spelled, struck, [start for start, _ in sections])
    clef = _clef(notes)
    context, bars, symbols = {}, 0, {}
    pickup = pickup_start(piece, bar)
    for i, ((start, end), here) in enumerate(zip(sections, notes, strict=True)):
        signed = [(at, signature(sharps, mode)) for at, sharps, mode in changes if start <= at < end]
        part, struck_here = _section_part(piece, [(Fraction(0), home)] * (home is not None and i == 0) + signed,
                                          here, start, end)
        part.insert(0, copy.deepcopy(clef))
        measures = _notate(part, context, bars - bool(pickup), last=i == len(sections) - 1)
        bars += len(measures)
        # the accidentals of the next section's first bar follow the notes struck in this one's last
        context = _context(measures[-1], struck_here, _in_force(home, changes, end), end in {c[0] for c in changes})
        # measures and ties first: a chord symbol under a held note read as a second voice when music21 made
        # the measures around both
        _place_chords(chords[i], start, measures, symbols)
        if pickup and i == 0:
            _short_bar(measures[0], pickup)
        _check(job)
        yield part
        # reported once the section is in the file: a long solo's export moves a bar count on, not one stage
        done = f"bars and ties, {math.ceil(end / bar):,} of {math.ceil(sections[-1][1] / bar):,} bars written"
        _report(job, i + 2, steps, "the score" if i == len(sections) - 1 else done)


def _key_changes(piece: Piece, home, bar: Fraction) -> list[tuple[Fraction, int, str | None]]:
    """(where, sharps, mode) of each key change the piece's file stated, at the bar line nearest it (a MIDI
    file's may fall a tick early), where the signature changes."""
    changes: list[tuple[Fraction, int, str | None]] = []
    for at, sharps, mode in stated_keys(piece)[1:]:
        line = round(_q(at) / bar) * bar
        if changes and changes[-1][0] == line:
            changes.pop()  # two at one bar line: the later holds
        before = changes[-1][1] if changes else home.sharps if home is not None else 0
        if 0 < line < _q(piece.length) and sharps != before:
            changes.append((line, sharps, mode))
    return changes


def _in_force(home, changes: list, at: Fraction):
    """The key signature in force up to ``at``, as written."""
    last = [c for c in changes if c[0] < at]
    return signature(*last[-1][1:]) if last else home


def _context(last_bar, struck: set, key, changes: bool) -> dict:
    """What the next section's accidentals follow: the key so far and the notes struck in this section's last
    bar; where the key changes with the section, those of them outside the old key alone (as music21 does
    within a section: an E after E-flats in a new key of three flats needs no natural)."""
    past = [p for e in last_bar.notes if id(e) in struck for p in e.pitches]
    if changes and key is not None:
        diatonic = {p.name for p in key.getScale().pitches}
        past = [p for p in past if p.name not in diatonic]
    return {"useKeySignature": key or True, "pitchPastMeasure": past}


def _notate(part, context: dict, bars: int, last: bool) -> list:
    """The section's measures made, with rests, ties, beams and accidentals, numbered after ``bars``."""
    from music21 import stream

    part.makeRests(fillGaps=True, inPlace=True, timeRangeFromBarDuration=True)
    part.makeNotation(inPlace=True, **context)
    measures = list(part.getElementsByClass(stream.Measure))
    for m in measures:
        m.number += bars
    if not last:
        measures[-1].rightBarline = None  # the final bar line is the last section's
    return measures


def pickup_start(piece: Piece, bar: Fraction) -> Fraction:
    """Where a pickup starts in the piece's first bar (a source that opened with one: its bars read from 0, the
    pickup's notes at the end of a whole bar 0); 0 where the piece opens on a whole bar. The pickup's written
    length where the piece keeps it (one opening on a rest starts before its first note), else its first note
    or chord; a note an edit moved earlier still inside it."""
    if not piece.meta.get("bars") or piece.meta["bars"][0] != 0:
        return Fraction(0)
    starts = [_q(e.start) for e in [*piece.notes, *piece.chords] if _q(e.start) < bar]
    written = piece.meta.get("pickup")
    if isinstance(written, (int, float)) and math.isfinite(written) and 0 < _q(written) < bar:
        starts.append(bar - _q(written))
    return min(starts) if starts and min(starts) > 0 else Fraction(0)


def _short_bar(measure, pickup: Fraction) -> None:
    """The first bar written as the pickup it was, bar 0: its rests before ``pickup`` left out (one running
    into the pickup cut at its start: the pickup's opening rest), the rest moved to its start, so that a
    reader counts its bars as the source did."""
    from music21 import note, stream

    for element in list(measure):
        # exact: 0.0 + 10/3 in floats ran past a pickup at 10/3, and its rest was cut to a stray quarter rest
        end = Fraction(element.offset) + Fraction(element.quarterLength)
        if isinstance(element, note.Rest) and element.offset < pickup < end:
            measure.remove(element)
            measure.insert(0, note.Rest(quarterLength=end - pickup))
        elif isinstance(element, note.Rest) and element.offset < pickup:
            measure.remove(element)
        elif element.offset >= pickup:  # the clef, key and meter stay at the bar's start
            measure.setElementOffset(element, element.offset - pickup)
    measure.paddingLeft = pickup
    measure.showNumber = stream.enums.ShowNumber.NEVER  # implicit="yes": not counted as a bar
    measure.makeBeams(inPlace=True)


def _clef(notes: list):
    """The clef music21 gives the whole piece, by the average height of its notes."""
    from music21 import clef, stream

    every = [copy.deepcopy(p) for section in notes for _, _, pitches, _ in section for p in pitches]
    return clef.bestClef(stream.Stream([_sounding(every, 1)]), recurse=True)


def _by_section(piece: Piece, keys: list, struck: dict, begins: list) -> tuple[list, list]:
    """The notes of each section as (start, length, pitches spelled, velocity), ``keys``: (from where, Key) of
    each key in force; and the chords of each section. Notes struck together sound at the loudest one's velocity,
    as a MusicXML chord has one (music21 writes its notes' dynamics from the chord)."""
    spelling = _Spelling(piece, keys)
    notes: list[list] = [[] for _ in begins]
    for (start, length), struck_notes in struck.items():
        pitches = [spelling.pitch(p, start) for p in sorted({n.pitch for n in struck_notes})]
        notes[max(bisect_right(begins, start) - 1, 0)].append(
            (start, length, pitches, max(n.velocity for n in struck_notes)))
    chords: list[list] = [[] for _ in begins]
    for chord in piece.chords:
        section = bisect_right(begins, _q(chord.start)) - 1
        if section >= 0:  # before the first bar: left out
            chords[section].append(chord)
    return notes, chords


def _section_part(piece: Piece, keys: list, notes: list, begin: Fraction, end: Fraction):
    """The section's notes in a Part, a rest to its end, ``keys`` ((where in the piece, signature)) where they
    are; the ids of the notes and chords struck in it."""
    from music21 import meter, note, stream, tempo

    part = stream.Part()
    part.partName = MELODY_TRACK  # as the MIDI export names its track; <part-name/> was written empty
    part.insert(0, meter.TimeSignature(piece.time_signature))
    for at, key in keys:
        part.insert(at - begin, key)
    if begin == 0:
        bpm = float(piece.tempo)  # 99.5 was written 100
        part.insert(0, tempo.MetronomeMark(number=int(bpm) if bpm.is_integer() else bpm))
    struck = set()
    for start, length, pitches, velocity in notes:  # (music21 took minutes over 2,000 stacked notes as voices)
        sounding = _sounding(pitches, length)
        sounding.volume.velocity = velocity  # written as <note dynamics>: the velocity lane's, read back exactly
        part.insert(start - begin, sounding)
        struck.add(id(sounding))
    last = max((start + length for start, length, _, _ in notes), default=begin)  # as placed: on the grid
    if end > last:  # the bars after the last note still carry their chords
        part.insert(last - begin, note.Rest(quarterLength=end - last))
    return part, struck


def _sounding(pitches: list, length: Fraction):
    from music21 import chord as m21chord
    from music21 import note

    if len(pitches) == 1:
        return note.Note(pitches[0], quarterLength=length)
    return m21chord.Chord(pitches, quarterLength=length)


def _place_chords(chords: list, begin: Fraction, measures: list, symbols: dict) -> None:
    """The chord symbols in the bars they start in; ``symbols``: those made so far (music21 takes 20 ms to
    spell one: once per chord a piece has)."""
    starts = [begin + m.offset for m in measures]
    for chord in chords:
        key = (chord.symbol, chord.names, chord.pitches)
        if key not in symbols:
            symbols[key] = _harmony(chord)
        made = symbols[key]
        at = bisect_right(starts, _q(chord.start)) - 1
        if made is not None and at >= 0:  # None: "" in a hand-edited project, which the writer failed on
            measures[at].insert(_q(chord.start) - starts[at], copy.deepcopy(made))


def _report(job, step: int, steps: int, what: str) -> None:
    if job is not None:
        job.report(step, steps, f"MusicXML: {what}")


def _check(job) -> None:
    if job is not None:
        job.check()


def _exported(score):
    """The score's MusicXML tree, as music21's GeneralObjectExporter writes it, its chord kinds put in the
    schema's words on the way."""
    from music21.musicxml.m21ToXml import GeneralObjectExporter, ScoreExporter

    prepared = GeneralObjectExporter().fromGeneralObject(score)
    for measure in prepared.recurse().getElementsByClass("Measure"):
        _tuplet_brackets(measure)
    exporter = ScoreExporter(prepared)
    exporter.parse()
    for harmony in exporter.xmlRoot.iter("harmony"):
        _schema_kind(harmony)
        _altered_fifth(harmony)
    _chords_on_the_grid(exporter.xmlRoot)
    return exporter


def _tuplet_brackets(measure) -> None:
    """The bar's tuplet brackets made again once music21's exporter has made its notation. Its second pass
    splits a note to complete a triplet without marking the brackets again (a '3' opened and never closed), and
    fills a gap with a hidden rest of a triplet's length, in the group but unseen: that rest is shown, one of
    the group. The chord symbols are set aside meanwhile, as music21 ends a group at each one."""
    from music21 import harmony, note
    from music21.stream.makeNotation import makeTupletBrackets

    for rest in measure.recurse().getElementsByClass(note.Rest):
        if rest.duration.tuplets and rest.style.hideObjectOnPrint:
            rest.style.hideObjectOnPrint = False
    symbols = [(s, measure.elementOffset(s)) for s in measure.getElementsByClass(harmony.Harmony)]
    for symbol, _ in symbols:
        measure.remove(symbol)
    for voice in [measure, *measure.voices]:
        makeTupletBrackets(voice, inPlace=True)
    for symbol, at in symbols:
        measure.insert(at, symbol)


def _chords_on_the_grid(root) -> None:
    """Each chord symbol's <offset> put back on the grid the chords are placed on. music21 counts its place in
    the bar in floats and truncates the difference: a chord on the and of two after a triplet (4/3, 5/3) was
    written 1/10080 of a beat late, and read back at 31.500099."""
    divisions = root.findtext(".//divisions")
    if divisions is None or int(divisions) % GRID:
        return
    step = int(divisions) // GRID  # a grid step in divisions
    for measure in root.iter("measure"):
        at = 0  # exact, in divisions
        for element in measure:
            if element.tag == "harmony" and element.find("offset") is not None:
                offset = element.find("offset")
                exact = round((at + int(offset.text)) / step) * step - at
                if exact:
                    offset.text = str(exact)
                else:
                    element.remove(offset)
            elif element.tag in ("note", "forward") and element.find("chord") is None:
                at += int(element.findtext("duration") or 0)  # a grace note has none
            elif element.tag == "backup":
                at -= int(element.findtext("duration"))


def _add_bars(written, later) -> None:
    """The later section's bars added to the part of the first one's score."""
    bars = later.xmlRoot.find("part")
    first = bars.find("measure")
    attributes = first.find("attributes")
    for element in list(attributes):  # the section's own meter and clef: the piece has them once
        if element.tag != "key":  # a key change on the section's first bar is the piece's
            attributes.remove(element)
    if not len(attributes):
        first.remove(attributes)
    written.xmlRoot.find("part").extend(bars)  # its bars and the comments between them


SHARP_FIVE, FLAT_FIVE = ((5, 1, "alter"),), ((5, -1, "alter"),)
# music21's chord kinds outside MusicXML's list (a schema-checking reader refuses them, others guess), as a kind
# in it, the chord's name, and the degrees that make up the difference. No added seventh: the schema reads 'add 7'
# as a minor seventh and music21 as a major one, so C7sus4 is C7 with the fourth for the third.
SCHEMA_KINDS = {
    "suspended-fourth-seventh": ("dominant", "7sus4", ((3, 0, "subtract"), (4, 0, "add"))),
    "seventh-flat-five": ("dominant", "7b5", FLAT_FIVE),
    "minor-major-ninth": ("major-minor", "mMaj9", ((9, 0, "add"),)),
    "minor-major-11th": ("major-minor", "mMaj11", ((9, 0, "add"), (11, 0, "add"))),
    "minor-major-13th": ("major-minor", "mMaj13", ((9, 0, "add"), (11, 0, "add"), (13, 0, "add"))),
    "augmented-major-seventh": ("major-seventh", "+Maj7", SHARP_FIVE),
    "augmented-major-ninth": ("major-ninth", "+Maj9", SHARP_FIVE),
    "augmented-major-11th": ("major-11th", "+Maj11", SHARP_FIVE),
    "augmented-major-13th": ("major-13th", "+Maj13", SHARP_FIVE),
    "augmented-dominant-ninth": ("dominant-ninth", "+9", SHARP_FIVE),
    "augmented-11th": ("dominant-11th", "+11", SHARP_FIVE),
    "augmented-dominant-13th": ("dominant-13th", "+13", SHARP_FIVE),
    "half-diminished-ninth": ("minor-ninth", "ø9", FLAT_FIVE),
    "half-diminished-minor-ninth": ("half-diminished", "ø7b9", ((9, -1, "add"),)),
    "half-diminished-11th": ("minor-11th", "ø11", FLAT_FIVE),
    "half-diminished-13th": ("minor-13th", "ø13", FLAT_FIVE),
    "diminished-ninth": ("diminished-seventh", "o9", ((9, 0, "add"),)),
    "diminished-minor-ninth": ("diminished-seventh", "o7b9", ((9, -1, "add"),)),
    "diminished-11th": ("diminished-seventh", "o11", ((9, 0, "add"), (11, 0, "add"))),
}


def _schema_kind(harmony) -> None:
    """A <harmony> whose <kind> is outside the schema's list rewritten with one in it, named as a musician
    writes the chord, and the degrees that make it the same chord, hidden as the name already says them."""
    from xml.etree.ElementTree import Element, SubElement

    kind = harmony.find("kind")
    if kind is None or kind.text not in SCHEMA_KINDS:
        return
    kind.text, name, degrees = SCHEMA_KINDS[kind.text]
    kind.set("text", name)
    at = max(i for i, child in enumerate(harmony) if child.tag in ("kind", "inversion", "bass")) + 1
    for value, alter, change in reversed(degrees):  # before music21's own degrees (C9sus4's added ninth)
        degree = Element("degree", {"print-object": "no"})
        for tag, text in (("degree-value", value), ("degree-alter", alter), ("degree-type", change)):
            SubElement(degree, tag).text = str(text)
        harmony.insert(at, degree)


NO_FIFTH = {"diminished", "diminished-seventh", "half-diminished", "augmented", "augmented-seventh", "Neapolitan",
            "Italian", "French", "German", "pedal", "Tristan", "other", "none"}


def _altered_fifth(harmony) -> None:
    """music21 writes Cm7b5 and C7#5 as an added flat or sharp fifth, which the schema reads as a second fifth
    beside the perfect one (C Eb G Gb Bb): over a kind with a perfect fifth it is that fifth altered."""
    kind = harmony.find("kind")
    if kind is None or kind.text in NO_FIFTH:
        return
    for degree in harmony.iter("degree"):
        if degree.findtext("degree-value") == "5" and degree.findtext("degree-alter") in ("-1", "1"):
            degree.find("degree-type").text = "alter"


def _harmony(chord):
    """The chord as a music21 ChordSymbol: by its symbol, else (one a MIDI file's harmony was named by, such as
    'AbM9/BbaddD') by its pitches; None where music21 can spell neither."""
    from music21 import chord as m21chord
    from music21 import harmony

    if chord.symbol == "N.C.":
        return harmony.NoChord()
    try:
        symbol = harmony.ChordSymbol(music21_figure(chord.symbol) or chord.symbol)
        if symbol.pitches and symbol.chordKind != "none":
            return symbol
    except Exception:  # noqa: BLE001, S110 - music21 raises many kinds for a figure it cannot read
        pass
    try:
        symbol = harmony.chordSymbolFromChord(m21chord.Chord(list(chord.names) or list(chord.pitches)))
    except Exception:  # noqa: BLE001 - left out of the score only
        return None
    return symbol if symbol.pitches else None


# A note outside the chord is spelled by its interval above the chord's root: Ab over Bb7 (its seventh), F# over
# C7 (the sharp eleventh), C# over Dm7 (the leading tone); a white key is always natural. Over an altered
# dominant (a flat 13th with a flat or sharp ninth) every black key but its root, third and seventh is a flat
# (C7alt's Db Eb Gb Ab, not D# and F#; B7b9 keeps its F#); over a
# diminished seventh a note of the key keeps the key's name (Bb over a passing Bdim7 in F, not A#).
INTERVALS = ("P1", "m2", "M2", "m3", "M3", "P4", "A4", "P5", "m6", "M6", "m7", "M7")
NATURALS = {0: "C", 2: "D", 4: "E", 5: "F", 7: "G", 9: "A", 11: "B"}
FLATS = {1: "D-", 3: "E-", 6: "G-", 8: "A-", 10: "B-"}
AWKWARD = {"B#", "E#", "C-", "F-"}  # as a chord's tension (A7alt's #9, B#) written as its plain neighbour (C)
DOMINANT_CORE = {0, 4, 10}


class _Spelling:
    """How the melody's notes are spelled: by the chord sounding at each one's onset, before the first chord
    (or with none) by the key in force."""

    def __init__(self, piece: Piece, keys: list):
        """``keys``: (from where, music21 Key or None) of each key in force, the first from the start."""
        self.key_starts = [float(at) for at, _ in keys]
        tones = [_key_tones(home) for _, home in keys]
        self.in_key = [_names_over(tonic, scale, scale) for tonic, scale in tones]
        self.starts: list[float] = []
        self.names: list[tuple[str, ...]] = []
        names = self.in_key[0]
        for chord in sorted(piece.chords, key=lambda c: c.start):
            root = _root(chord.symbol)
            if root:  # an N.C. keeps the harmony before it, as the solo does
                scale = tones[bisect_right(self.key_starts, chord.start + 1e-9) - 1][1]
                names = _names_over(root, chord.names or _chart_names(chord.symbol), scale)
            self.starts.append(chord.start)
            self.names.append(names)

    def pitch(self, midi: int, start: float):
        """The note as a music21 Pitch, spelled for the harmony at ``start``."""
        from music21 import pitch

        at = bisect_right(self.starts, float(start) + 1e-9) - 1
        in_key = self.in_key[max(bisect_right(self.key_starts, float(start) + 1e-9) - 1, 0)]
        spelled = pitch.Pitch((self.names[at] if at >= 0 else in_key)[midi % 12])
        spelled.octave = (midi - int(spelled.alter)) // 12 - 1  # B#3 is MIDI 60, Cb4 59
        return spelled if spelled.octave >= 0 else pitch.Pitch(midi=midi)  # C0, not B#-1: no octave -1 in MusicXML


@lru_cache(maxsize=1024)
def _names_over(root: str, tones: tuple[str, ...], key: tuple[str, ...]) -> tuple[str, ...]:
    """The name of each of the 12 pitch classes over a chord (music21's, 'A-'): its tones as its symbol spells
    them, but for a double sharp or flat, which only a sharp root's major third or fifth keeps (D#7's F##, A#7's
    C##; a chart in flats names those Eb7 and Bb7). G#7#9's A##, B7#5's F##, C#7#11's F##, Abm7b5's Ebb, Gbm6's
    Bbb and Cdim7's Bbb are written B, G, G, D, A and A, as lead sheets write them. The others are named by their
    interval above the root; ``key``: the key's note names."""
    from music21 import pitch

    bottom = pitch.Pitch(root)
    tone_pitches = [pitch.Pitch(t) for t in tones]
    intervals = {(p.pitchClass - bottom.pitchClass) % 12 for p in tone_pitches}
    altered = {4, 8, 10} <= intervals and bool(intervals & {1, 3})  # 7alt, 7b9b13, 7#9b13: not a plain 7b9
    diminished = {3, 6, 9} <= intervals and 10 not in intervals
    spelled: dict[int, str] = {}
    for p in tone_pitches:
        step = (p.pitchClass - bottom.pitchClass) % 12
        tension = step in (1, 2, 5) or step == 3 and 4 in intervals  # a G#7's B# is its third: kept
        doubled = abs(p.alter) > 1 and not (p.alter == 2 and step in (4, 7))
        if not doubled and not (tension and p.name in AWKWARD and p.name not in key) \
                and (step in DOMINANT_CORE or not p.alter or not altered):
            spelled.setdefault(p.pitchClass, p.name)
    in_key = {pitch.Pitch(n).pitchClass: n for n in key} if diminished else {}
    return tuple(spelled.get(pc) or NATURALS.get(pc) or (FLATS[pc] if altered else in_key.get(pc))
                 or _over(bottom, pc) for pc in range(12))


def _over(root, pc: int) -> str:
    name = root.transpose(INTERVALS[(pc - root.pitchClass) % 12]).name
    return name if len(name) == 2 else FLATS[pc]  # a double sharp over D#7 or double flat over Cb: the plain flat


def _key_tones(home) -> tuple[str, tuple[str, ...]]:
    """(tonic, scale) that spell the notes outside any chord: the key's, C major's without one."""
    if home is None:
        return "C", ()
    return home.tonic.name, tuple(p.name for p in home.pitches)


def _root(symbol: str) -> str:
    """A chord symbol's root in music21's spelling ('B-'), "" for one without (N.C.)."""
    found = ROOT.fullmatch(symbol.strip().partition("/")[0])
    return music21_note(found.group(1), found.group(2)) if found else ""


def _chart_names(symbol: str) -> tuple[str, ...]:
    """The chord's spelled pitches, for one a project keeps without them; () where music21 cannot read it."""
    try:
        return chord_pitches(symbol)[0]
    except EncoreError:
        return ()


GRID = 48  # notes and chords are placed on 48ths of a quarter note


def _q(quarters: float) -> Fraction:
    return Fraction(round(quarters * GRID), GRID)
