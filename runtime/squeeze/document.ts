import { classifySentence, englishRulesApply } from './language.js';
import { AFTER_TERMINAL_PLACEHOLDER } from './protect.js';
import { sentenceSegmenter } from '../text/segment.js';

/**
 * A message as the rules see it: lines, each with its indentation, list marker
 * and sentences. Rules mark sentences dropped or rewrite their bodies; rendering
 * puts the rest back together with the original separators.
 */
export interface Sentence {
  body: string;
  /** Whitespace that followed the sentence on its line. */
  sep: string;
  english: boolean;
  dropped: boolean;
}

export type LineKind = 'prose' | 'table' | 'quote' | 'blank';

export interface Line {
  kind: LineKind;
  indent: string;
  marker: string;
  sentences: Sentence[];
}

export interface Document {
  lines: Line[];
}

const MARKER = /^([ \t]*)((?:[-*+•]|\d+[.)]|#{1,6})[ \t]+)?/;

function* segments(content: string): Iterable<string> {
  for (const { segment } of sentenceSegmenter().segment(content)) {
    // The segmenter cannot see a full stop hidden inside a masked quote; split after such placeholders too.
    let rest = segment;
    for (let m = AFTER_TERMINAL_PLACEHOLDER.exec(rest); m; m = AFTER_TERMINAL_PLACEHOLDER.exec(rest)) {
      yield rest.slice(0, m.index + m[0].length);
      rest = rest.slice(m.index + m[0].length);
    }
    if (rest.length > 0) yield rest;
  }
}

function splitSentences(content: string): Sentence[] {
  const out: Sentence[] = [];
  for (const segment of segments(content)) {
    const body = segment.trimEnd();
    const sep = segment.slice(body.length);
    if (body.length === 0) {
      const last = out.at(-1);
      if (last) last.sep += sep;
      continue;
    }
    out.push({ body, sep, english: false, dropped: false });
  }
  return out;
}

function parseLine(raw: string): Line {
  if (raw.trim().length === 0) return { kind: 'blank', indent: '', marker: '', sentences: [] };
  const m = MARKER.exec(raw);
  const indent = m?.[1] ?? '';
  const marker = m?.[2] ?? '';
  const content = raw.slice(indent.length + marker.length);
  const trimmed = content.trimStart();
  // Tables and quoted replies are kept as they are: cells are data, "> " lines are someone else's words.
  const kind: LineKind = trimmed.startsWith('|') ? 'table' : trimmed.startsWith('>') && marker === '' ? 'quote' : 'prose';
  const sentences =
    kind === 'prose'
      ? splitSentences(content)
      : [{ body: content, sep: '', english: false, dropped: false }];
  return { kind, indent, marker, sentences };
}

export function parseDocument(maskedText: string): Document {
  const lines = maskedText.split('\n').map(parseLine);
  const prose = lines.flatMap((line) => (line.kind === 'prose' ? line.sentences : []));
  const allowed = englishRulesApply(prose.map((s) => classifySentence(s.body)));
  prose.forEach((sentence, i) => {
    sentence.english = allowed[i] ?? false;
  });
  return { lines };
}

export function* englishSentences(doc: Document): Iterable<Sentence> {
  for (const line of doc.lines) for (const sentence of line.sentences) if (sentence.english && !sentence.dropped) yield sentence;
}

export function renderDocument(doc: Document): string {
  const out: string[] = [];
  for (const line of doc.lines) {
    if (line.kind === 'blank') {
      out.push('');
      continue;
    }
    const kept = line.sentences.filter((s) => !s.dropped);
    if (kept.length === 0) continue;
    const body = kept.map((s, i) => (i === kept.length - 1 ? s.body : s.body + s.sep)).join('');
    out.push(line.indent + line.marker + body);
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')
    .trimEnd();
}
