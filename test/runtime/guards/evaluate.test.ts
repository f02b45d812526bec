import { describe, expect, it } from 'vitest';
import { evaluateGuard, resolveRef } from '../../../runtime/guards/evaluate.js';

const outputs = { planner: { questions: ['a', 'b'], title: 'Plan', done: false, score: 7 }, review: { approved: true } };

describe('guard evaluation', () => {
  it('walks into outputs, with .length on lists and strings and numeric steps into lists', () => {
    expect(resolveRef(outputs, { node: 'planner', path: ['questions', 'length'] })).toBe(2);
    expect(resolveRef(outputs, { node: 'planner', path: ['title', 'length'] })).toBe(4);
    expect(resolveRef(outputs, { node: 'planner', path: ['questions', '1'] })).toBe('b');
    expect(resolveRef(outputs, { node: 'planner', path: ['missing', 'deeper'] })).toBeUndefined();
    expect(resolveRef(outputs, { node: 'nobody', path: ['x'] })).toBeUndefined();
  });

  it('compares numbers and strings, and never equates values of different types', () => {
    const cmp = (path: string[], op: '==' | '!=' | '<' | '<=' | '>' | '>=', right: string | number | boolean) =>
      evaluateGuard({ kind: 'compare', left: { node: 'planner', path }, op, right }, outputs);
    expect(cmp(['questions', 'length'], '>', 1)).toBe(true);
    expect(cmp(['questions', 'length'], '>=', 3)).toBe(false);
    expect(cmp(['score'], '==', 7)).toBe(true);
    expect(cmp(['score'], '==', '7')).toBe(false);
    expect(cmp(['score'], '!=', '7')).toBe(true);
    expect(cmp(['title'], '<', 'Q')).toBe(true);
    expect(cmp(['title'], '<', 5)).toBe(false);
    expect(cmp(['missing'], '<', 5)).toBe(false);
  });

  it('treats empty lists and missing values as false, and combines with not, and, or', () => {
    const ref = (node: string, ...path: string[]) => ({ kind: 'truthy' as const, ref: { node, path } });
    expect(evaluateGuard(ref('review', 'approved'), outputs)).toBe(true);
    expect(evaluateGuard(ref('planner', 'done'), outputs)).toBe(false);
    expect(evaluateGuard(ref('planner', 'questions'), { planner: { questions: [] } })).toBe(false);
    expect(evaluateGuard({ kind: 'not', arg: ref('planner', 'done') }, outputs)).toBe(true);
    expect(evaluateGuard({ kind: 'and', args: [ref('review', 'approved'), ref('planner', 'done')] }, outputs)).toBe(false);
    expect(evaluateGuard({ kind: 'or', args: [ref('review', 'approved'), ref('planner', 'done')] }, outputs)).toBe(true);
  });
});

describe('contains, and comparing two values of the run', () => {
  const run = { critic: { text: 'Looks good. APPROVE', tags: ['final', 'short'] }, pro: { verdict: 'yes' }, con: { verdict: 'yes' }, judge: { verdict: 'no' } };
  const ref = (node: string, ...path: string[]) => ({ node, path });

  it('`contains` finds a substring in a string and an element in a list, case-sensitively', () => {
    expect(evaluateGuard({ kind: 'compare', left: ref('critic', 'text'), op: 'contains', right: 'APPROVE' }, run)).toBe(true);
    expect(evaluateGuard({ kind: 'compare', left: ref('critic', 'text'), op: 'contains', right: 'approve' }, run)).toBe(false);
    expect(evaluateGuard({ kind: 'compare', left: ref('critic', 'tags'), op: 'contains', right: 'final' }, run)).toBe(true);
    expect(evaluateGuard({ kind: 'compare', left: ref('critic', 'tags'), op: 'contains', right: 'fin' }, run)).toBe(false);
    expect(evaluateGuard({ kind: 'compare', left: ref('nobody', 'text'), op: 'contains', right: 'x' }, run)).toBe(false);
  });

  it('compares a value with another value of the run; a value not produced equals nothing', () => {
    expect(evaluateGuard({ kind: 'compare', left: ref('pro', 'verdict'), op: '==', right: ref('con', 'verdict') }, run)).toBe(true);
    expect(evaluateGuard({ kind: 'compare', left: ref('pro', 'verdict'), op: '==', right: ref('judge', 'verdict') }, run)).toBe(false);
    expect(evaluateGuard({ kind: 'compare', left: ref('pro', 'verdict'), op: '!=', right: ref('judge', 'verdict') }, run)).toBe(true);
    expect(evaluateGuard({ kind: 'compare', left: ref('pro', 'missing'), op: '==', right: ref('con', 'missing') }, run)).toBe(false);
    expect(evaluateGuard({ kind: 'compare', left: ref('critic', 'text'), op: 'contains', right: ref('pro', 'verdict') }, { ...run, pro: { verdict: 'good' } })).toBe(true);
  });
});
