import {
  Cancellation,
  CstUtils,
  DefaultDocumentValidator,
  type LangiumCoreServices,
  type LangiumDocument,
  type ScopeProvider,
  type ValidationOptions,
} from 'langium';
import type { IRecognitionException, IToken } from 'chevrotain';
import type { Diagnostic as LspDiagnostic, Range as LspRange } from 'vscode-languageserver-types';
import { DIAGNOSTICS, type DiagnosticCode } from '../diagnostics/table.js';
import { isChannel } from './generated/ast.js';
import { grammarKeywords } from './keywords.js';
import { NESTING_ERROR } from './parser.js';
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
   * Lexer and parser findings only (the formatter refuses a file that has any). After the
   * first parser error Chevrotain's recovery mostly reports consequences of it, and an
   * unexpected character makes the parser fail as well: so lexer errors when there are any,
   * otherwise the first parser error.
   */
  syntaxDiagnostics(document: LangiumDocument): LspDiagnostic[] {
    const lexing = this.lexingDiagnostics(document);
    return lexing.length > 0 ? lexing : this.parsingDiagnostics(document).slice(0, 1);
  }

  private lexingDiagnostics(document: LangiumDocument): LspDiagnostic[] {
    const text = document.textDocument.getText();
    return document.parseResult.lexerErrors.map((error) => {
      const start = { line: (error.line ?? 1) - 1, character: (error.column ?? 1) - 1 };
      const snippet = text.slice(error.offset, error.offset + Math.min(error.length, 20));
      return coded('COORD003', `unexpected character${error.length > 1 ? 's' : ''} ${JSON.stringify(snippet)}`, {
        start,
        end: { line: start.line, character: start.character + error.length },
      });
    });
  }

  private parsingDiagnostics(document: LangiumDocument): LspDiagnostic[] {
    return document.parseResult.parserErrors.map((error) => this.describeParserError(error, errorRange(error, document)));
  }

  private describeParserError(error: IRecognitionException, range: LspRange): LspDiagnostic {
    if (error.name === NESTING_ERROR) return coded('COORD005', error.message, range);
    const found = error.token;
    const expected = expectedTokens(error);
    if (CstUtils.isValidTokenRange(found) && found.tokenType?.name === 'ID') {
      // Only keywords that could stand here: a misspelt name must not read as a misspelt keyword.
      const keywords = expected.filter((word) => this.keywords.includes(word));
      const match = closest(found.image, expected.length > 0 ? keywords : this.keywords);
      if (match !== undefined) {
        return coded('COORD002', `unknown keyword '${found.image}'`, range, `did you mean '${match}'?`);
      }
    }
    const what = CstUtils.isValidTokenRange(found) ? `'${found.image}'` : 'end of file';
    return coded('COORD001', `unexpected ${what}; expected ${describeExpected(expected)}`, range);
  }

  private linkingDiagnostics(document: LangiumDocument): LspDiagnostic[] {
    const diagnostics: LspDiagnostic[] = [];
    for (const reference of document.references) {
      const failure = reference.error;
      if (!failure) continue;
      const { info } = failure;
      const name = reference.$refText;
      const range = reference.$refNode?.range ?? info.container.$cstNode?.range;
      if (!range) continue;
      const candidates = this.scopes.getScope(info).getAllElements().map((element) => element.name);
      const hint = didYouMean(name, candidates);
      if (isChannel(info.container) && (info.property === 'from' || info.property === 'to')) {
        diagnostics.push(coded('COORD040', `channel ${info.property === 'from' ? 'sender' : 'receiver'} '${name}' is not a declared agent`, range, hint));
      } else {
        diagnostics.push(coded('COORD021', `'${name}' is not defined`, range, hint));
      }
    }
    return diagnostics;
  }
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

/** What may start an item of each block, for when the parser stopped inside one. */
const BLOCK_ITEMS: Record<string, string[]> = {
  Model: ['import', 'workflow', 'policy', 'agent'],
  Workflow: ['budget', 'coordinator', 'policy', 'agent', 'channel', 'flow'],
  Coordinator: ['model', 'device'],
  Policy: ['mode', 'compress', 'on', 'budget', 'readout'],
  Channel: ['mode', 'compress', 'on', 'budget', 'readout'],
  CompressSetting: ['target', 'level', 'via'],
  Agent: ['model', 'role', 'budget', 'output', 'function'],
  Flow: ['start', 'parallel', 'map', 'human', 'ID'],
  ParallelNode: ['branch'],
};

/**
 * The tokens the parser would have accepted. Chevrotain names them in its message; when it
 * stopped at the end of a block's items it names only the closing token, so the items that
 * could have started there are added from the rule it was in.
 */
function expectedTokens(error: IRecognitionException): string[] {
  const tokens = new Set<string>();
  const ruleStack = (error as IRecognitionException & { context?: { ruleStack?: string[] } }).context?.ruleStack ?? [];
  const innermost = ruleStack.at(-1)?.replace(/\u200b/g, '');
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
    return `'${token}'`;
  });
  if (words.length === 0) return 'something else';
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
