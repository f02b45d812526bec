import { beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../src/ir/schema.js';
import { DEFAULT_READOUT_PER_QUERY, RunCoordinator } from '../../runtime/coordinator/coordinator.js';
import { loadCoordinatorModel } from '../../runtime/coordinator/index.js';
import type { CoordinatorModel } from '../../runtime/coordinator/model.js';
import type { CoordinatorMessage } from '../../runtime/coordinator/types.js';
import { O200K } from '../../runtime/tokens/tokenizer.js';
import { segmentText } from '../../runtime/text/segment.js';

// A coordbench multihop task's holder messages (validation split): facts the question needs, and distractors.
const holders = [
  'The Marble Lab sits in Caddell. Dalreen belongs to Belmora. Jasper has a job at the Foxglove Press. The Cinder Press sits in Eskholm. The Glacier Institute sits in Eskholm.',
  'Eskholm belongs to Belmora. Celeste has a job at the Elm Press. Gwen has a job at the Cinder Press. The Foxglove Press sits in Dalreen.',
  'This is from last week. The Amber Library sits in Eskholm. Florian has a job at the Cinder Press. Umberto has a job at the Foxglove Press.',
];
const question = "Answer the question by chaining the facts the holders sent. In what city is Florian's workplace?";

function channel(from: string): Channel {
  return { id: `${from}->decider`, from, to: 'decider', mode: 'latent', budget: {}, readout: 128, compress: { method: 'none' }, overflow: 'truncate' };
}
function message(id: string, ch: Channel, text: string): CoordinatorMessage {
  const segments = segmentText(text).map((s, index) => ({ index, text: s, tokens: O200K.count(s) }));
  return { id, channel: ch, from: ch.from, to: ch.to, text, segments };
}

describe('readout threshold', () => {
  let model: CoordinatorModel;
  beforeAll(async () => {
    model = await loadCoordinatorModel('builtin', 'cpu');
  });

  /** Segments read out on every channel by a coordinator built with `options`. */
  async function readAll(options: { threshold?: number; perQuery?: number | null }): Promise<string[]> {
    const run = new RunCoordinator(model, `threshold-${options.threshold}`, undefined, options);
    const channels = holders.map((_, i) => channel(`holder${i + 1}`));
    for (const [i, text] of holders.entries()) await run.write(message(`m${i}`, channels[i]!, text));
    const read: string[] = [];
    for (const ch of channels) {
      const readout = await run.readout({ receiver: 'decider', channel: ch, query: question, budgetTokens: 128, countTokens: (t) => O200K.count(t) });
      read.push(...readout.segments.map((s) => s.text));
    }
    await run.close();
    return read;
  }

  it("defaults to the model manifest's threshold", async () => {
    expect(new RunCoordinator(model, 'default').threshold).toBe(model.manifest.threshold);
    expect(await readAll({})).toEqual(await readAll({ threshold: model.manifest.threshold }));
  });

  it('limits each query to DEFAULT_READOUT_PER_QUERY slots a hop unless told otherwise (null: no limit)', async () => {
    expect(new RunCoordinator(model, 'default').perQuery).toBe(DEFAULT_READOUT_PER_QUERY);
    expect(new RunCoordinator(model, 'none', undefined, { perQuery: null }).perQuery).toBeUndefined();
    expect(await readAll({})).toEqual(await readAll({ perQuery: DEFAULT_READOUT_PER_QUERY }));
  });

  it('reads fewer segments at a higher threshold, each of them among those a lower one reads', async () => {
    // Thresholds from the shipped model's own first-hop scores of this example: below all of them, at their
    // median, just under the best, and above every score.
    const run = new RunCoordinator(model, 'scores');
    const channels = holders.map((_, i) => channel(`holder${i + 1}`));
    for (const [i, text] of holders.entries()) await run.write(message(`m${i}`, channels[i]!, text));
    const scores: number[] = [];
    for (const ch of channels) {
      const slots = await run.rank({ receiver: 'decider', channel: ch, query: question, budgetTokens: 128, countTokens: (t) => O200K.count(t) });
      scores.push(...slots.map((slot) => slot.score));
    }
    await run.close();
    scores.sort((a, b) => a - b);
    const thresholds = [scores[0]! - 1, scores[Math.floor(scores.length / 2)]!, scores.at(-1)! - 1e-3, 1e6];
    const reads = [];
    for (const threshold of thresholds) reads.push(await readAll({ threshold }));
    for (const [i, read] of reads.entries()) {
      if (i === 0) continue;
      expect(read.length).toBeLessThanOrEqual(reads[i - 1]!.length);
      for (const text of read) expect(reads[i - 1]).toContain(text);
    }
    // Every segment fits the budget, so only the threshold decides: all below every score, none above.
    expect(reads[0]!.length).toBe(holders.flatMap((h) => segmentText(h)).length);
    expect(reads[2]!.length).toBeGreaterThan(0);
    expect(reads[2]!.length).toBeLessThan(reads[0]!.length);
    expect(reads[3]).toEqual([]);
  });

  it('refuses a threshold that is not a number or is +∞, and takes −∞ (fill the budget in score order)', () => {
    for (const threshold of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new RunCoordinator(model, 'bad', undefined, { threshold })).toThrow(/readout threshold must be a logit or -Infinity/);
    }
    expect(new RunCoordinator(model, 'fill', undefined, { threshold: Number.NEGATIVE_INFINITY }).threshold).toBe(Number.NEGATIVE_INFINITY);
  });
});
