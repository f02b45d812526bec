import { describe, expect, it } from 'vitest';
import { Fifo } from '../../runtime/fifo.js';

describe('the fifo', () => {
  it('gives values back oldest first', () => {
    const fifo = new Fifo<string>();
    for (const value of ['a', 'b', 'c']) fifo.push(value);
    expect(fifo.peek()).toBe('a');
    expect([fifo.shift(), fifo.shift()]).toEqual(['a', 'b']);
    fifo.push('d');
    expect(fifo.size).toBe(2);
    expect(fifo.drain()).toEqual(['c', 'd']);
    expect([fifo.size, fifo.shift(), fifo.peek()]).toEqual([0, undefined, undefined]);
  });

  it('takes an entry out of turn, once, and keeps the order of the rest', () => {
    const fifo = new Fifo<number>();
    const entries = [1, 2, 3, 4].map((value) => fifo.push(value));
    fifo.delete(entries[1]!);
    fifo.delete(entries[3]!);
    fifo.delete(entries[1]!);
    expect(entries.map((entry) => entry.queued)).toEqual([true, false, true, false]);
    expect([...fifo.values()]).toEqual([1, 3]);
    expect(fifo.size).toBe(2);
    expect(fifo.shift()).toBe(1);
    // An entry already taken from the head is not taken again.
    fifo.delete(entries[0]!);
    expect(fifo.drain()).toEqual([3]);
  });

  it('empties from either end and fills again', () => {
    const fifo = new Fifo<string>();
    const only = fifo.push('x');
    fifo.delete(only);
    expect(fifo.size).toBe(0);
    fifo.push('y');
    const last = fifo.push('z');
    fifo.delete(last);
    fifo.push('w');
    expect(fifo.drain()).toEqual(['y', 'w']);
  });

  it('keeps a long queue in order when it is taken from and added to in turn (a 10,000-item map)', () => {
    const fifo = new Fifo<number>();
    for (let i = 0; i < 10_000; i++) fifo.push(i);
    const taken: number[] = [];
    for (let i = 10_000; i < 20_000; i++) {
      taken.push(fifo.shift()!);
      fifo.push(i);
    }
    taken.push(...fifo.drain());
    expect(taken).toEqual(Array.from({ length: 20_000 }, (_, i) => i));
  });
});
