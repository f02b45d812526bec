"""Trains the coordinator on coordbench episodes and exports it.

    PATH=/opt/node24/node_modules/.bin:$PATH nice python3 training/train.py --out models/

Architecture flags (--modules, --active, --hidden, --rank) default to the shipped model; the
ablation variants of docs/coordbench.md are this script with one of them changed and --out
models/ablations/<name>/ (the checkpoint then goes to <out>/coordinator.pt, never over the shipped one).

Episodes (src/bench/episode.ts JSONL) are featurised by training/featurize.ts (node), so
the ids are the runtime's. Fitting uses the train split only; the validation split picks
the epoch; test metrics are reported once, for the model that ships.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coord_model import CoordConfig, Coordinator  # noqa: E402
from data import Batch, Episode, collate, load  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def featurize(episode_files: list[str], out: Path) -> Path:
    node = os.environ.get('COORD_NODE', 'node')
    command = [node, '--import', 'tsx', str(ROOT / 'training' / 'featurize.ts'), *episode_files, '--out', str(out)]
    subprocess.run(command, check=True, cwd=ROOT)
    return out


def forward(model: Coordinator, batch: Batch):
    """Runs an episode batch through encode/step/score exactly as the runtime will call them."""
    B, T, S, L = batch.segment_ids.shape
    Q = batch.query_ids.shape[1]
    # Encode only real segments (padding is most of a B×T×S grid), then place them back on the grid.
    real = batch.segment_mask.reshape(-1) > 0
    encoded = model.encode(batch.segment_ids.reshape(-1, L)[real])
    vectors = encoded.new_zeros(B * T * S, encoded.shape[-1])
    vectors[real] = encoded
    vectors = vectors.reshape(B, T, S, -1)
    state = model.initial_state(B).to(vectors.device)
    states, keys, gates, actives = [], [], [], []
    for t in range(T):
        new_state, active, gate_logit, step_keys = model.step(state, vectors[:, t], batch.segment_mask[:, t])
        live = batch.message_mask[:, t].unsqueeze(-1)
        state = live * new_state + (1 - live) * state  # padded messages leave the state alone
        states.append(state)
        keys.append(step_keys)
        gates.append(gate_logit)
        actives.append(active)
    states_t = torch.stack(states, 1)  # B×T×Kh
    memory = torch.cat(keys, 1)  # B×(T·S)×key
    slot_step = torch.arange(T, device=memory.device).repeat_interleave(S)  # T·S
    slot_valid = batch.segment_mask.reshape(B, T * S)
    query_state = torch.gather(states_t, 1, batch.query_step.unsqueeze(-1).expand(B, Q, states_t.shape[-1]))
    query_vec = model.encode(batch.query_ids.reshape(B * Q, L))
    key_mask = slot_valid.unsqueeze(1) * (slot_step.view(1, 1, -1) <= batch.query_step.unsqueeze(-1)).float()
    scores = model.score(query_state.reshape(B * Q, -1), query_vec,
                         memory.unsqueeze(1).expand(B, Q, T * S, -1).reshape(B * Q, T * S, -1),
                         key_mask.reshape(B * Q, T * S)).reshape(B, Q, T * S)
    return scores, key_mask, torch.stack(gates, 1), torch.stack(actives, 1)


def loss_of(scores, key_mask, gates, batch: Batch) -> torch.Tensor:
    valid = key_mask * batch.query_mask.unsqueeze(-1)
    bce = F.binary_cross_entropy_with_logits(scores, batch.labels, reduction='none')
    slot_loss = (bce * valid).sum() / valid.sum().clamp(min=1)
    # Listwise term: needed slots should outrank the rest of the memory, not only clear 0.
    log_p = torch.log_softmax(scores, -1)
    positives = batch.labels * valid
    has_pos = (positives.sum(-1) > 0).float()
    rank_loss = -((log_p * positives).sum(-1) / positives.sum(-1).clamp(min=1) * has_pos).sum() / has_pos.sum().clamp(min=1)
    gate_bce = F.binary_cross_entropy_with_logits(gates, batch.gate_labels, reduction='none')
    gate_loss = (gate_bce * batch.message_mask).sum() / batch.message_mask.sum().clamp(min=1)
    return slot_loss + 0.2 * rank_loss + 0.5 * gate_loss


def overlap_baseline(batch: Batch) -> torch.Tensor:
    """Non-learned retrieval: share of a segment's feature ids that also occur in the query."""
    B, T, S, L = batch.segment_ids.shape
    seg = batch.segment_ids.reshape(B, 1, T * S, L).long()
    qry = batch.query_ids.long()  # B×Q×L
    hits = torch.zeros(B, qry.shape[1], T * S)
    for b in range(B):
        for q in range(qry.shape[1]):
            ids = qry[b, q][qry[b, q] > 0]
            present = torch.isin(seg[b, 0], ids) & (seg[b, 0] > 0)
            hits[b, q] = present.sum(-1) / (seg[b, 0] > 0).sum(-1).clamp(min=1)
    return hits


