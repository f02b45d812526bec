import type { ParallelNode } from '../ir/schema.js';
import type { Check } from './context.js';

/**
 * Parallel regions: every branch must be a straight chain of declared agents (COORD202,
 * COORD203) so it reaches the join, and branch outputs must not collide: a step records
 * its output under its agent's name, so an agent may run in one place only (COORD204,
 * COORD110), and branches should not declare the same field names (COORD205).
 */
export const checkParallel: Check = ({ ir, report }) => {
  const agents = new Map(ir.agents.map((agent) => [agent.name, agent]));
  const regionsOf = new Map<string, ParallelNode[]>();
  for (const node of ir.flow.nodes) {
    if (node.kind !== 'parallel') continue;
    const branchOf = new Map<string, string>();
    for (const branch of node.branches) {
      const seen = new Set<string>();
      for (const step of branch.steps) {
        if (!agents.has(step)) {
          report('COORD202', `branch \`${branch.id}\` of \`${node.id}\` runs \`${step}\`, which is not a declared agent, so it can never reach the join`, node.loc);
        }
        if (seen.has(step)) {
          report('COORD203', `branch \`${branch.id}\` of \`${node.id}\` runs \`${step}\` twice; a branch is a chain and cannot loop`, node.loc);
          continue;
        }
        seen.add(step);
        const other = branchOf.get(step);
        if (other !== undefined) {
          report('COORD204', `branches \`${other}\` and \`${branch.id}\` of \`${node.id}\` both run \`${step}\`; one would overwrite the other's output`, node.loc);
          continue;
        }
        branchOf.set(step, branch.id);
        regionsOf.set(step, [...(regionsOf.get(step) ?? []), node]);
      }
    }
    reportSharedFields(node, agents, report);
  }
  for (const [step, regions] of regionsOf) {
    const topLevel = ir.flow.nodes.find((node) => node.id === step || (node.kind === 'agent' && node.agent === step));
    if (topLevel && topLevel.kind !== 'parallel') {
      report('COORD110', `\`${step}\` runs in a branch of \`${regions[0]!.id}\` and also as the node \`${topLevel.id}\` of the flow`, regions[0]!.loc);
    }
    for (const region of regions.slice(1)) {
      report('COORD110', `\`${step}\` runs in a branch of \`${regions[0]!.id}\` and again in \`${region.id}\``, region.loc);
    }
  }
};

function reportSharedFields(
  node: ParallelNode,
  agents: Map<string, { output?: Array<{ name: string }> | undefined }>,
  report: Parameters<Check>[0]['report'],
): void {
  const writerOf = new Map<string, { branch: string; step: string }>();
  for (const branch of node.branches) {
    for (const step of new Set(branch.steps)) {
      for (const field of agents.get(step)?.output ?? []) {
        const writer = writerOf.get(field.name);
        if (writer && writer.branch !== branch.id) {
          report('COORD205', `\`${writer.step}\` (branch \`${writer.branch}\`) and \`${step}\` (branch \`${branch.id}\`) of \`${node.id}\` both declare the output field \`${field.name}\``, node.loc);
        } else if (!writer) {
          writerOf.set(field.name, { branch: branch.id, step });
        }
      }
    }
  }
}
