""""Songs most like X" on a short history: Word2Vec moves every song along one shared direction, as far as it
was played, and that direction must not decide who is like whom."""

import numpy as np

from engine.setlists.embeddings import SongEmbedding
from engine.setlists.history import History, demo_history


def test_a_dominant_popularity_direction_does_not_decide_who_is_alike():
    """Two kinds of song (say openers and ballads) told apart by a small direction, drowned by how often each
    was played: X's nearest must be of its kind, not the songs played about as often."""
    rng = np.random.default_rng(0)
    played = np.linspace(-1, 1, 40)
    kind = np.tile([1.0, -1.0], 20)
    vectors = np.column_stack([30 * played, kind, 0.3 * rng.normal(size=(40, 6))]).astype(np.float32)
    keys = [f"song {i}" for i in range(40)]
    embedding = SongEmbedding(keys, {k: k.title() for k in keys}, vectors)
    nearest = [name for name, _ in embedding.most_similar("song 36", 8)]  # one of the most played
    assert all(int(name.split()[1]) % 2 == 0 for name in nearest), nearest


def test_similarities_spread_out_on_sixty_shows():
    """On the demo band's last 60 shows a fifth of all song pairs sat at |similarity| > 0.95."""
    full = demo_history()
    embedding = SongEmbedding.train(History(full.shows[-60:], band=full.band, demo=True), dims=128, epochs=20)
    songs = embedding.song_keys()
    sims = np.array([s for key in songs for _, s in embedding.most_similar(key, len(songs))])
    assert np.mean(np.abs(sims) > 0.95) < 0.02


def test_a_band_of_a_few_songs_keeps_its_differences():
    """With 3 to 5 songs every direction held more than a fifth of the spread, all were shrunk to nothing, and
    every song scored 0.000 in an order of rounding noise."""
    rng = np.random.default_rng(1)
    for n in (3, 4, 5):
        keys = [f"song {i}" for i in range(n)]
        embedding = SongEmbedding(keys, {k: k.title() for k in keys}, rng.normal(size=(n, 16)).astype(np.float32))
        sims = [s for _, s in embedding.most_similar("song 0", n)]
        assert len(sims) == n - 1 and max(sims) - min(sims) > 0.1, (n, sims)
