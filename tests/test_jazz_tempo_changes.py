"""A file whose tempo changes: Encore keeps one tempo (its first) and says so, where it tells how a file was read.

A MIDI file of 4 beats at 120 then 4 at 60 (6 s) was exported at 120 throughout (4 s), nothing said why.
"""

from __future__ import annotations

import json

import mido
from conftest import run_encore

from engine.jazz.export import write_midi
from engine.jazz.piece import Note, Piece
from engine.jazz.progression import parse_progression
from engine.jazz.source import FROM_MELODY, load_source

SCALE = [60, 62, 64, 65, 67, 65, 64, 62]  # two bars of quarter notes


def tempo_midi(path, tempos: list[tuple[int, float]], in_melody_track: bool = False):
    """A type 1 file: a conductor track, then two bars of quarter notes; ``tempos``: (beat, bpm), the first in
    the conductor track, the others there too, or in the melody's track where ``in_melody_track``."""
    song = mido.MidiFile(ticks_per_beat=480)
    conductor, melody = mido.MidiTrack(), mido.MidiTrack()
    song.tracks += [conductor, melody]
    conductor.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(tempos[0][1]), time=0))
    conductor.append(mido.MetaMessage("time_signature", numerator=4, denominator=4, time=0))
    later = {beat * 480: bpm for beat, bpm in tempos[1:]}
    now = 0
    if not in_melody_track:
        for tick, bpm in sorted(later.items()):
            conductor.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm), time=tick - now))
            now = tick
        later, now = {}, 0
    for beat, pitch in enumerate(SCALE):
        if beat * 480 in later:
            melody.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(later[beat * 480]), time=0))
        melody.append(mido.Message("note_on", note=pitch, velocity=90, time=0))
        melody.append(mido.Message("note_off", note=pitch, velocity=0, time=480))
    song.save(path)
    return path


def test_a_tempo_change_in_the_conductor_track_is_told(tmp_path):
    source = load_source(tempo_midi(tmp_path / "tempo.mid", [(0, 120), (4, 60)]))
    assert source.tempo == 120 and source.to_piece().tempo == 120
    assert source.notice == f"tempo changes from 120 to 60 bpm at bar 2: Encore keeps one tempo, 120 bpm; {FROM_MELODY}"


def test_a_tempo_change_in_another_track_of_a_type_1_file_is_told(tmp_path):
    source = load_source(tempo_midi(tmp_path / "tempo.mid", [(0, 120), (4, 60)], in_melody_track=True))
    assert source.notice == f"tempo changes from 120 to 60 bpm at bar 2: Encore keeps one tempo, 120 bpm; {FROM_MELODY}"


def test_several_changes_are_counted_and_a_restated_tempo_is_no_change(tmp_path):
    path = tempo_midi(tmp_path / "tempo.mid", [(0, 100), (2, 100), (5, 90), (6, 100), (7, 100)])
    assert load_source(path).notice == ("tempo changes from 100 to 90 bpm at bar 2 and 1 more time: "
                                        f"Encore keeps one tempo, 100 bpm; {FROM_MELODY}")
    assert load_source(tempo_midi(tmp_path / "steady.mid", [(0, 100), (4, 100)])).notice == FROM_MELODY


def test_encores_own_midi_has_one_tempo_and_no_notice(tmp_path):
    chords = parse_progression("Cmaj7 | G7")
    piece = Piece("Steady", [Note(i, 1, p) for i, p in enumerate(SCALE)], chords, 2, tempo=96)
    write_midi(piece, tmp_path / "solo.mid")
    source = load_source(tmp_path / "solo.mid")
    assert source.tempo == 96 and source.notice == ""


def score_with_tempo_change(path, pickup: bool):
    """Two parts (melody and bass) of four bars at 100 bpm, both marked 80 bpm from bar 3, as notation programs
    mark each part; with a one-beat pickup (bar 0) where ``pickup``."""
    from music21 import meter, note, stream, tempo

    score = stream.Score()
    for octave in (5, 3):
        part = stream.Part()
        if pickup:
            bar = stream.Measure(number=0)
            bar.append(meter.TimeSignature("4/4"))
            bar.insert(0, tempo.MetronomeMark(number=100))
            bar.append(note.Note(f"G{octave - 1}", quarterLength=1))
            bar.paddingLeft = 3
            part.append(bar)
        for number in range(1, 5):
            bar = stream.Measure(number=number)
            if number == 1 and not pickup:
                bar.append(meter.TimeSignature("4/4"))
                bar.insert(0, tempo.MetronomeMark(number=100))
            if number == 3:
                bar.insert(0, tempo.MetronomeMark(number=80))
            for name in "CDEF":
                bar.append(note.Note(f"{name}{octave}", quarterLength=1))
            part.append(bar)
        score.insert(0, part)
    score.write("musicxml", fp=str(path))
    return path


def test_a_scores_tempo_change_is_told_at_its_bar_after_a_pickup_too(tmp_path):
    told = "tempo changes from 100 to 80 bpm at bar 3: Encore keeps one tempo, 100 bpm"
    assert load_source(score_with_tempo_change(tmp_path / "whole.musicxml", pickup=False)).notice == told
    source = load_source(score_with_tempo_change(tmp_path / "pickup.musicxml", pickup=True))
    assert source.pickup == 1 and source.notice.endswith(f"as in the score; {told}")


def test_jazz_inspect_tells_the_tempo_change(tmp_path):
    path = tempo_midi(tmp_path / "tempo.mid", [(0, 120), (4, 60)], in_melody_track=True)
    result = run_encore("jazz", "inspect", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert "Encore keeps one tempo, 120 bpm" in json.loads(result.stdout)["notice"]


def test_jazz_export_tells_the_tempo_change_it_plays_as_one_tempo(tmp_path):
    """`jazz export` wrote the whole file at its first tempo without a word."""
    path = tempo_midi(tmp_path / "tempo.mid", [(0, 120), (4, 60)], in_melody_track=False)
    result = run_encore("jazz", "export", str(path), "--out", str(tmp_path / "out.mid"))
    assert result.returncode == 0, result.stderr
    assert "tempo changes from 120 to 60 bpm at bar 2: Encore keeps one tempo, 120 bpm" in result.stderr
