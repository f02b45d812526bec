import { describe, expect, it } from 'vitest';
import { colorEnabled } from '../../src/ui/color.js';

describe('colour decision', () => {
  it('colours a TTY unless NO_COLOR is set', () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
  });
  it('does not colour pipes unless FORCE_COLOR is set', () => {
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
  });
  it('ignores an empty NO_COLOR, as no-color.org says', () => {
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
  });
});
