// Real MCP servers, built with the official SDK: one over stdio, which coord starts from the
// tool declaration (the example's catalogue server), and one over streamable HTTP, which the
// test starts on 127.0.0.1. The model is a fake OpenAI-compatible server on 127.0.0.1.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLlmAgent } from '../../../runtime/providers/llm-agent.js';
import { startRun } from '../../../runtime/run/run.js';
import { MemoryRunStore } from '../../../runtime/store/memory-store.js';
import { O200K } from '../../../runtime/tokens/tokenizer.js';
import { compileMachine } from '../../../src/compile/machine.js';
import type { Tool, WorkflowIR } from '../../../src/ir/schema.js';
import { instantClock } from '../../providers/fixtures.js';
import { type FakeServer, reply } from '../../support/fake-llm-server.js';
import { startFakeOpenAI } from '../../support/fake-openai.js';
import { type McpHttpServer, startMcpHttpServer } from '../../support/mcp-http-server.js';
import { functionTool, oneTurn, toolAgent, toolMessages } from './support.js';

let openai: FakeServer;
let weather: McpHttpServer;
beforeEach(async () => {
  openai = await startFakeOpenAI({ apiKey: 'sk-o' });
  weather = await startMcpHttpServer();
});
afterEach(async () => {
  await openai.close();
  await weather.close();
});

const example = path.resolve(import.meta.dirname, '../../../examples/reference-desk');
const catalog: Tool = {
  name: 'catalog',
  source: { kind: 'mcp-stdio', command: process.execPath, args: ['./mcp/catalog-server.mjs'], cwd: example },
  limits: { callsPerTurn: 2, resultTokens: 400 },
};

function run(ir: WorkflowIR) {
  const env = { OPENAI_API_KEY: 'sk-o', OPENAI_BASE_URL: openai.baseURL };
  return startRun({ ir, machine: compileMachine(ir), store: new MemoryRunStore(), runId: 'mcp', llm: (agent) => createLlmAgent(agent, { env, clock: instantClock() }) });
}

describe('MCP servers as tools', () => {
  it('starts a stdio server, offers its tools by their own names, and gives the model what it returned', async () => {
    openai.enqueue(reply.tools([{ name: 'books_by', args: { author: 'Calvino' } }], { input: 200, output: 15 }), reply.text('Invisible Cities, shelf F-CAL.', { input: 300, output: 9 }));

    const result = await run(oneTurn(toolAgent([catalog])));

    expect(result.outcome).toBe('done');
    const offered = (openai.requests[0]!.body.tools as Array<{ function: { name: string; parameters: { properties: object } } }>).map((t) => t.function);
    expect(offered.map((t) => t.name)).toEqual(['find_book', 'books_by']);
    expect(offered[1]!.parameters.properties).toHaveProperty('author');
    expect(toolMessages(openai.requests[1]!.body)).toEqual(['Invisible Cities']);
    expect(result.events.find((e) => e.type === 'tool.called')).toMatchObject({ tool: 'books_by', declared: 'catalog', status: 'ok', tokens: O200K.count('Invisible Cities') });
  });

  it('reaches a server over streamable HTTP and counts the calls of all its tools against the declaration\'s limit', async () => {
    const tool: Tool = { name: 'forecast', source: { kind: 'mcp-http', url: weather.url }, limits: { callsPerTurn: 1, resultTokens: 100 } };
    openai.enqueue(
      reply.tools([{ name: 'weather', args: { city: 'Lisbon' } }, { name: 'weather', args: { city: 'Porto' } }], { input: 200, output: 20 }),
      reply.text('Rain in Lisbon.', { input: 300, output: 4 }),
    );

    const result = await run(oneTurn(toolAgent([tool])));

    expect(result.outcome).toBe('done');
    expect(weather.calls).toEqual([{ city: 'Lisbon' }]);
    const results = toolMessages(openai.requests[1]!.body);
    expect(results[0]).toBe('Lisbon: 18°C, light rain');
    expect(results[1]).toMatch(/^refused: tool forecast may be called 1 times per turn/);
  });

  it('fails the turn with the server\'s address when an MCP server cannot be reached, and spends nothing', async () => {
    const tool: Tool = { name: 'gone', source: { kind: 'mcp-http', url: 'http://127.0.0.1:9/mcp' }, limits: { callsPerTurn: 1, resultTokens: 100 } };

    const result = await run(oneTurn(toolAgent([tool])));

    expect(result.outcome).toBe('failed');
    expect(result.events.find((e) => e.type === 'turn.failed')).toMatchObject({ error: expect.stringContaining('tool gone: cannot reach the MCP server http://127.0.0.1:9/mcp') });
    expect(openai.requests).toHaveLength(0);
    expect(result.tokens).toBe(0);
  });

  it('fails the turn with the command when a stdio server cannot be started', async () => {
    const tool: Tool = { name: 'missing', source: { kind: 'mcp-stdio', command: 'coord-no-such-mcp-server', args: ['--flag'], cwd: example }, limits: { callsPerTurn: 1, resultTokens: 100 } };

    const result = await run(oneTurn(toolAgent([tool])));

    expect(result.outcome).toBe('failed');
    expect(result.events.find((e) => e.type === 'turn.failed')).toMatchObject({ error: expect.stringContaining('tool missing: cannot reach the MCP server `coord-no-such-mcp-server --flag`') });
    expect(openai.requests).toHaveLength(0);
  });

  it('fails the turn when two declarations offer a tool of the same name, naming both', async () => {
    const clash = functionTool('find_book', 'counted-tool.ts');

    const result = await run(oneTurn(toolAgent([clash, catalog])));

    expect(result.outcome).toBe('failed');
    expect(result.events.find((e) => e.type === 'turn.failed')).toMatchObject({
      error: expect.stringContaining("tools 'find_book' and 'catalog' both offer a tool named 'find_book'"),
    });
    expect(openai.requests).toHaveLength(0);
  });
});
