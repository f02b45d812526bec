"""Writes models/coordinator.md, the model card, from the manifest, the training report and
the copying-task results (training/results/copying.json, when present)."""
from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPYING = ROOT / 'training' / 'results' / 'copying.json'
# Cores that differ from the shipped one in one setting (copying.py --active/--rank --out copying-k<k>.json),
# trained the same way: where the shipped core's shortfall comes from.
COPYING_VARIANTS = 'copying-k*.json'
COPYING_TRAIN_DORMANT = 50  # the paper's training length, copying.py's default


def _metrics_table(report: dict) -> str:
    rows = [('precision (slots above the threshold)', 'precision'), ('recall (slots above the threshold)', 'recall'),
            ('F1', 'f1'), ('exact selected set', 'exact_set'),
            ('R-precision (top n slots, n = number needed)', 'r_precision'),
            ('R-precision, non-learned id-overlap baseline', 'r_precision_overlap_baseline'),
            ('gate accuracy', 'gate_accuracy'), ('gate: share of messages labelled "send now"', 'gate_positive_rate'),
            ('queries', 'queries'), ('memory slots per query (mean)', 'mean_memory_slots')]
    v, t = report['validation'], report['test']
    lines = ['| metric | validation | test |', '|---|---|---|']
    lines += [f'| {label} | {v[key]} | {t[key]} |' for label, key in rows]
    families = sorted(set(v['r_precision_by_family']) | set(t['r_precision_by_family']))
    lines += [f"| R-precision, {f} | {v['r_precision_by_family'].get(f, '–')} | {t['r_precision_by_family'].get(f, '–')} |"
              for f in families]
    return '\n'.join(lines)


def _copying_rows(r: dict, paper: dict) -> tuple[list[str], list[str]]:
    """One table row per model of a copying.py results file, and a note for each that missed the target."""
    rows, notes = [], []
    for name, row in r['models'].items():
        cited = paper.get(name, {})
        rows.append(f"| {row['label']} | {row['parameters']:,} | {row['train_steps']:,} | {row['train_cpu_minutes']} | "
                    f"{row['last_stage_dormant']} | {'yes' if row['converged'] else 'no'} | {row['ce_50']:.4f} | "
                    f"{row['ce_200']:.4f} | {cited.get('ce_50', '–')} | {cited.get('ce_200', '–')} |")
        if row['converged']:
            continue
        if row['last_stage_dormant'] == COPYING_TRAIN_DORMANT:
            notes.append(f"- {row['label']} reached the training length (dormant {row['last_stage_dormant']}) but not the "
                         'target CE within the budget.')
        else:
            notes.append(f"- {row['label']} did not get past the curriculum stage with a dormant phase of "
                         f"{row['last_stage_dormant']} within the budget, so its CE at 50 and 200 is that of a model never "
                         'trained on longer dormant phases.')
    return rows, notes


def _copying_section() -> str:
    if not COPYING.exists():
        return 'Not run yet: `nice python3 training/copying.py` writes training/results/copying.json.'
    r = json.loads(COPYING.read_text())
    paper = r['paper']
    lines = [
        f"Command: `{r['command']}` ({r['seconds']:.0f} s wall-clock on {r['device']}). Task: {r['task']}.",
        '',
        '| model | parameters | training steps | CPU minutes | last stage (dormant) | stopped at the target CE '
        '| CE, dormant 50 (train length) | CE, dormant 200 | paper: CE at 50 | paper: CE at 200 |',
        '|---|---|---|---|---|---|---|---|---|---|',
    ]
    header = lines[2:4]
    rows, notes = _copying_rows(r, paper)
    lines += rows + [''] + notes
    variants = [json.loads(f.read_text()) for f in sorted(COPYING.parent.glob(COPYING_VARIANTS))]
    if variants:
        lines += ['', 'Variants of the core, one setting changed, the same procedure (one command each: '
                  + '; '.join(f"`{v['command']}` ({v['seconds']:.0f} s wall-clock on {v['device']})" for v in variants)
                  + '):', '', *header]
        parts = [_copying_rows(v, {}) for v in variants]
        lines += [row for rows, _ in parts for row in rows] + [''] + [note for _, notes in parts for note in notes]
    lines += ['', f"Paper values: {paper['source']}; the same table gives {paper['others']}.", '',
              f"Protocol: {r['protocol']}", '',
              'Guessing uniformly among the 8 symbols scores ln 8 ≈ 2.079 nats on the recall steps.']
    return '\n'.join(lines)


