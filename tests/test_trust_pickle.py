"""Opening a model never runs code: pickle payloads planted in a model folder are refused, and never executed."""

from __future__ import annotations

import json
import pickle

import pytest
from conftest import run_encore

from engine.errors import FileProblem


class Payload:
    """Unpickling this creates the marker file: the proof that code ran."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def model_dir(tmp_path, weights: bytes, meta=None):
    d = tmp_path / "model"
    d.mkdir()
    (d / "weights.safetensors").write_bytes(weights)
    (d / "model.json").write_text(json.dumps(meta or {"kind": "jazz"}))
    return d


def pickles(marker):
    """The same payload as every pickle protocol, bare and inside torch.save's zip container."""
    import io

    import torch

    out = {f"protocol {p}": pickle.dumps(Payload(marker), protocol=p) for p in range(pickle.HIGHEST_PROTOCOL + 1)}
    buffer = io.BytesIO()
    torch.save({"state": Payload(marker)}, buffer)
    out["torch.save zip"] = buffer.getvalue()
    buffer = io.BytesIO()
    torch.save({"state": Payload(marker)}, buffer, _use_new_zipfile_serialization=False)
    out["torch.save legacy"] = buffer.getvalue()
    return out


def test_the_payload_really_runs_code_when_unpickled(tmp_path):
    marker = tmp_path / "pwned"
    pickle.loads(pickle.dumps(Payload(marker)))
    assert marker.exists()  # so the absence of the marker below means something


def test_every_pickle_flavour_as_weights_is_refused_and_never_runs(tmp_path):
    from engine.checkpoint import load

    marker = tmp_path / "pwned"
    for i, (flavour, data) in enumerate(pickles(marker).items()):
        (tmp_path / str(i)).mkdir()
        d = model_dir(tmp_path / str(i), data)
        with pytest.raises(FileProblem) as caught:
            load(d, "jazz")
        assert str(d) in str(caught.value), flavour
        assert not marker.exists(), f"{flavour}: loading ran the pickle's code"


def test_pickle_as_model_json_is_refused_and_never_runs(tmp_path):
    from engine.checkpoint import load

    marker = tmp_path / "pwned"
    d = model_dir(tmp_path, b"")
    (d / "model.json").write_bytes(pickle.dumps(Payload(marker)))
    with pytest.raises(FileProblem, match="model.json"):
        load(d)
    assert not marker.exists()


@pytest.mark.parametrize("meta_text, problem", [
    ("{not json", "not valid JSON"),
    ("[1, 2, 3]", "does not hold an object"),
    ('"jazz"', "does not hold an object"),
    ("null", "does not hold an object"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"kind": "setlist"}', "not a 'jazz' model"),
])
def test_bad_model_json_is_a_clear_file_problem(tmp_path, meta_text, problem):
    import torch
    from safetensors.torch import save

    from engine.checkpoint import load

    d = model_dir(tmp_path, save({"w": torch.zeros(2)}))
    (d / "model.json").write_text(meta_text)
    with pytest.raises(FileProblem, match=problem) as caught:
        load(d, "jazz")
    assert str(d) in str(caught.value)


def test_missing_pieces_of_a_model_folder(tmp_path):
    from engine.checkpoint import load

    with pytest.raises(FileProblem, match="nowhere: no such folder$"):  # was 'not a model folder': a typo's
        load(tmp_path / "nowhere")
    with pytest.raises(FileProblem, match="not a model folder"):  # a folder of something else
        load(tmp_path)
    d = model_dir(tmp_path, b"")
    (d / "weights.safetensors").unlink()
    with pytest.raises(FileProblem, match="missing weights"):
        load(d, "jazz")


def _command_exists(*words: str) -> bool:
    return run_encore(*words, "--help", timeout=120).returncode == 0


@pytest.mark.parametrize("command, kind_of, out", [(("jazz", "generate"), "engine.jazz.model", "out.mid"),
                                                 (("setlist", "predict"), "engine.setlists.model", "out.json")])
def test_cli_with_a_pickled_model_exits_2_with_one_line(tmp_path, command, kind_of, out):
    import importlib

    if not _command_exists(*command):
        pytest.skip(f"`main.py {' '.join(command)}` does not exist yet")
    marker = tmp_path / "pwned"
    kind = importlib.import_module(kind_of).KIND  # the right kind, so only the weights give it away
    d = model_dir(tmp_path, pickles(marker)["torch.save zip"], {"kind": kind})
    result = run_encore(*command, "--model", str(d), "--out", str(tmp_path / out), timeout=300)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert str(d) in lines[0] and "pickle" in lines[0] and "ENCORE_DEBUG" not in lines[0], lines[0]
    assert not marker.exists() and not (tmp_path / out).exists()
