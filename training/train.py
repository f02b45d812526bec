"""Trains the coordinator on coordbench's readout cases and exports it.

    PATH=/opt/coord-node24/node_modules/.bin:$PATH nice python3 training/train.py --out models/

Cases come from training/featurize.ts (node), which runs the runtime's own feature code over
the natural corpus's train and validation domains, the train text of other briefs (TRAIN_SOURCES: longform-train,
documents-train and agents-train; engineering-train with --engineering-train) and the synthetic families' train and
validation tasks (plain and chatty senders); this script calls it unless --no-featurize. Each brief's validation
domains (HELD_APART) are scored apart, reported and never picked on.
Hop-level teacher forcing: a multi-hop case is trained as the readout asks it, hop 1 on the
question, hop k on each needed segment of hop k−1. Fitting uses the train split only; the
validation split picks the epoch and the readout threshold. Test splits are never read here:
bench/readout-eval.ts measures the exported model on them once.

What trains is the score head, on the cross features alone, then (v16) boosted trees on top of it
(training/trees.py); the encoder of the latents handed to function agents is pretrained word rows,
fixed (training/coord_model.py says why). The features do
not change while the head learns, so they are collated once and an epoch takes one to two seconds.
The gate is the score itself, so there is no gate head to fit.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coord_model import CoordConfig, Coordinator  # noqa: E402
from data import Batch, collate, load  # noqa: E402
import trees  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


# Train text written to other briefs, each added by its flag (--<flag>-train, featurize.ts's too) and weighed apart
# (--<flag>-repeat): (source, flag, trained on by default, weight, what one case is). v13's long notes ×16 keep the
# natural total about v12's, long notes counting twice (weighed as short ones, long-note validation AUC gained too
# little: docs/coordinator.md, "Version 13"); v14's documents weighed as a long note's (×16) cost short notes'
# supersession first-hop AUC 0.012 on validation, as a short note's 0.004 ("Version 14"); v15's agents' messages
# weighed as a short note's (×8) lost a coordbench validation cell (synthetic multihop at 64), ×4 none ("Version 15").
# Engineering work, on which no model has trained yet, starts at agents' weight.
TRAIN_SOURCES = (('longform', 'long', True, 16, 'a long-note'), ('documents', 'documents', True, 8, 'a document'),
                 ('agents', 'agents', True, 4, 'an agent-message'), ('engineering', 'engineering', False, 4, 'an engineering'))
# Each brief's validation text (cases-<source>-validation.jsonl) is scored apart, never picked on.
HELD_APART = tuple(source for source, *_ in TRAIN_SOURCES)


def featurize(data: Path, synthetic: int, vocabulary: int, flags: list[str]) -> None:
    """Runs featurize.ts into `data`, adding the train text of each flag of TRAIN_SOURCES in `flags`."""
    node = os.environ.get('COORD_NODE', 'node')
    command = [node, '--import', 'tsx', str(ROOT / 'training' / 'featurize.ts'), '--out', str(data),
               '--synthetic', str(synthetic), '--vocabulary', str(vocabulary), *(f'--{flag}-train' for flag in flags)]
    subprocess.run(command, check=True, cwd=ROOT)


def word_rows(data: Path, embed: int) -> tuple[list[str], torch.Tensor]:
    """The vocabulary and its pretrained vectors projected on their top `embed` principal axes."""
    words = (data / 'vocabulary.txt').read_text().split('\n')[:-1]
    vectors = np.fromfile(data / 'vectors.f32', dtype=np.float32).reshape(len(words), -1)
    centred = vectors - vectors.mean(0)
    _, _, axes = np.linalg.svd(centred, full_matrices=False)
    projected = centred @ axes[:embed].T
    projected *= 0.3 / projected.std()
    return words, torch.tensor(projected, dtype=torch.float32)


# The cross features grouped by what they measure: the groups --drop can zero (an ablation of what each earns).
FEATURE_GROUPS = {
    'lexical': ('bm25_log', 'bm25_relative', 'term_coverage', 'idf_coverage'),
    'numbers': ('number_shared', 'has_number'),
    'names': ('name_coverage',),
    'position': ('age', 'is_latest'),
    'revisits': ('later_overlap', 'later_correction'),
    'restated': ('later_same_subject',),
    'links': ('bridge',),
    'inherited': ('follows_match', 'precedes_match'),
    'message': ('message_match', 'message_update'),
    'message_size': ('message_size',),
    'message_best': ('message_best',),
    'after': ('after_match',),
    'cues': ('cue_update', 'cue_old', 'cue_constraint', 'cue_soft'),
    'length': ('length',),
}


def feature_names() -> list[str]:
    """CROSS_FEATURE_NAMES of runtime/coordinator/cross-features.ts, in order: the columns of a case's `cross`."""
    source = (ROOT / 'runtime' / 'coordinator' / 'cross-features.ts').read_text()
    names = re.findall(r"'([a-z0-9_]+)'", re.search(r'CROSS_FEATURE_NAMES = \[(.*?)\]', source, re.S).group(1))
    grouped = sorted(n for g in FEATURE_GROUPS.values() for n in g)
    if sorted(names) != grouped:
        raise SystemExit(f'training/train.py FEATURE_GROUPS ({grouped}) do not match the runtime\'s cross features ({names})')
    return names


