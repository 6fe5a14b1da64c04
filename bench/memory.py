"""Run one benchmark module in its own process: its rows, its peak memory and its wall time, or its error.

A process per module keeps one module's crash, hang or memory out of the others' figures, and the kernel's
own accounting (wait4's ru_maxrss) gives the peak resident memory of exactly that module's work.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARK = "BENCH-ROWS "
CHILD = ("import importlib, json, sys; rows = importlib.import_module(sys.argv[1]).run(); "
         f"print({MARK!r} + json.dumps([[str(a), str(b)] for a, b in rows]), flush=True)")


@dataclass
class Outcome:
    name: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0
    peak_mb: float = 0.0  # the module's process and the children it waited for, whichever peaked higher


def run_module(name: str, timeout: float, package: str = "bench") -> Outcome:
    """Run ``package.name``'s run() in a fresh interpreter."""
    began = time.perf_counter()
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env = dict(os.environ, PYTHONPATH=path, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    # A wrapper reports the module's own peak and its children's; the module's exit code stays the verdict.
    # Its own peak is VmHWM: ru_maxrss keeps the high-water mark of the process it was forked from.
    wrapper = (f"import resource\ntry:\n    exec({CHILD!r})\nfinally:\n"
               "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
               "    s = int(hwm[0].split()[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
               "    c = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
               "    print('BENCH-PEAK-KB', max(s, c), flush=True)\n")
    try:
        proc = subprocess.run([sys.executable, "-c", wrapper, f"{package}.{name}"], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Outcome(name, error=f"did not finish within {timeout:.0f} s", seconds=time.perf_counter() - began)
    out = Outcome(name, seconds=time.perf_counter() - began)
    for line in proc.stdout.splitlines():
        if line.startswith(MARK):
            out.rows = [tuple(r) for r in json.loads(line[len(MARK):])]
        elif line.startswith("BENCH-PEAK-KB "):
            out.peak_mb = int(line.split()[1]) / 1024
    if proc.returncode != 0 or not out.rows:
        out.error = _last_error(proc.stderr) or f"exit status {proc.returncode}, no rows"
    sys.stderr.write(proc.stderr[-4000:] if out.error else "")
    return out


def _last_error(stderr: str) -> str:
    """The exception line of the traceback (not a warning printed after it), else the last line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"[\w.]+(Error|Exception|Interrupt|Exit|Problem)\b", line)]
    return (errors or lines or [""])[-1][:300]
