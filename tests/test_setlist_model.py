"""The next-song model on the demo band: it trains reproducibly through the job protocol, can be cancelled,
saves without pickle, learns the band's fixed segue pairs, beats the bigram, and drafts a proper show."""

import copy
import json
import re

import numpy as np
import pytest

from engine.errors import EncoreError
from engine.jobs import Cancelled, Job
from engine.setlists.history import History, Show, demo_history, song_key
from engine.setlists.model import SetlistModel, TrainSettings, train
from engine.setlists.setlist import Entry, Set, Setlist

PAIRS = [("Harbor Lights", "Lantern Song"), ("Tidewater", "Undertow"), ("First Snow", "Thaw"),
         ("Overture in Blue", "The Long Middle"), ("The Long Middle", "Finale in Gold")]
SMALL = dict(epochs=4, dims=32, hidden=64, word2vec_epochs=5, seed=3)


@pytest.fixture(scope="module")
def history():
    full = demo_history()
    return History(full.shows[-260:], band=full.band, demo=True)


@pytest.fixture(scope="module")
def trained(history):
    job = Job()
    return train(history, TrainSettings(**SMALL), job), job


def test_training_reports_each_epoch(trained):
    _, job = trained
    assert [p["epoch"] for p in job.history] == [1, 2, 3, 4]
    assert set(job.history[0]) == {"epoch", "loss", "accuracy", "val_loss", "kept", "final_fit"}
    assert all(p["final_fit"] is True for p in job.history)  # the held-out latest shows are learned too
    best = min(reversed(job.history), key=lambda p: p["val_loss"])  # lowest validation loss, last of equals
    assert [p["epoch"] for p in job.history if p["kept"]][-1] == best["epoch"]
    assert job.history[-1]["loss"] < job.history[0]["loss"]


def test_a_history_too_short_to_hold_out_reports_no_validation_loss(history):
    job = Job()
    show = copy.deepcopy(history.shows[0])
    show.sets = [Set(show.sets[0].name, show.sets[0].entries[:6])]  # 7 targets: 3 % of them rounds to none
    train(History([show], band=history.band, demo=True), TrainSettings(**{**SMALL, "epochs": 2}), job)
    assert [p["val_loss"] for p in job.history] == [None, None]  # not the training loss under another name
    assert job.history[0]["kept"] is True  # chosen by the training loss instead
    assert all(p["final_fit"] is False for p in job.history)


def test_same_seed_same_model(history):
    settings = TrainSettings(**{**SMALL, "epochs": 1})
    a, b = train(history, settings), train(history, settings)
    for (name, x), (_, y) in zip(a.net.state_dict().items(), b.net.state_dict().items(), strict=True):
        assert np.array_equal(x.numpy(), y.numpy()), name


def test_training_can_be_cancelled(history):
    job = Job()
    job.on_progress = lambda progress: progress.partial and job.cancel()  # at the first epoch's report
    with pytest.raises(Cancelled):
        train(history, TrainSettings(**{**SMALL, "epochs": 3}), job)
    assert len(job.history) == 1


def test_model_learns_the_fixed_segue_pairs(trained):
    from engine.setlists.corpus import Corpus
    from engine.setlists.scoring import position_logits

    model, _ = trained
    corpus = Corpus(model.history, model.vocab)
    tokens = corpus.stream.tokens
    for a, b in PAIRS:
        after_a = np.flatnonzero(tokens[:-1] == model.vocab.id(song_key(a))) + 1
        top = position_logits(model, corpus, after_a).argmax(axis=1)
        assert (top == model.vocab.id(song_key(b))).mean() > 0.9, (a, b)


def test_save_and_load_give_the_same_predictions(trained, tmp_path):
    from engine.setlists.draft import draft_show

    model, _ = trained
    model.save(tmp_path / "model")
    assert sorted(p.name for p in (tmp_path / "model").iterdir()) == ["model.json", "weights.safetensors"]
    assert json.loads((tmp_path / "model" / "model.json").read_text())["kind"] == "setlist-model"
    again = SetlistModel.load(tmp_path / "model")
    assert draft_show(again).to_json() == draft_show(model).to_json()
    assert again.embedding.most_similar("Harbor Lights", 3) == model.embedding.most_similar("Harbor Lights", 3)