# Features along which more match with the query should never lower a score, all else equal: a ranker's prior
# that the natural corpus's writers, who often gave a distractor more of the question's words than the needed
# note, would otherwise train out of the head (v5 scored some notes lower for matching more).
MONOTONE = ('bm25_log', 'bm25_relative', 'term_coverage', 'idf_coverage', 'number_shared', 'name_coverage')


def monotone_columns() -> list[int]:
    order = feature_names()
    return [order.index(n) for n in MONOTONE]


def keep_monotone(model: Coordinator, columns: list[int]) -> None:
    """Projects the head's weights back to scores non-decreasing in `columns`: the linear path's weights on them
    at least 0, and through tanh (increasing) each hidden unit's weight on them of its output weight's sign."""
    with torch.no_grad():
        model.head_linear.weight[:, columns] = model.head_linear.weight[:, columns].clamp(min=0)
        if model.config.head > 0:
            sign = torch.sign(model.head_out.weight[0]).unsqueeze(1)  # head×1
            w = model.head_hidden.weight[:, columns]
            model.head_hidden.weight[:, columns] = torch.where(w * sign >= 0, w, torch.zeros_like(w))


def dropped_columns(groups: str) -> list[int]:
    """Columns of the cross features that --drop holds at zero."""
    order = feature_names()
    return [order.index(n) for g in groups.split(',') if g for n in FEATURE_GROUPS[g]]


@dataclass
class Cases:
    """A batch of cases as the score sees it: its features held at zero where --drop says, and its weights."""
    cross: torch.Tensor  # B×Q×M×C
    weight: torch.Tensor  # B: a case's weight in the loss (natural cases count --natural-repeat times)
    batch: Batch


def prepared(batch: Batch, weight: torch.Tensor, drop: list[int]) -> Cases:
    cross = batch.cross
    if drop:
        cross = cross.clone()
        cross[..., drop] = 0.0
    return Cases(cross, weight, batch)


def held_out(cases: list[dict], cross: int, drop: list[int]) -> list[Cases]:
    """Validation cases in batches of 64, each weighing 1."""
    return [prepared(collate(cases[i: i + 64], cross), torch.ones(len(cases[i: i + 64])), drop) for i in range(0, len(cases), 64)]


def loss_of(scores, cases: Cases) -> torch.Tensor:
    b = cases.batch
    valid = b.slot_mask * (b.labels >= 0).float() * b.query_mask.unsqueeze(-1) * cases.weight[:, None, None]
    target = b.labels.clamp(min=0)
    bce = F.binary_cross_entropy_with_logits(scores, target, reduction='none')
    slot_loss = (bce * valid).sum() / valid.sum().clamp(min=1)
    # Listwise: the needed slots should outrank the rest, not only clear 0.
    log_p = torch.log_softmax(scores + (1 - valid) * -1e4, -1)
    positives = target * valid
    has = (positives.sum(-1) > 0).float() * cases.weight[:, None]
    rank_loss = -((log_p * positives).sum(-1) / positives.sum(-1).clamp(min=1) * has).sum() / has.sum().clamp(min=1)
    return slot_loss + 0.2 * rank_loss


