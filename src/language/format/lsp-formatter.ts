import type { LangiumDocument, MaybePromise } from 'langium';
import type { Formatter } from 'langium/lsp';
import type { DocumentFormattingParams, DocumentOnTypeFormattingOptions, DocumentRangeFormattingParams, TextEdit } from 'vscode-languageserver-protocol';
import { formatDocument } from './format.js';

/** The editor's "format document": one edit replacing the text with its canonical form. */
export class CoordFormatter implements Formatter {
  formatDocument(document: LangiumDocument, _params: DocumentFormattingParams): MaybePromise<TextEdit[]> {
    return wholeDocumentEdit(document);
  }

  /** The canonical style depends on the whole file (blank lines, comments), so a range formats everything. */
  formatDocumentRange(document: LangiumDocument, _params: DocumentRangeFormattingParams): MaybePromise<TextEdit[]> {
    return wholeDocumentEdit(document);
  }

  formatDocumentOnType(): MaybePromise<TextEdit[]> {
    return [];
  }

  get formatOnTypeOptions(): DocumentOnTypeFormattingOptions | undefined {
    return undefined;
  }
}

function wholeDocumentEdit(document: LangiumDocument): TextEdit[] {
  const formatted = formatDocument(document);
  const text = document.textDocument.getText();
  if (formatted === undefined || formatted === text) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: document.textDocument.positionAt(text.length) }, newText: formatted }];
}
