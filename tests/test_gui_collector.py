"""The GUI thread's cycle collector keeps CPython's rule for full collections, not only its thresholds.

By the thresholds alone every tenth collection of generation 1 was a full one: with torch and music21 loaded, a
stall of 100-170 ms every 25 s or so while anything ran. CPython collects the oldest generation only once the
objects promoted into it since the last full collection are a quarter of those that collection left.
"""

from __future__ import annotations

import gc

import pytest


@pytest.fixture
def generations():
    seen: list[int] = []

    def record(phase, info):
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(record)
    yield seen
    gc.callbacks.remove(record)


def test_a_full_collection_waits_for_the_old_generation_to_grow_by_a_quarter(app, generations):
    collector = app.collector
    collector.collect_if_due()
    for _ in range(collector.threshold[2] + 2):
        gc.collect(1)  # by the thresholds alone, a full collection is now due
    generations.clear()
    for _ in range(3):
        _ = [[] for _ in range(1000)]  # young garbage: each call has a young generation to collect
        collector.collect_if_due()
    assert generations and 2 not in generations

    kept = [[] for _ in range(collector.long_lived // 3)]  # long-lived objects: a third more than it left
    for _ in range(collector.threshold[1] + 1):
        gc.collect(0)  # generation 1 due: its collection promotes them
    collector.collect_if_due()
    assert collector.pending >= len(kept)
    generations.clear()
    collector.collect_if_due()
    assert generations == [2]
    assert collector.pending == 0 and collector.long_lived >= len(kept)
