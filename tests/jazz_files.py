"""Small MIDI files made with mido for the jazz tests: a band, drums only, no notes."""

from __future__ import annotations

from pathlib import Path

TPB = 480
CHANGES = [(48, 52, 55, 59), (50, 53, 57, 60), (43, 47, 50, 53), (48, 52, 55, 59)]  # Cmaj7 Dm7 G7 Cmaj7
LINE = [72, 74, 76, 79, 81, 79, 76, 74]


def _track(name: str, channel: int, notes):
    import mido

    events = []
    for start, length, pitch in notes:
        events += [(int(start * TPB), 1, pitch), (int((start + length) * TPB), 0, pitch)]
    track = mido.MidiTrack([mido.MetaMessage("track_name", name=name)])
    now = 0
    for tick, on, pitch in sorted(events, key=lambda e: (e[0], e[1])):
        kind = "note_on" if on else "note_off"
        track.append(mido.Message(kind, channel=channel, note=pitch, velocity=80 if on else 0, time=tick - now))
        now = tick
    return track


def band_midi(path: Path, bars: int = 8) -> Path:
    """Piano chords (part 0), a high single-line melody with a rest (part 1), drums (part 2)."""
    import mido

    song = mido.MidiFile(ticks_per_beat=TPB)
    song.tracks.append(mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=500000)]))
    chords = [(b * 4.0, 4.0, p) for b in range(bars) for p in CHANGES[b % 4]]
    melody = [(b * 4.0 + i * 0.5, 0.5, LINE[(i + b) % 8] - (b % 3)) for b in range(bars) for i in range(8)
              if not (b == 1 and i >= 6)]
    drums = [(b * 4.0 + i, 0.25, 36 + (i % 2) * 2) for b in range(bars) for i in range(4)]
    song.tracks += [_track("Piano", 0, chords), _track("Lead", 1, melody), _track("Drums", 9, drums)]
    song.save(str(path))
    return path


def drums_only_midi(path: Path) -> Path:
    import mido

    song = mido.MidiFile(ticks_per_beat=TPB)
    song.tracks.append(_track("Drums", 9, [(i * 1.0, 0.25, 36) for i in range(16)]))
    song.save(str(path))
    return path


def empty_midi(path: Path) -> Path:
    import mido

    song = mido.MidiFile(ticks_per_beat=TPB)
    song.tracks.append(mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=500000)]))
    song.save(str(path))
    return path
