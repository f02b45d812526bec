/**
 * Protected spans: the parts of a message that every squeeze level keeps byte for
 * byte (code, numbers, names, quotes, links, paths). Rules never see them: the
 * text is masked first, each span replaced by an opaque placeholder made of
 * private-use characters that no rule pattern can match, and restored afterwards.
 */

export type SpanKind =
  | 'keep'
  | 'private'
  | 'code'
  | 'line'
  | 'url'
  | 'email'
  | 'handle'
  | 'path'
  | 'quote'
  | 'date'
  | 'number'
  | 'identifier'
  | 'name';

export interface ProtectedSpan {
  start: number;
  end: number;
  kind: SpanKind;
  text: string;
}

type Detector = { kind: SpanKind; find: (text: string) => Iterable<[number, number]> };

function* regexSpans(text: string, re: RegExp, group = 0): Iterable<[number, number]> {
  for (const m of text.matchAll(re)) {
    const whole = m.index ?? 0;
    const part = m[group] ?? '';
    const start = group === 0 ? whole : whole + m[0].indexOf(part);
    if (part.length > 0) yield [start, start + part.length];
  }
}

const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const UNIT =
  '(?:%|‰|°[CF]?|[kKMGTP]i?B|[kMG]?Hz|[kM]?Wh?|ms|µs|μs|ns|us|secs?|seconds?|s|mins?|minutes?|h|hrs?|hours?|days?|d|weeks?|wks?|months?|years?|yrs?|px|pt|rem|em|km|cm|mm|m|kg|mg|g|lbs?|oz|mL|ml|L|V|mA|rpm|fps|qps|rps|req/s|tok/s|tokens?|x|k|K|M|bn|B|USD|EUR|GBP|JPY|CHF|CNY|INR|points?|pts|percent|euros?|dollars?)';
const NUMBER_CORE = '[+\\-−±~≈]?[$€£¥₹]?\\d+(?:,\\d{3})*(?:[.,]\\d+)?(?:[eE][+\\-]?\\d+)?';
const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}_.\\-])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}_])';