def gate_scores(scores: torch.Tensor, batch: Batch) -> torch.Tensor:
    """B×T: a message's gate score, the best hop-1 score of its segments (−inf where no hop-1 query scores it).
    The runtime's gate is this: forward a hybrid message as text when the receiver's query would read it."""
    B, T, S = batch.segment_mask.shape
    out = torch.full((B, T), float('-inf'))
    valid = (batch.slot_mask > 0) & (batch.labels >= 0) & (batch.hops.unsqueeze(-1) == 1) & (batch.query_mask.unsqueeze(-1) > 0)
    for b, q, m in valid.nonzero().tolist():
        t = int(batch.slot_index[b, q, m]) // S
        out[b, t] = max(float(out[b, t]), float(scores[b, q, m]))
    return out


def auc(scores: np.ndarray, labels: np.ndarray) -> float | None:
    pos, neg = scores[labels], scores[~labels]
    if len(pos) == 0 or len(neg) == 0:
        return None
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(wins / (len(pos) * len(neg)))


class Metrics:
    """Per query: AUC and R-precision of the needed slots, grouped by source and family; all
    (score, label) pairs kept so the threshold can be chosen afterwards; the gate's (score, label) per message."""

    def __init__(self):
        self.rows: list[tuple[str, str, int, float | None, float]] = []  # source, family, hop, auc, r-precision
        self.scores: list[np.ndarray] = []
        self.labels: list[np.ndarray] = []
        self.gates: list[np.ndarray] = []
        self.gate_labels: list[np.ndarray] = []

    def add(self, scores, batch: Batch) -> None:
        B, Q, _ = scores.shape
        for b in range(B):
            for q in range(Q):
                if batch.query_mask[b, q] == 0:
                    continue
                valid = (batch.slot_mask[b, q] > 0) & (batch.labels[b, q] >= 0)
                row = scores[b, q][valid].numpy()
                need = (batch.labels[b, q][valid] > 0).numpy()
                n = int(need.sum())
                r_prec = float(need[np.argsort(-row, kind='stable')[:n]].sum() / n) if n else 0.0
                self.rows.append((batch.sources[b], batch.families[b], int(batch.hops[b, q]), auc(row, need), r_prec))
                self.scores.append(row)
                self.labels.append(need)
        gates = gate_scores(scores, batch)
        live = (batch.gate_labels >= 0) & torch.isfinite(gates)
        self.gates.append(gates[live].numpy())
        self.gate_labels.append((batch.gate_labels[live] > 0.5).numpy())

    def mean_auc(self, source: str | None = None, family: str | None = None, hop: int | None = None) -> float:
        values = [a for s, f, h, a, _ in self.rows if a is not None and (source is None or s == source)
                  and (family is None or f == family) and (hop is None or h == hop)]
        return float(np.mean(values)) if values else float('nan')

    def selection(self) -> float:
        """The epoch's score: natural and synthetic weigh the same, whatever their sizes."""
        return float(np.nanmean([self.mean_auc('natural'), self.mean_auc('synthetic')]))

    def best_threshold(self) -> float:
        scores, labels = np.concatenate(self.scores), np.concatenate(self.labels)
        best, best_f1 = 0.0, -1.0
        for th in np.unique(np.quantile(scores, np.linspace(0.3, 0.999, 200))):
            chosen = scores > th
            f1 = 2 * float((chosen & labels).sum()) / max(float(chosen.sum()) + float(labels.sum()), 1.0)
            if f1 > best_f1:
                best, best_f1 = float(th), f1
        return best

    def summary(self, threshold: float) -> dict:
        scores, labels = np.concatenate(self.scores), np.concatenate(self.labels)
        chosen = scores > threshold
        tp = float((chosen & labels).sum())
        precision, recall = tp / max(float(chosen.sum()), 1.0), tp / max(float(labels.sum()), 1.0)
        groups = sorted({(s, f) for s, f, *_ in self.rows})
        return {
            'threshold': round(threshold, 4),
            'queries': len(self.rows),
            'precision': round(precision, 4),
            'recall': round(recall, 4),
            'f1': round(2 * precision * recall / max(precision + recall, 1e-9), 4),
            'auc': {f'{s}/{f}': round(self.mean_auc(s, f), 4) for s, f in groups},
            'first_hop_auc': {f'{s}/{f}': round(self.mean_auc(s, f, 1), 4) for s, f in groups},
            'r_precision': {f'{s}/{f}': round(float(np.mean([r for s2, f2, _, _, r in self.rows if (s2, f2) == (s, f)])), 4)
                            for s, f in groups},
        }

    def best_gate_threshold(self) -> float:
        """The gate's threshold on its score: the best accuracy on these messages."""
        gates, labels = np.concatenate(self.gates), np.concatenate(self.gate_labels)
        candidates = np.unique(gates)
        accuracy = [float(((gates > th) == labels).mean()) for th in candidates]
        return float(candidates[int(np.argmax(accuracy))]) if len(candidates) else 0.0

    def gate_summary(self, threshold: float) -> dict:
        """The receiver-aware gate at `threshold` against always and never "send now"."""
        gates, labels = np.concatenate(self.gates), np.concatenate(self.gate_labels)
        positive = float(labels.mean()) if len(labels) else 0.0
        return {
            'gate_messages': int(len(labels)),
            'gate_auc': round(auc(gates, labels) or float('nan'), 4),
            'gate_accuracy': round(float(((gates > threshold) == labels).mean()) if len(labels) else 0.0, 4),
            'gate_always_send_accuracy': round(positive, 4),
            'gate_never_send_accuracy': round(1.0 - positive, 4),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--out', default=str(ROOT / 'models'))
    parser.add_argument('--data', default=str(ROOT / 'training' / 'data'))
    parser.add_argument('--no-featurize', action='store_true', help='use the cases already in --data')
    # v12: with 160 natural train domains, 150 synthetic tasks lost 4-5 points in one coordbench validation cell
    # or another against v11; 300 with a 64-unit head lost none (docs/coordinator.md, "Version 12").
    parser.add_argument('--synthetic', type=int, default=300, help='synthetic train tasks per family and style')
    # Natural text is what the coordinator is for. v11 weighted its 601 natural cases ×40, v12 its 1,561 ×15; v13's
    # short notes ×8 with the other briefs' text beside them (TRAIN_SOURCES) keep the natural total about v12's.
    parser.add_argument('--natural-repeat', type=int, default=8,
                        help="a natural train case's weight in the loss, against 1 for a synthetic one")
    for source, flag, default, weight, case in TRAIN_SOURCES:
        parser.add_argument(f'--{flag}-train', action=argparse.BooleanOptionalAction, default=default,
                            help=f'train on the {source}-train split too (featurize.ts --{flag}-train)')
        parser.add_argument(f'--{flag}-repeat', type=int, default=weight, help=f"{case} train case's weight")
    parser.add_argument('--epochs', type=int, default=150)
    parser.add_argument('--batch', type=int, default=32)
    parser.add_argument('--lr', type=float, default=3e-3)
    shipped = CoordConfig()
    parser.add_argument('--head', type=int, default=shipped.head,
                        help="hidden units of the score head beside its linear path (0: the linear path alone)")
    # v16: trees boosted from the head's score (training/trees.py); 0 rounds: the head alone, as v15.
    parser.add_argument('--trees-rounds', type=int, default=300, help='boosting rounds of the trees on top of the head (0: none)')
    parser.add_argument('--trees-depth', type=int, default=6)
    parser.add_argument('--trees-eta', type=float, default=0.05)
    parser.add_argument('--trees-objective', choices=trees.OBJECTIVES, default='rank:pairwise',
                        help="the trees' loss: pairwise (v16), or listwise, weighing the top of each query's list")
    parser.add_argument('--drop', default='', help='an ablation: groups of cross features held at zero, comma-separated ('
                        + ', '.join(FEATURE_GROUPS) + ')')
    parser.add_argument('--monotone', action='store_true', help='keep the score non-decreasing in the query-match features')
    parser.add_argument('--seed', type=int, default=7)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--vocabulary', type=int, default=shipped.vocabulary, help='V: words with pretrained rows')
    parser.add_argument('--checkpoint', help='where the weights go (default: training/checkpoints/coordinator.pt '
                        'for the default --out, else <out>/coordinator.pt)')
    args = parser.parse_args()
    drop = dropped_columns(args.drop)
    monotone = monotone_columns()
    config = CoordConfig(vocabulary=args.vocabulary, head=args.head, cross=len(feature_names()))
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    data = Path(args.data)
    if not args.no_featurize:
        featurize(data, args.synthetic, args.vocabulary, [flag for _, flag, *_ in TRAIN_SOURCES if getattr(args, f'{flag}_train')])
    words, rows = word_rows(data, config.embed)
    train, validation = load(str(data / 'cases-train.jsonl')), load(str(data / 'cases-validation.jsonl'))
    # Other briefs' validation text (HELD_APART) is scored apart: reported, never fitted or picked on.
    apart = {source: load(str(data / f'cases-{source}-validation.jsonl')) for source in HELD_APART
             if (data / f'cases-{source}-validation.jsonl').exists()}
    # A natural case's weight in the loss, by its source (short notes or a brief of TRAIN_SOURCES); a synthetic one
    # weighs 1.
    repeat = {'natural': args.natural_repeat, **{source: getattr(args, f'{flag}_repeat') for source, flag, *_ in TRAIN_SOURCES}}
    natural = [c for c in train if c['source'] in repeat]
    print({'train': len(train), 'natural_train': len(natural), 'validation': len(validation),
           **{f'{source}_validation': len(cases) for source, cases in apart.items()}, 'device': str(device)}, flush=True)

    model = Coordinator(config, rows, seed=args.seed).to(device)
    optimiser = torch.optim.Adam(model.parameters(), lr=args.lr)
    rng = random.Random(args.seed)

    def batches_of(order: list[dict]) -> list[list[dict]]:
        # Similar sizes together: padding is most of a batch otherwise.
        chunks = [order[i: i + args.batch * 8] for i in range(0, len(order), args.batch * 8)]
        return [sorted(chunk, key=lambda c: len(c['messages']))[j: j + args.batch]
                for chunk in chunks for j in range(0, len(chunk), args.batch)]

    def weights(cases: list[dict]) -> torch.Tensor:
        return torch.tensor([float(repeat.get(c['source'], 1)) for c in cases])

    shuffled = train[:]
    rng.shuffle(shuffled)
    fit = [prepared(collate(cases, config.cross), weights(cases), drop) for cases in batches_of(shuffled)]
    held = held_out(validation, config.cross, drop)
    held_apart = {source: held_out(cases, config.cross, drop) for source, cases in apart.items() if cases}

    booster = None  # the trees, once fitted after the head

    def evaluate(cases=held) -> Metrics:
        """The head's score, plus the trees' where there are trees."""
        metrics = Metrics()
        with torch.no_grad():
            for c in cases:
                scores = model.score(c.cross.to(device), c.batch.slot_mask.to(device)).cpu()
                if booster is not None:
                    scores = scores + torch.from_numpy(trees.added(booster, c.cross.numpy()).astype(np.float32))
                metrics.add(scores, c.batch)
        return metrics

    # The features are fixed, so every epoch is a pass over the same tensors (one to two seconds); validation
    # picks the epoch (natural and synthetic AUC weigh the same).
    best, best_state, history = -1.0, None, []
    started = time.time()
    for epoch in range(args.epochs):
        rng.shuffle(fit)
        total = 0.0
        for c in fit:
            loss = loss_of(model.score(c.cross.to(device), c.batch.slot_mask.to(device)), c)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            if args.monotone:
                keep_monotone(model, monotone)
            total += float(loss)
        metrics = evaluate()
        history.append({'epoch': epoch, 'loss': round(total / max(len(fit), 1), 4),
                        'natural_auc': round(metrics.mean_auc('natural'), 4),
                        'synthetic_auc': round(metrics.mean_auc('synthetic'), 4),
                        **{f'{source}_auc': round(evaluate(cases).mean_auc(source), 4) for source, cases in held_apart.items()}})
        print(history[-1], f'{time.time() - started:.0f}s', flush=True)
        if metrics.selection() > best:
            best = metrics.selection()
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    with torch.no_grad():  # a dropped feature's weights cut, so the exported head scores as it was trained
        for layer in (model.head_linear, *((model.head_hidden,) if config.head > 0 else ())):
            layer.weight[:, drop] = 0.0
    if args.trees_rounds > 0:
        features, labels, sizes, group_weights = trees.ranking_rows(train, config.cross, lambda c: repeat.get(c['source'], 1))
        if drop:
            features[:, drop] = 0.0
        with torch.no_grad():
            base = model.score(torch.from_numpy(features).to(device), torch.ones(len(features), device=device)).cpu().numpy()
        booster = trees.fit(features, labels, sizes, group_weights, base, args.trees_rounds, args.trees_depth,
                            args.trees_eta, args.seed, args.trees_objective)
        print({'trees': args.trees_rounds, 'depth': args.trees_depth, 'seconds': round(time.time() - started, 1)}, flush=True)
    fit_seconds = time.time() - started
    final = evaluate()
    threshold, gate_threshold = final.best_threshold(), final.best_gate_threshold()
    report = {
        'threshold': threshold,
        'validation': final.summary(threshold),
        'gate_threshold': gate_threshold,
        'validation_gate': final.gate_summary(gate_threshold),
        **{f'{source}_validation': evaluate(cases).summary(threshold) for source, cases in held_apart.items()},
        'cases': {'train': len(train), 'natural_train': len(natural), 'validation': len(validation),
                  **{f'{source}_validation': len(cases) for source, cases in apart.items()}},
        'history': history,
        'fit_seconds': round(fit_seconds, 1),
        'device': str(device),
        'seed': args.seed,
        'drop': args.drop,
        'monotone': args.monotone,
        'hyper': {'epochs': args.epochs, 'batch': args.batch, 'lr': args.lr, 'head': args.head,
                  'synthetic': args.synthetic, 'natural_repeat': args.natural_repeat,
                  'trees_rounds': args.trees_rounds, 'trees_depth': args.trees_depth, 'trees_eta': args.trees_eta,
                  'trees_objective': args.trees_objective,
                  **{f'{flag}_{k}': getattr(args, f'{flag}_{k}') for _, flag, *_ in TRAIN_SOURCES for k in ('train', 'repeat')},
                  'threads': args.threads},
    }
    print(json.dumps({k: report[k] for k in ('validation', 'validation_gate', *(f'{s}_validation' for s in HELD_APART)) if k in report}, indent=1))
    out = Path(args.out).resolve()
    default_out = out == (ROOT / 'models').resolve()
    checkpoint = Path(args.checkpoint) if args.checkpoint else (
        ROOT / 'training' / 'checkpoints' / 'coordinator.pt' if default_out else out / 'coordinator.pt')
    checkpoint.parent.mkdir(parents=True, exist_ok=True)
    torch.save({'config': model.config.as_dict(), 'state': model.cpu().state_dict(), 'report': report,
                'vocabulary': words, 'trees': trees.saved(booster) if booster is not None else None}, checkpoint)
    from export import export  # noqa: E402  (after training: export needs only the trained model)
    export(model.cpu().eval(), out, report, words, booster)


if __name__ == '__main__':
    main()
