import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The part every fake provider shares: a real HTTP server on 127.0.0.1 (port 0), a queue of
 * scripted replies, fault injection, and a record of every request. Each provider's file
 * (fake-openai.ts, fake-anthropic.ts) supplies only its wire format.
 */

export interface FakeUsage {
  input: number;
  output: number;
}

export type ScriptedReply =
  /** A normal answer; `usage: 'missing'` leaves usage out of the response entirely. */
  | { kind: 'text'; text: string; usage: FakeUsage | 'missing'; chunks?: number }
  /** An HTTP error with the provider's error body, e.g. 429 with a Retry-After header. */
  | { kind: 'status'; status: number; message: string; headers?: Record<string, string> }
  /** Never answers: the client must time out or abort. */
  | { kind: 'hang' }
  /** A streamed answer whose events arrive `gapMs` apart: slow, but never silent for long. */
  | { kind: 'slow'; text: string; usage: FakeUsage; chunks: number; gapMs: number }
  /** 200 with a body that is not valid JSON (JSON requests) or not valid event data (streams). */
  | { kind: 'malformed' }
  /** Starts the answer (part of the body or of the stream), then drops the connection. */
  | { kind: 'truncate'; text: string; usage: FakeUsage }
  /** The model asks for tool calls instead of answering (protocols with `toolCalls` only). */
  | { kind: 'tools'; calls: FakeToolCall[]; usage: FakeUsage | 'missing' };

export interface FakeToolCall {
  name: string;
  args: unknown;
}

/** Shorthands for scripting replies in tests. */
export const reply = {
  text: (text: string, usage: FakeUsage | 'missing', chunks?: number): ScriptedReply => ({
    kind: 'text',
    text,
    usage,
    ...(chunks === undefined ? {} : { chunks }),
  }),
  status: (status: number, message: string, headers?: Record<string, string>): ScriptedReply => ({
    kind: 'status',
    status,
    message,
    ...(headers === undefined ? {} : { headers }),
  }),
  hang: (): ScriptedReply => ({ kind: 'hang' }),
  slow: (text: string, usage: FakeUsage, chunks: number, gapMs: number): ScriptedReply => ({ kind: 'slow', text, usage, chunks, gapMs }),
  malformed: (): ScriptedReply => ({ kind: 'malformed' }),
  truncate: (text: string, usage: FakeUsage): ScriptedReply => ({ kind: 'truncate', text, usage }),
  tools: (calls: FakeToolCall[], usage: FakeUsage | 'missing'): ScriptedReply => ({ kind: 'tools', calls, usage }),
};

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** The answer text the server sent in full before replying ended or the connection dropped. */
  delivered: string;
  /** The reply the server gave (undefined for a 401, a 404 or an empty queue). */
  reply?: ScriptedReply;
}

export interface StreamEvent {
  /** The raw event, blank line included. */
  raw: string;
  /** Answer text this event carries, if any. */
  text?: string;
}

/** A reply that carries an answer, in full or in part. */
export type Answer = Extract<ScriptedReply, { kind: 'text' | 'truncate' | 'slow' }>;

/** One provider's wire format. */
export interface WireProtocol {
  /** The path the provider serves, e.g. "/v1/chat/completions". */
  path: string;
  authorized(headers: http.IncomingHttpHeaders, apiKey: string): boolean;
  isStream(body: Record<string, unknown>): boolean;
  /** The JSON body of a complete, non-streamed answer. */
  json(reply: Answer, body: Record<string, unknown>): unknown;
  /** Each server-sent event of a streamed answer, in order, with the answer text it carries. */
  events(reply: Answer, body: Record<string, unknown>): StreamEvent[];
  errorBody(status: number, message: string): unknown;
  /** A reply that calls tools: the JSON body, or each server-sent event of the stream. */
  toolCalls?(reply: Extract<ScriptedReply, { kind: 'tools' }>, body: Record<string, unknown>): { json: unknown; events: StreamEvent[] };
}

