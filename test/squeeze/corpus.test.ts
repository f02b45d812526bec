import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { squeeze, type SqueezeLevel } from '../../runtime/squeeze/index.js';
import { O200K } from '../../runtime/tokens/tokenizer.js';
import type { CorpusMessage } from '../fixtures/squeeze/handwritten.js';

const corpus: CorpusMessage[] = JSON.parse(readFileSync(new URL('../fixtures/squeeze/corpus.json', import.meta.url), 'utf8'));
const LEVELS: SqueezeLevel[] = [0, 1, 2, 3];
const ENGLISH_OR_MIXED = new Set(['en', 'mixed']);
const label = (m: CorpusMessage) => `${m.id} (${m.lang}, ${m.style})`;
const noSpace = (s: string) => s.replace(/\s+/g, '');

describe('squeeze on the corpus', () => {
  describe.each(corpus.map((m) => [label(m), m] as const))('%s', (_, message) => {
    const outputs = LEVELS.map((level) => squeeze(message.text, { level }).text);

    it('annotates only spans that occur in the message', () => {
      for (const span of message.protected) expect(message.text).toContain(span);
    });

    it('keeps every protected span verbatim at every level', () => {
      outputs.forEach((out) => {
        for (const span of message.protected) expect(out).toContain(span);
      });
    });

    it('never makes the message longer, in characters or tokens', () => {
      outputs.forEach((out) => {
        expect(out.length).toBeLessThanOrEqual(message.text.length);
        expect(O200K.count(out)).toBeLessThanOrEqual(O200K.count(message.text));
      });
    });

    it('reports every word it removes or adds', () => {
      LEVELS.forEach((level) => {
        const { text, edits } = squeeze(message.text, { level });
        const balance = new Map<string, number>();
        const add = (s: string, sign: number) => {
          for (const w of s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) balance.set(w, (balance.get(w) ?? 0) + sign);
        };
        add(message.text, 1);
        for (const e of edits) {
          add(e.removed, -1);
          add(e.replacement, 1);
        }
        add(text, -1);
        expect([...balance].filter(([, n]) => n !== 0)).toEqual([]);
      });
    });

    it('is idempotent at every level', () => {
      LEVELS.forEach((level, i) => expect(squeeze(outputs[i]!, { level }).text).toBe(outputs[i]));
    });

    it('squeezes at least as much at each higher level', () => {
      for (let i = 1; i < outputs.length; i++) expect(outputs[i]!.length).toBeLessThanOrEqual(outputs[i - 1]!.length);
    });

    if (!ENGLISH_OR_MIXED.has(message.lang)) {
      it('leaves a non-English message unchanged except for whitespace', () => {
        outputs.forEach((out) => {
          expect(out).toBe(outputs[0]);
          expect(noSpace(out)).toBe(noSpace(message.text));
        });
      });
    }
  });

  it('spends fewer tokens at each level over the whole corpus', () => {
    const totals = LEVELS.map((level) => corpus.reduce((sum, m) => sum + O200K.count(squeeze(m.text, { level }).text), 0));
    for (let i = 1; i < totals.length; i++) expect(totals[i]).toBeLessThan(totals[i - 1]!);
  });
});
