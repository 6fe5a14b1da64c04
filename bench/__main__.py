"""`python -m bench`: run every benchmark and print one table (also written to docs/BENCHMARKS.md)."""

from __future__ import annotations

import importlib
import platform
import sys
import time
from pathlib import Path

MODULES = ["startup", "jazz", "setlists", "audio", "gui_stall"]
ROOT = Path(__file__).resolve().parents[1]


def machine() -> str:
    import os

    return f"{platform.node() or 'machine'}: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main(argv: list[str]) -> int:
    wanted = argv or MODULES
    rows: list[tuple[str, str, str]] = []
    for name in wanted:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError:
            continue
        start = time.perf_counter()
        print(f"running bench.{name} …", file=sys.stderr, flush=True)
        for label, figure in module.run():
            rows.append((name, label, figure))
        print(f"  done in {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    table = ["| area | measure | figure |", "| --- | --- | --- |"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]
    text = "\n".join(table)
    print(text)
    if not argv:
        from engine.files import write_text

        write_text(ROOT / "docs" / "BENCHMARKS.md", f"# Benchmarks\n\nMeasured on {machine()}, "
                   f"{time.strftime('%Y-%m-%d')}, with `python -m bench`.\n\n{text}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
