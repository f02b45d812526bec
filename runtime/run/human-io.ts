import { createInterface } from 'node:readline/promises';
import type { HumanNode } from '../../src/ir/schema.js';
import { seededRandom, seedFor, pick } from '../agents/prng.js';

/** What a human step is about: the latest message of a step that leads to it. */
export interface HumanContext {
  from: string;
  text: string;
}

/** A question a human step asks; `id` is the step's id (`approve#2`), which an answer given to `coord resume` names. */
export type HumanQuestion = Pick<HumanNode, 'ask' | 'prompt' | 'options'> & { node: string; id: string; about?: HumanContext[] };

/**
 * How a human step reaches a person. `ask` resolves to the raw answer, or to
 * undefined when nobody can answer now: the run then stops as `waiting_for_input`
 * and `coord resume` continues it with the answer.
 */
export interface HumanIO {
  ask(question: HumanQuestion, signal: AbortSignal): Promise<unknown>;
}

/** The output a human step records (docs/machine.md), which guards read: `review.approved`, `pick.choice`, `note.text`. */
export function answerOutput(question: HumanQuestion, raw: unknown): Record<string, unknown> {
  const where = `human step ${question.node}`;
  switch (question.ask) {
    case 'approval': {
      if (isApprovalObject(raw)) return { approved: raw.approved, ...(raw.comment !== undefined ? { comment: raw.comment } : {}) };
      const value = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
      if (value === true || ['y', 'yes', 'approve', 'approved', 'true'].includes(String(value))) return { approved: true };
      if (value === false || ['n', 'no', 'reject', 'rejected', 'false'].includes(String(value))) return { approved: false };
      throw new Error(`${where} asks for approval: answer yes or no (true or false), not ${JSON.stringify(raw)}`);
    }
    case 'choice': {
      const options = question.options ?? [];
      const value = typeof raw === 'string' ? raw.trim() : raw;
      const index = typeof value === 'number' ? value - 1 : -1;
      const chosen = typeof value === 'string' && options.includes(value) ? value : options[index];
      if (chosen === undefined) throw new Error(`${where} asks for one of ${options.map((o) => `'${o}'`).join(', ')}, not ${JSON.stringify(raw)}`);
      return { choice: chosen };
    }
    case 'text':
      if (typeof raw !== 'string') throw new Error(`${where} asks for text, not ${JSON.stringify(raw)}`);
      return { text: raw };
  }
}

/** `{ "approved": false, "comment": "tighten the intro" }` */
function isApprovalObject(raw: unknown): raw is { approved: boolean; comment?: string } {
  const value = raw as { approved?: unknown; comment?: unknown } | null;
  return typeof value === 'object' && value !== null && typeof value.approved === 'boolean' && (value.comment === undefined || typeof value.comment === 'string');
}

/** Nobody to ask: every human step waits for `coord resume`. */
export const noHumanIO: HumanIO = { ask: async () => undefined };

/**
 * Answers given ahead of time (`--answers file.json`), by node id or by question id
 * (`approve#2`): each is used once, for the next time that step asks; a list answers
 * its visits in order. Questions without an answer left go to `fallback`.
 */
export function answersHumanIO(answers: Record<string, unknown>, fallback: HumanIO = noHumanIO): HumanIO {
  const queues = new Map(Object.entries(answers).map(([node, answer]) => [node, Array.isArray(answer) ? [...answer] : [answer]]));
  return {
    ask: async (question, signal) => {
      const queue = [queues.get(question.id), queues.get(question.node)].find((q) => q !== undefined && q.length > 0);
      return queue ? queue.shift() : fallback.ask(question, signal);
    },
  };
}

/** A person at a terminal. */
export function terminalHumanIO(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): HumanIO {
  return {
    async ask(question, signal) {
      const rl = createInterface({ input, output });
      // While readline owns the terminal, Ctrl-C reaches it, not the process: pass it on so the run stops.
      rl.on('SIGINT', () => process.emit('SIGINT'));
      try {
        const hint = question.ask === 'approval' ? ' [yes/no]' : question.ask === 'choice' ? ` [${(question.options ?? []).join('/')}]` : '';
        for (;;) {
          const line = await rl.question(`? ${question.prompt}${hint} `, { signal });
          try {
            answerOutput(question, line);
            return line;
          } catch (error) {
            output.write(`${(error as Error).message}\n`);
          }
        }
      } finally {
        rl.close();
      }
    },
  };
}

/** A simulated person for `--simulate`: a seeded, valid answer to every question. */
export function simulatedHumanIO(seed: number): HumanIO {
  return {
    async ask(question) {
      const random = seededRandom(seedFor(seed, `human/${question.node}`));
      if (question.ask === 'approval') return random() < 0.5;
      if (question.ask === 'choice') return pick(random, question.options ?? ['']);
      return 'simulated answer';
    },
  };
}
