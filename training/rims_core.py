"""The recurrent core of coordinator v1 and v2 (RIMs-style, arXiv 1909.10893, low-rank weights), kept for the
copying task (training/copying.py) after the shipped coordinator dropped it: with its state zeroed the v2
model's readout did not change on any test family (docs/coordinator.md, "Why there is no recurrent state").

K modules of hidden size h; an input attention against a null input picks the top k modules, which take a
GRU update (every gate matrix low-rank, W = V·U) and then read from all modules through a communication
attention inside a tanh. Export-friendly: no data-dependent control flow, no TopK.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

MASKED = -1e4


@dataclass(frozen=True)
class RimsConfig:
    embed: int = 64  # input size
    modules: int = 8  # K
    active: int = 3  # k: modules updated per step
    hidden: int = 64  # h per module
    rank: int = 8  # r of every low-rank weight
    attn: int = 32  # key/query size of input and communication attention
    read: int = 32  # value size read by the input attention


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


class RimsCore(nn.Module):
    def __init__(self, config: RimsConfig = RimsConfig()):
        super().__init__()
        c = self.config = config
        K, h, r = c.modules, c.hidden, c.rank
        self.in_key = LowRankLinear(c.embed, c.attn, r)
        self.in_value = LowRankLinear(c.embed, c.read, r)
        self.in_query = ModuleLowRank(K, h, c.attn, r)
        self.gru_x = ModuleLowRank(K, c.read, 3 * h, r)
        self.gru_h = ModuleLowRank(K, h, 3 * h, r)
        self.comm_query = ModuleLowRank(K, h, c.attn, r)
        self.comm_key = ModuleLowRank(K, h, c.attn, r)
        self.comm_value = ModuleLowRank(K, h, h, r)

    @property
    def state_size(self) -> int:
        return self.config.modules * self.config.hidden

    def initial_state(self, batch: int) -> torch.Tensor:
        return torch.zeros(batch, self.state_size)

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

    def step(self, state: torch.Tensor, segments: torch.Tensor, segment_mask: torch.Tensor):
        """state: B×(K·h); inputs: B×S×D; segment_mask: B×S (1 = real input) → the next state, active modules B×K."""
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

        return new_state, active > 0.5
