import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { CROSS_FEATURES } from '../../runtime/coordinator/cross-features.js';
import { loadCoordinatorModel } from '../../runtime/coordinator/index.js';
import { builtinManifestPath, readManifest } from '../../runtime/coordinator/manifest.js';
import { openSessions, readVerified } from '../../runtime/coordinator/session.js';

/** A private copy of the shipped model, so a test can damage it. */
function copyOfShippedModel(): string {
  const source = builtinManifestPath();
  const dir = mkdtempSync(join(tmpdir(), 'coord-model-'));
  const manifest = JSON.parse(readFileSync(source, 'utf8')) as { files: Record<string, { path: string }> };
  copyFileSync(source, join(dir, 'coordinator.json'));
  for (const file of Object.values(manifest.files)) copyFileSync(join(dirname(source), file.path), join(dir, file.path));
  return join(dir, 'coordinator.json');
}

describe('graph sessions', () => {
  it("answer exactly what onnxruntime-node's InferenceSession answers for the same inputs, on both graphs", async () => {
    const path = builtinManifestPath();
    const manifest = await readManifest(path);
    const sessions = await openSessions(path, manifest, 'cpu');
    const options = { executionProviders: ['cpu'], intraOpNumThreads: 1, graphOptimizationLevel: 'all' } as const;
    const [encode, score] = await Promise.all(
      (['encode', 'score'] as const).map((g) => ort.InferenceSession.create(join(dirname(path), manifest.files[g].path), options)),
    );
    try {
      const ids = Int32Array.from({ length: 3 * 9 }, (_, i) => (i % 9 < 7 ? 1 + ((i * 7919) % 20000) : 0));
      const ours = await sessions.graphs.encode.run({ ids: { data: ids, dims: [3, 9] } });
      const theirs = await encode!.run({ ids: new ort.Tensor('int32', ids, [3, 9]) });
      expect(ours.vectors!.dims).toEqual(theirs.vectors!.dims);
      expect([...ours.vectors!.data]).toEqual([...(theirs.vectors!.data as Float32Array)]);

      const cross = Float32Array.from({ length: 2 * 5 * CROSS_FEATURES }, (_, i) => ((i * 37) % 11) / 10);
      const mask = Float32Array.from([1, 1, 1, 0, 0, 1, 1, 1, 1, 1]);
      const scored = await sessions.graphs.score.run({ cross: { data: cross, dims: [2, 5, CROSS_FEATURES] }, slot_mask: { data: mask, dims: [2, 5] } });
      const expected = await score!.run({ cross: new ort.Tensor('float32', cross, [2, 5, CROSS_FEATURES]), slot_mask: new ort.Tensor('float32', mask, [2, 5]) });
      expect(Object.keys(scored)).toEqual(Object.keys(expected));
      for (const name of Object.keys(expected)) expect([...scored[name]!.data]).toEqual([...(expected[name]!.data as Float32Array)]);
    } finally {
      await Promise.all([sessions.release(), encode!.release(), score!.release()]);
    }
  });
});

describe('coordinator model loading', () => {
  it('accepts the shipped files, whose hashes match the manifest', async () => {
    const path = builtinManifestPath();
    const manifest = await readManifest(path);
    const bytes = await readVerified(join(dirname(path), manifest.files.score.path), manifest.files.score.sha256);
    expect(bytes.byteLength).toBe(manifest.files.score.bytes);
  });

  it('refuses a corrupt model file, naming the file and both hashes', async () => {
    const manifestPath = copyOfShippedModel();
    const manifest = await readManifest(manifestPath);
    const scorePath = join(dirname(manifestPath), manifest.files.score.path);
    const bytes = readFileSync(scorePath);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 10) ^ 0xff, bytes.length - 10);
    writeFileSync(scorePath, bytes);
    const error = await openSessions(manifestPath, manifest, 'cpu').catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(scorePath);
    expect((error as Error).message).toContain(manifest.files.score.sha256);
    expect((error as Error).message).toMatch(/sha256 is [0-9a-f]{64}/);
  });

  it('refuses a manifest whose feature recipe differs from the runtime\'s', async () => {
    const manifestPath = copyOfShippedModel();
    const raw = JSON.parse(readFileSync(manifestPath, 'utf8')) as { features: { version: number } };
    raw.features.version = 999;
    writeFileSync(manifestPath, JSON.stringify(raw));
    await expect(readManifest(manifestPath)).rejects.toThrow(/features v999.*retrain/);
  });

  it('refuses a v3 model (manifest format 3), saying what to do', async () => {
    const manifestPath = copyOfShippedModel();
    const raw = JSON.parse(readFileSync(manifestPath, 'utf8')) as { format: number };
    raw.format = 3;
    writeFileSync(manifestPath, JSON.stringify(raw));
    await expect(readManifest(manifestPath)).rejects.toThrow(/format-3 model .*reads format 4.*retrain it with training\/train.py, or use model "builtin"/);
  });

  it('explains a missing model instead of throwing a stack trace at the user', async () => {
    await expect(loadCoordinatorModel('/nonexistent/dir/model.onnx', 'cpu')).rejects.toThrow(
      /cannot read the model manifest \/nonexistent\/dir\/coordinator\.json/,
    );
  });

  it('on auto, runs on a GPU provider when one starts, otherwise on CPU after one line saying why', async () => {
    const path = builtinManifestPath();
    const notices: string[] = [];
    const sessions = await openSessions(path, await readManifest(path), 'auto', (line) => notices.push(line));
    if (sessions.device === 'cpu') {
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/^coordinator: no GPU execution provider could start \(cuda: .*; webgpu: .*\); running on CPU$/);
    } else {
      expect(notices).toEqual([]);
    }
    await sessions.release();
  });

  it('fails clearly when an explicit GPU device cannot start, and never falls back silently', async () => {
    const path = builtinManifestPath();
    const manifest = await readManifest(path);
    for (const device of ['cuda', 'webgpu'] as const) {
      const outcome = await openSessions(path, manifest, device).then(
        async (sessions) => {
          await sessions.release();
          return sessions.device;
        },
        (error: Error) => error.message,
      );
      if (outcome === device) continue; // this machine has it
      expect(outcome).toMatch(new RegExp(`^coordinator: device ${device} was asked for, but onnxruntime-node could not start it: .+ — use device cpu or auto`));
    }
  });
});
