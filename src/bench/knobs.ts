import type { Device } from '../ir/schema.js';

/**
 * Ablation settings for a coordbench run. Those the runtime can apply are applied
 * to the IR (squeeze level, readout budget, coordinator model and device); the
 * model's own shape (latent size, active modules, rank) is fixed when it is
 * trained, so those are honoured only by passing a model trained with them.
 */
export interface Knobs {
  /** Rule-based squeeze level 0–3 for text and hybrid channels (hybrid defaults to DEFAULT_SQUEEZE_LEVEL). */
  squeezeLevel?: number;
  /** Path to a coordinator model (its .json manifest or .onnx), instead of the shipped one. */
  coordinatorModel?: string;
  device?: Device;
  /** Requested architecture settings; reported as unsupported at run time (see unsupportedKnobs). */
  latentSize?: number;
  activeModules?: number;
  rank?: number;
  messageRate?: number;
}

export const DEFAULT_SQUEEZE_LEVEL = 1;

/** Knobs that were asked for but that a run cannot change, with the reason, for the report. */
export function unsupportedKnobs(knobs: Knobs): string[] {
  const fixed = 'is fixed when the coordinator is trained; train a model with it (training/) and pass it with --coordinator-model';
  const out: string[] = [];
  if (knobs.latentSize !== undefined) out.push(`--latent-size ${knobs.latentSize}: the latent size ${fixed}`);
  if (knobs.activeModules !== undefined) out.push(`--active-modules ${knobs.activeModules}: the number of active modules ${fixed}`);
  if (knobs.rank !== undefined) out.push(`--rank ${knobs.rank}: the rank of the low-rank weights ${fixed}`);
  if (knobs.messageRate !== undefined) {
    out.push(`--message-rate ${knobs.messageRate}: the runtime has no per-channel message rate; the programmatic agents send one message per turn`);
  }
  return out;
}
