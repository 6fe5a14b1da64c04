"""Improvising a solo: sample grammar tokens bar by bar and turn each into a pitch over its chord.

Fixes the reference's decoding faults: a note starts where the previous one ended (never a duration
late); a bar takes only tokens that fit in what is left of it, and a last sliver too short for any token
lengthens the note before it, so bars fill exactly their beats; durations come from the token exactly
(no random rounding); only vocabulary tokens are ever sampled; sampling is done in float64 from
softmax(logits / temperature) by inverse CDF, and temperature 0 takes the most likely token.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from fractions import Fraction

from ..compute import check_temperature
from ..errors import EncoreError
from ..words import counted
from .bars import MAX_BARS
from .grammar import GRID, Token, interval_bounds, midi_name
from .key_signature import form_keys, looped_keys, readable_keys
from .melody_choice import choose_pitch, chord_classes, playable_range
from .musicxml import pickup_start
from .piece import FASTEST, SLOWEST, ChordSymbol, Note, Piece, chords_from, is_compound
from .progression import (
    MAX_BEATS,
    MAX_CHORUSES,
    bars_of,
    chart_meter,
    loop_changes,
    parse_progression,
    quarter_beats,
    written_meter,
)
from .stepper import Stepper
from .subdivisions import SIXTEENTHS_AND_TRIPLETS

__all__ = ["improvise", "parse_progression"]


@dataclass
class _Voice:
    """What the sampler carries from token to token: the last input and the last pitch."""
    last_input: int = -1
    previous: int | None = None


@dataclass
class _Sampler:
    model: object
    tokens: list[Token]
    steps: object  # the tokens' lengths in 48ths of a quarter note: which fit, and where the next note starts
    grid: object  # bool array over the 48ths of a beat: where the training solo's notes started
    temperature: float
    random: object  # numpy Generator: the token draws
    stepper: Stepper


def improvise(model, bars: int | None = None, chords=None, source=None, temperature: float = 1.0,
              seed: int = 0, tempo: float | None = None, base: Piece | None = None,
              regenerate: set[int] | None = None, job=None, choruses: int = 1) -> Piece:
    """A new Piece over ``base``'s chords, else ``chords`` (a chart's text, in its meter, or ChordSymbols in
    4/4), the source's chords or the progression the model was trained over: ``bars`` long, going round the
    chords as often as that takes, or else ``choruses`` times through them, the last time to the chart's coda
    (a base keeps its length). With ``base`` and ``regenerate`` (0-based bar numbers), only those bars are
    improvised again and the others are kept note for note; a pickup is improvised again as long as it was.
    Over the source's or the model's own chords the solo keeps the key signatures their file stated (going round
    with the chords) and, unless ``tempo`` is given, its tempo; typed chords' key is heard in them, at 130 bpm."""
    import numpy as np

    check_temperature(temperature, "token")
    if bars is not None and not 1 <= bars <= MAX_BARS:
        raise EncoreError(f"a solo runs 1-{MAX_BARS:,} bars, not {bars:,}")
    if not 1 <= choruses <= MAX_CHORUSES:
        raise EncoreError(f"a solo takes 1-{MAX_CHORUSES} choruses, not {choruses:,}")
    changes, length, meter, stated = _changes(model, chords, source, base, None if bars else choruses)
    beats = quarter_beats(meter)
    pulse = Fraction(3, 2) if is_compound(meter, beats) else Fraction(1)  # 6/8 counts dotted quarters
    if base is not None and regenerate is not None:
        bars = base.bars  # regenerating bars of a piece keeps its length
    bars = bars or (base.bars if base else max(1, round(length / beats)))
    if bars > MAX_BARS:
        raise EncoreError(f"{counted(choruses, 'chorus')} run {bars:,} bars, over Encore's {MAX_BARS:,}")
    changes = loop_changes(changes, length, bars, beats)
    low, high = playable_range(model.extra.get("range"))
    tokens = [Token.parse(v) for v in model.vocabulary]
    rng = random.Random(seed)
    sampler = _Sampler(model, tokens, np.array([int(t.duration * GRID) for t in tokens]), _grid(model), temperature,
                       np.random.default_rng(seed), Stepper(model.network))
    voice = _Voice(last_input=len(tokens))
    notes, bar_tokens = [], []
    reworked = base is not None and regenerate is not None
    keep = set(range(bars)) - set(regenerate) if reworked else set()
    pickup = pickup_start(base, Fraction(beats)) if reworked else Fraction(0)  # as the MusicXML writer has it
    for bar in range(bars):
        if bar in keep:  # a note held into a bar improvised again (over kept bars too) stops at its bar line
            ends = next((b * beats for b in range(bar + 1, bars) if b not in keep), float("inf"))
            kept = [replace(n, duration=min(n.duration, ends - n.start)) for n in base.notes_in_bar(bar)]
            if bar - 1 not in keep:
                kept = _rung_on(base, bar * beats, ends) + kept
            notes += kept
            bar_tokens.append(_listen(sampler, voice, kept, changes))
        else:
            where = (bar, beats, pulse, pickup if bar == 0 else Fraction(0))
            made, used = _bar(sampler, changes, where, voice, rng, (low, high))
            notes += made
            bar_tokens.append(used)
        if job is not None:
            job.report(bar + 1, bars, f"bar {bar + 1}")
    if reworked:  # notes an edit put after the last bar stay where they are
        notes += [n for n in base.notes if n.start >= bars * beats - 1e-9]
    meta = {"seed": seed, "temperature": temperature, "tokens": bar_tokens,
            "chords": base.meta.get("chords") if base is not None and base.chords
            else chords if isinstance(chords, str) else None}
    if reworked:  # the seed above made only these bars
        meta["reworked"] = True
    if reworked and first_bar_number(base) != 1:  # numbered as the score: a pickup stays bar 0, written short
        meta["bars"] = base.meta["bars"]
        meta.update({"pickup": base.meta["pickup"]} if "pickup" in base.meta else {})  # one opening on a rest
    if base is not None and base.chords and "keys" in base.meta:  # the same bars and chords: its stated keys
        meta["keys"] = base.meta["keys"]                            # still hold where they did
    elif stated.keys:  # the file's own chords: its keys, going round with them
        meta["keys"] = looped_keys(stated.keys, stated.length, bars * beats)
    if tempo is None:
        tempo = base.tempo if base is not None else stated.tempo or DEFAULT_TEMPO
    title = base.title if reworked else "Improvisation"  # the same solo, reworked
    return Piece(title, notes, changes, bars, beats_per_bar=beats, tempo=tempo, meta=meta,
                 meter=written_meter(meter))


