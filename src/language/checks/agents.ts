import type { ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { report } from '../report.js';
import { agentParts, templateChain } from '../settings.js';
import { fileExists, resolveFromSource } from './files.js';

export const FUNCTION_EXTENSIONS = ['.ts', '.js', '.mjs'];

/** An agent is either a model with a role, or a function; each setting at most once. */
export function checkAgentShape(agent: ast.Agent, accept: ValidationAcceptor): void {
  const parts = agentParts(agent);
  if (!parts.model && !parts.fn) {
    report(accept, 'COORD024', `agent '${agent.name}' has neither a model nor a function`, { node: agent, property: 'name' }, 'add `model "provider:model"` or `function "./path.ts"`');
  }
  if (parts.model && parts.fn) {
    report(accept, 'COORD025', `agent '${agent.name}' has both a model and a function`, { node: parts.fn }, 'a function agent runs your code and has no model; keep one of them');
  }
  const seen = new Set<string>();
  for (const setting of agent.settings) {
    if (ast.isBudget(setting) || ast.isToolSetting(setting)) continue;
    if (seen.has(setting.$type)) {
      report(accept, 'COORD022', `'${keywordOf(setting)}' is given twice in agent '${agent.name}'`, { node: setting }, 'keep one of them');
    }
    seen.add(setting.$type);
  }
}

/** The module of a function agent or function tool: a .ts/.js/.mjs file that should exist next to the workflow. */
export function checkFunctionPath(setting: ast.FunctionSetting, accept: ValidationAcceptor): void {
  const what = ast.isToolSetting(setting.$container) ? 'function tool module' : 'function agent module';
  if (!FUNCTION_EXTENSIONS.some((ext) => setting.path.endsWith(ext))) {
    report(accept, 'COORD053', `${what} "${setting.path}" is not a .ts, .js or .mjs file`, { node: setting, property: 'path' });
    return;
  }
  const resolved = resolveFromSource(setting, setting.path);
  if (!fileExists(resolved)) {
    report(accept, 'COORD052', `${what} "${setting.path}" does not exist (looked for ${resolved})`, { node: setting, property: 'path' });
  }
}

/** A role read from a file: the file must exist, next to the .coord file that names it. */
export function checkRoleFile(setting: ast.RoleSetting, accept: ValidationAcceptor): void {
  if (setting.file === undefined) return;
  const resolved = resolveFromSource(setting, setting.file);
  if (!fileExists(resolved)) {
    report(accept, 'COORD058', `role file "${setting.file}" does not exist (looked for ${resolved})`, { node: setting, property: 'file' });
  }
}

/** `agent a from b`: following templates must not lead back to the agent itself. */
export function checkTemplate(agent: ast.Agent, accept: ValidationAcceptor): void {
  const template = agent.template?.ref;
  if (!template) return;
  const chain = [template, ...templateChain(template)];
  if (chain.includes(agent)) {
    const cycle = [agent, ...chain.slice(0, chain.indexOf(agent) + 1)].map((a) => a.name).join(' from ');
    report(accept, 'COORD064', `agent '${agent.name}' is an instance of itself: ${cycle}`, { node: agent, property: 'template' });
  }
}

/** Output field names are unique within an agent. */
export function checkOutputFields(output: ast.OutputSetting, accept: ValidationAcceptor): void {
  const seen = new Set<string>();
  for (const field of output.fields) {
    if (seen.has(field.name)) report(accept, 'COORD020', `output field '${field.name}' is declared twice`, { node: field, property: 'name' });
    seen.add(field.name);
  }
}

function keywordOf(setting: Exclude<ast.AgentSetting, ast.Budget | ast.ToolSetting>): string {
  switch (setting.$type) {
    case 'ModelSetting':
      return 'model';
    case 'RoleSetting':
      return 'role';
    case 'FunctionSetting':
      return 'function';
    case 'OutputSetting':
      return 'output';
    case 'FallbackSetting':
      return 'fallback';
    case 'SamplingSetting':
      return 'sampling';
    case 'MemorySetting':
      return 'memory';
  }
}
