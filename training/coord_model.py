"""The coordinator: a RIMs-style recurrent core (arXiv 1909.10893) with low-rank weights.

Three graphs, exported as three ONNX files (see training/export.py):
  encode(ids)                               -> vectors   bag of word and hashed-feature embeddings
  step(state, segments, segment_mask)       -> state', active, gate_logit, keys
  score(state, query, keys, key_mask, cross) -> scores   relevance logits of memory slots

Ids (runtime/coordinator/features.ts, v2): 1..V are vocabulary words, whose embedding rows are
pretrained word vectors projected to D and kept fixed; V+1.. are hashed features (unknown
words' character 3-grams, bigrams, tags), learned. `cross` holds query-aware features of each
slot (runtime/coordinator/cross-features.ts); a small head mixes them with the learned match.

Every weight matrix outside the embedding table is low-rank, W = V·U (rank r), per
module where a module owns it. Export-friendly by construction: no data-dependent
control flow, no TopK (the top-k choice is a rank count, stable by module index).
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
    modules: int = 8  # K
    active: int = 3  # k: modules updated per step
    hidden: int = 64  # h per module; state = K*h floats
    rank: int = 8  # r of every low-rank weight
    attn: int = 32  # key/query size of input and communication attention
    read: int = 32  # value size read by the input attention
    key: int = 32  # learned part of a memory key; a key is this plus the D-sized matched content
    head: int = 32  # hidden units of the score head

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def table_rows(self) -> int:
        """Padding, the vocabulary, then the hash buckets."""
        return 1 + self.vocabulary + self.hash_buckets


class LowRankLinear(nn.Module):
    """y = (x·V)·U + b with V: in×r, U: r×out; r·(in+out) weights instead of in·out."""

    def __init__(self, n_in: int, n_out: int, rank: int, bias: bool = True):
        super().__init__()
        self.n_in, self.n_out, self.rank = n_in, n_out, rank
        self.v = nn.Parameter(torch.randn(n_in, rank) / math.sqrt(n_in))
        self.u = nn.Parameter(torch.randn(rank, n_out) / math.sqrt(rank))
        self.b = nn.Parameter(torch.zeros(n_out)) if bias else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = (x @ self.v) @ self.u
        return y + self.b if self.b is not None else y

    def macs(self) -> tuple[int, int]:
        """(low-rank, full-rank) multiply-accumulates per input row."""
        return self.rank * (self.n_in + self.n_out), self.n_in * self.n_out


class ModuleLowRank(nn.Module):
    """One low-rank linear map per module, applied to x: K×B×in in a single batched matmul."""

    def __init__(self, modules: int, n_in: int, n_out: int, rank: int):
        super().__init__()
        self.modules_, self.n_in, self.n_out, self.rank = modules, n_in, n_out, rank
        self.v = nn.Parameter(torch.randn(modules, n_in, rank) / math.sqrt(n_in))
        self.u = nn.Parameter(torch.randn(modules, rank, n_out) / math.sqrt(rank))
        self.b = nn.Parameter(torch.zeros(modules, 1, n_out))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.matmul(torch.matmul(x, self.v), self.u) + self.b

    def macs(self) -> tuple[int, int]:
        return self.modules_ * self.rank * (self.n_in + self.n_out), self.modules_ * self.n_in * self.n_out


def unit(x: torch.Tensor) -> torch.Tensor:
    """x scaled to unit length along the last axis (plain ops, so ONNX and PyTorch agree)."""
    return x / torch.sqrt((x * x).sum(-1, keepdim=True) + 1e-12)


def top_k_mask(scores: torch.Tensor, k: int) -> torch.Tensor:
    """1.0 for the k highest scores per row, ties going to the lower index; exported as plain ops."""
    n = scores.shape[-1]
    s_i = scores.unsqueeze(-1)  # B×n×1: the module being ranked
    s_j = scores.unsqueeze(-2)  # B×1×n: the modules it is compared with
    lower = torch.tril(torch.ones(n, n, dtype=torch.bool, device=scores.device), diagonal=-1)
    beaten_by = (s_j > s_i) | ((s_j == s_i) & lower)
    rank = beaten_by.to(scores.dtype).sum(-1)
    return (rank < k).to(scores.dtype)


class Coordinator(nn.Module):
    def __init__(self, config: CoordConfig = CoordConfig(), word_rows: torch.Tensor | None = None):
        """word_rows: V×D pretrained rows for the vocabulary (None: random, for tests and the copying task)."""
        super().__init__()
        c = self.config = config
        K, h, r = c.modules, c.hidden, c.rank
        words = word_rows if word_rows is not None else torch.randn(c.vocabulary, c.embed) * 0.3
        if tuple(words.shape) != (c.vocabulary, c.embed):
            raise ValueError(f'word rows are {tuple(words.shape)}, the config needs {(c.vocabulary, c.embed)}')
        # Fixed: a few hundred episodes cannot improve on vectors learned from billions of words.
        self.register_buffer('word_rows', torch.cat([torch.zeros(1, c.embed), words.float()]))
        self.hash_rows = nn.Parameter(torch.randn(c.hash_buckets, c.embed) * 0.3)
        # Input attention: modules query the message's segments and a null input.
        self.in_key = LowRankLinear(c.embed, c.attn, r)
        self.in_value = LowRankLinear(c.embed, c.read, r)
        self.in_query = ModuleLowRank(K, h, c.attn, r)
        # GRU per module, every gate matrix low-rank.
        self.gru_x = ModuleLowRank(K, c.read, 3 * h, r)
        self.gru_h = ModuleLowRank(K, h, 3 * h, r)
        # Communication: active modules attend over all modules.
        self.comm_query = ModuleLowRank(K, h, c.attn, r)
        self.comm_key = ModuleLowRank(K, h, c.attn, r)
        self.comm_value = ModuleLowRank(K, h, h, r)
        # Heads.
        self.gate_hidden = LowRankLinear(K * h + c.embed, 32, r)
        self.gate_out = nn.Linear(32, 1)
        # Content maps of the key and query heads are full rank: matching a query to a segment
        # word by word needs all D dimensions of the bag of embeddings, and they are small (D×2E).
        self.key_content = nn.Linear(c.embed, 2 * c.key)
        self.key_state = LowRankLinear(K * h, 2 * c.key, r, bias=False)
        self.key_out = nn.Linear(2 * c.key, c.key)
        self.query_content = nn.Linear(c.embed, 2 * c.key)
        self.query_state = LowRankLinear(K * h, 2 * c.key, r, bias=False)
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

    @property
    def state_size(self) -> int:
        return self.config.modules * self.config.hidden

    def initial_state(self, batch: int) -> torch.Tensor:
        return torch.zeros(batch, self.state_size)

    def table(self) -> torch.Tensor:
        return torch.cat([self.word_rows, self.hash_rows], 0)

    def encode(self, ids: torch.Tensor) -> torch.Tensor:
        """ids: N×L int (0 = padding) → N×D mean of the ids' embeddings."""
        ids = ids.long()
        mask = (ids > 0).to(self.hash_rows.dtype).unsqueeze(-1)
        total = (nn.functional.embedding(ids, self.table()) * mask).sum(1)
        return total / mask.sum(1).clamp(min=1.0)

    def input_attention(self, h_prev: torch.Tensor, segments: torch.Tensor, segment_mask: torch.Tensor):
        """Each module's attention over [null input, segments]: B×K×(S+1), and the values B×(S+1)×v."""
        null = torch.zeros_like(segments[:, :1, :])
        inputs = torch.cat([null, segments], 1)  # slot 0 is the null input
        input_mask = torch.cat([torch.ones_like(segment_mask[:, :1]), segment_mask], 1)
        keys = self.in_key(inputs)  # B×(S+1)×a
        queries = self.in_query(h_prev).transpose(0, 1)  # B×K×a
        logits = torch.matmul(queries, keys.transpose(1, 2)) / math.sqrt(self.config.attn)
        logits = logits + (1.0 - input_mask.unsqueeze(1)) * MASKED
        return torch.softmax(logits, -1), self.in_value(inputs)

    def relevance(self, state: torch.Tensor, segments: torch.Tensor, segment_mask: torch.Tensor) -> torch.Tensor:
        """B×K: how strongly each module attends to the message rather than the null input."""
        c = self.config
        h_prev = state.reshape(state.shape[0], c.modules, c.hidden).transpose(0, 1)
        return 1.0 - self.input_attention(h_prev, segments, segment_mask)[0][:, :, 0]

    def step(self, state: torch.Tensor, segments: torch.Tensor, segment_mask: torch.Tensor):
        """state: B×(K·h); segments: B×S×D; segment_mask: B×S (1 = real segment)."""
        c = self.config
        B = state.shape[0]
        h_prev = state.reshape(B, c.modules, c.hidden).transpose(0, 1)  # K×B×h
        attention, values = self.input_attention(h_prev, segments, segment_mask)
        relevance = 1.0 - attention[:, :, 0]  # attention not spent on the null input
        active = top_k_mask(relevance, c.active)  # B×K
        read = torch.matmul(attention, values).transpose(0, 1)  # K×B×v

        gx = self.gru_x(read)
        gh = self.gru_h(h_prev)
        xr, xz, xn = gx.chunk(3, -1)
        hr, hz, hn = gh.chunk(3, -1)
        reset = torch.sigmoid(xr + hr)
        update = torch.sigmoid(xz + hz)
        candidate = torch.tanh(xn + reset * hn)
        h_new = (1.0 - update) * candidate + update * h_prev
        gate = active.transpose(0, 1).unsqueeze(-1)  # K×B×1
        h_mid = gate * h_new + (1.0 - gate) * h_prev  # inactive modules keep their state

        cq = self.comm_query(h_mid).transpose(0, 1)  # B×K×a
        ck = self.comm_key(h_mid).transpose(0, 1)
        cv = self.comm_value(h_mid).transpose(0, 1)  # B×K×h
        comm = torch.softmax(torch.matmul(cq, ck.transpose(1, 2)) / math.sqrt(c.attn), -1)
        # Active modules add what they read to their state inside a tanh, so the state stays in (-1, 1)
        # however many messages a run has (a plain residual lets it drift over long runs).
        h_mid = h_mid.transpose(0, 1)  # B×K×h
        a = active.unsqueeze(-1)
        h_out = a * torch.tanh(h_mid + torch.matmul(comm, cv)) + (1.0 - a) * h_mid
        new_state = h_out.reshape(B, self.state_size)

        mask = segment_mask.unsqueeze(-1)
        message = (segments * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        gate_logit = self.gate_out(torch.tanh(self.gate_hidden(torch.cat([new_state, message], -1)))).squeeze(-1)
        learned = self.key_out(torch.tanh(self.key_content(segments) + self.key_state(new_state).unsqueeze(1)))
        memory_keys = torch.cat([learned, unit(self.match(segments))], -1)  # B×S×(E + D)
        return new_state, active > 0.5, gate_logit, memory_keys

    def score(self, state: torch.Tensor, query: torch.Tensor, keys: torch.Tensor, key_mask: torch.Tensor,
              cross: torch.Tensor):
        """Relevance logits of memory slots for one receiver's query: B×M (masked slots get MASKED).
        cross: B×M×C query-aware features of each slot."""
        E = self.config.key
        learned_q = self.query_out(torch.tanh(self.query_content(query) + self.query_state(state))) / math.sqrt(E)
        learned = torch.matmul(keys[:, :, :E], learned_q.unsqueeze(-1))  # B×M×1
        lexical = torch.matmul(keys[:, :, E:], unit(self.match(query)).unsqueeze(-1))  # B×M×1, a cosine
        features = torch.cat([learned, self.match_scale * lexical, cross], -1)
        scores = (self.head_out(torch.tanh(self.head_hidden(features))) + self.head_linear(features)).squeeze(-1)
        return scores + (1.0 - key_mask) * MASKED

    def cost(self) -> dict:
        """Parameters and multiply-accumulates per step/score, low-rank against the same model at full rank."""
        c = self.config
        per_step_rows = {  # how many rows each map is applied to in one step (S = 1 segment, M = 1 slot)
            'in_key': 2, 'in_value': 2, 'in_query': 1, 'gru_x': 1, 'gru_h': 1,
            'comm_query': 1, 'comm_key': 1, 'comm_value': 1,
            'gate_hidden': 1, 'gate_out': 1, 'key_content': 1, 'key_state': 1, 'key_out': 1, 'match': 1,
        }
        score_rows = {'query_content': 1, 'query_state': 1, 'query_out': 1, 'match': 1, 'head_hidden': 1, 'head_out': 1, 'head_linear': 1}
        low_step = full_step = low_score = full_score = 0
        low_params = full_params = 0
        for name, layer in self.named_children():
            if isinstance(layer, nn.Linear):
                low = full = layer.in_features * layer.out_features
            elif isinstance(layer, (LowRankLinear, ModuleLowRank)):
                low, full = layer.macs()
            else:
                continue
            low_params += low
            full_params += full
            low_step += low * per_step_rows.get(name, 0)
            full_step += full * per_step_rows.get(name, 0)
            low_score += low * score_rows.get(name, 0)
            full_score += full * score_rows.get(name, 0)
        total = sum(p.numel() for p in self.parameters()) + self.word_rows.numel()
        embedding = self.word_rows.numel() + self.hash_rows.numel()
        return {
            'parameters': total,
            'embedding_parameters': embedding,
            'matrix_parameters_as_built': low_params,
            'matrix_parameters_full_rank': full_params,
            'parameters_full_rank_equivalent': total - low_params + full_params,
            'step_matmul_macs_low_rank': low_step,
            'step_matmul_macs_full_rank': full_step,
            'score_matmul_macs_low_rank': low_score,
            'score_matmul_macs_full_rank': full_score,
            'state_bytes': self.state_size * 4,
        }
