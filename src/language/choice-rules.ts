import { GrammarAST, type LangiumParser } from 'langium';
import type { IOrAlt, TokenType, TokenVocabulary } from 'chevrotain';

type RuleImpl = Parameters<LangiumParser['rule']>[1];

/**
 * The implementation of a rule that is nothing but a choice between plain alternatives
 * (`FieldName: ID | 'import' | …`, `AgentSetting: ModelSetting | RoleSetting | …`), with its
 * list of alternatives built once; undefined for any other rule, which keeps Langium's.
 *
 * Langium's parser builder (langium 4.4, `buildAlternatives`) maps its alternatives to a fresh
 * array of fresh closures every time the choice is parsed: FieldName's 57 alternatives for every
 * field name, a third of all the memory a large lint allocates. This one makes the same calls
 * (`consume` or `subrule` of the same element, with the same occurrence indices: Langium numbers
 * each kind from 1 within a rule, in the order of the alternatives) from one list, as Langium
 * itself does for its infix rules. Alternatives qualify only without cardinality or guards, and
 * rule calls only without arguments to rules without parameters, so that what Langium's closures
 * carry (the rule's arguments) is never read; test/language/parser.test.ts compares the trees
 * with those of Langium's own parser.
 */
export function choiceRule(parser: LangiumParser, rule: GrammarAST.ParserRule | GrammarAST.InfixRule, tokens: TokenVocabulary): RuleImpl | undefined {
  if (!GrammarAST.isParserRule(rule) || rule.parameters.length > 0) return undefined;
  const choice = rule.definition;
  if (!GrammarAST.isAlternatives(choice) || choice.cardinality) return undefined;
  let consumed = 1;
  let called = 1;
  const alternatives: Array<IOrAlt<unknown>> = [];
  for (const element of choice.elements) {
    if (element.cardinality) return undefined;
    if (GrammarAST.isKeyword(element)) {
      const idx = consumed++;
      const token = tokenOf(tokens, element.value);
      alternatives.push({ ALT: () => parser.consume(idx, token, element) });
    } else if (GrammarAST.isRuleCall(element) && element.arguments.length === 0 && GrammarAST.isTerminalRule(element.rule.ref)) {
      const idx = consumed++;
      const token = tokenOf(tokens, element.rule.ref.name);
      alternatives.push({ ALT: () => parser.consume(idx, token, element) });
    } else if (GrammarAST.isRuleCall(element) && element.arguments.length === 0 && GrammarAST.isParserRule(element.rule.ref) && element.rule.ref.parameters.length === 0) {
      const idx = called++;
      const callee = element.rule.ref;
      // Looked up on first use, as Langium does: the callee may be defined after this rule.
      let calleeRule: ReturnType<LangiumParser['getRule']>;
      alternatives.push({ ALT: () => parser.subrule(idx, (calleeRule ??= parser.getRule(callee.name)!), callee.fragment, element, NO_ARGUMENTS) });
    } else {
      return undefined;
    }
  }
  // The rule's only choice, so its first: Langium numbers choices from 1 as well.
  return () => parser.alternatives(1, alternatives);
}

/** What a rule without parameters is called with: nothing reads it. */
const NO_ARGUMENTS: Record<string, boolean> = Object.freeze({});

function tokenOf(tokens: TokenVocabulary, name: string): TokenType {
  const token = (tokens as Record<string, TokenType>)[name];
  if (!token) throw new Error(`no token for ${name}`);
  return token;
}
