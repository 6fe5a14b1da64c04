"""Small files for the jazz tests: MIDI made with mido (a band, drums only, no notes), iReal Pro exports."""

from __future__ import annotations

from pathlib import Path

TPB = 480
CHANGES = [(48, 52, 55, 59), (50, 53, 57, 60), (43, 47, 50, 53), (48, 52, 55, 59)]  # Cmaj7 Dm7 G7 Cmaj7
LINE = [72, 74, 76, 79, 81, 79, 76, 74]


def midi_track(name: str, channel: int, notes):
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
    song.tracks += [midi_track("Piano", 0, chords), midi_track("Lead", 1, melody), midi_track("Drums", 9, drums)]
    song.save(str(path))
    return path


def drums_only_midi(path: Path) -> Path:
    import mido

    song = mido.MidiFile(ticks_per_beat=TPB)
    song.tracks.append(midi_track("Drums", 9, [(i * 1.0, 0.25, 36) for i in range(16)]))
    song.save(str(path))
    return path


def empty_midi(path: Path) -> Path:
    import mido

    song = mido.MidiFile(ticks_per_beat=TPB)
    song.tracks.append(mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=500000)]))
    song.save(str(path))
    return path


# Two tunes written here in iReal Pro's chart grammar (not taken from any playlist), shuffled and linked as
# iReal Pro's Share > HTML export writes them. The blues has simile marks (Kcl, x); the waltz has a 3/4 meter,
# a repeat with two endings, slashes (p), a two-bar repeat (r), an invisible root (W), no chord (n), an
# alternative chord in parentheses, a small-chord mark (s) and D.C. al Fine.
BLUES = "[T44C7XyQ|F7XyQ|C7XyQKcl LZF7XyQ|x |C7XyQ|A7XyQ|D-7XyQ|G7XyQ|C7 A7LZD-7 G7 Z"
WALTZ = ("{*AT34C^7XyQ|A-7XyQ|N1D-7 G7 }|N2D-7,G7,C^7<Fine>][*BF^7XyQ|ppBb7|r|XyQ|E-7 W/D |nXyQ|"
         "sC6(A7)<D.C. al Fine>Z")
WALTZ_BARS = [["C^7"], ["A-7"], ["D-7", "G7"], ["C^7"], ["A-7"], ["D-7", "G7", "C^7"], ["F^7"], ["/", "/", "Bb7"],
              ["F^7"], ["/", "/", "Bb7"], ["E-7", "E-7/D"], ["N.C."], ["C6"],
              ["C^7"], ["A-7"], ["D-7", "G7", "C^7"]]  # D.C.: the repeat once, to its last ending


BROKEN_TUNE = "Broken=Nobody==Swing=C==no chart here=Jazz=0=3"  # an iReal Pro tune with no chart


def ireal_link(*songs: str, playlist: str = "") -> str:
    from urllib.parse import quote

    return "irealb://" + quote("===".join(songs + ((playlist,) if playlist else ())), safe="=")


def ireal_song(title: str, chart: str, composer="Encore Tests", style="Medium Swing", key="C", tempo=0) -> str:
    from engine.jazz.ireal import MUSIC, unshuffle

    return f"{title}={composer}=={style}={key}=={MUSIC}{unshuffle(chart)}=Jazz-Medium Swing={tempo}=3"


def ireal_export(path: Path) -> Path:
    songs = (ireal_song("Blues For Nobody, The", BLUES, tempo=160),
             ireal_song("Waltz Study", WALTZ, style="Waltz"))
    path.write_text(f'<html><body><h3><a href="{ireal_link(*songs, playlist="Encore Tests")}">Encore Tests</a>'
                    "</h3>Made with iReal Pro</body></html>", encoding="utf-8")
    return path
