import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { squeeze, type SqueezeLevel } from '../../runtime/squeeze/index.js';

const FILLER = [
  'Sure!',
  'Happy to help.',
  'I think',
  'basically',
  'Basically,',
  'it seems that',
  'just',
  'actually',
  'as you can see,',
  'the cache',
  'is stale',
  'and',
  'in order to',
  'due to the fact that',
  'a large number of',
  'You asked about the deploy.',
  'Here is a list of the changes:',
  'I hope this helps!',
  'Let me know if you have any questions.',
  'As far as I can tell,',
  ', if I am not mistaken',
  'Moving on to the next point.',
  'You asked me to',
  'Thanks for the ping!',
  'Happy to help further!',
  'To sum up,',
  'One thing to flag:',
  'Also,',
  '\n- ',
  '\n\n',
  '  ',
  '.',
  ',',
];

const word = fc.stringMatching(/^[a-z]{1,8}$/);
const number = fc.oneof(
  fc.integer({ min: -100000, max: 100000 }).map(String),
  fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true }).map((x) => x.toFixed(2)),
  fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('ms', 'GB', '%', 'km', '°C', 'tokens')).map(([n, u]) => `${n} ${u}`),
  fc.tuple(fc.integer({ min: 1, max: 99 }), fc.constantFrom('%', 'ms', 'x')).map(([n, u]) => `${n}${u}`),
  fc.tuple(fc.integer({ min: 2000, max: 2030 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(
    ([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  ),
  fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)).map(([a, b, c]) => `v${a}.${b}.${c}`),
);
const quoted = fc
  .tuple(fc.constantFrom(['"', '"'], ['«', '»'], ['“', '”'], ['「', '」']), fc.array(fc.oneof(word, fc.constantFrom('I think', 'just', 'Sure!')), { minLength: 1, maxLength: 5 }))
  .map(([[open, close], ws]) => `${open}${ws.join(' ')}${close}`);
const code = fc.oneof(
  fc.tuple(word, word).map(([f, a]) => `\`${f}(${a})\``),
  fc.array(fc.constantFrom('x  =  1;', 'if (a) {', '  just();', '}', 'I think = basically;'), { minLength: 1, maxLength: 4 }).map((ls) => '```\n' + ls.join('\n') + '\n```'),
);
const reference = fc.oneof(
  fc.constantFrom('Alice Moreau', 'Kenji', 'New York', 'GitHub', 'PostgreSQL'),
  fc.tuple(word, word).map(([a, b]) => `https://${a}.example.com/${b}`),
  fc.tuple(word, word).map(([a, b]) => `./src/${a}/${b}.ts`),
  fc.tuple(word, word).map(([a, b]) => `${a}@${b}.org`),
  word.map((a) => `@${a}`),
);
const span = fc.oneof(number, quoted, code, reference);

const message = fc
  .array(fc.oneof(fc.constantFrom(...FILLER).map((text) => ({ text, protected: false })), span.map((text) => ({ text, protected: true }))), { minLength: 1, maxLength: 25 })
  .map((parts) => ({ text: parts.map((p) => p.text).join(' '), spans: parts.filter((p) => p.protected).map((p) => p.text) }));

const level = fc.constantFrom<SqueezeLevel>(0, 1, 2, 3);

describe('squeeze properties', () => {
  it('keeps random numbers, quotes and code embedded in random filler', () => {
    fc.assert(
      fc.property(message, level, ({ text, spans }, lvl) => {
        const out = squeeze(text, { level: lvl }).text;
        for (const s of spans) expect(out).toContain(s);
      }),
      { numRuns: 400 },
    );
  });

  it('never recases code after a dropped filler, even next to a fence (found by the property above)', () => {
    const text = '```\nx  =  1;\n``` Sure! Basically, `a(a)` "I think"';
    for (const lvl of [0, 1, 2, 3] as const) expect(squeeze(text, { level: lvl }).text).toContain('`a(a)`');
  });

  it('reports every word it removes', () => {
    fc.assert(
      fc.property(message, level, ({ text }, lvl) => {
        const { text: out, edits } = squeeze(text, { level: lvl });
        const balance = new Map<string, number>();
        const add = (s: string, sign: number) => {
          for (const w of s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) balance.set(w, (balance.get(w) ?? 0) + sign);
        };
        add(text, 1);
        for (const e of edits) {
          add(e.removed, -1);
          add(e.replacement, 1);
        }
        add(out, -1);
        expect([...balance].filter(([, n]) => n !== 0)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent and never lengthens', () => {
    fc.assert(
      fc.property(message, level, ({ text }, lvl) => {
        const once = squeeze(text, { level: lvl }).text;
        expect(once.length).toBeLessThanOrEqual(text.length);
        expect(squeeze(once, { level: lvl }).text).toBe(once);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps every negation of random English sentences', () => {
    const negation = fc.constantFrom('not', 'never', 'no', "don't", 'cannot', 'without', 'none of');
    const sentence = fc
      .tuple(fc.constantFrom('I think', 'Basically,', 'It seems that', '', 'Actually,', 'I believe', 'As far as I can tell,', 'My understanding is that', 'Just to note,', 'To sum up,'), fc.constantFrom('the job', 'we', 'it'), negation, fc.constantFrom('just', 'really', ''), word)
      .map((parts) => parts.filter(Boolean).join(' ') + '.');
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 6 }), level, (sentences, lvl) => {
        // A distinct item number per sentence, so that no sentence is a repeat of another.
        const text = sentences.map((s, i) => s.replace(/\.$/, ` on item${i}.`)).join(' ');
        const count = (s: string) => (s.match(/\b(?:not|never|no|cannot|without|none)\b|n't\b/g) ?? []).length;
        expect(count(squeeze(text, { level: lvl }).text)).toBe(count(text));
      }),
      { numRuns: 300 },
    );
  });

  it('never changes text in other scripts except for whitespace', () => {
    const foreign = fc.array(fc.constantFrom('サーバー', '服务器', 'Сервер', 'الخادم', 'सर्वर', 'là', 'über', '👍🏽', '。', '،', ' ', '  ', '\n'), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(foreign, level, (parts, lvl) => {
        const text = parts.join('');
        const out = squeeze(text, { level: lvl }).text;
        expect(out.replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
      }),
      { numRuns: 300 },
    );
  });
});
