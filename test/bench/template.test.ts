import { describe, expect, it } from 'vitest';
import { listOr, splitList, template } from '../../src/bench/template.js';

describe('template', () => {
  it('renders a sentence and parses it back to the same values', () => {
    const t = template('{a} works at {b}.');
    const sentence = t.render({ a: 'Mara', b: 'the Harbor Lab' });
    expect(sentence).toBe('Mara works at the Harbor Lab.');
    expect(t.parse(sentence)).toEqual({ a: 'Mara', b: 'the Harbor Lab' });
  });

  it('capitalises a sentence that opens with a value and reads "The X" back as "the X"', () => {
    const t = template('{a} is in {b}.');
    const sentence = t.render({ a: 'the Harbor Lab', b: 'Tilden' });
    expect(sentence).toBe('The Harbor Lab is in Tilden.');
    expect(t.parse(sentence)).toEqual({ a: 'the Harbor Lab', b: 'Tilden' });
  });

  it('does not parse a truncated sentence', () => {
    expect(template('{a} is in {b}.').parse('The Harbor Lab is in Til')).toBeUndefined();
  });

  it('joins and splits lists with "or"', () => {
    expect(listOr(['Monday', 'Tuesday', 'Friday'])).toBe('Monday, Tuesday or Friday');
    expect(splitList('Monday, Tuesday or Friday')).toEqual(['Monday', 'Tuesday', 'Friday']);
    expect(splitList('Tilden')).toEqual(['Tilden']);
  });
});
