import type { LangiumDocument } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';

/** The suggestion of a "did you mean 'x'?" hint, whatever check gave it. */
const DID_YOU_MEAN = /did you mean '([^']+)'\?/;

/** A name or keyword: the only text a suggestion replaces, so an edit never swallows more than the word. */
const WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Quick fixes: for each finding in the request whose hint suggests a word ("did you mean
 * 'planner'?") and whose range covers one word, an edit that writes the suggestion there.
 */
export class CoordCodeActionProvider implements CodeActionProvider {
  getCodeActions(document: LangiumDocument, params: CodeActionParams): CodeAction[] {
    const text = document.textDocument;
    return params.context.diagnostics.flatMap((diagnostic) => {
      const suggestion = suggestionOf(diagnostic);
      const word = text.getText(diagnostic.range);
      if (suggestion === undefined || !WORD.test(word)) return [];
      return [
        {
          title: `Change '${word}' to '${suggestion}'`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: true,
          edit: { changes: { [params.textDocument.uri]: [{ range: diagnostic.range, newText: suggestion }] } },
        },
      ];
    });
  }
}

function suggestionOf(diagnostic: LspDiagnostic): string | undefined {
  const hint = (diagnostic.data as { hint?: unknown } | undefined)?.hint;
  return typeof hint === 'string' ? DID_YOU_MEAN.exec(hint)?.[1] : undefined;
}