def test_draft_has_the_usual_structure_and_no_repeats(trained, history):
    from engine.setlists.draft import draft_show, typical_structure

    model, _ = trained
    show = draft_show(model, history, "2024-12-01")
    assert [(s.name, len(s.entries)) for s in show.sets] == typical_structure(history)
    songs = [song_key(s) for s in show.songs()]
    assert len(songs) == len(set(songs))
    recent = {k for past in history.shows[-3:] for k in past.keys()}
    assert not recent & set(songs)
    for entry in (e for s in show.sets for e in s.entries):
        assert 0 < entry.probability <= 1 and len(entry.alternatives) == 4
        assert not {song_key(name) for name, _ in entry.alternatives} & set(songs)  # swapping one in: no repeat
    assert all(s.entries[-1].transition == "," for s in show.sets)
    for s in show.sets:  # a drafted fixed pair is marked as the segue the band always plays
        for a, b in zip(s.entries, s.entries[1:], strict=False):
            if (a.song, b.song) in PAIRS:
                assert a.transition == ">"
    assert draft_show(model, history, temperature=0).to_json() == draft_show(model, history, temperature=0).to_json()
    hot = [draft_show(model, history, temperature=1.5, seed=s).songs() for s in (1, 1, 2)]
    assert hot[0] == hot[1] and hot[0] != hot[2]
    for impossible in (-1, float("nan")):  # NaN was numpy's 'probabilities contain NaN'
        with pytest.raises(EncoreError, match="temperature must be a number from 0 .always the likeliest song. up"):
            draft_show(model, history, temperature=impossible)
    with pytest.raises(EncoreError, match=r"^avoid_recent must be 0 or more \(0 leaves no show out\), not -1$"):
        draft_show(model, history, avoid_recent=-1)  # was taken as 0
    cold = draft_show(model, history, temperature=0.001, seed=3)  # exp(log p / T) underflowed to NaN
    assert cold.songs() == draft_show(model, history, temperature=0).songs()
    assert draft_show(model, history, temperature=1e-310, seed=3).songs() == cold.songs()  # 1/T overflows
    for seed in range(3):  # a ruled-out token's 1e-300 floor came within reach: <SET5>, <PAD> and repeats
        boiling = [song_key(s) for s in draft_show(model, history, temperature=1e4, seed=seed).songs()]
        assert len(boiling) == len(set(boiling)) and not [s for s in boiling if s.startswith("<")]
        assert not recent & set(boiling)
    five = History(history.shows[-5:], band=history.band)
    wide = draft_show(model, five, avoid_recent=7).songs()  # more shows than there are: all five left out
    assert not {song_key(s) for s in wide} & {k for past in five.shows for k in past.keys()}


def test_leaving_out_more_shows_than_the_catalogue_allows_leaves_out_fewer_and_says_so(trained, history):
    """Every show's songs left out left none to draft, and every song came back at once: the draft was the one of
    no show left out, with no warning. Now as many of the last shows' songs rest as leave songs for the show, and
    the songs of the show before those come back only where no other song is left."""
    from engine.setlists.draft import draft_show
    from engine.setlists.setlist import RECENT_BACK
    from engine.words import counted

    model, _ = trained
    asked = len(history.shows)
    show = draft_show(model, history, avoid_recent=asked)
    rested, back = show.meta["avoid_recent"], show.meta[RECENT_BACK]  # the whole shows, and the one avoided
    whole = rested - 1
    assert 3 < rested < asked and show.songs() != draft_show(model, history, avoid_recent=0).songs()
    assert show.meta["warning"] == (f"leaving out the last {asked} shows' songs leaves too few songs for the show: "
                                    f"the last {whole} shows' songs are left out, and {counted(back, 'song')} of the "
                                    "show before came back")
    drafted = {song_key(s) for s in show.songs()}
    assert not {k for past in history.shows[-whole:] for k in past.keys()} & drafted
    others = set(model.vocab.keys[model.vocab.first_song:]) - {k for past in history.shows[-rested:] for k in past.keys()}
    assert others <= drafted and back == len(drafted) - len(others) == len(set(history.shows[-rested].keys()) & drafted)
    again = draft_show(model, history, avoid_recent=rested)  # the count the meta keeps drafts the show again
    assert again.songs() == show.songs() and again.meta["avoid_recent"] == rested
    one_more = draft_show(model, history, avoid_recent=rested + 1)
    assert one_more.songs() == show.songs() and f"the last {rested + 1} shows' songs leaves" in one_more.meta["warning"]


