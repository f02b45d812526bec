import { z } from 'zod';

/** A 1-based line/column position; `column` counts UTF-16 code units, as editors do. */
export const Position = z.object({ line: z.number().int().min(1), column: z.number().int().min(1) });
export type Position = z.infer<typeof Position>;

export const Range = z.object({ start: Position, end: Position });
export type Range = z.infer<typeof Range>;

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

/** What a check found. Plain data: renderers (pretty, JSON, SARIF, GitHub, LSP) live elsewhere. */
export const Diagnostic = z.object({
  code: z.string().regex(/^COORD\d{3}$/),
  severity: Severity,
  message: z.string(),
  hint: z.string().optional(),
  /** Absolute path of the file the range is in. */
  file: z.string(),
  range: Range,
});
export type Diagnostic = z.infer<typeof Diagnostic>;
