import type { Device } from '../ir/schema.js';

/**
 * Ablation settings for a coordbench run. Those the runtime can apply are applied
 * to the IR (squeeze level, readout budget, coordinator model and device). The
 * model's own shape (latent size, active modules, rank) is fixed when it is
 * trained: `coord bench --ablation` runs one model per trained variant (ablations.ts).
 */
export interface Knobs {
  /** Rule-based squeeze level 0–3 for text and hybrid channels (hybrid defaults to DEFAULT_SQUEEZE_LEVEL). */
  squeezeLevel?: number;
  /** Path to a coordinator model (its .json manifest or .onnx), instead of the shipped one. */
  coordinatorModel?: string;
  device?: Device;
  /** Requested message rate; reported as unsupported at run time (see unsupportedKnobs). */
  messageRate?: number;
}

export const DEFAULT_SQUEEZE_LEVEL = 1;

/** Knobs that were asked for but that a run cannot change, with the reason, for the report. */
export function unsupportedKnobs(knobs: Knobs): string[] {
  const out: string[] = [];
  if (knobs.messageRate !== undefined) {
    out.push(`--message-rate ${knobs.messageRate}: the runtime has no per-channel message rate; the programmatic agents send one message per turn`);
  }
  return out;
}
