/**
 * Squeeze compression on the corpus: O200K tokens before and after at each
 * level, overall, for English-only messages, and per style.
 *
 *   npx tsx bench/squeeze.ts            # markdown tables
 *   npx tsx bench/squeeze.ts --json     # raw numbers
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { squeeze, type SqueezeLevel } from '../runtime/squeeze/index.js';
import { O200K } from '../runtime/tokens/tokenizer.js';

interface Message {
  id: string;
  style: string;
  lang: string;
  text: string;
}

const LEVELS: SqueezeLevel[] = [0, 1, 2, 3];
const corpus: Message[] = JSON.parse(readFileSync(new URL('../test/fixtures/squeeze/corpus.json', import.meta.url), 'utf8'));

interface Row {
  group: string;
  messages: number;
  before: number;
  after: number[];
}

function measure(group: string, messages: readonly Message[]): Row {
  return {
    group,
    messages: messages.length,
    before: messages.reduce((s, m) => s + O200K.count(m.text), 0),
    after: LEVELS.map((level) => messages.reduce((s, m) => s + O200K.count(squeeze(m.text, { level }).text), 0)),
  };
}

const groups: Row[] = [
  measure('all', corpus),
  measure('English only', corpus.filter((m) => m.lang === 'en')),
  measure('mixed English/other', corpus.filter((m) => m.lang === 'mixed')),
  measure('other languages', corpus.filter((m) => m.lang !== 'en' && m.lang !== 'mixed')),
  ...[...new Set(corpus.filter((m) => m.lang === 'en').map((m) => m.style))].sort().map((style) => measure(`en/${style}`, corpus.filter((m) => m.lang === 'en' && m.style === style))),
];

function timePerMessage(level: SqueezeLevel): number {
  const start = performance.now();
  const rounds = 5;
  for (let r = 0; r < rounds; r++) for (const m of corpus) squeeze(m.text, { level });
  return (performance.now() - start) / (rounds * corpus.length);
}
const timing = LEVELS.map(timePerMessage);

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ tokenizer: O200K.name, groups, msPerMessage: timing }, null, 2));
} else {
  const pct = (after: number, before: number) => `${((after / before) * 100).toFixed(1)}%`;
  console.log(`Tokens with ${O200K.name}; "kept" is tokens after / tokens before (lower is more compression).\n`);
  console.log('| messages | n | tokens before | L0 kept | L1 kept | L2 kept | L3 kept |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const g of groups) console.log(`| ${g.group} | ${g.messages} | ${g.before} | ${g.after.map((a) => pct(a, g.before)).join(' | ')} |`);
  console.log(`\nMean time per message (${corpus.length} messages × 5 rounds): ${timing.map((t, l) => `L${l} ${t.toFixed(2)} ms`).join(', ')}.`);
}
