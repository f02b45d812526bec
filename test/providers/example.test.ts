import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProviders } from '../../runtime/providers/check.js';
import { loadWorkflow } from '../../src/language/index.js';

// The example is documented with the exact variables it needs; this keeps the README true.
describe('examples/llm-brief', () => {
  it('compiles, and needs exactly OPENAI_API_KEY and ANTHROPIC_API_KEY (Ollama needs none)', async () => {
    const { diagnostics, ir } = await loadWorkflow(path.resolve('examples/llm-brief/brief.coord'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const problems = checkProviders(ir!, {}, {});
    expect(problems.map((p) => p.message)).toEqual([
      'OPENAI_API_KEY is not set: agent planner uses OpenAI',
      'ANTHROPIC_API_KEY is not set: agent writer uses Anthropic',
    ]);
    expect(checkProviders(ir!, { OPENAI_API_KEY: 'sk-…', ANTHROPIC_API_KEY: 'sk-ant-…' }, {})).toEqual([]);
  });
});
