import { dropKnownSegments, hashedEmbedding, type DroppedSegment, type Embed, type KnownSegment } from '../squeeze/index.js';
import { segmentText } from '../text/segment.js';

/** Cosine at or above which a segment counts as one the receiver already holds: only near-verbatim repeats. */
export const DEFAULT_REDUNDANCY_THRESHOLD = 0.92;

export interface Unheld {
  /** The message without the segments the receiver holds; empty when it held them all. */
  text: string;
  dropped: DroppedSegment[];
}

/**
 * What each receiver holds: the segments delivered to it, on any channel, that it
 * has not yet read. An agent reads only its inbox of the turn (a provider's prompt
 * carries no earlier turns), so what it holds is forgotten when it takes its turn;
 * a repeat is dropped only when its first copy is still waiting beside it.
 */
export class HeldSegments {
  private readonly held = new Map<string, KnownSegment[]>();
  private readonly embed: Embed;

  constructor(
    private readonly threshold = DEFAULT_REDUNDANCY_THRESHOLD,
    embed?: Embed,
  ) {
    this.embed = embed ?? hashedEmbedding();
  }

  /** The message less the segments `receiver` already holds (and repeats within the message itself). */
  async unheld(receiver: string, text: string): Promise<Unheld> {
    const segments = segmentText(text);
    const { dropped } = await dropKnownSegments(segments, this.held.get(receiver) ?? [], { threshold: this.threshold, embed: this.embed });
    if (dropped.length === 0) return { text, dropped };
    return { text: withoutSegments(text, segments, new Set(dropped.map((d) => d.index))), dropped };
  }

  /** Adds what was delivered to what `receiver` holds. */
  async remember(receiver: string, text: string): Promise<void> {
    const segments = segmentText(text);
    if (segments.length === 0) return;
    const vectors = await this.embed(segments);
    const held = this.held.get(receiver) ?? [];
    segments.forEach((segment, i) => held.push({ text: segment, vector: vectors[i]! }));
    this.held.set(receiver, held);
  }

  /** The receiver has read its inbox. */
  forget(receiver: string): void {
    this.held.delete(receiver);
  }
}

/**
 * Cuts the dropped segments out of the original text, keeping the rest byte for
 * byte (line breaks, blank lines, code, lists); a segment that was a whole line
 * takes its line break with it.
 */
function withoutSegments(text: string, segments: readonly string[], drop: ReadonlySet<number>): string {
  let out = '';
  let cursor = 0;
  segments.forEach((segment, index) => {
    const at = text.indexOf(segment, cursor);
    if (at < 0) return;
    if (!drop.has(index)) {
      out += text.slice(cursor, at + segment.length);
      cursor = at + segment.length;
      return;
    }
    out += text.slice(cursor, at);
    cursor = at + segment.length;
    // The space after a dropped sentence goes with it, and so does the space before one that ended its line.
    while (text[cursor] === ' ' || text[cursor] === '\t') cursor++;
    if (cursor === text.length || text[cursor] === '\n') out = out.replace(/[ \t]+$/, '');
    if (text[cursor] === '\n' && (out.length === 0 || out.endsWith('\n'))) cursor++;
  });
  return (out + text.slice(cursor)).trim();
}