def write_card(out: Path, manifest: dict, report: dict) -> None:
    c, cost = manifest['config'], manifest['cost']
    files = '\n'.join(f"| `{f['path']}` | {f['bytes']} | `{f['sha256']}` |" for f in manifest['files'].values())
    where = Path(os.path.relpath(out.resolve(), ROOT)).as_posix()
    card = f"""# coord coordinator (`{where}/coordinator.json`)

A RIMs-style recurrent coordinator (Goyal et al., *Recurrent Independent Mechanisms*,
arXiv 1909.10893) with low-rank weights. It reads messages as hashed word/character
n-gram ids (runtime/coordinator/features.ts, version {manifest['features']['version']}), keeps
a per-run key-value memory of segments, and answers: which stored segments does this
receiver need now (readout scorer), and should this message be forwarded as text now (gate).
See docs/coordinator.md for how the runtime uses it.

## Architecture

- Input: up to {manifest['features']['maxIds']} feature ids per segment or query, from {c['buckets']} hash buckets
  (0 = padding); a learned bag of embeddings (masked mean, D = {c['embed']}) inside `coordinator-encode.onnx`.
- Recurrent core (`coordinator-step.onnx`): K = {c['modules']} modules, hidden size h = {c['hidden']} each,
  state = K·h = {manifest['stateSize']} floats ({cost['state_bytes']} bytes per run). Input attention: each module
  queries the message's segments plus a null input; relevance = 1 − attention on the null input;
  the top k = {c['active']} modules (ties to the lower index) take a GRU update, the others keep their
  state exactly; then active modules read from all modules through a communication attention, added
  to their state inside a tanh so that the state stays bounded over arbitrarily long runs.
- Low-rank weights, W = V·U with rank r = {c['rank']}: the input attention key/value/query maps, the
  per-module GRU input and recurrent maps, the communication query/key/value maps, the gate's hidden
  map and the state→key/query maps. Full rank (small): the key/query heads' content maps (D→2E, 2E→E)
  and the shared match map (D×D), which must keep every dimension of the bag of embeddings to match
  words, and the gate's 32→1 output.
- Heads: gate logit (flattened new state + mean segment vector → 32 → 1); a memory key per segment of
  {manifest['keySize']} floats: a learned part (E = {c['key']}, from the segment vector and the new state) and the
  segment's matched content (a shared D×D map of its vector, initialised to the identity, at unit length).
  The key is also the latent vector handed to function agents. Readout scorer (`coordinator-score.onnx`):
  the query vector and the state at query time give a learned query part and the query's matched content;
  score = learned·learned/√E + s·cos(matched content) + bias, a logit; s is learned. A slot is read out
  when its score is above the manifest's `threshold`.

| | this model (rank {c['rank']}) | same model at full rank |
|---|---|---|
| parameters, total | {cost['parameters']:,} | {cost['parameters_full_rank_equivalent']:,} |
| of which embedding table | {cost['embedding_parameters']:,} | {cost['embedding_parameters']:,} |
| weight-matrix parameters outside the embedding | {cost['matrix_parameters_as_built']:,} | {cost['matrix_parameters_full_rank']:,} |
| weight-matrix MACs per step (one-segment message) | {cost['step_matmul_macs_low_rank']:,} | {cost['step_matmul_macs_full_rank']:,} |
| weight-matrix MACs per score (one slot) | {cost['score_matmul_macs_low_rank']:,} | {cost['score_matmul_macs_full_rank']:,} |

MACs count the weight maps only (attention products and element-wise ops are extra and small);
FLOPs ≈ 2 × MACs. The embedding lookup is a gather of ≤ {manifest['features']['maxIds']} rows per segment, done once per
segment in `encode`, not in the step.

## Files

| file | bytes | sha256 |
|---|---|---|
{files}

The runtime checks these hashes (from `coordinator.json`, also in `coordinator.sha256`) when it loads.

## Training data

coordbench episodes ({', '.join(report['families'])}), read from {', '.join(f'`{s}`' for s in report['sources'])}
(feature files are written by `training/featurize.ts` from coordbench's `training/data/episodes-*.jsonl`).
Splits come from the episode generator's seeds and never overlap: train {report['episodes']['train']} episodes
(the only ones fitted); validation {report['episodes']['validation']} (its first {report['hyper'].get('select_on', 'all')} pick the epoch with the
best F1, all of them pick the readout threshold); test {report['episodes']['test']} (reported once, below).

Targets: for each receiver query, the set of earlier segments it needs (binary cross-entropy per
memory slot plus a listwise softmax term); for each message, the gate label "its receiver's next
query needs one of this message's segments" (binary cross-entropy, weight 0.5).

Hyper-parameters: Adam, lr {report['hyper']['lr']}, batch {report['hyper']['batch']} episodes, at most
{report['hyper']['epochs_max']} epochs or {report['hyper']['minutes']} minutes, gradient clip 1.0, seed {report['seed']};
fitted in {report['fit_seconds']} s on {report['device']}, {len(report['history'])} epochs.

## Metrics

{_metrics_table(report)}

Precision/recall are micro-averaged over queries, counting the slots whose score is above the
readout threshold ({report['threshold']:.4f}, chosen for the best F1 on validation and stored in the
manifest, where the runtime reads it) among the slots in memory at the query. R-precision takes
the top n slots, n being the number the query needs. The baseline ranks slots by the share of their feature ids found in the query.
The gate's accuracy is to be read against always answering "send now", which scores the share of
messages labelled so ({report['validation']['gate_positive_rate']} on validation, {report['test']['gate_positive_rate']} on test).

## Copying task (external check of the recurrent core)

{_copying_section()}

## Rebuild

```
PATH=/opt/node24/node_modules/.bin:$PATH nice python3 training/train.py --out models/
python3 training/parity.py          # refreshes test/fixtures/coordinator/parity.json
npx vitest run test/coordinator     # parity, features, runtime
nice python3 training/copying.py    # the copying-task check, then:
python3 training/card.py            # rewrites this card from the manifest, checkpoint and results
```

Requires Debian's python3-torch (1.13) and python3-onnx (1.12); uses CUDA when present.
"""
    (out / 'coordinator.md').write_text(card)


def main() -> None:
    """Rewrites the card from models/coordinator.json and the checkpoint's training report."""
    import torch

    manifest = json.loads((ROOT / 'models' / 'coordinator.json').read_text())
    report = torch.load(ROOT / 'training' / 'checkpoints' / 'coordinator.pt')['report']
    write_card(ROOT / 'models', manifest, report)


if __name__ == '__main__':
    main()
