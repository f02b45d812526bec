import { LangiumParser, createParser, type AstNode, type AstReflection, type GrammarAST, type LangiumCoreServices, type LexerResult, type ParseResult, type ParserOptions } from 'langium';
import type { IRecognitionException, IToken } from 'chevrotain';
import { linkContainers } from './ast-walk.js';
import { choiceRule } from './choice-rules.js';
import { MAX_SYNTAX_ERRORS } from './limits.js';
import { positionAt } from './source-text.js';

/** Deeper than any guard a person writes; shallow enough that the recursive-descent parser never overflows the stack. */
export const MAX_NESTING = 100;

/** Name of the synthetic parser error that stands for "nesting too deep" (COORD005). */
export const NESTING_ERROR = 'NestingTooDeep';

/** Name of the synthetic parser error that says recovery stopped after MAX_SYNTAX_ERRORS (COORD008). */
export const TOO_MANY_ERRORS = 'TooManySyntaxErrors';

/** Thrown from inside the parser to stop its recovery; never leaves `parse`. */
class RecoveryStopped extends Error {}

/** The parts of Chevrotain's parser (under Langium's) that the guard reaches into. */
interface Recognizer {
  SAVE_ERROR(error: IRecognitionException): IRecognitionException;
  _errors: IRecognitionException[];
}

/**
 * The generated parser, guarded against input that would overflow the stack (nesting is
 * measured before parsing, and a RangeError during parsing still becomes a diagnostic)
 * and against junk that would keep its error recovery busy for minutes: it stops after
 * MAX_SYNTAX_ERRORS errors, and says so.
 */
export class GuardedParser extends LangiumParser {
  private capped = false;

  constructor(private readonly services: LangiumCoreServices) {
    super(services);
  }

  /** A rule that is a plain choice parses from one list of alternatives (choice-rules.ts); any other as Langium built it. */
  override rule(rule: GrammarAST.ParserRule | GrammarAST.InfixRule, impl: Parameters<LangiumParser['rule']>[1]): ReturnType<LangiumParser['rule']> {
    return super.rule(rule, choiceRule(this, rule, this.services.parser.Lexer.definition) ?? impl);
  }

  override parse<T extends AstNode = AstNode>(input: string, options?: ParserOptions): ParseResult<T> {
    const tooDeep = findExcessiveNesting(input, MAX_NESTING);
    if (tooDeep !== undefined) return nestingFailure<T>(input, tooDeep);
    const recognizer = this.capRecovery();
    try {
      return this.parseTree<T>(input, options);
    } catch (error) {
      if (!(error instanceof RangeError) && !(error instanceof RecoveryStopped)) throw error;
      // The parser keeps its node stack between runs; drop what the aborted run left behind.
      (this as unknown as { stack: unknown[] }).stack = [];
      if (error instanceof RangeError) return nestingFailure<T>(input, 0);
      const lexed = (this as unknown as { lexerResult?: { errors: ParseResult['lexerErrors'] } }).lexerResult;
      const errors = recognizer._errors.slice(0, MAX_SYNTAX_ERRORS);
      return { value: emptyModel<T>(), parserErrors: [...errors, marker(TOO_MANY_ERRORS, `stopped after ${MAX_SYNTAX_ERRORS} syntax errors`, errors.at(-1)!.token)], lexerErrors: lexed?.errors ?? [] };
    } finally {
      this.forgetInput();
    }
  }

  /**
   * Langium's `LangiumParser.parse` (langium 4.4), except that the tree's containers are linked
   * by linkContainers (ast-walk.ts): the same links, at about a third of the cost of Langium's
   * pass, and the walk that linking needs comes with them (test/language/parser.test.ts compares
   * both with Langium's).
   */
  private parseTree<T extends AstNode>(input: string, options: ParserOptions = {}): ParseResult<T> {
    const parser = this as unknown as ParserState;
    parser.nodeBuilder.buildRootNode(input);
    const lexed = (parser.lexerResult = this.lexer.tokenize(input));
    this.wrapper.input = lexed.tokens;
    const rule = options.rule ? this.allRules.get(options.rule) : this.mainRule;
    if (!rule) throw new Error(options.rule ? `No rule found with name '${options.rule}'` : 'No main rule available.');
    const value = parser.doParse(rule) as T;
    parser.nodeBuilder.addHiddenNodes(lexed.hidden);
    this.unorderedGroups.clear();
    parser.lexerResult = undefined;
    linkContainers(value);
    return { value, lexerErrors: lexed.errors, lexerReport: lexed.report, parserErrors: this.wrapper.errors };
  }

  /**
   * Langium's parser keeps the last input's tokens and syntax tree until the next parse; one
   * service serves a whole `coord lint`, so it would hold a large file's tree after its document is gone.
   */
  private forgetInput(): void {
    const parser = this as unknown as { nodeBuilder: { buildRootNode(input: string): unknown }; wrapper: { input: unknown[] }; lexerResult?: unknown };
    parser.nodeBuilder.buildRootNode('');
    parser.wrapper.input = [];
    // Langium clears it on success only; after recovery was stopped it still holds every token.
    parser.lexerResult = undefined;
  }

