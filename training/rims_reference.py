"""A RIMs core configured like the official copying-task script (github.com/anirudh9119/RIMs,
event_based/: train_copying.py, rnn_models_wiki.py, blocks_core.py, attention.py, BlockLSTM.py), kept
apart from the coordinator's own core so the copying task can be checked against the paper's design:

- K modules (6), of which the top k (4) update at each step;
- input attention, one head, each module's query against the keys of [a null input, the input];
  the K - k modules that attend most to the null input keep their state;
- each module is an LSTM cell with its own weights (the official block-diagonal LSTMCell);
- communication: 4-head attention (key/query/value size 16) of every module over all modules,
  added to the new state through a sigmoid gate and a tanh (residual); gradients reach the
  communication's inputs only from active modules, and inactive modules keep their old h and c.

Written from reading that code, not copied. Where this differs: the null input's key and value are
zero in the official code (a bias-free projection of zeros), so its projection weights are left out
here, and each module's LSTM has one bias vector where LSTMCell sums two; the function is the same. The
input read's dropout (0.1) draws one mask per input, shared by the modules, where the official code draws
one per module.

    python3 training/rims_reference.py --self-test   # checks shapes, top-k and the null input
"""
from __future__ import annotations

import argparse
import math
import sys

import torch
import torch.nn.functional as F
from torch import nn


class GroupLinear(nn.Module):
    """One bias-free linear map per module (the official GroupLinearLayer, same 0.01·N(0, 1) start)."""

    def __init__(self, din: int, dout: int, groups: int):
        super().__init__()
        self.w = nn.Parameter(0.01 * torch.randn(groups, din, dout))

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # B×G×din → B×G×dout
        return torch.bmm(x.transpose(0, 1), self.w).transpose(0, 1)


