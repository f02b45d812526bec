import { Cancellation, type LangiumDocument, type ValidationOptions } from 'langium';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';
import { CoordDocumentValidator } from './document-validator.js';
import { flowFindings } from './flow-findings.js';

/**
 * The validator of the language server: the language's findings, then, on a document without
 * errors, flow analysis's, as `coord lint` reports them. The CLI runs the analysis once per
 * root file instead (src/api/check-workflow.ts), after every import has been checked.
 */
export class EditorDocumentValidator extends CoordDocumentValidator {
  override async validateDocument(
    document: LangiumDocument,
    options: ValidationOptions = {},
    cancelToken = Cancellation.CancellationToken.None,
  ): Promise<LspDiagnostic[]> {
    const diagnostics = await super.validateDocument(document, options, cancelToken);
    if (diagnostics.some((d) => d.severity === 1)) return diagnostics;
    return [...diagnostics, ...flowFindings(document)];
  }
}
