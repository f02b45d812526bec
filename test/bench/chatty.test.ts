import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { isPadding, isRecap, splitPhrasings, unwrapStatement } from '../../src/bench/chatty.js';
import { episodeOf } from '../../src/bench/episodes.js';
import type { FamilyName } from '../../src/bench/family.js';
import { parseFact } from '../../src/bench/families/multihop-language.js';
import { parseStatement } from '../../src/bench/families/relay-language.js';
import { parseSaid } from '../../src/bench/families/consensus-language.js';
import { runHarness } from '../../src/bench/harness.js';
import { summarise } from '../../src/bench/metrics.js';
import { SPLITS, seedFor } from '../../src/bench/splits.js';
import { FAMILY_NAMES, TaskInstance, actIn, generateTask, isNeeded, scoreTask, turnsOf } from '../../src/bench/task.js';
import { compileMachine } from '../../src/compile/machine.js';
import type { WorkflowIR } from '../../src/ir/schema.js';
import { loadBenchWorkflows } from '../../src/bench/workflows.js';
import { segmentText } from '../../runtime/text/segment.js';

/** Every turn of a task with full text delivery: the message each sender wrote, and the decider's output. */
function runFullText(instance: TaskInstance): { messages: Map<string, string>; output: unknown } {
  const inbox = new Map<string, string[]>();
  const messages = new Map<string, string>();
  let output: unknown;
  for (const turn of turnsOf(instance)) {
    const result = actIn(instance, turn.agent, inbox.get(turn.agent) ?? []);
    inbox.set(turn.agent, []);
    if (turn.to.length > 0) messages.set(turn.agent, result.text);
    for (const to of turn.to) inbox.set(to, [...(inbox.get(to) ?? []), result.text]);
    if (turn.agent === instance.decider) output = result.output;
  }
  return { messages, output };
}

const reads: Record<FamilyName, (sentence: string) => unknown> = { multihop: parseFact, relay: parseStatement, consensus: parseSaid };

describe.each(FAMILY_NAMES)('chatty senders of the %s family', (family) => {
  it('write the plain message word for word, in order, with only padding around and inside it', () => {
    for (const split of SPLITS) {
      for (let i = 0; i < 60; i++) {
        const plain = runFullText(generateTask(family, seedFor(split, i), split));
        const chatty = runFullText(generateTask(family, seedFor(split, i), split, 'chatty'));
        expect([...chatty.messages.keys()]).toEqual([...plain.messages.keys()]);
        for (const [agent, text] of chatty.messages) {
          const plainText = plain.messages.get(agent)!;
          const stripped = segmentText(text)
            .filter((s) => !isPadding(s))
            .map(unwrapStatement);
          expect(stripped, `${family} ${split} ${i} ${agent}`).toEqual(segmentText(plainText));
          expect(text.length).toBeGreaterThan(plainText.length);
        }
      }
    }
  });

  it('pad differently from task to task, but always the same way for the same seed', () => {
    const text = (i: number) => [...runFullText(generateTask(family, seedFor('validation', i), 'validation', 'chatty')).messages.values()].join('\n');
    expect(text(4)).toBe(text(4));
    expect(text(4)).not.toBe(text(5));
  });

  it('are understood: every task is solved when every message arrives in full', () => {
    for (const split of SPLITS) {
      for (let i = 0; i < 100; i++) {
        const instance = generateTask(family, seedFor(split, i), split, 'chatty');
        expect(scoreTask(instance, runFullText(instance).output), instance.id).toBe(true);
      }
    }
  });

  it('never write padding that reads as a statement', () => {
    for (const split of SPLITS) {
      for (let i = 0; i < 60; i++) {
        for (const text of runFullText(generateTask(family, seedFor(split, i), split, 'chatty')).messages.values()) {
          for (const sentence of segmentText(text).filter((s) => isPadding(s) && !isRecap(s))) {
            for (const read of Object.values(reads)) expect(read(sentence), sentence).toBeUndefined();
          }
        }
      }
    }
  });

  it('are labelled like plain ones: a receiver needs as many sentences, never padding or a recap', () => {
    for (const split of SPLITS) {
      for (let i = 0; i < 40; i++) {
        const plain = episodeOf(generateTask(family, seedFor(split, i), split));
        const instance = generateTask(family, seedFor(split, i), split, 'chatty');
        const chatty = episodeOf(instance);
        expect(chatty.queries.map((q) => q.needs.length)).toEqual(plain.queries.map((q) => q.needs.length));
        const segments = new Map(chatty.messages.flatMap((m) => m.segments).map((s) => [s.id, s.text]));
        for (const id of chatty.queries.flatMap((q) => q.needs)) expect(isPadding(segments.get(id)!)).toBe(false);
        for (const sentence of segments.values()) {
          if (isPadding(sentence)) expect(isNeeded(instance, instance.decider, sentence)).toBe(false);
        }
      }
    }
  });
});

