import type { ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { report } from '../report.js';
import { agentParts, ownAgentParts, budgetScope, channelParts, effectiveChannelParts, effectiveScope, enclosingWorkflow, workflowParts, type BudgetScope } from '../settings.js';
import { didYouMean } from '../suggest.js';
import { checkTokenUnit, positiveInteger } from './quantities.js';
import { budgetValue } from '../budget-value.js';

/** Which scopes each kind of block accepts, and what an unscoped budget means there. */
const SCOPES: Record<'Workflow' | 'Agent' | 'Channel' | 'Policy' | 'Conversation', { allowed: BudgetScope[]; words: string[] }> = {
  Workflow: { allowed: ['unscoped'], words: [] },
  Agent: { allowed: ['unscoped', 'turn', 'total'], words: ['turn'] },
  Channel: { allowed: ['unscoped', 'message', 'run'], words: ['message', 'run'] },
  Policy: { allowed: ['unscoped', 'message', 'run'], words: ['message', 'run'] },
  Conversation: { allowed: ['unscoped', 'message', 'run', 'member'], words: ['message', 'run', 'member'] },
};

/** Amounts, units and scopes of every budget statement, and the readout budget. */
export function checkBudget(budget: ast.Budget, accept: ValidationAcceptor): void {
  positiveInteger(accept, budget, 'amount', 'a budget');
  checkTokenUnit(accept, budget);
  const owner = budget.$container.$type;
  const rule = SCOPES[owner];
  const scope = budgetScope(budget);
  if (rule.allowed.includes(scope)) return;
  if (owner === 'Workflow') {
    report(accept, 'COORD023', `a workflow budget is a cap for the whole run; it takes no scope`, { node: budget, property: budget.total ? 'total' : 'per' }, `write 'budget ${budget.amount} ${budget.unit}'`);
    return;
  }
  const word = budget.per ?? 'total';
  const allowed = [...rule.words.map((w) => `per ${w}`), ...(owner === 'Agent' ? ['total'] : [])];
  report(
    accept,
    'COORD023',
    `'${budget.total ? 'total' : `per ${word}`}' is not a budget scope for ${owner === 'Agent' ? 'an agent' : `a ${owner.toLowerCase()}`}; use ${allowed.join(' or ')}`,
    { node: budget, property: budget.total ? 'total' : 'per' },
    budget.per === undefined ? undefined : didYouMean(budget.per, rule.words),
  );
}

export function checkReadout(readout: ast.ReadoutSetting, accept: ValidationAcceptor): void {
  positiveInteger(accept, readout, 'amount', 'a readout budget');
  checkTokenUnit(accept, readout);
}

export function checkMemory(memory: ast.MemorySetting, accept: ValidationAcceptor): void {
  positiveInteger(accept, memory, 'amount', 'a memory budget');
  checkTokenUnit(accept, memory);
}

export function checkWindow(window: ast.WindowSetting, accept: ValidationAcceptor): void {
  positiveInteger(accept, window, 'amount', 'a conversation window');
  checkTokenUnit(accept, window);
}

/** Two distinct members at least, one window, each budget scope once; budgets within the workflow's. */
export function checkConversation(conversation: ast.Conversation, accept: ValidationAcceptor): void {
  const names = conversation.members.map((member) => member.$refText);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) {
    report(accept, 'COORD020', `'${repeated}' is a member of conversation '${conversation.name}' twice`, { node: conversation, property: 'members', index: names.lastIndexOf(repeated) });
  } else if (names.length < 2) {
    report(accept, 'COORD065', `conversation '${conversation.name}' has one member; it needs two at least`, { node: conversation, property: 'name' }, 'add a member, or use `memory` for an agent that talks to itself');
  }
  const seen = new Set<string>();
  for (const setting of conversation.settings) {
    if (ast.isBudget(setting) || ast.isWindowSetting(setting)) continue;
    if (seen.has(setting.$type)) report(accept, 'COORD022', `'${ast.isModeSetting(setting) ? 'mode' : 'readout'}' is given twice`, { node: setting }, 'keep one of them');
    seen.add(setting.$type);
  }
  const mode = conversation.settings.find(ast.isModeSetting)?.value ?? 'text';
  const readout = conversation.settings.find(ast.isReadoutSetting);
  const workflow = enclosingWorkflow(conversation);
  if ((mode === 'latent' || mode === 'hybrid') && workflow && workflowParts(workflow).coordinators.length === 0) {
    report(accept, 'COORD043', `conversation ${conversation.name} is ${mode} but the workflow has no coordinator block`, { node: conversation.settings.find(ast.isModeSetting)! });
  }
  if (mode === 'text' && readout) report(accept, 'COORD044', `conversation ${conversation.name} is a text conversation; its readout budget has no effect`, { node: readout });
  const windows = conversation.settings.filter(ast.isWindowSetting);
  if (windows.length === 0) {
    report(accept, 'COORD024', `conversation '${conversation.name}' has no window`, { node: conversation, property: 'name' }, 'add `window <n> tokens`: how much of the latest conversation a member reads at its turn');
  }
  for (const extra of windows.slice(1)) report(accept, 'COORD022', `'window' is given twice`, { node: extra }, 'keep one of them');
  const budgets = conversation.settings.filter(ast.isBudget);
  reportRepeatedScopes(budgets, accept);
  const cap = enclosingWorkflow(conversation) && workflowParts(enclosingWorkflow(conversation)!).budgets[0];
  for (const budget of budgets) exceeds(accept, budget, cap, `conversation budget (per ${effectiveScope(budget)})`, 'the workflow budget');
}

