import {
  Cancellation,
  CstUtils,
  DefaultDocumentValidator,
  type LangiumCoreServices,
  type LangiumDocument,
  type AstNode,
  type LeafCstNode,
  type Scope,
  type ScopeProvider,
  type ValidationAcceptor,
  type ValidationCheck,
  type ValidationOptions,
} from 'langium';
import type { IRecognitionException, IToken } from 'chevrotain';
import type { Diagnostic as LspDiagnostic, Range as LspRange } from 'vscode-languageserver-types';
import { DIAGNOSTICS, type DiagnosticCode } from '../diagnostics/table.js';
import { allNodes } from './ast-walk.js';
import { isChannel, isTransition } from './generated/ast.js';
import { grammarKeywords } from './keywords.js';
import { abbreviate, MAX_LEXER_ERRORS, MAX_SYNTAX_ERRORS } from './limits.js';
import { NESTING_ERROR, TOO_MANY_ERRORS } from './parser.js';
import { closest, didYouMean } from './suggest.js';

/**
 * Langium's document validator, with every built-in finding (lexer, parser, linking) turned
 * into a coded coord diagnostic. On a file that does not parse, only syntax is reported:
 * checks on a recovered tree would mostly add noise.
 */
export class CoordDocumentValidator extends DefaultDocumentValidator {
  private readonly keywords: string[];
  private readonly scopes: ScopeProvider;

  constructor(services: LangiumCoreServices) {
    super(services);
    this.keywords = grammarKeywords(services.Grammar);
    this.scopes = services.references.ScopeProvider;
  }

  override async validateDocument(
    document: LangiumDocument,
    options: ValidationOptions = {},
    cancelToken = Cancellation.CancellationToken.None,
  ): Promise<LspDiagnostic[]> {
    const syntax = this.syntaxDiagnostics(document);
    if (syntax.length > 0) return syntax;
    const diagnostics = this.linkingDiagnostics(document);
    diagnostics.push(...(await this.validateAst(document.parseResult.value, options, cancelToken)));
    return diagnostics;
  }

  /**
   * Runs every node's checks in Langium's order. Without a cancellation token (the CLI,
   * tests) nothing can interrupt it, so nodes are walked without the default's lazy streams
   * and `await` per node and check; an editor's cancellable build takes the default path.
   */
  protected override async validateAstNodes(
    rootNode: AstNode,
    options: ValidationOptions,
    acceptor: ValidationAcceptor,
    cancelToken = Cancellation.CancellationToken.None,
  ): Promise<void> {
    if (cancelToken !== Cancellation.CancellationToken.None || this.profiler?.isActive('validating')) {
      return super.validateAstNodes(rootNode, options, acceptor, cancelToken);
    }
    const checksOf = new Map<string, ValidationCheck[]>();
    for (const node of allNodes(rootNode)) {
      let checks = checksOf.get(node.$type);
      if (!checks) {
        checks = this.validationRegistry.getChecks(node.$type, options.categories).toArray();
        checksOf.set(node.$type, checks);
      }
      for (const check of checks) {
        const pending = check(node, acceptor, cancelToken);
        if (pending) await pending;
      }
    }
  }

  /**
   * Lexer and parser findings only (the formatter refuses a file that has any). After the
   * first parser error Chevrotain's recovery mostly reports consequences of it, and an
   * unexpected character makes the parser fail as well: so lexer errors when there are any,
   * otherwise the first parser error.
   */
  syntaxDiagnostics(document: LangiumDocument): LspDiagnostic[] {
    const lexing = this.lexingDiagnostics(document);
    if (lexing.length > 0) return lexing;
    const errors = document.parseResult.parserErrors;
    const first = errors[0];
    if (!first) return [];
    const stopped = errors.find((error) => error.name === TOO_MANY_ERRORS);
    const found = [this.describeParserError(first, document)];
    if (stopped) found.push(tooManyErrors(`${MAX_SYNTAX_ERRORS} syntax errors`, errorRange(stopped, document)));
    return found;
  }

  /** Every unexpected character up to MAX_LEXER_ERRORS; past that, one diagnostic says checking stopped. */
  private lexingDiagnostics(document: LangiumDocument): LspDiagnostic[] {
    const text = document.textDocument.getText();
    const errors = document.parseResult.lexerErrors;
    const shown = errors.slice(0, MAX_LEXER_ERRORS).map((error) => {
      const start = { line: (error.line ?? 1) - 1, character: (error.column ?? 1) - 1 };
      const snippet = text.slice(error.offset, error.offset + Math.min(error.length, 20));
      const range = { start, end: { line: start.line, character: start.character + error.length } };
      if (snippet.startsWith('"')) return coded('COORD003', 'unterminated string', range, 'close the string with " on the same line, or write text over several lines between """ and """');
      return coded('COORD003', `unexpected character${error.length > 1 ? 's' : ''} ${JSON.stringify(snippet)}`, range);
    });
    if (errors.length > MAX_LEXER_ERRORS) shown.push(tooManyErrors(`${MAX_LEXER_ERRORS} unexpected characters (of ${errors.length})`, shown.at(-1)!.range));
    return shown;
  }

