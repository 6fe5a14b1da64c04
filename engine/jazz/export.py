"""Writing a Piece: a three-track MIDI file (melody, comping chords, bass from the roots); MusicXML is musicxml.py.

The conductor track holds the chord symbols as written, as markers (N.C. too), tagged as Encore's: read back,
the chords are the chart's, not what the comping's notes sound like (Gb7 came back F#7, N.C. the chord before).

MIDI bytes come from mido and depend only on the Piece and the options, so the same solo always gives
the same bytes. Programs are General MIDI numbers from 0 (27 = jazz guitar, 1 = piano, 33 = bass).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import files
from ..errors import EncoreError
from .key_signature import key_of, stated_keys
from .musicxml import write_musicxml
from .piece import FASTEST, SLOWEST, Piece
from .progression import music21_figure
from .reading import CHORD_MARKS, MELODY_TRACK

TICKS = 480  # per quarter note


@dataclass
class Band:
    melody_program: int = 26  # Electric Guitar (jazz)
    comp_program: int = 0  # Acoustic Grand Piano
    bass_program: int = 32  # Acoustic Bass
    comping: bool = True
    bass: bool = True


def check_tempo(bpm: float) -> float:
    if not SLOWEST <= bpm <= FASTEST:
        raise EncoreError(f"tempo {bpm:g} bpm is outside {SLOWEST}-{FASTEST}")
    return bpm


def midi_bytes(piece: Piece, band: Band | None = None, tempo: float | None = None) -> bytes:
    out = io.BytesIO()
    midi_file(piece, band, tempo).save(file=out)
    return out.getvalue()


def midi_file(piece: Piece, band: Band | None = None, tempo: float | None = None):
    """The piece as a `mido.MidiFile`: playback reads it as it is (as bytes, written and parsed again, a
    2,000-bar solo took twice as long)."""
    import mido

    band = band or Band()
    bpm = check_tempo(tempo or piece.tempo or 130.0)
    song = mido.MidiFile(ticks_per_beat=TICKS)
    song.tracks.append(_conductor(piece, bpm))
    song.tracks.append(_track(MELODY_TRACK, 0, band.melody_program,
                              [(n.start, n.duration, n.pitch, n.velocity) for n in piece.notes]))
    if band.comping:
        song.tracks.append(_track("Comping", 1, band.comp_program, _comping(piece)))
    if band.bass:
        song.tracks.append(_track("Bass", 2, band.bass_program, _bass(piece)))
    return song


def write_midi(piece: Piece, path, band: Band | None = None, tempo: float | None = None) -> None:
    files.write_bytes(path, midi_bytes(piece, band, tempo))


def _conductor(piece: Piece, bpm: float):
    import mido

    track = mido.MidiTrack()
    track.append(mido.MetaMessage("track_name", name=_midi_text(piece.title[:60]), time=0))
    track.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm), time=0))
    top, bottom = piece.time_signature.split("/")
    track.append(mido.MetaMessage("time_signature", numerator=int(top), denominator=int(bottom),
                                  clocks_per_click=36 if piece.compound else 24, time=0))  # a click a beat
    key = key_of(piece)
    if key is not None:  # the lead sheet's: notation programs opened an F blues in C
        track.append(mido.MetaMessage("key_signature", key=midi_key(key.sharps, key.mode == "minor"), time=0))
    now = 0
    if piece.chords:
        track.append(mido.MetaMessage("text", text=CHORD_MARKS, time=0))
    timed = [(_tick(c.start), "marker", {"text": _written(c.symbol)})
             for c in sorted(piece.chords, key=lambda c: c.start)]
    timed += [(_tick(at), "key_signature", {"key": midi_key(sharps, mode == "minor")})
              for at, sharps, mode in _key_changes(piece, key)]
    for tick, kind, fields in sorted(timed, key=lambda t: t[0]):  # stable: at one tick, the chord first
        track.append(mido.MetaMessage(kind, **fields, time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=max(0, _tick(piece.length) - now)))
    return track


def _key_changes(piece: Piece, home) -> list[tuple[float, int, str | None]]:
    """The key changes the piece's file stated, each where the signature changes."""
    changes = []
    for at, sharps, mode in stated_keys(piece)[1:]:
        before = changes[-1][1] if changes else home.sharps if home is not None else 0
        if sharps != before:
            changes.append((at, sharps, mode))
    return changes


