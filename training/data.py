"""Feature-id episodes (written by training/featurize.ts) → padded tensors for training.

Labels are derived here, not features: a memory slot's label for a query is 1 when the
query needs that segment; a message's gate label is 1 when its receiver's next query
(at or after the message) needs one of the message's segments, i.e. the text is worth
forwarding now rather than keeping latent.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import torch

MAX_IDS = 128  # must equal MAX_IDS in runtime/coordinator/features.ts


@dataclass
class Episode:
    id: str
    family: str
    split: str
    message_slots: list[list[list[int]]]  # message → segment → feature ids
    message_to: list[str]
    queries: list[dict]  # afterStep, receiver, ids, needs (slot indices)

    @property
    def slot_positions(self) -> list[tuple[int, int]]:
        return [(t, s) for t, slots in enumerate(self.message_slots) for s in range(len(slots))]

    def gate_labels(self) -> list[int]:
        positions = self.slot_positions
        labels = []
        for t, to in enumerate(self.message_to):
            nxt = next((q for q in self.queries if q['afterStep'] >= t and q['receiver'] == to), None)
            needed = {positions[slot][0] for slot in nxt['needs']} if nxt else set()
            labels.append(int(t in needed))
        return labels


def load(path: str) -> list[Episode]:
    episodes = []
    with open(path) as lines:
        for line in lines:
            if not line.strip():
                continue
            raw = json.loads(line)
            messages = sorted(raw['messages'], key=lambda m: m['step'])
            if [m['step'] for m in messages] != list(range(len(messages))):
                raise ValueError(f"{path}: episode {raw['id']} has message steps that are not 0..n-1")
            episodes.append(Episode(raw['id'], raw['family'], raw['split'], [m['slots'] for m in messages],
                                    [m['to'] for m in messages], raw['queries']))
    return episodes


@dataclass
class Batch:
    segment_ids: torch.Tensor  # B×T×S×L int32
    segment_mask: torch.Tensor  # B×T×S float
    message_mask: torch.Tensor  # B×T float
    gate_labels: torch.Tensor  # B×T float
    query_ids: torch.Tensor  # B×Q×L int32
    query_step: torch.Tensor  # B×Q int64
    query_mask: torch.Tensor  # B×Q float
    labels: torch.Tensor  # B×Q×(T·S) float, 1 = needed
    families: list[str]

    def to(self, device: torch.device) -> 'Batch':
        moved = {k: v.to(device) if isinstance(v, torch.Tensor) else v for k, v in self.__dict__.items()}
        return Batch(**moved)


def collate(episodes: list[Episode]) -> Batch:
    B = len(episodes)
    T = max(len(e.message_slots) for e in episodes)
    S = max(len(slots) for e in episodes for slots in e.message_slots)
    Q = max(1, max(len(e.queries) for e in episodes))
    # Ids are padded only to the longest row in the batch: a masked mean ignores padding anyway.
    L = max([len(ids) for e in episodes for slots in e.message_slots for ids in slots]
            + [len(q['ids']) for e in episodes for q in e.queries] + [1])
    L = min(L, MAX_IDS)
    segment_ids = torch.zeros(B, T, S, L, dtype=torch.int32)
    segment_mask = torch.zeros(B, T, S)
    message_mask = torch.zeros(B, T)
    gate_labels = torch.zeros(B, T)
    query_ids = torch.zeros(B, Q, L, dtype=torch.int32)
    query_step = torch.zeros(B, Q, dtype=torch.int64)
    query_mask = torch.zeros(B, Q)
    labels = torch.zeros(B, Q, T * S)
    for b, e in enumerate(episodes):
        for t, slots in enumerate(e.message_slots):
            message_mask[b, t] = 1
            for s, ids in enumerate(slots):
                segment_ids[b, t, s, : len(ids)] = torch.tensor(ids[:MAX_IDS], dtype=torch.int32)
                segment_mask[b, t, s] = 1
        gate_labels[b, : len(e.message_slots)] = torch.tensor(e.gate_labels(), dtype=torch.float32)
        positions = e.slot_positions
        for q, query in enumerate(e.queries):
            query_ids[b, q, : len(query['ids'])] = torch.tensor(query['ids'][:MAX_IDS], dtype=torch.int32)
            query_step[b, q] = query['afterStep']
            query_mask[b, q] = 1
            for slot in query['needs']:
                t, s = positions[slot]
                labels[b, q, t * S + s] = 1
    return Batch(segment_ids, segment_mask, message_mask, gate_labels, query_ids, query_step, query_mask, labels,
                 [e.family for e in episodes])
