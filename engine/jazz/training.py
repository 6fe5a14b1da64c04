"""The training loop behind ``model.train``: windows, Adam, one report per epoch."""

from __future__ import annotations

import time
from pathlib import Path

from ..compute import small_model_threads
from ..errors import EncoreError
from ..words import counted
from . import dataset, subdivisions
from .key_signature import form_keys
from .model import JazzModel, TrainSettings, build_network


def fit(sources, settings: TrainSettings, job, started: float) -> JazzModel:
    from ..compute import seeded_training

    with seeded_training(settings.seed, job):
        return _fit(sources, settings, job, started)


def _fit(sources, settings: TrainSettings, job, started: float) -> JazzModel:
    from ..compute import device

    vocabulary = dataset.vocabulary_of(s.tokens for s in sources)
    train_set, val_set = _windows(sources, vocabulary, settings)
    dev = device()
    fitting = time.monotonic()
    with small_model_threads(settings.hidden if dev.type == "cpu" else 10**6):
        network = build_network(len(vocabulary), settings).to(dev)
        history, best = _loop(network, train_set, val_set, settings, job, dev)
    if best is not None:  # full mode keeps the weights of the epoch with the lowest validation loss
        network.load_state_dict(best[1])
    network.cpu().eval()
    extra = {"seconds": round(time.monotonic() - fitting, 3), "best_epoch": best[0] if best else len(history), "seconds_total": round(time.monotonic() - started, 3),
             "device": dev.type, **_playing_facts(sources)}
    return JazzModel(vocabulary, settings, network, [_describe(s) for s in sources], history, extra)


def _windows(sources, vocabulary, settings: TrainSettings):
    if settings.preset == "course":
        tokens = course_tokens(sources, settings.steps)
        return dataset.course_windows(tokens, vocabulary, tx=settings.steps), None
    parts = [_split(s, settings.validation) for s in sources]
    train_set = dataset.sliding_windows([p[0] for p in parts], vocabulary, settings.steps)
    val_lists = [p[1] for p in parts if p[1]]
    val_set = dataset.sliding_windows(val_lists, vocabulary, settings.steps, settings.steps) if val_lists else None
    if not len(train_set):
        raise EncoreError("nothing to train on after holding out the validation bars")
    return train_set, val_set


def course_tokens(sources, steps: int = dataset.COURSE_STEPS) -> list[str]:
    """The sources' tokens end to end, the course preset's windows are drawn from; refused where no window
    fits (`jazz inspect` asks this too, so that it says what `jazz train` would)."""
    tokens = [t for s in sources for t in s.tokens]
    if len(tokens) <= steps:
        raise EncoreError(f"the course preset needs more than {steps} tokens; "
                          f"{_what_was_read(sources)} gave {counted(len(tokens), 'token')}")
    return tokens


def _split(source, share: float) -> tuple[list[str], list[str]]:
    """The source's tokens to train on and to validate on (dataset.split_bars), long rests cut; a piece whose
    repeats were written out holds out its last bars as written, every time they are played."""
    kept = _kept_after_long_rests(source.bars)
    written = [source.written_bars[i] for i in kept] if source.written_bars else None
    return dataset.split_bars([source.bars[i].tokens for i in kept], share, written)


def _without_long_rests(bars: list) -> list:
    return [bars[i] for i in _kept_after_long_rests(bars)]


def _kept_after_long_rests(bars: list) -> list[int]:
    """Which bars stay when each run of silent bars is cut to one. A part tacet for bars on end (the Metheny
    guitar rests 17 bars at a time while others play) taught the full model that silence goes on: its solos fell
    silent for a dozen bars, or for good at temperature 0. One silent bar keeps the phrase apart."""
    kept, after_silence = [], False
    for i, bar in enumerate(bars):
        silent = all(e.pitch is None for e in bar.elements)
        if not (silent and after_silence):
            kept.append(i)
        after_silence = silent
    return kept


def _what_was_read(sources) -> str:
    """Which melody part and bars each source gave, so that a choice that read too little can be told apart."""
    return ", ".join(f"{Path(s.path).name} (part {s.melody_part}, bars {s.bar_range[0]}-{s.bar_range[1]})"
                     for s in sources)


