import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPROXIMATE, CL100K, O200K, tokenizerFor, tokenizerOfAgent } from '../../../runtime/tokens/tokenizer.js';

const root = path.resolve(import.meta.dirname, '../../..');

/** Which encodings' tables (runtime/tokens/*.bpe) a fresh process has read after running `code` with the tokenizer module. */
function encodingsLoadedBy(code: string): string[] {
  const script = `
    import fs from 'node:fs';
    import { syncBuiltinESMExports } from 'node:module';
    const read = fs.readFileSync;
    const tables = [];
    fs.readFileSync = (file, ...rest) => {
      const name = /([a-z0-9_]+)\\.bpe$/.exec(String(file))?.[1];
      if (name) tables.push(name);
      return read(file, ...rest);
    };
    syncBuiltinESMExports();
    const t = await import(${JSON.stringify(path.join(root, 'runtime/tokens/tokenizer.ts'))});
    ${code}
    console.log(JSON.stringify(tables));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as string[];
}

describe('tokenizers', () => {
  it('count in the encoding their model uses', () => {
    expect(O200K.count('hello world')).toBe(2);
    expect(CL100K.count('hello world')).toBe(2);
    expect(APPROXIMATE.count('hello world')).toBe(3);
    expect(tokenizerFor('openai', 'gpt-4o-mini')).toBe(O200K);
    expect(tokenizerFor('openai', 'gpt-4-turbo')).toBe(CL100K);
    expect(O200K.truncate('hello world again', 2)).toBe('hello world');
  });

  it('load an encoding table only when something counts with it', () => {
    expect(encodingsLoadedBy('')).toEqual([]);
    expect(encodingsLoadedBy("t.APPROXIMATE.count('a b c');")).toEqual(['o200k_base']);
    expect(encodingsLoadedBy("t.CL100K.count('a b c');")).toEqual(['cl100k_base']);
    expect(encodingsLoadedBy("t.O200K.count('a'); t.O200K.truncate('a b', 1); t.APPROXIMATE.count('b');")).toEqual(['o200k_base']);
  });

  it('load their tables when asked to, ahead of the first count', () => {
    expect(encodingsLoadedBy('t.APPROXIMATE.load();')).toEqual(['o200k_base']);
    expect(encodingsLoadedBy('t.CL100K.load();')).toEqual(['cl100k_base']);
  });

  it('count an LLM agent\'s messages in its model\'s tokens and a function agent\'s in the approximation', () => {
    const llm = { kind: 'llm', provider: 'openai', model: 'gpt-4-turbo' } as Parameters<typeof tokenizerOfAgent>[0];
    const fn = { kind: 'function' } as Parameters<typeof tokenizerOfAgent>[0];
    expect(tokenizerOfAgent(llm)).toBe(CL100K);
    expect(tokenizerOfAgent(fn)).toBe(APPROXIMATE);
    expect(tokenizerOfAgent(undefined)).toBe(APPROXIMATE);
  });
});
