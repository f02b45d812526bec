// Canary keys: real HTTP servers on 127.0.0.1 that speak OpenAI's and Anthropic's protocols
// echo the keys they were sent in their error bodies and their answers. No file a run writes
// and nothing `coord run`, `coord resume` or `coord replay` prints may hold one.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED } from '../../runtime/secrets.js';
import { startFakeAnthropic } from '../support/fake-anthropic.js';
import { type FakeServer, reply } from '../support/fake-llm-server.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { runCoord, type Finished } from '../runtime/support/spawn-coord.js';

/** The OpenAI key, from the environment. */
const ENV_KEY = 'sk-canary-env-6b1f0c2d9e';
/** The Anthropic key, from the config file only. */
const CONFIG_KEY = 'sk-ant-canary-config-7a3e5d';
/** A secret of another service in the environment, which a model repeats. */
const OTHER_TOKEN = 'ghp_canaryOtherToken4c8d2e';
const CANARIES = [ENV_KEY, CONFIG_KEY, OTHER_TOKEN];

let openai: FakeServer;
let anthropic: FakeServer;
beforeAll(async () => {
  openai = await startFakeOpenAI({ apiKey: ENV_KEY });
  anthropic = await startFakeAnthropic({ apiKey: CONFIG_KEY });
});
afterAll(async () => {
  await openai.close();
  await anthropic.close();
});

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'coord-canary-'));
  const workflow = join(dir, 'canary.coord');
  writeFileSync(
    workflow,
    `workflow canary {
  budget 20000 tokens
  agent planner {
    model "openai:gpt-4o-mini"
    role "Plan the brief."
    budget 2000 tokens per turn
  }
  agent writer {
    model "anthropic:claude-haiku-4-5"
    role "Write the brief."
    budget 2000 tokens per turn
  }
  channel planner -> writer { budget 300 tokens per message }
  flow {
    start planner
    planner -> writer
    writer -> done
  }
}
`,
  );
  const config = join(dir, 'keys.json');
  writeFileSync(config, JSON.stringify({ providers: { anthropic: { apiKey: CONFIG_KEY, baseURL: anthropic.baseURL } } }));
  const runs = join(dir, 'runs');
  const env = { OPENAI_API_KEY: ENV_KEY, OPENAI_BASE_URL: openai.baseURL, SERVICE_TOKEN: OTHER_TOKEN, ANTHROPIC_API_KEY: '' };
  const coord = (...args: string[]) => runCoord([...args, '--runs-dir', runs], env);
  return { workflow, config, runs, coord };
}

/** Every file under `dir`, with its text. */
function filesUnder(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => ({ path: join(entry.parentPath, entry.name), text: readFileSync(join(entry.parentPath, entry.name), 'utf8') }));
}

function expectNoCanary(where: string, text: string): void {
  for (const canary of CANARIES) expect(text.includes(canary), `${where} holds ${canary}`).toBe(false);
}

function expectClean(outputs: Finished[], runs: string): void {
  outputs.forEach((output, i) => {
    expectNoCanary(`stdout of command ${i + 1}`, output.stdout);
    expectNoCanary(`stderr of command ${i + 1}`, output.stderr);
  });
  const files = filesUnder(runs);
  expect(files.map((f) => f.path.slice(runs.length + 1)).sort()).toEqual(expect.arrayContaining(['echo/journal.jsonl', 'echo/snapshot.json', 'echo/ir.json', 'echo/machine.json']));
  for (const file of files) expectNoCanary(file.path, file.text);
}

describe('known secrets', () => {
  it('never reach the journal, the snapshot, events or output, though providers echo them in errors and models repeat them', async () => {
    const { workflow, config, runs, coord } = setUp();
    openai.enqueue(
      reply.status(500, `upstream failed for key ${ENV_KEY}`),
      reply.text(`Plan: cover the sky. (Debug: my key is ${ENV_KEY} and the service token is ${OTHER_TOKEN}.)`, { input: 40, output: 30 }),
    );
    anthropic.enqueue(
      reply.status(429, `rate limited: key ${CONFIG_KEY} is over its quota`),
      reply.text(`The brief. Signed with ${CONFIG_KEY}.`, { input: 60, output: 12 }),
    );
    const plain = await coord('run', workflow, '--config', config, '--run-id', 'echo');
    expect(plain.stderr).toBe('');
    expect(plain.code).toBe(0);
    // The echoes were there to leak, and were replaced.
    expect(plain.stdout).toContain(REDACTED);
    const journal = readFileSync(join(runs, 'echo', 'journal.jsonl'), 'utf8');
    expect(journal).toContain(`upstream failed for key ${REDACTED}`);
    expect(journal).toContain(`my key is ${REDACTED} and the service token is ${REDACTED}`);
    // The writer read the planner's message without the keys in it.
    expect(JSON.stringify(anthropic.requests.at(-1)!.body)).not.toContain(ENV_KEY);

    const replayed = await coord('replay', 'echo', '--json');
    expect(replayed.code).toBe(0);
    expectClean([plain, replayed], runs);
  });

  it('are kept out of the reason a failed run prints, in plain and NDJSON output alike', async () => {
    const { workflow, config, runs, coord } = setUp();
    openai.enqueue(reply.status(400, `invalid request from key ${ENV_KEY}`));
    const plain = await coord('run', workflow, '--config', config, '--run-id', 'echo');
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain(`invalid request from key ${REDACTED}`);
    openai.enqueue(reply.status(400, `invalid request from key ${ENV_KEY}`));
    const json = await coord('run', workflow, '--config', config, '--run-id', 'echo-json', '--json');
    expect(json.code).toBe(1);
    expect(json.stdout).toContain(REDACTED);
    expectClean([plain, json], runs);
  });
});
