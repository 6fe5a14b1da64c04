"""Measuring generated solos against the pieces a model learned from (no single number: several).

Per piece: chord-tone rate (notes whose pitch class is in the sounding chord), pitch-class and note-length
histograms, pitch range, mean absolute interval, scale consistency (best in-scale share over the 24 major
and minor keys). Sets are compared as Yang & Lerch (2020) do: the overlap area of the two sets'
distributions of each feature (1.0 = indistinguishable); histograms by their shared area.
"""

from __future__ import annotations

import math

from .piece import Piece

LENGTH_BINS = (0.26, 0.34, 0.51, 0.76, 1.01, 2.01)  # 16th, triplet 8th, 8th, dotted 8th, quarter, half, longer
MAJOR, MINOR = (0, 2, 4, 5, 7, 9, 11), (0, 2, 3, 5, 7, 8, 10)
SCALARS = ("chord_tone_rate", "pitch_range", "mean_interval", "scale_consistency", "notes_per_bar")


def features(piece: Piece) -> dict:
    notes = sorted(piece.notes, key=lambda n: n.start)
    pitches = [n.pitch for n in notes]
    return {
        "chord_tone_rate": _chord_tone_rate(piece, notes),
        "pitch_classes": _normalised([sum(1 for p in pitches if p % 12 == pc) for pc in range(12)]),
        "note_lengths": _normalised(_length_counts(notes)),
        "pitch_range": (max(pitches) - min(pitches)) if pitches else 0,
        "mean_interval": (sum(abs(a - b) for a, b in zip(pitches, pitches[1:], strict=False)) / (len(pitches) - 1)
                          if len(pitches) > 1 else 0.0),
        "scale_consistency": _scale_consistency(pitches),
        "notes_per_bar": len(notes) / piece.bars if piece.bars else 0.0,
    }


def _chord_tone_rate(piece: Piece, notes) -> float:
    judged = hits = 0
    for n in notes:
        chord = piece.chord_at(n.start)
        if chord is None or not chord.pitches:
            continue
        judged += 1
        hits += (n.pitch % 12) in {p % 12 for p in chord.pitches}
    return hits / judged if judged else 0.0


def _length_counts(notes) -> list[int]:
    counts = [0] * (len(LENGTH_BINS) + 1)
    for n in notes:
        counts[next((i for i, edge in enumerate(LENGTH_BINS) if n.duration < edge), len(LENGTH_BINS))] += 1
    return counts


def _scale_consistency(pitches) -> float:
    if not pitches:
        return 0.0
    best = 0
    for tonic in range(12):
        for steps in (MAJOR, MINOR):
            scale = {(tonic + s) % 12 for s in steps}
            best = max(best, sum(1 for p in pitches if p % 12 in scale))
    return best / len(pitches)


def _normalised(counts) -> list[float]:
    total = sum(counts)
    return [c / total for c in counts] if total else [0.0] * len(counts)


def histogram_overlap(a: list[float], b: list[float]) -> float:
    return sum(min(x, y) for x, y in zip(a, b, strict=True))


def distribution_overlap(a: list[float], b: list[float]) -> float:
    """Overlap area of two Gaussian kernel density estimates (Silverman's bandwidth, with a floor)."""
    values = a + b
    spread = (max(values) - min(values)) or 1.0
    grid = [min(values) - spread + i * 3 * spread / 400 for i in range(401)]
    da, db = _kde(a, grid, spread), _kde(b, grid, spread)
    step = grid[1] - grid[0]
    return min(1.0, sum(min(x, y) for x, y in zip(da, db, strict=True)) * step)


def _kde(values: list[float], grid: list[float], spread: float) -> list[float]:
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / n)
    width = max(1.06 * sd * n ** -0.2, 0.05 * spread)
    norm = 1 / (n * width * math.sqrt(2 * math.pi))
    return [norm * sum(math.exp(-0.5 * ((g - v) / width) ** 2) for v in values) for g in grid]


def phrases(piece: Piece, bars: int = 4) -> list[Piece]:
    """The piece cut into phrases of ``bars`` bars (the units whose features make a distribution)."""
    out = []
    for first in range(0, max(1, piece.bars), bars):
        lo, hi = first * piece.beats_per_bar, (first + bars) * piece.beats_per_bar
        notes = [n for n in piece.notes if lo <= n.start < hi]
        if notes:
            out.append(Piece(piece.title, notes, piece.chords, min(bars, piece.bars - first) or bars))
    return out


def compare(generated: list[Piece], training: list[Piece], phrase_bars: int = 4) -> dict:
    """Per-feature means for both sets, and how much the generated set overlaps the training set,
    feature by feature over 4-bar phrases (one training solo still gives a distribution)."""
    gen = [features(p) for piece in generated for p in phrases(piece, phrase_bars)]
    ref = [features(p) for piece in training for p in phrases(piece, phrase_bars)]
    if not gen or not ref:
        return {"phrases": {"generated": len(gen), "training": len(ref)}}
    report = {"phrases": {"generated": len(gen), "training": len(ref)}}
    for name in SCALARS:
        g, r = [f[name] for f in gen], [f[name] for f in ref]
        report[name] = {"generated": sum(g) / len(g), "training": sum(r) / len(r),
                        "overlap": distribution_overlap(g, r)}
    for name in ("pitch_classes", "note_lengths"):
        report[name + "_overlap"] = histogram_overlap(_mean_histogram(gen, name), _mean_histogram(ref, name))
    return report


def _mean_histogram(feature_list, name) -> list[float]:
    size = len(feature_list[0][name])
    return _normalised([sum(f[name][i] for f in feature_list) for i in range(size)])
