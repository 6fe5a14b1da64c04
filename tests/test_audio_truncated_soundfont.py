"""A SoundFont cut short (an interrupted download) is refused before TinySoundFont reads past its end."""

from __future__ import annotations

import struct

import pytest

from engine.audio.soundfont import check_soundfont, default_soundfont, soundfont_bytes
from engine.errors import FileProblem


@pytest.fixture(scope="module")
def whole_font() -> bytes:
    return default_soundfont().read_bytes()


@pytest.mark.parametrize("missing", [1, 500, 2000, 5000, 12000, 24000, 3_000_000])
def test_a_font_missing_its_last_bytes_is_refused_as_cut_short(tmp_path, whole_font, missing):
    cut = tmp_path / f"cut{missing}.sf2"
    cut.write_bytes(whole_font[:-missing])
    with pytest.raises(FileProblem, match=r"is cut short \(\d+ of \d+ bytes") as caught:
        soundfont_bytes(cut)
    assert caught.value.path == str(cut.resolve())
    assert f"{len(whole_font) - missing} of {len(whole_font)} bytes" in str(caught.value)


def test_preferences_check_refuses_a_cut_font_without_loading_it(tmp_path, whole_font):
    cut = tmp_path / "download.sf2"
    cut.write_bytes(whole_font[:-1000])
    with pytest.raises(FileProblem, match="download.sf2: is cut short"):
        check_soundfont(cut)


def _patched(data: bytes, at: int, size: int) -> bytes:
    return data[:at] + struct.pack("<I", size) + data[at + 4:]


def test_a_cut_font_whose_header_was_made_to_fit_is_refused_as_damaged(tmp_path, whole_font):
    cut = whole_font[:-500]
    fitted = _patched(cut, 4, len(cut) - 8)  # the RIFF size agrees with the file; the pdta list does not
    font = tmp_path / "fitted.sf2"
    font.write_bytes(fitted)
    with pytest.raises(FileProblem, match="damaged: its 'shdr' chunk runs past the end of 'pdta'"):
        check_soundfont(font)
    pdta = fitted.index(b"LIST", len(fitted) - 300_000)
    assert fitted[pdta + 8:pdta + 12] == b"pdta"
    inner = tmp_path / "inner.sf2"
    inner.write_bytes(_patched(fitted, pdta + 4, len(fitted) - pdta - 8))  # now only shdr overruns
    with pytest.raises(FileProblem, match="damaged: its 'shdr' chunk runs past the end of 'pdta'"):
        check_soundfont(inner)


def test_a_whole_font_and_one_with_bytes_after_it_still_load(tmp_path, whole_font):
    assert check_soundfont(default_soundfont()) == default_soundfont()
    padded = tmp_path / "padded.sf2"
    padded.write_bytes(whole_font + b"\0" * 16)
    assert check_soundfont(padded) == padded
    overcounted = tmp_path / "overcounted.sf2"  # a header that counts 8 bytes too many, every chunk whole
    overcounted.write_bytes(_patched(whole_font, 4, len(whole_font)))
    assert check_soundfont(overcounted) == overcounted


def test_fonts_that_bend_the_rules_the_synth_reads_all_the_same_still_load(tmp_path, whole_font):
    """An odd-sized chunk without its pad byte, and a list counting a few bytes too many with every chunk whole:
    TinySoundFont reads both, so they are no damaged fonts."""
    info = whole_font.index(b"INFO") - 8
    size = struct.unpack_from("<I", whole_font, info + 4)[0]
    comment = b"ICMT" + struct.pack("<I", 5) + b"hello"  # 5 bytes, no pad byte
    end = info + 8 + size
    unpadded = whole_font[:end] + comment + whole_font[end:]
    unpadded = _patched(_patched(unpadded, info + 4, size + len(comment)), 4, len(unpadded) - 8)
    font = tmp_path / "unpadded.sf2"
    font.write_bytes(unpadded)
    assert check_soundfont(font) == font
    pdta = whole_font.rindex(b"pdta") - 8
    listed = struct.unpack_from("<I", whole_font, pdta + 4)[0]
    over = _patched(_patched(whole_font, pdta + 4, listed + 4), 4, len(whole_font) - 8 + 4)
    font = tmp_path / "overcounted_list.sf2"
    font.write_bytes(over)
    assert check_soundfont(font) == font
