import { createDefaultCoreModule, createDefaultSharedCoreModule, EmptyFileSystem, GrammarAST, inject, type LangiumCoreServices, type LangiumParser } from 'langium';
import { describe, expect, it, vi } from 'vitest';
import { choiceRule } from '../../src/language/choice-rules.js';
import { CoordModule } from '../../src/language/coord-module.js';
import { CoordGeneratedModule, CoordGeneratedSharedModule } from '../../src/language/generated/module.js';

/** Fresh services, so that spying on their parser touches no other test's. */
function services(): LangiumCoreServices {
  const shared = inject(createDefaultSharedCoreModule(EmptyFileSystem), CoordGeneratedSharedModule);
  return inject(createDefaultCoreModule({ shared }), CoordGeneratedModule, CoordModule);
}

describe('rules that are a plain choice', () => {
  const { Grammar, parser } = services();
  const rule = (name: string) => Grammar.rules.find((r): r is GrammarAST.ParserRule => GrammarAST.isParserRule(r) && r.name === name)!;

  it('get one list of alternatives: choices of keywords, terminals and rules called without arguments', () => {
    const built = (name: string) => choiceRule(parser.LangiumParser, rule(name), parser.Lexer.definition) !== undefined;
    for (const name of ['FieldName', 'Word', 'CompareOp', 'BooleanWord', 'AgentSetting', 'WorkflowMember', 'ChannelSetting', 'FlowItem', 'UnaryExpr', 'TopLevel']) expect(built(name), name).toBe(true);
    // A choice between assignments, a sequence, a rule that is a single call: Langium's own.
    for (const name of ['Target', 'Literal', 'Budget', 'Expr', 'Model']) expect(built(name), name).toBe(false);
  });

  it('parse every occurrence from the same list, where Langium made a new one each time', () => {
    const { parser: fresh } = services();
    const seen = new Map<number, { calls: number; lists: Set<unknown> }>();
    const alternatives = fresh.LangiumParser.alternatives.bind(fresh.LangiumParser);
    vi.spyOn(fresh.LangiumParser as LangiumParser, 'alternatives').mockImplementation((idx, choices) => {
      const entry = seen.get(choices.length) ?? { calls: 0, lists: new Set() };
      entry.calls++;
      entry.lists.add(choices);
      seen.set(choices.length, entry);
      return alternatives(idx, choices);
    });
    const fields = Array.from({ length: 40 }, (_, i) => `f${i}: string`).join(', ');
    const text = `workflow w {\n  agent a {\n    function "./a.ts"\n    output { ${fields}, max: number }\n  }\n  flow { start a  a -> done when a.max > 1 }\n}\n`;
    expect(fresh.LangiumParser.parse(text).parserErrors).toEqual([]);
    expect(fresh.LangiumParser.parse(text).parserErrors).toEqual([]);
    // FieldName is the only choice of 57: every field name (41 per parse, and `a.max`) used one list.
    const fieldNames = seen.get(57)!;
    expect(fieldNames.calls).toBe(2 * 42);
    expect(fieldNames.lists.size).toBe(1);
  });
});
