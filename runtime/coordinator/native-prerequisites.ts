import type { DeviceChoice } from './session.js';

/**
 * Why a GPU execution provider cannot start on this machine, found without starting it, or undefined
 * when it may. Starting WebGPU on Linux without a Vulkan loader makes Dawn, inside onnxruntime, print
 * a multi-line warning with a C++ source path straight to stderr, which no log level silences; asking
 * the system's dynamic loader first lets the fallback say so in its one line instead.
 */
export function missingPrerequisite(device: DeviceChoice, platform: NodeJS.Platform = process.platform): string | undefined {
  if (device === 'webgpu' && platform === 'linux' && !loadable('libvulkan.so.1')) return 'no Vulkan loader (libvulkan.so.1) on this system';
  return undefined;
}

/**
 * Whether the dynamic loader finds and opens `library` by its usual search (LD_LIBRARY_PATH, the
 * ld.so cache, the default folders). process.dlopen is the loader itself: for a library that is not a
 * Node addon it opens it, finds no module to register, closes it and says so, which means it exists.
 */
function loadable(library: string): boolean {
  try {
    process.dlopen({ exports: {} }, library);
    return true;
  } catch (error) {
    return !/cannot open shared object file/.test((error as Error).message);
  }
}
