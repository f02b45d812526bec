import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadBenchWorkflows } from '../../src/bench/workflows.js';
import { compileMachine } from '../../src/compile/machine.js';
import type { WorkflowIR } from '../../src/ir/schema.js';
import type { FamilyName } from '../../src/bench/family.js';
import { runHarness } from '../../src/bench/harness.js';
import { summarise } from '../../src/bench/metrics.js';
import { TaskQueryCoordinator } from '../../src/bench/task-query.js';
import { RankerCoordinator } from '../../src/bench/rankers/ranker.js';
import { bm25 } from '../../src/bench/rankers/bm25.js';
import { FAMILY_NAMES } from '../../src/bench/task.js';
import type { ReadoutQuery } from '../../runtime/coordinator/types.js';
import { buildIr } from './support.js';

const root = path.resolve(import.meta.dirname, '../..');
let workflows: Record<FamilyName, WorkflowIR>;

beforeAll(async () => {
  workflows = await loadBenchWorkflows(root, FAMILY_NAMES);
});

describe('runHarness', () => {
  it('runs every family × policy point × task and scores each run', async () => {
    const { records, unavailable } = await runHarness({
      families: ['multihop', 'relay'],
      policies: ['text', 'truncate', 'bm25', 'silent'],
      budgets: [8, 256],
      split: 'validation',
      count: 3,
      start: 0,
      knobs: {},
      workflows,
      compile: compileMachine,
      learnedCoordinator: () => Promise.reject(new Error('unused')),
      concurrency: 4,
    });
    expect(unavailable).toEqual([]);
    expect(records).toHaveLength(2 * 6 * 3);
    expect(records.every((r) => r.error === undefined)).toBe(true);
    const rows = summarise(records);
    const at = (family: string, policy: string, budget?: number) => rows.find((r) => r.family === family && r.policy === policy && r.budget === budget)!;
    expect(at('multihop', 'text').success).toBe(1);
    expect(at('relay', 'text').success).toBe(1);
    expect(at('multihop', 'silent').success).toBe(0);
    expect(at('multihop', 'truncate', 8).deliveredMean).toBeLessThan(at('multihop', 'truncate', 256).deliveredMean);
    expect(at('multihop', 'bm25', 256).overheadMsPerStep).toBeDefined();
  });

  it('reports latent and hybrid as unavailable, with the reason, when the learned coordinator cannot be opened', async () => {
    const { records, unavailable } = await runHarness({
      families: ['consensus'],
      policies: ['text', 'latent', 'hybrid'],
      budgets: [32],
      split: 'test',
      count: 2,
      start: 0,
      knobs: {},
      workflows,
      compile: compileMachine,
      learnedCoordinator: () => Promise.reject(new Error('models/coordinator.json is missing')),
      concurrency: 1,
    });
    expect(unavailable).toEqual([
      { policy: 'latent', reason: 'coordinator not available: models/coordinator.json is missing' },
      { policy: 'hybrid', reason: 'coordinator not available: models/coordinator.json is missing' },
    ]);
    expect(records.map((r) => r.policy)).toEqual(['text', 'text']);
  });
});

describe('the oracle policy', () => {
  it('reads exactly what the episodes say is needed: every task solved with far fewer tokens delivered than full text', async () => {
    const { records } = await runHarness({
      families: ['multihop', 'relay', 'consensus'],
      policies: ['text', 'oracle'],
      budgets: [512],
      split: 'test',
      count: 4,
      start: 0,
      knobs: {},
      workflows,
      compile: compileMachine,
      learnedCoordinator: () => Promise.reject(new Error('unused')),
      concurrency: 4,
    });
    const rows = summarise(records);
    for (const family of FAMILY_NAMES) {
      const text = rows.find((r) => r.family === family && r.policy === 'text')!;
      const oracle = rows.find((r) => r.family === family && r.policy === 'oracle')!;
      expect(oracle.success).toBe(1);
      expect(oracle.deliveredMean).toBeLessThan(text.deliveredMean / 2);
    }
  });
});

describe('TaskQueryCoordinator', () => {
  it('asks the inner coordinator with the task query of the receiver, not the runtime query', async () => {
    const seen: string[] = [];
    const inner = new RankerCoordinator(bm25);
    const spy = Object.assign(Object.create(inner) as RankerCoordinator, {
      readout: (q: ReadoutQuery) => {
        seen.push(q.query);
        return inner.readout(q);
      },
    });
    const wrapped = new TaskQueryCoordinator(spy, (receiver) => (receiver === 'b' ? 'the task of b' : undefined));
    const channel = buildIr().channels[0]!;
    const query = { channel, query: 'role\n{"answer":"leak"}', budgetTokens: 10, countTokens: (t: string) => t.length };
    await wrapped.readout({ ...query, receiver: 'b' });
    await wrapped.readout({ ...query, receiver: 'c' });
    expect(seen).toEqual(['the task of b', 'role\n{"answer":"leak"}']);
  });
});
