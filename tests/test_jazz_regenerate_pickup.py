"""Regenerating the pickup of a solo that opens with one: only the pickup's beats are improvised again.

A pickup is bar 0, read as the end of a whole bar 0; regenerating it filled the whole bar, so the new notes
started three beats before the tune did, and the reworked solo lost its pickup (written as a whole bar 1).
"""

from __future__ import annotations

import copy

import pytest
from conftest import ROOT, run_encore

from engine.jazz.grammar import Token
from engine.jazz.improvise import improvise
from engine.jazz.model import TrainSettings, train
from engine.jazz.source import load_source

ETUDE = ROOT / "resources" / "jazz" / "etudes" / "etude_2_blues_in_f.abc"
PICKUP = "X:1\nT:Pickup\nM:4/4\nL:1/4\nK:C\nG |\"C\" c d e f | \"G7\" g a b c' | \"C\" c'4 |]\n"  # G: beat 4
SEEDS = range(1, 41)  # some of them open an improvised pickup on a rest, where one could


@pytest.fixture(scope="module")
def model():
    return train([load_source(ETUDE)], TrainSettings(preset="full", epochs=3, hidden=16, seed=1))


@pytest.fixture
def pickup_abc(tmp_path):
    path = tmp_path / "pickup.abc"
    path.write_text(PICKUP)
    return path


def _bars(piece, bars) -> list[tuple[float, float, int]]:
    return [(n.start, n.duration, n.pitch) for bar in bars for n in piece.notes_in_bar(bar)]


def _beats(tokens: list[str]) -> float:
    return float(sum(Token.parse(t).duration for t in tokens))


@pytest.mark.parametrize("regenerate", [{0}, {0, 1}])
def test_regenerating_a_pickup_improvises_only_its_beat_and_keeps_the_bars_after(model, pickup_abc,
                                                                                 regenerate):
    base = load_source(pickup_abc).to_piece()
    assert base.meta["bars"] == [0, 3] and min(n.start for n in base.notes) == 3.0  # a pickup on beat 4
    kept = range(max(regenerate) + 1, base.bars)
    for seed in SEEDS:
        again = improvise(model, base=base, regenerate=regenerate, seed=seed)
        pickup = again.notes_in_bar(0)
        assert pickup and pickup[0].start == 3.0, seed  # on the pickup's beat, a note: not a beat before it
        assert all(3.0 <= n.start and n.end <= 4.0 + 1e-9 for n in pickup), (seed, pickup)
        assert _beats(again.meta["tokens"][0]) == 1.0, seed
        assert _bars(again, kept) == _bars(base, kept), seed
        assert again.meta["bars"] == [0, 3]  # still numbered as the score: the pickup is bar 0
        assert again.meta["reworked"] is True  # the seed made only these bars (the window's list says so)


def test_a_solo_opening_on_rests_without_a_pickup_still_regenerates_its_whole_first_bar(model, pickup_abc):
    """The same notes in a whole bar 1 (three beats' rest, then G), as a file without a pickup reads: bar 1 is
    improvised again from its downbeat, as before."""
    base = load_source(pickup_abc).to_piece()
    base.meta["bars"] = [1, 4]
    for seed in SEEDS:
        again = improvise(model, base=base, regenerate={0}, seed=seed)
        assert _beats(again.meta["tokens"][0]) == 4.0 and "bars" not in again.meta
        assert _bars(again, (1, 2, 3)) == _bars(base, (1, 2, 3))
    plain = improvise(model, 3, "Dm7 G7 | Cmaj7", seed=1)  # an improvised solo, numbered from 1 too
    assert _beats(improvise(model, base=plain, regenerate={0}, seed=2).meta["tokens"][0]) == 4.0


def test_generate_regenerate_0_1_writes_the_pickup_back_as_the_score_has_it(tmp_path, pickup_abc):
    """From the command line, to MusicXML: read back, the solo still opens with its one-beat pickup, bar 0."""
    model_dir = tmp_path / "model"
    assert run_encore("jazz", "train", "--input", str(ETUDE), "--preset", "full", "--epochs", "3",
                      "--hidden", "16", "--seed", "1", "--out", str(model_dir)).returncode == 0
    out = tmp_path / "again.musicxml"
    result = run_encore("jazz", "generate", "--model", str(model_dir), "--base", str(pickup_abc),
                        "--regenerate", "0-1", "--seed", "3", "--out", str(out))
    assert result.returncode == 0, result.stderr
    base, again = load_source(pickup_abc), load_source(out)
    assert (again.pickup, again.bar_range) == (1.0, (0, 3))
    assert _bars(again.to_piece(), (2, 3)) == _bars(base.to_piece(), (2, 3))


