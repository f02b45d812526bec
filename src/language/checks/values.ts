import type { AstNode, Properties, ValidationAcceptor } from 'langium';
import type * as ast from '../generated/ast.js';
import { report } from '../report.js';
import { didYouMean } from '../suggest.js';

export const MODES = ['text', 'latent', 'hybrid'];
export const DEVICES = ['auto', 'cpu', 'webgpu', 'cuda'];
export const OVERFLOWS = ['truncate', 'compress', 'drop', 'fail'];
export const COMPRESS_METHODS = ['none', 'squeeze'];
export const JOINS = ['all', 'first'];
export const ITEM_FAILURES = ['fail', 'drop'];
export const ASKS = ['approval', 'choice', 'text'];
export const FIELD_TYPES = ['string', 'number', 'boolean'];

/** Reports `node[property]` when it is not one of `allowed`, with the closest one as a hint. */
export function oneOf<N extends AstNode>(accept: ValidationAcceptor, node: N, property: Properties<N>, what: string, allowed: string[]): void {
  const value = (node as unknown as Record<string, unknown>)[property as string];
  if (typeof value !== 'string' || allowed.includes(value)) return;
  report(accept, 'COORD023', `unknown ${what} '${value}'; expected ${allowed.join(', ')}`, { node, property }, didYouMean(value, allowed));
}

export const checkMode = (node: ast.ModeSetting, accept: ValidationAcceptor) => oneOf(accept, node, 'value', 'channel mode', MODES);
export const checkDevice = (node: ast.DeviceSetting, accept: ValidationAcceptor) => oneOf(accept, node, 'value', 'device', DEVICES);
export const checkOverflow = (node: ast.OverflowSetting, accept: ValidationAcceptor) => oneOf(accept, node, 'value', 'overflow policy', OVERFLOWS);
export const checkCompressMethod = (node: ast.CompressSetting, accept: ValidationAcceptor) => oneOf(accept, node, 'method', 'compression', COMPRESS_METHODS);
/** A field of listed values (`next: "a" | "b"`) has no type word to check. */
export const checkOutputFieldType = (node: ast.OutputField, accept: ValidationAcceptor) => {
  if (node.type !== undefined) oneOf(accept, node, 'type', 'field type', FIELD_TYPES);
};
export const checkAsk = (node: ast.HumanNode, accept: ValidationAcceptor) => oneOf(accept, node, 'ask', 'kind of human step', ASKS);

export function checkJoin(node: ast.ParallelNode, accept: ValidationAcceptor): void {
  if (node.join !== undefined) oneOf(accept, node, 'join', 'join', JOINS);
}

export function checkItemFailure(node: ast.MapNode, accept: ValidationAcceptor): void {
  if (node.onFailure !== undefined) oneOf(accept, node, 'onFailure', 'failure policy', ITEM_FAILURES);
}
