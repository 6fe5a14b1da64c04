"""`python -m bench [NAME ...] [--timeout S] [--no-write]`: run every benchmark and print one table.

Every module `bench/<name>.py` with `run() -> [(label, figure)]` is run in its own process (bench/memory.py),
so a failing module shows its error in the table instead of ending the run, and each gets its peak memory.
With no names, the table is also written to docs/BENCHMARKS.md with the machine it ran on.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from .memory import Outcome, run_module

ROOT = Path(__file__).resolve().parents[1]
ORDER = ["startup", "jazz", "setlists", "audio", "gui_stall"]  # the rest follow alphabetically
NOT_BENCHMARKS = {"__init__", "__main__", "memory"}


def modules() -> list[str]:
    found = {p.stem for p in (ROOT / "bench").glob("*.py")} - NOT_BENCHMARKS
    return [m for m in ORDER if m in found] + sorted(found - set(ORDER))


def machine() -> str:
    cpu = _first("/proc/cpuinfo", "model name") or platform.processor() or platform.machine()
    kb = _first("/proc/meminfo", "MemTotal")
    memory = f", {int(kb.split()[0]) / 1024 ** 2:.0f} GiB RAM" if kb else ""
    return (f"{cpu}, {os.cpu_count()} cores{memory}, {_gpu()}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def _first(path: str, key: str) -> str:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return ""
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(key)), "")


def _gpu() -> str:
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"], capture_output=True,
                             text=True, timeout=20)
        return out.stdout.strip().splitlines()[0] if out.returncode == 0 and out.stdout.strip() else "no GPU"
    except (OSError, subprocess.TimeoutExpired, IndexError):
        return "no GPU"


def _commit() -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return out.stdout.strip() or "unknown"


def rows_of(outcome: Outcome) -> list[tuple[str, str, str]]:
    area = outcome.name.replace("_", " ")
    if outcome.error:
        return [(area, "**failed**", outcome.error.replace("|", "/"))]
    return [(area, label, figure) for label, figure in outcome.rows]


def memory_rows(outcomes: list[Outcome]) -> list[tuple[str, str, str]]:
    ran = [o for o in outcomes if o.peak_mb]
    rows = [("memory", f"peak resident memory: {o.name.replace('_', ' ')}", f"{o.peak_mb:.0f} MB") for o in ran]
    if ran:
        top = max(ran, key=lambda o: o.peak_mb)
        rows.append(("memory", "peak resident memory, any benchmark", f"{top.peak_mb:.0f} MB ({top.name})"))
    return rows + [("time", "whole benchmark run", f"{sum(o.seconds for o in outcomes) / 60:.1f} min")]


def table(rows: list[tuple[str, str, str]]) -> str:
    lines = ["| area | measure | figure |", "| --- | --- | --- |"]
    return "\n".join(lines + [f"| {a} | {b} | {c} |" for a, b, c in rows])


def document(text: str, load: str) -> str:
    return (f"# Benchmarks\n\nMeasured with `python -m bench` (or `make bench`) on {time.strftime('%Y-%m-%d')}, "
            f"commit {_commit()}.\n\nMachine: {machine()}; load average when the run began: {load}.\n\n"
            f"Each benchmark runs in its own process; "
            f"peak memory is that process's maximum resident set size (including processes it launched).\n\n"
            f"{text}\n")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default: all of {', '.join(modules())})")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed per benchmark")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/BENCHMARKS.md")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in modules()]
    if unknown:
        parser.error(f"no benchmark {', '.join(unknown)} (there are: {', '.join(modules())})")
    outcomes, load = [], " ".join(f"{x:.1f}" for x in os.getloadavg())  # other work on the machine skews figures
    for name in args.names or modules():
        print(f"running bench.{name} …", file=sys.stderr, flush=True)
        outcomes.append(run_module(name, args.timeout))
        print(f"  {'FAILED: ' + outcomes[-1].error if outcomes[-1].error else 'done'} in "
              f"{outcomes[-1].seconds:.0f} s", file=sys.stderr, flush=True)
    text = table([row for o in outcomes for row in rows_of(o)] + memory_rows(outcomes))
    print(text)
    if not args.names and not args.no_write:
        from engine.files import write_text

        (ROOT / "docs").mkdir(exist_ok=True)
        write_text(ROOT / "docs" / "BENCHMARKS.md", document(text, load))
    return 1 if any(o.error for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
