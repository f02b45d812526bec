import { describe, expect, it } from 'vitest';
import { openFunctionTool } from '../../../runtime/tools/function-tool.js';
import { ToolSetupError } from '../../../runtime/tools/tool.js';
import { functionTool } from './support.js';

const open = (name: string, file: string, timeoutMs?: number) => {
  const tool = functionTool(name, file);
  if (tool.source.kind !== 'function') throw new Error('a function tool');
  return openFunctionTool({ ...tool, source: tool.source }, timeoutMs);
};

describe('function tools', () => {
  it('offer the module\'s description and schema under the declared name, and return strings as they are', async () => {
    const tool = await open('glossary', 'counted-tool.ts');
    expect(tool.definitions).toMatchObject([{ name: 'glossary', declared: 'glossary', description: 'Looks a word up in the glossary.', inputSchema: { required: ['word'] } }]);
    const result = await tool.call('glossary', { word: 'prior' }, new AbortController().signal);
    expect(result).toMatchObject({ isError: false, text: expect.stringMatching(/^prior: a word the glossary knows/) });
  });

  it('give the model an error when a call takes longer than the timeout, and tell the tool to stop', async () => {
    const tool = await open('slow', 'slow-tool.ts', 50);
    expect(await tool.call('slow', {}, new AbortController().signal)).toEqual({ text: 'error: no result in 50 ms', isError: true });
  });

  it('end the call, not as an error, when the run stops', async () => {
    const tool = await open('slow', 'slow-tool.ts');
    const run = new AbortController();
    const call = tool.call('slow', {}, run.signal);
    run.abort(new Error('the run was stopped'));
    await expect(call).rejects.toThrow('the run was stopped');
  });

  it('refuse a module that does not export a tool, saying what it must export', async () => {
    await expect(open('bad', 'bad-export.ts')).rejects.toThrow(ToolSetupError);
    await expect(open('bad', 'bad-export.ts')).rejects.toThrow(/tool bad: .*bad-export\.ts must export \(as default or as `tool`\) \{ description, parameters, execute \}: execute: execute must be a function/);
  });
});