def test_a_small_catalogue_repeats_as_few_of_the_last_shows_songs_as_it_must():
    """A 30-song band playing 18 songs a show: leaving out the last show left 12 songs, too few, and the draft
    then avoided nothing (14 of 18 songs repeated the last show). Its 12 other songs come first, and the last
    show's fill only the 6 slots left."""
    from engine.setlists.draft import draft_show
    from engine.setlists.setlist import RECENT_BACK

    rng = np.random.default_rng(5)
    tunes = [f"Tune {i:02d}" for i in range(30)]
    shows = [Show(f"2021-{m:02d}-01", "Hall", [Set("Set 1", [Entry(t) for t in rng.permutation(tunes)[:18]])])
             for m in range(1, 13)]
    band = History(shows, band="Band 30")
    model = train(band, TrainSettings(epochs=1, dims=8, hidden=8, word2vec_epochs=1, feature_hidden=8,
                                      tune_epochs=0))
    last = set(shows[-1].keys())
    for avoid in (1, 3, 100000):
        show = draft_show(model, band, avoid_recent=avoid)
        drafted = {song_key(s) for s in show.songs()}
        assert len(drafted) == 18 and len(drafted & last) == 18 - (30 - len(last)) == 6
        assert show.meta["avoid_recent"] == 1 and show.meta[RECENT_BACK] == 6
        asked = "the last show's songs" if avoid == 1 else f"the last {avoid} shows' songs"
        assert show.meta["warning"] == (f"leaving out {asked} leaves too few songs for the show: 6 songs of the "
                                        "last show came back")
    assert "warning" not in draft_show(model, band, avoid_recent=0).meta


def test_an_emptied_set_is_drafted_again_at_its_usual_length(trained, history):
    """Regenerate dropped a set whose songs the user had moved or deleted (an Encore moved into Set 1); a show
    emptied of every song came back with none."""
    from engine.setlists.draft import draft_show, typical_structure

    model, _ = trained
    usual = dict(typical_structure(history))
    first = draft_show(model, history)
    kept = first.sets[0].entries[0]
    kept.locked = True
    template = Setlist(first.date, "", [Set(first.sets[0].name, [kept]), *[Set(s.name, []) for s in first.sets[1:]]])
    show = draft_show(model, history, template=template)
    assert [s.name for s in show.sets] == [s.name for s in first.sets]
    assert [len(s.entries) for s in show.sets[1:]] == [usual[s.name] for s in first.sets[1:]]
    assert show.sets[0].entries[0].song == kept.song and len(show.sets[0].entries) == 1
    nothing = Setlist(first.date, "", [Set(s.name, []) for s in first.sets])
    assert [len(s.entries) for s in draft_show(model, history, template=nothing).sets] == list(usual.values())


def test_an_added_encore_is_drafted_at_an_encores_length_and_an_added_set_at_a_sets(trained, history):
    """Add set and Add encore in the editor, then Regenerate: the band never played a Set 3 or an Encore 2, and
    both took the median of all its sets, so the one-song band's Encore 2 came back with 7 songs."""
    from engine.setlists.draft import draft_show

    model, _ = trained
    recent = [s for show in history.shows[-12:] for s in show.sets]
    encores = [len(s.entries) for s in recent if s.name.startswith("Encore")]
    main_sets = [len(s.entries) for s in recent if s.name.startswith("Set")]
    assert int(np.median(encores)) == 1 and int(np.median(main_sets)) > 1  # the demo band, as the bug needs
    first = draft_show(model, history)
    for s in first.sets:
        for e in s.entries:
            e.locked = True
    added = [Set("Set 3", []), Set("Encore 2", [])]
    template = Setlist(first.date, "", [*first.sets[:2], added[0], first.sets[2], added[1]])
    show = draft_show(model, history, template=template)
    lengths = {s.name: len(s.entries) for s in show.sets}
    assert [s.name for s in show.sets] == ["Set 1", "Set 2", "Set 3", "Encore", "Encore 2"]
    assert lengths["Encore 2"] == 1
    assert lengths["Set 3"] == int(np.median(main_sets))
    assert [len(s.entries) for s in show.sets if s.name in ("Set 1", "Set 2", "Encore")] == \
        [len(s.entries) for s in first.sets]  # the locked sets stay as they were

