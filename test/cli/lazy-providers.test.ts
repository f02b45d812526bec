import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from './support/run-cli.js';

// A mock's factory runs only when its module is imported: here, it records that the AI SDK's side was loaded.
const loaded = vi.hoisted(() => new Set<string>());
vi.mock('../../runtime/providers/llm-agent.js', async (original) => (loaded.add('llm-agent'), original()));
vi.mock('../../runtime/providers/registry.js', async (original) => (loaded.add('registry'), original()));

/**
 * The AI SDK takes about half a second to load; `coord run` imports it only for a workflow
 * that calls a model, so a workflow of function agents shows its first output sooner.
 */
describe('coord run loads the providers only when the run calls a model', () => {
  it('runs a workflow of function agents without loading them', async () => {
    const runs = mkdtempSync(join(tmpdir(), 'coord-lazy-'));
    const result = await runCli(['run', 'examples/word-stats/flow.coord', '--no-tui', '--runs-dir', runs]);
    expect(result.code, result.stderr).toBe(0);
    expect([...loaded]).toEqual([]);
  });

  it('loads them for a workflow of LLM agents, and reports a missing key before anything runs', async () => {
    const runs = mkdtempSync(join(tmpdir(), 'coord-lazy-'));
    const result = await runCli(['run', 'examples/llm-brief/brief.coord', '--no-tui', '--runs-dir', runs], {
      env: { OPENAI_API_KEY: undefined, ANTHROPIC_API_KEY: undefined, OPENAI_BASE_URL: undefined, ANTHROPIC_BASE_URL: undefined },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/_API_KEY is not set/);
    expect(loaded.has('registry')).toBe(true);
  });
});
