import { z } from 'zod';
import { terms } from '../../../runtime/text/terms.js';
import { bootstrapMean } from '../stats.js';
import type { ReadoutCase } from './cases.js';
import { writeCase, type Contender } from './evaluate.js';
import { auc } from './ranking.js';

/**
 * How a contender ranks a chain's next link at the hops after the first, as a multi-hop readout
 * asks for it (runtime/coordinator/readout.ts): the query is the text of a needed segment of hop
 * k−1, the candidates every segment of the receiver's channels not needed at an earlier hop, and
 * the positives the segments of hop k. First-hop AUC (evaluate.ts) says nothing about these
 * queries, and a readout's multihop recall at a small budget turns on them.
 */
export interface LaterHopQuery {
  family: string;
  /** The hop asked for (2 or more). */
  hop: number;
  /** Next links against the other candidates; absent when every candidate is a next link. */
  auc?: number;
  /**
   * The chance that the top-scored candidate is a next link: 1 or 0, or the share of next links
   * among the candidates tied at the top (a ranker that cannot tell them apart picks at random).
   */
  top1: number;
  /**
   * When it may not be: of the candidates tied at the top that are not next links, the share that
   * share a word with the asking segment the receiver's question lacks, as the next link does.
   * Such a pick is linked to the chain like the next link, and is another fact about the same
   * thing (another person at the same office).
   */
  linkedMiss?: number;
}

/** Every later-hop query of a case, scored by a fresh coordinator of the contender's. */
export async function laterHopQueries(c: ReadoutCase, contender: Contender, countTokens: (text: string) => number): Promise<LaterHopQuery[]> {
  const maxHop = Math.max(0, ...c.hopOf.values());
  if (maxHop < 2) return [];
  const coordinator = await contender.open(c);
  try {
    const { rank } = await writeCase(c, coordinator, countTokens);
    const textOf = new Map(c.messages.flatMap((m) => m.segments.map((s) => [s.id, s.text] as const)));
    const questionTerms = new Set(terms(c.query));
    const out: LaterHopQuery[] = [];
    for (let hop = 2; hop <= maxHop; hop++) {
      for (const [asker, askerHop] of c.hopOf) {
        if (askerHop !== hop - 1) continue;
        const askText = textOf.get(asker)!;
        const rows = (await rank(askText))
          .filter((r) => r.id !== asker && (c.hopOf.get(r.id) ?? Infinity) >= hop)
          .map((r) => ({ ...r, next: c.hopOf.get(r.id) === hop }));
        if (!rows.some((r) => r.next)) continue;
        const topScore = Math.max(...rows.map((r) => r.score));
        const tied = rows.filter((r) => r.score === topScore);
        const top1 = tied.filter((r) => r.next).length / tied.length;
        const area = auc(rows.map((r) => r.score), rows.map((r) => r.next));
        const own = new Set(terms(askText));
        const linked = (id: string) => terms(textOf.get(id)!).some((t) => own.has(t) && !questionTerms.has(t));
        const wrong = tied.filter((r) => !r.next);
        out.push({ family: c.family, hop, ...(area === undefined ? {} : { auc: area }), top1, ...(wrong.length === 0 ? {} : { linkedMiss: wrong.filter((r) => linked(r.id)).length / wrong.length }) });
      }
    }
    return out;
  } finally {
    await coordinator.close();
  }
}

const Interval = z.object({ value: z.number(), low: z.number(), high: z.number() });

export const LaterHopRow = z.object({
  split: z.string(),
  family: z.string(),
  contender: z.string(),
  queries: z.number().int(),
  /** Mean chance that the top-scored candidate is a next link (bootstrap interval). */
  top1: Interval,
  /** Mean per-query AUC (bootstrap interval); null when no query had a candidate that is not a next link. */
  auc: Interval.nullable(),
  /** Of the first picks that are not next links (weighted as top1 leaves them), the share linked to the asker. */
  linkedMisses: z.number().nullable(),
});
export type LaterHopRow = z.infer<typeof LaterHopRow>;

export const LaterHopPaired = z.object({
  split: z.string(),
  family: z.string(),
  contender: z.string(),
  baseline: z.string(),
  queries: z.number().int(),
  /** contender − baseline top-1, per query on the same queries (bootstrap interval of the mean difference). */
  top1Difference: Interval,
});
export type LaterHopPaired = z.infer<typeof LaterHopPaired>;