def test_song_embeddings_hear_each_pass_and_stop_where_cancelled(history):
    """Word2Vec ran all its passes before a Cancel was heard (seconds on a long history); hearing each pass
    must not change the vectors."""
    from engine.setlists.embeddings import SongEmbedding

    passes = []
    heard = SongEmbedding.train(history, dims=8, epochs=3, each_pass=lambda n, total: passes.append((n, total)))
    assert passes == [(1, 3), (2, 3), (3, 3)]
    assert np.array_equal(heard.vectors, SongEmbedding.train(history, dims=8, epochs=3).vectors)
    job = Job()
    job.cancel()
    with pytest.raises(Cancelled):
        SongEmbedding.train(history, dims=8, epochs=3, each_pass=lambda *_: job.check())


def test_drafting_reports_each_slot_and_can_be_cancelled(trained, history):
    """It reported once and never looked at the job: Cancel in the window was ignored and the draft landed."""
    from engine.setlists.draft import draft_show

    model, _ = trained
    seen = []
    show = draft_show(model, history, job=Job(on_progress=seen.append))
    assert [p.step for p in seen] == list(range(len(show.songs()))) and {p.total for p in seen} == {len(seen)}
    cancelled = Job()
    cancelled.cancel()
    with pytest.raises(Cancelled):
        draft_show(model, history, job=cancelled)


def test_locked_songs_stay_and_the_rest_is_regenerated(trained, history):
    from engine.setlists.draft import draft_show
    from engine.setlists.segues import SegueOdds

    model, _ = trained
    first = draft_show(model, history)
    template = Setlist(sets=[Set(s.name, [Entry(e.song) for e in s.entries]) for s in first.sets])
    # the pair the band has rested longest: one played two nights ago is, rightly, unlikely again on this tour
    def rested(pair):
        return next((i for i, show in enumerate(reversed(history.shows)) if pair[0] in show.songs()), 1000)
    first_half, second_half = max(PAIRS, key=rested)
    template.sets[0].entries[2] = Entry(first_half, ",", locked=True)  # its mark was for the song after it then
    template.sets[1].entries[0] = Entry("Some New Song", ",", locked=True)
    show = draft_show(model, history, template=template, temperature=0.5, seed=5, avoid_recent=0)
    assert show.sets[0].entries[2].song == first_half and show.sets[0].entries[2].locked
    assert show.sets[1].entries[0].song == "Some New Song" and show.sets[1].entries[0].probability is None
    assert show.songs().count(first_half) == 1
    assert show.sets[0].entries[3].song == second_half  # the model plays the pair's second half after it
    # and marks the segue into it: the locked song's old mark stayed, so fixed pairs came out without one
    assert show.sets[0].entries[2].transition != "," and show.sets[0].entries[2].transition == \
        SegueOdds(history).mark(first_half, second_half)
    template.sets[0].entries[3] = Entry(second_half, ",", locked=True)  # both locked: the user's mark stands
    assert draft_show(model, history, template=template, avoid_recent=0).sets[0].entries[2].transition == ","
    # a segue mark on a locked song stands whatever follows it: it changed at every Regenerate
    template.sets[0].entries[0] = Entry(template.sets[0].entries[0].song, "->", locked=True)
    assert not template.sets[0].entries[1].locked
    marks = {draft_show(model, history, template=template, temperature=1.0, seed=seed,
                        avoid_recent=0).sets[0].entries[0].transition for seed in range(4)}
    assert marks == {"->"}
    template.sets[1].entries[1] = Entry(first_half.upper(), ",", locked=True)
    with pytest.raises(EncoreError, match=f"{first_half.upper()!r} is locked twice \\(Set 1 and Set 2\\)"):
        draft_show(model, history, template=template)


