import { cosine, hashedEmbedding, type Embed } from './embedding.js';
import { polarityKey } from './negation.js';
import { findProtectedSpans } from './protect.js';

/** A segment the receiver already holds, from any channel, with its vector. */
export interface KnownSegment {
  text: string;
  vector: readonly number[];
}

export interface DroppedSegment {
  index: number;
  text: string;
  similarity: number;
  /** The known (or earlier kept) segment it repeats. */
  matched: string;
}

export interface RedundancyOptions {
  /** Cosine similarity at or above which a segment counts as already known. */
  threshold: number;
  /** The coordinator's latent vectors when present; the hashed bag of words otherwise. */
  embed?: Embed;
}

export interface RedundancyResult {
  kept: string[];
  /** Vectors of the kept segments, for the caller to add to what the receiver holds. */
  keptVectors: number[][];
  dropped: DroppedSegment[];
}

const defaultEmbed = hashedEmbedding();

/**
 * Near in vector space is not enough: a repeat must also hold no number, name or
 * quote the known one lacks, and its capitalised words (names, including one that
 * opens the sentence) must appear in the known one in the same order, so that
 * "Osric trains under Neville" does not repeat "Neville trains under Osric".
 */
function addsNothing(segment: string, known: string): boolean {
  if (polarityKey(segment) !== polarityKey(known)) return false;
  if (!findProtectedSpans(segment).every((span) => known.includes(span.text))) return false;
  return isSubsequence(capitalised(segment), capitalised(known));
}

function capitalised(text: string): string[] {
  return text.match(/\p{Lu}[\p{L}\p{M}\p{N}'’-]*/gu) ?? [];
}

function isSubsequence(part: readonly string[], whole: readonly string[]): boolean {
  let at = 0;
  for (const word of whole) if (at < part.length && word === part[at]) at++;
  return at === part.length;
}

/**
 * Leaves out the segments the receiver already holds: those whose vector is
 * within `threshold` cosine of a known segment (or of one kept earlier in this
 * call) and that add no protected span and no change of polarity.
 */
export async function dropKnownSegments(
  segments: readonly string[],
  known: readonly KnownSegment[],
  options: RedundancyOptions,
): Promise<RedundancyResult> {
  const embed = options.embed ?? defaultEmbed;
  const vectors = segments.length === 0 ? [] : await embed(segments);
  const pool: KnownSegment[] = [...known];
  const result: RedundancyResult = { kept: [], keptVectors: [], dropped: [] };
  segments.forEach((text, index) => {
    const vector = vectors[index];
    if (!vector) throw new Error(`embed returned ${vectors.length} vectors for ${segments.length} segments`);
    const match = pool
      .map((k) => ({ k, similarity: cosine(vector, k.vector) }))
      .filter(({ k, similarity }) => similarity >= options.threshold && addsNothing(text, k.text))
      .sort((a, b) => b.similarity - a.similarity)[0];
    if (match) {
      result.dropped.push({ index, text, similarity: match.similarity, matched: match.k.text });
      return;
    }
    result.kept.push(text);
    result.keptVectors.push(vector);
    pool.push({ text, vector });
  });
  return result;
}