def _loop(network, train_set, val_set, settings: TrainSettings, job, dev) -> list[dict]:
    import torch

    inputs, targets = train_set.inputs.to(dev), train_set.targets.to(dev)
    batch = settings.batch_size or (len(train_set) if settings.preset == "course" else 64)
    optimiser = torch.optim.Adam(network.parameters(), lr=settings.lr)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda n: 1.0 / (1.0 + settings.decay * n))
    order_rng = torch.Generator().manual_seed(settings.seed)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=dataset.IGNORE, reduction="sum")
    steps_per_example = (targets != dataset.IGNORE).sum().item() / len(train_set)
    history, best = [], None
    for epoch in range(1, settings.epochs + 1):
        network.train()
        total = correct = count = 0.0
        for rows in torch.randperm(len(train_set), generator=order_rng).split(batch):
            if job is not None:
                job.check()  # Cancel within a batch, not at the end of an epoch (seconds on a big corpus)
            x, y = inputs[rows.to(dev)], targets[rows.to(dev)]
            logits, _ = network(x)
            loss = loss_fn(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
            n = (y != dataset.IGNORE).sum()
            optimiser.zero_grad(set_to_none=True)
            (loss / n).backward()
            optimiser.step()
            schedule.step()
            total += loss.item()
            count += n.item()
            correct += ((logits.argmax(-1) == y) & (y != dataset.IGNORE)).sum().item()
        record = {"epoch": epoch, "loss": total / count, "accuracy": correct / count,
                  "val_loss": _evaluate(network, val_set, dev) if val_set is not None else None}
        if settings.preset == "course":
            record["course_loss"] = record["loss"] * steps_per_example
        history.append(record)
        if record["val_loss"] is not None and (best is None or record["val_loss"] < best[2]):
            best = (epoch, {k: v.detach().clone() for k, v in network.state_dict().items()}, record["val_loss"])
        if job is not None:
            job.report(epoch, settings.epochs, f"loss {record['loss']:.3f}", dict(record))
    return history, best


def _evaluate(network, windows, dev, chunk: int = 256) -> float | None:
    """Mean cross-entropy per token over the windows, in chunks (one-hot inputs grow with the vocabulary)."""
    import torch

    if windows is None or not len(windows):
        return None
    network.eval()
    total = count = 0.0
    with torch.no_grad():
        for start in range(0, len(windows), chunk):
            logits, _ = network(windows.inputs[start:start + chunk].to(dev))
            y = windows.targets[start:start + chunk].to(dev)
            total += torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1),
                                                       ignore_index=dataset.IGNORE, reduction="sum").item()
            count += (y != dataset.IGNORE).sum().item()
    return total / max(1.0, count)


def _describe(source) -> dict:
    return {"path": source.path, "title": source.title, "bars": list(source.bar_range),
            "melody_part": source.melody_part, "chord_parts": source.chord_parts,
            "tokens": len(source.tokens), "preset": source.preset}


def _playing_facts(sources) -> dict:
    """The melody's usual range, where in the beat its notes start, and the first source's chords, for
    improvising without more input."""
    pitches = sorted(e.pitch for s in sources for b in s.bars for e in b.elements if e.pitch is not None)
    low = pitches[len(pitches) // 20] if pitches else 55
    high = pitches[-1 - len(pitches) // 20] if pitches else 84
    piece = sources[0].to_piece()
    chords, length = piece.form()  # a pickup's bar 0 left out
    progression = [{"start": c.start, "duration": c.duration, "symbol": c.symbol, "pitches": list(c.pitches),
                    "names": list(c.names)} for c in chords]
    return {"range": [int(low), int(high)],
            "subdivisions": subdivisions.heard(b for s in sources for b in s.bars),
            "progression": {"bars": round(length / piece.beats_per_bar), "beats_per_bar": piece.beats_per_bar, "meter": piece.meter,
                            "chords": progression,
                            # a solo over these chords is signed and played as the file was (improvise)
                            "keys": form_keys(piece), "tempo": piece.tempo}}