def _rung_on(base: Piece, start: float, ends: float) -> list[Note]:
    """The notes held into a kept bar from the bar before it, which is improvised again: struck on the kept
    bar's downbeat, as they sound in it (kept note for note, it lost its first beats)."""
    return [replace(n, start=start, duration=min(n.end, ends) - start) for n in base.notes
            if n.start < start - 1e-9 and n.end > start + 1e-9]


DEFAULT_TEMPO = 130.0  # bpm where neither the caller nor the chords' file gives one


@dataclass
class _Stated:
    """What the file the chords came from stated beside them: its key signatures over one time through the
    chords (``length`` quarter notes), its tempo (0: none)."""
    keys: list = field(default_factory=list)
    length: float = 0.0
    tempo: float = 0.0


def _changes(model, chords, source, base, choruses: int | None):
    """(the chords of ``choruses`` choruses, how many quarter notes they last, the meter: '4/4', '3/4', '6/8',
    what their file stated); choruses None: one without the coda, to go round."""
    if base is not None and base.chords:  # a solo reworked keeps its chords, as edited and transposed
        return list(base.chords), base.length, base.time_signature, _Stated()
    if not isinstance(chords, str):
        changes, length, meter, stated = _given_changes(model, chords, source)
        if choruses and choruses > 1:
            beats = quarter_beats(meter)
            bars = max(1, round(length / beats)) * choruses
            changes, length = loop_changes(changes, length, bars, beats), float(bars * beats)
        return changes, length, meter, stated
    meter = chart_meter(chords)
    beats = quarter_beats(meter)
    changes = parse_progression(chords, choruses)
    return changes, bars_of(max(c.end for c in changes), beats) * beats, meter, _Stated()


SILENT_BARS = 4  # a rest this long in a solo is worth a word