def test_model_beats_the_bigram_on_the_demo_band():
    from engine.setlists.evaluate import evaluate

    full = demo_history()
    result = evaluate(History(full.shows[-300:], band=full.band, demo=True), "chronological",
                      settings=TrainSettings(**{**SMALL, "epochs": 5}))
    assert set(result) == {"protocol", "train_shows", "test_shows", "test_plays", "model", "baselines", "seconds"}
    assert result["test_shows"] == 45
    assert result["model"]["top1"] > result["baselines"]["bigram"]["top1"]
    assert result["model"]["top5"] > result["baselines"]["bigram"]["top5"]


def test_a_draft_longer_than_the_catalogue_leaves_slots_empty_and_says_so():
    """Its third fallback let songs come again: ['Only Song'] three times, though no song is played twice."""
    from engine.setlists.draft import draft_show

    songs = ["Alpha", "Beta", "Gamma"]
    band = History([Show(f"2020-01-{d:02d}", "Barn", [Set("Set 1", [Entry(s) for s in songs])]) for d in range(1, 13)])
    model = train(band, TrainSettings(**{**SMALL, "epochs": 1}))
    template = Setlist("2020-02-01", "", [Set("Set 1", [Entry("")] * 3 + [Entry("Beta", locked=True)]),
                                          Set("Set 2", [Entry("")] * 2)])
    show = draft_show(model, band, template=template, temperature=1.0, seed=1)
    assert sorted(song_key(s) for s in show.songs()) == sorted(song_key(s) for s in songs)
    assert [e.song for e in show.sets[0].entries][-1] == "Beta" and [s.name for s in show.sets] == ["Set 1"]
    assert "the band's 3 songs ran out: 3 slots left empty" in show.meta["warning"]


def test_the_artist_a_file_named_is_kept_with_the_model_and_an_older_model_loads_without_one(tmp_path):
    """Lost on save, a phish.net model's history came back by no one, and merged with any band's file."""
    songs = ["Alpha", "Beta", "Gamma"]
    shows = [Show(f"2020-01-{d:02d}", "Barn", [Set("Set 1", [Entry(s) for s in songs])]) for d in range(1, 13)]
    model = train(History(shows, band="Phish", artist="Phish"), TrainSettings(**{**SMALL, "epochs": 1}))
    model.save(tmp_path / "model")
    again = SetlistModel.load(tmp_path / "model")
    assert (again.history.artist, again.history.band, again.history.demo) == ("Phish", "Phish", False)
    meta_file = tmp_path / "model" / "model.json"
    meta = json.loads(meta_file.read_text())
    del meta["artist"]  # as saved before the artist was kept
    meta_file.write_text(json.dumps(meta))
    assert SetlistModel.load(tmp_path / "model").history.artist == ""


def test_a_history_too_short_to_test_on_is_refused_before_training(monkeypatch):
    """Twelve one-song shows reported 0.0 % for the model and both baselines, scored on no target at all."""
    from engine.setlists import evaluate as protocols

    shows = History([Show(f"2020-01-{d:02d}", "Barn", [Set("Set 1", [Entry("A")])]) for d in range(1, 13)])
    monkeypatch.setattr(protocols, "fit", lambda *a, **k: pytest.fail("trained before refusing"))
    with pytest.raises(EncoreError, match="too few plays to evaluate: 24 tokens leave none to test"):
        protocols.evaluate(shows, "random-windows")


def test_similar_songs_are_told_apart(trained):
    """Centred cosine similarities spread out (raw Word2Vec cosines all sit near 0.9 and say little)."""
    model, _ = trained
    similar = model.embedding.most_similar("Harbor Lights", 20)
    scores = [s for _, s in similar]
    assert "Harbor Lights" not in [name for name, _ in similar]
    assert scores == sorted(scores, reverse=True) and scores[0] < 0.9 and scores[0] - scores[-1] > 0.2


