"""Hypothesis strategies for hostile files: random bytes, truncated and bit-flipped seeds, huge numbers,
deep nesting, wrong encodings, and (for JSON) seeds with one value swapped for anything JSON can hold.
"""

from __future__ import annotations

import json
import re

from hypothesis import strategies as st

HUGE = [b"99999999999999999999999999999", b"-1", b"0", b"1e309", b"-9223372036854775809", b"NaN", b"4294967295"]
BIG_BINARY = [b"\xff\xff\xff\xff", b"\x7f\xff\xff\xff", b"\x00\x00\x00\x00", b"\x80\x00\x00\x00", b"\xff\xff"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """The seed after 1-4 byte-level edits."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        edit = draw(st.sampled_from(["truncate", "flip", "overwrite", "insert", "duplicate", "delete", "big"]))
        if edit == "truncate":
            del data[at:]
        elif edit == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif edit == "overwrite":
            data[at:at + 4] = draw(st.binary(min_size=1, max_size=4))
        elif edit == "insert":
            data[at:at] = draw(st.binary(max_size=64))
        elif edit == "duplicate":
            data[at:at] = data[at:at + draw(st.integers(1, 256))] * draw(st.integers(1, 20))
        elif edit == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        else:
            data[at:at + 4] = draw(st.sampled_from(BIG_BINARY))
    return bytes(data)


@st.composite
def text_mutated(draw, seed: bytes) -> bytes:
    """Edits that matter to text formats: numbers made huge, nesting made deep, the encoding changed."""
    text = seed.decode("utf-8")
    edit = draw(st.sampled_from(["number", "nesting", "encoding", "unicode", "lines"]))
    if edit == "number":
        numbers = list(re.finditer(rb"\d+", seed))
        if not numbers:
            return seed
        m = draw(st.sampled_from(numbers))
        return seed[:m.start()] + draw(st.sampled_from(HUGE)) + seed[m.end():]
    if edit == "nesting":
        depth = draw(st.sampled_from([100, 1000, 50_000]))
        at = draw(st.integers(0, len(seed)))
        opener = draw(st.sampled_from([b"[", b'{"a":', b"(", b"<a>"]))
        return seed[:at] + opener * depth + seed[at:]
    if edit == "encoding":
        encoding = draw(st.sampled_from(["utf-16", "utf-32", "latin-1", "cp1252", "utf-16-be"]))
        return (text + "é ü ß").encode(encoding, errors="replace")
    if edit == "unicode":
        junk = draw(st.text(min_size=1, max_size=20))
        at = draw(st.integers(0, len(text)))
        return (text[:at] + junk + text[at:]).encode("utf-8", errors="surrogatepass")
    lines = text.splitlines(keepends=True)
    picked = draw(st.lists(st.integers(0, max(len(lines) - 1, 0)), max_size=len(lines) * 3))
    return "".join(lines[i] for i in picked if lines).encode()


@st.composite
def json_swapped(draw, seed: bytes) -> bytes:
    """The seed's JSON with one value somewhere replaced by any JSON value (type confusion)."""
    obj = json.loads(seed)
    node, key = _random_slot(draw, obj)
    if node is None:
        return json.dumps(draw(json_values)).encode()
    node[key] = draw(json_values)
    return json.dumps(obj).encode()


def _random_slot(draw, obj):
    slots = []

    def walk(node):
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        for k, v in items:
            slots.append((node, k))
            walk(v)

    walk(obj)
    return draw(st.sampled_from(slots)) if slots else (None, None)


def hostile(seeds: list[bytes], is_json: bool = False, is_text: bool = False) -> st.SearchStrategy[bytes]:
    options = [st.binary(max_size=2048), st.sampled_from(seeds).flatmap(mutated)]
    if is_text:
        options.append(st.sampled_from(seeds).flatmap(text_mutated))
    if is_json:
        options.append(st.sampled_from(seeds).flatmap(json_swapped))
        options.append(json_values.map(lambda v: json.dumps(v).encode()))
    return st.one_of(options)


def strategy_for(importer) -> st.SearchStrategy[bytes]:
    is_json = importer.suffix in (".json", ".encore-jazz") or importer.place == "model.json"
    text = is_json or importer.suffix in (".csv", ".abc", ".musicxml", ".html")
    return hostile(importer.seeds(), is_json=is_json, is_text=text)
