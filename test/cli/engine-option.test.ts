import { describe, expect, it } from 'vitest';
import { DEFAULT_RESTATE_INGRESS, engineOption } from '../../src/cli/engine/engine-option.js';
import { CliError } from '../../src/cli/errors.js';

describe('--engine', () => {
  it('is the file engine unless it names Restate, and the command says which is its default', () => {
    expect(engineOption('run', undefined, 'file', {})).toEqual({ kind: 'file' });
    expect(engineOption('run', 'file', 'file', {})).toEqual({ kind: 'file' });
    expect(engineOption('status', undefined, 'restate', {})).toEqual({ kind: 'restate', ingress: DEFAULT_RESTATE_INGRESS });
  });

  it('takes the ingress URL after restate=, else COORD_RESTATE_URL, else the local default', () => {
    expect(engineOption('run', 'restate=http://10.0.0.5:8080', 'file', {})).toEqual({ kind: 'restate', ingress: 'http://10.0.0.5:8080' });
    expect(engineOption('run', 'restate', 'file', { COORD_RESTATE_URL: 'https://restate.example:443' })).toEqual({ kind: 'restate', ingress: 'https://restate.example:443' });
    expect(engineOption('run', 'restate', 'file', {})).toEqual({ kind: 'restate', ingress: 'http://127.0.0.1:8080' });
  });

  it('refuses other engines and URLs that are not http(s), for a person to fix', () => {
    expect(() => engineOption('run', 'temporal', 'file', {})).toThrow(CliError);
    expect(() => engineOption('run', 'temporal', 'file', {})).toThrow("--engine must be file or restate[=<URL>], not 'temporal'");
    expect(() => engineOption('run', 'restate=localhost:8080', 'file', {})).toThrow('not an http(s) URL');
  });
});
