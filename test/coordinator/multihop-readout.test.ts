import { beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../src/ir/schema.js';
import { DEFAULT_READOUT_HOPS, RunCoordinator } from '../../runtime/coordinator/coordinator.js';
import { crossFeatures } from '../../runtime/coordinator/cross-features.js';
import { loadCoordinatorModel } from '../../runtime/coordinator/index.js';
import type { CoordinatorModel } from '../../runtime/coordinator/model.js';
import { renderReadout, selectReadout } from '../../runtime/coordinator/readout.js';
import type { CoordinatorMessage, ReadoutQuery } from '../../runtime/coordinator/types.js';
import { O200K } from '../../runtime/tokens/tokenizer.js';
import { segmentText } from '../../runtime/text/segment.js';

// coordbench multihop, validation split, seed 1,000,000,009 (validation names and wording,
// never seen in training; the question as that split now phrases it): the answer chains "Florian has a job at the Cinder Press." (holder4)
// and "The Cinder Press sits in Eskholm." (holder1), which shares no word with the question.
const holders = [
  'The Marble Lab sits in Caddell. Dalreen belongs to Belmora. Jasper has a job at the Foxglove Press. The Cinder Press sits in Eskholm. The Glacier Institute sits in Eskholm. Umberto learned the trade from Lorenzo. The Elm Press sits in Dalreen. This is from last week.',
  'Eskholm belongs to Belmora. Celeste has a job at the Elm Press. Isolde learned the trade from Umberto. Orson has a job at the Elm Press. Orson learned the trade from Isolde. Bastian has a job at the Foxglove Press. Gwen has a job at the Cinder Press. Wilhelm learned the trade from Orson. The Foxglove Press sits in Dalreen.',
  'Wilhelm has a job at the Marble Lab. Rhea has a job at the Cinder Press.',
  'This is from last week. Norwood belongs to Duskland. The Amber Library sits in Eskholm. Isolde has a job at the Foxglove Press. Florian has a job at the Cinder Press. Umberto has a job at the Foxglove Press. Let me know if anything is unclear.',
  'Florian learned the trade from Gwen. Caddell belongs to Hythe.',
];
const question = 'Answer the question by chaining the facts the holders sent. In what city is the workplace of Florian?';
const firstHop = 'Florian has a job at the Cinder Press.';
const secondHop = 'The Cinder Press sits in Eskholm.';

function channel(from: string, readout: number): Channel {
  return { id: `${from}->decider`, from, to: 'decider', mode: 'latent', budget: {}, readout, compress: { method: 'none' }, overflow: 'truncate' };
}
function message(id: string, ch: Channel, text: string): CoordinatorMessage {
  const segments = segmentText(text).map((s, index) => ({ index, text: s, tokens: O200K.count(s) }));
  return { id, channel: ch, from: ch.from, to: ch.to, text, segments };
}
const count = (text: string) => O200K.count(text);

describe('multi-hop readout with the shipped model', () => {
  let model: CoordinatorModel;
  beforeAll(async () => {
    model = await loadCoordinatorModel('builtin', 'cpu');
  });

  // An operating point for this example, from the shipped model's own scores (so a retrained model is held to the
  // same behaviour, not to old numbers): above what hop 1 gives the second fact and below what it gives the first,
  // and what hop 2, asked with the first fact, gives the second.
  let THRESHOLD = Number.NaN;
  beforeAll(async () => {
    const score = async (holder: number, asked: string, text: string): Promise<number> => {
      const run = new RunCoordinator(model, `scores-${holder}`);
      const ch = channel(`holder${holder + 1}`, 64);
      await run.write(message('m', ch, holders[holder]!));
      const slots = await run.rank({ receiver: 'decider', channel: ch, query: asked, budgetTokens: 64, countTokens: count });
      await run.close();
      return slots.find((slot) => slot.text === text)!.score;
    };
    const first = await score(3, question, firstHop);
    const second = await score(0, question, secondHop);
    const chained = await score(0, firstHop, secondHop);
    expect(second).toBeLessThan(Math.min(first, chained)); // the model separates them, or there is nothing to show
    THRESHOLD = (second + Math.min(first, chained)) / 2;
  });

  async function episode(hops: number | undefined, budget: number): Promise<{ run: RunCoordinator; channels: Channel[] }> {
    const run = new RunCoordinator(model, `multihop-${hops}-${budget}`, undefined, { threshold: THRESHOLD, ...(hops === undefined ? {} : { hops }) });
    const channels = holders.map((_, i) => channel(`holder${i + 1}`, budget));
    for (const [i, text] of holders.entries()) await run.write(message(`m${i}`, channels[i]!, text));
    return { run, channels };
  }
  function query(ch: Channel): ReadoutQuery {
    return { receiver: 'decider', channel: ch, query: question, budgetTokens: ch.readout!, countTokens: count };
  }
  async function readAll(hops: number | undefined, budget: number): Promise<string[][]> {
    const { run, channels } = await episode(hops, budget);
    const out: string[][] = [];
    for (const ch of channels) out.push((await run.readout(query(ch))).segments.map((s) => s.text));
    return out;
  }

  it('defaults to the number of hops chosen on validation', () => {
    expect(DEFAULT_READOUT_HOPS).toBe(4);
    expect(new RunCoordinator(model, 'default').hops).toBe(DEFAULT_READOUT_HOPS);
    expect(() => new RunCoordinator(model, 'zero', undefined, { hops: 0 })).toThrow(/at least 1/);
  });

  it('finds the second fact of a two-fact chain that a single-hop readout misses', async () => {
    const single = (await readAll(1, 64)).flat();
    expect(single).toContain(firstHop);
    expect(single).not.toContain(secondHop);
    const multi = (await readAll(undefined, 64)).flat();
    expect(multi).toContain(firstHop);
    expect(multi).toContain(secondHop);
  });

  it('keeps every channel\'s readout within its budget, in arrival order, at every number of hops', async () => {
    for (const budget of [8, 16, 32, 64]) {
      for (const hops of [1, 2, 4, 8]) {
        const readouts = await readAll(hops, budget);
        readouts.forEach((texts, i) => {
          expect(count(renderReadout(texts))).toBeLessThanOrEqual(budget);
          const order = texts.map((t) => segmentText(holders[i]!).indexOf(t));
          expect(order.every((n) => n >= 0)).toBe(true);
          expect([...order].sort((a, b) => a - b)).toEqual(order);
        });
      }
    }
  });

  it('with one hop, reads out exactly what the single-shot scorer selects', async () => {
    for (const budget of [16, 64]) {
      const { run, channels } = await episode(1, budget);
      for (const ch of channels) {
        const stored = run.snapshot().memory.filter((slot) => slot.channel === ch.id);
        const cross = crossFeatures(question, stored, stored.map((_, i) => i));
        const scores = await model.score(cross);
        const expected = selectReadout(
          stored.map((slot, i) => ({ slot, score: scores[i]! })),
          budget,
          count,
          THRESHOLD,
        );
        const got = await run.readout(query(ch));
        expect(got.segments.map((s) => s.text)).toEqual(expected.map((slot) => slot.text));
      }
    }
  });

  it('gives the same readout every time', async () => {
    expect(await readAll(undefined, 32)).toEqual(await readAll(undefined, 32));
  });
});
