import { describe, expect, it } from 'vitest';
import { FAMILY_NAMES, TaskInstance, actIn, generateTask, scoreTask, turnsOf } from '../../src/bench/task.js';
import { SPLITS, seedFor } from '../../src/bench/splits.js';

/** Runs every turn of a task with full text delivery and returns the decider's output. */
function runFullText(instance: TaskInstance): unknown {
  const inbox = new Map<string, string[]>();
  let output: unknown;
  for (const turn of turnsOf(instance)) {
    const result = actIn(instance, turn.agent, inbox.get(turn.agent) ?? []);
    inbox.set(turn.agent, []);
    for (const to of turn.to) inbox.set(to, [...(inbox.get(to) ?? []), result.text]);
    if (turn.agent === instance.decider) output = result.output;
  }
  return output;
}

describe.each(FAMILY_NAMES)('the %s family', (family) => {
  it('generates the same instance from the same seed, and a different one from another seed', () => {
    const a = generateTask(family, seedFor('train', 11), 'train');
    expect(generateTask(family, seedFor('train', 11), 'train')).toEqual(a);
    expect(generateTask(family, seedFor('train', 12), 'train')).not.toEqual(a);
  });

  it('generates instances that satisfy the TaskInstance schema', () => {
    for (const split of SPLITS) {
      for (let i = 0; i < 20; i++) expect(TaskInstance.safeParse(generateTask(family, seedFor(split, i), split)).success).toBe(true);
    }
  });

  it('refuses a seed from another split', () => {
    expect(() => generateTask(family, seedFor('test', 0), 'train')).toThrow(/belongs to the test split/);
  });

  it('is solved by its agents when every message arrives in full', () => {
    for (const split of SPLITS) {
      for (let i = 0; i < 100; i++) {
        const instance = generateTask(family, seedFor(split, i), split);
        expect(scoreTask(instance, runFullText(instance)), instance.id).toBe(true);
      }
    }
  });

  it('is rarely solved by a decider that received nothing', () => {
    let solved = 0;
    for (let i = 0; i < 100; i++) {
      const instance = generateTask(family, seedFor('test', i), 'test');
      if (scoreTask(instance, actIn(instance, instance.decider, []).output)) solved++;
    }
    expect(solved).toBeLessThan(35);
  });

  it('scores a wrong or missing answer as a failure', () => {
    const instance = generateTask(family, seedFor('validation', 3), 'validation');
    expect(scoreTask(instance, { answer: 'nothing of the sort' })).toBe(false);
    expect(scoreTask(instance, {})).toBe(false);
    expect(scoreTask(instance, undefined)).toBe(false);
  });
});