  private describeParserError(error: IRecognitionException, document: LangiumDocument): LspDiagnostic {
    const range = errorRange(error, document);
    if (error.name === NESTING_ERROR) return coded('COORD005', error.message, range);
    const found = error.token;
    const expected = expectedTokens(error);
    const misspeltStatement = this.misspeltFlowKeyword(error, document);
    if (misspeltStatement) return misspeltStatement;
    const guard = malformedGuard(error, document, range);
    if (guard) return guard;
    if (CstUtils.isValidTokenRange(found) && found.tokenType?.name === 'ID') {
      // Only keywords that could stand here: a misspelt name must not read as a misspelt keyword.
      const keywords = expected.filter((word) => this.keywords.includes(word));
      const match = closest(found.image, expected.length > 0 ? keywords : this.keywords);
      if (match !== undefined) {
        return coded('COORD002', `unknown keyword '${abbreviate(found.image)}'`, range, `did you mean '${match}'?`);
      }
    }
    const what = CstUtils.isValidTokenRange(found) ? `'${abbreviate(found.image)}'` : 'end of file';
    return coded('COORD001', `unexpected ${what}; expected ${describeExpected(expected)}`, range);
  }

  /**
   * In a flow, a word the parser does not know starts a transition (`strat a` reads as a
   * transition from `strat`), so the error lands on the next token. When that word is close
   * to a flow keyword, report the word.
   */
  private misspeltFlowKeyword(error: IRecognitionException, document: LangiumDocument): LspDiagnostic | undefined {
    if (innermostRule(error) !== 'Transition' || !CstUtils.isValidTokenRange(error.token)) return undefined;
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const previous = CstUtils.flattenCst(root)
      .filter((leaf) => !leaf.hidden && leaf.end <= error.token.startOffset)
      .reduce<LeafCstNode | undefined>((_, leaf) => leaf, undefined);
    if (!previous || previous.tokenType.name !== 'ID' || !isTransition(previous.astNode)) return undefined;
    const match = closest(previous.text, FLOW_WORDS);
    return match === undefined ? undefined : coded('COORD002', `unknown keyword '${previous.text}'`, previous.range, `did you mean '${match}'?`);
  }

  private linkingDiagnostics(document: LangiumDocument): LspDiagnostic[] {
    const diagnostics: LspDiagnostic[] = [];
    // A misspelt name is often written many times: one search of its scope per name and scope.
    const hints = new Map<Scope, Map<string, string | undefined>>();
    for (const reference of document.references) {
      const failure = reference.error;
      if (!failure) continue;
      const { info } = failure;
      const name = reference.$refText;
      const range = reference.$refNode?.range ?? info.container.$cstNode?.range;
      if (!range) continue;
      const scope = this.scopes.getScope(info);
      const known = hints.get(scope) ?? new Map<string, string | undefined>();
      hints.set(scope, known);
      if (!known.has(name)) known.set(name, didYouMean(name, scope.getAllElements().map((element) => element.name)));
      const hint = known.get(name);
      if (isChannel(info.container) && (info.property === 'from' || info.property === 'to')) {
        diagnostics.push(coded('COORD040', `channel ${info.property === 'from' ? 'sender' : 'receiver'} '${abbreviate(name)}' ${info.property === 'from' ? 'is neither a declared agent nor a human step' : 'is not a declared agent'}`, range, hint));
      } else {
        diagnostics.push(coded('COORD021', `'${abbreviate(name)}' is not defined`, range, hint));
      }
    }
    return diagnostics;
  }
}

const GUARD_FORMS = 'a guard is `a.b`, `a.b == "x"` (or !=, <, <=, >, >=), `a.b contains "x"` or `a.b == c.d`, joined with and, or, not';
/** Words people write for `contains`. */
const CONTAINS_WORDS = new Set(['has', 'have', 'includes', 'include', 'in', 'contain', 'matches']);

/**
 * An error inside a `when` clause (nothing but guard tokens between `when` and it) says so,
 * with the forms a guard takes, instead of what the parser expected next: after a guard it
 * mostly expects a new statement, which is not what the writer meant.
 */
