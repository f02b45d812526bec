import { describe, expect, it } from 'vitest';
import { lostSpans, squeeze } from '../../runtime/squeeze/index.js';

describe('keep', () => {
  it('protects extra exact phrases the caller names', () => {
    const text = 'Basically, the cache is basically fine. I hope this helps!';
    expect(squeeze(text, { level: 3, keep: ['basically fine', 'I hope this helps!'] }).text).toBe('The cache is basically fine. I hope this helps!');
  });
});

describe('lostSpans', () => {
  const original = 'No problem! The lead, Alice, said "ship it" on 2024-05-01, but the build is not green.';

  it('finds nothing lost when every span and negation survives', () => {
    expect(lostSpans(original, 'Alice said "ship it" on 2024-05-01; the build isn\'t green.')).toEqual([]);
  });

  it('names each protected span that is gone and each negation that fell', () => {
    expect(lostSpans(original, 'She said ship it on 2024-05-01, and the build is green.')).toEqual([
      { kind: 'name', text: 'Alice' },
      { kind: 'quote', text: '"ship it"' },
      { kind: 'negation', text: 'not' },
    ]);
  });

  it('does not count the negation inside a courtesy formula', () => {
    expect(lostSpans('No problem! The build is green.', 'The build is green.')).toEqual([]);
  });
});
