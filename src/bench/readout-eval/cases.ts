import { segmentText } from '../../../runtime/text/segment.js';
import { terms } from '../../../runtime/text/terms.js';
import type { Episode } from '../episode.js';
import type { NaturalEpisode } from '../natural/corpus.js';

/**
 * One readout to evaluate offline: messages written to a coordinator in order, then one
 * receiver's query, with the segments it needs labelled. Both kinds of coordbench text
 * become cases: natural episodes (one case each, the decider's question) and the synthetic
 * families' training episodes (one case per receiver turn).
 */
export interface CaseMessage {
  id: string;
  from: string;
  to: string;
  channel: string;
  text: string;
  segments: { id: string; text: string }[];
}

export interface ReadoutCase {
  id: string;
  family: string;
  /** The natural episode's domain; "synthetic" for the generated families. */
  domain: string;
  messages: CaseMessage[];
  receiver: string;
  query: string;
  /** Segment ids the receiver needs. */
  needed: ReadonlySet<string>;
  /** Needed segments that can be found from the query alone: those of hop 1. */
  firstHop: ReadonlySet<string>;
  /**
   * The hop of each needed segment: 1 when the query finds it, k when only a needed segment of
   * hop k−1 does (natural: the writers' labels; synthetic: derived by shared terms, hopsByTerms).
   */
  hopOf: ReadonlyMap<string, number>;
}

/**
 * A natural episode as a case: each note is one message from its sender to the decider on
 * one channel ("team->decider"), so the readout budget is the decider's whole budget; the
 * needed segment of a note is the sentence holding its evidence.
 */
export function naturalCase(episode: NaturalEpisode & { domain: string }): ReadoutCase {
  const channel = `team->${episode.decider}`;
  const needed = new Set<string>();
  const firstHop = new Set<string>();
  const hopOf = new Map<string, number>();
  const messages = episode.notes.map((note, m): CaseMessage => {
    const segments = segmentText(note.text).map((text, s) => ({ id: `${note.id}.s${s}`, text }));
    if (note.needed) {
      const hit = segments.find((s) => s.text.includes(note.evidence!));
      if (!hit) throw new Error(`${episode.id} ${note.id}: evidence is not inside one sentence — run bench/check-corpus.ts`);
      needed.add(hit.id);
      hopOf.set(hit.id, note.hop!);
      if (note.hop === 1) firstHop.add(hit.id);
    }
    return { id: `${episode.id}#${m}`, from: note.from, to: episode.decider, channel, text: note.text, segments };
  });
  return { id: episode.id, family: episode.family, domain: episode.domain, messages, receiver: episode.decider, query: episode.question, needed, firstHop, hopOf };
}

/** The receiver turns of a synthetic episode as cases: the messages written before each query. */
export function syntheticCases(episode: Episode): ReadoutCase[] {
  return episode.queries
    .filter((q) => q.needs.length > 0)
    .map((q, i) => {
      const messages = episode.messages
        .filter((m) => m.step <= q.afterStep)
        .map((m) => ({ id: `${episode.id}#${m.step}`, from: m.from, to: m.to, channel: m.channel, text: m.text, segments: m.segments }));
      const needed = new Set(q.needs);
      const texts = new Map(messages.flatMap((m) => m.segments.map((s) => [s.id, s.text] as const)));
      const hopOf = hopsByTerms(q.query, [...needed].map((id) => ({ id, text: texts.get(id)! })));
      const firstHop = new Set([...needed].filter((id) => hopOf.get(id) === 1));
      return { id: `${episode.id}/${i}`, family: episode.family, domain: 'synthetic', messages, receiver: q.receiver, query: q.query, needed, firstHop, hopOf };
    });
}

/**
 * Hops of needed segments the programmatic families do not label: 1 for a segment sharing a
 * term with the query, k for one sharing a term only with a segment of hop k−1; a segment
 * reached by no chain counts as hop 1 (the query is all there is to find it by).
 */
export function hopsByTerms(query: string, segments: readonly { id: string; text: string }[]): Map<string, number> {
  const hops = new Map<string, number>();
  let frontier = [new Set(terms(query))];
  for (let hop = 1; frontier.length > 0 && hops.size < segments.length; hop++) {
    const reached = segments.filter((s) => !hops.has(s.id) && terms(s.text).some((t) => frontier.some((f) => f.has(t))));
    for (const s of reached) hops.set(s.id, hop);
    frontier = reached.map((s) => new Set(terms(s.text)));
  }
  for (const s of segments) if (!hops.has(s.id)) hops.set(s.id, 1);
  return hops;
}
