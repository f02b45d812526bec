import type { LangiumDocument } from 'langium';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';
import { analyzeWorkflow } from '../analysis/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { DIAGNOSTICS } from '../diagnostics/table.js';
import { isModel, isWorkflow } from './generated/ast.js';
import { lowerWorkflow } from './lower.js';

/**
 * The findings `coord lint` adds after the language's own (src/analysis: reachability, loop
 * bounds, guards, the static budget bound), for the workflow of one document, as the editor
 * shows them. The same lowering and the same `analyzeWorkflow` as the CLI's, so the two agree.
 * The analysis points into the flow, which is in this document; a finding placed in another
 * file would be at a wrong range here, so only this document's are returned.
 */
export function flowFindings(document: LangiumDocument): LspDiagnostic[] {
  const model = document.parseResult.value;
  const workflow = isModel(model) ? model.members.find(isWorkflow) : undefined;
  if (!workflow) return [];
  const file = document.uri.fsPath;
  try {
    // The hash of the sources names an IR for the run store; the analysis never reads it.
    const { diagnostics } = analyzeWorkflow(lowerWorkflow(workflow, { file, sha256: '' }));
    return diagnostics.filter((d) => d.file === file).map(toLsp);
  } catch (error) {
    // A bug in coord, not in the file: say so in the editor rather than drop every finding.
    const detail = error instanceof Error ? error.message : String(error);
    const start = { line: 0, character: 0 };
    return [{ severity: 1, range: { start, end: start }, message: `checking failed: ${detail}`, code: 'COORD009', source: 'coord', data: { code: 'COORD009', hint: DIAGNOSTICS.COORD009.hint } }];
  }
}

/** A coord diagnostic (1-based) as the LSP's (0-based), its hint where the language's keep theirs. */
function toLsp(d: Diagnostic): LspDiagnostic {
  const { start, end } = d.range;
  return {
    severity: d.severity === 'error' ? 1 : d.severity === 'warning' ? 2 : 3,
    range: {
      start: { line: start.line - 1, character: start.column - 1 },
      end: { line: end.line - 1, character: end.column - 1 },
    },
    message: d.message,
    code: d.code,
    source: 'coord',
    data: { code: d.code, hint: d.hint },
  };
}
