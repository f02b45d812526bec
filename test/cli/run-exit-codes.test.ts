import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureAgent } from '../runtime/support/ir.js';
import { runCoord, type Finished } from '../runtime/support/spawn-coord.js';

/** Nothing a person does wrong is reported as a bug, and nothing prints a stack trace. */
function expectNoBug(result: Finished): void {
  expect(result.stderr).not.toContain('internal error');
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

/** A one-agent workflow in a folder of its own, running the given fixture agent module. */
function oneAgent(module: string, extra = '') {
  const dir = mkdtempSync(join(tmpdir(), 'coord-exit-'));
  const flow = join(dir, 'flow.coord');
  writeFileSync(flow, `workflow w {\n  budget 2000 tokens\n  agent a {\n    function "${fixtureAgent(module)}"\n    budget 200 tokens per turn\n  }\n${extra}  flow {\n    start a\n    a -> done\n  }\n}\n`);
  return { dir, flow, runs: join(dir, 'runs') };
}

const APPROVAL = 'test/runtime/fixtures/approval.coord';

describe('coord run exits as documented', () => {
  it('0 done, 1 failed, 3 waiting for input', async () => {
    const done = oneAgent('counter.ts');
    expect((await runCoord(['run', done.flow, '--runs-dir', done.runs])).code).toBe(0);
    const failed = oneAgent('fails.ts');
    const result = await runCoord(['run', failed.flow, '--runs-dir', failed.runs]);
    expect(result.code).toBe(1);
    expectNoBug(result);
    expect((await runCoord(['run', APPROVAL, '--runs-dir', done.runs])).code).toBe(3);
  });

  it('2 for a run that cannot start: a bad or taken --run-id, a runs folder that is a file, an agent module that will not load', async () => {
    const { dir, flow, runs } = oneAgent('counter.ts');
    const cases: Array<[string[], RegExp]> = [
      [['--run-id', '../escape'], /run id '..\/escape' may only use letters, digits/],
      [['--runs-dir', flow], /cannot use .*flow\.coord as the runs folder|cannot make the folder of run/],
    ];
    for (const [args, message] of cases) {
      const result = await runCoord(['run', flow, '--runs-dir', runs, ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expectNoBug(result);
    }
    expect((await runCoord(['run', flow, '--runs-dir', runs, '--run-id', 'taken'])).code).toBe(0);
    const taken = await runCoord(['run', flow, '--runs-dir', runs, '--run-id', 'taken']);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toMatch(/a run with id 'taken' already exists/);

    const broken = oneAgent('two-exports.ts');
    const unloadable = await runCoord(['run', broken.flow, '--runs-dir', join(dir, 'other')]);
    expect(unloadable.code).toBe(2);
    expect(unloadable.stderr).toMatch(/agent a: cannot load .*two-exports\.ts: must export one function/);
    expectNoBug(unloadable);
  });

  it('2 for a --config that is missing or invalid, even when the run calls no model', async () => {
    const { dir, flow, runs } = oneAgent('counter.ts');
    const missing = await runCoord(['run', flow, '--runs-dir', runs, '--config', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: config file not found/);
    const invalid = join(dir, 'bad.json');
    writeFileSync(invalid, '{ "functions": { "timeoutMs": -5 } }');
    const result = await runCoord(['run', flow, '--runs-dir', runs, '--config', invalid, '--simulate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.json: invalid configuration\n\s+functions\.timeoutMs/);
  });
});

describe('coord resume and replay exit as documented', () => {
  it('2 for no such run, a finished run, and damaged run folders (never "internal error")', async () => {
    const { flow, runs } = oneAgent('counter.ts');
    expect((await runCoord(['run', flow, '--runs-dir', runs, '--run-id', 'r'])).code).toBe(0);
    for (const command of ['resume', 'replay']) {
      const none = await runCoord([command, 'nope', '--runs-dir', runs]);
      expect(none.code, command).toBe(2);
      expect(none.stderr).toMatch(/no run 'nope' in /);
    }
    const finished = await runCoord(['resume', 'r', '--runs-dir', runs]);
    expect(finished.code).toBe(2);
    expect(finished.stderr).toMatch(/run r already finished \(done\)/);

    const machine = readFileSync(join(runs, 'r', 'machine.json'), 'utf8');
    const damage: Array<[string, string, RegExp]> = [
      ['ir.json', '{ "not": "an ir" }', /ir\.json is not a workflow IR/],
      // A name the runtime does not implement: the contract of src/ir/machine.ts refuses it before anything runs.
      ['machine.json', machine.replace('"agentTurn"', '"agentTurns"'), /machine\.json is not a machine config \(states\.a\.invoke\.src: /],
      ['ir.json', '{ broken', /ir\.json: not valid JSON/],
      ['journal.jsonl', 'garbage\n{}\n', /journal\.jsonl:1: not a journal record/],
    ];
    for (const [file, text, message] of damage) {
      const path = join(runs, 'r', file);
      const original = readFileSync(path, 'utf8');
      writeFileSync(path, text);
      for (const command of ['resume', 'replay']) {
        const result = await runCoord([command, 'r', '--runs-dir', runs]);
        expect(result.code, `${command} with a damaged ${file}`).toBe(2);
        expect(result.stderr).toMatch(message);
        expectNoBug(result);
      }
      writeFileSync(path, original);
    }
    expect((await runCoord(['replay', 'r', '--runs-dir', runs])).code).toBe(0);
  });

  it('replay: 1 when the journal differs from what the run produces again', async () => {
    const { flow, runs } = oneAgent('counter.ts');
    expect((await runCoord(['run', flow, '--runs-dir', runs, '--run-id', 'd'])).code).toBe(0);
    const path = join(runs, 'd', 'journal.jsonl');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"turn 1"', '"turn one"'));
    const result = await runCoord(['replay', 'd', '--runs-dir', runs]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/it differs from the journal/);
  });
});