class Metrics:
    """Selection metrics over queries at a readout threshold, plus gate accuracy. Scores of every
    (query, memory slot) pair are kept, so the threshold can be chosen on validation afterwards."""

    def __init__(self):
        self.scores: list[np.ndarray] = []
        self.labels: list[np.ndarray] = []
        self.query_of: list[np.ndarray] = []
        self.queries = self.needed = self.r_hits = self.base_r_hits = 0
        self.gate_right = self.gate_total = self.gate_pos = 0
        self.by_family: dict[str, list[int]] = {}

    def add(self, scores, key_mask, gates, batch: Batch, baseline) -> None:
        B, Q, _ = scores.shape
        for b in range(B):
            for q in range(Q):
                if batch.query_mask[b, q] == 0:
                    continue
                valid = key_mask[b, q] > 0
                need = (batch.labels[b, q] > 0)[valid]
                row = scores[b, q][valid]
                self.scores.append(row.numpy())
                self.labels.append(need.numpy())
                self.query_of.append(np.full(len(row), self.queries))
                self.queries += 1
                n_need = int(need.sum())
                self.needed += n_need
                if n_need:
                    hits = int(need[torch.topk(row, n_need).indices].sum())
                    self.r_hits += hits
                    family = self.by_family.setdefault(batch.families[b], [0, 0])
                    family[0] += hits
                    family[1] += n_need
                    base = baseline[b, q][valid]
                    self.base_r_hits += int(need[torch.topk(base, n_need).indices].sum())
        live = batch.message_mask > 0
        right = ((gates > 0) == (batch.gate_labels > 0.5)) & live
        self.gate_right += int(right.sum())
        self.gate_total += int(live.sum())
        self.gate_pos += int(((batch.gate_labels > 0.5) & live).sum())

    def _flat(self):
        return np.concatenate(self.scores), np.concatenate(self.labels), np.concatenate(self.query_of)

    def best_threshold(self) -> float:
        """The readout threshold with the best F1 on these queries (a grid of score quantiles)."""
        scores, labels, _ = self._flat()
        best, best_f1 = 0.0, -1.0
        for th in np.unique(np.quantile(scores, np.linspace(0.5, 0.999, 200))):
            chosen = scores > th
            tp = float((chosen & labels).sum())
            f1 = 2 * tp / max(float(chosen.sum()) + float(labels.sum()), 1.0)
            if f1 > best_f1:
                best, best_f1 = float(th), f1
        return best

    def summary(self, threshold: float) -> dict:
        scores, labels, query_of = self._flat()
        chosen = scores > threshold
        tp = float((chosen & labels).sum())
        precision = tp / max(float(chosen.sum()), 1.0)
        recall = tp / max(float(labels.sum()), 1.0)
        wrong = np.bincount(query_of, weights=(chosen != labels).astype(float), minlength=self.queries)
        return {
            'threshold': round(threshold, 4),
            'queries': self.queries,
            'mean_memory_slots': round(len(scores) / max(self.queries, 1), 2),
            'precision': round(precision, 4),
            'recall': round(recall, 4),
            'f1': round(2 * precision * recall / max(precision + recall, 1e-9), 4),
            'exact_set': round(float((wrong == 0).mean()), 4),
            'r_precision': round(self.r_hits / max(self.needed, 1), 4),
            'r_precision_overlap_baseline': round(self.base_r_hits / max(self.needed, 1), 4),
            'r_precision_by_family': {k: round(v[0] / max(v[1], 1), 4) for k, v in sorted(self.by_family.items())},
            'gate_accuracy': round(self.gate_right / max(self.gate_total, 1), 4),
            'gate_positive_rate': round(self.gate_pos / max(self.gate_total, 1), 4),
        }


