import type { AstNode, DiagnosticInfo, Properties, ValidationAcceptor } from 'langium';
import { DIAGNOSTICS, type DiagnosticCode } from '../diagnostics/table.js';

/** Where a finding points: a node, optionally narrowed to one of its properties or keywords. */
export interface Target<N extends AstNode> {
  node: N;
  property?: Properties<N>;
  index?: number;
  keyword?: string;
}

/** Reports a finding through Langium's acceptor, with the severity from the shared table. */
export function report<N extends AstNode>(
  accept: ValidationAcceptor,
  code: DiagnosticCode,
  message: string,
  target: Target<N> | Target<AstNode>,
  hint?: string,
): void {
  const { severity } = DIAGNOSTICS[code];
  const info: DiagnosticInfo<AstNode, string> = { ...(target as Target<AstNode>), code, data: { code, hint } };
  accept(severity, message, info);
}