describe('chatty instances', () => {
  it('are the plain task with a style and an id that says so; the default style is plain and leaves the instance as it was', () => {
    for (const family of FAMILY_NAMES) {
      const plain = generateTask(family, seedFor('test', 3), 'test');
      expect(generateTask(family, seedFor('test', 3), 'test', 'plain')).toEqual(plain);
      expect('style' in plain).toBe(false);
      const chatty = generateTask(family, seedFor('test', 3), 'test', 'chatty');
      expect(chatty).toEqual({ ...plain, id: `${plain.id}-chatty`, style: 'chatty' });
      expect(TaskInstance.parse(chatty)).toEqual(chatty);
    }
  });

  it('leave plain messages free of chat padding', () => {
    for (const family of FAMILY_NAMES) {
      for (let i = 0; i < 40; i++) {
        for (const text of runFullText(generateTask(family, seedFor('train', i), 'train')).messages.values()) {
          for (const sentence of segmentText(text)) {
            expect(isPadding(sentence), sentence).toBe(false);
            expect(unwrapStatement(sentence)).toBe(sentence);
          }
        }
      }
    }
  });
});

describe('unwrapStatement', () => {
  it('reads a hedged, framed, connected or recapped statement as the plain style writes it', () => {
    expect(unwrapStatement('I believe the Harbor Lab is in Tilden.')).toBe('The Harbor Lab is in Tilden.');
    expect(unwrapStatement('As far as I can tell, gate B12 is where the Orion trip boards.')).toBe('Gate B12 is where the Orion trip boards.');
    expect(unwrapStatement('Mara works at the Harbor Lab, if I am not mistaken.')).toBe('Mara works at the Harbor Lab.');
    expect(unwrapStatement('Please keep in mind that my limit is 60 per head.')).toBe('My limit is 60 per head.');
    expect(unwrapStatement('Also, Mara works at the Harbor Lab.')).toBe('Mara works at the Harbor Lab.');
    expect(unwrapStatement('Bottom line: you will find the Moss Lab in Hexley.')).toBe('You will find the Moss Lab in Hexley.');
  });

  it('keeps the capital of a name or of "I" that a wrapper put second', () => {
    expect(unwrapStatement('Just to note, I can only make it on Monday.')).toBe('I can only make it on Monday.');
    expect(unwrapStatement('I think Monday would be my preferred day, but I am flexible.')).toBe('Monday would be my preferred day, but I am flexible.');
  });

  it('reads past a wrapper that a compressor cut short', () => {
    expect(parseFact(unwrapStatement(', the Harbor Lab is in Tilden.'))).toEqual({ relation: 'locatedIn', a: 'the Harbor Lab', b: 'Tilden' });
    expect(parseStatement(unwrapStatement('the Orion trip leaves at 9:05.'))).toMatchObject({ trip: 'Orion', value: '9:05' });
  });

  it('leaves other sentences alone', () => {
    expect(unwrapStatement('Update: the Orion trip leaves at 9:05.')).toBe('Update: the Orion trip leaves at 9:05.');
    expect(unwrapStatement('Hope this helps.')).toBe('Hope this helps.');
  });
});

describe('isPadding', () => {
  it('knows every split’s padding phrases, and restatements of any request', () => {
    for (const split of SPLITS) {
      for (const phrase of splitPhrasings(split).filter((p) => !p.includes('{'))) expect(isPadding(phrase), phrase).toBe(true);
    }
    expect(isPadding('You asked me to collect the hotel of the Vega trip.')).toBe(true);
    expect(isPadding('To recap, the Vega trip leaves at 9:05.')).toBe(true);
    expect(isPadding('The Vega trip leaves at 9:05.')).toBe(false);
  });
});

describe('the harness with chatty senders', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  let workflows: Record<FamilyName, WorkflowIR>;

  beforeAll(async () => {
    workflows = await loadBenchWorkflows(root, FAMILY_NAMES);
  });

  it('solves every task with full text, and the oracle still reads only what is needed', async () => {
    const run = (style: 'plain' | 'chatty') =>
      runHarness({
        families: FAMILY_NAMES,
        policies: ['text', 'oracle'],
        budgets: [512],
        split: 'test',
        count: 4,
        start: 0,
        style,
        knobs: {},
        workflows,
        compile: compileMachine,
        learnedCoordinator: () => Promise.reject(new Error('unused')),
        concurrency: 4,
      });
    const [plain, chatty] = [summarise((await run('plain')).records), summarise((await run('chatty')).records)];
    for (const family of FAMILY_NAMES) {
      const at = (rows: typeof plain, policy: string) => rows.find((r) => r.family === family && r.policy === policy)!;
      expect(at(chatty, 'text').success).toBe(1);
      expect(at(chatty, 'oracle').success).toBe(1);
      expect(at(chatty, 'text').deliveredMean).toBeGreaterThan(at(plain, 'text').deliveredMean);
      expect(at(chatty, 'oracle').deliveredMean).toBeLessThan(at(chatty, 'text').deliveredMean / 2);
    }
  });
});
