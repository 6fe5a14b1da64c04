"""The next-song network: an LSTM over the recent stream, plus what fans know about each song.

logits = LSTM head (what usually comes next in this context)
       + feature head (gap, rotation, tour, era, favourite slots, plus a few learned traits of the song's
         embedding: a small MLP per song, one output per slot)
       + learned weights per slot times the bigram log-probability from the previous token and times the
         bigram probability itself (a near-certain pair, A > B every time, outweighs a song's rotation).
A song the show already had gets a learned penalty per slot, not a ban: sandwiches return to one (A > B > A),
and the bigram and the LSTM lift it where they do. Drafting and the chronological protocol rule repeats out.
"""

from __future__ import annotations

import torch
from torch import nn

from ..compute import bf16_on_cpu
from .stream import MAX_POSITION, SLOTS

SONG_TRAITS = 8  # what the feature head knows of each song's embedding
BUCKETS = 4  # where in the set the next song comes: opener, early, middle, late
POSITION_BUCKET = [0, 1, 1, 2, 2, 2] + [3] * (MAX_POSITION - 5)
SHOW_ROUNDING = 16  # the feature head scores shows in multiples of this


def head_index(slots, positions):
    """Which output of the feature head applies: slot and how far into the set."""
    return slots * BUCKETS + torch.as_tensor(POSITION_BUCKET, device=positions.device)[positions]


class NextSongNet(nn.Module):
    def __init__(self, vocab_size: int, features: int, dims: int = 64, hidden: int = 192, dropout: float = 0.2,
                 feature_hidden: int = 16):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, dims, padding_idx=0)
        self.slot_embed = nn.Embedding(SLOTS, 16)
        self.position_embed = nn.Embedding(MAX_POSITION + 1, 16)
        self.lstm = nn.LSTM(dims + 32, hidden, batch_first=True)
        self.drop = nn.Dropout(dropout)
        self.project = nn.Linear(hidden, dims)  # scored against the song embeddings: fewer weights to overfit
        self.out_bias = nn.Parameter(torch.zeros(vocab_size))
        # what kind of song it is (gaps mean different things for a jam vehicle and a ballad), into the head
        self.traits = nn.Sequential(nn.Linear(dims, SONG_TRAITS), nn.Linear(SONG_TRAITS, feature_hidden, bias=False))
        nn.init.zeros_(self.traits[1].weight)  # start as the plain feature head; traits earn their place
        self.feature_head = nn.Sequential(nn.Linear(features, feature_hidden), nn.ReLU(),
                                          nn.Linear(feature_hidden, SLOTS * BUCKETS))
        self.bigram_weight = nn.Embedding(SLOTS, 2)  # on log P(next | previous) and on P(next | previous)
        nn.init.constant_(self.bigram_weight.weight, 0.5)
        self.reprise = nn.Embedding(SLOTS, 1)  # score of a song the show already had
        nn.init.constant_(self.reprise.weight, -8.0)

    def context(self, tokens, slots, positions):
        """(B, T, hidden) LSTM outputs: the state after each token."""
        x = torch.cat([self.embed(tokens), self.slot_embed(slots), self.position_embed(positions)], dim=-1)
        out, _ = self.lstm(self.drop(x))
        return self.drop(out)

    def out(self, context):
        """LSTM logits: the context scored against each token's (shared, trainable) embedding."""
        return self.project(context) @ self.embed.weight.T + self.out_bias

    def song_scores(self, features, song_mask):
        """(U, V, SLOTS * BUCKETS) scores of each song for each slot, from per-show features (U, V, F)."""
        first, relu, last = self.feature_head
        shows = len(features)
        if shows % SHOW_ROUNDING:  # a few tensor sizes, not a new one each batch: the C heap kept a block of
            # every size it had seen (bf16: 1.6 GB peak in the Phish benchmark instead of 1.1)
            features = torch.cat([features, features.new_zeros(-shows % SHOW_ROUNDING, *features.shape[1:])])
        # every (show, song) pair through a small MLP: half of training time in float32. In bf16 training is
        # 25 % faster; Phish seeds 0-2 give 22.2 % chronological top-5 on average (22.4 % in float32), within
        # seed noise, and 25.3 % random-windows top-1 (25.2 %)
        with bf16_on_cpu(features.device):
            hidden = relu(first(features) + self.traits(self.embed.weight.detach())[None])  # = a layer over both
            scores = last(hidden)
        return scores[:shows].float() * song_mask[None, :, None]

    def forward(self, tokens, slots, positions, show_index, show_features, song_mask, bigram, played, at=None):
        """Logits for the token after each position: (B, T, V), or (P, V) at the flat positions `at` (P,) only
        (training: the burn-in and held-out positions need the LSTM's state but no scores).

        show_index: rows into show_features (U, V, F), shaped as the positions scored; bigram: (V, V)
        log-probs; played: (..., V) for the positions scored."""
        context = self.context(tokens, slots, positions)
        if at is not None:
            context = context.reshape(-1, context.shape[-1]).index_select(0, at)
            tokens, slots, positions = (x.reshape(-1).index_select(0, at) for x in (tokens, slots, positions))
        logits = self.out(context)
        return logits + self.extra_scores(tokens, slots, positions, show_index, show_features, song_mask,
                                          bigram).view_as(logits) + self.reprise_scores(played, slots)

    def reprise_scores(self, played, slots):
        """The penalty of each song the show already had (played: bool (..., V), slots: (...))."""
        return played * self.reprise(slots)

    def extra_scores(self, tokens, slots, positions, show_index, show_features, song_mask, bigram):
        """(P, V) feature-head and bigram scores for flattened positions (index_select: cheap backward)."""
        scores = self.song_scores(show_features, song_mask).permute(0, 2, 1).contiguous()
        rows = (show_index * scores.shape[1] + head_index(slots, positions)).reshape(-1)
        heads = scores.view(-1, scores.shape[-1]).index_select(0, rows)
        return heads + self.pair_scores(slots.reshape(-1), bigram.index_select(0, tokens.reshape(-1)))

    def pair_scores(self, slots, log_probs):
        """(P, V) from bigram log-probabilities (P, V) of the next token at positions with these slots (P,)."""
        w = self.bigram_weight(slots)
        return w[:, :1] * log_probs + w[:, 1:] * log_probs.exp()
