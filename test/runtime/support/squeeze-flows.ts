import type { Channel, WorkflowIR } from '../../../src/ir/schema.js';
import type { RunEvent } from '../../../runtime/events.js';
import { createLlmAgent } from '../../../runtime/providers/llm-agent.js';
import { startRun } from '../../../runtime/run/run.js';
import { MemoryRunStore } from '../../../runtime/store/memory-store.js';
import { instantClock } from '../../providers/fixtures.js';
import { machineConfigFor } from './machine-config.js';
import { agentNode, functionAgent, textChannel, workflow } from './ir.js';

/** What an agent might send: courtesy, hedges and a restatement around facts that must survive. */
export const CHATTY =
  'Sure! Happy to help. You asked about the latency regression. Basically, p95 latency went from 180 ms to 420 ms after the deploy on 2024-03-12. ' +
  'I think the culprit is the new retry loop in `fetchWithRetry()`. It is not just the API, the worker queue is slower too. ' +
  'I hope this helps! Let me know if you have any questions.';

/** The senders speak in order (each saying what the run input gives it), then the reader echoes its inbox. */
export function sendersInto(reader: string, senders: string[], channel: (from: string) => Partial<Channel>, total = 100_000): WorkflowIR {
  const names = [...senders, reader];
  return workflow({
    total,
    agents: [...senders.map((s) => functionAgent(s, 'says.ts')), functionAgent(reader, 'echo.ts')],
    channels: senders.map((s) => textChannel(s, reader, channel(s))),
    nodes: names.map((name, i) => agentNode(name, [{ to: names[i + 1] ?? 'done' }])),
  });
}

export function eventsOf<T extends RunEvent['type']>(events: RunEvent[], type: T): Extract<RunEvent, { type: T }>[] {
  return events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
}

/** Runs `ir` with `writer` saying `text`, LLM agents (and `via` rewrites) going to a fake OpenAI server at `baseURL`. */
export function runWithOpenAI(ir: WorkflowIR, options: { baseURL: string; runId: string; text: string; store?: MemoryRunStore }) {
  const env = { OPENAI_API_KEY: 'sk-o', OPENAI_BASE_URL: options.baseURL };
  return startRun({
    ir,
    machine: machineConfigFor(ir),
    store: options.store ?? new MemoryRunStore(),
    runId: options.runId,
    input: { writer: options.text },
    llm: (agent) => createLlmAgent(agent, { env, clock: instantClock() }),
  });
}
