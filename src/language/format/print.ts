import { GrammarUtils, type AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import type { Comment } from './comments.js';

const INDENT = '  ';

/**
 * Prints a parsed file in canonical style: one statement per line, two-space indents, blocks
 * with one item inline (`agent tally { function "./t.ts" }`), at most one blank line kept
 * where the source had some. Comments stay: a comment on its own line stays before the
 * statement that follows it, a comment at the end of a line stays at the end of that line,
 * and a comment inside a one-line statement moves to the line before it.
 */
export function printModel(model: ast.Model, source: string, comments: Comment[]): string {
  return new Printer(source, comments).model(model);
}

class Printer {
  private readonly lines: string[] = [];
  private next = 0;
  private depth = 0;
  /** Source offset where the previous printed thing ended, to find blank lines. */
  private lastEnd = -1;
  /** True while printing an item of an inline block, whose line is not a line of its own. */
  private inlining = false;

  constructor(
    private readonly source: string,
    private readonly comments: Comment[],
  ) {}

  model(model: ast.Model): string {
    for (const statement of model.imports) this.statement(statement, `import ${this.sourceOf(statement, 'path')}`);
    for (const member of model.members) this.topLevel(member);
    this.flushComments(this.source.length);
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }

  private topLevel(member: ast.TopLevel | ast.WorkflowMember): void {
    switch (member.$type) {
      case 'Workflow':
        return this.block(member, `workflow ${member.name}`, member.members, (m) => this.topLevel(m), 'always');
      case 'Policy':
        return this.block(member, `policy ${member.name}`, member.settings, (s) => this.channelSetting(s));
      case 'Agent': {
        const head = `agent ${member.name}${member.template ? ` from ${member.template.$refText}` : ''}`;
        if (member.template && member.settings.length === 0 && !member.$cstNode!.text.includes('{')) return this.statement(member, head);
        return this.block(member, head, member.settings, (s) => this.agentSetting(s));
      }
      case 'Coordinator':
        return this.block(member, 'coordinator', member.settings, (s) =>
          ast.isModelSetting(s) ? this.statement(s, `model ${this.sourceOf(s, 'value')}`) : this.statement(s, `device ${s.value}`),
        );
      case 'Channel': {
        const guard = member.guard ? ` when ${this.expr(member.guard)}` : '';
        const head = `channel ${member.from.$refText} -> ${member.to.$refText}${member.policy ? ` uses ${member.policy.$refText}` : ''}${guard}`;
        if (member.settings.length === 0) return this.statement(member, head);
        return this.block(member, head, member.settings, (s) => this.channelSetting(s));
      }
      case 'Conversation': {
        const head = `conversation ${member.name}`;
        const members = `members ${member.members.map((m) => m.$refText).join(', ')}`;
        const cst = member.$cstNode!;
        this.flushComments(cst.offset);
        this.blankLineBefore(cst.offset);
        this.emit(`${head} {`, cst.offset + cst.text.indexOf('{') + 1);
        this.depth++;
        this.lines.push(INDENT.repeat(this.depth) + members);
        for (const setting of member.settings) {
          if (ast.isWindowSetting(setting)) this.statement(setting, `window ${setting.amount} ${setting.unit}`);
          else this.channelSetting(setting);
        }
        this.flushComments(cst.end - 1);
        this.depth--;
        this.emit('}', cst.end);
        return;
      }
      case 'Flow':
        return this.block(member, 'flow', member.items, (item) => this.flowItem(item), 'always');
      case 'Budget':
        return this.statement(member, this.budget(member));
    }
  }

  private agentSetting(setting: ast.AgentSetting): void {
    switch (setting.$type) {
      case 'ModelSetting':
        return this.statement(setting, `model ${this.sourceOf(setting, 'value')}`);
      case 'RoleSetting':
        return this.statement(setting, setting.file !== undefined ? `role file ${this.sourceOf(setting, 'file')}` : `role ${this.sourceOf(setting, 'value')}`);
      case 'MemorySetting':
        return this.statement(setting, `memory ${setting.amount} ${setting.unit}`);
      case 'FunctionSetting':
        return this.statement(setting, `function ${this.sourceOf(setting, 'path')}`);
      case 'Budget':
        return this.statement(setting, this.budget(setting));
      case 'OutputSetting': {
        const fields = setting.fields.map((f) =>
          f.values.length > 0 ? `${f.name}: ${f.values.map((_, i) => this.sourceOf(f, 'values', i)).join(' | ')}` : `${f.name}: ${f.type}${f.array ? '[]' : ''}`,
        );
        return this.statement(setting, fields.length === 0 ? 'output {}' : `output { ${fields.join(', ')} }`);
      }
      case 'ToolSetting': {
        const { source } = setting;
        const from = ast.isFunctionSetting(source)
          ? `function ${this.sourceOf(source, 'path')}`
          : `mcp ${source.transport} ${source.targets.map((_, i) => this.sourceOf(source, 'targets', i)).join(' ')}`;
        const limits = setting.limits.map((l) => `max ${l.amount} ${l.unit} per ${l.per}`);
        return this.statement(setting, `tool ${setting.name} ${from}${limits.length > 0 ? ` { ${limits.join('  ')} }` : ''}`);
      }
      case 'FallbackSetting':
        return this.statement(setting, `fallback ${setting.models.map((_, i) => this.sourceOf(setting, 'models', i)).join(', ')}`);
      case 'SamplingSetting': {
        const options = setting.options.map((o) => `${o.name} ${o.value}`);
        return this.statement(setting, options.length === 0 ? 'sampling {}' : `sampling { ${options.join(' ')} }`);
      }
    }
  }

  private channelSetting(setting: ast.ChannelSetting): void {
    switch (setting.$type) {
      case 'ModeSetting':
        return this.statement(setting, `mode ${setting.value}`);
      case 'OverflowSetting':
        return this.statement(setting, `on overflow ${setting.value}`);
      case 'ReadoutSetting':
        return this.statement(setting, `readout ${setting.amount} ${setting.unit}`);
      case 'SplitSetting':
        return this.statement(setting, `split ${setting.amount} ${setting.unit}`);
      case 'Budget':
        return this.statement(setting, this.budget(setting));
      case 'CompressSetting': {
        const options = setting.options.map((o) =>
          ast.isViaOption(o) ? `via ${this.sourceOf(o, 'value')}` : `${ast.isTargetOption(o) ? 'target' : 'level'} ${o.value}`,
        );
        return this.statement(setting, `compress ${setting.method}${options.length > 0 ? ` { ${options.join(' ')} }` : ''}`);
      }
    }
  }

  private flowItem(item: ast.FlowItem): void {
    switch (item.$type) {
      case 'Start':
        return this.statement(item, `start ${item.node.$refText}`);
      case 'Transition': {
        const guard = item.guard ? ` when ${this.expr(item.guard)}` : '';
        const max = item.max !== undefined ? ` max ${item.max}` : '';
        return this.statement(item, `${item.from.$refText} -> ${target(item.target)}${guard}${max}`);
      }
      case 'ParallelNode': {
        const head = `parallel ${item.name}${item.join !== undefined ? ` join ${item.join}` : ''}`;
        return this.block(item, head, item.branches, (b) => this.statement(b, `branch ${b.steps.map((s) => s.$refText).join(' -> ')}`), 'always');
      }
      case 'MapNode': {
        const parts = [`map ${item.name} = ${item.agent.$refText} over ${valueRef(item.over)}`];
        if (item.max !== undefined) parts.push(`max ${item.max}`);
        if (item.concurrency !== undefined) parts.push(`concurrency ${item.concurrency}`);
        if (item.onFailure !== undefined) parts.push(`on failure ${item.onFailure}`);
        return this.statement(item, parts.join(' '));
      }
      case 'HumanNode': {
        const parts = [`human ${item.name} ${item.ask} ${this.sourceOf(item, 'prompt')}`];
        if (item.options.length > 0) parts.push(`options ${item.options.map((_, i) => this.sourceOf(item, 'options', i)).join(', ')}`);
        if (item.timeout) {
          const t = item.timeout;
          parts.push(`timeout ${t.amount} ${t.unit}${t.target ? ` -> ${target(t.target)}` : ''}`);
        }
        return this.statement(item, parts.join(' '));
      }
      case 'LoopLimit':
        return this.statement(item, `loop max ${item.max} { ${item.nodes.map((node) => node.$refText).join(', ')} }`);
    }
  }

  private budget(budget: ast.Budget): string {
    const scope = budget.total ? ' total' : budget.per !== undefined ? ` per ${budget.per}` : '';
    return `budget ${budget.amount} ${budget.unit}${scope}`;
  }

  private expr(expr: ast.Expr): string {
    switch (expr.$type) {
      case 'Or':
        return expr.args.map((a) => this.expr(a)).join(' or ');
      case 'And':
        return expr.args.map((a) => this.expr(a)).join(' and ');
      case 'Not':
        return `not ${this.expr(expr.arg)}`;
      case 'Group':
        return `(${this.expr(expr.inner)})`;
      case 'Comparison':
        if (expr.op === undefined) return valueRef(expr.left);
        return `${valueRef(expr.left)} ${expr.op} ${expr.right ? this.literal(expr.right) : valueRef(expr.other!)}`;
    }
  }

  private literal(literal: ast.Literal): string {
    if (literal.text !== undefined) return this.sourceOf(literal, 'text');
    return literal.number ?? literal.bool ?? '';
  }

  /** A block: `head { ... }`; inline when it holds at most one item and no comment, unless `always` multi-line. */
  private block<T extends AstNode>(node: AstNode, head: string, items: T[], print: (item: T) => void, layout: 'always' | 'fit' = 'fit'): void {
    const cst = node.$cstNode!;
    const open = cst.offset + cst.text.indexOf('{');
    const close = cst.end - 1;
    this.flushComments(cst.offset);
    const hasComment = (this.comments[this.next]?.offset ?? Infinity) < close;
    if (layout === 'fit' && items.length <= 1 && !hasComment) {
      const inner = items.length === 0 ? '' : this.inline(items[0]!, print);
      this.statement(node, inner === '' ? `${head} {}` : `${head} { ${inner} }`);
      return;
    }
    this.flushComments(open);
    this.blankLineBefore(cst.offset);
    this.emit(head + ' {', open + 1);
    this.depth++;
    for (const item of items) print(item);
    this.flushComments(close);
    this.depth--;
    this.emit('}', cst.end);
  }

  /** The text `print` would give one item, without emitting it (comments inside are flushed first). */
  private inline<T extends AstNode>(item: T, print: (item: T) => void): string {
    const mark = this.lines.length;
    const saved = { lastEnd: this.lastEnd, depth: this.depth };
    this.depth = 0;
    this.inlining = true;
    print(item);
    this.inlining = false;
    const printed = this.lines.splice(mark).join(' ').trim();
    this.lastEnd = saved.lastEnd;
    this.depth = saved.depth;
    return printed;
  }

  private statement(node: AstNode, text: string): void {
    const cst = node.$cstNode!;
    this.flushComments(cst.end);
    if (!this.inlining) this.blankLineBefore(cst.offset);
    this.emit(text, cst.end);
  }

  /** Emits a line and appends a comment that follows `end` on the same source line. */
  private emit(text: string, end: number): void {
    let line = INDENT.repeat(this.depth) + text;
    const comment = this.comments[this.next];
    if (!this.inlining && comment && comment.offset >= end && this.onlySpacesBetween(end, comment.offset)) {
      line += ` ${comment.text}`;
      end = comment.end;
      this.next++;
    }
    this.lines.push(line);
    this.lastEnd = end;
  }

  /** Emits, each on its own line, the comments that start before `offset`. */
  private flushComments(offset: number): void {
    while (this.next < this.comments.length && this.comments[this.next]!.offset < offset) {
      const comment = this.comments[this.next++]!;
      this.blankLineBefore(comment.offset);
      this.lines.push(INDENT.repeat(this.depth) + comment.text);
      this.lastEnd = comment.end;
    }
  }

  /** Keeps one blank line where the source had at least one, except at the start of the file or of a block. */
  private blankLineBefore(offset: number): void {
    if (this.lastEnd < 0 || this.lines.length === 0) return;
    const previous = this.lines[this.lines.length - 1]!;
    if (previous.endsWith('{') || previous === '') return;
    const gap = this.source.slice(this.lastEnd, offset);
    if (/\n[ \t]*\r?\n/.test(gap)) this.lines.push('');
  }

  private onlySpacesBetween(start: number, end: number): boolean {
    for (let i = start; i < end; i++) {
      const c = this.source[i];
      if (c !== ' ' && c !== '\t') return false;
    }
    return true;
  }

  private sourceOf(node: AstNode, property: string, index?: number): string {
    return GrammarUtils.findNodeForProperty(node.$cstNode, property, index)?.text ?? '';
  }
}

function target(t: ast.Target): string {
  return t.done ? 'done' : (t.node?.$refText ?? '');
}

function valueRef(ref: ast.ValueRef): string {
  return [ref.node.$refText, ...ref.path].join('.');
}
