"""Natural and synthetic validation AUC of trained checkpoints, each alone and averaged (mean logit).

    python3 training/seed_ensemble.py DATA A.pt B.pt C.pt

DATA: a featurize.ts output (its cases-validation.jsonl); the checkpoints: train.py --checkpoint of the
same cross features. Asks whether seeds' spread is variance an ensemble would average away
(docs/coordinator.md, "Version 11").
"""
from __future__ import annotations

import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coord_model import CoordConfig, Coordinator  # noqa: E402
from data import load  # noqa: E402
from train import Metrics, held_out  # noqa: E402
import trees  # noqa: E402

FAMILIES = ('multihop', 'relay', 'supersession', 'consensus')


def main() -> None:
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    data, paths = Path(sys.argv[1]), sys.argv[2:]
    models = []  # each checkpoint's score: its head's, plus its trees' (v16) where it has them
    for path in paths:
        saved = torch.load(path)
        model = Coordinator(CoordConfig(**saved['config']), None, seed=0)
        model.load_state_dict(saved['state'])
        models.append((model.eval().config.cross, trees.checkpoint_score(model, saved)))
    validation = load(str(data / 'cases-validation.jsonl'))
    held = held_out(validation, models[0][0], [])
    for name, members in [*((p, [m]) for p, m in zip(paths, models)), ('mean logit of all', models)]:
        metrics = Metrics()
        with torch.no_grad():
            for c in held:
                metrics.add(torch.stack([score(c.cross, c.batch.slot_mask) for _, score in members]).mean(0), c.batch)
        first_hop = ', '.join(f'{f} {metrics.mean_auc("natural", f, 1):.4f}' for f in FAMILIES)
        print(f'{name}: natural {metrics.mean_auc("natural"):.4f}, synthetic {metrics.mean_auc("synthetic"):.4f}; '
              f'first-hop {first_hop}')


if __name__ == '__main__':
    main()
