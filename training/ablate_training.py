"""What each change to the coordinator's training procedure bought, on the validation split.

    PATH=/opt/coord-node24/node_modules/.bin:$PATH nice python3 training/ablate_training.py

Runs training/train.py's first stage (the score head on fixed slot features, no joint stage) once per
variant, from the same seed and the same featurized cases, and keeps each run's best epoch as train.py
does. The variants change one setting at a time from the shipped one: what the first stage fits (the
whole head, or its linear path alone as v3 did), for how long, how much a natural case weighs, the
natural corpus's train domains (all of them, or the 28 that v3 was trained on, read from splits.json
as commit a89e9d3 had it), and which of the score head's inputs it has (the learned match, the lexical
cosine, the cross features). Writes training/results/training-ablation.json (rendered into the model card).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coord_model import CoordConfig  # noqa: E402
from train import featurize  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
V3_COMMIT = 'a89e9d3'  # the last commit with v3's model and the 28-domain corpus

VARIANTS = [
    # name, label, train.py flags, data ('all' or 'v3-domains')
    ('shipped', 'the shipped first stage: whole head, 150 epochs, natural ×40',
     ['--first-stage', 'head', '--first-epochs', '150', '--natural-repeat', '40'], 'all'),
    ('natural-x20', 'natural ×20', ['--first-stage', 'head', '--first-epochs', '150', '--natural-repeat', '20'], 'all'),
    ('natural-x10', 'natural ×10', ['--first-stage', 'head', '--first-epochs', '150', '--natural-repeat', '10'], 'all'),
    ('linear', 'linear path only (a logistic model), natural ×10',
     ['--first-stage', 'linear', '--first-lr', '3e-2', '--first-epochs', '150', '--natural-repeat', '10'], 'all'),
    ('v3-procedure', "v3's first stage: linear path only, 4 epochs, natural ×10",
     ['--first-stage', 'linear', '--first-lr', '3e-2', '--first-epochs', '4', '--natural-repeat', '10'], 'all'),
    ('v3-domains', "the shipped first stage on v3's 28 natural train domains",
     ['--first-stage', 'head', '--first-epochs', '150', '--natural-repeat', '40'], 'v3-domains'),
    ('no-learned', 'the shipped first stage without the learned match (its input held at 0)',
     ['--first-stage', 'head', '--first-epochs', '150', '--natural-repeat', '40', '--drop', 'learned'], 'all'),
    ('no-lexical', 'the shipped first stage without the lexical cosine',
     ['--first-stage', 'head', '--first-epochs', '150', '--natural-repeat', '40', '--drop', 'lexical'], 'all'),
    ('cross-only', 'the shipped first stage on the cross features alone (neither match)',
     ['--first-stage', 'head', '--first-epochs', '150', '--natural-repeat', '40', '--drop', 'learned,lexical'], 'all'),
]


def v3_domains() -> set[str]:
    text = subprocess.run(['git', 'show', f'{V3_COMMIT}:bench/corpus/natural/splits.json'], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout
    return set(json.loads(text)['train'])


def restrict(data: Path, out: Path, domains: set[str]) -> int:
    """A copy of the featurized data whose natural train cases come from `domains` only."""
    out.mkdir(parents=True, exist_ok=True)
    for name in ('vocabulary.txt', 'vectors.f32', 'cases-validation.jsonl'):
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
    parser.add_argument('--threads', type=int, default=2)
    args = parser.parse_args()
    started = time.time()
    results = []
    with tempfile.TemporaryDirectory(prefix='coord-ablation-') as tmp:
        data = Path(tmp) / 'data'
        featurize(data, 150, CoordConfig().vocabulary)
        narrow = Path(tmp) / 'data-v3-domains'
        natural_v3 = restrict(data, narrow, v3_domains())
        for name, label, flags, which in VARIANTS:
            out = Path(tmp) / name
            command = [sys.executable, str(ROOT / 'training' / 'train.py'), '--no-featurize', '--epochs', '0',
                       '--threads', str(args.threads), '--data', str(data if which == 'all' else narrow),
                       '--out', str(out), *flags]
            subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            report = torch.load(out / 'coordinator.pt', map_location='cpu')['report']
            best = max(report['history'], key=lambda h: (h['natural_auc'] + h['synthetic_auc']) / 2)
            v = report['validation']
            results.append({'name': name, 'label': label, 'flags': flags, 'natural_domains': which,
                            'natural_train_cases': report['cases']['natural_train'], 'best_epoch': best['epoch'],
                            'natural_auc': best['natural_auc'], 'synthetic_auc': best['synthetic_auc'],
                            'first_hop_auc': v['first_hop_auc']})
            print(results[-1], flush=True)
    Path(args.out).write_text(json.dumps({
        'command': 'nice python3 training/ablate_training.py',
        'seconds': round(time.time() - started),
        'v3_commit': V3_COMMIT,
        'natural_train_cases_v3_domains': natural_v3,
        'results': results,
    }, indent=1) + '\n')


if __name__ == '__main__':
    main()
