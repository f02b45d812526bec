import { describe, expect, it } from 'vitest';
import { coordCommand } from '../../src/cli/invocation.js';

describe('the command hints tell people to type', () => {
  const npx = (script: string) => ({ npm_lifecycle_event: 'npx', npm_lifecycle_script: script });

  it('is coord when coord was run as coord', () => {
    expect(coordCommand({}, '/usr/lib/node_modules/coord-lang')).toBe('coord');
  });

  it('is npx coord where npx ran the coord of a project or of this repository', () => {
    expect(coordCommand(npx('coord'), '/home/me/app/node_modules/coord-lang')).toBe('npx coord');
    expect(coordCommand(npx("'coord'"), '/home/me/coord')).toBe('npx coord');
  });

  it('is npx coord-lang where npx fetched the package: `npx coord` would fetch an unrelated package', () => {
    expect(coordCommand(npx('coord'), '/home/me/.npm/_npx/1a2b3c/node_modules/coord-lang')).toBe('npx coord-lang');
  });

  it('is coord when another program run by npx starts coord', () => {
    expect(coordCommand(npx('vitest'), '/home/me/coord')).toBe('coord');
  });
});
