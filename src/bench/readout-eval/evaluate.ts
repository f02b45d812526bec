import type { Channel } from '../../ir/schema.js';
import { renderReadout } from '../../../runtime/coordinator/readout.js';
import type { MessageCoordinator } from '../../../runtime/coordinator/types.js';
import type { ReadoutCase } from './cases.js';
import { auc, rPrecision } from './ranking.js';

/**
 * Where a contender reads, chosen on validation: its readout threshold and how many slots each
 * query may add at a hop before the last (the readout's `perQuery`; null: no limit). Absent: the
 * readout's defaults.
 */
export interface OperatingPoint {
  threshold?: number;
  perQuery?: number | null;
}

/** A point's settings without keys for what it leaves at the default (absent and undefined differ to the readout's options). */
export function pointOf(p: { threshold?: number | undefined; perQuery?: number | null | undefined } | undefined): OperatingPoint {
  return { ...(p?.threshold === undefined ? {} : { threshold: p.threshold }), ...(p?.perQuery === undefined ? {} : { perQuery: p.perQuery }) };
}

/** A readout under test: a name and a fresh coordinator per case (learned, or a ranker through the same readout). */
export interface Contender {
  name: string;
  open(c: ReadoutCase, point?: OperatingPoint): Promise<MessageCoordinator>;
}

/** A readout budget per channel, fixed or relative to what the oracle needs on that channel. */
export interface BudgetSpec {
  label: string;
  tokens(oracleTokens: number): number;
}

export const fixedBudget = (tokens: number): BudgetSpec => ({ label: String(tokens), tokens: () => tokens });
export const oracleMultiple = (k: number): BudgetSpec => ({ label: `${k}x oracle`, tokens: (oracle) => Math.max(1, Math.round(k * oracle)) });

export interface CaseReadout {
  budget: string;
  /** Share of the needed segments the receiver read. */
  recall: number;
  /** Tokens the readouts put into the receiver's context, over its channels. */
  delivered: number;
}

export interface CaseResult {
  id: string;
  family: string;
  domain: string;
  contender: string;
  needed: number;
  /** Tokens of exactly the needed segments, rendered per channel: the least any readout can deliver at full recall. */
  oracleTokens: number;
  /** Every segment scored against the query alone: needed vs not (AUC), hop-1 needed vs not needed, and R-precision. */
  auc?: number;
  firstHopAuc?: number;
  rPrecision?: number;
  /** Every segment's score against the query, for choosing threshold grids on validation (not saved). */
  scores: number[];
  readouts: CaseReadout[];
}

function channelOf(id: string, from: string, to: string): Channel {
  return { id, from, to, mode: 'latent', budget: {}, compress: { method: 'none' }, overflow: 'truncate' };
}

/** A case written into a coordinator: the receiver's channels, and every segment on them scored against a text. */
export interface WrittenCase {
  mine: Channel[];
  /** The coordinator's score of each segment of the receiver's channels against `query`, by the case's segment id. */
  rank(query: string): Promise<{ id: string; score: number }[]>;
}

/** Writes a case's messages into a coordinator in order, each on its channel, as a run would. */
export async function writeCase(c: ReadoutCase, coordinator: MessageCoordinator, countTokens: (text: string) => number): Promise<WrittenCase> {
  const channels = new Map<string, Channel>();
  const segmentId = new Map<string, string>();
  for (const m of c.messages) {
    const channel = channels.get(m.channel) ?? channelOf(m.channel, m.from, m.to);
    channels.set(m.channel, channel);
    m.segments.forEach((s, i) => segmentId.set(`${m.id}\u0000${i}`, s.id));
    await coordinator.write({
      id: m.id,
      channel,
      from: m.from,
      to: m.to,
      text: m.text,
      segments: m.segments.map((s, i) => ({ index: i, text: s.text, tokens: countTokens(s.text) })),
    });
  }
  const mine = [...channels.values()].filter((ch) => c.messages.some((m) => m.channel === ch.id && m.to === c.receiver));
  const rank = async (query: string) => {
    if (!coordinator.rank) throw new Error('this coordinator cannot rank segments (no rank())');
    const scored = (await Promise.all(mine.map((channel) => coordinator.rank!({ receiver: c.receiver, channel, query, budgetTokens: 0, countTokens })))).flat();
    return scored.map((s) => ({ id: segmentId.get(`${s.message}\u0000${s.index}`)!, score: s.score }));
  };
  return { mine, rank };
}

/**
 * Writes the case's messages into a fresh coordinator in order, scores every segment against
 * the query (rank), then asks the runtime's own readout on each of the receiver's channels at
 * each budget. Readouts do not change a coordinator's state, so one write pass serves them all.
 */
export async function evaluateCase(
  c: ReadoutCase,
  contender: Contender,
  budgets: readonly BudgetSpec[],
  countTokens: (text: string) => number,
  point?: OperatingPoint,
): Promise<CaseResult> {
  const coordinator = await contender.open(c, point);
  try {
    const { mine, rank } = await writeCase(c, coordinator, countTokens);
    const query = (channel: Channel, budgetTokens: number) => ({ receiver: c.receiver, channel, query: c.query, budgetTokens, countTokens });

    const oracleOf = new Map<string, number>();
    for (const channel of mine) {
      const texts = c.messages.filter((m) => m.channel === channel.id).flatMap((m) => m.segments.filter((s) => c.needed.has(s.id)).map((s) => s.text));
      oracleOf.set(channel.id, texts.length === 0 ? 0 : countTokens(renderReadout(texts)));
    }

    const ranking: Pick<CaseResult, 'auc' | 'firstHopAuc' | 'rPrecision'> = {};
    let allScores: number[] = [];
    if (coordinator.rank) {
      const scored = await rank(c.query);
      const ids = scored.map((s) => s.id);
      const scores = scored.map((s) => s.score);
      allScores = scores;
      const all = auc(scores, ids.map((id) => c.needed.has(id)));
      const notNeeded = ids.map((id) => !c.needed.has(id));
      const hop1 = ids.map((id) => c.firstHop.has(id));
      const first = auc(scores.filter((_, i) => hop1[i] || notNeeded[i]), ids.filter((_, i) => hop1[i] || notNeeded[i]).map((id) => c.firstHop.has(id)));
      const rp = rPrecision(scores, ids.map((id) => c.needed.has(id)));
      if (all !== undefined) ranking.auc = all;
      if (first !== undefined) ranking.firstHopAuc = first;
      if (rp !== undefined) ranking.rPrecision = rp;
    }

    const readouts: CaseReadout[] = [];
    for (const budget of budgets) {
      let delivered = 0;
      let found = 0;
      for (const channel of mine) {
        const readout = await coordinator.readout(query(channel, budget.tokens(oracleOf.get(channel.id)!)));
        if (readout.segments.length === 0) continue;
        delivered += countTokens(renderReadout(readout.segments.map((s) => s.text)));
        for (const s of readout.segments) {
          const m = c.messages.find((x) => x.id === s.message)!;
          const seg = m.segments.find((x) => x.text === s.text);
          if (seg && c.needed.has(seg.id)) found++;
        }
      }
      readouts.push({ budget: budget.label, recall: found / c.needed.size, delivered });
    }
    return {
      id: c.id,
      family: c.family,
      domain: c.domain,
      contender: contender.name,
      needed: c.needed.size,
      oracleTokens: [...oracleOf.values()].reduce((a, b) => a + b, 0),
      ...ranking,
      scores: allScores,
      readouts,
    };
  } finally {
    await coordinator.close();
  }
}
