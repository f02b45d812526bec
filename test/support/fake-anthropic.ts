import type { Answer, FakeServer, FakeServerOptions, ScriptedReply, StreamEvent, WireProtocol } from './fake-llm-server.js';
import { splitText, startFakeServer } from './fake-llm-server.js';

/**
 * A fake of Anthropic's messages API (POST /v1/messages): a real HTTP server on 127.0.0.1
 * that answers in JSON, or, when the request says `stream: true`, with Anthropic's event
 * stream: message_start (input usage), content_block_start, content_block_delta…,
 * content_block_stop, message_delta (stop reason and output usage), message_stop.
 */

function event(name: string, data: unknown, text?: string): StreamEvent {
  return { raw: `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`, ...(text === undefined ? {} : { text }) };
}

/** Anthropic always sends usage; "missing" sends zeros, which is what a proxy that strips usage produces. */
function usageOf(reply: Answer | Extract<ScriptedReply, { kind: 'tools' }>): { input: number; output: number } {
  return reply.usage === 'missing' ? { input: 0, output: 0 } : reply.usage;
}

function message(body: Record<string, unknown>, content: unknown[], usage: { input_tokens: number; output_tokens: number }, stopReason: string | null) {
  return {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model: body.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage,
  };
}

export const anthropicProtocol: WireProtocol = {
  path: '/v1/messages',
  authorized: (headers, apiKey) => headers['x-api-key'] === apiKey,
  isStream: (body) => body.stream === true,
  json(reply, body) {
    const { input, output } = usageOf(reply);
    return message(body, [{ type: 'text', text: reply.text }], { input_tokens: input, output_tokens: output }, 'end_turn');
  },
  events(reply, body) {
    const { input, output } = usageOf(reply);
    const deltas = splitText(reply.text, reply.kind === 'truncate' ? 4 : (reply.chunks ?? 3));
    return [
      event('message_start', { type: 'message_start', message: message(body, [], { input_tokens: input, output_tokens: Math.min(output, 1) }, null) }),
      event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      event('ping', { type: 'ping' }),
      ...deltas.map((text) => event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }, text)),
      event('content_block_stop', { type: 'content_block_stop', index: 0 }),
      event('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: output } }),
      event('message_stop', { type: 'message_stop' }),
    ];
  },
  toolCalls(reply, body) {
    const { input, output } = usageOf(reply);
    const blocks = reply.calls.map((call, index) => ({ type: 'tool_use', id: `toolu_${index + 1}`, name: call.name, input: call.args }));
    return {
      json: message(body, blocks, { input_tokens: input, output_tokens: output }, 'tool_use'),
      events: [
        event('message_start', { type: 'message_start', message: message(body, [], { input_tokens: input, output_tokens: Math.min(output, 1) }, null) }),
        ...blocks.flatMap((block, index) => [
          event('content_block_start', { type: 'content_block_start', index, content_block: { ...block, input: {} } }),
          event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } }),
          event('content_block_stop', { type: 'content_block_stop', index }),
        ]),
        event('message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: output } }),
        event('message_stop', { type: 'message_stop' }),
      ],
    };
  },
  errorBody(status, message) {
    const type =
      status === 429 ? 'rate_limit_error'
      : status === 401 ? 'authentication_error'
      : status === 404 ? 'not_found_error'
      : status === 529 ? 'overloaded_error'
      : status >= 500 ? 'api_error'
      : 'invalid_request_error';
    return { type: 'error', error: { type, message } };
  },
};

export function startFakeAnthropic(options: FakeServerOptions = {}): Promise<FakeServer> {
  return startFakeServer(anthropicProtocol, options);
}
