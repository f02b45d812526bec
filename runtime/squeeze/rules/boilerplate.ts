import { englishSentences, type Document, type Line } from '../document.js';
import { dropSentence, editSentence, hasProtected, type Edits } from '../edit.js';
import { hasNegation } from '../negation.js';

/**
 * Level 3: scaffolding around lists. An announcement ("Here is a list of the
 * changes:") that ends its line right before a list, table or code block says
 * nothing the list does not; sequence words and additive connectives ("Firstly,",
 * "In conclusion,", "Also,", "Beyond that,"; never contrastive ones like "However,") and
 * bold markers add tokens, not meaning. Announcements holding a protected span
 * ("Here are the 3 failing tests:") stay.
 */
const ANNOUNCEMENT =
  /^(?:(?:here(?:'s| is| are)|below (?:is|are)|the following (?:is|are)|following (?:is|are)|these are|this is|i'?ve (?:listed|summari[sz]ed|put together)|i have (?:listed|summari[sz]ed|put together))\b[^:.!?]{0,100}|(?:a |the )?(?:list|summary|overview|breakdown) of [^:.!?]{1,80}|(?:key |main )?(?:points|steps|changes|findings|results|details|notes|takeaways)(?: (?:are|include))?(?: as follows)?)\s*:$/i;
const SEQUENCE = /^(?:firstly|secondly|thirdly|fourthly|lastly|first of all|last but not least|in conclusion|to conclude|to summarize|to summarise|to sum up|in summary|all in all|additionally|furthermore|moreover|on top of that|on top of this|also|besides|in addition|in addition to that|beyond that|beyond this|apart from that|aside from that|what'?s more|plus|as well as that|along with that),\s*(?=\S)/i;
const MAX_ANNOUNCEMENT_WORDS = 10;
const BOLD = /\*\*([^*\n]+?)\*\*|__([^_\n]+?)__/g;

function startsBlock(line: Line | undefined): boolean {
  if (!line) return false;
  if (line.marker.length > 0 && !line.marker.startsWith('#')) return true;
  if (line.kind === 'table') return true;
  // A masked code block or code line is a single placeholder on its line.
  const only = line.sentences.length === 1 ? line.sentences[0]?.body ?? '' : '';
  return /^\uE000..[\uE001\uE002]$/.test(only.trim());
}

function nextContentLine(lines: readonly Line[], index: number): Line | undefined {
  for (let i = index + 1; i < lines.length; i++) if (lines[i]?.kind !== 'blank') return lines[i];
  return undefined;
}

export function dropListBoilerplate(doc: Document, edits: Edits): void {
  doc.lines.forEach((line, index) => {
    const last = line.sentences.filter((s) => !s.dropped).at(-1);
    if (!last || !last.english || line.kind !== 'prose' || line.marker.length > 0) return;
    if (!ANNOUNCEMENT.test(last.body) || hasProtected(last.body) || hasNegation(last.body)) return;
    // A long or clause-bearing line ("Here is the log, it keeps failing:") says more than "a list follows".
    if (/[,;]/.test(last.body) || last.body.split(/\s+/).length > MAX_ANNOUNCEMENT_WORDS) return;
    if (startsBlock(nextContentLine(doc.lines, index))) dropSentence(last, 'list-boilerplate', edits);
  });
  for (const sentence of englishSentences(doc)) {
    editSentence(sentence, 'sequence-word', edits, (body) => {
      const m = SEQUENCE.exec(body);
      return m ? { body: body.slice(m[0].length), removed: [m[0].replace(/,\s*$/, '')] } : undefined;
    });
    if (sentence.dropped) continue;
    editSentence(sentence, 'emphasis', edits, (body) => {
      const removed: string[] = [];
      const out = body.replace(BOLD, (m, a: string | undefined, b: string | undefined) => {
        removed.push(m.startsWith('*') ? '**' : '__');
        return a ?? b ?? '';
      });
      return removed.length > 0 ? { body: out, removed } : undefined;
    });
  }
}
