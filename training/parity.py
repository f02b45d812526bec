"""Writes test/fixtures/coordinator/parity.json: fresh random, non-degenerate inputs and the
PyTorch outputs of the trained model (its head's, plus xgboost's own prediction of its trees where it
has them), which test/coordinator/parity.test.ts replays through the shipped ONNX files with
onnxruntime-node (every output within 1e-4).

    python3 training/parity.py [--checkpoint training/checkpoints/coordinator.pt]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coord_model import CoordConfig, Coordinator  # noqa: E402
import trees  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / 'test' / 'fixtures' / 'coordinator'


def flat(t: torch.Tensor) -> list:
    return [round(float(x), 7) for x in t.reshape(-1).tolist()]


def random_ids(g: torch.Generator, rows: int, buckets: int, max_ids: int) -> torch.Tensor:
    ids = torch.zeros(rows, max_ids, dtype=torch.int32)
    for r in range(rows):
        n = int(torch.randint(1, max_ids + 1, (1,), generator=g))
        ids[r, :n] = torch.randint(1, buckets, (n,), generator=g, dtype=torch.int32)
    return ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--checkpoint', default=str(ROOT / 'training' / 'checkpoints' / 'coordinator.pt'))
    parser.add_argument('--seed', type=int, default=20261125)
    args = parser.parse_args()
    saved = torch.load(args.checkpoint)
    model = Coordinator(CoordConfig(**saved['config']))
    model.load_state_dict(saved['state'])
    model.eval()
    c = model.config
    g = torch.Generator().manual_seed(args.seed)
    vectors_fixture = json.loads((FIXTURES / 'feature-vectors.json').read_text())
    max_ids = vectors_fixture['maxIds']
    case: dict = {}
    with torch.no_grad():
        # encode: the committed feature vectors (text → ids → vector end to end) plus random id rows.
        text_ids = torch.tensor([v['ids'] for v in vectors_fixture['vectors']], dtype=torch.int32)
        ids = torch.cat([text_ids, random_ids(g, 4, c.table_rows, max_ids)])
        case['encode'] = {'ids': ids.reshape(-1).tolist(), 'shape': list(ids.shape), 'vectors': flat(model.encode(ids))}

        # score: random cross features over a memory with padded slots.
        B, M = 4, 7
        slot_mask = (torch.rand(B, M, generator=g) > 0.25).float()
        slot_mask[:, 0] = 1.0
        cross = torch.rand(B, M, c.cross, generator=g)
        case['score'] = {'slotMask': flat(slot_mask), 'cross': flat(cross), 'batch': B, 'slots': M,
                         'scores': flat(trees.checkpoint_score(model, saved)(cross, slot_mask))}

    manifest = json.loads((ROOT / 'models' / 'coordinator.json').read_text())
    fixture = {
        'note': 'written by training/parity.py from the PyTorch model; replayed by test/coordinator/parity.test.ts',
        'tolerance': 1e-4,
        'config': c.as_dict(),
        'modelSha256': {name: f['sha256'] for name, f in manifest['files'].items()},
        'checkpointSha256': hashlib.sha256(Path(args.checkpoint).read_bytes()).hexdigest(),
        **case,
    }
    (FIXTURES / 'parity.json').write_text(json.dumps(fixture) + '\n')
    print(f"wrote {FIXTURES / 'parity.json'}")


if __name__ == '__main__':
    main()
