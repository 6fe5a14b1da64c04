"""`python -m bench` survives a failing benchmark: its error becomes a table row, the others still run."""

from __future__ import annotations

import os
import textwrap

from bench.__main__ import memory_rows, modules, rows_of, table
from bench.memory import run_module

FAKES = {
    "good": "def run():\n    return [('answer', '42 ms')]\n",
    "broken": "def run():\n    raise ValueError('the corpus is missing')\n",
    "hungry": "def run():\n    block = bytearray(300 * 1024 * 1024)\n    block[::4096] = b'x' * len(block[::4096])\n"
              "    return [('allocated', f'{len(block) >> 20} MB')]\n",
    "slow": "import time\ndef run():\n    time.sleep(60)\n",
}


def make_package(tmp_path, monkeypatch):
    package = tmp_path / "fakebench"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name, code in FAKES.items():
        (package / f"{name}.py").write_text(textwrap.dedent(code))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))


def test_each_benchmark_gives_rows_or_its_error_and_its_peak_memory(tmp_path, monkeypatch):
    make_package(tmp_path, monkeypatch)
    good, broken, hungry = (run_module(n, timeout=120, package="fakebench") for n in ("good", "broken", "hungry"))
    slow = run_module("slow", timeout=8, package="fakebench")
    assert good.rows == [("answer", "42 ms")] and not good.error and good.peak_mb > 1
    assert broken.error == "ValueError: the corpus is missing" and not broken.rows
    assert hungry.peak_mb >= 300 and hungry.rows == [("allocated", "300 MB")]
    assert "did not finish within 8 s" in slow.error
    text = table([r for o in (good, broken, hungry, slow) for r in rows_of(o)] + memory_rows([good, hungry]))
    assert "| good | answer | 42 ms |" in text
    assert "| broken | **failed** | ValueError: the corpus is missing |" in text
    assert "| memory | peak resident memory, any benchmark | " in text and "MB (hungry) |" in text


def test_the_benchmarks_of_the_issue_are_found():
    assert modules()[0] == "startup" and "memory" not in modules()
    assert {"startup", "audio"} <= set(modules())


def test_the_setlist_benchmark_measures_the_bands_named_in_the_environment(tmp_path, monkeypatch):
    import bench.setlists as setlists
    from engine.setlists.export import write_history
    from engine.setlists.history import demo_history

    other = tmp_path / "other band.csv"
    write_history(demo_history().before(12), other)
    monkeypatch.setenv("ENCORE_BENCH_BANDS", f"{other}{os.pathsep}")
    monkeypatch.setattr(setlists, "PHISH", tmp_path / "absent.csv")
    monkeypatch.setattr(setlists, "_rows", lambda name, history, protocol: [(f"{name} {protocol}", len(history.shows))])
    rows = dict(setlists.run()[1:])  # after the row saying the Phish file is absent
    demo = len(demo_history().shows)
    assert rows == {"demo band chronological": demo, "demo band random-windows": demo,
                    "other band chronological": 12, "other band random-windows": 12}
