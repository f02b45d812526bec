// The OpenAI-rewrite case starts a real HTTP server on 127.0.0.1 (port 0) that speaks
// OpenAI's chat completions protocol; nothing leaves the machine.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../../src/ir/schema.js';
import { splitMessage } from '../../../runtime/channels/message-split.js';
import { ChannelRouter } from '../../../runtime/channels/router.js';
import { ledgerFor } from '../../../runtime/ledger/budgets.js';
import { replayRun, startRun } from '../../../runtime/run/run.js';
import { MemoryRunStore } from '../../../runtime/store/memory-store.js';
import { segmentText } from '../../../runtime/text/segment.js';
import { APPROXIMATE } from '../../../runtime/tokens/tokenizer.js';
import { type FakeServer, reply } from '../../support/fake-llm-server.js';
import { startFakeOpenAI } from '../../support/fake-openai.js';
import { machineConfigFor } from '../support/machine-config.js';
import { RecordingCoordinator } from '../support/recording-coordinator.js';
import { eventsOf, runWithOpenAI, sendersInto } from '../support/squeeze-flows.js';

const FIVE = 'Ann works at Acme. Bob lives in Oslo.\nCid owns a red boat. Dee plays the cello every night. Eve keeps bees.';
const SENTENCES = segmentText(FIVE);

/** The writer says `text` to the reader on one channel with these settings; the reader echoes its inbox. */
function run(settings: Partial<Channel>, text: string, coordinator?: RecordingCoordinator, runId = 'split') {
  const ir = sendersInto('reader', ['writer'], () => settings);
  const store = new MemoryRunStore();
  return {
    store,
    result: startRun({ ir, machine: machineConfigFor(ir), store, runId, input: { writer: text }, ...(coordinator ? { coordinator } : {}) }),
  };
}

describe('splitMessage', () => {
  it('cuts a turn into runs of at most N sentences, in order, keeping the sender\'s text inside each', () => {
    expect(SENTENCES).toHaveLength(5);
    expect(splitMessage(FIVE, 1)).toEqual(SENTENCES);
    expect(splitMessage(FIVE, 2)).toEqual(['Ann works at Acme. Bob lives in Oslo.', 'Cid owns a red boat. Dee plays the cello every night.', 'Eve keeps bees.']);
    expect(splitMessage(FIVE, 4)).toEqual(['Ann works at Acme. Bob lives in Oslo.\nCid owns a red boat. Dee plays the cello every night.', 'Eve keeps bees.']);
    for (const n of [1, 2, 3, 4]) expect(splitMessage(FIVE, n).flatMap(segmentText)).toEqual(SENTENCES);
  });

  it('leaves a turn whole without a split, or when it has no more sentences than a message carries', () => {
    expect(splitMessage(FIVE, undefined)).toEqual([FIVE]);
    expect(splitMessage(FIVE, 5)).toEqual([FIVE]);
    expect(splitMessage('  One sentence only.  ', 1)).toEqual(['  One sentence only.  ']);
    expect(splitMessage('', 1)).toEqual(['']);
  });

  it('refuses a split of less than one whole sentence', () => {
    expect(() => splitMessage(FIVE, 0)).toThrow(/at least 1/);
    expect(() => splitMessage(FIVE, 1.5)).toThrow(/whole number/);
  });
});

