"""Model folders: a real safetensors file loads whatever its header length happens to be."""

import json
import struct

from engine import checkpoint


def test_weights_whose_header_length_looks_like_a_pickle_opcode_still_load(tmp_path):
    # A header of 640 bytes is written as 80 02 00 00 ..., the first bytes of a protocol-2 pickle.
    header = json.dumps({"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}).encode()
    header = header.ljust(0x280, b" ")
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / checkpoint.WEIGHTS).write_bytes(struct.pack("<Q", len(header)) + header + struct.pack("<f", 1.5))
    (folder / checkpoint.META).write_text(json.dumps({"kind": "jazz"}))
    assert (folder / checkpoint.WEIGHTS).read_bytes()[:2] == b"\x80\x02"
    tensors, meta = checkpoint.load(folder, "jazz")
    assert float(tensors["w"][0]) == 1.5 and meta["kind"] == "jazz"
