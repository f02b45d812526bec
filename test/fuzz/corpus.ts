import { readFileSync } from 'node:fs';
import { generateWorkflow } from '../../bench/generate-workflow.js';

/** Valid workflows the mutation properties start from. */
export const VALID_WORKFLOWS: readonly string[] = [
  readFileSync(new URL('../fixtures/cli/research-brief.coord', import.meta.url), 'utf8'),
  generateWorkflow(1),
];

/** Words and symbols of the language, plus near-misses, for token soups and insertions. */
export const KEYWORDS: readonly string[] = [
  'import', 'workflow', 'budget', 'tokens', 'per', 'total', 'turn', 'message', 'coordinator', 'model',
  'device', 'policy', 'mode', 'compress', 'squeeze', 'target', 'level', 'via', 'on', 'overflow',
  'readout', 'split', 'sentences', 'agent', 'role', 'function', 'output', 'channel', 'uses', 'flow', 'start', 'when', 'max',
  'done', 'parallel', 'join', 'branch', 'map', 'over', 'concurrency', 'failure', 'human', 'options',
  'timeout', 'or', 'and', 'not', 'true', 'false', 'latent', 'hybrid', 'text', 'string[]', 'number',
  'agnet', 'chanel', 'workflw', 'budgte',
];

export const SYMBOLS: readonly string[] = ['{', '}', '(', ')', '[', ']', '->', '.', ',', ':', '=', '==', '!=', '<', '<=', '>', '>=', '-', '"', '/*', '*/', '//', '\n'];

/** Splits source into tokens (words, numbers, strings, comments, symbols) and the whitespace between them. */
export function tokenize(text: string): string[] {
  return text.match(/"(?:\\.|[^"\\\n])*"?|\/\/[^\n]*|\/\*[\s\S]*?\*\/|[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9_.eE+]*[A-Za-z]*|->|[=!<>]=|\s+|./g) ?? [];
}
