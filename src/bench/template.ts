/**
 * A sentence template with named slots, e.g. "{person} works at {org}.".
 * The same template renders a sentence and parses it back, so agents that read
 * messages understand exactly the phrasings that agents write.
 */
export interface Template {
  readonly pattern: string;
  readonly slots: readonly string[];
  render(values: Record<string, string>): string;
  /** The slot values when the whole sentence matches, otherwise undefined; "The X" opening a sentence reads as "the X". */
  parse(sentence: string): Record<string, string> | undefined;
}

const SLOT = /\{([a-zA-Z]+)\}/g;

export function template(pattern: string): Template {
  const slots = [...pattern.matchAll(SLOT)].map((m) => m[1] as string);
  let source = '';
  let last = 0;
  for (const m of pattern.matchAll(SLOT)) {
    source += escape(pattern.slice(last, m.index)) + '(.+?)';
    last = (m.index ?? 0) + m[0].length;
  }
  source += escape(pattern.slice(last));
  const regex = new RegExp(`^${source}$`);
  return {
    pattern,
    slots,
    render(values) {
      const text = pattern.replace(SLOT, (_, name: string) => {
        const value = values[name];
        if (value === undefined) throw new Error(`template "${pattern}" needs a value for {${name}}`);
        return value;
      });
      return capitalise(text);
    },
    parse(sentence) {
      const match = regex.exec(sentence.trim()) ?? regex.exec(decapitalise(sentence.trim()));
      if (!match) return undefined;
      const values: Record<string, string> = {};
      slots.forEach((slot, i) => {
        values[slot] = (match[i + 1] as string).replace(/^The /, 'the ');
      });
      return values;
    },
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Sentences start with a capital, even when a slot value ("the Harbor Lab") opens them. */
const compiled = new Map<string, Template>();

/** The template for a pattern, compiled once: the generators render the same few patterns many times. */
export function compiledTemplate(pattern: string): Template {
  let t = compiled.get(pattern);
  if (!t) {
    t = template(pattern);
    compiled.set(pattern, t);
  }
  return t;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function decapitalise(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** "a", "a or b", "a, b or c". */
export function listOr(items: readonly string[]): string {
  return joinList(items, 'or');
}

export function listAnd(items: readonly string[]): string {
  return joinList(items, 'and');
}

function joinList(items: readonly string[], word: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}

/** Splits "a, b or c" back into its items. */
export function splitList(text: string): string[] {
  return text
    .split(/,\s*|\s+(?:or|and)\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
