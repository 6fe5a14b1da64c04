"""A small deterministic fuzz of every importer: hostile files give Encore's own error naming the file, in time.

The long run (10,000+ inputs per importer) is `python tests/fuzz/run_fuzz.py --examples 10000`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from fuzz.importers import IMPORTERS, verdict
from fuzz.mutations import strategy_for
from hypothesis import HealthCheck, given, settings

# importer name -> reason, for bugs owned by another module (xfail, not hidden; see test_trust_findings.py)
KNOWN_BUGS: dict[str, str] = {
}


def importer_params(known_bugs: dict[str, str]):
    for imp in IMPORTERS:
        marks = [pytest.mark.xfail(strict=False, reason=known_bugs[imp.name])] if imp.name in known_bugs else []
        yield pytest.param(imp, id=imp.name, marks=marks)


@pytest.mark.parametrize("importer", list(importer_params({})))
def test_seed_files_are_accepted(importer, tmp_path):
    if not importer.available():
        pytest.skip(f"{importer.entry} has not landed yet")
    for seed in importer.seeds():
        assert verdict(importer, tmp_path, seed) is None
        importer.function()  # and it really returned rather than refusing the seed:
        target, _ = importer.write(tmp_path, seed)
        from fuzz.importers import _call

        assert _call(importer, target) is not None


@pytest.mark.parametrize("importer", list(importer_params(KNOWN_BUGS)))
def test_hostile_files_give_only_encore_errors(importer):
    if not importer.available():
        pytest.skip(f"{importer.entry} has not landed yet")
    findings: list[str] = []

    @settings(max_examples=30, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy_for(importer))
    def one(data):
        with tempfile.TemporaryDirectory() as folder:
            finding = verdict(importer, Path(folder), data, seconds=20)
        if finding:
            findings.append(f"{len(data)} bytes {data[:60]!r}: {finding}")

    one()
    assert not findings, "\n\n".join(findings[:3])
