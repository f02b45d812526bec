import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPESCRIPT = /\.[mc]?tsx?$/;

/**
 * Imports the module of a function agent and returns its exports, whatever folder it sits in.
 * `.ts` files go through Node's own type stripping where this Node has it, and through tsx where it
 * does not suffice (no type stripping, TypeScript-only syntax such as enums, `.js` specifiers naming
 * `.ts` files, a file inside node_modules, `.tsx`). Node keeps a module it imported for the life of
 * the process; tsx loads afresh on every call.
 */
export async function importAgentModule(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  if (!TYPESCRIPT.test(file)) return (await import(url)) as Record<string, unknown>;
  if (process.features.typescript && nearestPackageType(file) !== 'commonjs') {
    try {
      return moduleExports(await withoutTypeStrippingWarning(() => import(url)));
    } catch (error) {
      if (!NEEDS_TSX.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
  const { tsImport } = await import('tsx/esm/api');
  return moduleExports((await tsImport(url, import.meta.url)) as Record<string, unknown>);
}

/** What Node's type stripping cannot load and tsx can: failures at resolution or parse, before any code ran. */
const NEEDS_TSX = new Set([
  'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX',
  'ERR_INVALID_TYPESCRIPT_SYNTAX',
  'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING',
  'ERR_UNKNOWN_FILE_EXTENSION',
  'ERR_MODULE_NOT_FOUND',
]);

/**
 * A `.ts` file outside a `"type": "module"` package is CommonJS to tsx, and Node's syntax detection
 * can make one CommonJS too: its ES exports then arrive nested under `default`, marked `__esModule`.
 */
function moduleExports(module: Record<string, unknown>): Record<string, unknown> {
  const inner = module.default as Record<string, unknown> | undefined;
  return inner !== null && typeof inner === 'object' && inner.__esModule ? inner : module;
}

/**
 * Node's `"type"` for the file: that of the nearest package.json. Where it says `commonjs`, Node
 * rejects the ES module syntax TypeScript is written in, while tsx compiles it to CommonJS.
 */
function nearestPackageType(file: string): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type;
      } catch {
        return undefined;
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * On Node versions where type stripping is still experimental, Node says so on stderr the first
 * time; coord chose to use it, which is not the person's concern. Other warnings pass through.
 * Imports may overlap (concurrent runs load different agents), so the filter is installed once
 * for all of them and removed when the last one ends.
 */
async function withoutTypeStrippingWarning<T>(load: () => Promise<T>): Promise<T> {
  if (filtering++ === 0) {
    unfiltered = process.emitWarning;
    process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
      if (!/type stripping/i.test(String(warning))) (unfiltered as (...args: unknown[]) => void).call(process, warning, ...rest);
    }) as typeof process.emitWarning;
  }
  try {
    return await load();
  } finally {
    if (--filtering === 0) process.emitWarning = unfiltered;
  }
}

let filtering = 0;
let unfiltered: typeof process.emitWarning = process.emitWarning;