describe('a channel with a split', () => {
  it('sends each piece of a text turn as its own message, in order, and delivers them all', async () => {
    const result = await run({ split: { sentences: 2 } }, FIVE).result;
    expect(result.outcome).toBe('done');
    const sent = eventsOf(result.events, 'message.sent');
    expect(sent).toHaveLength(3);
    expect(sent.map((e) => e.tokens)).toEqual(splitMessage(FIVE, 2).map((p) => APPROXIMATE.count(p)));
    expect((result.outputs.reader as { text: string }).text).toBe(splitMessage(FIVE, 2).map((p) => `writer: ${p}`).join('\n'));
  });

  it('leaves an unsplit channel as it was: one message per turn', async () => {
    const result = await run({}, FIVE).result;
    const sent = eventsOf(result.events, 'message.sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.tokens).toBe(APPROXIMATE.count(FIVE));
    expect((result.outputs.reader as { text: string }).text).toBe(`writer: ${FIVE}`);
  });

  it('holds each piece to the per-message budget on its own', async () => {
    const perMessage = 6;
    const result = await run({ split: { sentences: 1 }, budget: { perMessage } }, FIVE).result;
    const sent = eventsOf(result.events, 'message.sent');
    expect(sent).toHaveLength(5);
    for (const e of sent) expect(e.delivered).toBe(Math.min(perMessage, e.tokens));
    const overflows = eventsOf(result.events, 'message.overflow');
    expect(overflows).toHaveLength(sent.filter((e) => e.tokens > perMessage).length);
    expect(overflows.length).toBeGreaterThan(0);
    // Unsplit, the same budget cuts the whole turn once, to one message's worth.
    const whole = await run({ budget: { perMessage } }, FIVE, undefined, 'whole').result;
    expect(eventsOf(whole.events, 'message.sent').map((e) => e.delivered)).toEqual([perMessage]);
  });

  it('writes each piece of a latent turn to the coordinator as its own message: one recurrent step each', async () => {
    const coordinator = new RecordingCoordinator();
    const result = await run({ mode: 'latent', readout: 500, split: { sentences: 2 } }, FIVE, coordinator).result;
    expect(result.outcome).toBe('done');
    expect(coordinator.written.map((m) => [m.id, m.text])).toEqual(splitMessage(FIVE, 2).map((p, i) => [`writer->reader#${i + 1}`, p]));
    expect(eventsOf(result.events, 'coordinator.step').map((e) => e.segments)).toEqual([2, 2, 1]);
    expect(eventsOf(result.events, 'message.sent').map((e) => [e.mode, e.delivered])).toEqual([
      ['latent', 0],
      ['latent', 0],
      ['latent', 0],
    ]);
    // The receiver reads once per turn, whatever the number of messages.
    expect(coordinator.queries).toHaveLength(1);
  });

  it('gates each piece of a hybrid turn on its own', async () => {
    const coordinator = new RecordingCoordinator((m) => (m.text.includes('Oslo') || m.text.includes('bees') ? 'text' : 'latent'));
    const result = await run({ mode: 'hybrid', readout: 500, split: { sentences: 2 } }, FIVE, coordinator).result;
    expect(eventsOf(result.events, 'coordinator.step').map((e) => e.gate)).toEqual(['text', 'latent', 'text']);
    expect(eventsOf(result.events, 'message.sent').map((e) => e.delivered > 0)).toEqual([true, false, true]);
    const [first, second, third] = splitMessage(FIVE, 2);
    const read = (result.outputs.reader as { text: string }).text;
    expect(read).toContain(`writer: ${first}\nwriter: ${third}`);
    expect(read).toContain(second!.split('. ')[0]);
  });

  it('does not cap what the sender writes at one message\'s budget: a long turn goes out as several', () => {
    const router = (settings: Partial<Channel>) => {
      const ir = sendersInto('reader', ['writer'], () => settings);
      return new ChannelRouter({ ir, ledger: ledgerFor(ir), emit: () => {} });
    };
    expect(router({ budget: { perMessage: 40 } }).outputCap('writer')).toBe(40);
    expect(router({ budget: { perMessage: 40 }, split: { sentences: 2 } }).outputCap('writer')).toBeUndefined();
  });

  it('replays a split run from its journal to the same events', async () => {
    const coordinator = new RecordingCoordinator((m) => (m.text.includes('Oslo') ? 'text' : 'latent'));
    const { store, result } = run({ mode: 'hybrid', readout: 500, split: { sentences: 1 } }, FIVE, coordinator, 'split-replay');
    expect((await result).outcome).toBe('done');
    const replayed = await replayRun({ runId: 'split-replay', store, coordinator: new RecordingCoordinator((m) => (m.text.includes('Oslo') ? 'text' : 'latent')) });
    expect(replayed.matches).toBe(true);
  });
});

describe('a split channel that rewrites through a model', () => {
  let openai: FakeServer;
  beforeEach(async () => {
    openai = await startFakeOpenAI({ apiKey: 'sk-o' });
  });
  afterEach(async () => {
    await openai.close();
  });

  it('rewrites each piece as its own journaled step, and replays them without calling the model', async () => {
    const ir = sendersInto('reader', ['writer'], () => ({ compress: { method: 'squeeze', via: 'openai:gpt-4o-mini' }, split: { sentences: 3 } }));
    openai.enqueue(reply.text('Ann: Acme. Bob: Oslo. Cid: red boat.', { input: 100, output: 12 }));
    openai.enqueue(reply.text('Dee: cello nightly. Eve: bees.', { input: 100, output: 10 }));
    const store = new MemoryRunStore();
    const result = await runWithOpenAI(ir, { baseURL: openai.baseURL, runId: 'split-rewrite', text: FIVE, store });
    expect(result.outcome).toBe('done');
    expect(openai.requests).toHaveLength(2);
    expect(eventsOf(result.events, 'squeeze').map((e) => e.method)).toEqual(['llm:openai:gpt-4o-mini', 'llm:openai:gpt-4o-mini']);
    expect((result.outputs.reader as { text: string }).text).toBe('writer: Ann: Acme. Bob: Oslo. Cid: red boat.\nwriter: Dee: cello nightly. Eve: bees.');

    const replayed = await replayRun({ runId: 'split-rewrite', store });
    expect(replayed.matches).toBe(true);
    expect(openai.requests).toHaveLength(2);
  });
});
