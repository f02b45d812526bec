import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkflowIR } from '../../src/ir/schema.js';
import { DEFAULT_TOOL_LIMITS } from '../../src/ir/tools.js';
import { checkText, formatText, loadWorkflow } from '../../src/language/index.js';

const valid = nodePath.resolve(import.meta.dirname, '../fixtures/valid');

describe('tool declarations', () => {
  it('lower to the IR with absolute module paths, the server\'s command and folder, and limits (defaults where none is given)', async () => {
    const { diagnostics, ir } = await loadWorkflow(nodePath.join(valid, 'tools.coord'));
    expect(diagnostics).toEqual([]);
    const agent = WorkflowIR.parse(ir).agents[0]!;
    expect(agent.kind === 'llm' && agent.tools?.map(({ loc: _, ...tool }) => tool)).toEqual([
      { name: 'lookup', source: { kind: 'function', module: nodePath.join(valid, 'tools/lookup.ts') }, limits: { callsPerTurn: 2, resultTokens: 300 } },
      {
        name: 'files',
        source: { kind: 'mcp-stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '.'], cwd: valid },
        limits: { callsPerTurn: 1, resultTokens: DEFAULT_TOOL_LIMITS.resultTokens },
      },
      { name: 'web', source: { kind: 'mcp-http', url: 'http://127.0.0.1:8931/mcp' }, limits: DEFAULT_TOOL_LIMITS },
    ]);
  });

  it('an agent without tools has no `tools` in its IR', async () => {
    const { ir } = await checkText('workflow w { agent a { model "openai:x" } flow { start a  a -> done } }', nodePath.join(valid, 'x.coord'));
    expect(ir!.agents[0]).not.toHaveProperty('tools');
  });

  it('an unknown MCP transport is reported with the closest one', async () => {
    const { diagnostics } = await checkText('workflow w { agent a { model "openai:x"  tool t mcp stdoi "node" } flow { start a  a -> done } }', nodePath.join(valid, 'x.coord'));
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['COORD023', "unknown MCP transport 'stdoi'; expected stdio, http"]]);
    expect(diagnostics[0]!.hint).toContain('stdio');
  });

  it('a non-positive limit is reported as for any count', async () => {
    const { diagnostics } = await checkText('workflow w { agent a { model "openai:x"  tool t mcp http "http://h/mcp" { max 0 calls per turn } } flow { start a  a -> done } }', nodePath.join(valid, 'x.coord'));
    expect(diagnostics.map((d) => d.code)).toEqual(['COORD030']);
  });

  it('format in canonical style on one line each', () => {
    const source = 'workflow w {\n  agent a {\n    model "openai:x"\n    tool   t   mcp  stdio "node"  "s.js" {max 2 calls per turn max 10 tokens per result}\n  }\n  flow { start a  a -> done }\n}\n';
    expect(formatText(source, nodePath.join(valid, 'x.coord')).text).toContain('    tool t mcp stdio "node" "s.js" { max 2 calls per turn  max 10 tokens per result }\n');
  });
});
