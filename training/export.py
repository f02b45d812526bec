"""Exports a trained coordinator as two ONNX graphs plus a manifest the runtime reads.

    python3 training/export.py --checkpoint training/checkpoints/coordinator.pt --out models/

Graphs (opset 17, dynamic batch/slot axes):
  coordinator-encode.onnx  ids int32 N×L (L ≤ 128, dynamic)   → vectors N×D (unit length)
  coordinator-score.onnx   cross B×M×C, slot_mask B×M         → scores B×M
                           (the head, plus boosted trees where the model has them: training/trees.py)
A write is one encode call (its segments' latents); a readout's scores are one score call per
query, over the cross features the runtime computes. The vocabulary whose words the embedding
table's rows 1..V are goes beside it as coordinator-vocabulary.txt, its hash in the manifest.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

import onnx
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from card import write_card  # noqa: E402
from coord_model import CoordConfig, Coordinator  # noqa: E402
import trees  # noqa: E402

OPSET = 17
MAX_BYTES = 16 * 1024 * 1024
RUNTIME = Path(__file__).resolve().parent.parent / 'runtime' / 'coordinator'


def runtime_version(file: str, name: str) -> int:
    """A version the runtime declares (`export const NAME = n;`), read from its source: one home for the fact."""
    return int(re.search(rf'export const {name} = (\d+);', (RUNTIME / file).read_text()).group(1))


FEATURES_VERSION = runtime_version('features.ts', 'FEATURES_VERSION')  # the ids' recipe
CROSS_FEATURES_VERSION = runtime_version('cross-features.ts', 'CROSS_FEATURES_VERSION')
MAX_IDS = 128


def encode_graph(model: Coordinator) -> onnx.ModelProto:
    """Coordinator.encode in three kernels, written node by node (training/parity.py checks the result against
    the model itself; docs/coordinator.md, "Speed", says what each choice saved, measured): the int32 ids index
    the table directly (Gather takes int32); padding's row of the table is zero, so the gathered rows are summed
    as they are, no mask; and one LpNormalization scales the sum to unit length, which is the unit-length mean
    without counting the ids (a row of padding alone stays zero). The id axis is dynamic
    (runtime/coordinator/model.ts sends only the columns a batch uses)."""
    from onnx import TensorProto, helper, numpy_helper

    c = model.config
    table = model.table_rows.detach()
    if bool(table[0].any()):
        raise SystemExit('row 0 of the embedding table (padding) must be zero for the exported encode graph')
    initializers = [
        numpy_helper.from_array(table.float().contiguous().numpy(), 'table'),
        numpy_helper.from_array(torch.tensor([1], dtype=torch.int64).numpy(), 'id_axis'),
    ]
    nodes = [
        helper.make_node('Gather', ['table', 'ids'], ['gathered'], axis=0),
        helper.make_node('ReduceSum', ['gathered', 'id_axis'], ['total'], keepdims=0),
        helper.make_node('LpNormalization', ['total'], ['vectors'], axis=-1, p=2),
    ]
    graph = helper.make_graph(
        nodes, 'coordinator-encode', [helper.make_tensor_value_info('ids', TensorProto.INT32, ['n', 'ids'])],
        [helper.make_tensor_value_info('vectors', TensorProto.FLOAT, ['n', c.embed])], initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid('', OPSET)], producer_name='coord training/export.py')


class Score(nn.Module):
    def __init__(self, model: Coordinator):
        super().__init__()
        self.model = model

    def forward(self, cross, slot_mask):
        return self.model.score(cross, slot_mask)


def score_export(model: Coordinator) -> tuple:
    """The score graph through torch.onnx.export: module, example inputs, input names, output names, dynamic axes."""
    return (Score(model), (torch.zeros(2, 5, model.config.cross), torch.ones(2, 5)), ['cross', 'slot_mask'], ['scores'],
            {'cross': {0: 'batch', 1: 'slots'}, 'slot_mask': {0: 'batch', 1: 'slots'}, 'scores': {0: 'batch', 1: 'slots'}})


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export(model: Coordinator, out: Path, report: dict, vocabulary: list[str], booster=None) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    model = model.eval()
    if len(vocabulary) != model.config.vocabulary:
        raise SystemExit(f'{len(vocabulary)} vocabulary words for a model of {model.config.vocabulary}')
    vocabulary_file = out / 'coordinator-vocabulary.txt'
    vocabulary_file.write_text(''.join(f'{w}\n' for w in vocabulary))
    files = {}
    for name in ('encode', 'score'):
        path = out / f'coordinator-{name}.onnx'
        if name == 'encode':
            graph = encode_graph(model)
            inputs, outputs = [i.name for i in graph.graph.input], [o.name for o in graph.graph.output]
            onnx.save(graph, str(path))
        else:
            module, example, inputs, outputs, axes = score_export(model)
            with torch.no_grad():
                torch.onnx.export(module, example, str(path), input_names=inputs, output_names=outputs,
                                  dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True)
            if booster is not None:
                onnx.save(trees.add_to_score_graph(onnx.load(str(path)), booster, model.config.cross), str(path))
        onnx.checker.check_model(onnx.load(str(path)), full_check=True)
        files[name] = {'path': path.name, 'sha256': sha256(path), 'bytes': path.stat().st_size,
                       'inputs': inputs, 'outputs': outputs}
    total = sum(f['bytes'] for f in files.values()) + vocabulary_file.stat().st_size
    if total > MAX_BYTES:
        raise SystemExit(f'exported model is {total} bytes, over the {MAX_BYTES} byte limit')
    c = model.config
    manifest = {
        'name': 'coord-coordinator',
        'format': 4,
        'opset': OPSET,
        'features': {'version': FEATURES_VERSION, 'hashBuckets': c.hash_buckets, 'maxIds': MAX_IDS,
                     'vocabulary': {'path': vocabulary_file.name, 'sha256': sha256(vocabulary_file),
                                    'words': len(vocabulary)},
                     'cross': {'version': CROSS_FEATURES_VERSION, 'count': c.cross}},
        'config': c.as_dict(),
        # Readout threshold on the score logit, chosen for the best F1 on the validation split.
        'threshold': report['threshold'],
        # A hybrid message goes as text when its best segment scores above this against the receiver's
        # query (chosen for the best gate accuracy on the validation split).
        'gateThreshold': report['gate_threshold'],
        'files': files,
        'cost': {**model.cost(), **(trees.cost(booster) if booster is not None else {})},
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
    export(model, Path(args.out), saved['report'], saved['vocabulary'], trees.of_checkpoint(saved))


if __name__ == '__main__':
    main()
