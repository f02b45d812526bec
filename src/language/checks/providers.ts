import type { AstNode, Properties, ValidationAcceptor } from 'langium';
import { BUILTIN_PROVIDERS, isBuiltinProvider, parseModelRef } from '../../ir/model-ref.js';
import { isSamplingName, SAMPLING_SETTINGS, samplingProblem } from '../../ir/sampling.js';
import * as ast from '../generated/ast.js';
import { readNumber } from '../numbers.js';
import { report } from '../report.js';
import { closest, didYouMean } from '../suggest.js';

/**
 * Reports a model string that is malformed or names a misspelt provider. A provider that is
 * neither built in nor close to one names an endpoint of the config file, which only the
 * runtime can see: it checks those before the run starts (runtime/providers/check.ts).
 */
export function checkModelString<N extends AstNode>(accept: ValidationAcceptor, node: N, property: Properties<N>, value: string, index?: number): void {
  const parts = parseModelRef(value.trim());
  if (!parts) {
    const example = value.trim() === '' || /\s/.test(value.trim()) ? 'gpt-4o-mini' : value.trim().replace(/:$/, '');
    report(accept, 'COORD051', `model "${value}" is not of the form "provider:model"`, { node, property, ...(index === undefined ? {} : { index }) }, `for example "openai:${example}"`);
    return;
  }
  if (isBuiltinProvider(parts.provider) || closest(parts.provider, BUILTIN_PROVIDERS) === undefined) return;
  report(
    accept,
    'COORD050',
    `unknown provider '${parts.provider}'; expected ${BUILTIN_PROVIDERS.join(', ')} or an endpoint of coord.config.json`,
    { node, property, ...(index === undefined ? {} : { index }) },
    didYouMean(parts.provider, BUILTIN_PROVIDERS),
  );
}

/** An agent's `model` (the coordinator's is checked elsewhere: it is a file, not a provider). */
export function checkAgentModel(setting: ast.ModelSetting, accept: ValidationAcceptor): void {
  if (ast.isAgent(setting.$container)) checkModelString(accept, setting, 'value', setting.value);
}

export function checkVia(option: ast.ViaOption, accept: ValidationAcceptor): void {
  checkModelString(accept, option, 'value', option.value);
}

/** Fallback models are model strings, and only a model agent has something to fall back from. */
export function checkFallback(setting: ast.FallbackSetting, accept: ValidationAcceptor): void {
  setting.models.forEach((model, index) => checkModelString(accept, setting, 'models', model, index));
  const agent = setting.$container;
  if (agent.settings.some(ast.isFunctionSetting)) {
    report(accept, 'COORD057', `agent '${agent.name}' is a function agent and has no model to fall back from`, { node: setting, keyword: 'fallback' }, 'remove the fallback, or give the agent a model instead of a function');
  }
}

/** Each sampling setting is known, given once, and within its range. */
export function checkSampling(setting: ast.SamplingSetting, accept: ValidationAcceptor): void {
  const seen = new Set<string>();
  const names = Object.keys(SAMPLING_SETTINGS);
  for (const option of setting.options) {
    if (!isSamplingName(option.name)) {
      report(accept, 'COORD056', `unknown sampling setting '${option.name}'; expected ${names.join(', ')}`, { node: option, property: 'name' }, didYouMean(option.name, names));
      continue;
    }
    if (seen.has(option.name)) report(accept, 'COORD022', `sampling setting '${option.name}' is given twice`, { node: option }, 'keep one of them');
    seen.add(option.name);
    const reading = readNumber(option.value);
    if (!reading.ok) {
      report(accept, reading.code, `${option.name}: ${reading.message}`, { node: option, property: 'value' });
      continue;
    }
    const problem = samplingProblem(option.name, reading.value);
    if (problem) report(accept, 'COORD056', `${problem}, not ${option.value}`, { node: option, property: 'value' });
  }
}
