import { z } from 'zod';
import { AnswerReply, RunStatus, RunSummary, SERVICE, StoredRunStart, LogChunk, type SubmitRequest } from './state.js';

/** The Restate server could not be reached, or refused a request: the message says which and why. */
export class RestateRequestError extends Error {
  override readonly name = 'RestateRequestError';
  constructor(
    message: string,
    /** The HTTP status Restate answered with; undefined when it could not be reached. */
    readonly status?: number,
  ) {
    super(message);
  }
}

const Submitted = z.object({ invocationId: z.string(), status: z.string() });
export const RunLog = StoredRunStart.extend({ records: LogChunk });
export type RunLog = z.infer<typeof RunLog>;

/**
 * coord's runs on a Restate server, through its HTTP ingress (no SDK needed): what
 * `coord submit`, `status`, `answer`, `logs` and `run --engine restate` send.
 */
export class RestateRuns {
  readonly ingress: string;

  constructor(ingress: string) {
    this.ingress = ingress.replace(/\/+$/, '');
  }

  /** Starts run `runId`; a run id submitted before joins that run (`created` false) instead of starting another. */
  async submit(runId: string, request: SubmitRequest): Promise<{ runId: string; created: boolean }> {
    const reply = Submitted.parse(await this.post(`/${SERVICE}/${encodeURIComponent(runId)}/run/send`, request));
    return { runId, created: reply.status !== 'PreviouslyAccepted' };
  }

  /** Waits for the run to end and returns its summary (a run waiting on a person waits here too). */
  async result(runId: string, signal?: AbortSignal): Promise<RunSummary> {
    return RunSummary.parse(await this.request('GET', `/restate/workflow/${SERVICE}/${encodeURIComponent(runId)}/attach`, undefined, signal));
  }

  async status(runId: string): Promise<RunStatus> {
    return RunStatus.parse(await this.post(`/${SERVICE}/${encodeURIComponent(runId)}/status`));
  }

  /** The run's log: its start (header, IR, machine) and every journal record, as the file engine writes them. */
  async log(runId: string): Promise<RunLog> {
    return RunLog.parse(await this.post(`/${SERVICE}/${encodeURIComponent(runId)}/log`));
  }

  /** Answers question `question` of the run; refused (409) when the run does not wait on it. */
  async answer(runId: string, question: string, value: unknown): Promise<AnswerReply> {
    return AnswerReply.parse(await this.post(`/${SERVICE}/${encodeURIComponent(runId)}/answer`, { question, value }));
  }

  private post(path: string, body?: unknown): Promise<unknown> {
    return this.request('POST', path, body);
  }

  private async request(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.ingress}${path}`, {
        method,
        ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new RestateRequestError(`cannot reach the Restate server at ${this.ingress}: ${causeOf(error)}`);
    }
    const text = await response.text();
    if (!response.ok) throw new RestateRequestError(messageOf(text) ?? `Restate answered ${response.status} ${response.statusText}`, response.status);
    return text === '' ? undefined : JSON.parse(text);
  }
}

function messageOf(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : undefined;
  } catch {
    return text.trim() || undefined;
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
