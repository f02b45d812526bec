// The tools example, run as a user would (`coord run`), offline: the model is a fake
// OpenAI-compatible server on 127.0.0.1 that calls the example's MCP catalogue server (which
// coord starts over stdio) and its function tool, then answers from what they returned.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/support/run-cli.js';
import { type FakeServer, reply } from '../support/fake-llm-server.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { toolMessages } from '../runtime/tools/support.js';
import { tempDir } from './support/flows.js';

let openai: FakeServer;
beforeEach(async () => {
  openai = await startFakeOpenAI({ apiKey: 'sk-example' });
});
afterEach(async () => {
  await openai.close();
});

describe('examples/reference-desk', () => {
  it('is lint clean, within its budget', async () => {
    const result = await runCli(['lint', '--max-warnings', '0', 'examples/reference-desk']);
    expect(result.stdout).toContain('no problems in 1 file');
    expect(result.code).toBe(0);
  });

  it('runs its librarian with the MCP catalogue and the word-count tool', async () => {
    openai.enqueue(
      reply.tools([{ name: 'books_by', args: { author: 'Calvino' } }, { name: 'find_book', args: { title: 'Invisible Cities' } }], { input: 400, output: 30 }),
      reply.tools([{ name: 'word_count', args: { text: 'Invisible Cities is on shelf F-CAL.' } }], { input: 600, output: 20 }),
      reply.text('Invisible Cities (1972) by Italo Calvino is on shelf F-CAL.', { input: 700, output: 16 }),
    );

    const result = await runCli(['run', 'examples/reference-desk/flow.coord', '--input', 'examples/reference-desk/input.json', '--runs-dir', tempDir()], {
      env: { OPENAI_API_KEY: 'sk-example', OPENAI_BASE_URL: openai.baseURL },
    });

    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('outcome: done');
    expect(result.stdout).toContain('librarian called books_by');
    expect(result.code).toBe(0);
    const [books, found] = toolMessages(openai.requests[1]!.body);
    expect(books).toBe('Invisible Cities');
    expect(JSON.parse(found!)).toEqual([{ title: 'Invisible Cities', author: 'Italo Calvino', year: 1972, shelf: 'F-CAL' }]);
    expect(toolMessages(openai.requests[2]!.body).at(-1)).toBe('{"words":6}');
  });
});
