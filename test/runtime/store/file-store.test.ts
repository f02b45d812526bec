import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileRunStore, InvalidRunId } from '../../../runtime/store/file-store.js';
import { RunFilesError } from '../../../runtime/store/store.js';
import type { RunHeader } from '../../../runtime/store/journal.js';
import { RunBusy } from '../../../runtime/store/lease.js';
import { MemoryRunStore } from '../../../runtime/store/memory-store.js';

function header(runId: string): RunHeader {
  return { runId, workflow: 'w', irHash: 'h', createdAt: '2026-01-01T00:00:00.000Z' };
}

const event = (seq: number) => ({ kind: 'event' as const, event: { type: 'run.resumed' as const, runId: 'x', seq, t: 0 } });

function store(): FileRunStore {
  return new FileRunStore(mkdtempSync(join(tmpdir(), 'coord-store-')));
}

describe('the file run store', () => {
  it('writes what a session appended only when it commits, and holds the lease from create to close', async () => {
    const runs = store();
    const journal = await runs.create(header('a'), { ir: 1 }, { machine: 1 });
    expect(existsSync(join(runs.locate('a'), 'lock'))).toBe(true);
    journal.append(event(0));
    expect((await runs.read('a'))!.records).toHaveLength(1);
    await journal.commit();
    expect((await runs.read('a'))!.records).toHaveLength(2);
    await expect(runs.open('a')).rejects.toBeInstanceOf(RunBusy);
    await journal.close();
    expect(existsSync(join(runs.locate('a'), 'lock'))).toBe(false);
  });

  it('writes what a commit that is not durable was given, where readers see it, before the next durable commit', async () => {
    const runs = store();
    const journal = await runs.create(header('s'), {}, {});
    journal.append(event(0));
    await journal.commit(false);
    expect((await runs.read('s'))!.records).toHaveLength(2);
    journal.append(event(1));
    await journal.commit();
    expect((await runs.read('s'))!.records.map((r) => r.kind)).toEqual(['header', 'event', 'event']);
    await journal.close();
  });

  it('opens an existing run for one writer at a time, reading it under the lease', async () => {
    const runs = store();
    await (await runs.create(header('b'), {}, {})).close();
    const opened = await runs.open('b', 'coord resume');
    expect(opened!.run.header.runId).toBe('b');
    const second = await runs.open('b', 'another resume').catch((error: unknown) => error);
    expect(second).toBeInstanceOf(RunBusy);
    expect((second as RunBusy).message).toMatch(/^run b is in use by coord resume \(process \d+/);
    await opened!.journal.close();
    await (await runs.open('b'))!.journal.close();
    expect(await runs.open('nope')).toBeUndefined();
  });

  it('cuts off a line a killed writer left half-written before it appends after it', async () => {
    const runs = store();
    const journal = await runs.create(header('c'), {}, {});
    journal.append(event(0));
    await journal.close();
    const path = join(runs.locate('c'), 'journal.jsonl');
    appendFileSync(path, '{"kind":"event","ev');
    const opened = (await runs.open('c'))!;
    expect(opened.run.records).toHaveLength(2);
    opened.journal.append(event(1));
    await opened.journal.close();
    expect((await runs.read('c'))!.records.map((r) => r.kind)).toEqual(['header', 'event', 'event']);
    expect(readFileSync(path, 'utf8')).not.toContain('"ev\n');
  });

  it('refuses a second run with the same id, and ids that cannot name a folder', async () => {
    const runs = store();
    await (await runs.create(header('d'), {}, {})).close();
    await expect(runs.create(header('d'), {}, {})).rejects.toThrow(/a run with id 'd' already exists/);
    expect(existsSync(join(runs.locate('d'), 'lock'))).toBe(false);
    for (const bad of ['../up', 'a/b', '..', '', 'sp ace']) expect(() => runs.locate(bad)).toThrow(InvalidRunId);
  });

  it('says which file of a run is damaged, as a problem with the run and not a bug', async () => {
    const runs = store();
    await (await runs.create(header('e'), {}, {})).close();
    writeFileSync(join(runs.locate('e'), 'ir.json'), '{ not json');
    await expect(runs.read('e')).rejects.toThrow(RunFilesError);
    await expect(runs.read('e')).rejects.toThrow(/ir\.json: not valid JSON/);
    writeFileSync(join(runs.locate('e'), 'journal.jsonl'), 'garbage\n{"kind":"header"}\n');
    await expect(runs.read('e')).rejects.toThrow(/journal\.jsonl:1: not a journal record/);
  });

  it('refuses a runs folder that is a file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'coord-store-')), 'runs');
    writeFileSync(file, 'not a folder');
    await expect(new FileRunStore(file).create(header('f'), {}, {})).rejects.toThrow(RunFilesError);
  });
});

describe('the memory run store', () => {
  it('has leases like the file store', async () => {
    const runs = new MemoryRunStore();
    const journal = await runs.create(header('m'), {}, {});
    await expect(runs.open('m')).rejects.toBeInstanceOf(RunBusy);
    await journal.close();
    const opened = await runs.open('m');
    expect(opened!.run.records).toHaveLength(1);
    await opened!.journal.close();
  });

  it('keeps what was appended and saved as it was then, whatever the writer changes afterwards', async () => {
    const runs = new MemoryRunStore();
    const journal = await runs.create(header('c'), {}, {});
    const record = event(0);
    const snapshot = { ledger: [{ key: 'run', spent: 1 }] };
    journal.append(record);
    journal.writeSnapshot(snapshot);
    record.event.seq = 99;
    snapshot.ledger[0]!.spent = 99;
    expect((await runs.read('c'))!.records[1]).toEqual(event(0));
    expect(runs.snapshot('c')).toEqual({ ledger: [{ key: 'run', spent: 1 }] });
    await journal.close();
  });
});
