import { describe, expect, it } from 'vitest';
import { inCi, outputMode } from '../../src/cli/run/output.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };
const flags = { json: false, noTui: false };

describe('coord run output mode', () => {
  it('draws the dashboard on a terminal outside CI', () => {
    expect(outputMode(flags, tty, {})).toBe('dashboard');
    expect(outputMode(flags, tty, { CI: 'false' })).toBe('dashboard');
    expect(outputMode(flags, tty, { CI: '0' })).toBe('dashboard');
  });

  it('prints plain lines in pipes, in CI and with --no-tui', () => {
    expect(outputMode(flags, pipe, {})).toBe('plain');
    expect(outputMode(flags, tty, { CI: 'true' })).toBe('plain');
    expect(outputMode(flags, tty, { CONTINUOUS_INTEGRATION: '1' })).toBe('plain');
    expect(outputMode({ ...flags, noTui: true }, tty, {})).toBe('plain');
  });

  it('prints NDJSON with --json, wherever it goes', () => {
    expect(outputMode({ ...flags, json: true }, tty, {})).toBe('json');
    expect(outputMode({ json: true, noTui: true }, pipe, { CI: '1' })).toBe('json');
  });

  it('reads CI as Ink does: set, not empty, not 0 or false', () => {
    expect(inCi({})).toBe(false);
    expect(inCi({ CI: '' })).toBe(false);
    expect(inCi({ CI: 'github' })).toBe(true);
  });
});