MAJOR_KEYS = "Cb Gb Db Ab Eb Bb F C G D A E B F# C#".split()  # by sharps, -7 to 7
MINOR_KEYS = "Ab Eb Bb F C G D A E B F# C# G# D# A#".split()


def midi_key(sharps: int, minor: bool) -> str:
    """mido's name of the key signature with so many sharps (flats below 0)."""
    return MINOR_KEYS[sharps + 7] + "m" if minor else MAJOR_KEYS[sharps + 7]


def _track(name: str, channel: int, program: int, notes):
    import mido

    events = []
    for on, off, pitch, velocity in _one_key_per_pitch(notes):
        if off > on and 0 <= pitch <= 127:
            events.append((on, 1, pitch, max(1, min(127, velocity))))
            events.append((off, 0, pitch, 0))
    events.sort()  # note-offs (0) before note-ons (1) at the same tick: repeated notes re-strike
    # full channel volume, stated: the level Encore has always played its solos at (a General MIDI device, and
    # Encore's synth since it follows GM, starts a channel at 100, 6 dB quieter)
    track = mido.MidiTrack([mido.MetaMessage("track_name", name=name, time=0),
                            mido.Message("program_change", channel=channel, program=program, time=0),
                            mido.Message("control_change", channel=channel, control=7, value=127, time=0)])
    now = 0
    for tick, kind, pitch, velocity in events:
        message = "note_on" if kind else "note_off"
        track.append(mido.Message(message, channel=channel, note=pitch, velocity=velocity, time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=0))
    return track


def _one_key_per_pitch(notes) -> list[tuple[int, int, int, int]]:
    """(on, off, pitch, velocity) in ticks, same-pitch notes that overlap in the roll re-striking the key: MIDI
    has one key per pitch, and a synth stops it at the first note-off (a long note under a short one of its
    pitch sounded only as long as the short one). The earlier ends where the later starts; the later holds to
    whichever ends last."""
    timed = sorted(([_tick(s), _tick(s + d), p, v] for s, d, p, v in notes), key=lambda n: (n[2], n[0]))
    for a, b in zip(timed, timed[1:], strict=False):
        if a[2] == b[2] and a[1] > b[0]:
            a[1], b[1] = b[0], max(a[1], b[1])
    return [tuple(n) for n in timed]


def _tick(quarters: float) -> int:
    return int(round(quarters * TICKS))