def first_bar_number(piece: Piece) -> int:
    """The number of a piece's first bar as its score has it: 0 for a pickup, 12 for bars 12-217 of a file (as
    `jazz inspect` numbers them); 1 for a solo Encore improvised."""
    read = piece.meta.get("bars")
    first = read[0] if isinstance(read, list) and read else 1
    return first if isinstance(first, int) and not isinstance(first, bool) and first >= 0 else 1


def silence_warning(piece: Piece, improvised: set[int] | None = None) -> str:
    """A word for a solo without a note (an undertrained model at a low temperature picks only rests), or with
    a long silent stretch among the bars the model made (``improvised``, 0-based: all of them unless given; a
    kept bar's rests are the source's own); '' else. A note held over bar lines sounds in every bar it
    crosses."""
    if not piece.notes:
        return "the model improvised only rests: train it longer, or raise the temperature"
    made = set(range(piece.bars)) if improvised is None else set(improvised) & set(range(piece.bars))
    silent = sorted(made - _sounding_bars(piece))
    runs: list[tuple[int, int]] = []  # (first, last) of each stretch of silent bars the model made
    for b in silent:
        if runs and runs[-1][1] == b - 1:
            runs[-1] = (runs[-1][0], b)
        else:
            runs.append((b, b))
    first, last = max(runs, key=lambda r: r[1] - r[0], default=(0, -1))
    if last - first + 1 < SILENT_BARS:
        return ""
    number = first_bar_number(piece)
    return (f"bars {first + number}-{last + number} are silent; another seed or a higher temperature may play "
            "through them")


