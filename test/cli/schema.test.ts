import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { fixture } from './support/fixtures.js';
import { ROOT } from './support/run-binary.js';
import { runCli } from './support/run-cli.js';

async function printed(name: string): Promise<Record<string, unknown>> {
  const { code, stdout } = await runCli(['schema', name]);
  expect(code).toBe(0);
  return JSON.parse(stdout) as Record<string, unknown>;
}

function validator(schema: Record<string, unknown>) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

describe('coord schema', () => {
  it('prints the schema the package ships as schemas/<name>.schema.json, for each of ir, lint, config and events', async () => {
    for (const name of ['ir', 'lint', 'config', 'events']) {
      const shipped = JSON.parse(await readFile(`${ROOT}/schemas/${name}.schema.json`, 'utf8'));
      expect(await printed(name), `schemas/${name}.schema.json is stale: regenerate it with 'node bin/coord.js schema ${name} > schemas/${name}.schema.json'`).toEqual(shipped);
    }
  });

  it('refuses a schema it does not have, naming the ones it has', async () => {
    const { code, stderr } = await runCli(['schema', 'flow.coord']);
    expect(code).toBe(2);
    expect(stderr).toContain('coord schema takes one of ir, lint, config, events');
  });

  it('lint: describes what coord lint --format json writes, and only that', async () => {
    const validate = validator(await printed('lint'));
    const { stdout } = await runCli(['lint', '--format', 'json', fixture('errors/undefined-names.coord'), fixture('research-brief.coord')]);
    const report = JSON.parse(stdout);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    report.files[0].diagnostics[0].severity = 'fatal';
    expect(validate(report)).toBe(false);
  });

  it('config: accepts a config file that points editors at it, and refuses what coord would refuse', async () => {
    const validate = validator(await printed('config'));
    const config = {
      $schema: 'https://cdn.jsdelivr.net/npm/coord-lang/schemas/config.schema.json',
      providers: { openai: { baseURL: 'http://127.0.0.1:8080/v1' }, ollama: { baseURL: 'http://localhost:11434' } },
      requests: { timeoutMs: 30_000, maxAttempts: 3 },
    };
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ providers: { openia: {} } })).toBe(false);
    expect(validate({ requests: { maxAttempts: 0 } })).toBe(false);
  });

  it('events: describes every line of coord run --json, and refuses an event it does not define', async () => {
    const validate = validator(await printed('events'));
    const runs = await mkdtemp(path.join(os.tmpdir(), 'coord-schema-'));
    const { stdout } = await runCli(['run', '--simulate', '--json', '--runs-dir', runs, fixture('research-brief.coord')]);
    await rm(runs, { recursive: true, force: true });
    const events = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events.length).toBeGreaterThan(3);
    for (const event of events) expect(validate(event), JSON.stringify(validate.errors)).toBe(true);
    expect(events[0]).toMatchObject({ type: 'run.started', eventsVersion: 1, at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) });
    expect(validate({ ...events[0], type: 'run.exploded' })).toBe(false);
    expect(validate({ ...events[0], at: 'yesterday' })).toBe(false);
  });

  it('config: accepts named endpoints and price overrides', async () => {
    const validate = validator(await printed('config'));
    const config = {
      endpoints: { vllm: { baseURL: 'http://127.0.0.1:8000/v1', apiKeyEnv: 'VLLM_KEY', headers: { 'X-Team': 'a' }, requests: { timeoutMs: 9000 } } },
      prices: { 'vllm:qwen': { input: 0.1, output: 0.2 } },
    };
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ endpoints: { vllm: { apiKeyEnv: 'K' } } })).toBe(false);
  });
});