def test_a_pickup_shorter_than_any_of_the_models_notes_is_one_note_cut_to_its_length(model, tmp_path):
    """A sixteenth-note pickup, where the model's shortest note is a triplet eighth: nothing fitted, so bar 0 was
    left empty, and the reworked solo lost its pickup (written as a whole bar of rest, read back as bars 1-3)."""
    path = tmp_path / "short.abc"
    path.write_text(PICKUP.replace("L:1/4", "L:1/16").replace("G |\"C\" c d e f | \"G7\" g a b c' | \"C\" c'4",
                                                               "G |\"C\" c4 d4 e4 f4 | \"G7\" g4 a4 b4 c'4 | \"C\" c'16"))
    base = load_source(path).to_piece()
    assert min(n.start for n in base.notes) == 3.75
    for seed in (1, 2, 3):
        again = improvise(model, base=base, regenerate={0}, seed=seed)
        assert [(n.start, n.duration) for n in again.notes_in_bar(0)] == [(3.75, 0.25)], seed
        assert _bars(again, (1, 2, 3)) == _bars(base, (1, 2, 3)) and again.meta["bars"] == [0, 3]


def test_a_solo_over_a_pickup_pieces_chords_has_no_chordless_bar(model, pickup_abc):
    """Over the chords of a file that opens with a pickup (the window's corpus piece as the chord source), the
    pickup's bar 0 was a whole bar of the form: the solo opened, and each chorus after the first began, with a
    bar of no chord that the model filled with notes."""
    source = load_source(pickup_abc)
    solo = improvise(model, source=source, choruses=2, seed=1)
    assert [(c.start, c.symbol) for c in solo.chords] == [(0, "C"), (4, "G7"), (8, "C"), (12, "C"), (16, "G7"),
                                                          (20, "C")]
    assert solo.bars == 6 and min(n.start for n in solo.notes) >= 0


def test_a_model_trained_on_a_pickup_piece_improvises_its_form_from_bar_1(pickup_abc, model):
    """With no chords given, a solo goes round the progression the model kept from its first source: kept with
    the pickup's chordless bar 0, it opened the solo and each chorus with a bar of no chord. A model saved before
    keeps that bar, and it is left out when improvising too."""
    trained = train([load_source(pickup_abc)], TrainSettings(preset="full", epochs=1, hidden=8, seed=1))
    assert trained.extra["progression"]["bars"] == 3
    for m in (trained, model):
        if m is model:  # as a model saved before: the pickup's bar 0 kept, its chords from beat 4
            m = copy.copy(model)
            m.extra = {**model.extra, "progression": {**trained.extra["progression"], "bars": 4, "chords": [
                {**c, "start": c["start"] + 4} for c in trained.extra["progression"]["chords"]]}}
        solo = improvise(m, choruses=2, seed=2)
        assert [(c.start, c.symbol) for c in solo.chords][:4] == [(0, "C"), (4, "G7"), (8, "C"), (12, "C")]
        assert solo.bars == 6


def test_a_source_that_is_only_its_pickup_keeps_its_chord(model, tmp_path):
    """Bars 0-0 of a file whose pickup has a chord: left out as the pickup, the solo had no chords at all."""
    path = tmp_path / "pickup.abc"
    path.write_text(PICKUP.replace('G |"C"', '"G7" G |"C"'))
    assert [c.symbol for c in improvise(model, source=load_source(path, bars="0-0"), seed=1).chords] == ["G7"]


def test_a_reworked_solo_keeps_a_pickup_that_opens_on_a_rest(model, tmp_path):
    """Bar 1 improvised again, bar 0 kept: the pickup (an eighth rest, then G) is still two beats written, as
    the source had it, not the beat and a half its notes span."""
    from engine.jazz.musicxml import musicxml_bytes

    path = tmp_path / "rest.abc"
    path.write_text(PICKUP.replace("L:1/4", "L:1/8").replace("\nG |", "\nz G A B |").replace("c'4", "c'8"))
    base = load_source(path).to_piece()
    assert base.meta["pickup"] == 2.0 and min(n.start for n in base.notes) == 2.5
    again = improvise(model, base=base, regenerate={1}, seed=3)
    assert again.meta["pickup"] == 2.0
    out = tmp_path / "again.musicxml"
    out.write_bytes(musicxml_bytes(again))
    assert load_source(out).pickup == 2.0


def test_a_reworked_solo_keeps_the_keys_its_file_stated(model, tmp_path):
    path = tmp_path / "in_f.abc"
    path.write_text(PICKUP.replace("K:C", "K:F"))
    base = load_source(path).to_piece()
    assert base.meta["keys"] == [[0.0, -1, "major"]]
    assert improvise(model, base=base, regenerate={1}, seed=3).meta["keys"] == base.meta["keys"]
