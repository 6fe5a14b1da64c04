"""A draft holds songs only, each once, whatever the model: damaged weights or a hand-edited model.json are
refused in words (naming the model folder), never drafted as <PAD> or with NaN probabilities."""

import copy
import json
import re

import pytest
import torch

from engine.errors import EncoreError, FileProblem
from engine.setlists.draft import draft_show
from engine.setlists.history import History, demo_history, song_key
from engine.setlists.model import SetlistModel, TrainSettings, train
from engine.setlists.stream import SPECIALS

TINY = dict(epochs=1, dims=16, hidden=16, word2vec_epochs=1, feature_hidden=8, seed=1)


@pytest.fixture(scope="module")
def model():
    full = demo_history()
    return train(History(full.shows[-40:], band=full.band, demo=True), TrainSettings(**TINY))


@pytest.fixture
def saved(model, tmp_path):
    model.save(tmp_path / "model")
    return tmp_path / "model"


def _songs(setlist) -> list[str]:
    return [e.song for s in setlist.sets for e in s.entries]


def _only_songs_each_once(setlist) -> None:
    songs = _songs(setlist)
    assert songs and not set(songs) & set(SPECIALS)
    assert len({song_key(s) for s in songs}) == len(songs)
    assert all(0 < e.probability <= 1 for s in setlist.sets for e in s.entries)


@pytest.mark.parametrize("temperature", [0.0, 0.8])
def test_songs_scored_below_the_ruled_out_tokens_still_draft_songs_each_once(model, temperature):
    """A ruled-out token's score was only -1e4: where every song scored lower, <PAD> filled the slots."""
    low = copy.deepcopy(model)
    with torch.no_grad():
        low.net.out_bias[model.vocab.first_song:] -= 1e5
    _only_songs_each_once(draft_show(low, temperature=temperature, seed=2))


def test_a_model_scoring_nan_is_refused_not_drafted(model):
    broken = copy.deepcopy(model)
    with torch.no_grad():
        broken.net.feature_head[0].weight[0, 0] = float("nan")
    with pytest.raises(EncoreError, match=r"^the model holds damaged weights \(its scores for the next song are "):
        draft_show(broken)


def test_a_loaded_model_scoring_nan_names_its_folder(saved):
    loaded = SetlistModel.load(saved)
    with torch.no_grad():
        loaded.net.feature_head[0].weight[0, 0] = float("nan")
    with pytest.raises(FileProblem, match=r"holds damaged weights") as caught:
        draft_show(loaded)
    assert caught.value.path == str(saved)


def _damage_weights(folder, damage) -> None:
    from safetensors.torch import load_file, save_file

    weights = str(folder / "weights.safetensors")
    tensors = load_file(weights)
    damage(tensors)
    save_file(tensors, weights)


def _one_huge_weight(tensors):
    tensors["net.feature_head.0.weight"].view(-1)[12] = 1.5e38  # one flipped exponent bit


def _every_weight_scaled(tensors):
    for name, t in tensors.items():
        if name.startswith("net."):
            tensors[name] = t * 1e15


def _huge_song_vector(tensors):
    tensors["song_vectors"][20, 5] = 3e38  # "songs most like" gave every song 1.000


def _huge_pair_counts(tensors):
    tensors["bigram_counts"][:] = 1e37


@pytest.mark.parametrize("damage, problem", [
    (_one_huge_weight, "a value of 1.5e+38 in 'feature_head.0.weight'"),
    (_every_weight_scaled, "a value of"),
    (_huge_song_vector, "a value of 3e+38 in 'song_vectors'"),
    (_huge_pair_counts, "a count of 1e+37 in 'bigram_counts', more than the history's songs"),
])
def test_finite_but_damaged_weights_are_refused_on_loading(saved, damage, problem):
    """They loaded (no NaN, no infinity) and drafted <PAD> in slot after slot, or NaN probabilities."""
    _damage_weights(saved, damage)
    with pytest.raises(FileProblem, match=re.escape(f"model: holds damaged weights ({problem}")):
        SetlistModel.load(saved)


def _duplicate_song(meta):
    meta["vocab"][len(SPECIALS) + 1] = meta["vocab"][len(SPECIALS)]


