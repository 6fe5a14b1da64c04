"""Setlist model against the baselines on both protocols: the Phish file (when ../shared is there), the
demo band, and any other band's history named in ENCORE_BENCH_BANDS (files separated by the path separator:
bands the design was not tuned on). `python -m bench.setlists` prints the figures."""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

PHISH = Path(__file__).resolve().parents[2] / "shared" / "data" / "phish_setlists.csv"


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _rows(name: str, history, protocol: str) -> list[tuple[str, str]]:
    from engine.setlists.evaluate import evaluate

    cpu = _cpu_seconds()
    start = time.monotonic()
    r = evaluate(history, protocol, seed=0)
    wall, cpu = time.monotonic() - start, _cpu_seconds() - cpu
    b = r["baselines"]
    label = f"{name} {protocol}"
    return [(f"{label}: model top-1 / top-5", f"{r['model']['top1']:.1%} / {r['model']['top5']:.1%}"),
            (f"{label}: bigram top-1 / top-5", f"{b['bigram']['top1']:.1%} / {b['bigram']['top5']:.1%}"),
            (f"{label}: most-frequent top-1 / top-5", f"{b['frequency']['top1']:.1%} / {b['frequency']['top5']:.1%}"),
            (f"{label}: test", f"{r['test_plays']} targets, {r['test_shows']} shows"),
            (f"{label}: train + evaluate", f"{wall:.0f} s wall, {cpu:.0f} s CPU")]


def run() -> list[tuple[str, str]]:
    from engine.setlists.history import demo_history, load_history

    rows: list[tuple[str, str]] = []
    if PHISH.exists():
        phish = load_history(PHISH)
        for protocol in ("chronological", "random-windows"):
            rows += _rows("Phish", phish, protocol)
    else:
        rows.append(("Phish", f"skipped: {PHISH} is absent"))
    bands = [("demo band", demo_history())]
    bands += [(Path(p).stem, load_history(p)) for p in os.environ.get("ENCORE_BENCH_BANDS", "").split(os.pathsep) if p]
    for name, history in bands:
        for protocol in ("chronological", "random-windows"):
            rows += _rows(name, history, protocol)
    return rows


if __name__ == "__main__":
    for label, figure in run():
        print(f"{label}: {figure}")