/** Per-turn within an agent's total, and no agent budget above the workflow's. */
export function checkAgentBudgets(agent: ast.Agent, accept: ValidationAcceptor): void {
  reportRepeatedScopes(ownAgentParts(agent).budgets, accept);
  // An instance inherits its template's budgets; what is wrong in the template alone is reported there, once.
  const { budgets } = agentParts(agent);
  const perTurn = budgets.find((b) => effectiveScope(b) === 'turn');
  const total = budgets.find((b) => effectiveScope(b) === 'total');
  if (perTurn?.$container === agent || total?.$container === agent) exceeds(accept, perTurn, total, 'per-turn budget', "the agent's total budget");
  // What memory gives back is input of the turn: a turn that reads all of it must still have room to answer.
  const memory = agentParts(agent).memory;
  const memoryTokens = memory && budgetValue(memory);
  const perTurnTokens = perTurn && budgetValue(perTurn);
  if (memory && memoryTokens !== undefined && perTurnTokens !== undefined && memoryTokens >= perTurnTokens && (memory.$container === agent || perTurn!.$container === agent)) {
    report(accept, 'COORD032', `memory ${memoryTokens} is not below the per-turn budget ${perTurnTokens}: a turn that reads back all of it has nothing left to answer with`, memory.$container === agent ? { node: memory, property: 'amount' } : { node: perTurn!, property: 'amount' }, `lower the memory below ${perTurnTokens}, or raise the per-turn budget`);
  }
  const workflowBudget = workflowCap(agent);
  if (total?.$container === agent) exceeds(accept, total, workflowBudget, "agent's total budget", 'the workflow budget');
  if (perTurn?.$container === agent) exceeds(accept, perTurn, workflowBudget, 'per-turn budget', 'the workflow budget');
}

/** Per-message within per-run, both within the workflow's cap (policy settings included). */
export function checkChannelBudgets(channel: ast.Channel, accept: ValidationAcceptor): void {
  reportRepeatedScopes(channelParts(channel.settings).budgets, accept);
  const { budgets } = effectiveChannelParts(channel);
  const perMessage = budgets.find((b) => effectiveScope(b) === 'message');
  const perRun = budgets.find((b) => effectiveScope(b) === 'run');
  const at = { node: channel, property: 'to' as const };
  exceeds(accept, perMessage, perRun, 'per-message budget', "the channel's per-run budget", at);
  const workflowBudget = workflowCap(channel);
  exceeds(accept, perRun, workflowBudget, "channel's per-run budget", 'the workflow budget', at);
  exceeds(accept, perMessage, workflowBudget, 'per-message budget', 'the workflow budget', at);
}

export function checkPolicyBudgets(policy: ast.Policy, accept: ValidationAcceptor): void {
  const { budgets } = channelParts(policy.settings);
  reportRepeatedScopes(budgets, accept);
  const perMessage = budgets.find((b) => effectiveScope(b) === 'message');
  const perRun = budgets.find((b) => effectiveScope(b) === 'run');
  exceeds(accept, perMessage, perRun, 'per-message budget', "the policy's per-run budget");
}

export function checkWorkflowBudgets(workflow: ast.Workflow, accept: ValidationAcceptor): void {
  reportRepeatedScopes(workflowParts(workflow).budgets, accept);
}

function workflowCap(node: ast.Agent | ast.Channel): ast.Budget | undefined {
  const workflow = enclosingWorkflow(node);
  return workflow ? workflowParts(workflow).budgets[0] : undefined;
}

function reportRepeatedScopes(budgets: ast.Budget[], accept: ValidationAcceptor): void {
  const seen = new Set<BudgetScope>();
  for (const budget of budgets) {
    const scope = effectiveScope(budget);
    if (scope === 'unknown') continue;
    if (seen.has(scope)) report(accept, 'COORD022', `this budget is given twice`, { node: budget }, 'keep one of them');
    seen.add(scope);
  }
}

/**
 * Reports `inner` when it is larger than `outer`. The finding points at `inner` when it is
 * declared in the same block as `at`, otherwise at `at` (a channel using a policy's budget).
 */
function exceeds(
  accept: ValidationAcceptor,
  inner: ast.Budget | undefined,
  outer: ast.Budget | undefined,
  innerName: string,
  outerName: string,
  at?: { node: ast.Channel; property: 'to' },
): void {
  if (!inner || !outer) return;
  const innerValue = budgetValue(inner);
  const outerValue = budgetValue(outer);
  if (innerValue === undefined || outerValue === undefined || innerValue <= outerValue) return;
  const target = at && inner.$container !== at.node ? at : { node: inner, property: 'amount' as const };
  report(
    accept,
    'COORD032',
    `${innerName} ${innerValue} exceeds ${outerName} ${outerValue}`,
    target,
    `lower it to at most ${outerValue}, or raise ${outerName}`,
  );
}
