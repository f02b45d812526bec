"""Readout cases (written by training/featurize.ts) → padded tensors for training.

A case is a run's messages (how many segments each has) and the queries asked after the last
one; each query scores some memory slots (segments, numbered in write order) with their cross
features, labelled 1 needed at this hop, 0 not needed, −1 left out. A message's gate label is 1
when a query needs one of its segments (its text is worth forwarding now), 0 when none does;
messages no query scores are left out.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import torch

def load(path: str) -> list[dict]:
    with open(path) as lines:
        return [json.loads(line) for line in lines if line.strip()]


@dataclass
class Batch:
    segment_mask: torch.Tensor  # B×T×S
    gate_labels: torch.Tensor  # B×T (−1: left out)
    query_mask: torch.Tensor  # B×Q
    slot_index: torch.Tensor  # B×Q×M int64 into the T·S grid
    slot_mask: torch.Tensor  # B×Q×M
    cross: torch.Tensor  # B×Q×M×C
    labels: torch.Tensor  # B×Q×M (−1: left out)
    families: list[str]
    sources: list[str]
    hops: torch.Tensor  # B×Q

    def to(self, device: torch.device) -> 'Batch':
        return Batch(**{k: v.to(device) if isinstance(v, torch.Tensor) else v for k, v in self.__dict__.items()})


def collate(cases: list[dict], cross_size: int) -> Batch:
    B = len(cases)
    T = max(len(c['messages']) for c in cases)
    S = max(m['segments'] for c in cases for m in c['messages'])
    Q = max(len(c['queries']) for c in cases)
    M = max(len(q['slots']) for c in cases for q in c['queries'])
    segment_mask = torch.zeros(B, T, S)
    gate_labels = torch.full((B, T), -1.0)
    query_mask = torch.zeros(B, Q)
    slot_index = torch.zeros(B, Q, M, dtype=torch.int64)
    slot_mask = torch.zeros(B, Q, M)
    cross = torch.zeros(B, Q, M, cross_size)
    labels = torch.full((B, Q, M), -1.0)
    hops = torch.zeros(B, Q)
    for b, c in enumerate(cases):
        grid = []  # write-order slot → T·S grid index
        for t, message in enumerate(c['messages']):
            for s in range(message['segments']):
                segment_mask[b, t, s] = 1
                grid.append((t, t * S + s))
        for q, query in enumerate(c['queries']):
            query_mask[b, q] = 1
            hops[b, q] = query['hop']
            n = len(query['slots'])
            slot_index[b, q, :n] = torch.tensor([grid[i][1] for i in query['slots']])
            slot_mask[b, q, :n] = 1
            cross[b, q, :n] = torch.tensor(query['cross'], dtype=torch.float32).reshape(n, cross_size)
            labels[b, q, :n] = torch.tensor(query['labels'], dtype=torch.float32)
            for i, label in zip(query['slots'], query['labels']):
                t = grid[i][0]
                gate_labels[b, t] = max(float(gate_labels[b, t]), 1.0 if label == 1 else 0.0)
    return Batch(segment_mask, gate_labels, query_mask, slot_index, slot_mask,
                 cross, labels, [c['family'] for c in cases], [c['source'] for c in cases], hops)
