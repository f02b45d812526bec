import { sep } from 'node:path';
import { PACKAGE_NAME, packageRoot } from './package-info.js';

/**
 * How the person runs coord, for hints that say what to type next. Through npx, `coord` alone would
 * not do: `npx coord` in a project that has coord-lang (or in this repository) runs it, but where npx
 * fetched the package itself (into its cache), `npx coord` would fetch the registry's unrelated `coord`.
 */
export function coordCommand(env: NodeJS.ProcessEnv = process.env, root: string = packageRoot): string {
  // npx names the command it ran in npm_lifecycle_script; a coord started by some other npx'd program inherits both.
  if (env.npm_lifecycle_event !== 'npx' || !/^'?coord(-lang)?'?$/.test(env.npm_lifecycle_script ?? '')) return 'coord';
  return root.includes(`${sep}_npx${sep}`) ? `npx ${PACKAGE_NAME}` : 'npx coord';
}
