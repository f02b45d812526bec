import type { ToolCallSummary } from '../store/journal.js';
import type { Tokenizer } from '../tokens/tokenizer.js';
import type { ToolCallRequest, ToolExchange } from './exchange.js';
import type { ToolDefinition } from './tool.js';
import type { TurnTools } from './turn-tools.js';

/**
 * The tool-calling loop of one LLM turn: ask the model, make the calls it asks for (each
 * within its tool's calls-per-turn limit), put each result into the context only once the
 * turn's reservation has room for it (cut to that room, or refused), and ask again, until
 * the model answers. A tool whose calls are used up is no longer offered.
 */

export interface ToolLoopIo {
  /** One model request: the turn's prompt, then `exchanges`, offering `offered` (empty: the model must answer). */
  ask(exchanges: ToolExchange[], offered: ToolDefinition[]): Promise<{ text: string; toolCalls: ToolCallRequest[] }>;
  /**
   * Tokens the next result may take: what the turn's reservation has left once the next
   * request (`exchanges` as they stand, `offered` with it) and one output token are paid for.
   */
  room(exchanges: ToolExchange[], offered: ToolDefinition[]): number;
  /** Ends the turn: the model cannot be asked again within the turn's budget, or will not stop calling. */
  fail(detail: string): never;
  tokenizer: Tokenizer;
}

export interface ToolLoopResult {
  text: string;
  calls: ToolCallSummary[];
}

interface Answer {
  text: string;
  status: ToolCallSummary['status'];
  declared: string;
}

export async function runToolLoop(tools: TurnTools, io: ToolLoopIo): Promise<ToolLoopResult> {
  const byName = new Map(tools.definitions.map((definition) => [definition.name, definition]));
  const used = new Map<string, number>();
  const offeredNow = () => tools.definitions.filter((d) => (used.get(d.declared) ?? 0) < d.limits.callsPerTurn);
  const exchanges: ToolExchange[] = [];
  const calls: ToolCallSummary[] = [];
  let index = 0;

  for (;;) {
    const offered = offeredNow();
    const reply = await io.ask(exchanges, offered);
    if (reply.toolCalls.length === 0) return { text: reply.text, calls };
    // Tools were offered no more, and the model still calls them: asking again would only spend.
    if (offered.length === 0) io.fail(`the model kept calling tools after every tool had used its calls for the turn (${reply.toolCalls.map((c) => c.name).join(', ')})`);

    const exchange: ToolExchange = { text: reply.text, calls: reply.toolCalls, results: [] };
    exchanges.push(exchange);
    for (const call of reply.toolCalls) {
      const answer = await answerCall(call);
      const fitted = fit(answer, io.room(exchanges, offeredNow()));
      exchange.results.push({ id: call.id, name: call.name, text: fitted.text });
      calls.push({ tool: call.name, declared: fitted.declared, tokens: io.tokenizer.count(fitted.text), status: fitted.status });
    }
  }

  async function answerCall(call: ToolCallRequest): Promise<Answer> {
    const definition = byName.get(call.name);
    if (!definition) {
      return { text: `refused: there is no tool named "${call.name}"; the tools are ${[...byName.keys()].join(', ')}`, status: 'refused', declared: '' };
    }
    const count = used.get(definition.declared) ?? 0;
    if (count >= definition.limits.callsPerTurn) {
      return { text: `refused: tool ${definition.declared} may be called ${definition.limits.callsPerTurn} times per turn, and was; answer with what you have`, status: 'refused', declared: definition.declared };
    }
    used.set(definition.declared, count + 1);
    const output = await tools.call(++index, call, definition);
    return { text: output.text, status: output.cut ? 'cut' : output.isError ? 'error' : 'ok', declared: definition.declared };
  }

  /** The answer as it may enter the context: whole, cut to `room` with a note saying so, or not at all. */
  function fit(answer: Answer, room: number): Answer {
    const tokens = io.tokenizer.count(answer.text);
    if (tokens <= room) return answer;
    const note = `\n[cut: the result had ${tokens} tokens and the turn's budget had room for ${room}]`;
    // One token spare: the cut text and the note may tokenize one token longer together than apart.
    const keep = room - io.tokenizer.count(note) - 1;
    if (keep < 1) io.fail(`a result of ${tokens} tokens from tool ${answer.declared || 'call'} leaves the turn no room to ask the model again (room for ${Math.max(0, room)} tokens)`);
    return { ...answer, text: `${io.tokenizer.truncate(answer.text, keep)}${note}`, status: answer.status === 'refused' ? 'refused' : 'cut' };
  }
}
