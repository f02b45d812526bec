"""The coordinator (v3): a stateless readout scorer over a per-run key-value memory of segments.

Exported as two ONNX graphs (see training/export.py):
  encode(ids)                         -> vectors, keys   bag of embeddings, and its memory key
  score(query, keys, key_mask, cross) -> scores          relevance logits of memory slots

Ids (runtime/coordinator/features.ts, v2): 1..V are vocabulary words, whose embedding rows are
pretrained word vectors projected to D and kept fixed; V+1.. are hashed features (unknown
words' character 3-grams, bigrams, tags), learned. `cross` holds query-aware features of each
slot (runtime/coordinator/cross-features.ts), among them what a recurrent state was meant to
learn: whether a later slot revisits or corrects this one. A small head mixes them with the
learned match.

v1 and v2 carried a RIMs-style recurrent state (training/rims_core.py) into every key and query.
Zeroing it changed no test figure of v2 (docs/coordinator.md, "Why there is no recurrent state"),
so v3 has none: a key depends on its segment only, a score on the query, the key and the slot's
cross features.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
from torch import nn

MASKED = -1e4  # added to logits of padded slots; finite so ONNX and PyTorch agree exactly


@dataclass(frozen=True)
class CoordConfig:
    vocabulary: int = 20000  # V: words with a pretrained row (training/data/vocabulary.txt)
    hash_buckets: int = 4096  # must equal HASH_BUCKETS in runtime/coordinator/features.ts
    cross: int = 16  # must equal CROSS_FEATURES in runtime/coordinator/cross-features.ts
    embed: int = 64  # D: segment and query vector size
    key: int = 32  # learned part of a memory key; a key is this plus the D-sized matched content
    head: int = 32  # hidden units of the score head

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
    def __init__(self, config: CoordConfig = CoordConfig(), word_rows: torch.Tensor | None = None):
        """word_rows: V×D pretrained rows for the vocabulary (None: random, for tests)."""
        super().__init__()
        c = self.config = config
        words = word_rows if word_rows is not None else torch.randn(c.vocabulary, c.embed) * 0.3
        if tuple(words.shape) != (c.vocabulary, c.embed):
            raise ValueError(f'word rows are {tuple(words.shape)}, the config needs {(c.vocabulary, c.embed)}')
        # Fixed: a few hundred episodes cannot improve on vectors learned from billions of words.
        self.register_buffer('word_rows', torch.cat([torch.zeros(1, c.embed), words.float()]))
        self.hash_rows = nn.Parameter(torch.randn(c.hash_buckets, c.embed) * 0.3)
        # Learned match: a segment's key and a query's vector, each a small tanh map of its bag of embeddings.
        self.key_content = nn.Linear(c.embed, 2 * c.key)
        self.key_out = nn.Linear(2 * c.key, c.key)
        self.query_content = nn.Linear(c.embed, 2 * c.key)
        self.query_out = nn.Linear(2 * c.key, c.key)
        # Lexical match: one shared map of the bag of embeddings (initialised to the identity), compared by
        # cosine; its half of a memory key is the segment's matched content, its half of a query the query's.
        self.match = nn.Linear(c.embed, c.embed, bias=False)
        nn.init.eye_(self.match.weight)
        self.match_scale = nn.Parameter(torch.tensor(5.0))
        # Score head: the learned match, the lexical cosine and the cross features, mixed.
        self.head_hidden = nn.Linear(c.cross + 2, c.head)
        self.head_out = nn.Linear(c.head, 1)
        # A linear path beside the tanh layer: a weighted sum of the features is a strong ranker on its
        # own (learning-to-rank's usual start), and the hidden layer learns what it misses.
        self.head_linear = nn.Linear(c.cross + 2, 1)
        nn.init.zeros_(self.head_out.weight)  # the hidden layer starts silent, adding only what it learns

    @property
    def memory_key_size(self) -> int:
        """A memory key: the learned key (E) and the unit-length matched content (D)."""
        return self.config.key + self.config.embed

    def table(self) -> torch.Tensor:
        return torch.cat([self.word_rows, self.hash_rows], 0)

    def encode(self, ids: torch.Tensor) -> torch.Tensor:
        """ids: N×L int (0 = padding) → N×D mean of the ids' embeddings."""
        ids = ids.long()
        mask = (ids > 0).to(self.hash_rows.dtype).unsqueeze(-1)
        total = (nn.functional.embedding(ids, self.table()) * mask).sum(1)
        return total / mask.sum(1).clamp(min=1.0)

    def keys(self, segments: torch.Tensor) -> torch.Tensor:
        """segments: …×D encoded vectors → …×(E + D) memory keys (also the latents handed to function agents)."""
        learned = self.key_out(torch.tanh(self.key_content(segments)))
        return torch.cat([learned, unit(self.match(segments))], -1)

    def score(self, query: torch.Tensor, keys: torch.Tensor, key_mask: torch.Tensor, cross: torch.Tensor):
        """Relevance logits of memory slots for one receiver's query: B×M (masked slots get MASKED).
        query: B×D; keys: B×M×(E + D); key_mask: B×M; cross: B×M×C query-aware features of each slot."""
        return self.head(self.slot_features(query, keys, cross), key_mask)

    def slot_features(self, query: torch.Tensor, keys: torch.Tensor, cross: torch.Tensor) -> torch.Tensor:
        """B×M×(2 + C): what the score head mixes, the learned match, the lexical cosine and the cross features."""
        E = self.config.key
        learned_q = self.query_out(torch.tanh(self.query_content(query))) / math.sqrt(E)
        learned = torch.matmul(keys[:, :, :E], learned_q.unsqueeze(-1))  # B×M×1
        lexical = torch.matmul(keys[:, :, E:], unit(self.match(query)).unsqueeze(-1))  # B×M×1, a cosine
        return torch.cat([learned, self.match_scale * lexical, cross], -1)

    def head(self, features: torch.Tensor, key_mask: torch.Tensor) -> torch.Tensor:
        """The score head over slot features: B×M logits."""
        scores = (self.head_out(torch.tanh(self.head_hidden(features))) + self.head_linear(features)).squeeze(-1)
        return scores + (1.0 - key_mask) * MASKED

    def cost(self) -> dict:
        """Parameters and multiply-accumulates per key (one segment) and per score (one slot)."""
        key_layers = ('key_content', 'key_out', 'match')
        score_layers = ('head_hidden', 'head_out', 'head_linear')
        query_layers = ('query_content', 'query_out', 'match')
        macs = {name: layer.in_features * layer.out_features for name, layer in self.named_children()
                if isinstance(layer, nn.Linear)}
        total = sum(p.numel() for p in self.parameters()) + self.word_rows.numel()
        embedding = self.word_rows.numel() + self.hash_rows.numel()
        return {
            'parameters': total,
            'embedding_parameters': embedding,
            'matrix_parameters': sum(macs.values()),
            'key_matmul_macs': sum(macs[n] for n in key_layers),
            'query_matmul_macs': sum(macs[n] for n in query_layers),
            'score_matmul_macs_per_slot': sum(macs[n] for n in score_layers) + self.config.key + self.config.embed,
        }
