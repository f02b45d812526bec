"""The coordinator (v4): a readout scorer over query-aware features of each memory slot, and a
fixed encoder for the latent vectors handed to function agents.

Exported as two ONNX graphs (see training/export.py):
  encode(ids)               -> vectors   a segment's latent: the unit-length sum (or mean) of its ids' rows
  score(cross, slot_mask)   -> scores    relevance logits of memory slots

Ids (runtime/coordinator/features.ts, v2): 1..V are vocabulary words, whose rows are pretrained
word vectors projected to D; V+1.. are hashed features (unknown words' character 3-grams,
bigrams, tags), seeded random rows. Nothing in the encoder is trained: v3.1's ablation showed that
the learned key and query maps and the word-vector cosine earned nothing in the score
(docs/coordinator.md, "The score head"), so v4 scores from `cross` alone
(runtime/coordinator/cross-features.ts) and keeps the encoder only for latents and squeezing's
redundancy check.

v1 and v2 carried a RIMs-style recurrent state (training/rims_core.py); zeroing it changed no test
figure of v2 (docs/coordinator.md, "Why there is no recurrent state"), so there is none.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn

MASKED = -1e4  # added to logits of padded slots; finite so ONNX and PyTorch agree exactly


@dataclass(frozen=True)
class CoordConfig:
    vocabulary: int = 20000  # V: words with a pretrained row (training/data/vocabulary.txt)
    hash_buckets: int = 4096  # must equal HASH_BUCKETS in runtime/coordinator/features.ts
    cross: int = 23  # must equal CROSS_FEATURES in runtime/coordinator/cross-features.ts
    embed: int = 64  # D: latent size
    head: int = 64  # hidden units of the score head (0: its linear path alone)

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def table_rows(self) -> int:
        """Padding, the vocabulary, then the hash buckets."""
        return 1 + self.vocabulary + self.hash_buckets


def unit(x: torch.Tensor) -> torch.Tensor:
    """x scaled to unit length along the last axis (plain ops, so ONNX and PyTorch agree)."""
    return x / torch.sqrt((x * x).sum(-1, keepdim=True) + 1e-12)


class Coordinator(nn.Module):
    def __init__(self, config: CoordConfig = CoordConfig(), word_rows: torch.Tensor | None = None, seed: int = 7):
        """word_rows: V×D pretrained rows for the vocabulary (None: random, for tests)."""
        super().__init__()
        c = self.config = config
        g = torch.Generator().manual_seed(seed)
        words = word_rows if word_rows is not None else torch.randn(c.vocabulary, c.embed, generator=g) * 0.3
        if tuple(words.shape) != (c.vocabulary, c.embed):
            raise ValueError(f'word rows are {tuple(words.shape)}, the config needs {(c.vocabulary, c.embed)}')
        # Fixed: the score does not read the latents, so nothing would train them.
        hashed = torch.randn(c.hash_buckets, c.embed, generator=g) * 0.3
        self.register_buffer('table_rows', torch.cat([torch.zeros(1, c.embed), words.float(), hashed]))
        # The score head: a linear path (a weighted sum of the features is a strong ranker on its own,
        # learning-to-rank's usual start) plus a tanh layer whose output starts at zero, adding what it learns.
        self.head_linear = nn.Linear(c.cross, 1)
        if c.head > 0:
            self.head_hidden = nn.Linear(c.cross, c.head)
            self.head_out = nn.Linear(c.head, 1)
            nn.init.zeros_(self.head_out.weight)

    def encode(self, ids: torch.Tensor) -> torch.Tensor:
        """ids: N×L int (0 = padding) → N×D latents, the unit-length mean of the ids' rows: the unit-length sum, as
        the mean is the sum over a positive count. Padding's row is zero, so padding adds nothing."""
        return unit(nn.functional.embedding(ids.long(), self.table_rows).sum(1))

    def score(self, cross: torch.Tensor, slot_mask: torch.Tensor) -> torch.Tensor:
        """Relevance logits of memory slots: cross …×M×C query-aware features of each slot, slot_mask …×M
        (masked slots get MASKED) → …×M."""
        scores = self.head_linear(cross)
        if self.config.head > 0:
            scores = scores + self.head_out(torch.tanh(self.head_hidden(cross)))
        return scores.squeeze(-1) + (1.0 - slot_mask) * MASKED

    def cost(self) -> dict:
        """Parameters, and multiply-accumulates per scored slot."""
        learned = sum(p.numel() for p in self.parameters())
        c = self.config
        return {
            'parameters': learned + self.table_rows.numel(),
            'embedding_parameters': self.table_rows.numel(),
            'learned_parameters': learned,
            'score_macs_per_slot': c.cross + (c.cross * c.head + c.head if c.head > 0 else 0),
        }
