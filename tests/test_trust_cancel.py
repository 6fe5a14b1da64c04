"""Cancelling training leaves the previous model intact and Encore usable: train again, save, load, generate."""

from __future__ import annotations

import random

import pytest

from engine.jobs import Cancelled, Job


def solo_midi(path) -> None:
    """A 40-bar solo over a ii-V-I-VI comping track: enough tokens for the course preset."""
    import mido

    rng = random.Random(5)
    mid = mido.MidiFile(type=1, ticks_per_beat=480)
    melody = mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=500000)])
    for _ in range(160):
        key = 60 + rng.choice([0, 2, 3, 5, 7, 9, 10, 12])
        melody += [mido.Message("note_on", note=key, velocity=90),
                   mido.Message("note_off", note=key, time=rng.choice([120, 240, 240, 360, 480]))]
    comping = mido.MidiTrack([mido.Message("program_change", program=0, channel=1)])
    for bar in range(40):
        root = [50, 55, 48, 57][bar % 4]
        comping += [mido.Message("note_on", note=root + k, velocity=60, channel=1) for k in (0, 4, 7, 10)]
        comping += [mido.Message("note_off", note=root + k, channel=1, time=1920 if k == 0 else 0) for k in (0, 4, 7, 10)]
    mid.tracks += [melody, comping]
    mid.save(path)


def cancel_after(epochs: int) -> Job:
    job = Job()

    def progress(p):
        if isinstance(p.partial, dict) and p.partial.get("epoch", 0) >= epochs:
            job.cancel()

    job.on_progress = progress
    return job


def test_cancelled_jazz_training_keeps_the_previous_model(tmp_path):
    from engine.checkpoint import load
    from engine.jazz.model import JazzModel, TrainSettings, train
    from engine.jazz.source import load_source

    solo_midi(tmp_path / "solo.mid")
    sources = [load_source(tmp_path / "solo.mid", preset="course")]
    folder = tmp_path / "model"
    train(sources, TrainSettings(epochs=2, hidden=8), None).save(folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    job = cancel_after(1)
    with pytest.raises(Cancelled):
        train(sources, TrainSettings(epochs=500, hidden=16, seed=1), job)
    assert job.history and len(job.history) < 500, "training did not stop at the cancel"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".model")], "a half-saved model was left"

    again = train(sources, TrainSettings(epochs=1, hidden=8, seed=2), None)  # the engine is still usable
    again.save(folder)
    assert len(load(folder)[1]["history"]) == 1
    assert JazzModel.load(folder).vocabulary == again.vocabulary
