import { describe, expect, it } from 'vitest';
import type { JournalRecord, RunHeader } from '../../../runtime/store/journal.js';
import { MemoryRunStore } from '../../../runtime/store/memory-store.js';

const header: RunHeader = { runId: 'm', workflow: 'w', irHash: 'h', createdAt: '2026-12-05T00:00:00.000Z' };

const step = (id: string, text: string): JournalRecord => ({ kind: 'step', id, phase: 'finish', result: { type: 'turn', output: { text }, text, usage: { input: 1, output: 1 }, attempts: 1 } });

describe('the memory store', () => {
  it('reads back every record in order, across commits, with line breaks inside their strings', async () => {
    const store = new MemoryRunStore();
    const journal = await store.create(header, {}, {});
    const records = [step('a#1', 'one\ntwo'), step('b#1', 'three\r\n'), step('c#1', 'four\u2028five')];
    journal.append(records[0]!);
    await journal.commit(false);
    journal.append(records[1]!);
    journal.append(records[2]!);
    await journal.commit();
    expect((await store.read('m'))!.records).toEqual([{ kind: 'header', header }, ...records]);
  });

  it('shows records appended since the last commit, and keeps them when the session closes', async () => {
    const store = new MemoryRunStore();
    const journal = await store.create(header, {}, {});
    journal.append(step('a#1', 'x'));
    expect((await store.read('m'))!.records).toHaveLength(2);
    await journal.close();
    const reopened = await store.open('m');
    expect(reopened!.run.records).toEqual([{ kind: 'header', header }, step('a#1', 'x')]);
    reopened!.journal.append(step('b#1', 'y'));
    await reopened!.journal.close();
    expect((await store.read('m'))!.records.map((r) => (r.kind === 'step' ? r.id : r.kind))).toEqual(['header', 'a#1', 'b#1']);
  });

  it('keeps a copy the writer cannot change afterwards', async () => {
    const store = new MemoryRunStore();
    const journal = await store.create(header, {}, {});
    const record = step('a#1', 'before');
    journal.append(record);
    await journal.commit();
    (record as { id: string }).id = 'changed';
    expect((await store.read('m'))!.records[1]).toEqual(step('a#1', 'before'));
  });
});