def _songs_first(meta):
    meta["vocab"] = meta["vocab"][len(SPECIALS):] + meta["vocab"][:len(SPECIALS)]


def _swapped_special(meta):
    first = meta["vocab"][len(SPECIALS)]
    meta["vocab"][0], meta["vocab"][len(SPECIALS)] = first, meta["vocab"][0]


@pytest.mark.parametrize("edit, problem", [
    (_duplicate_song, "model.json has no valid list of songs"),
    (_songs_first, "model.json has no valid list of songs"),
    (_swapped_special, "model.json has no valid list of songs"),
    (lambda meta: meta.update(demo="no"), "model.json has a damaged demo mark ('no', not true or false)"),
    (lambda meta: meta.update(demo=1), "model.json has a damaged demo mark (1, not true or false)"),
    (lambda meta: meta.update(band=["x"]), "model.json has a damaged band name (not text)"),
])
def test_a_hand_edited_vocabulary_or_mark_is_refused(saved, edit, problem):
    """A song twice drafted it four times; the specials out of place drafted <PAD>; "no" read as a demo."""
    meta_file = saved / "model.json"
    meta = json.loads(meta_file.read_text())
    edit(meta)
    meta_file.write_text(json.dumps(meta))
    with pytest.raises(FileProblem, match=re.escape(f"model: {problem}") + "$"):
        SetlistModel.load(saved)


@pytest.mark.parametrize("demo", [True, False])
def test_the_demo_mark_survives_saving(saved, model, demo):
    meta_file = saved / "model.json"
    meta = json.loads(meta_file.read_text())
    meta_file.write_text(json.dumps({**meta, "demo": demo}))
    assert SetlistModel.load(saved).history.demo is demo


def test_drafting_from_a_history_of_no_shows_is_refused_in_words(model):
    with pytest.raises(EncoreError, match="^the history has no shows to draft the next show from$"):
        draft_show(model, History([]))


def test_a_drafted_show_saved_as_csv_is_no_history_of_shows_played(tmp_path):
    """Given to --data (predict, stats, train) it was read as a show the band played; its JSON was refused."""
    from engine.setlists.export import write_setlist
    from engine.setlists.history import load_history
    from engine.setlists.setlist import Entry, Set, Setlist, is_drafted_csv, read_setlist

    draft = Setlist("2025-06-25", "", [Set("Set 1", [Entry("Sand", ",", 0.4), Entry("Tweezer", ",", 0.2)])])
    for suffix in ("json", "csv"):
        write_setlist(draft, tmp_path / f"draft.{suffix}")
        with pytest.raises(FileProblem, match=r"draft\.\w+: is one drafted show .* give it to --template$"):
            load_history([tmp_path / f"draft.{suffix}"])
        assert read_setlist(tmp_path / f"draft.{suffix}").songs() == ["Sand", "Tweezer"]  # as a template
    assert is_drafted_csv(tmp_path / "draft.csv")  # the window opens it in the editor
    two = "show_date,set,song,probability\n2025-06-25,1,Sand,0.4\n2025-06-26,1,Tweezer,0.2\n"
    (tmp_path / "two.csv").write_text(two)  # two shows with the column: still a history
    assert len(load_history([tmp_path / "two.csv"]).shows) == 2


def test_a_draft_marks_every_song_even_locked_ones_a_template_gave_no_mark(model):
    """A template's locked songs without a "transition" are unknown marks now, not stops: the drafted show
    carried them into its CSV as empty cells (a regression hunt's find). A draft says what the model expects."""
    from engine.setlists.setlist import TRANSITIONS, UNKNOWN, Entry, Set, Setlist

    history = History(demo_history().shows[-40:], band="demo", demo=True)
    songs = [e.song for e in history.shows[-1].sets[0].entries[:3]]
    template = Setlist(sets=[Set("Set 1", [Entry(song, UNKNOWN, locked=True) for song in songs]), Set("Encore")])
    show = draft_show(model, history, template=template, avoid_recent=0)
    assert [e.song for e in show.sets[0].entries][:3] == songs
    assert all(e.transition in TRANSITIONS for s in show.sets for e in s.entries)
