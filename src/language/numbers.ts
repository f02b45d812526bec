/** What a number written in a .coord file means, or why it means nothing. */
export type NumberReading =
  | { ok: true; value: number }
  | { ok: false; code: 'COORD033' | 'COORD034'; message: string };

/** Larger than any budget, bound or timeout anyone means: 10^12. */
export const ABSURD = 1e12;

const SUFFIXES: Record<string, number> = { k: 1_000, K: 1_000 };
const SHAPE = /^(-?)([0-9][0-9_]*(?:\.[0-9][0-9_]*)?(?:[eE][+-]?[0-9]+)?)([A-Za-z_0-9]*)$/;

/** Readings by text: a workflow writes the same few numbers many times, and several checks read each. */
const readings = new Map<string, NumberReading>();
const MAX_REMEMBERED = 4096;

/** Reads `12000`, `12k`, `12_000`, `0.5`, `-3`. */
export function readNumber(text: string): NumberReading {
  const known = readings.get(text);
  if (known) return known;
  const reading = read(text);
  if (readings.size >= MAX_REMEMBERED) readings.clear();
  readings.set(text, reading);
  return reading;
}

function read(text: string): NumberReading {
  const match = SHAPE.exec(text.replace(/\s+/g, ''));
  if (!match) return { ok: false, code: 'COORD034', message: `'${text}' is not a number` };
  const [, sign, digits, suffix] = match as unknown as [string, string, string, string];
  let multiplier = 1;
  if (suffix !== '') {
    const known = SUFFIXES[suffix];
    if (known === undefined) {
      return { ok: false, code: 'COORD034', message: `'${text}' has an unknown suffix '${suffix}'` };
    }
    multiplier = known;
  }
  const value = Number(digits.replaceAll('_', '')) * multiplier * (sign === '-' ? -1 : 1);
  if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER || Math.abs(value) > ABSURD) {
    return { ok: false, code: 'COORD033', message: `${text} is too large (the limit is ${ABSURD.toExponential()})` };
  }
  return { ok: true, value };
}