class _ActiveGrad(torch.autograd.Function):
    """Identity forward; backward passes gradient only to active modules (the official blocked_grad)."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        ctx.save_for_backward(mask)
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad: torch.Tensor):
        mask, = ctx.saved_tensors
        return grad * mask, None


class RimsReferenceCell(nn.Module):
    """One step of the official script's BlocksCore with LSTM modules. State: h, c of shape B×K×(hidden/K)."""

    def __init__(self, inputs: int, hidden: int, modules: int = 6, active: int = 4, heads: int = 4,
                 comm_size: int = 16, key_size: int = 64, dropout: float = 0.1):
        super().__init__()
        if hidden % modules or not 0 < active <= modules:
            raise ValueError(f'hidden {hidden} must split into {modules} modules and 0 < active {active} <= {modules}')
        self.modules_, self.active, self.size = modules, active, hidden // modules
        self.heads, self.comm_size, self.key_size = heads, comm_size, key_size
        self.read = 4 * self.size  # the official att_out: each module reads 4× its own size from the input
        self.in_query = GroupLinear(self.size, key_size, modules)
        self.in_key = nn.Linear(inputs, key_size, bias=False)
        self.in_value = nn.Linear(inputs, self.read, bias=False)
        nn.init.normal_(self.in_key.weight, std=0.01)
        nn.init.normal_(self.in_value.weight, std=0.01)
        # LSTMCell's start, uniform ±1/√hidden, per module: gates i, f, g, o.
        bound = 1 / math.sqrt(hidden)
        self.lstm_x = nn.Parameter(torch.empty(modules, self.read, 4 * self.size).uniform_(-bound, bound))
        self.lstm_h = nn.Parameter(torch.empty(modules, self.size, 4 * self.size).uniform_(-bound, bound))
        self.lstm_b = nn.Parameter(torch.empty(modules, 4 * self.size).uniform_(-bound, bound))
        self.comm_query = GroupLinear(self.size, heads * comm_size, modules)
        self.comm_key = GroupLinear(self.size, heads * comm_size, modules)
        self.comm_value = GroupLinear(self.size, heads * comm_size, modules)
        self.comm_out = nn.Linear(heads * comm_size, self.size)
        self.comm_gate = nn.Linear(heads * comm_size, self.size)
        self.drop = nn.Dropout(dropout)

    def initial_state(self, batch: int) -> tuple[torch.Tensor, torch.Tensor]:
        zeros = torch.zeros(batch, self.modules_, self.size)
        return zeros, zeros.clone()

    def input_attention(self, x: torch.Tensor, h: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Each module's attention to the real input (B×K; 1 minus it is its attention to the null input)
        and what it reads (B×K×read). The null input's key is zero, so its score is 0 and the softmax over
        [null, input] is a sigmoid of the input's score."""
        score = (self.in_query(h) * self.in_key(x).unsqueeze(1)).sum(2) / math.sqrt(self.key_size)
        attend = torch.sigmoid(score)
        return attend, attend.unsqueeze(2) * self.drop(self.in_value(x)).unsqueeze(1)

    def select(self, attend: torch.Tensor) -> torch.Tensor:
        """B×K float mask of the k modules that attend most to the input (least to the null input)."""
        top = attend.topk(self.active, dim=1).indices
        return torch.zeros_like(attend).scatter_(1, top, 1.0)

    def communicate(self, h: torch.Tensor) -> torch.Tensor:
        """Every module attends over all modules (each head softmax-normalised), then a gated tanh write."""
        B, K, _ = h.shape
        split = lambda t: t.view(B, K, self.heads, self.comm_size).transpose(1, 2)  # noqa: E731  B×H×K×d
        q, k, v = split(self.comm_query(h)), split(self.comm_key(h)), split(self.comm_value(h))
        # Broadcast products, not bmm: for matrices this small, CPU bmm loops over the batch one block at a time.
        weights = torch.softmax((q.unsqueeze(3) * k.unsqueeze(2)).sum(4) / math.sqrt(self.comm_size), dim=3)
        read = (weights.unsqueeze(4) * v.unsqueeze(2)).sum(3).transpose(1, 2).reshape(B, K, self.heads * self.comm_size)
        return torch.sigmoid(self.comm_gate(read)) * torch.tanh(self.drop(self.comm_out(read)))

    def forward(self, x: torch.Tensor, h: torch.Tensor, c: torch.Tensor):
        """x: B×inputs. Returns the new h and c (B×K×size) and the B×K mask of modules that updated."""
        attend, read = self.input_attention(x, h)
        mask = self.select(attend).detach().unsqueeze(2)
        gates = (torch.bmm(read.transpose(0, 1), self.lstm_x) + torch.bmm(h.transpose(0, 1), self.lstm_h)).transpose(0, 1)
        i, f, g, o = (gates + self.lstm_b).chunk(4, dim=2)
        c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h_new = torch.sigmoid(o) * torch.tanh(c_new)
        h_new = h_new + self.communicate(_ActiveGrad.apply(h_new, mask))
        return mask * h_new + (1 - mask) * h, mask * c_new + (1 - mask) * c, mask.squeeze(2)


class RimsReferenceCopier(nn.Module):
    """The official copying model: embedding (size = hidden), dropout 0.5, the core, dropout, linear decoder."""

    def __init__(self, vocab: int, hidden: int, modules: int = 6, active: int = 4, dropout: float = 0.5):
        super().__init__()
        self.symbols = nn.Embedding(vocab, hidden)
        self.core = RimsReferenceCell(hidden, hidden, modules, active)
        self.out = nn.Linear(hidden, vocab)
        self.drop = nn.Dropout(dropout)
        nn.init.uniform_(self.symbols.weight, -0.1, 0.1)
        nn.init.uniform_(self.out.weight, -0.1, 0.1)
        nn.init.zeros_(self.out.bias)

    def parameters_used(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        """inputs: B×T symbol ids → B×T×vocab logits."""
        B, T = inputs.shape
        x = self.drop(self.symbols(inputs))
        h, c = self.core.initial_state(B)
        outputs = []
        for t in range(T):
            h, c, _ = self.core(x[:, t], h, c)
            outputs.append(h.reshape(B, -1))
        return self.out(self.drop(torch.stack(outputs, 1)))


def self_test() -> None:
    """Shapes, exactly k modules updated per step (the others keep h and c), the choice follows the
    input attention, a zero input is read as nothing, and gradients reach every weight."""
    torch.manual_seed(0)
    cell = RimsReferenceCell(inputs=12, hidden=24, modules=6, active=4).eval()
    h, c = torch.randn(5, 6, 4), torch.randn(5, 6, 4)
    x = torch.randn(5, 12)
    h2, c2, mask = cell(x, h, c)
    assert h2.shape == (5, 6, 4) and c2.shape == (5, 6, 4) and mask.shape == (5, 6), 'shapes'
    assert torch.equal(mask.sum(1), torch.full((5,), 4.0)), 'exactly k = 4 modules active per row'
    kept = mask == 0
    assert torch.equal(h2[kept], h[kept]) and torch.equal(c2[kept], c[kept]), 'inactive modules keep h and c'
    assert (h2[~kept] != h[~kept]).any(dim=1).all(), 'active modules change'
    attend, read = cell.input_attention(x, h)
    assert torch.all(attend[mask.bool()].view(5, 4).min(1).values >= attend[kept].view(5, 2).max(1).values), \
        'the active modules are those attending least to the null input'
    assert read.shape == (5, 6, cell.read), 'read shape'
    _, nothing = cell.input_attention(torch.zeros(5, 12), h)
    assert torch.equal(nothing, torch.zeros_like(nothing)), 'a zero input reads as the null input: nothing'
    # One module's own state picks its score: raising its attention to the input makes it active.
    with torch.no_grad():
        cell.in_query.w[2].zero_()
    attend0, _ = cell.input_attention(x, h)
    assert torch.allclose(attend0[:, 2], torch.full((5,), 0.5)), 'a zero query scores input and null alike'
    model = RimsReferenceCopier(vocab=10, hidden=24).train()
    inputs = torch.randint(0, 10, (3, 7))
    logits = model(inputs)
    assert logits.shape == (3, 7, 10), 'copier logits shape'
    F.cross_entropy(logits.reshape(-1, 10), inputs.reshape(-1)).backward()
    missing = [n for n, p in model.named_parameters() if p.grad is None or not p.grad.abs().sum() > 0]
    assert not missing, f'no gradient reaches {missing}'
    print('rims_reference self-test passed')


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('--self-test', action='store_true')
    if parser.parse_args().self_test:
        try:
            self_test()
        except AssertionError as failed:
            print(f'rims_reference self-test failed: {failed}', file=sys.stderr)
            sys.exit(1)
    else:
        parser.print_help()
