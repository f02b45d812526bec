"""What each change to the coordinator's training procedure bought, on the validation split.

    PATH=/opt/coord-node24/node_modules/.bin:$PATH nice python3 training/ablate_training.py [--jobs 2 --threads 1]

Runs training/train.py once per variant, from the same seed and the same featurized cases, and keeps
each run's best epoch as train.py does. The variants change one setting at a time from the shipped
one: the score head (its linear path alone, a logistic model; v11's 32 units), and each group of cross
features held at zero (what each earns); then the shipped recipe from two more seeds, so seeds' own
spread is on record; then a learning curve over three seeds, the shipped recipe on fewer natural train
domains: every 4th and every 2nd of splits.json's train list, and the 64 that v11 was trained on (read
from splits.json as commit 753a85e had it; the long-note and document train domains are kept in every variant).
Each row has the best epoch's short-note (natural) and synthetic AUC, and beside them, never picked on,
the long-note and document validation AUC (longform-validation, documents-validation, where featurized)
and every first-hop AUC. The results file holds v14's rows, from three runs on v14's recipe (cross features v9,
no agents' messages): the feature groups (bench/results/v14/feature-groups.json), then the heads, seeds and
the start of the learning curve, stopped for candidate A's runs and completed by a third (the commands are in the
file). Rows run for earlier versions are in this file's history: v12's (natural ×15, no long notes, cross
features v8) at commit 603ef8c, v11's (natural ×10, v3's 28 domains, v8's features and v9's groups over three
seeds) at commit 753a85e, v6's (the score held monotone, natural ×80) at d03f30d, v8's (v6's 48 domains, v4's
features) at 4d3f84f.
Writes training/results/training-ablation.json (rendered into the model card); `--only a,b`
reruns those variants and replaces their rows in it, recording the command beside the first (or, with
an --out that does not exist yet, writes those rows alone there).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coord_model import CoordConfig  # noqa: E402
from train import FEATURE_GROUPS, HELD_APART, featurize  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
V11_COMMIT = '753a85e'  # the last commit with v11's model and its 64 natural train domains
SYNTHETIC = 300  # synthetic train tasks a family and style, as train.py's default

# The head alone (no trees): a row is the head's best epoch, which v16's trees, fitted after it, do not change.
SHIPPED = ['--head', '64', '--epochs', '150', '--natural-repeat', '8', '--long-repeat', '16', '--documents-repeat', '8',
           '--trees-rounds', '0']
VARIANTS = [
    # name, label, train.py flags, data ('all', 'v11-domains', or 'every-k': every k-th natural train domain)
    ('shipped', 'shipped: 64-unit head beside the linear path, 150 epochs, short notes ×8, long ×16, documents ×8', SHIPPED, 'all'),
    ('linear', 'the linear path alone (a logistic model)', [*SHIPPED, '--head', '0'], 'all'),
    ('head-32', "v11's 32-unit head", [*SHIPPED, '--head', '32'], 'all'),
    *[(f'no-{group}', f'without the {group} features ({", ".join(FEATURE_GROUPS[group])})', [*SHIPPED, '--drop', group], 'all')
      for group in FEATURE_GROUPS],
    # What seeds alone move, against which the rows above read.
    *[(f'shipped-seed-{seed}', f'shipped, seed {seed}', [*SHIPPED, '--seed', str(seed)], 'all') for seed in (2, 3)],
    # What the hand-written train text buys: the same recipe on a quarter, v11's share and a half of it.
    *[(f'{which}-seed-{seed}', f'{label}, seed {seed}', [*SHIPPED, '--seed', str(seed)], which)
      for which, label in (('every-4', 'every 4th natural train domain (40)'), ('v11-domains', "v11's 64 natural train domains"),
                           ('every-2', 'every 2nd natural train domain (80)'))
      for seed in (7, 2, 3)],
]


def train_domains(commit: str) -> set[str]:
    text = subprocess.run(['git', 'show', f'{commit}:bench/corpus/natural/splits.json'], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout
    return set(json.loads(text)['train'])


def restrict(data: Path, out: Path, domains: set[str]) -> int:
    """A copy of the featurized data whose natural train cases come from `domains` only."""
    out.mkdir(parents=True, exist_ok=True)
    for name in ('vocabulary.txt', 'vectors.f32', 'cases-validation.jsonl', *(f'cases-{s}-validation.jsonl' for s in HELD_APART)):
        if (data / name).exists():
            (out / name).write_bytes((data / name).read_bytes())
    kept = 0
    with open(data / 'cases-train.jsonl') as src, open(out / 'cases-train.jsonl', 'w') as dst:
        for line in src:
            case = json.loads(line)
            if case['source'] == 'natural' and case['id'].rsplit('-', 1)[0] not in domains:
                continue
            dst.write(line)
            kept += case['source'] == 'natural'
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--out', default=str(ROOT / 'training' / 'results' / 'training-ablation.json'))
    parser.add_argument('--threads', type=int, default=2, help='torch threads per training run')
    parser.add_argument('--jobs', type=int, default=1, help='training runs at once (each its own process)')
    parser.add_argument('--only', help='variants to run, comma-separated; their rows replace those in --out')
    args = parser.parse_args()
    names = [v[0] for v in VARIANTS]
    only = args.only.split(',') if args.only else names
    unknown = [n for n in only if n not in names]
    if unknown:
        raise SystemExit(f'unknown variants {unknown}; the variants are {names}')
    started = time.time()
    with tempfile.TemporaryDirectory(prefix='coord-ablation-') as tmp:
        data = Path(tmp) / 'data'
        featurize(data, SYNTHETIC, CoordConfig().vocabulary, ['long', 'documents'])
        train = json.loads((ROOT / 'bench' / 'corpus' / 'natural' / 'splits.json').read_text())['train']
        domains = {'v11-domains': train_domains(V11_COMMIT), 'every-2': set(train[::2]), 'every-4': set(train[::4])}
        needed = {v[3] for v in VARIANTS if v[0] in only} - {'all'}
        narrowed = {which: Path(tmp) / f'data-{which}' for which in needed}
        for which in needed:
            restrict(data, narrowed[which], domains[which])

        def run(variant: tuple[str, str, list[str], str]) -> dict:
            name, label, flags, which = variant
            out = Path(tmp) / name
            command = [sys.executable, str(ROOT / 'training' / 'train.py'), '--no-featurize', '--threads', str(args.threads),
                       '--data', str(data if which == 'all' else narrowed[which]), '--out', str(out), *flags]
            subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            report = torch.load(out / 'coordinator.pt', map_location='cpu')['report']
            best = max(report['history'], key=lambda h: (h['natural_auc'] + h['synthetic_auc']) / 2)
            v = report['validation']
            apart = [report[f'{s}_validation'] for s in HELD_APART if f'{s}_validation' in report]
            result = {'name': name, 'label': label, 'flags': flags, 'natural_domains': which,
                      'natural_train_cases': report['cases']['natural_train'], 'best_epoch': best['epoch'],
                      'natural_auc': best['natural_auc'], 'synthetic_auc': best['synthetic_auc'],
                      **{f'{s}_auc': best[f'{s}_auc'] for s in HELD_APART if f'{s}_auc' in best},
                      'first_hop_auc': {k: x for d in (v, *apart) for k, x in d['first_hop_auc'].items()}}
            print(result, flush=True)
            return result

        # Each run is seeded and a process of its own: --jobs changes only the wall time (--threads can move the last digit).
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(run, [v for v in VARIANTS if v[0] in only]))
    command = ' '.join(['nice python3 training/ablate_training.py', *sys.argv[1:]])
    seconds = round(time.time() - started)
    if args.only and Path(args.out).exists():
        record = json.loads(Path(args.out).read_text())
        by_name = {r['name']: r for r in record['results']} | {r['name']: r for r in results}
        record['results'] = [by_name[n] for n in names if n in by_name]
        record['reruns'] = [*record.get('reruns', []), {'command': command, 'seconds': seconds, 'variants': only}]
    else:
        record = {'command': command, 'seconds': seconds, 'v11_commit': V11_COMMIT, 'results': results}
    Path(args.out).write_text(json.dumps(record, indent=1) + '\n')


if __name__ == '__main__':
    main()
