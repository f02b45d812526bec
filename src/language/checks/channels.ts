import type { ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { readNumber } from '../numbers.js';
import { report } from '../report.js';
import { effectiveChannelParts, enclosingWorkflow, workflowParts } from '../settings.js';

/** Each channel setting at most once per block (budgets are checked per scope elsewhere). */
export function checkChannelSettingsOnce(block: ast.Channel | ast.Policy, accept: ValidationAcceptor): void {
  const seen = new Set<string>();
  for (const setting of block.settings) {
    if (ast.isBudget(setting)) continue;
    if (seen.has(setting.$type)) report(accept, 'COORD022', `'${settingKeyword(setting)}' is given twice`, { node: setting }, 'keep one of them');
    seen.add(setting.$type);
  }
}

/** Latent and hybrid channels need a coordinator; a readout only matters when there is one. */
export function checkChannelMode(channel: ast.Channel, accept: ValidationAcceptor): void {
  const parts = effectiveChannelParts(channel);
  const mode = parts.mode?.value ?? 'text';
  const workflow = enclosingWorkflow(channel);
  const where = (setting: ast.ChannelSetting) =>
    setting.$container === channel ? { node: setting } : { node: channel, property: 'policy' as const };
  if ((mode === 'latent' || mode === 'hybrid') && workflow && workflowParts(workflow).coordinators.length === 0) {
    report(accept, 'COORD043', `channel ${channelId(channel)} is ${mode} but the workflow has no coordinator block`, where(parts.mode!));
  }
  if (mode === 'text' && parts.readout) {
    report(accept, 'COORD044', `channel ${channelId(channel)} is a text channel; its readout budget has no effect`, where(parts.readout));
  }
}

/** One channel per sender and receiver; none from an agent to itself. */
export function checkChannelsOfWorkflow(workflow: ast.Workflow, accept: ValidationAcceptor): void {
  const seen = new Set<string>();
  for (const channel of workflowParts(workflow).channels) {
    const id = channelId(channel);
    if (seen.has(id)) report(accept, 'COORD041', `channel ${id} is declared twice`, { node: channel, property: 'to' });
    seen.add(id);
    if (channel.from.$refText === channel.to.$refText) {
      report(accept, 'COORD042', `channel ${id} joins agent '${channel.from.$refText}' to itself`, { node: channel, property: 'to' });
    }
  }
}

export function channelId(channel: ast.Channel): string {
  return `${channel.from.$refText}->${channel.to.$refText}`;
}

/** `target` in (0, 1], `level` a whole number 0–3, each option at most once. */
export function checkCompressOptions(compress: ast.CompressSetting, accept: ValidationAcceptor): void {
  const seen = new Set<string>();
  for (const option of compress.options) {
    if (seen.has(option.$type)) report(accept, 'COORD022', `compression option given twice`, { node: option }, 'keep one of them');
    seen.add(option.$type);
    if (ast.isTargetOption(option)) checkTarget(option, accept);
    if (ast.isLevelOption(option)) checkLevel(option, accept);
  }
}

function checkTarget(option: ast.TargetOption, accept: ValidationAcceptor): void {
  const reading = readNumber(option.value);
  if (!reading.ok) {
    report(accept, reading.code, `compression target: ${reading.message}`, { node: option, property: 'value' });
  } else if (!(reading.value > 0 && reading.value <= 1)) {
    report(accept, 'COORD045', `compression target ${option.value} is outside (0, 1]`, { node: option, property: 'value' }, 'it is the fraction of tokens to keep, e.g. 0.5');
  }
}

function checkLevel(option: ast.LevelOption, accept: ValidationAcceptor): void {
  const reading = readNumber(option.value);
  if (!reading.ok) {
    report(accept, reading.code, `compression level: ${reading.message}`, { node: option, property: 'value' });
  } else if (!Number.isInteger(reading.value) || reading.value < 0 || reading.value > 3) {
    report(accept, 'COORD046', `compression level ${option.value} is not 0, 1, 2 or 3`, { node: option, property: 'value' });
  }
}

function settingKeyword(setting: Exclude<ast.ChannelSetting, ast.Budget>): string {
  switch (setting.$type) {
    case 'ModeSetting':
      return 'mode';
    case 'CompressSetting':
      return 'compress';
    case 'OverflowSetting':
      return 'on overflow';
    case 'ReadoutSetting':
      return 'readout';
    case 'SplitSetting':
      return 'split';
  }
}
