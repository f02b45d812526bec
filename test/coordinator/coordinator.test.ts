import { beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../src/ir/schema.js';
import {
  CoordinatorSnapshot,
  RunCoordinator,
  createCoordinator,
  loadCoordinatorModel,
  resumeCoordinator,
} from '../../runtime/coordinator/index.js';
import type { CoordinatorModel } from '../../runtime/coordinator/model.js';
import type { CoordinatorMessage } from '../../runtime/coordinator/types.js';
import { O200K } from '../../runtime/tokens/tokenizer.js';
import { segmentText } from '../../runtime/text/segment.js';

function channel(from: string, to: string): Channel {
  return { id: `${from}->${to}`, from, to, mode: 'latent', budget: {}, readout: 60, compress: { method: 'none' }, overflow: 'truncate' };
}
function message(id: string, ch: Channel, text: string): CoordinatorMessage {
  const segments = segmentText(text).map((s, index) => ({ index, text: s, tokens: O200K.count(s) }));
  return { id, channel: ch, from: ch.from, to: ch.to, text, segments };
}
const toDecider = channel('holder1', 'decider');
const toOther = channel('holder1', 'archivist');
const facts = [
  'Stanwick lies in Solmark. Cosmo is mentored by Dmitri. Hope this helps.',
  'Milo works at the Copper Studio. The Saffron Lab is located in Penhallow. Tilden is a city in Kelvania.',
  'Dmitri works at the Willow Institute. The Willow Institute is located in Garrow. Garrow is a city in Ostmark.',
];
const query = {
  receiver: 'decider',
  channel: toDecider,
  query: 'Answer the question by chaining the facts the holders sent. Which country does Cosmo\'s mentor work in?',
  budgetTokens: 40,
  countTokens: (text: string) => O200K.count(text),
};

describe('RunCoordinator with the shipped model', () => {
  let model: CoordinatorModel;
  beforeAll(async () => {
    model = await loadCoordinatorModel('builtin', 'cpu');
  });

  async function runWithFacts(runId: string): Promise<RunCoordinator> {
    const run = new RunCoordinator(model, runId);
    for (const [i, text] of facts.entries()) await run.write(message(`m${i}`, toDecider, text));
    await run.write(message('other', toOther, 'The archive closes at noon. Nobody else should read this.'));
    return run;
  }

  it('writes each segment of a message into memory with a latent of the model\'s size', async () => {
    const run = new RunCoordinator(model, 'writes');
    const step = await run.write(message('m0', toDecider, facts[0]!));
    expect(step.overheadMs).toBeGreaterThanOrEqual(0);
    const memory = run.snapshot().memory;
    expect(memory.map((slot) => slot.text)).toEqual(segmentText(facts[0]!));
    for (const slot of memory) expect(slot.latent).toHaveLength(model.latentSize);
  });

  it('reads out only segments written to the asked channel, within the readout budget, in arrival order', async () => {
    const run = await runWithFacts('readout');
    const readout = await run.readout(query);
    const texts = readout.segments.map((s) => s.text);
    expect(O200K.count(texts.join('\n'))).toBeLessThanOrEqual(query.budgetTokens);
    expect(texts.every((t) => !t.includes('archive') && !t.includes('Nobody'))).toBe(true);
    const order = readout.segments.map((s) => Number(s.message.slice(1)));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const s of readout.segments) expect(s.latent).toHaveLength(model.latentSize);
  });

  it('reads out nothing from a channel with no memory, or with no budget', async () => {
    const run = await runWithFacts('empty');
    expect((await run.readout({ ...query, channel: channel('x', 'y') })).segments).toEqual([]);
    expect((await run.readout({ ...query, budgetTokens: 0 })).segments).toEqual([]);
  });

  it('gates by what the receiver is looking for: text when a segment scores above the gate threshold', async () => {
    const run = await runWithFacts('gate');
    const m2 = message('m2', toDecider, facts[2]!);
    const slots = run.snapshot().memory.filter((slot) => slot.message === 'm2');
    const best = Math.max(...(await run.rank(query)).filter((s) => s.message === 'm2').map((s) => s.score));
    expect(slots.length).toBeGreaterThan(0);
    const decision = await run.gate({ message: m2, query: query.query });
    expect(decision.route).toBe(best > run.gateThreshold ? 'text' : 'latent');
    await expect(run.gate({ message: message('never', toDecider, 'x.'), query: query.query })).rejects.toThrow(/before write\(never\)/);
  });

  it('always sends at a gate threshold of −∞ and never at +∞, and leaves out of later readouts what it sent', async () => {
    const always = new RunCoordinator(model, 'always', undefined, { gateThreshold: -Infinity, threshold: -Infinity });
    const never = new RunCoordinator(model, 'never', undefined, { gateThreshold: Infinity, threshold: -Infinity });
    for (const run of [always, never]) {
      for (const [i, text] of facts.entries()) await run.write(message(`m${i}`, toDecider, text));
    }
    const m0 = message('m0', toDecider, facts[0]!);
    expect((await always.gate({ message: m0, query: query.query })).route).toBe('text');
    expect((await never.gate({ message: m0, query: query.query })).route).toBe('latent');
    const readout = await always.readout({ ...query, budgetTokens: 1000 });
    expect(readout.segments.some((s) => s.message === 'm0')).toBe(false);
    expect((await never.readout({ ...query, budgetTokens: 1000 })).segments.some((s) => s.message === 'm0')).toBe(true);
  });

  it('scores a message against the receiver\'s query: the gate\'s score changes with the query', async () => {
    const run = await runWithFacts('receiver-aware');
    const scores = async (text: string) => (await run.rank({ ...query, query: text })).filter((s) => s.message === 'm2').map((s) => s.score);
    expect(await scores('Which country does the Willow Institute sit in?')).not.toEqual(await scores('What time does the bakery open?'));
  });

  it('resumes from a JSON snapshot to the same state, memory and readouts', async () => {
    const run = await runWithFacts('original');
    const snapshot = JSON.parse(JSON.stringify(run.snapshot())) as unknown;
    const resumed = new RunCoordinator(model, 'resumed', CoordinatorSnapshot.parse(snapshot));
    expect(resumed.snapshot()).toEqual(run.snapshot());
    const next = message('m9', toDecider, 'Cosmo also visits Garrow in spring.');
    await resumed.write(next);
    await run.write(next);
    expect(resumed.snapshot()).toEqual(run.snapshot());
    expect(await resumed.readout(query)).toMatchObject({ segments: (await run.readout(query)).segments });
  });

  it('refuses the snapshots of older coordinators, saying which and what to do', async () => {
    const options = { runId: 'old' };
    await expect(resumeCoordinator(options, { format: 1, state: [], memory: [] })).rejects.toThrow(/recurrent state \(snapshot format 1\); finish it with that version/);
    const v3 = { format: 2, model: 'a'.repeat(64), memory: [], delivered: [] };
    await expect(resumeCoordinator(options, v3)).rejects.toThrow(/v3 keys \(snapshot format 2\).*finish it with that version, or start it again/);
  });

  it('refuses a snapshot taken with another model', async () => {
    const run = await runWithFacts('foreign');
    const snapshot = { ...run.snapshot(), model: '0'.repeat(64) };
    expect(() => new RunCoordinator(model, 'foreign', snapshot)).toThrow(/saved with coordinator model 000000000000… but/);
  });

  it('writes and scores concurrent runs in shared batches with the results of one run at a time', async () => {
    // Batched and single calls take different kernel paths, so equal means equal to float rounding.
    const outcome = async (run: RunCoordinator) => ({
      slots: run.snapshot().memory.map(({ latent, ...slot }) => slot),
      numbers: [...run.snapshot().memory.flatMap((slot) => slot.latent), ...(await run.rank(query)).map((s) => s.score)],
    });
    const alone: Awaited<ReturnType<typeof outcome>>[] = [];
    for (let r = 0; r < 6; r++) {
      const run = new RunCoordinator(model, `alone${r}`);
      await run.write(message('m0', toDecider, facts[r % 3]!));
      await run.write(message('m1', toDecider, facts[(r + 1) % 3]!));
      alone.push(await outcome(run));
    }
    const runs = Array.from({ length: 6 }, (_, r) => new RunCoordinator(model, `batched${r}`));
    await Promise.all(runs.map((run, r) => run.write(message('m0', toDecider, facts[r % 3]!))));
    await Promise.all(runs.map((run, r) => run.write(message('m1', toDecider, facts[(r + 1) % 3]!))));
    const together = await Promise.all(runs.map(outcome));
    for (const [r, got] of together.entries()) {
      expect(got.slots).toEqual(alone[r]!.slots);
      expect(got.numbers).toHaveLength(alone[r]!.numbers.length);
      got.numbers.forEach((x, i) => expect(Math.abs(x - alone[r]!.numbers[i]!)).toBeLessThan(1e-5));
    }
  });

  it('refuses calls after close', async () => {
    const run = await runWithFacts('closed');
    await run.close();
    await expect(run.readout(query)).rejects.toThrow(/run closed is closed/);
  });

  it('is created by the runtime factory with the built-in model by default', async () => {
    const run = await createCoordinator({ runId: 'factory', config: { model: 'builtin', device: 'cpu' } });
    await run.write(message('m0', toDecider, facts[0]!));
    expect(run.snapshot().memory).toHaveLength(segmentText(facts[0]!).length);
    await run.close();
  });
});
