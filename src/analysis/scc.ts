/**
 * Strongly connected components (Tarjan), returned in reverse topological order of the
 * condensation: a component comes before every component that can reach it.
 */
export interface Component {
  nodes: string[];
  /** True when the component contains a cycle: more than one node, or a self-loop. */
  cyclic: boolean;
}

export function stronglyConnectedComponents(nodes: Iterable<string>, successors: (id: string) => string[]): Component[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: Component[] = [];
  let counter = 0;

  // Iterative to stay safe on long generated chains.
  const visit = (root: string): void => {
    const work: Array<{ id: string; succ: string[]; next: number }> = [];
    const open = (id: string): void => {
      index.set(id, counter);
      low.set(id, counter);
      counter++;
      stack.push(id);
      onStack.add(id);
      work.push({ id, succ: successors(id), next: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as (typeof work)[number];
      if (frame.next < frame.succ.length) {
        const succ = frame.succ[frame.next++] as string;
        if (!index.has(succ)) open(succ);
        else if (onStack.has(succ)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(succ)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const members: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        members.push(member);
      } while (member !== frame.id);
      const only = members[0] as string;
      const cyclic = members.length > 1 || successors(only).includes(only);
      components.push({ nodes: members.reverse(), cyclic });
    }
  };

  for (const id of nodes) if (!index.has(id)) visit(id);
  return components;
}
