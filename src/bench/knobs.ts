import type { Device } from '../ir/schema.js';

/**
 * Ablation settings for a coordbench run. Those the runtime can apply are applied
 * to the IR (squeeze level, message rate, readout budget, coordinator model and
 * device); the readout threshold is given to the learned coordinator when it is built.
 */
export interface Knobs {
  /** Rule-based squeeze level 0–3 for text and hybrid channels (hybrid defaults to DEFAULT_SQUEEZE_LEVEL). */
  squeezeLevel?: number;
  /** Path to a coordinator model (its .json manifest or .onnx), instead of the shipped one. */
  coordinatorModel?: string;
  device?: Device;
  /**
   * Message rate, as sentences per message: every channel gets `split N sentences`, so a
   * turn goes out as one message per N sentences. Absent: one message per turn.
   */
  messageRate?: number;
  /**
   * Relevance logit a slot must score above to be read out by the learned coordinator
   * (latent and hybrid policies). Absent: the coordinator model's manifest `threshold`.
   */
  readoutThreshold?: number;
  /** Scoring rounds of every readout, learned and baseline alike (absent: DEFAULT_READOUT_HOPS). */
  readoutHops?: number;
  /**
   * Slots each query may add at a readout hop before the last, learned and baseline alike (absent:
   * DEFAULT_READOUT_PER_QUERY; null: no limit).
   */
  readoutPerQuery?: number | null;
  /**
   * Every readout but the oracle's reads in score order until its budget is full (threshold −∞), so
   * all policies deliver the same tokens and success is compared at equal tokens.
   */
  readoutFill?: boolean;
  /**
   * Score a hybrid message's best segment must reach for its receiver to go as text (absent: the
   * manifest's gateThreshold); −∞ always sends, +∞ never: the gate's baselines at equal readouts.
   */
  gateThreshold?: number;
}

export const DEFAULT_SQUEEZE_LEVEL = 1;
