import type { AstNode, Properties, ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { report } from '../report.js';
import { didYouMean } from '../suggest.js';

export const PROVIDERS = ['openai', 'anthropic', 'ollama'];

/** "provider:model" split at the first colon; the model part may hold more (ollama:qwen2.5:7b). */
export function splitModel(value: string): { provider: string; model: string } | undefined {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) return undefined;
  return { provider: value.slice(0, colon), model: value.slice(colon + 1) };
}

/** Reports a model string that is malformed or names an unknown provider. */
export function checkModelString<N extends AstNode>(accept: ValidationAcceptor, node: N, property: Properties<N>, value: string): void {
  const parts = splitModel(value.trim());
  if (!parts || /\s/.test(value.trim())) {
    const example = value.trim() === '' || /\s/.test(value.trim()) ? 'gpt-4o-mini' : value.trim().replace(/:$/, '');
    report(accept, 'COORD051', `model "${value}" is not of the form "provider:model"`, { node, property }, `for example "openai:${example}"`);
    return;
  }
  if (PROVIDERS.includes(parts.provider)) return;
  report(
    accept,
    'COORD050',
    `unknown provider '${parts.provider}'; expected ${PROVIDERS.join(', ')}`,
    { node, property },
    didYouMean(parts.provider, PROVIDERS),
  );
}

/** An agent's `model` (the coordinator's is checked elsewhere: it is a file, not a provider). */
export function checkAgentModel(setting: ast.ModelSetting, accept: ValidationAcceptor): void {
  if (ast.isAgent(setting.$container)) checkModelString(accept, setting, 'value', setting.value);
}

export function checkVia(option: ast.ViaOption, accept: ValidationAcceptor): void {
  checkModelString(accept, option, 'value', option.value);
}
