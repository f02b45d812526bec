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

/** The references under a root, in the order linking resolves them: by node in allNodes' order, then by property. */
const referencesUnder = new WeakMap<AstNode, ReferenceInfo[]>();

/**
 * Sets `$container`, `$containerProperty` and `$containerIndex` on every node under `root`, as
 * Langium's `linkContentToContainer(root, { deep: true })` does after each parse, and remembers
 * the nodes it met, in allNodes' order, and the references they hold, in allReferences' order:
 * the parser calls it in place of Langium's pass (parser.ts), whose `Object.entries` per node
 * (an array of pairs for every node of the tree) made it about three times as slow, and linking
 * then walks no tree of its own, nor looks at every node's properties again for references.
 */
export function linkContainers(root: AstNode): void {
  const nodes: AstNode[] = [];
  const references: ReferenceInfo[] = [];
  const stack: AstNode[] = [root];
  const children: AstNode[] = [];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    nodes.push(parent);
    children.length = 0;
    for (const key in parent) {
      if (key.charCodeAt(0) === DOLLAR) continue;
      const value = (parent as unknown as Record<string, unknown>)[key];
      if (isAstNode(value)) {
        const child = value as Contained;
        child.$container = parent;
        child.$containerProperty = key;
        children.push(value);
      } else if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) {
          const element: unknown = value[index];
          if (isAstNode(element)) {
            const child = element as Contained;
            child.$container = parent;
            child.$containerProperty = key;
            child.$containerIndex = index;
            children.push(element);
          } else if (isReference(element) || isMultiReference(element)) {
            references.push({ reference: element, container: parent, property: key, index });
          }
        }
      } else if (isReference(value) || isMultiReference(value)) {
        references.push({ reference: value, container: parent, property: key });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  walked.set(root, nodes);
  referencesUnder.set(root, references);
}

/** Every reference under `root`, by node in allNodes' order, then in property order (as referencesOf lists each node's). */
export function allReferences(root: AstNode): ReferenceInfo[] {
  const known = referencesUnder.get(root);
  if (known) return known;
  const references = allNodes(root).flatMap(referencesOf);
  referencesUnder.set(root, references);
  return references;
}

/** What linkContainers sets (read-only in Langium's AstNode type, which the parser alone fills). */
interface Contained {
  $container?: AstNode;
  $containerProperty?: string;
  $containerIndex?: number;
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
