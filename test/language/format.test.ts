import { readdirSync, readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkflowIR } from '../../src/ir/schema.js';
import { checkText, formatText } from '../../src/language/index.js';

const dir = nodePath.resolve(import.meta.dirname, '../fixtures/valid');
const files = [...readdirSync(dir).filter((f) => f.endsWith('.coord')), 'shared/policies.coord'];

function comments(text: string): string[] {
  return [...text.matchAll(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g)].map((m) => m[0].trimEnd());
}

/** The IR without source locations and hashes: what the workflow means. */
function meaning(ir: WorkflowIR | undefined): unknown {
  return JSON.parse(JSON.stringify(ir ?? null, (key, value) => (key === 'loc' || key === 'sha256' ? undefined : value)));
}

describe('formatter on the valid fixtures', () => {
  it.each(files)('%s: idempotent, every comment kept, meaning unchanged', async (name) => {
    const path = nodePath.join(dir, name);
    const source = readFileSync(path, 'utf8');
    const once = formatText(source, path);
    expect(once.diagnostics).toEqual([]);
    expect(formatText(once.text, path).text).toBe(once.text);
    expect(comments(once.text).sort()).toEqual(comments(source).sort());
    if (!name.startsWith('shared/')) {
      const before = await checkText(source, path);
      const after = await checkText(once.text, path);
      expect(after.diagnostics).toEqual([]);
      expect(meaning(after.ir)).toEqual(meaning(before.ir));
    }
  });
});

describe('canonical style', () => {
  it('puts one statement per line, indents by two spaces and inlines single-item blocks', () => {
    const messy = `workflow   w{budget 12k   tokens
agent a{model "openai:x" role "r"}   agent t { function "./t.ts" }
channel a->t uses p{mode latent  readout 10 tokens}
flow{start a a->t when a.text=="x"or(not a.text)max 2 t->done}}`;
    expect(formatText(messy).text).toBe(`workflow w {
  budget 12k tokens
  agent a {
    model "openai:x"
    role "r"
  }
  agent t { function "./t.ts" }
  channel a -> t uses p {
    mode latent
    readout 10 tokens
  }
  flow {
    start a
    a -> t when a.text == "x" or (not a.text) max 2
    t -> done
  }
}
`);
  });

  it('keeps line comments at the end of their line and block comments on their own, collapsing blank runs to one', () => {
    const source = `// head\n\n\n\nworkflow w { // opens\n  /* about a */\n  agent a { model "openai:x" } // trailing\n\n\n  flow { start a\n  a -> done /* end */ }\n}\n`;
    expect(formatText(source).text).toBe(`// head

workflow w { // opens
  /* about a */
  agent a { model "openai:x" } // trailing

  flow {
    start a
    a -> done /* end */
  }
}
`);
  });

  it('moves a comment from inside a one-line statement to the line before it', () => {
    const out = formatText('workflow w { budget /* cap */ 5 tokens }').text;
    expect(out).toBe('workflow w {\n  /* cap */\n  budget 5 tokens\n}\n');
    expect(formatText(out).text).toBe(out);
  });

  it('keeps strings and numbers as written', () => {
    const out = formatText('workflow w { agent a { role "say \\"hi\\"\\n" budget 1_500 tokens } }').text;
    expect(out).toContain('role "say \\"hi\\"\\n"');
    expect(out).toContain('budget 1_500 tokens');
  });

  it('turns CRLF into LF and drops a byte-order mark', () => {
    const out = formatText('\uFEFFworkflow w {\r\n  budget 5 tokens // c\r\n}\r\n').text;
    expect(out).toBe('workflow w {\n  budget 5 tokens // c\n}\n');
  });

  it('refuses a file with syntax errors: text unchanged, diagnostics given', () => {
    const broken = 'workflow w {\n  agent a { model }\n';
    const result = formatText(broken, '/tmp/broken.coord');
    expect(result.text).toBe(broken);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics[0]).toMatchObject({ code: 'COORD001', file: '/tmp/broken.coord', range: { start: { line: 2, column: 19 } } });
  });

  it('formats an empty file and a file of comments only', () => {
    expect(formatText('').text).toBe('');
    expect(formatText('  // only\n\n/* me */  ').text).toBe('// only\n\n/* me */\n');
  });
});
