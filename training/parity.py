"""Writes test/fixtures/coordinator/parity.json: fresh random, non-degenerate inputs and the
PyTorch outputs of the trained model, which test/coordinator/parity.test.ts replays through
the shipped ONNX files with onnxruntime-node (every output within 1e-4, identical active modules).

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

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / 'test' / 'fixtures' / 'coordinator'
MIN_MARGIN = 2e-5  # gap (≈300 float32 ulps at 0.75) between the k-th and (k+1)-th relevance, so float noise cannot flip a choice


def flat(t: torch.Tensor) -> list:
    return [round(float(x), 7) for x in t.reshape(-1).tolist()]


def random_ids(g: torch.Generator, rows: int, buckets: int, max_ids: int) -> torch.Tensor:
    ids = torch.zeros(rows, max_ids, dtype=torch.int32)
    for r in range(rows):
        n = int(torch.randint(1, max_ids + 1, (1,), generator=g))
        ids[r, :n] = torch.randint(1, buckets, (n,), generator=g, dtype=torch.int32)
    return ids


def margin_ok(model: Coordinator, state, segments, mask) -> bool:
    top = torch.sort(model.relevance(state, segments, mask), -1, descending=True).values
    k = model.config.active
    return bool(((top[:, k - 1] - top[:, k]) > MIN_MARGIN).all())


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

        # step: a chain of messages from the zero state with varying segment counts, batch of 4 runs.
        # From a random state in (-1, 1), not zeros: from zeros a barely trained core's modules (nearly) tie, and
        # a near tie is no test of the top-k choice (it could flip on float noise).
        B, steps = 4, []
        state = torch.tanh(torch.randn(B, model.state_size, generator=g))
        for t in range(4):
            for _ in range(1000):
                S = int(torch.randint(1, 6, (1,), generator=g))
                segments = model.encode(random_ids(g, B * S, c.table_rows, max_ids)).reshape(B, S, -1)
                mask = (torch.rand(B, S, generator=g) > 0.3).float()
                mask[:, 0] = 1.0
                if margin_ok(model, state, segments, mask):
                    break
            else:
                raise SystemExit('could not draw a step input whose top-k choice has a safe margin')
            next_state, active, gate, keys = model.step(state, segments, mask)
            steps.append({'state': flat(state), 'segments': flat(segments), 'segmentMask': flat(mask),
                          'batch': B, 'segmentCount': S, 'nextState': flat(next_state),
                          'active': active.to(torch.int32).reshape(-1).tolist(), 'gateLogit': flat(gate),
                          'keys': flat(keys)})
            state = next_state
        case['steps'] = steps

        # score: the chain's final state against random queries over a memory with padded slots.
        M = 7
        query = model.encode(random_ids(g, B, c.table_rows, max_ids))
        keys = torch.randn(B, M, model.memory_key_size, generator=g)
        key_mask = (torch.rand(B, M, generator=g) > 0.25).float()
        key_mask[:, 0] = 1.0
        cross = torch.rand(B, M, c.cross, generator=g)
        scores = model.score(state, query, keys, key_mask, cross)
        case['score'] = {'state': flat(state), 'query': flat(query), 'keys': flat(keys), 'keyMask': flat(key_mask),
                         'cross': flat(cross), 'batch': B, 'slots': M, 'scores': flat(scores)}

    manifest = json.loads((ROOT / 'models' / 'coordinator.json').read_text())
    fixture = {
        'note': 'written by training/parity.py from the PyTorch model; replayed by test/coordinator/parity.test.ts',
        'tolerance': 1e-4,
        'config': {**c.as_dict(), 'keySize': model.memory_key_size},
        'modelSha256': {name: f['sha256'] for name, f in manifest['files'].items()},
        'checkpointSha256': hashlib.sha256(Path(args.checkpoint).read_bytes()).hexdigest(),
        **case,
    }
    (FIXTURES / 'parity.json').write_text(json.dumps(fixture) + '\n')
    print(f"wrote {FIXTURES / 'parity.json'}")


if __name__ == '__main__':
    main()
