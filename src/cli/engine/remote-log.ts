import { MemoryRunStore } from '../../../runtime/store/memory-store.js';
import { restateRefusalOf, restateRuns } from './engine-option.js';

/** A run's log fetched from a Restate server into a store of its own, so `replay` reads it as it reads a local run. */
export async function restateRunStore(ingress: string, runId: string): Promise<MemoryRunStore> {
  const runs = await restateRuns(ingress);
  const log = await runs.log(runId).catch(async (error: unknown) => {
    throw (await restateRefusalOf(error, runId)) ?? error;
  });
  const store = new MemoryRunStore();
  const journal = await store.create(log.header, log.ir, log.machine, 'coord replay');
  // The store writes the header itself; the rest are the run's records as the server holds them.
  for (const record of log.records) if (record.kind !== 'header') journal.append(record);
  await journal.close();
  return store;
}
