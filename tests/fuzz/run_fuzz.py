"""The long fuzz run: `python tests/fuzz/run_fuzz.py --examples 10000 [--only NAME] [--report FILE.json]`.

Each importer is fuzzed in its own subprocess (a crash in native code or a hang the alarm cannot interrupt
is then reported, not fatal). Prints, per importer, how many inputs were tried, accepted and refused, and
every distinct finding: an exception other than Encore's own, a message not naming the file, or a hang.
Not collected by pytest (no test_ prefix); the small deterministic sample is tests/test_trust_fuzz.py.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE.parent), str(ROOT)]

from fuzz.importers import IMPORTERS, outcome  # noqa: E402
from fuzz.mutations import strategy_for  # noqa: E402


def fuzz_one(name: str, examples: int, seconds: float, seed: int, partial: str = "") -> dict:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hypothesis_seed

    importer = next(i for i in IMPORTERS if i.name == name)
    counts, findings = Counter(), {}

    @hypothesis_seed(seed)
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy_for(importer))
    def one(data):
        current[:] = [data, time.monotonic()]
        with tempfile.TemporaryDirectory() as folder:
            kind, detail = outcome(importer, Path(folder), data, seconds)
        current[:] = []
        counts[kind] += 1
        if kind == "finding":
            note(detail, data)
        if partial and sum(counts.values()) % 250 == 0:  # counts so far survive a run that is cut short
            Path(partial).write_text(json.dumps(result()))

    def note(detail: str, data: bytes) -> None:
        key = detail.splitlines()[0][:80] + " @ " + _last_frame(detail)
        findings.setdefault(key, {"count": 0, "detail": detail, "input": data[:65536].hex(), "size": len(data)})
        findings[key]["count"] += 1

    def watchdog() -> None:
        """The alarm cannot stop a hang in C code or one that swallows every exception: record it and quit."""
        while True:
            time.sleep(1)
            if current and time.monotonic() - current[1] > 3 * seconds + 10:
                counts["finding"] += 1
                note(f"no answer within {3 * seconds + 10:.0f} s, and the alarm could not interrupt it", current[0])
                if partial:
                    Path(partial).write_text(json.dumps(result()))
                print(json.dumps(result()), flush=True)
                os._exit(3)

    current: list = []
    threading.Thread(target=watchdog, daemon=True).start()

    def result() -> dict:
        return {"importer": name, "tried": sum(counts.values()), **counts,
                "seconds": round(time.perf_counter() - began), "findings": list(findings.values())}

    began = time.perf_counter()
    one()
    return result()


def _last_frame(detail: str) -> str:
    frames = [line.strip() for line in detail.splitlines() if line.strip().startswith("File ")]
    return frames[-1] if frames else ""


def run_all(args) -> list[dict]:
    results = []
    for importer in IMPORTERS:
        if args.only and not any(w.strip().lower() in importer.name.lower() for w in args.only.split(",")):
            continue
        if not importer.available():
            results.append({"importer": importer.name, "skipped": f"{importer.entry} not present"})
            continue
        results.append(run_importer(importer, args))
        print(summary(results[-1]), flush=True)
    return results


def run_importer(importer, args) -> dict:
    """Fuzz one importer in child processes; after an uninterruptible hang, go on with the next seed."""
    total: dict = {"importer": importer.name, "tried": 0, "findings": [], "seconds": 0}
    for restart in range(10):
        result = run_child(importer, args, args.examples - total["tried"], args.seed + restart)
        if "crashed" in result:
            return {**total, **result}
        for key in ("tried", "accepted", "refused", "finding", "seconds"):
            total[key] = total.get(key, 0) + result.get(key, 0)
        total["findings"] += result["findings"]
        if not result.get("stopped") or total["tried"] >= args.examples:
            break
        total["stopped"] = f"{restart + 1} uninterruptible hang(s); continued with the next seed each time"
    return total


def run_child(importer, args, examples: int, seed: int) -> dict:
    cmd = [sys.executable, __file__, "--child", importer.name, "--examples", str(examples),
           "--seconds", str(args.seconds), "--seed", str(seed), "--memory-gb", str(args.memory_gb)]
    if args.report:
        cmd += ["--partial", f"{args.report}.{''.join(c for c in importer.name if c.isalnum())}.{seed}.partial"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=examples * args.seconds + 600,
                              cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    except subprocess.TimeoutExpired:
        return {"importer": importer.name, "crashed": "the whole run timed out (a hang in native code?)"}
    line = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    if not line.startswith("{"):
        return {"importer": importer.name, "crashed": f"exit {proc.returncode}: {proc.stderr[-2000:]}"}
    return {**json.loads(line), **({"stopped": True} if proc.returncode == 3 else {})}


def summary(r: dict) -> str:
    if "skipped" in r or "crashed" in r:
        return f"{r['importer']}: {r.get('skipped') or 'CRASHED ' + r['crashed']}"
    head = (f"{r['importer']}: {r['tried']} inputs in {r['seconds']} s: {r.get('accepted', 0)} accepted, "
            f"{r.get('refused', 0)} refused with Encore's message, {r.get('finding', 0)} findings"
            + (f" ({r['stopped']})" if r.get("stopped") else ""))
    return "\n".join([head] + [f"  FINDING x{f['count']} ({f['size']} bytes, first bytes {f['input'][:80]}):\n    "
                               + f["detail"].replace("\n", "\n    ") for f in r["findings"]])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10000)
    parser.add_argument("--seconds", type=float, default=20.0, help="time bound for one input")
    parser.add_argument("--seed", type=int, default=20240101)
    parser.add_argument("--memory-gb", type=float, default=6.0, help="address-space limit of each fuzzing process")
    parser.add_argument("--only", help="importers whose name contains one of these (comma-separated)")
    parser.add_argument("--report", help="also write the results as JSON here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--partial", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        import resource

        # A runaway allocation becomes a MemoryError finding instead of taking the machine's memory.
        limit = int(args.memory_gb * 1024 ** 3)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        print(json.dumps(fuzz_one(args.child, args.examples, args.seconds, args.seed, args.partial or "")))
        return 0
    results = run_all(args)
    if args.report:
        Path(args.report).write_text(json.dumps(results, indent=2))
    return 1 if any(r.get("finding") or r.get("crashed") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
