"""The default corpus Encore trains on when the user gives no files (see resources/jazz/README.md).

Original etudes shipped in resources/jazz/etudes (ABC with chord symbols) and public-domain lead sheets
and ragtime from music21's bundled corpus, which every install of music21 carries.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import EncoreError

ETUDES = Path(__file__).resolve().parents[2] / "resources" / "jazz" / "etudes"
MUSIC21_WORKS = (
    "leadSheet/berlinAlexandersRagtime.mxl",  # Irving Berlin, 1911: lead sheet with chord symbols
    "leadSheet/fosterBrownHair.mxl",  # Stephen Foster, 1854: lead sheet with chord symbols
    "joplin/maple_leaf_rag.mxl",  # Scott Joplin, 1899: piano, right hand over left hand
)


def default_paths(include_music21: bool = True) -> list[Path]:
    paths = sorted(ETUDES.glob("*.abc"))
    if include_music21:
        paths += [p for p in (_music21_work(w) for w in MUSIC21_WORKS) if p is not None]
    if not paths:
        raise EncoreError(f"the default corpus is missing (no etudes in {ETUDES} and no music21 corpus)")
    return paths


def _music21_work(name: str) -> Path | None:
    from music21 import corpus

    try:
        return Path(corpus.getWork(name))
    except Exception:  # noqa: BLE001 - a music21 installed without its corpus just has fewer pieces
        return None


def default_sources(include_music21: bool = True) -> list:
    from .source import load_source

    return [load_source(p) for p in default_paths(include_music21)]
