/**
 * The one module that touches onnxruntime-node (transformers.js-style backend): it
 * verifies model files, picks execution providers from `device`, creates sessions and
 * converts tensors. Everything else in coord asks it to "run this graph on these arrays".
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import ort from 'onnxruntime-node';
import { binding, initOrt, type Binding } from 'onnxruntime-node/dist/binding.js';
import type { Device } from '../../src/ir/schema.js';
import type { CoordinatorManifest, GraphName } from './manifest.js';
import { missingPrerequisite } from './native-prerequisites.js';

export type DeviceChoice = Exclude<Device, 'auto'>;

export interface FloatArray {
  data: Float32Array;
  dims: number[];
}
export interface IntArray {
  data: Int32Array;
  dims: number[];
}
export type Feed = Record<string, FloatArray | IntArray>;
/** Outputs as plain typed arrays: float32 stays Float32Array, bool comes back as Uint8Array. */
export type Fetch = Record<string, { data: Float32Array | Uint8Array; dims: readonly number[] }>;

export interface GraphRunner {
  run(feed: Feed): Promise<Fetch>;
  /** Each tensor input's declared shape: a number is a fixed size, a string a dynamic axis. */
  readonly inputShapes: Readonly<Record<string, readonly (number | string)[]>>;
}

export interface CoordinatorSessions {
  device: DeviceChoice;
  graphs: Record<GraphName, GraphRunner>;
  /** sha256 of each graph file, as verified. */
  sha256: Record<GraphName, string>;
  release(): Promise<void>;
}

