#!/usr/bin/env node
// coord's preinstall: makes onnxruntime-node's install CPU-only and this platform's only, unless the
// person asked onnxruntime-node for GPU libraries (docs/install.md, "GPU").
//
// Why here: npm runs the preinstall of every package in an install before any postinstall, so this
// runs before onnxruntime-node's own postinstall. That script downloads the CUDA libraries (hundreds
// of MB, from api.nuget.org: beyond the npm registry, and fatal to the install offline) on linux-x64
// unless they are already present; coord runs its coordinator on the CPU provider bundled in the
// package. Inside coord's own repository npm runs this after the dependencies' scripts instead, and
// package.json's "allowScripts" keeps onnxruntime-node's script from running at all.
//
// Never fails the install: whatever goes wrong, the worst case is onnxruntime-node's own behaviour.
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** onnxruntime-node's own switches (its script/install-utils.js reads the same four). */
const ASKED = ['ONNXRUNTIME_NODE_INSTALL', 'npm_config_onnxruntime_node_install', 'ONNXRUNTIME_NODE_INSTALL_CUDA', 'npm_config_onnxruntime_node_install_cuda'];

/** Written in place of each GPU library, so that onnxruntime-node's script finds it present and downloads nothing. */
export const PLACEHOLDER = 'coord: not downloaded (coord runs on CPU). To install the real library see docs/install.md, "GPU".\n';

/** The installed onnxruntime-node folder as seen from `from`, or undefined when there is none. */
export function findOnnxruntime(from) {
  try {
    return path.dirname(createRequire(path.join(from, 'package.json')).resolve('onnxruntime-node/package.json'));
  } catch {
    return undefined;
  }
}

/**
 * onnxruntime-node ships its native binding for every platform (about 300 MB); this machine loads
 * only bin/napi-v6/<platform>/<arch>. Removes the others, and only when this one is there.
 */
export function keepOnlyPlatform(ortDir, platform = process.platform, arch = process.arch) {
  const bin = path.join(ortDir, 'bin', 'napi-v6');
  if (!existsSync(path.join(bin, platform, arch))) return [];
  const removed = [];
  for (const os of readdirSync(bin)) {
    for (const cpu of readdirSync(path.join(bin, os))) {
      if (os === platform && cpu === arch) continue;
      rmSync(path.join(bin, os, cpu), { recursive: true, force: true });
      removed.push(`${os}/${cpu}`);
    }
    if (os !== platform) rmSync(path.join(bin, os), { recursive: true, force: true });
  }
  return removed;
}

/**
 * Writes a placeholder for every file onnxruntime-node's postinstall would download on this platform
 * (its script/install-metadata.js lists them), so that the postinstall finds them present and exits.
 * A later explicit install (ONNXRUNTIME_NODE_INSTALL=cuda12) downloads and overwrites them.
 */
export function markGpuLibrariesPresent(ortDir, platform = process.platform, arch = process.arch) {
  const metadata = createRequire(path.join(ortDir, 'package.json'))('./script/install-metadata.js');
  const key = `${platform}/${arch}`;
  const written = [];
  for (const name of metadata.requirements?.[key] ?? []) {
    for (const file of Object.keys(metadata.manifests?.[`${key}:${name}`] ?? {})) {
      const target = path.join(ortDir, 'bin', 'napi-v6', platform, arch, file);
      if (existsSync(target) || !existsSync(path.dirname(target))) continue;
      writeFileSync(target, PLACEHOLDER);
      written.push(path.basename(target));
    }
  }
  return written;
}

export function gpuAskedFor(env = process.env) {
  return ASKED.some((name) => env[name]);
}

function main() {
  const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const ortDir = findOnnxruntime(packageDir);
  if (!ortDir) return;
  keepOnlyPlatform(ortDir);
  if (!gpuAskedFor()) markGpuLibrariesPresent(ortDir);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch {
    // Leave onnxruntime-node as npm installed it.
  }
}