export interface FakeServer {
  /** Base URL to give the SDK, ending in "/v1". */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  enqueue(...replies: ScriptedReply[]): void;
  /** Drops the scripted replies nobody asked for. */
  clear(): void;
  /** Resolves once `count` requests have arrived (to abort or inspect while a request is open). */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

export interface FakeServerOptions {
  /** When set, requests without this key get the provider's 401. */
  apiKey?: string;
  /**
   * Answers a request from its body when no scripted reply is queued: a fake that reads the
   * prompt and replies to it, for runs with too many calls, in an order too loose, to script.
   */
  respond?: (body: Record<string, unknown>) => ScriptedReply;
}

/** Splits text into `n` roughly equal chunks, so that streams carry several deltas. */
export function splitText(text: string, n: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, n)));
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return parts.length > 0 ? parts : [''];
}

export async function startFakeServer(protocol: WireProtocol, options: FakeServerOptions = {}): Promise<FakeServer> {
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = (text.length > 0 ? JSON.parse(text) : {}) as Record<string, unknown>;
      const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, delivered: '' };
      requests.push(recorded);
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) waiter.resolve();
      answer(req, res, recorded);
    });
  });

  function sendJson(res: http.ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(value));
  }

  function answer(req: http.IncomingMessage, res: http.ServerResponse, recorded: RecordedRequest) {
    const { body } = recorded;
    if (req.method !== 'POST' || req.url !== protocol.path) {
      sendJson(res, 404, protocol.errorBody(404, `fake server serves only POST ${protocol.path}, not ${req.method} ${req.url}`));
      return;
    }
    if (options.apiKey !== undefined && !protocol.authorized(req.headers, options.apiKey)) {
      sendJson(res, 401, protocol.errorBody(401, 'Incorrect API key provided.'));
      return;
    }
    const next = queue.shift() ?? options.respond?.(body);
    if (!next) {
      sendJson(res, 500, protocol.errorBody(500, 'fake server: no scripted reply left for this request'));
      return;
    }
    recorded.reply = next;
    const stream = protocol.isStream(body);
    switch (next.kind) {
      case 'status':
        sendJson(res, next.status, protocol.errorBody(next.status, next.message), next.headers);
        return;
      case 'hang':
        res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json' });
        res.flushHeaders();
        return;
      case 'malformed':
        if (stream) {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.end('data: {"choices": [ this is not json\n\n');
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"id": "broken", "choices": [ this is not json');
        }
        return;
      case 'text':
        if (stream) {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
          for (const event of protocol.events(next, body)) {
            res.write(event.raw);
            recorded.delivered += event.text ?? '';
          }
          res.end();
        } else {
          sendJson(res, 200, protocol.json(next, body));
          recorded.delivered = next.text;
        }
        return;
      case 'slow': {
        if (!stream) {
          // As long as the stream would take, all of it silent.
          const total = next.gapMs * protocol.events(next, body).length;
          setTimeout(() => !res.destroyed && sendJson(res, 200, protocol.json(next, body)), total);
          recorded.delivered = next.text;
          return;
        }
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const events = protocol.events(next, body);
        const send = (index: number) => {
          if (res.destroyed) return;
          if (index === events.length) return void res.end();
          res.write(events[index]!.raw);
          recorded.delivered += events[index]!.text ?? '';
          setTimeout(() => send(index + 1), next.gapMs);
        };
        send(0);
        return;
      }
      case 'tools': {
        if (!protocol.toolCalls) {
          sendJson(res, 500, protocol.errorBody(500, 'fake server: this protocol has no tool calls'));
          return;
        }
        const answer = protocol.toolCalls(next, body);
        if (!stream) return sendJson(res, 200, answer.json);
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        for (const event of answer.events) res.write(event.raw);
        res.end();
        return;
      }
      case 'truncate':
        if (stream) {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
          const events = protocol.events(next, body);
          // Keep the start of the answer and some text deltas, lose the end (finish and usage).
          for (const event of events.slice(0, Math.ceil(events.length / 2))) {
            res.write(event.raw);
            recorded.delivered += event.text ?? '';
          }
        } else {
          const full = JSON.stringify(protocol.json(next, body));
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(full)) });
          res.write(full.slice(0, Math.floor(full.length / 2)));
        }
        // Let the written bytes leave before the connection drops, as a real mid-stream failure would.
        setTimeout(() => res.destroy(), 20);
        return;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    clear: () => void queue.splice(0),
    waitForRequests(count) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