export const LaterHopResults = z.object({
  command: z.string(),
  model: z.string(),
  startedAt: z.string(),
  rows: z.array(LaterHopRow),
  paired: z.array(LaterHopPaired),
});
export type LaterHopResults = z.infer<typeof LaterHopResults>;

const intervalOf = (x: { mean: number; low: number; high: number }) => ({ value: x.mean, low: x.low, high: x.high });

/** One row per family: a contender's queries of one split, summarised with intervals. */
export function laterHopRows(split: string, contender: string, queries: readonly LaterHopQuery[]): LaterHopRow[] {
  return [...Map.groupBy(queries, (q) => q.family)].map(([family, qs]) => {
    const missed = qs.reduce((sum, q) => sum + (1 - q.top1), 0);
    const linked = qs.reduce((sum, q) => sum + (1 - q.top1) * (q.linkedMiss ?? 0), 0);
    const areas = qs.flatMap((q) => (q.auc === undefined ? [] : [q.auc]));
    return {
      split,
      family,
      contender,
      queries: qs.length,
      top1: intervalOf(bootstrapMean(qs.map((q) => q.top1))),
      auc: areas.length === 0 ? null : intervalOf(bootstrapMean(areas)),
      linkedMisses: missed === 0 ? null : linked / missed,
    };
  });
}

/** A contender against a baseline on the same queries (both lists in the same order), per family. */
export function laterHopPaired(split: string, contender: string, baseline: string, mine: readonly LaterHopQuery[], theirs: readonly LaterHopQuery[]): LaterHopPaired[] {
  if (mine.length !== theirs.length || mine.some((q, i) => q.family !== theirs[i]!.family || q.hop !== theirs[i]!.hop)) {
    throw new Error(`later hops: ${contender} and ${baseline} were not asked the same queries on ${split}`);
  }
  const differences = mine.map((q, i) => ({ family: q.family, d: q.top1 - theirs[i]!.top1 }));
  return [...Map.groupBy(differences, (x) => x.family)].map(([family, ds]) => ({
    split,
    family,
    contender,
    baseline,
    queries: ds.length,
    top1Difference: intervalOf(bootstrapMean(ds.map((x) => x.d))),
  }));
}

/** A family with fewer later-hop queries on a split is left out of the table (its results stay in the file). */
export const LATER_HOPS_MIN_QUERIES = 10;

const pct = (x: number) => (100 * x).toFixed(0);
const ci = (i: { value: number; low: number; high: number }, scale: (x: number) => string) => `${scale(i.value)} (${scale(i.low)}–${scale(i.high)})`;

/** The table docs/BENCHMARKS.md shows: per split and family (LATER_HOPS_MIN_QUERIES or more), each contender's top-1 and the lead's AUC and misses. */
export function laterHopsTable(results: LaterHopResults): string {
  const contenders = [...new Set(results.rows.map((r) => r.contender))];
  const baselines = [...new Set(results.paired.map((p) => p.baseline))];
  const lead = results.paired[0]?.contender ?? contenders[0]!;
  const head = [
    'split',
    'family',
    'queries',
    ...contenders.map((c) => `${c}: next link first, % (95% CI)`),
    ...baselines.map((b) => `${lead} − ${b}, points (95% CI)`),
    `${lead}: AUC (95% CI)`,
    `${lead}: misses linked to the asker`,
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`];
  const keys = [...new Map(results.rows.filter((r) => r.queries >= LATER_HOPS_MIN_QUERIES).map((r) => [`${r.split}\u0000${r.family}`, r])).values()];
  for (const { split, family } of keys) {
    const row = (c: string) => results.rows.find((r) => r.split === split && r.family === family && r.contender === c);
    const own = row(lead)!;
    const cells = [
      split,
      family,
      String(own.queries),
      ...contenders.map((c) => {
        const r = row(c);
        return r ? ci(r.top1, pct) : '—';
      }),
      ...baselines.map((b) => {
        const p = results.paired.find((x) => x.split === split && x.family === family && x.baseline === b);
        return p ? `${(100 * p.top1Difference.value).toFixed(0)} (${(100 * p.top1Difference.low).toFixed(0)} to ${(100 * p.top1Difference.high).toFixed(0)})` : '—';
      }),
      own.auc === null ? '—' : ci(own.auc, (x) => x.toFixed(2)),
      own.linkedMisses === null ? '—' : `${pct(own.linkedMisses)}%`,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
