import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER, findOnnxruntime, gpuAskedFor, keepOnlyPlatform, markGpuLibrariesPresent } from '../../install/cpu-only-onnxruntime.js';
import { ROOT } from '../cli/support/run-binary.js';
import { tempProject } from '../cli/support/run-cli.js';

/** A stand-in for onnxruntime-node's folder: bindings for three platforms and the install metadata its postinstall reads. */
function fakeOnnxruntime(): Promise<string> {
  return tempProject({
    'package.json': '{ "name": "onnxruntime-node" }\n',
    'bin/napi-v6/linux/x64/onnxruntime_binding.node': 'x',
    'bin/napi-v6/linux/arm64/onnxruntime_binding.node': 'x',
    'bin/napi-v6/darwin/arm64/onnxruntime_binding.node': 'x',
    'script/install-metadata.js': `module.exports = {
  requirements: { 'linux/x64': ['cuda12'], 'darwin/arm64': [] },
  manifests: { 'linux/x64:cuda12': { './libonnxruntime_providers_cuda.so': {}, './libonnxruntime_providers_shared.so': {} } },
};
`,
  });
}

describe("coord's preinstall for onnxruntime-node", () => {
  it('keeps only the binding of the platform it runs on', async () => {
    const ort = await fakeOnnxruntime();
    expect(keepOnlyPlatform(ort, 'linux', 'x64').sort()).toEqual(['darwin/arm64', 'linux/arm64']);
    expect(readdirSync(path.join(ort, 'bin', 'napi-v6'))).toEqual(['linux']);
    expect(readdirSync(path.join(ort, 'bin', 'napi-v6', 'linux'))).toEqual(['x64']);
  });

  it('removes nothing on a platform whose binding is not there', async () => {
    const ort = await fakeOnnxruntime();
    expect(keepOnlyPlatform(ort, 'win32', 'x64')).toEqual([]);
    expect(readdirSync(path.join(ort, 'bin', 'napi-v6')).sort()).toEqual(['darwin', 'linux']);
  });

  it('puts a placeholder where each GPU library would be downloaded, from the metadata the postinstall reads', async () => {
    const ort = await fakeOnnxruntime();
    expect(markGpuLibrariesPresent(ort, 'linux', 'x64')).toEqual(['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so']);
    expect(readFileSync(path.join(ort, 'bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so'), 'utf8')).toBe(PLACEHOLDER);
    // Platforms with nothing to download get nothing.
    expect(markGpuLibrariesPresent(ort, 'darwin', 'arm64')).toEqual([]);
  });

  it('leaves a library that is already there alone', async () => {
    const ort = await fakeOnnxruntime();
    markGpuLibrariesPresent(ort, 'linux', 'x64');
    expect(markGpuLibrariesPresent(ort, 'linux', 'x64')).toEqual([]);
  });

  it('knows when the person asked onnxruntime-node for GPU libraries, by its own switches', () => {
    expect(gpuAskedFor({})).toBe(false);
    expect(gpuAskedFor({ ONNXRUNTIME_NODE_INSTALL: 'cuda12' })).toBe(true);
    expect(gpuAskedFor({ npm_config_onnxruntime_node_install: 'cuda12' })).toBe(true);
    expect(gpuAskedFor({ ONNXRUNTIME_NODE_INSTALL_CUDA: 'v12' })).toBe(true);
  });

  it('reads the real onnxruntime-node this repository installed, whose metadata has the shape it expects', () => {
    const ort = findOnnxruntime(ROOT);
    expect(ort).toBeDefined();
    expect(existsSync(path.join(ort!, 'script', 'install-metadata.js'))).toBe(true);
    expect(findOnnxruntime(path.parse(ROOT).root)).toBeUndefined();
  });
});
