import { describe, expect, it } from 'vitest';
import { startRun } from '../../../runtime/run/run.js';
import { MemoryRunStore } from '../../../runtime/store/memory-store.js';
import type { Channel } from '../../../src/ir/schema.js';
import { agentNode, functionAgent, textChannel, workflow } from '../support/ir.js';
import { machineConfigFor } from '../support/machine-config.js';
import { eventsOf, sendersInto } from '../support/squeeze-flows.js';

const SQUEEZE: Partial<Channel> = { compress: { method: 'squeeze', level: 0 } };

async function run(input: Record<string, string>, channel: (from: string) => Partial<Channel> = () => SQUEEZE, options: { redundancyThreshold?: number } = {}) {
  const ir = sendersInto('reader', ['alice', 'bob'], channel);
  const result = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'dup', input, ...options });
  expect(result.outcome).toBe('done');
  return { result, reader: (result.outputs.reader as { text: string }).text, dedupes: eventsOf(result.events, 'squeeze').filter((e) => e.method === 'dedupe') };
}

describe('redundancy removal on squeezing channels', () => {
  it('leaves out what the receiver already holds from another channel, and says what it left out', async () => {
    const { result, reader, dedupes } = await run({
      alice: 'The deploy is on Friday at 10:00. The API key rotates every month.',
      bob: 'The API key rotates every month. Tests pass on ARM.',
    });
    expect(reader).toBe('alice: The deploy is on Friday at 10:00. The API key rotates every month.\nbob: Tests pass on ARM.');
    expect(dedupes).toHaveLength(1);
    expect(dedupes[0]).toMatchObject({ channel: 'bob->reader', removed: ['The API key rotates every month.'] });
    expect(dedupes[0]!.dropped![0]).toMatchObject({ matched: 'The API key rotates every month.' });
    expect(dedupes[0]!.dropped![0]!.similarity).toBeGreaterThanOrEqual(0.92);
    const bobSent = eventsOf(result.events, 'message.sent').find((e) => e.channel === 'bob->reader')!;
    expect(bobSent.delivered).toBeLessThan(bobSent.tokens);
  });

  it('keeps a repeat that changes a number, or a negation', async () => {
    const { reader, dedupes } = await run({
      alice: 'The API key rotates every 30 days. The cache is warm.',
      bob: 'The API key rotates every 60 days. The cache is not warm.',
    });
    expect(dedupes).toHaveLength(0);
    expect(reader).toContain('bob: The API key rotates every 60 days. The cache is not warm.');
  });

  it('sends nothing when the receiver holds all of it, and never dedupes a channel that does not squeeze', async () => {
    const same = 'The build is green. Ship it.';
    const all = await run({ alice: same, bob: same });
    expect(all.reader).toBe(`alice: ${same}`);
    expect(eventsOf(all.result.events, 'message.sent').find((e) => e.channel === 'bob->reader')).toMatchObject({ delivered: 0 });

    const plain = await run({ alice: same, bob: same }, () => ({}));
    expect(plain.reader).toBe(`alice: ${same}\nbob: ${same}`);
    expect(plain.dedupes).toHaveLength(0);
  });

  it('takes its threshold from the run options', async () => {
    const input = { alice: 'The API key rotates every month.', bob: 'The API key now rotates every month.' };
    expect((await run(input)).dedupes).toHaveLength(0);
    expect((await run(input, () => SQUEEZE, { redundancyThreshold: 0.6 })).dedupes).toHaveLength(1);
  });

  it('sends a repeat again once the receiver has read the first copy: an agent reads only its inbox of the turn', async () => {
    const ir = workflow({
      total: 100_000,
      agents: [functionAgent('alice', 'says.ts'), functionAgent('reader', 'echo.ts')],
      channels: [textChannel('alice', 'reader', SQUEEZE)],
      nodes: [agentNode('alice', [{ to: 'reader' }]), agentNode('reader', [{ to: 'again' }]), agentNode('again', [{ to: 'reader2' }], 'alice'), agentNode('reader2', [{ to: 'done' }], 'reader')],
    });
    const result = await startRun({ ir, machine: machineConfigFor(ir), store: new MemoryRunStore(), runId: 'twice', input: { alice: 'The build is green.' } });
    expect(result.outcome).toBe('done');
    expect(result.outputs.reader2).toEqual({ text: 'alice: The build is green.' });
    expect(eventsOf(result.events, 'squeeze').filter((e) => e.method === 'dedupe')).toHaveLength(0);
  });
});
