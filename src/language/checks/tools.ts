import type { ValidationAcceptor } from 'langium';
import { McpTransport } from '../../ir/schema.js';
import * as ast from '../generated/ast.js';
import { readNumber } from '../numbers.js';
import { report } from '../report.js';
import { agentParts, effectiveScope, toolLimitKind } from '../settings.js';
import { positiveInteger } from './quantities.js';
import { oneOf } from './values.js';

/**
 * Tool declarations: only a model calls tools, names are unique within an agent, an MCP
 * server has a command or a URL, and each limit is one coord knows, given once, and one a
 * turn of the agent can honour.
 */
export function checkAgentTools(agent: ast.Agent, accept: ValidationAcceptor): void {
  const parts = agentParts(agent);
  if (parts.tools.length === 0) return;
  if (parts.fn) {
    report(accept, 'COORD070', `agent '${agent.name}' is a function agent and declares tools`, { node: parts.tools[0]!, property: 'name' }, 'tools are called by a model: give the agent a `model`, or call the code from your function directly');
  }
  const seen = new Set<string>();
  for (const tool of parts.tools) {
    if (seen.has(tool.name)) report(accept, 'COORD071', `tool '${tool.name}' is declared twice in agent '${agent.name}'`, { node: tool, property: 'name' }, 'rename one of them, or keep one');
    seen.add(tool.name);
  }
  const perTurn = parts.budgets.find((b) => effectiveScope(b) === 'turn');
  const turnTokens = perTurn ? readNumber(perTurn.amount) : undefined;
  if (!turnTokens?.ok) return;
  for (const tool of parts.tools) {
    const limit = tool.limits.find((l) => toolLimitKind(l) === 'tokens');
    const reading = limit ? readNumber(limit.amount) : undefined;
    if (limit && reading?.ok && reading.value >= turnTokens.value) {
      report(
        accept,
        'COORD075',
        `tool '${tool.name}' may return ${reading.value} tokens, and a turn of agent '${agent.name}' has ${turnTokens.value} in all`,
        { node: limit, property: 'amount' },
        'lower the result limit below the per-turn budget, or raise the budget: a longer result is cut to what the turn has left',
      );
    }
  }
}

/** An MCP server: a known transport, a command for stdio, one http(s) URL for http. */
export function checkMcpSource(source: ast.McpSource, accept: ValidationAcceptor): void {
  oneOf(accept, source, 'transport', 'MCP transport', McpTransport.options);
  if (source.transport === 'stdio' && (source.targets[0] ?? '').trim() === '') {
    report(accept, 'COORD072', 'an MCP server over stdio needs the command that starts it', { node: source, property: 'targets' }, 'write `mcp stdio "node" "./server.js"`: the command, then each argument as a string');
  }
  if (source.transport === 'http') {
    if (source.targets.length !== 1) {
      report(accept, 'COORD072', `an MCP server over http takes one URL, not ${source.targets.length}`, { node: source, property: 'targets' }, 'write `mcp http "http://127.0.0.1:8931/mcp"`');
    } else if (!isHttpUrl(source.targets[0]!)) {
      report(accept, 'COORD072', `"${source.targets[0]}" is not an http or https URL`, { node: source, property: 'targets', index: 0 }, 'write the server\'s endpoint, e.g. "http://127.0.0.1:8931/mcp"');
    }
  }
}

/** `max N calls per turn` or `max N tokens per result`, each at most once per tool. */
export function checkToolLimits(tool: ast.ToolSetting, accept: ValidationAcceptor): void {
  const given = new Set<string>();
  for (const limit of tool.limits) {
    const kind = toolLimitKind(limit);
    if (!kind) {
      report(accept, 'COORD073', `unknown tool limit 'max ${limit.amount} ${limit.unit} per ${limit.per}'`, { node: limit }, 'a tool takes `max N calls per turn` and `max N tokens per result`');
      continue;
    }
    if (given.has(kind)) report(accept, 'COORD074', `tool '${tool.name}' limits its ${kind === 'calls' ? 'calls per turn' : 'tokens per result'} twice`, { node: limit }, 'keep one of them');
    given.add(kind);
    positiveInteger(accept, limit, 'amount', kind === 'calls' ? 'calls per turn' : 'tokens per result');
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
