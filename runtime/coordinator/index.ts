/**
 * createCoordinator: the runtime's entry to the coordinator. Runs that name the same model
 * and device share one CoordinatorModel (one session per graph, batched across runs).
 */
import type { Device } from '../../src/ir/schema.js';
import { z } from 'zod';
import { CoordinatorSnapshot, RunCoordinator, type RunCoordinatorOptions } from './coordinator.js';
import { manifestPathFor, readFeaturizer, readManifest } from './manifest.js';
import { CoordinatorModel, type ModelOptions } from './model.js';
import { openSessions } from './session.js';
import type { CoordinatorOptions, CreateCoordinator } from './types.js';

export { CoordinatorSnapshot, RunCoordinator } from './coordinator.js';
export { CoordinatorModel } from './model.js';

export interface LoadOptions extends ModelOptions {
  /** Where the one-line notice about a CPU fallback goes (default: stderr). */
  notice?: (line: string) => void;
  /** onnxruntime intra-op threads per session; by default one, and a thread per core for large encode calls (session.ts). */
  threads?: number;
}

const shared = new Map<string, Promise<CoordinatorModel>>();

/** Loads (once per model and device) and returns the shared model. */
export function loadCoordinatorModel(model: string, device: Device, options: LoadOptions = {}): Promise<CoordinatorModel> {
  const manifestPath = manifestPathFor(model);
  const key = `${manifestPath}\u0000${device}\u0000${options.threads ?? 'default'}`;
  let loading = shared.get(key);
  if (!loading) {
    loading = (async () => {
      const manifest = await readManifest(manifestPath);
      const featurizer = await readFeaturizer(manifestPath, manifest);
      const sessions = await openSessions(manifestPath, manifest, device, options.notice, options.threads);
      return new CoordinatorModel(manifest, sessions, featurizer, options);
    })();
    // A failed load is not cached, so fixing the file and retrying works in the same process.
    loading.catch(() => shared.delete(key));
    shared.set(key, loading);
  }
  return loading;
}

/** A run's coordinator on the shared model; `readout` sets its readout hops and threshold (their defaults otherwise). */
export async function createCoordinator(options: CoordinatorOptions, readout: RunCoordinatorOptions = {}): Promise<RunCoordinator> {
  const model = await loadCoordinatorModel(options.config?.model ?? 'builtin', options.config?.device ?? 'auto');
  return new RunCoordinator(model, options.runId, undefined, readout);
}
// Checked against the factory contract the runtime is written to (types.ts).
createCoordinator satisfies CreateCoordinator;

/** A run's coordinator rebuilt from a snapshot taken with `RunCoordinator.snapshot()`. */
export async function resumeCoordinator(options: CoordinatorOptions, snapshot: unknown): Promise<RunCoordinator> {
  const parsed = CoordinatorSnapshot.safeParse(snapshot);
  if (!parsed.success) {
    const format = (snapshot as { format?: unknown } | null)?.format;
    throw new Error(
      format === 1
        ? `coordinator: run ${options.runId} was saved by an older coord whose coordinator kept a recurrent state (snapshot format 1); finish it with that version, or start it again`
        : format === 2
          ? `coordinator: run ${options.runId} was saved by an older coord whose memory held v3 keys (snapshot format 2), which this model neither reads nor makes; finish it with that version, or start it again`
          : `coordinator: run ${options.runId} has a coordinator snapshot this coord cannot read: ${z.prettifyError(parsed.error)}`,
    );
  }
  const model = await loadCoordinatorModel(options.config?.model ?? 'builtin', options.config?.device ?? 'auto');
  return new RunCoordinator(model, options.runId, parsed.data);
}