def test_a_model_from_another_version_is_refused_with_a_reason(trained, tmp_path):
    from engine.errors import FileProblem

    model, _ = trained
    model.save(tmp_path / "model")
    meta_file = tmp_path / "model" / "model.json"
    meta = json.loads(meta_file.read_text())
    meta["format"] = 1
    meta_file.write_text(json.dumps(meta))
    with pytest.raises(FileProblem, match="another version"):
        SetlistModel.load(tmp_path / "model")


def test_a_model_saved_when_colons_were_kept_in_song_keys_still_knows_those_songs(trained, tmp_path):
    """song_key once kept a colon ('2112: overture'), so setlist.fm's '2112: Overture' and a CSV's
    '2112 - Overture' were two songs; a model saved then is read with today's keys."""
    model, _ = trained
    model.save(tmp_path / "model")
    meta_file = tmp_path / "model" / "model.json"
    meta = json.loads(meta_file.read_text())
    old = meta["vocab"][model.vocab.first_song]
    meta["vocab"][model.vocab.first_song] = "2112: overture"  # as the earlier song_key made it
    meta["names"]["2112: overture"] = meta["embedding"]["names"]["2112: overture"] = "2112: Overture"
    where = meta["embedding"]["keys"].index(old)
    meta["embedding"]["keys"][where] = "2112: overture"
    meta_file.write_text(json.dumps(meta))
    loaded = SetlistModel.load(tmp_path / "model")
    assert song_key("2112 - Overture") == song_key("2112: Overture") == "2112 overture"
    assert loaded.vocab.id(song_key("2112 - Overture")) == model.vocab.first_song
    assert loaded.vocab.name(model.vocab.first_song) == "2112: Overture"
    assert loaded.embedding.keys[where] == "2112 overture" and loaded.embedding.keys[:3] == model.embedding.keys[:3]


def test_negative_pair_counts_are_refused_as_damaged_weights(trained, tmp_path):
    """They drafted <PAD> at every slot, and wrote "probability": NaN, which is not JSON."""
    from safetensors.torch import load_file, save_file

    from engine.errors import FileProblem

    model, _ = trained
    model.save(tmp_path / "model")
    weights = tmp_path / "model" / "weights.safetensors"
    tensors = load_file(str(weights))
    tensors["bigram_counts"] = -tensors["bigram_counts"] - 1
    save_file(tensors, str(weights))
    with pytest.raises(FileProblem, match=r"holds damaged weights \(a negative count in 'bigram_counts'\)$"):
        SetlistModel.load(tmp_path / "model")


def _shorter_vocab(meta):
    meta["vocab"] = meta["vocab"][:10]


@pytest.mark.parametrize("edit, problem", [
    (lambda meta: meta.pop("vocab"), "model.json has no valid list of songs"),
    (lambda meta: meta.update(names=[1, 2]), "model.json has no valid list of songs"),
    (lambda meta: meta["embedding"].update(keys=3), "model.json has no valid song embedding"),
    (lambda meta: meta["settings"].update(dims="x"), "model.json has unusable settings (setting 'dims' should "
                                                    "be int, not 'x')"),
    (lambda meta: meta["settings"].update(dropout=7), "model.json has unusable settings (dropout must be at "
                                                     "least 0 and under 1, not 7)"),
    (lambda meta: meta.update(artist=["Phish"]), "model.json has a damaged artist name (not text)"),
    (lambda meta: meta.update(history=7), "model.json has a damaged history of shows"),
    (lambda meta: meta.update(history=[]), r"model.json has a damaged history of shows (no song in it)"),
    (lambda meta: meta["history"][0][3][0][1][0].__setitem__(0, 5), "model.json has a damaged history of shows"),
    (_shorter_vocab, "weights.safetensors does not fit model.json (another model's weights?)"),
])
def test_a_hand_edited_model_folder_is_refused_in_words(trained, tmp_path, edit, problem):
    """Not Python's text ("KeyError: 'vocab'", "'int' object is not iterable"): what is wrong, in words."""
    from engine.errors import FileProblem

    model, _ = trained
    model.save(tmp_path / "model")
    meta_file = tmp_path / "model" / "model.json"
    meta = json.loads(meta_file.read_text())
    edit(meta)
    meta_file.write_text(json.dumps(meta))
    with pytest.raises(FileProblem, match=re.escape(f"model: {problem}") + "$"):
        SetlistModel.load(tmp_path / "model")


