/**
 * Cuts long sentences into clause-sized pieces and measures what that does to readouts, on one validation split
 * (bench/results/v15/speech-clauses-plan.txt): fact recall (a needed note is read when every piece overlapping its
 * evidence was read) with and without the cut, one contender, points chosen in-sample per budget from
 * readout-eval's grid, paired case by case. The shipped model is not retrained; the runtime's segmenter is unchanged.
 *
 *   npx tsx bench/speech-clauses.ts spoken-validation|validation|longform-validation [learned|bm25]
 */
import path from 'node:path';
import { createCoordinator } from '../runtime/coordinator/index.js';
import { DEFAULT_READOUT_HOPS } from '../runtime/coordinator/coordinator.js';
import { segmentText } from '../runtime/text/segment.js';
import { O200K } from '../runtime/tokens/tokenizer.js';
import { NaturalSplit, type NaturalEpisode } from '../src/bench/natural/corpus.js';
import { episodesOf, loadNaturalCorpus } from '../src/bench/natural/load.js';
import type { ReadoutCase } from '../src/bench/readout-eval/cases.js';
import { contenders } from '../src/bench/readout-eval/contenders.js';
import { fixedBudget, pointOf, type OperatingPoint } from '../src/bench/readout-eval/evaluate.js';
import { renderReadout } from '../runtime/coordinator/readout.js';
import { BestPerBudget, thresholdGrid } from '../src/bench/readout-eval/points.js';
import { bootstrapMean } from '../src/bench/stats.js';

const MAX_WORDS = 20;
const BOUNDARY_AFTER = /[,;:]$|^[-–—]$/;
const BOUNDARY_BEFORE = new Set(['and', 'so', 'but', 'then', 'cos', 'because', 'um', 'uh', 'anyway', 'oh', 'no', 'yeah', 'like', 'which', 'who', 'when', 'if']);

/** A sentence of more than MAX_WORDS words as pieces of at most MAX_WORDS, cut at the last clause boundary that fits. */
function cutSentence(sentence: string): string[] {
  const words = sentence.split(/\s+/).filter(Boolean);
  if (words.length <= MAX_WORDS) return [sentence];
  const pieces: string[] = [];
  let start = 0;
  while (words.length - start > MAX_WORDS) {
    let cut = start + MAX_WORDS;
    for (let i = start + MAX_WORDS; i > start + 3; i--) {
      if (BOUNDARY_AFTER.test(words[i - 1]!) || BOUNDARY_BEFORE.has(words[i]!.toLowerCase().replace(/[^a-z]/g, ''))) { cut = i; break; }
    }
    pieces.push(words.slice(start, cut).join(' '));
    start = cut;
  }
  pieces.push(words.slice(start).join(' '));
  return pieces;
}

interface Fact { pieces: string[] }
/** An episode as a readout case, its notes cut or not; each needed note is a fact read when all its evidence's pieces are. */
function caseOf(e: NaturalEpisode & { domain: string }, cut: boolean): { c: ReadoutCase; facts: Fact[] } {
  const needed = new Set<string>(), firstHop = new Set<string>(), hopOf = new Map<string, number>();
  const facts: Fact[] = [];
  const messages = e.notes.map((note, m) => {
    const texts = segmentText(note.text).flatMap((s) => (cut ? cutSentence(s) : [s]));
    // Where each piece sits in the note (pieces keep the note's words in order; whitespace may differ).
    const flat = note.text.replace(/\s+/g, ' ');
    let cursor = 0;
    const spans = texts.map((t) => {
      const at = flat.indexOf(t, cursor);
      if (at < 0) throw new Error(`${e.id} ${note.id}: a piece is not in its note's text`);
      cursor = at + t.length;
      return [at, at + t.length] as const;
    });
    const segments = texts.map((text, s) => ({ id: `${note.id}.s${s}`, text }));
    if (note.needed) {
      const ev = note.evidence!.replace(/\s+/g, ' ');
      const at = flat.indexOf(ev);
      const ids = segments.filter((_, s) => at >= 0 && spans[s]![0] < at + ev.length && spans[s]![1] > at).map((s) => s.id);
      if (ids.length === 0) throw new Error(`${e.id} ${note.id}: evidence not found in its pieces`);
      for (const id of ids) { needed.add(id); hopOf.set(id, note.hop!); if (note.hop === 1) firstHop.add(id); }
      facts.push({ pieces: ids });
    }
    return { id: `${e.id}#${m}`, from: note.from, to: e.decider, channel: `team->${e.decider}`, text: note.text, segments };
  });
  return { c: { id: e.id, family: e.family, domain: e.domain, messages, receiver: e.decider, query: e.question, needed, firstHop, hopOf }, facts };
}

