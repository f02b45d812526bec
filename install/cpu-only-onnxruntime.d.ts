// Types for install/cpu-only-onnxruntime.js, which npm runs as plain JavaScript before anything is built.
export declare const PLACEHOLDER: string;
export declare function findOnnxruntime(from: string): string | undefined;
export declare function keepOnlyPlatform(ortDir: string, platform?: string, arch?: string): string[];
export declare function markGpuLibrariesPresent(ortDir: string, platform?: string, arch?: string): string[];
export declare function gpuAskedFor(env?: Record<string, string | undefined>): boolean;
