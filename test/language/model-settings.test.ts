import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { parseModelRef } from '../../src/ir/model-ref.js';
import { checkText, formatText } from '../../src/language/index.js';

const file = nodePath.resolve(import.meta.dirname, '../fixtures/valid/model-settings.coord');
const brief = (d: Diagnostic) => `${d.code} ${d.range.start.line}:${d.range.start.column} ${d.message}`;

async function agent(settings: string) {
  return checkText(`workflow w {\n  agent a { ${settings} }\n  flow { start a  a -> done }\n}\n`, file);
}

describe('provider:model', () => {
  it('is split at the first colon, and refused with whitespace or an empty side', () => {
    expect(parseModelRef('ollama:qwen2.5:7b')).toEqual({ provider: 'ollama', model: 'qwen2.5:7b' });
    expect(parseModelRef('gpt-4o')).toBeUndefined();
    expect(parseModelRef(':x')).toBeUndefined();
    expect(parseModelRef('openai:')).toBeUndefined();
    expect(parseModelRef('openai: gpt')).toBeUndefined();
  });

  it('accepts a provider that is not built in as an endpoint name, but not a misspelt built-in', async () => {
    expect((await agent('model "vllm:qwen"')).diagnostics).toEqual([]);
    expect((await agent('model "anthropc:claude"')).diagnostics.map((d) => d.code)).toEqual(['COORD050']);
  });
});

describe('fallback models', () => {
  it('are lowered in order into the IR', async () => {
    const { ir, diagnostics } = await agent('model "fast:llama" fallback "openai:gpt-4o-mini", "ollama:qwen2.5:7b"');
    expect(diagnostics).toEqual([]);
    expect(ir!.agents[0]).toMatchObject({
      provider: 'fast',
      model: 'llama',
      fallback: [
        { provider: 'openai', model: 'gpt-4o-mini' },
        { provider: 'ollama', model: 'qwen2.5:7b' },
      ],
    });
  });

  it('are checked as model strings, each at its own place', async () => {
    const { diagnostics } = await agent('model "openai:x" fallback "openai:y", "gpt-4o"');
    expect(diagnostics.map(brief)).toEqual(['COORD051 2:51 model "gpt-4o" is not of the form "provider:model"']);
  });
});

describe('sampling settings', () => {
  it('are lowered to the AI SDK call settings', async () => {
    const { ir, diagnostics } = await agent('model "openai:x" sampling { temperature 0.2 top_p 0.9 seed 7 max_output 300 frequency_penalty -0.5 }');
    expect(diagnostics).toEqual([]);
    expect(ir!.agents[0]).toMatchObject({ sampling: { temperature: 0.2, topP: 0.9, seed: 7, maxOutputTokens: 300, frequencyPenalty: -0.5 } });
  });

  it('reject a value out of range, a fraction where a whole number is needed, and a repeated name', async () => {
    const { diagnostics } = await agent('model "openai:x" sampling { temperature 3 seed 1.5 top_p 0.5 top_p 0.6 }');
    expect(diagnostics.map(brief)).toEqual([
      'COORD056 2:53 temperature must be between 0 and 2, not 3',
      'COORD056 2:60 seed must be a whole number, not 1.5',
      "COORD022 2:74 sampling setting 'top_p' is given twice",
    ]);
  });

  it('are printed back by the formatter', async () => {
    const text = 'workflow w {\n  agent a {\n    model "openai:x"\n    fallback "openai:y",   "ollama:z"\n    sampling {  temperature 0.2   seed 7 }\n  }\n  flow {\n    start a\n    a -> done\n  }\n}\n';
    const formatted = formatText(text, file);
    expect(formatted.diagnostics).toEqual([]);
    expect(formatted.text).toContain('    fallback "openai:y", "ollama:z"\n    sampling { temperature 0.2 seed 7 }\n');
  });
});