  /** Makes the recognizer stop once it has saved MAX_SYNTAX_ERRORS errors (once per parser). */
  private capRecovery(): Recognizer {
    const recognizer = (this as unknown as { wrapper: Recognizer }).wrapper;
    if (this.capped) return recognizer;
    this.capped = true;
    const save = recognizer.SAVE_ERROR.bind(recognizer);
    recognizer.SAVE_ERROR = (error) => {
      const saved = save(error);
      if (recognizer._errors.length >= MAX_SYNTAX_ERRORS) throw new RecoveryStopped();
      return saved;
    };
    return recognizer;
  }
}

/** The members of Langium's parser (private in its types) that parseTree uses as Langium's `parse` does. */
interface ParserState {
  nodeBuilder: { buildRootNode(input: string): unknown; addHiddenNodes(tokens: IToken[]): void };
  lexerResult?: LexerResult;
  doParse(rule: unknown): AstNode;
  astReflection: AstReflection;
}

export function createGuardedParser(services: LangiumCoreServices): LangiumParser {
  const guarded = new GuardedParser(services);
  (guarded as unknown as ParserState).astReflection = defaultsOnly(services.shared.AstReflection);
  const parser = createParser(services.Grammar, guarded, services.parser.Lexer.definition);
  parser.finalize();
  return parser;
}

/**
 * The reflection the parser is given, which it asks for one thing only: each node's properties,
 * for those with a default value (an empty list, `false`) to be set where the input left them
 * unset (Langium's `assignMandatoryProperties`). This one answers with only those properties,
 * each type's worked out once, so that a node of a type with none costs no loop over all of its
 * properties.
 */
function defaultsOnly(reflection: AstReflection): AstReflection {
  const byType = new Map<string, ReturnType<AstReflection['getTypeMetaData']>>();
  return Object.assign(Object.create(reflection) as AstReflection, {
    getTypeMetaData(type: string) {
      let meta = byType.get(type);
      if (!meta) {
        const all = reflection.getTypeMetaData(type);
        const properties = Object.fromEntries(Object.entries(all.properties).filter(([, property]) => property.defaultValue !== undefined));
        meta = { ...all, properties };
        byType.set(type, meta);
      }
      return meta;
    },
  });
}

/**
 * Offset of the first point where parentheses plus a run of `not`s nest deeper than `limit`,
 * skipping strings and comments; undefined when the text stays within it.
 */
export function findExcessiveNesting(text: string, limit: number): number | undefined {
  let parens = 0;
  let nots = 0;
  let i = 0;
  // Character codes, not one-character strings, and no substring per word: this runs over every file before it is parsed.
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i++;
      for (let d = text.charCodeAt(i); i < text.length && d !== QUOTE && d !== NEWLINE; d = text.charCodeAt(i)) i += d === BACKSLASH ? 2 : 1;
      i++;
      nots = 0;
    } else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === OPEN) {
      parens++;
      if (parens + nots > limit) return i;
      i++;
    } else if (c === CLOSE) {
      parens = Math.max(0, parens - 1);
      nots = 0;
      i++;
    } else if (isWordStart(c)) {
      const start = i;
      while (i < text.length && isWordPart(text.charCodeAt(i))) i++;
      nots = i - start === 3 && text.startsWith('not', start) ? nots + 1 : 0;
      if (parens + nots > limit) return start;
    } else {
      i++;
    }
  }
  return undefined;
}

const charCode = (c: string): number => c.charCodeAt(0);
const QUOTE = charCode('"');
const NEWLINE = charCode('\n');
const BACKSLASH = charCode('\\');
const SLASH = charCode('/');
const STAR = charCode('*');
const OPEN = charCode('(');
const CLOSE = charCode(')');

function isWordStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isWordPart(code: number): boolean {
  return isWordStart(code) || (code >= 48 && code <= 57);
}

function nestingFailure<T>(input: string, offset: number): ParseResult<T> {
  const { line, column } = positionAt(input, offset);
  const token = {
    image: input.charAt(offset),
    startOffset: offset,
    endOffset: offset,
    startLine: line,
    endLine: line,
    startColumn: column,
    endColumn: column,
  } as IToken;
  return { value: emptyModel<T>(), parserErrors: [marker(NESTING_ERROR, `expressions nest deeper than ${MAX_NESTING} levels`, token)], lexerErrors: [] };
}

/** A synthetic parser error, which the document validator turns into its own diagnostic. */
function marker(name: string, message: string, token: IToken): IRecognitionException {
  return { name, message, token, resyncedTokens: [], context: { ruleStack: [], ruleOccurrenceStack: [] } } as unknown as IRecognitionException;
}

function emptyModel<T>(): T {
  return { $type: 'Model', imports: [], members: [] } as unknown as T;
}
