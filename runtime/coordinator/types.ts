import type { Channel, Coordinator } from '../../src/ir/schema.js';

/**
 * What the runtime needs from a coordinator for `latent` and `hybrid` channels.
 * The implementation (ONNX model, KV memory, batching) lives beside this file;
 * the runtime knows only this interface, and fails before any agent runs when a
 * workflow has latent or hybrid channels and no implementation is available.
 *
 * Calls for one run are made one at a time, in a deterministic order, so an
 * implementation may keep per-run state without locking; replaying a journal
 * makes the same calls again and must get the same answers.
 */

/** One segment of a message (see runtime/text/segment.ts), as stored in memory. */
export interface MessageSegment {
  /** Position in its message. */
  index: number;
  text: string;
  /** Tokens with the receiver's tokenizer. */
  tokens: number;
}

/** A message written into the coordinator's memory. */
export interface CoordinatorMessage {
  /** Stable within the run, e.g. "planner->researcher#3". */
  id: string;
  channel: Channel;
  from: string;
  to: string;
  text: string;
  segments: MessageSegment[];
  /** Parallel branch or map item the sender ran in. */
  scope?: string;
}

export interface CoordinatorStep {
  /** Wall time the coordinator spent, for the overhead report. */
  overheadMs: number;
}

export interface GateDecision extends CoordinatorStep {
  /** `text`: forward the message now; `latent`: keep it in memory for a later readout. */
  route: 'text' | 'latent';
}

/** What a hybrid channel's gate asks about a message it has written: does its receiver need it now? */
export interface GateQuery {
  message: CoordinatorMessage;
  /** What the receiver is looking for as far as the sender's turn knows it: its role and the run's input. */
  query: string;
}

export interface ReadoutQuery {
  /** The agent about to take its turn. */
  receiver: string;
  /** The channel whose memory is read (readout budgets are per channel). */
  channel: Channel;
  /** What the receiver is looking for: its role, its item, the text it already has. */
  query: string;
  /** Tokens the rendered readout may take; the runtime re-counts and cuts anything over. */
  budgetTokens: number;
  /** Counts tokens with the receiver's tokenizer, so selections can be sized exactly. */
  countTokens: (text: string) => number;
}

export interface ReadoutSegment {
  /** Id of the message it came from. */
  message: string;
  from: string;
  text: string;
  /** The segment's latent vector, handed to function agents. */
  latent: number[];
}

export interface Readout extends CoordinatorStep {
  /** Selected segments, in the order the receiver should read them. */
  segments: ReadoutSegment[];
}

/** A slot with its score against a query, for ranking metrics. */
export interface RankedSlot {
  message: string;
  /** Position of the segment in its message. */
  index: number;
  text: string;
  score: number;
}

export interface MessageCoordinator {
  /** Encodes the message's segments and writes them, with their keys, into memory. */
  write(message: CoordinatorMessage): Promise<CoordinatorStep>;
  /** For hybrid channels, after `write`: forward this message as text now, or keep it latent for a readout. */
  gate(request: GateQuery): Promise<GateDecision>;
  /** Selects, from memory written to `channel`, what `receiver` needs within the budget. */
  readout(query: ReadoutQuery): Promise<Readout>;
  /**
   * Every slot written to `query.channel`, in arrival order, scored against `query.query` alone
   * (the first hop of a readout, no budget, no threshold). Optional: coordbench's ranking
   * metrics (AUC, R-precision) use it.
   */
  rank?(query: ReadoutQuery): Promise<RankedSlot[]>;
  /** Frees the run's memory; the shared model session may stay open. */
  close(): Promise<void>;
  /**
   * The latent vector of each text, for the redundancy check of squeezing channels
   * (segments near one the receiver holds are not sent again). Optional: without
   * it the runtime uses a hashed bag of words. Must be deterministic.
   */
  embed?(texts: readonly string[]): Promise<number[][]>;
}

export interface CoordinatorOptions {
  /** The workflow's `coordinator` block (absent means the built-in model on `auto`). */
  config?: Coordinator;
  runId: string;
  signal?: AbortSignal;
}

/**
 * The factory `runtime/coordinator/index.ts` exports as `createCoordinator`. It throws
 * an Error whose message a person can act on when the model cannot be loaded.
 */
export type CreateCoordinator = (options: CoordinatorOptions) => Promise<MessageCoordinator>;