function malformedGuard(error: IRecognitionException, document: LangiumDocument, range: LspRange): LspDiagnostic | undefined {
  if (!CstUtils.isValidTokenRange(error.token)) return undefined;
  // The recovered tree may have dropped the clause's tokens: read the source text instead.
  const head = document.textDocument.getText().slice(0, error.token.startOffset);
  const when = [...head.matchAll(/\bwhen\b/g)].at(-1);
  if (!when) return undefined;
  const clause = head.slice(when.index + 4).replace(/\/\/[^\n]*/g, '').trim();
  if (/->|[{}]/.test(clause)) return undefined;
  const found = error.token.image;
  const words = [found, ...clause.split(/[\s.]+/)];
  const hint = found === '=' ? "did you mean '=='?" : words.some((word) => CONTAINS_WORDS.has(word)) ? "did you mean 'contains'?" : undefined;
  const written = clause.replace(/\s+/g, ' ');
  return coded('COORD001', `malformed guard: unexpected '${abbreviate(found)}' after \`when${written ? ` ${abbreviate(written)}` : ''}\`; ${GUARD_FORMS}`, range, hint);
}

function tooManyErrors(what: string, range: LspRange): LspDiagnostic {
  return coded('COORD008', `too many syntax errors: checking stopped after ${what}; this may not be a workflow file`, range);
}

function coded(code: DiagnosticCode, message: string, range: LspRange, hint?: string): LspDiagnostic {
  const severity = DIAGNOSTICS[code].severity;
  return {
    severity: severity === 'error' ? 1 : severity === 'warning' ? 2 : 3,
    range,
    message,
    code,
    source: 'coord',
    data: { code, hint },
  };
}

function errorRange(error: IRecognitionException, document: LangiumDocument): LspRange {
  if (CstUtils.isValidTokenRange(error.token)) return CstUtils.tokenToRange(error.token);
  const previous = (error as IRecognitionException & { previousToken?: IToken }).previousToken;
  if (previous && CstUtils.isValidTokenRange(previous)) {
    const position = { line: (previous.endLine ?? 1) - 1, character: previous.endColumn ?? 0 };
    return { start: position, end: position };
  }
  // Chevrotain inserted a virtual token (usually at the end of the file): point at the end.
  const end = document.textDocument.positionAt(document.textDocument.getText().length);
  return { start: end, end };
}

/** Words a misspelling in a flow most likely meant: its statements, and what may follow a transition. */
const FLOW_WORDS = ['start', 'parallel', 'map', 'human', 'loop', 'when', 'max'];

function innermostRule(error: IRecognitionException): string | undefined {
  const ruleStack = (error as IRecognitionException & { context?: { ruleStack?: string[] } }).context?.ruleStack ?? [];
  return ruleStack.at(-1)?.replace(/\u200b/g, '');
}

/** What may start an item of each block, for when the parser stopped inside one. */
const BLOCK_ITEMS: Record<string, string[]> = {
  Model: ['import', 'workflow', 'policy', 'agent'],
  Workflow: ['budget', 'coordinator', 'policy', 'agent', 'channel', 'flow'],
  Coordinator: ['model', 'device'],
  Policy: ['mode', 'compress', 'on', 'budget', 'readout', 'split'],
  Channel: ['mode', 'compress', 'on', 'budget', 'readout', 'split'],
  CompressSetting: ['target', 'level', 'via'],
  Agent: ['model', 'role', 'budget', 'output', 'function', 'tool', 'fallback', 'sampling'],
  ToolSetting: ['max'],
  Flow: ['start', 'parallel', 'map', 'human', 'loop', 'ID'],
  ParallelNode: ['branch'],
};

/**
 * The tokens the parser would have accepted. Chevrotain names them in its message; when it
 * stopped at the end of a block's items it names only the closing token, so the items that
 * could have started there are added from the rule it was in.
 */
function expectedTokens(error: IRecognitionException): string[] {
  const tokens = new Set<string>();
  const innermost = innermostRule(error);
  if (innermost === 'Word') return ['a word: a unit such as tokens, or a value such as text'];
  if (innermost !== undefined) for (const item of BLOCK_ITEMS[innermost] ?? []) tokens.add(item);
  for (const match of error.message.matchAll(/type '([^']+)'|\[([^\]]+)\]/g)) tokens.add(match[1] ?? match[2]!);
  return [...tokens];
}

function describeExpected(tokens: string[]): string {
  const words = tokens.map((token) => {
    if (token === 'ID') return 'a name';
    if (token === 'NUMBER') return 'a number';
    if (token === 'STRING') return 'a string';
    if (token === 'EOF') return 'the end of the file';
    if (token.includes(' ')) return token;
    return `'${token}'`;
  });
  if (words.length === 0) return 'something else';
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