const split = NaturalSplit.parse(process.argv[2]);
const who = (process.argv[3] ?? 'learned') as 'learned' | 'bm25';
// Fixed budgets only: the oracle's tokens shrink when sentences are cut, so budgets relative to them would differ.
const budgets = [fixedBudget(16), fixedBudget(32), fixedBudget(64), fixedBudget(128)];
const natural = await loadNaturalCorpus(path.resolve('bench/corpus/natural'));
const episodes = episodesOf(natural, split);
const [contender] = contenders([who], DEFAULT_READOUT_HOPS, (runId, s) => createCoordinator({ config: { model: 'builtin', device: 'cpu' }, runId }, s));
const count = (t: string) => O200K.count(t);
const channelOf = (id: string, from: string, to: string) => ({ id, from, to, mode: 'latent' as const, budget: {}, compress: { method: 'none' as const }, overflow: 'truncate' as const });

/** Fact recall and tokens at each budget for one case and point, and every segment's score (for the threshold grid). */
async function evaluate(k: { c: ReadoutCase; facts: Fact[] }, point: OperatingPoint | undefined) {
  const coordinator = await contender!.open(k.c, point);
  try {
    const channel = channelOf(k.c.messages[0]!.channel, 'team', k.c.receiver);
    for (const m of k.c.messages) {
      await coordinator.write({ id: m.id, channel, from: m.from, to: m.to, text: m.text, segments: m.segments.map((s, i) => ({ index: i, text: s.text, tokens: count(s.text) })) });
    }
    const scores = (await coordinator.rank!({ receiver: k.c.receiver, channel, query: k.c.query, budgetTokens: 0, countTokens: count })).map((s) => s.score);
    const readouts = [];
    for (const b of budgets) {
      const r = await coordinator.readout({ receiver: k.c.receiver, channel, query: k.c.query, budgetTokens: b.tokens(0), countTokens: count });
      const read = new Set(r.segments.map((s) => { const m = k.c.messages.find((x) => x.id === s.message)!; return m.segments.find((x) => x.text === s.text)?.id; }));
      const delivered = r.segments.length === 0 ? 0 : count(renderReadout(r.segments.map((s) => s.text)));
      readouts.push({ budget: b.label, recall: k.facts.filter((f) => f.pieces.every((p) => read.has(p))).length / k.facts.length, delivered });
    }
    return { id: k.c.id, scores, readouts };
  } finally {
    await coordinator.close();
  }
}

async function chosen(cut: boolean) {
  const cases = episodes.map((e) => caseOf(e, cut));
  const run = async (p: OperatingPoint | undefined) => { const o = []; for (const k of cases) o.push(await evaluate(k, p)); return o; };
  const defaults = await run(undefined);
  const best = new BestPerBudget<typeof defaults>(budgets.map((b) => b.label));
  best.consider(defaults, defaults);
  for (const perQuery of [undefined, null, 1, 2] as const) for (const threshold of thresholdGrid(defaults.flatMap((r) => r.scores))) {
    if (threshold === undefined && perQuery === undefined) continue;
    const results = await run(pointOf({ threshold, perQuery }));
    best.consider(results, results);
  }
  return { best, pieces: cases.reduce((a, k) => a + k.c.messages.reduce((x, m) => x + m.segments.length, 0), 0) };
}

const whole = await chosen(false);
const cut = await chosen(true);
process.stdout.write(`${split}, ${who}: ${whole.pieces} segments whole, ${cut.pieces} cut\n`);
process.stdout.write('| budget | whole: fact recall @ tokens | cut | cut − whole: recall points (95% CI) | tokens (95% CI) | verdict |\n|---|---|---|---|---|---|\n');
for (const b of budgets) {
  const a = whole.best.at(b.label), c = cut.best.at(b.label);
  const at = (results: typeof a.value) => results.map((r) => r.readouts.find((x) => x.budget === b.label)!);
  const [wa, ca] = [at(a.value), at(c.value)];
  const dr = bootstrapMean(ca.map((x, i) => x.recall - wa[i]!.recall)), dd = bootstrapMean(ca.map((x, i) => x.delivered - wa[i]!.delivered));
  const verdict = dr.low > 0 ? (dd.low > 0 ? 'more recall, more tokens' : 'better') : dr.high < 0 ? (dd.high < 0 ? 'less recall, fewer tokens' : 'worse') : 'tie';
  process.stdout.write(`| ${b.label} | ${(a.recall * 100).toFixed(1)}% @${a.delivered.toFixed(1)} | ${(c.recall * 100).toFixed(1)}% @${c.delivered.toFixed(1)} | ${(dr.mean * 100).toFixed(1)} (${(dr.low * 100).toFixed(1)} to ${(dr.high * 100).toFixed(1)}) | ${dd.mean.toFixed(1)} (${dd.low.toFixed(1)} to ${dd.high.toFixed(1)}) | ${verdict} |\n`);
}
