"""Per-epoch reports of a training job, turned into the points of a loss curve (both workspaces plot them)."""

from __future__ import annotations


def curve_points(epochs: list[dict], key: str) -> tuple[list, list[float]]:
    """(epoch numbers, values) of one loss, skipping epochs that did not report it (no validation split)."""
    xs, ys = [], []
    for i, report in enumerate(epochs):
        if report.get(key) is not None:
            xs.append(report.get("epoch", i + 1))
            ys.append(float(report[key]))
    return xs, ys
