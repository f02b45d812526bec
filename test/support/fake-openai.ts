import type { Answer, FakeServer, FakeServerOptions, ScriptedReply, StreamEvent, WireProtocol } from './fake-llm-server.js';
import { splitText, startFakeServer } from './fake-llm-server.js';

/**
 * A fake of OpenAI's chat completions API (POST /v1/chat/completions), also what
 * OpenAI-compatible servers (vLLM, llama.cpp, LM Studio, Ollama's /v1) speak: a real HTTP
 * server on 127.0.0.1 that answers in JSON, or as server-sent events when the request says
 * `stream: true`, with the usage chunk that `stream_options.include_usage` asks for.
 */

const CREATED = 1_700_000_000;

function usageOf(reply: Answer | Extract<ScriptedReply, { kind: 'tools' }>) {
  if (reply.usage === 'missing') return undefined;
  const { input, output } = reply.usage;
  return { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
}

function chunk(model: unknown, choices: unknown[], usage?: unknown, text?: string): StreamEvent {
  const value = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: CREATED, model, choices, ...(usage ? { usage } : {}) };
  return { raw: `data: ${JSON.stringify(value)}\n\n`, ...(text === undefined ? {} : { text }) };
}

export const openAiProtocol: WireProtocol = {
  path: '/v1/chat/completions',
  authorized: (headers, apiKey) => headers.authorization === `Bearer ${apiKey}`,
  isStream: (body) => body.stream === true,
  json(reply, body) {
    const usage = usageOf(reply);
    return {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: CREATED,
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply.text }, finish_reason: 'stop' }],
      ...(usage ? { usage } : {}),
    };
  },
  events(reply, body) {
    const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    const usage = usageOf(reply);
    const deltas = splitText(reply.text, reply.kind === 'truncate' ? 4 : (reply.chunks ?? 3));
    return [
      chunk(body.model, [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
      ...deltas.map((text) => chunk(body.model, [{ index: 0, delta: { content: text }, finish_reason: null }], undefined, text)),
      chunk(body.model, [{ index: 0, delta: {}, finish_reason: 'stop' }]),
      ...(includeUsage && usage ? [chunk(body.model, [], usage)] : []),
      { raw: 'data: [DONE]\n\n' },
    ];
  },
  toolCalls(reply, body) {
    const usage = usageOf(reply);
    const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    const calls = reply.calls.map((call, index) => ({ index, id: `call_${index + 1}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.args) } }));
    return {
      json: {
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: CREATED,
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: calls.map(({ index: _, ...call }) => call) }, finish_reason: 'tool_calls' }],
        ...(usage ? { usage } : {}),
      },
      events: [
        chunk(body.model, [{ index: 0, delta: { role: 'assistant', content: null }, finish_reason: null }]),
        ...calls.map((call) => chunk(body.model, [{ index: 0, delta: { tool_calls: [call] }, finish_reason: null }])),
        chunk(body.model, [{ index: 0, delta: {}, finish_reason: 'tool_calls' }]),
        ...(includeUsage && usage ? [chunk(body.model, [], usage)] : []),
        { raw: 'data: [DONE]\n\n' },
      ],
    };
  },
  errorBody(status, message) {
    const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
    return { error: { message, type, param: null, code: status === 401 ? 'invalid_api_key' : null } };
  },
};

export function startFakeOpenAI(options: FakeServerOptions = {}): Promise<FakeServer> {
  return startFakeServer(openAiProtocol, options);
}
