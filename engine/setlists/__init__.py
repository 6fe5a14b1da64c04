"""Setlists: a band's history, song embeddings, the next-song model, evaluation and drafting.

history.py (Show, History, load_history, song_profile, demo_history) · formats.py (CSV, phish.net,
setlist.fm, Encore JSON) · export.py (write_setlist, write_history) · embeddings.py (SongEmbedding) ·
stream.py / features.py / corpus.py (what the model reads) · network.py / fitting.py / model.py
(TrainSettings, train, SetlistModel) · scoring.py · evaluate.py (both protocols with baselines) ·
segues.py / draft.py (draft_show) · cli.py (`python main.py setlist ...`).
"""
