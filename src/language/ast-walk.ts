import { isAstNode, isMultiReference, isReference, type AstNode, type ReferenceInfo } from 'langium';

const DOLLAR = 36; // '$': Langium's own properties ($type, $container, $cstNode…)

/** A parse result's tree never changes after parsing, so linking and validation share one walk of it. */
const walked = new WeakMap<AstNode, AstNode[]>();

/**
 * Every AST node under `root`, itself first, depth-first with children in property order:
 * the order of Langium's `streamAst`, built with a plain stack instead of lazy streams
 * (which cost more than the checks they feed on a large file).
 */
export function allNodes(root: AstNode): AstNode[] {
  const known = walked.get(root);
  if (known) return known;
  const nodes: AstNode[] = [];
  const stack: AstNode[] = [root];
  const children: AstNode[] = [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    nodes.push(node);
    children.length = 0;
    // for…in with a first-character test: no array of keys per node (AST nodes have no inherited enumerable keys).
    for (const key in node) {
      if (key.charCodeAt(0) === DOLLAR) continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      if (isAstNode(value)) children.push(value);
      else if (Array.isArray(value)) for (const element of value) if (isAstNode(element)) children.push(element);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  walked.set(root, nodes);
  return nodes;
}

/** The references a node holds, in property order, as Langium's `streamReferences` lists them. */
export function referencesOf(node: AstNode): ReferenceInfo[] {
  const found: ReferenceInfo[] = [];
  for (const key in node) {
    if (key.charCodeAt(0) === DOLLAR) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (isReference(value) || isMultiReference(value)) {
      found.push({ reference: value, container: node, property: key });
    } else if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        const element: unknown = value[index];
        if (isReference(element) || isMultiReference(element)) found.push({ reference: element, container: node, property: key, index });
      }
    }
  }
  return found;
}