def evaluate(model: Coordinator, episodes: list[Episode], device, batch_size: int) -> Metrics:
    model.eval()
    metrics = Metrics()
    with torch.no_grad():
        for i in range(0, len(episodes), batch_size):
            batch = collate(episodes[i: i + batch_size])
            scores, key_mask, gates, _ = forward(model, batch.to(device))
            metrics.add(scores.cpu(), key_mask.cpu(), gates.cpu(), batch, overlap_baseline(batch))
    model.train()
    return metrics


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--out', default=str(ROOT / 'models'))
    parser.add_argument('--episodes', nargs='*', help='episode JSONL files (default: training/data/*.jsonl '
                        'that are not feature files)')
    parser.add_argument('--features', help='an already featurised file (skips featurize.ts)')
    parser.add_argument('--minutes', type=float, default=10.0, help='wall-clock cap on fitting')
    parser.add_argument('--epochs', type=int, default=40)
    parser.add_argument('--batch', type=int, default=32)
    parser.add_argument('--lr', type=float, default=3e-3)
    parser.add_argument('--seed', type=int, default=7)
    parser.add_argument('--threads', type=int, default=1, help='1 was fastest on a shared 2-core machine')
    parser.add_argument('--select-on', type=int, default=450,
                        help='validation episodes scored after each epoch to pick the epoch (all are reported)')
    parser.add_argument('--max-train', type=int, default=0, help='use at most this many train episodes (0: all)')
    shipped = CoordConfig()
    parser.add_argument('--modules', type=int, default=shipped.modules, help='K: recurrent modules')
    parser.add_argument('--active', type=int, default=shipped.active, help='k: modules updated per step (1..K)')
    parser.add_argument('--hidden', type=int, default=shipped.hidden, help='h: hidden size per module (latent size)')
    parser.add_argument('--rank', type=int, default=shipped.rank, help='r: rank of every low-rank weight')
    parser.add_argument('--checkpoint', help='where the trained weights go (default: training/checkpoints/'
                        'coordinator.pt for the default --out, else <out>/coordinator.pt)')
    args = parser.parse_args()
    if not 1 <= args.active <= args.modules:
        parser.error(f'--active must be between 1 and --modules ({args.modules}), got {args.active}')
    if min(args.modules, args.hidden, args.rank) < 1:
        parser.error('--modules, --hidden and --rank must be positive')
    config = CoordConfig(modules=args.modules, active=args.active, hidden=args.hidden, rank=args.rank)

    seed_everything(args.seed)
    torch.set_num_threads(args.threads)
    device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    data_dir = ROOT / 'training' / 'data'
    if args.features:
        features = Path(args.features)
        sources = [args.features]
    else:
        sources = args.episodes or sorted(p for p in glob.glob(str(data_dir / '**' / '*.jsonl'), recursive=True)
                                          if not p.endswith('.features.jsonl') and 'synthetic' not in p)
        if not sources:
            sys.exit(f'no episode files under {data_dir}; write them with coordbench first')
        features = featurize(sources, data_dir / 'coordbench.features.jsonl')
    episodes = load(str(features))
    split = {name: [e for e in episodes if e.split == name] for name in ('train', 'validation', 'test')}
    if args.max_train:
        split['train'] = split['train'][: args.max_train]
    print({k: len(v) for k, v in split.items()}, 'episodes; device', device, flush=True)

    model = Coordinator(config).to(device)
    optimiser = torch.optim.Adam(model.parameters(), lr=args.lr)
    best, best_state, history = -1.0, None, []
    started = time.time()
    rng = random.Random(args.seed)
    for epoch in range(args.epochs):
        order = list(split['train'])
        rng.shuffle(order)
        total, batches = 0.0, 0
        for i in range(0, len(order), args.batch):
            batch = collate(order[i: i + args.batch]).to(device)
            scores, key_mask, gates, _ = forward(model, batch)
            loss = loss_of(scores, key_mask, gates, batch)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            total += float(loss)
            batches += 1
            if time.time() - started > args.minutes * 60:
                break
        selection = evaluate(model, split['validation'][: args.select_on], device, 64)
        validation = selection.summary(selection.best_threshold())
        history.append({'epoch': epoch, 'loss': round(total / max(batches, 1), 4), **{
            k: validation[k] for k in ('f1', 'r_precision', 'gate_accuracy')}})
        print(history[-1], f'{time.time() - started:.0f}s', flush=True)
        if validation['f1'] > best:
            best = validation['f1']
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        if time.time() - started > args.minutes * 60:
            break
    model.load_state_dict(best_state)
    fit_seconds = time.time() - started
    validation = evaluate(model, split['validation'], device, 64)
    threshold = validation.best_threshold()  # chosen on validation, then applied unchanged to test
    report = {
        'threshold': threshold,
        'validation': validation.summary(threshold),
        'test': evaluate(model, split['test'], device, 64).summary(threshold),
        'episodes': {k: len(v) for k, v in split.items()},
        'families': sorted({e.family for e in episodes}),
        'sources': [os.path.relpath(s, ROOT) for s in sources],
        'history': history,
        'fit_seconds': round(fit_seconds, 1),
        'device': str(device),
        'seed': args.seed,
        'hyper': {'epochs_max': args.epochs, 'batch': args.batch, 'lr': args.lr, 'minutes': args.minutes,
                  'select_on': args.select_on, 'threads': args.threads},
    }
    print(json.dumps({k: report[k] for k in ('validation', 'test')}, indent=1))

    out = Path(args.out).resolve()
    default_out = out == (ROOT / 'models').resolve()
    checkpoint = Path(args.checkpoint) if args.checkpoint else (
        ROOT / 'training' / 'checkpoints' / 'coordinator.pt' if default_out else out / 'coordinator.pt')
    checkpoint.parent.mkdir(parents=True, exist_ok=True)
    torch.save({'config': model.config.as_dict(), 'state': model.cpu().state_dict(), 'report': report}, checkpoint)
    from export import export  # noqa: E402  (after training: export needs only the trained model)
    export(model.cpu().eval(), out, report)


if __name__ == '__main__':
    main()