@pytest.mark.parametrize("reshape", [lambda v: v.flatten(), lambda v: v[None], lambda v: v[:, :-1]])
def test_song_vectors_of_the_wrong_shape_are_refused_in_words(trained, tmp_path, reshape):
    """They got past loading and broke the song map on every later import."""
    from safetensors.torch import load_file, save_file

    from engine.errors import FileProblem

    model, _ = trained
    model.save(tmp_path / "model")
    weights = tmp_path / "model" / "weights.safetensors"
    tensors = load_file(weights)
    tensors["song_vectors"] = reshape(tensors["song_vectors"]).contiguous()
    save_file(tensors, weights)
    with pytest.raises(FileProblem, match="does not fit model.json"):
        SetlistModel.load(tmp_path / "model")


@pytest.mark.parametrize("field, value", [("epochs", 0), ("epochs", 1001), ("hidden", 0), ("dropout", 1.0),
                                          ("learning_rate", 0.0), ("label_smoothing", float("nan")),
                                          ("recency_half_life", -1.0), ("recency_half_life", float("nan"))])
def test_training_settings_out_of_range_are_refused(field, value):
    with pytest.raises(EncoreError):
        TrainSettings.from_json({field: value})
    TrainSettings.from_json({field: getattr(TrainSettings(), field)})


def test_model_learns_a_sandwich_but_drafts_never_repeat(history):
    """A reprise (A > B > A) is a real next song on TrAI's protocol: the model learns it instead of ruling
    every repeat out, while the draft still has no song twice."""
    import copy

    from engine.setlists.corpus import Corpus
    from engine.setlists.draft import draft_show
    from engine.setlists.scoring import position_logits

    shows = copy.deepcopy(history.shows)
    for show in shows[::2]:  # every other show: "Hold Your Head Up" > "Love You" > "Hold Your Head Up" in set 2
        entries = show.sets[1].entries
        entries[2:2] = [Entry("Hold Your Head Up", ">"), Entry("Love You", ">"), Entry("Hold Your Head Up", ",")]
    sandwiched = History(shows, band=history.band, demo=True)
    model = train(sandwiched, TrainSettings(**{**SMALL, "epochs": 6}))  # at 4, 76-94 % by seed and final fit
    corpus = Corpus(sandwiched, model.vocab)
    after = np.flatnonzero(corpus.stream.tokens[:-1] == model.vocab.id(song_key("Love You"))) + 1
    bread = model.vocab.id(song_key("Hold Your Head Up"))
    assert (position_logits(model, corpus, after, repeats=True).argmax(axis=1) == bread).mean() > 0.9
    assert not (position_logits(model, corpus, after).argmax(axis=1) == bread).any()
    songs = [song_key(s) for s in draft_show(model, sandwiched, avoid_recent=0).songs()]
    assert len(songs) == len(set(songs))


def test_next_show_training_learns_from_the_latest_shows_it_held_out(history):
    """The latest shows pick the epochs, then the model fits again on every show: a pair the band took up
    only in its last few shows is learned (and not without the final fit, which proves they were held out)."""
    from engine.setlists.corpus import Corpus
    from engine.setlists.scoring import position_logits

    shows = copy.deepcopy(history.shows)
    for show in shows[-4:]:  # inside the 3 % of targets held out for choosing the epoch
        show.sets[1].entries[1:1] = [Entry("Brand New Tease", ">"), Entry("Brand New Jam", ",")]
    latest = History(shows, band=history.band, demo=True)
    progress = []
    job = Job(on_progress=progress.append)
    ranks = {}
    for refit in (True, False):
        model = train(latest, TrainSettings(**SMALL, refit=refit), job)
        if refit:  # the bar runs on through the final fit, to full
            fractions = [p.fraction for p in progress]  # the stages before the first epoch at 0
            epochs = [p.fraction for p in progress if p.partial]
            assert fractions == sorted(fractions) and fractions[-1] == 1.0 and epochs[3] == 0.5
            assert progress[-1].message.startswith("final fit")
        corpus = Corpus(latest, model.vocab)
        after = np.flatnonzero(corpus.stream.tokens[:-1] == model.vocab.id(song_key("Brand New Tease"))) + 1
        jam = model.vocab.id(song_key("Brand New Jam"))
        logits = position_logits(model, corpus, after)
        ranks[refit] = (logits > logits[np.arange(len(after)), jam][:, None]).sum(axis=1)
        assert (model.bigram_counts[:, jam].sum() > 0) == refit
    # played in consecutive shows, the jam's short gap counts against it after the first time
    assert ranks[True][0] == 0 and ranks[True].max() < 15 and ranks[False].min() > 40, ranks
    assert [p["epoch"] for p in job.history] == [1, 2, 3, 4] * 2  # the loss curve shows only the choosing runs