def _sounding_bars(piece: Piece) -> set[int]:
    """The bars (0-based) in which some note sounds, struck there or held into it."""
    beats, sounding = piece.beats_per_bar, set()
    for n in piece.notes:
        first = max(0, int(n.start // beats))
        last = min(piece.bars - 1, int((n.start + max(n.duration, 1e-6) - 1e-6) // beats))
        sounding.update(range(first, last + 1))
    return sounding


def _given_changes(model, chords, source) -> tuple[list[ChordSymbol], float, str, _Stated]:
    """(chords given as ChordSymbols, the source's or the model's, how long, the meter, what the source's or
    the model's training file stated beside them)."""
    if chords:
        changes = list(chords)
    elif source is not None:
        piece = source.to_piece()
        changes, length = piece.form()
        return changes, length, piece.time_signature, _Stated(form_keys(piece), length, piece.tempo)
    else:
        stored = model.extra.get("progression") or {}
        changes = [ChordSymbol(float(c["start"]), float(c["duration"]), str(c["symbol"]),
                               tuple(int(p) for p in c["pitches"]), tuple(c.get("names", ())))
                   for c in stored.get("chords", [])]
        if not changes:  # a melody-only source kept no chords (but its length): the fallback's own length
            changes = parse_progression("Dm7 G7 | Cmaj7 | Dm7 G7 | Cmaj7")
            return changes, max(c.end for c in changes), "4/4", _Stated()
        meter = _stored_meter(stored)  # older models kept 4/4 only
        length = float(stored.get("bars", 0)) * quarter_beats(meter) or max(c.end for c in changes)
        # a model saved before Piece.form keeps a pickup's chordless bar 0: the form starts at its first chord's bar
        empty = quarter_beats(meter) * int(min(c.start for c in changes) // quarter_beats(meter))
        if empty:
            return chords_from(changes, empty), length - empty, meter, _Stated()
        return changes, length, meter, _stored_facts(stored, length)
    length = max(c.end for c in changes)
    return changes, bars_of(length, 4) * 4, "4/4", _Stated()


def _stored_facts(stored: dict, length: float) -> _Stated:
    """The keys and tempo of the file a model was trained on, where the model kept them (models from before
    kept neither; a hand-damaged entry is left out, its key then heard in the chords)."""
    keys, tempo = stored.get("keys"), stored.get("tempo")
    usable = isinstance(tempo, (int, float)) and not isinstance(tempo, bool) and SLOWEST <= tempo <= FASTEST
    return _Stated(keys if readable_keys(keys) else [], length, float(tempo) if usable else 0.0)


def _stored_meter(stored: dict) -> str:
    """The meter of the progression a model keeps: its 'meter' (6/8), else its beats over 4; 4/4 for
    anything else (a model from before meters, or a damaged one)."""
    beats, meter = stored.get("beats_per_bar", 4), stored.get("meter") or ""
    if is_compound(meter, beats):
        return meter
    return f"{beats}/4" if isinstance(beats, int) and 1 <= beats <= MAX_BEATS else "4/4"


def _bar(sampler: _Sampler, changes, where: tuple[int, int, Fraction, Fraction], voice: _Voice, rng, span):
    """One bar of notes: tokens sampled until exactly its beats are used. ``where``: (bar, quarter notes in a
    bar, the beat that is accented: a quarter, or a dotted quarter in 6/8 and 12/8, where in the bar the
    notes start: 0, or a pickup's first beat, its bar's time before it left silent)."""
    bar, beats, pulse, first = where
    start, left = Fraction(bar * beats), Fraction(beats) - first
    notes: list[Note] = []
    used: list[str] = []
    shortest = min(t.duration for t in sampler.tokens if t.duration > 0)
    while left > 0:
        opening = bool(first) and left == beats - first
        if left < shortest and not opening:  # nothing fits: the last note rings to the bar line
            if notes:
                notes[-1].duration += float(left)
            break
        # a pickup opens on a note: one opening on a rest would be read, and written, as a shorter pickup; one
        # shorter than any of the model's notes is a note cut to its length (else it was lost, and bar 0 with it)
        index = _sample(sampler, voice, max(left, shortest), beats - left, sounding=opening)
        token = sampler.tokens[index]
        used.append(sampler.model.vocabulary[index])
        at, length = start + beats - left, min(token.duration, left)
        if token.kind != "R":
            chord = _chord_at(changes, float(at))
            pitch = choose_pitch(token, chord, voice.previous, span, rng)
            notes.append(Note(float(at), float(length), pitch, 96 if at % pulse == 0 else 84))
            voice.previous = pitch
        left -= length
    return notes, used


def _listen(sampler: _Sampler, voice: _Voice, kept: list[Note], changes) -> list[str]:
    """Feed a kept bar's notes to the LSTM as tokens, so the bars improvised after it follow on from it."""
    index = {v: i for i, v in enumerate(sampler.model.vocabulary)}
    heard, previous = [], None
    for n in sorted(kept, key=lambda n: n.start):
        name = midi_name(n.pitch)
        kind = chord_classes(_chord_at(changes, n.start))[n.pitch % 12]  # as choose_pitch hears it
        token = str(Token(kind, n.duration, interval_bounds(previous, name) if previous else None))
        previous, voice.previous = name, n.pitch
        if token in index:
            sampler.stepper.step(voice.last_input)
            voice.last_input = index[token]
            heard.append(token)
    return heard


def _grid(model):
    """Where in the beat (48ths of a quarter note) the model's training solo started notes."""
    import numpy as np

    grid = np.zeros(GRID, dtype=bool)
    grid[model.extra.get("subdivisions") or list(SIXTEENTHS_AND_TRIPLETS)] = True
    return grid


def _sample(sampler: _Sampler, voice: _Voice, left: Fraction, at: Fraction, sounding: bool = False) -> int:
    """A token that fits in the ``left`` of the bar and, where one can, ends where the training solo started
    notes (``at``: where in the bar this one starts); ``sounding``: a note, not a rest, where one fits."""
    import numpy as np

    logits = sampler.stepper.step(voice.last_input)
    fits = (sampler.steps > 0) & (sampler.steps <= int(left * GRID))
    if sounding:
        notes = fits & np.array([t.kind != "R" for t in sampler.tokens])
        fits = notes if notes.any() else fits
    on_grid = fits & sampler.grid[(int(at * GRID) + sampler.steps) % GRID]
    logits = np.where(on_grid if on_grid.any() else fits, logits, -np.inf)
    if sampler.temperature == 0:
        index = int(np.argmax(logits))
    else:
        weights = np.exp((logits - logits.max()) / sampler.temperature)
        cumulative = np.cumsum(weights)  # drawn by inverse CDF: no "probabilities sum above 1" failure
        index = int(np.searchsorted(cumulative, sampler.random.random() * cumulative[-1], side="right"))
        index = min(index, len(weights) - 1)
    voice.last_input = index
    return index


def _chord_at(changes: list[ChordSymbol], time: float) -> ChordSymbol | None:
    current = None
    for c in changes:
        if c.start <= time + 1e-9:
            current = c
        else:
            break
    return current or (changes[0] if changes else None)
