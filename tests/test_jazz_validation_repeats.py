"""Full training holds out the last bars of a piece as written, every time they are played: with repeats played
out, the held-out tail was often a repeat of a section in the training part (AABB: the second B held out, the
first B trained on), and the validation loss that chooses the epoch fell from 4.89 to 1.49 nats a token."""

from __future__ import annotations

import torch

from engine.jazz import dataset
from engine.jazz.model import TrainSettings
from engine.jazz.source import load_source
from engine.jazz.training import _split, _windows

HEADER = "X:1\nT:Sections\nM:4/4\nL:1/4\nK:C\n"
# four bars of four rhythms, so that each bar's tokens are its own
A1, A2, B1, B2 = "C4", "C2 D2", "E F G A", "B/2 c/2 d/2 e/2 f2"


def abc(tmp_path, music: str, name: str = "tune.abc"):
    path = tmp_path / name
    path.write_text(HEADER + music + "\n", encoding="utf-8")
    return load_source(path)


def bar_tokens(source, numbers) -> list[str]:
    return [t for n in numbers for t in source.bars[n - 1].tokens]


def test_the_held_out_section_is_held_out_each_time_it_is_played(tmp_path):
    source = abc(tmp_path, f"|: {A1} | {A2} :| |: {B1} | {B2} :|")
    assert source.n_bars == 8 and source.written_bars == [(0,), (1,), (0,), (1,), (2,), (3,), (2,), (3,)]
    train, validation = _split(source, 0.5)  # the last half as written: the B section
    assert validation == bar_tokens(source, [5, 6, 7, 8])
    assert train == bar_tokens(source, [1, 2, 3, 4])
    train, validation = _split(source, 0.25)  # the last bar as written, both times
    assert validation == bar_tokens(source, [6, 8])
    assert train == bar_tokens(source, [1, 2, 3, 4, 5, 7])


def test_full_training_validates_on_the_held_out_section_only(tmp_path):
    source = abc(tmp_path, f"|: {A1} | {A2} :| |: {B1} | {B2} :|")
    vocabulary = dataset.vocabulary_of([source.tokens])
    settings = TrainSettings(preset="full", validation=0.25, steps=8)
    train_set, val_set = _windows([source], vocabulary, settings)
    expected_val = dataset.sliding_windows([bar_tokens(source, [6, 8])], vocabulary, 8, 8)
    expected_train = dataset.sliding_windows([bar_tokens(source, [1, 2, 3, 4, 5, 7])], vocabulary, 8)
    assert torch.equal(val_set.targets, expected_val.targets)
    assert torch.equal(train_set.targets, expected_train.targets)


def test_a_bar_straddling_a_held_out_written_bar_is_held_out(tmp_path):
    """A pickup played again puts Encore's bars across the score's: a bar holding any of a held-out bar is not
    trained on."""
    source = abc(tmp_path, f"G | {A1} | {A2} :| {B1} | {B2} |]")
    assert [b.number for b in source.bars] == [0, 1, 2, 3, 4, 5, 6, 7]
    assert source.written_bars == [(0,), (1,), (2,), (0, 1), (1, 2), (2, 3), (3, 4), (4,)]
    train, validation = _split(source, 0.6)  # written bars 2-4 (A2 and the B section), wherever they sound
    assert validation == bar_tokens(source, [3, 5, 6, 7, 8])  # the 5th: the pickup's end, then A2 again
    assert train == bar_tokens(source, [1, 2, 4])


def test_a_tune_without_repeats_splits_as_before(tmp_path):
    source = abc(tmp_path, f"{A1} | {A2} | {B1} | {B2} | {A1} | {B1} |]")
    assert source.written_bars == []
    assert _split(source, 0.5) == dataset.split_bars([b.tokens for b in source.bars], 0.5)
    assert _split(source, 0.5)[1] == bar_tokens(source, [4, 5, 6])
