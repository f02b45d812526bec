import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCorpus, CORPUS_PATH, renderCorpus } from '../fixtures/squeeze/build-corpus.js';
import { HANDWRITTEN } from '../fixtures/squeeze/handwritten.js';

describe('squeeze corpus fixture', () => {
  const corpus = buildCorpus();

  it('is what build-corpus.ts generates (rerun it after editing the sources)', () => {
    expect(readFileSync(CORPUS_PATH, 'utf8')).toBe(renderCorpus(corpus));
  });

  it('has at least 200 messages, 60 of them hand-written, with unique ids and annotations', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(HANDWRITTEN.length).toBeGreaterThanOrEqual(60);
    expect(new Set(corpus.map((m) => m.id)).size).toBe(corpus.length);
    expect(corpus.every((m) => m.protected.length > 0)).toBe(true);
  });

  it('covers the required styles and languages', () => {
    const styles = new Set(corpus.map((m) => m.style));
    for (const style of ['chatty', 'bullets', 'report', 'code-review', 'log', 'table', 'email', 'numbers', 'quotes']) expect(styles).toContain(style);
    const langs = new Set(corpus.map((m) => m.lang));
    for (const lang of ['en', 'fr', 'de', 'es', 'ja', 'zh', 'ar', 'ru', 'hi', 'mixed']) expect(langs).toContain(lang);
  });
});