const LOG_LINE =
  /^[ \t]*(?:\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\[?\d{2}:\d{2}:\d{2}|\[?(?:TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)\]?[\s:])/;
const CODE_START =
  /^[ \t]*(?:\$ |>>> |#!|\/\/|#include|import\s+[\w{*]|from\s+[\w.]+\s+import\b|def\s+\w+\(|class\s+\w+\s*[:({]|function\s*\w*\s*\(|(?:const|let|var)\s+\w+\s*=|return\b[^.]*;$|(?:if|for|while)\s*\(|at\s+[\w.$<>]+\s+\()/;
const CODE_END = /[;{}]\s*$/;
const CODE_TOKENS = /=>|===|!==|&&|\|\||::|->|\+\+|\b\w+\([^)]*\)\s*[;{]/;
const LIST_MARKER = /^[ \t]*(?:[-*+•]|\d+[.)])\s/;

/** Lines that are code or log output, kept whole so their spacing and punctuation survive. */
function* codeLines(text: string): Iterable<[number, number]> {
  let offset = 0;
  for (const line of text.split('\n')) {
    const content = line.trimEnd();
    const lead = content.length - content.trimStart().length;
    const indentedCode = /^(?: {4}|\t)/.test(content) && !LIST_MARKER.test(content);
    const isCode =
      content.trim().length > 0 &&
      !content.trimStart().startsWith('|') &&
      (LOG_LINE.test(content) ||
        CODE_START.test(content) ||
        CODE_END.test(content) ||
        CODE_TOKENS.test(content) ||
        indentedCode);
    if (isCode) yield [offset + lead, offset + content.length];
    offset += line.length + 1;
  }
}

/** Where a sentence starts: nothing but openers between it and a full stop, a line break or the text's start. */
function atSentenceStart(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && /[\s"'“‘«(\[*_#>•\-]/.test(text[i] ?? '')) {
    if (text[i] === '\n') return true;
    i--;
  }
  if (i < 0) return true;
  // A sentence that ended inside a quote: 「…。」 Next, "…done." Next.
  while (i > 0 && /[”"’'»」』)\]]/.test(text[i] ?? '')) i--;
  return /[.!?…。！？]/.test(text[i] ?? '');
}

/** Capitalised words that are not at a sentence start: names, products, places. "I" is a pronoun, not a name. */
function* names(text: string): Iterable<[number, number]> {
  for (const m of text.matchAll(/(?<![\p{L}\p{N}_'’])\p{Lu}[\p{L}\p{M}\p{N}]*(?:['’-]\p{L}+)*/gu)) {
    const start = m.index ?? 0;
    if (/^I(?:['’](?:m|ve|d|ll))?$/.test(m[0])) continue;
    if (atSentenceStart(text, start)) continue;
    yield [start, start + m[0].length];
  }
}

/** Word-like tokens that are identifiers: contain a digit, an underscore, inner capitals, or are all capitals. */
function* identifiers(text: string): Iterable<[number, number]> {
  for (const m of text.matchAll(/(?<![\p{L}\p{N}_])[\p{L}\p{N}_]+(?:[-.][\p{L}\p{N}_]+)*/gu)) {
    const word = m[0];
    const isIdentifier =
      /\d/.test(word) ||
      word.includes('_') ||
      /\p{Ll}\p{Lu}/u.test(word) ||
      /^\p{Lu}{2,}/u.test(word) ||
      /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(word);
    const start = m.index ?? 0;
    if (isIdentifier && !isListMarker(text, start, start + word.length)) yield [start, start + word.length];
  }
}

/** A list marker such as "1." at the start of a line is structure, not a number to keep. */
function isListMarker(text: string, start: number, end: number): boolean {
  if (!/^\d+$/.test(text.slice(start, end)) || !/^[.)]\s/.test(text.slice(end, end + 2))) return false;
  return /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', start - 1) + 1, start));
}

function* numbers(text: string): Iterable<[number, number]> {
  const re = new RegExp(`${NOT_WORD_BEFORE}${NUMBER_CORE}(?:\\s?${UNIT})?${NOT_WORD_AFTER}`, 'gu');
  for (const [start, end] of regexSpans(text, re)) if (!isListMarker(text, start, end)) yield [start, end];
}

/** Detectors in priority order: an earlier detector's span wins over a later one that overlaps it. */
const DETECTORS: Detector[] = [
  { kind: 'private', find: (t) => regexSpans(t, /[\uE000-\uF8FF]+/g) },
  // Fences anywhere, not only at a line start: agents paste code mid-sentence too. An unclosed fence runs to the end.
  { kind: 'code', find: (t) => regexSpans(t, /(`{3,}|~{3,})[\s\S]*?(?<![`~])\1(?![`~])|(?:`{3,}|~{3,})[\s\S]*$/g) },
  { kind: 'line', find: codeLines },
  { kind: 'code', find: (t) => regexSpans(t, /(`+)[^`\n][^\n]*?\1/g) },
  { kind: 'url', find: (t) => regexSpans(t, /\b(?:https?|ftp|file|wss?|ssh):\/\/[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}]|\bwww\.[\w-]+(?:\.[\w-]+)+(?:\/[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}])?/g) },
  { kind: 'email', find: (t) => regexSpans(t, /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g) },
  { kind: 'handle', find: (t) => regexSpans(t, /(?<![\w@])[@#][\p{L}\p{N}_](?:[\p{L}\p{N}_.-]*[\p{L}\p{N}_])?/gu) },
  {
    kind: 'quote',
    find: (t) =>
      regexSpans(
        t,
        /"[^"\n]{1,500}"|“[^”\n]{1,500}”|„[^“”\n]{1,500}[“”]|«[^»\n]{1,500}»|‹[^›\n]{1,500}›|「[^」\n]{1,500}」|『[^』\n]{1,500}』|‘[^’\n]{1,500}’|(?<![\p{L}\p{N}])'(?=\S)[^'\n]{0,200}?(?<=\S)'(?![\p{L}\p{N}])/gu,
      ),
  },
  { kind: 'path', find: (t) => regexSpans(t, /(?<![\p{L}\p{N}_\/])(?:~|\.{1,2})?\/[\p{L}\p{N}_.@-]+(?:\/[\p{L}\p{N}_.@-]+)*\/?|\b[A-Za-z]:\\[^\s"'`]+/gu) },
  {
    kind: 'date',
    find: (t) =>
      regexSpans(
        t,
        new RegExp(
          [
            `\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?`,
            `\\b\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}\\b`,
            `\\b\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\s?[AaPp]\\.?[Mm]\\b\\.?)?`,
            `\\b${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?\\b`,
            `\\b\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\b(?:,?\\s+\\d{4})?`,
            `\\bv?\\d+(?:\\.\\d+){2,3}(?:-[\\w.]+)?\\b`,
          ].join('|'),
          'g',
        ),
      ),
  },
  { kind: 'number', find: numbers },
  { kind: 'identifier', find: identifiers },
  { kind: 'name', find: names },
];

function* keepSpans(text: string, keep: readonly string[]): Iterable<[number, number]> {
  for (const phrase of keep) {
    if (phrase.length === 0) continue;
    for (let i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + phrase.length)) yield [i, i + phrase.length];
  }
}

/** Every protected span of `text`, non-overlapping, in order of position. */
export function findProtectedSpans(text: string, keep: readonly string[] = []): ProtectedSpan[] {
  const taken: ProtectedSpan[] = [];
  // One flag per UTF-16 unit: overlap checks cost the span's length, not the number of spans so far.
  const covered = new Uint8Array(text.length);
  const overlaps = (start: number, end: number) => covered.subarray(start, end).includes(1);
  const detectors: Detector[] = [{ kind: 'keep', find: (t) => keepSpans(t, keep) }, ...DETECTORS];
  for (const detector of detectors) {
    for (const [start, end] of detector.find(text)) {
      if (end <= start || overlaps(start, end)) continue;
      covered.fill(1, start, end);
      taken.push({ start, end, kind: detector.kind, text: text.slice(start, end) });
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

const OPEN = '\uE000';
const CLOSE = '\uE001';
/** Closes the placeholder of a span that ends a sentence ("…emails." or 「…。」), so sentence splitting still sees the end. */
const CLOSE_TERMINAL = '\uE002';
const DIGIT_BASE = 0xe100;
const PLACEHOLDER = /\uE000([\uE100-\uE4FF])([\uE100-\uE4FF])[\uE001\uE002]/g;
const ENDS_SENTENCE = /[.!?。！？][”"’'»」』)]*$/;

function placeholder(id: number, text: string): string {
  const close = ENDS_SENTENCE.test(text) ? CLOSE_TERMINAL : CLOSE;
  return OPEN + String.fromCharCode(DIGIT_BASE + (id >>> 10)) + String.fromCharCode(DIGIT_BASE + (id & 1023)) + close;
}

export interface MaskedText {
  /** The text with every protected span replaced by a placeholder; equal spans share one. */
  text: string;
  spans: string[];
}

export function mask(text: string, keep: readonly string[] = []): MaskedText {
  const spans: string[] = [];
  const ids = new Map<string, number>();
  let out = '';
  let at = 0;
  for (const span of findProtectedSpans(text, keep)) {
    let id = ids.get(span.text);
    if (id === undefined) {
      id = spans.push(span.text) - 1;
      ids.set(span.text, id);
    }
    out += text.slice(at, span.start) + placeholder(id, span.text);
    at = span.end;
  }
  return { text: out + text.slice(at), spans };
}

export function unmask(text: string, spans: readonly string[]): string {
  return text.replace(PLACEHOLDER, (_, hi: string, lo: string) => {
    const id = ((hi.charCodeAt(0) - DIGIT_BASE) << 10) | (lo.charCodeAt(0) - DIGIT_BASE);
    return spans[id] ?? '';
  });
}

/** The placeholders in a piece of masked text, in order. */
export function placeholdersIn(text: string): string[] {
  return text.match(PLACEHOLDER) ?? [];
}

/** A regex source that matches one placeholder, for rules that must step over protected spans. */
export const PLACEHOLDER_SOURCE = PLACEHOLDER.source;

/** Where a placeholder that ends a sentence is followed by the next sentence: split points for the segmenter. */
export const AFTER_TERMINAL_PLACEHOLDER = /(?<=\uE002)[ \t]+(?=[\p{Lu}\uE000])/u;
