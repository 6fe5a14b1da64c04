"""Jazz engine figures: course training time and loss, 32-bar generation time, generated-vs-training
metrics, and full-mode validation loss on the built-in corpus. `python -m bench.jazz` prints them."""

from __future__ import annotations

import math
import resource
import statistics
import time
from pathlib import Path

METHENY = Path(__file__).resolve().parents[2] / "shared" / "data" / "original_metheny.mid"
SOLOS = 10  # generated solos per comparison


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _course_rows() -> list[tuple[str, str]]:
    from engine.jazz.model import TrainSettings, train
    from engine.jazz.source import load_source

    if not METHENY.exists():
        return [("course preset", f"skipped: {METHENY} is absent")]
    source = load_source(METHENY, preset="course")
    runs = []
    for _ in range(3):
        cpu = _cpu()
        model = train([source], TrainSettings())
        runs.append((model.extra["seconds"], _cpu() - cpu, model))
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    model = runs[0][2]
    last = model.history[-1]
    rows = [("course: bars / tokens / vocabulary", f"{source.n_bars} / {len(source.tokens)} / {len(model.vocabulary)}"),
            ("course: 100 epochs training (median of 3)", f"{wall:.2f} s wall, {cpu:.2f} s CPU (target <= 2.5 s)"),
            ("course: final course loss (sum over the steps)", f"{last['course_loss']:.2f} (target <= 6.5; course 6.19)"),
            ("course: final loss per token / accuracy", f"{last['loss']:.3f} nats / {last['accuracy']:.1%}"),
            ("course: parameters", f"{model.parameters:,}")]
    return rows + _generation_rows(model) + _metric_rows("course", model, [source])


def _generation_rows(model) -> list[tuple[str, str]]:
    from engine.jazz.improvise import improvise

    improvise(model, 32, seed=0)  # warm the chord caches, as a second generation in the app would be
    times = []
    for seed in range(5):
        start, cpu = time.perf_counter(), _cpu()
        improvise(model, 32, "Dm7 G7 | Cmaj7 | Em7b5 A7 | Dm7", seed=seed)
        times.append((time.perf_counter() - start, _cpu() - cpu))
    wall, cpu = (statistics.median(t[i] for t in times) for i in (0, 1))
    return [("generate 32 bars (median of 5)", f"{wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU")]


def _metric_rows(name: str, model, sources) -> list[tuple[str, str]]:
    from engine.jazz.improvise import improvise
    from engine.jazz.metrics import compare

    solos = [improvise(model, source=sources[i % len(sources)], seed=i, temperature=1.0) for i in range(SOLOS)]
    r = compare(solos, [s.to_piece() for s in sources])
    rows = [(f"{name}: chord-tone rate generated / training",
             f"{r['chord_tone_rate']['generated']:.1%} / {r['chord_tone_rate']['training']:.1%} "
             f"(overlap {r['chord_tone_rate']['overlap']:.2f})"),
            (f"{name}: pitch-class histogram overlap", f"{r['pitch_classes_overlap']:.2f}"),
            (f"{name}: note-length histogram overlap", f"{r['note_lengths_overlap']:.2f}")]
    for feature in ("mean_interval", "pitch_range", "scale_consistency"):
        f = r[feature]
        rows.append((f"{name}: {feature.replace('_', ' ')} generated / training (overlap)",
                     f"{f['generated']:.2f} / {f['training']:.2f} ({f['overlap']:.2f})"))
    return rows


def _full_rows() -> list[tuple[str, str]]:
    from engine.jazz.model import TrainSettings, train
    from engine.jazz.source import default_corpus

    sources = default_corpus()
    cpu = _cpu()
    model = train(sources, TrainSettings(preset="full", epochs=30, seed=0))
    cpu = _cpu() - cpu
    best = min(model.history, key=lambda h: h["val_loss"])
    last = model.history[-1]
    rows = [("full: built-in corpus", f"{len(sources)} pieces, {sum(len(s.tokens) for s in sources)} tokens, "
             f"vocabulary {len(model.vocabulary)}"),
            ("full: 30 epochs training", f"{model.extra['seconds']:.1f} s wall, {cpu:.1f} s CPU"),
            ("full: final train / validation loss per token",
             f"{last['loss']:.3f} / {last['val_loss']:.3f} nats (perplexity {math.exp(last['val_loss']):.1f})"),
            ("full: best validation loss", f"{best['val_loss']:.3f} nats at epoch {best['epoch']}")]
    return rows + _metric_rows("full", model, sources)


def run() -> list[tuple[str, str]]:
    return _course_rows() + _full_rows()


if __name__ == "__main__":
    for label, figure in run():
        print(f"{label}: {figure}")
