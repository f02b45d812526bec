"""The RIMs paper's copying task (arXiv 1909.10893) as an external check of the recurrent core that
coordinator v1 and v2 carried: 10 symbols from an alphabet of 8, a dormant phase of blanks, a delimiter, then
the model must emit the 10 symbols. Train with a dormant phase of 50, test with 50 and with 200.
The core is rims_core.RimsCore.step, the recurrent core of coordinator v1 and v2 (low-rank modules,
input attention with a null input, top-k updates and communication), fed one symbol per step; the
baseline is an LSTM with about the same number of parameters, trained the same way (see `protocol` in the results).
`--models reference` trains instead a core configured like the official RIMs copying script
(rims_reference.py: 6 LSTM modules, top 4, 4-head residual communication), which the official
script trains with lr 1e-3, loss over every output position, no curriculum and no schedule:

    OPENBLAS_NUM_THREADS=1 nice python3 training/copying.py   # writes training/results/copying.json
    OPENBLAS_NUM_THREADS=1 nice python3 training/copying.py --models reference --units 60 --lr 1e-3 \
        --loss all --no-curriculum --warmup 1 --lr-floor 1 --out training/results/copying-reference-60.json

Every results file gives two CEs at dormant lengths 50 and 200: over the 10 recall steps (ce_50, ce_200)
and over every output position (ce_all_50, ce_all_200), the paper's definition; the blanks before the
recall are easy, so the second is about 10/71 of the first at 50 once the blanks are predicted.

Debian's python3-torch calls whichever libblas.so.3 the loader finds. The reference BLAS makes the
core's small batched matmuls several times slower than OpenBLAS (Debian's libopenblas0-pthread,
installed or put first on LD_LIBRARY_PATH); the results name the library that was used.
"""
from __future__ import annotations

import argparse
import json
import math
import signal
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rims_core import RimsConfig, RimsCore  # noqa: E402
from rims_reference import RimsReferenceCopier  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SYMBOLS, BLANK, DELIMITER, VOCAB, LENGTH = 8, 8, 9, 10, 10
DEFAULT_OUT = ROOT / 'training' / 'results' / 'copying.json'
TEST_DORMANT = (50, 200)  # the paper's train and test lengths, where every model is measured
# arXiv 1909.10893, the copying-task table (cross-entropy at train dormant length 50 / test 200). The paper's own
# text was not readable here; the values come from wizwand.com's benchmark pages "Copying Task 50 (train)" and
# "Copying Task 200 (test)", which index that table (RIMs 0.00 / 0.00, NTM 0.00 / 2.54, RMC 0.00 / 0.13).
# Its LSTM and Transformer rows were not found in any reference reachable from this build, so they are left
# blank rather than quoted from memory.
PAPER = {'rims': {'ce_50': '0.00', 'ce_200': '0.00'},
         'lstm': {'ce_50': 'not retrieved', 'ce_200': 'not retrieved'},
         'others': 'NTM 0.00 / 2.54, RMC 0.00 / 0.13 (CE at 50 / 200)',
         'source': 'arXiv 1909.10893 (RIMs), copying-task table, via wizwand.com benchmark pages '
                   '"Copying Task 50 (train)" and "Copying Task 200 (test)"'}


def batch(size: int, dormant: int, g: torch.Generator):
    """Inputs and targets, both B×(10 + dormant + 1 + 10) symbol ids."""
    seq = torch.randint(0, SYMBOLS, (size, LENGTH), generator=g)
    blanks = torch.full((size, dormant), BLANK)
    tail = torch.full((size, LENGTH), BLANK)
    inputs = torch.cat([seq, blanks, torch.full((size, 1), DELIMITER), tail], 1)
    targets = torch.cat([torch.full((size, LENGTH + dormant + 1), BLANK), seq], 1)
    return inputs, targets