def _comping(piece: Piece):
    """Each chord struck on its first beat and again on each pulse of the bar while it lasts; in 3/4 on each
    beat but the first, the waltz's "pah-pah" after the bass's "oom", unless the chord has only the first beat
    of its bar (three chords to a bar): then it was never heard, and read back from the file it was lost."""
    beats, out = piece.beats_per_bar, []
    waltz = piece.time_signature == "3/4"
    starts = range(beats) if waltz else _pulse_starts(piece)
    for chord in piece.chords:
        pulses = _pulses(chord, beats, starts)
        bars = [int((t + 1e-9) // beats) for t, _ in pulses]
        for (t, length), bar in zip(pulses, bars, strict=True):
            if not (waltz and t % beats < 1e-9 and bars.count(bar) > 1):
                out += [(t, length * 0.9, p, 64) for p in chord.pitches]
    return out


def _bass(piece: Piece):
    """The bass note (a slash chord's, else the root) on each pulse of a chord, the chord's own fifth on every
    other one when the chord holds a whole bar (a perfect fifth clashed with m7b5, dim7 and #5 chords)."""
    out, starts = [], _pulse_starts(piece)
    for chord in piece.chords:
        if not chord.pitches:
            continue
        root = 36 + chord.pitches[0] % 12
        fifth = _fifth_class(chord.symbol)
        if fifth not in {p % 12 for p in chord.pitches}:  # C7alt is voiced without the G under its A-flat
            fifth = None
        other = root if fifth is None else root + (fifth - root) % 12
        whole_bar = chord.duration >= piece.beats_per_bar
        for i, (t, length) in enumerate(_pulses(chord, piece.beats_per_bar, starts)):
            out.append((t, length * 0.95, other if i % 2 and whole_bar else root, 80))
    return out


@lru_cache(maxsize=1024)
def _fifth_class(symbol: str) -> int | None:
    """The pitch class of the chord's fifth (b5, #5 as written), None where it has none or music21 cannot say."""
    from music21 import harmony

    figure = music21_figure(symbol)
    try:
        fifth = harmony.ChordSymbol(figure).fifth if figure else None
    except Exception:  # noqa: BLE001 - a symbol music21 cannot read: the bass keeps to its note
        return None
    return fifth.pitchClass if fifth is not None else None


def _pulse_starts(piece: Piece) -> list[float]:
    """Where the band's pulses fall in a bar (in quarter notes): on the dotted quarters of 6/8 and 12/8; in
    half bars in 4/4, the whole bar in 3/4, and a group of three then twos in an odd meter (5/4: 3 + 2)."""
    beats = piece.beats_per_bar
    if piece.compound:
        return [i * 1.5 for i in range(beats * 2 // 3)]
    return [0, *range(3, beats, 2)] if beats % 2 else list(range(0, beats, 2))


def _pulses(chord, beats: int, starts) -> list[tuple[float, float]]:
    """(start, length) of the pulses a chord sounds in: from its start, then from each of ``starts`` (quarter
    notes into the bar) while it lasts."""
    out, t = [], chord.start
    while t < chord.end - 1e-9:
        beat = t % beats
        following = next((s for s in starts if s > beat + 1e-9), beats)
        length = min(following - beat, chord.end - t)
        out.append((t, length))
        t += length
    return out


def write_piece(piece: Piece, path, band: Band | None = None, job=None, soundfont=None) -> str:
    """Write ``piece`` as MIDI, MusicXML or WAV (rendered with ``soundfont``, by default the General MIDI
    SoundFont), by the suffix. Returns why a WAV will not sound as the piece means it to, in `render`'s words
    (silent, or a mix limited to fit 16 bits), or "" (the export wrote such a WAV without a word)."""
    suffix = Path(path).suffix.lower()
    if suffix in (".mid", ".midi"):
        write_midi(piece, path, band)
    elif suffix in (".xml", ".musicxml", ".mxl"):
        write_musicxml(piece, path, job)
    elif suffix == ".wav":
        from ..audio.export import export_wav, level_warning
        from ..audio.performance import performance_of

        music = performance_of(midi_bytes(piece, band), str(path))  # a silent piece: names the WAV
        return level_warning(export_wav(music, path, soundfont, job=job))
    else:
        raise EncoreError(f"cannot export to '{suffix or 'no suffix'}': use .mid, .musicxml or .wav", path)
    return ""


def _midi_text(text: str) -> str:
    """A MIDI file's text as mido writes it, in Latin-1: typographic quotes and dashes become plain ones, and a
    title Latin-1 cannot hold ('夜') goes in UTF-8 (it was written '?'), which Encore's reader tries first."""
    return _written(text.translate(str.maketrans("‘’“”–—", "''\"\"--")))


def _written(text: str) -> str:
    """Text as it is, for mido to write in Latin-1: where Latin-1 cannot hold it (CΔ7), its UTF-8 bytes."""
    try:
        return text.encode("latin-1").decode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("latin-1")  # a lone surrogate ('\udcff') becomes '?'