def test_training_scores_only_the_weighed_positions_and_scores_them_as_prediction_does(history):
    """Training skips the scores of burn-in and held-out positions (they only feed the LSTM); the scores it
    keeps are exactly those of a forward pass over every position."""
    import torch

    from engine.setlists.corpus import Corpus
    from engine.setlists.embeddings import SongEmbedding
    from engine.setlists.fitting import Fitting
    from engine.setlists.stream import Vocabulary

    settings = TrainSettings(**SMALL)
    corpus = Corpus(history, Vocabulary.build(history))
    embedding = SongEmbedding.train(history, settings.dims, epochs=1, seed=0)
    fitting = Fitting(corpus, corpus.targets(), settings, embedding, True, torch.device("cpu"))
    net = fitting.net.eval()
    weighed = np.zeros(len(corpus.stream) + 1, dtype=np.float32)
    weighed[fitting.train_targets] = 1.0
    chunks = fitting.chunks(fitting.train_targets)[1:9]  # past the first: each has a burn-in
    b = fitting.batch(chunks, weighed)
    index = np.stack([np.arange(start, start + b["tokens"].shape[1]) for start, _, _ in chunks])
    assert len(b["at"]) == sum(end - first for _, first, end in chunks) < index.size
    shows, rows = np.unique(corpus.stream.show[index], return_inverse=True)
    with torch.no_grad():
        scored = net(b["tokens"], b["slots"], b["positions"], b["show_index"], b["show_features"],
                     fitting.song_mask, fitting.bigram, b["played"], b["at"])
        every = net(b["tokens"], b["slots"], b["positions"], torch.from_numpy(rows.reshape(index.shape)),
                    fitting.features[shows], fitting.song_mask, fitting.bigram,
                    torch.from_numpy(corpus.played[index]))
    torch.testing.assert_close(scored, every.reshape(index.size, -1)[b["at"]])
    assert torch.equal(b["target"], torch.from_numpy(corpus.stream.tokens[index.reshape(-1)[b["at"].numpy()] + 1]))


def test_the_feature_head_scores_in_bf16_as_in_float32(monkeypatch):
    """Where the CPU has bf16 units the per-song head runs in bf16 (a quarter of training time saved); its
    scores come back as float32, beside the LSTM's, and stay within bf16's rounding of the float32 ones."""
    import torch

    from engine import compute
    from engine.setlists.network import NextSongNet

    if not compute._cpu_bf16():
        pytest.skip("this CPU has no native bf16: the head runs in float32 only")
    torch.manual_seed(0)
    net = NextSongNet(vocab_size=60, features=12, dims=16, hidden=32, feature_hidden=64).eval()
    torch.nn.init.normal_(net.traits[1].weight, std=0.3)  # the traits' path too, not only the features'
    features, mask = torch.randn(5, 60, 12), (torch.arange(60) >= 10).float()
    with torch.no_grad():
        fast = net.song_scores(features, mask)
        monkeypatch.setattr(compute, "_cpu_bf16", lambda: False)
        exact = net.song_scores(features, mask)
    assert fast.shape == (5, 60, 32)  # the head pads the shows to a multiple of 16: the pads are cut off
    assert fast.dtype == exact.dtype == torch.float32
    assert not torch.equal(fast, exact)  # bf16 really ran
    torch.testing.assert_close(fast, exact, rtol=0.02, atol=0.02)
    assert torch.all(fast[:, :10] == 0)  # PAD, UNK and set tokens still get no song score