class RimsCopier(nn.Module):
    """The coordinator's recurrent core (its step graph) with a symbol embedding and a linear read-out."""

    def __init__(self, config: RimsConfig):
        super().__init__()
        self.core = RimsCore(config)
        self.symbols = nn.Embedding(VOCAB, config.embed)
        self.out = nn.Linear(self.core.state_size, VOCAB)
        self.used = [self.core.in_key, self.core.in_value, self.core.in_query, self.core.gru_x, self.core.gru_h,
                     self.core.comm_query, self.core.comm_key, self.core.comm_value, self.symbols, self.out]

    def parameters_used(self) -> int:
        return sum(p.numel() for m in self.used for p in m.parameters())

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        B, T = inputs.shape
        state = self.core.initial_state(B)
        mask = torch.ones(B, 1)
        logits = []
        for t in range(T):
            state, _ = self.core.step(state, self.symbols(inputs[:, t]).unsqueeze(1), mask)
            logits.append(self.out(state))
        return torch.stack(logits, 1)


class LstmCopier(nn.Module):
    def __init__(self, hidden: int, embed: int):
        super().__init__()
        self.symbols = nn.Embedding(VOCAB, embed)
        self.lstm = nn.LSTM(embed, hidden, batch_first=True)
        self.out = nn.Linear(hidden, VOCAB)

    def parameters_used(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        return self.out(self.lstm(self.symbols(inputs))[0])


def losses(logits: torch.Tensor, targets: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """CE in nats over the 10 recall steps, and over every output position (the paper's, which also scores
    the blanks before the recall)."""
    recall = F.cross_entropy(logits[:, -LENGTH:].reshape(-1, VOCAB), targets[:, -LENGTH:].reshape(-1))
    return recall, F.cross_entropy(logits.reshape(-1, VOCAB), targets.reshape(-1))


def cross_entropy(model: nn.Module, dormant: int, g: torch.Generator, size: int = 500) -> tuple[float, float]:
    """Recall-only and all-positions CE on `size` fresh sequences."""
    model.eval()
    with torch.no_grad():
        inputs, targets = batch(size, dormant, g)
        recall, every = losses(model(inputs), targets)
    model.train()
    return recall.item(), every.item()


def curriculum(dormant: int, staged: bool = True) -> list[int]:
    """The dormant lengths of the stages, each half as long again as the one before: 1, 2, 3, 4, 6, 9, 13, 19,
    28, 42, then `dormant`; only `dormant` without the curriculum."""
    if not staged:
        return [dormant]
    stages = [1]
    while stages[-1] < dormant:
        stages.append(min(dormant, stages[-1] + max(1, stages[-1] // 2)))
    return stages


STOP = False  # set by SIGTERM: on a busy shared machine the CPU budget can outlast the wall-clock time there is


def _stop(*_) -> None:
    """Ends training at the next step; the models are still measured and the results say they were interrupted."""
    global STOP
    STOP = True


def train(model: nn.Module, args: argparse.Namespace) -> dict:
    """Adam on the recall steps' CE (every position's with --loss all) through the curriculum's stages (every batch of a stage has the stage's
    dormant length); a stage ends once the recall CE on a fresh batch of its length is below args.advance;
    training ends once that CE is below args.stop in the last stage (the task itself), or when the step or
    CPU budget is spent."""
    g = torch.Generator().manual_seed(args.seed)
    held_out = torch.Generator().manual_seed(args.seed + 2)
    optimiser = torch.optim.Adam(model.parameters(), lr=args.lr)
    stages = curriculum(args.dormant, args.curriculum)
    # A CPU-time budget, so a model on a busy shared machine still gets the same amount of work.
    started, steps, stage, passed = time.process_time(), 0, 0, []

    def rate(step: int) -> float:
        """Linear warm-up, then a cosine from 1 to args.lr_floor over the CPU budget (a constant rate stalls
        on a noisy plateau)."""
        spent = min(1.0, (time.process_time() - started) / (args.minutes * 60))
        cosine = args.lr_floor + (1 - args.lr_floor) * 0.5 * (1 + math.cos(math.pi * spent))
        return min(1.0, (step + 1) / args.warmup) * cosine

    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, rate)
    converged = False
    while steps < args.max_steps and time.process_time() - started < args.minutes * 60 and not STOP:
        dormant = stages[stage]
        inputs, targets = batch(args.batch, dormant, g)
        recall, every = losses(model(inputs), targets)
        loss = every if args.loss == 'all' else recall
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        schedule.step()
        steps += 1
        if steps % args.eval_every:
            continue
        recall, _ = cross_entropy(model, dormant, held_out, args.batch)
        print(f'{type(model).__name__} step {steps} dormant {dormant} loss {loss.item():.4f} held-out {recall:.4f} '
              f'cpu {time.process_time() - started:.0f}s', flush=True)
        if stage == len(stages) - 1 and recall < args.stop:
            converged = True
            break
        if stage < len(stages) - 1 and recall < args.advance:
            passed.append({'dormant': dormant, 'passed_at_step': steps})
            stage += 1
    cpu = time.process_time() - started
    test = torch.Generator().manual_seed(args.seed + 1)
    measured = {d: cross_entropy(model, d, test) for d in TEST_DORMANT}
    return {'parameters': model.parameters_used(), 'train_steps': steps, 'train_cpu_minutes': round(cpu / 60, 1),
            'train_dormant': args.dormant, 'converged': converged, 'interrupted': STOP, 'last_stage_dormant': stages[stage],
            'stages_passed': passed, **{f'ce_{d}': recall for d, (recall, _) in measured.items()},
            **{f'ce_all_{d}': every for d, (_, every) in measured.items()}}


def blas() -> str:
    """The BLAS this process loaded (Debian's torch calls whichever libblas.so.3 the loader finds)."""
    maps = Path('/proc/self/maps')
    paths = {Path(line.split()[-1]) for line in maps.read_text().splitlines() if 'libblas' in line} if maps.exists() else set()
    return ', '.join(sorted(f'{p.parent.name}/{p.name}' for p in paths)) or 'unknown'


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--minutes', type=float, default=35.0, help='at most this many CPU minutes of training per model')
    parser.add_argument('--max-steps', type=int, default=40000, help='at most this many training steps per model')
    parser.add_argument('--batch', type=int, default=64)
    parser.add_argument('--lr', type=float, default=1e-2)
    parser.add_argument('--warmup', type=int, default=100, help='steps of linear learning-rate warm-up')
    parser.add_argument('--lr-floor', type=float, default=0.05, help='the cosine decay ends at lr times this')
    parser.add_argument('--dormant', type=int, default=50,
                        help='the training length of the dormant phase (every model is tested at 50 and 200)')
    parser.add_argument('--no-curriculum', dest='curriculum', action='store_false',
                        help='train at --dormant from the first step, as the official RIMs script does')
    parser.add_argument('--loss', choices=('recall', 'all'), default='recall',
                        help='train on the recall steps\' CE, or on every position\'s (the official script\'s)')
    parser.add_argument('--eval-every', type=int, default=25)
    parser.add_argument('--advance', type=float, default=0.05, help='recall CE below which the curriculum grows')
    parser.add_argument('--stop', type=float, default=0.005, help='recall CE at the training length that ends training')
    parser.add_argument('--models', default='rims,lstm', help='any of rims, reference, lstm')
    parser.add_argument('--units', type=int, default=600,
                        help='the reference core\'s hidden size, all modules together (and its embedding size)')
    parser.add_argument('--reference', default='6,4', help='the reference core\'s modules and active modules: K,k')
    parser.add_argument('--seed', type=int, default=3)
    parser.add_argument('--rank', type=int, default=RimsConfig.rank, help="the core's rank (coordinator v1/v2's by default)")
    parser.add_argument('--active', default=str(RimsConfig.active),
                        help='modules updated per step (k); a list (3,8) trains one core per value')
    parser.add_argument('--threads', type=int, default=1, help='1 is fastest for these small ops')
    parser.add_argument('--out', type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    signal.signal(signal.SIGTERM, _stop)
    torch.manual_seed(args.seed)
    started = time.time()
    actives = [int(k) for k in args.active.split(',')]
    wanted = args.models.split(',')
    models = {}
    if 'reference' in wanted:
        K, k = (int(n) for n in args.reference.split(','))
        models['reference'] = (f'RIMs core as in the official script (K={K}, k={k}, LSTM, h={args.units // K}, '
                               f'4-head communication)', RimsReferenceCopier(VOCAB, args.units, K, k))
    for k in actives:
        config = RimsConfig(embed=32, rank=args.rank, active=k)
        shipped = (config.rank, config.active) == (RimsConfig.rank, RimsConfig.active)
        core = f'K={config.modules}, k={config.active}, h={config.hidden}, rank {config.rank}'
        # The shipped core is `rims`, the row the paper's RIMs values sit beside; variants are named by k and r.
        name = 'rims' if shipped else f'rims-k{k}-r{args.rank}'
        models[name] = (f"RIMs core {'of coordinator v1/v2' if shipped else 'variant'} ({core})", RimsCopier(config))
    # An LSTM with about as many parameters as the first core: 4h(h + e) + 8h + 10h + 10 with e = 32.
    target = next(iter(models.values()))[1].parameters_used()
    hidden = next(h for h in range(8, 2048) if LstmCopier(h + 1, 32).parameters_used() > target)
    models['lstm'] = (f'LSTM, hidden {hidden}', LstmCopier(hidden, 32))
    results = {name: {'label': label, **train(model, args)}
               for name, (label, model) in models.items() if name.split('-')[0] in wanted}
    flags = (f'--minutes {args.minutes:g} --max-steps {args.max_steps} --batch {args.batch} --lr {args.lr:g} '
             f'--warmup {args.warmup} --lr-floor {args.lr_floor:g} --eval-every {args.eval_every} '
             f'--advance {args.advance:g} --stop {args.stop:g} '
             f'--seed {args.seed} --models {args.models}' +
             ('' if args.dormant == 50 else f' --dormant {args.dormant}') +
             ('' if args.curriculum else ' --no-curriculum') +
             ('' if args.loss == 'recall' else f' --loss {args.loss}') +
             (f' --units {args.units} --reference {args.reference}' if 'reference' in wanted else '') +
             ('' if actives == [RimsConfig.active] else f' --active {args.active}') +
             ('' if args.rank == RimsConfig.rank else f' --rank {args.rank}') +
             ('' if args.out == DEFAULT_OUT else f' --out {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}'))
    report = {
        'command': f'nice python3 training/copying.py {flags}',
        'task': 'alphabet 8 + blank + delimiter; 10 symbols, dormant phase of blanks, delimiter, 10 recall steps; '
                f"train dormant {args.dormant}, test {' and '.join(map(str, TEST_DORMANT))}; CE in nats on 500 fresh "
                'sequences, over the 10 recall steps (ce_*) and over every output position (ce_all_*)',
        'device': f'CPU, {args.threads} thread(s), BLAS {blas()}',
        'seconds': time.time() - started,
        'models': results,
        'paper': PAPER,
        'protocol': ('Every model gets the same procedure and budget: Adam, lr '
                     + (f'{args.lr:g} throughout' if args.lr_floor == 1 and args.warmup <= 1 else
                        f'{args.lr:g} after {args.warmup} steps of linear warm-up, then a cosine decay to '
                        f'{args.lr * args.lr_floor:g} over the CPU budget')
                     + f', gradient norm clipped to 1, batches of {args.batch}, loss = CE of '
                     + ('every output position' if args.loss == 'all' else 'the 10 recall steps only') + '; '
                     + (f"a curriculum on the dormant length (every batch of a stage has one length: "
                        f"{', '.join(map(str, curriculum(args.dormant)))}), a stage ending once the recall CE on a fresh "
                        f'batch of that length is below {args.advance:g}; ' if args.curriculum else
                        f'no curriculum: every batch has a dormant phase of {args.dormant}; ')
                     + f'training stops when the recall CE at length {args.dormant} is below {args.stop:g}, or after '
                     f'{args.max_steps} steps or {args.minutes:g} CPU minutes. The paper trains at dormant length 50 '
                     'throughout, with its own models and budget.'),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + '\n')
    print(json.dumps(report, indent=1))


if __name__ == '__main__':
    main()