/** Reads a model file and checks it against the manifest's hash, so a corrupt download never runs. */
export async function readVerified(path: string, expected: string): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new Error(`coordinator: cannot read model file ${path}: ${(error as Error).message}`);
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== expected) {
    throw new Error(
      `coordinator: model file ${path} is corrupt or does not belong to its manifest: sha256 is ${actual}, the manifest expects ${expected} — reinstall coord or re-export the model`,
    );
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function tensorOf(value: FloatArray | IntArray): ort.Tensor {
  return value.data instanceof Float32Array
    ? new ort.Tensor('float32', value.data, value.dims)
    : new ort.Tensor('int32', value.data, value.dims);
}

/**
 * A graph's session: onnxruntime-node's own synchronous session object (its `dist/binding`, typed
 * there), which `ort.InferenceSession` wraps. The wrapper defers every run to a `setImmediate`
 * and re-checks and re-wraps what goes in and out: about a quarter of a one-segment encode call
 * (bench/session-call.ts). Creating it is what the wrapper does too, with the same errors.
 */
export interface GraphSession {
  readonly inputMetadata: readonly Binding.ValueMetadata[];
  readonly outputMetadata: readonly Binding.ValueMetadata[];
  run(feeds: Record<string, ort.Tensor>, fetches: Record<string, null>, options: ort.InferenceSession.RunOptions): Record<string, ort.OnnxValue>;
  dispose(): void;
}

function createSession(bytes: Uint8Array, options: ort.InferenceSession.SessionOptions): GraphSession {
  initOrt();
  const session = new binding.InferenceSession();
  session.loadModel(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength, options);
  return session;
}

const NO_RUN_OPTIONS: ort.InferenceSession.RunOptions = {};

/**
 * A graph's runner. With `wide`, calls whose first input holds at least `wideFrom` elements run on
 * that session (more intra-op threads), smaller ones on `session`.
 */
export function runnerFor(session: GraphSession, wide?: { session: GraphSession; from: number }): GraphRunner {
  const inputShapes: Record<string, readonly (number | string)[]> = {};
  for (const input of session.inputMetadata) {
    if (input.isTensor) inputShapes[input.name] = input.shape.map((d, i) => (d >= 0 ? d : input.symbolicDimensions[i]!));
  }
  const first = session.inputMetadata[0]!.name;
  const outputs = session.outputMetadata.map((o) => o.name);
  return {
    inputShapes,
    async run(feed) {
      const feeds: Record<string, ort.Tensor> = {};
      for (const [name, value] of Object.entries(feed)) feeds[name] = tensorOf(value);
      const fetches: Record<string, null> = {};
      for (const name of outputs) fetches[name] = null;
      const chosen = wide && (feed[first]?.data.length ?? 0) >= wide.from ? wide.session : session;
      const results = chosen.run(feeds, fetches, NO_RUN_OPTIONS);
      const out: Fetch = {};
      for (const [name, value] of Object.entries(results)) {
        const tensor = value as ort.Tensor;
        const data = tensor.data;
        if (!(data instanceof Float32Array) && !(data instanceof Uint8Array)) {
          throw new Error(`coordinator: output ${name} has unexpected type ${tensor.type}`);
        }
        out[name] = { data, dims: tensor.dims };
      }
      return out;
    },
  };
}

const PROVIDERS: Record<DeviceChoice, string> = { cpu: 'cpu', cuda: 'cuda', webgpu: 'webgpu' };

// onnxruntime's process-wide logger prints raw C++ errors for every provider that cannot start;
// those failures reach us as exceptions anyway and are reported in one line. Set before the first session.
ort.env.logLevel = 'fatal';

/**
 * Threads per session on CPU. One: a call at batch 1 is a few microseconds of work, which a second
 * thread only slows down.
 */
export const DEFAULT_CPU_THREADS = 1;

/**
 * Large encode calls (batches across runs) run on a second session with a thread per core, up to
 * four. Measured on the 2-core machine: two threads make a call of 234 segments (7,488 ids) 23%
 * faster idle and 8% faster with the other core busy, are even at about 3,000 ids, and slower below
 * (docs/coordinator.md, "Speed").
 */
export const WIDE_ENCODE_IDS = 4096;
export const wideThreads = (): number => Math.min(availableParallelism(), 4);

type Sessions = Record<GraphName, GraphSession> & { wideEncode?: GraphSession };

async function createAll(files: Record<GraphName, Uint8Array>, device: DeviceChoice, threads: number | undefined): Promise<Sessions> {
  const options = (intraOpNumThreads: number): ort.InferenceSession.SessionOptions => ({
    executionProviders: [PROVIDERS[device]],
    intraOpNumThreads,
    graphOptimizationLevel: 'all',
    logSeverityLevel: 4,
  });
  const narrow = options(threads ?? DEFAULT_CPU_THREADS);
  // Only on CPU and only where no thread count was asked for: an explicit count is the caller's choice.
  const wide = device === 'cpu' && threads === undefined && wideThreads() > DEFAULT_CPU_THREADS ? options(wideThreads()) : undefined;
  const plan: [Uint8Array, ort.InferenceSession.SessionOptions][] = [
    [files.encode, narrow],
    [files.score, narrow],
  ];
  if (wide) plan.push([files.encode, wide]);
  const opened: GraphSession[] = [];
  try {
    for (const [bytes, sessionOptions] of plan) opened.push(createSession(bytes, sessionOptions));
  } catch (error) {
    for (const session of opened) session.dispose();
    throw error;
  }
  const [encode, score, wideEncode] = opened;
  return { encode: encode!, score: score!, ...(wideEncode ? { wideEncode } : {}) };
}

/** The part of an onnxruntime error a person can act on: no source paths, no failed-assertion text. */
function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  let line = (text.split('\n').find((l) => l.trim().length > 0) ?? text).trim();
  line = line.replace(/^.* was false\.\s*/, '').replace(/^\/\S+:\d+\s+/, '');
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/** GPU providers `auto` tries, best first; CPU is always last. */
const AUTO_ORDER: DeviceChoice[] = ['cuda', 'webgpu'];

/**
 * Opens the manifest's graphs on `device`. `auto` tries the GPU providers and falls
 * back to CPU, saying why in one line through `notice`; an explicit GPU device that cannot
 * start is an error.
 */
export async function openSessions(
  manifestPath: string,
  manifest: CoordinatorManifest,
  device: Device,
  notice: (line: string) => void = (line) => console.error(line),
  threads?: number,
): Promise<CoordinatorSessions> {
  const dir = dirname(manifestPath);
  const names = Object.keys(manifest.files) as GraphName[];
  const bytes = {} as Record<GraphName, Uint8Array>;
  for (const name of names) bytes[name] = await readVerified(join(dir, manifest.files[name].path), manifest.files[name].sha256);

  let sessions: Sessions | undefined;
  let chosen: DeviceChoice = 'cpu';
  if (device === 'auto') {
    const reasons: string[] = [];
    for (const candidate of AUTO_ORDER) {
      const missing = missingPrerequisite(candidate);
      if (missing) {
        reasons.push(`${candidate}: ${missing}`);
        continue;
      }
      try {
        sessions = await createAll(bytes, candidate, threads);
        chosen = candidate;
        break;
      } catch (error) {
        reasons.push(`${candidate}: ${firstLine(error)}`);
      }
    }
    if (!sessions) notice(`coordinator: no GPU execution provider could start (${reasons.join('; ')}); running on CPU`);
  } else if (device !== 'cpu') {
    try {
      const missing = missingPrerequisite(device);
      if (missing) throw new Error(missing);
      sessions = await createAll(bytes, device, threads);
      chosen = device;
    } catch (error) {
      throw new Error(
        `coordinator: device ${device} was asked for, but onnxruntime-node could not start it: ${firstLine(error)} — use device cpu or auto, or install onnxruntime-node's ${device} support`,
      );
    }
  }
  sessions ??= await createAll(bytes, 'cpu', threads);
  const opened = sessions;
  return {
    device: chosen,
    graphs: {
      encode: runnerFor(opened.encode, opened.wideEncode && { session: opened.wideEncode, from: WIDE_ENCODE_IDS }),
      score: runnerFor(opened.score),
    },
    sha256: { encode: manifest.files.encode.sha256, score: manifest.files.score.sha256 },
    async release() {
      for (const session of Object.values(opened)) session.dispose();
    },
  };
}
