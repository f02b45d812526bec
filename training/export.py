"""Exports a trained coordinator as two ONNX graphs plus a manifest the runtime reads.

    python3 training/export.py --checkpoint training/checkpoints/coordinator.pt --out models/

Graphs (opset 17, dynamic batch/slot axes):
  coordinator-encode.onnx  ids int32 N×L (L ≤ 128, dynamic)                      → vectors N×D, keys N×(E+D)
  coordinator-score.onnx   query B×D, keys B×M×(E+D), key_mask B×M, cross B×M×C → scores B×M
A write is one encode call (its segments' keys), a query's vector another; only encode holds the
embedding table, so it is stored once; the vocabulary whose words its rows 1..V are goes beside
it as coordinator-vocabulary.txt, its hash in the manifest.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import onnx
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from card import write_card  # noqa: E402
from coord_model import CoordConfig, Coordinator  # noqa: E402

OPSET = 17
MAX_BYTES = 16 * 1024 * 1024
FEATURES_VERSION = 2  # runtime/coordinator/features.ts FEATURES_VERSION the ids come from
CROSS_FEATURES_VERSION = 1  # runtime/coordinator/cross-features.ts CROSS_FEATURES_VERSION
MAX_IDS = 128


class Encode(nn.Module):
    """Coordinator.encode and .keys, written for the runtime's cost: padding's row of the table is zero,
    so the gathered rows are summed as they are (no mask multiplied into an N×L×D copy), and the id axis
    is dynamic, so a batch may drop the padding columns that no row of it uses (runtime/coordinator/model.ts).
    training/parity.py checks the result against Coordinator.encode itself."""

    def __init__(self, model: Coordinator):
        super().__init__()
        self.model = model
        table = model.table().detach()
        if bool(table[0].any()):
            raise SystemExit('row 0 of the embedding table (padding) must be zero for the exported encode graph')
        self.register_buffer('table', table)

    def forward(self, ids):
        total = nn.functional.embedding(ids.long(), self.table).sum(1)
        vectors = total / (ids > 0).to(total.dtype).sum(1, keepdim=True).clamp(min=1.0)
        return vectors, self.model.keys(vectors)


class Score(nn.Module):
    def __init__(self, model: Coordinator):
        super().__init__()
        self.model = model

    def forward(self, query, keys, key_mask, cross):
        return self.model.score(query, keys, key_mask, cross)


def graphs(model: Coordinator) -> dict:
    """Per graph: module, example inputs, input names, output names, dynamic axes."""
    c = model.config
    return {
        'encode': (Encode(model), (torch.ones(3, MAX_IDS, dtype=torch.int32),), ['ids'], ['vectors', 'keys'],
                   {'ids': {0: 'n', 1: 'ids'}, 'vectors': {0: 'n'}, 'keys': {0: 'n'}}),
        'score': (Score(model), (torch.zeros(2, c.embed), torch.zeros(2, 5, model.memory_key_size), torch.ones(2, 5),
                                 torch.zeros(2, 5, c.cross)),
                  ['query', 'keys', 'key_mask', 'cross'], ['scores'],
                  {'query': {0: 'batch'}, 'keys': {0: 'batch', 1: 'slots'},
                   'key_mask': {0: 'batch', 1: 'slots'}, 'cross': {0: 'batch', 1: 'slots'},
                   'scores': {0: 'batch', 1: 'slots'}}),
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export(model: Coordinator, out: Path, report: dict, vocabulary: list[str]) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    model = model.eval()
    if len(vocabulary) != model.config.vocabulary:
        raise SystemExit(f'{len(vocabulary)} vocabulary words for a model of {model.config.vocabulary}')
    vocabulary_file = out / 'coordinator-vocabulary.txt'
    vocabulary_file.write_text(''.join(f'{w}\n' for w in vocabulary))
    files = {}
    for name, (module, example, inputs, outputs, axes) in graphs(model).items():
        path = out / f'coordinator-{name}.onnx'
        with torch.no_grad():
            torch.onnx.export(module, example, str(path), input_names=inputs, output_names=outputs,
                              dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True)
        onnx.checker.check_model(onnx.load(str(path)))
        files[name] = {'path': path.name, 'sha256': sha256(path), 'bytes': path.stat().st_size,
                       'inputs': inputs, 'outputs': outputs}
    total = sum(f['bytes'] for f in files.values()) + vocabulary_file.stat().st_size
    if total > MAX_BYTES:
        raise SystemExit(f'exported model is {total} bytes, over the {MAX_BYTES} byte limit')
    c = model.config
    manifest = {
        'name': 'coord-coordinator',
        'format': 3,
        'opset': OPSET,
        'features': {'version': FEATURES_VERSION, 'hashBuckets': c.hash_buckets, 'maxIds': MAX_IDS,
                     'vocabulary': {'path': vocabulary_file.name, 'sha256': sha256(vocabulary_file),
                                    'words': len(vocabulary)},
                     'cross': {'version': CROSS_FEATURES_VERSION, 'count': c.cross}},
        'config': c.as_dict(),
        'keySize': model.memory_key_size,
        # Readout threshold on the score logit, chosen for the best F1 on the validation split.
        'threshold': report['threshold'],
        # A hybrid message goes as text when its best segment scores above this against the receiver's
        # query (chosen for the best gate accuracy on the validation split).
        'gateThreshold': report['gate_threshold'],
        'files': files,
        'cost': model.cost(),
        'metrics': {'validation': report.get('validation'), 'test': report.get('test')},
    }
    (out / 'coordinator.json').write_text(json.dumps(manifest, indent=1) + '\n')
    (out / 'coordinator.sha256').write_text(''.join(f"{f['sha256']}  {f['path']}\n" for f in files.values())
                                            + f"{manifest['features']['vocabulary']['sha256']}  {vocabulary_file.name}\n")
    write_card(out, manifest, report)
    print(f'exported {len(files)} graphs, {total} bytes, to {out}')
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--checkpoint', default='training/checkpoints/coordinator.pt')
    parser.add_argument('--out', default='models')
    args = parser.parse_args()
    saved = torch.load(args.checkpoint)
    model = Coordinator(CoordConfig(**saved['config']))
    model.load_state_dict(saved['state'])
    export(model, Path(args.out), saved['report'], saved['vocabulary'])


if __name__ == '__main__':
    main()
