import path from 'node:path';
import { z } from 'zod';

/**
 * Model ablations: the learned policies run once per coordinator variant, each a model
 * trained by training/train.py with one architecture setting changed. A variant is a
 * label and a manifest; an ablation spec (`rank=2,32`) names variants by convention,
 * `<dir>/<knob>-<value>/coordinator.json`, plus the `baseline` trained the same way.
 */
export const AblationKnob = z.enum(['hidden', 'active', 'rank', 'modules']);
export type AblationKnob = z.infer<typeof AblationKnob>;

/** Names people use for each knob; the canonical one is the manifest's config key. */
const KNOB_NAMES: Record<string, AblationKnob> = {
  hidden: 'hidden',
  latent: 'hidden',
  'latent-size': 'hidden',
  active: 'active',
  'active-modules': 'active',
  rank: 'rank',
  modules: 'modules',
};

export interface Variant {
  label: string;
  manifest: string;
  /** Config values the variant's manifest must have; a mismatch means the wrong model was trained there. */
  expect: Partial<Record<AblationKnob, number>>;
}

export const DEFAULT_ABLATION_DIR = 'models/ablations';
export const BASELINE_LABEL = 'baseline';

export class AblationError extends Error {}

export function knobNamed(name: string): AblationKnob {
  const knob = KNOB_NAMES[name.trim()];
  if (!knob) throw new AblationError(`unknown ablation '${name}': use one of ${Object.keys(KNOB_NAMES).join(', ')}`);
  return knob;
}

/** "rank=2,32" → the rank knob and its values. */
export function parseAblation(text: string): { knob: AblationKnob; values: number[] } {
  const eq = text.indexOf('=');
  if (eq < 0) throw new AblationError(`--ablation takes knob=values, e.g. rank=2,32, not '${text}'`);
  const knob = knobNamed(text.slice(0, eq));
  const values = text
    .slice(eq + 1)
    .split(',')
    .map((part) => {
      const n = Number(part.trim());
      if (!Number.isInteger(n) || n < 1) throw new AblationError(`--ablation ${knob}: '${part}' is not a positive integer`);
      return n;
    });
  return { knob, values };
}

/** The variant directory a knob value is trained into by convention. */
export function variantLabel(knob: AblationKnob, value: number): string {
  return `${knob}-${value}`;
}

/** The baseline first, then one variant per knob value, each at `<dir>/<label>/coordinator.json`. */
export function ablationVariants(specs: readonly string[], dir: string, withBaseline = true): Variant[] {
  const variants: Variant[] = withBaseline ? [{ label: BASELINE_LABEL, manifest: path.join(dir, BASELINE_LABEL, 'coordinator.json'), expect: {} }] : [];
  for (const spec of specs) {
    const { knob, values } = parseAblation(spec);
    for (const value of values) {
      const label = variantLabel(knob, value);
      if (variants.some((v) => v.label === label)) continue;
      variants.push({ label, manifest: path.join(dir, label, 'coordinator.json'), expect: { [knob]: value } });
    }
  }
  return variants;
}

/** "small=models/a/coordinator.json,big=models/b" → variants with those labels and no expected config. */
export function parseVariantList(text: string): Variant[] {
  const variants = text.split(',').map((part) => {
    const eq = part.indexOf('=');
    const label = part.slice(0, eq).trim();
    const model = part.slice(eq + 1).trim();
    if (eq < 0 || !label || !model) throw new AblationError(`--variants takes label=model pairs, e.g. small=models/ablations/rank-2, not '${part}'`);
    if (!/^[A-Za-z0-9._-]+$/.test(label)) throw new AblationError(`variant label '${label}' may use letters, digits, '.', '_' and '-' only`);
    return { label, manifest: model.endsWith('.json') ? model : path.join(model, 'coordinator.json'), expect: {} };
  });
  const labels = variants.map((v) => v.label);
  const repeated = labels.find((l, i) => labels.indexOf(l) !== i);
  if (repeated) throw new AblationError(`variant label '${repeated}' is used twice`);
  return variants;
}

/** What the ablation report needs from a variant's manifest (training/export.py writes all of it). */
export const VariantFacts = z.object({
  config: z.object({ modules: z.number().int(), active: z.number().int(), hidden: z.number().int(), rank: z.number().int() }),
  stateSize: z.number().int(),
  cost: z.object({ parameters: z.number().int(), state_bytes: z.number().int() }).optional(),
  metrics: z
    // A format-2 manifest keeps R-precision per source and family; format 1 kept one number.
    .object({ validation: z.object({ f1: z.number(), r_precision: z.union([z.number(), z.record(z.string(), z.number())]) }).nullish() })
    .optional(),
});
export type VariantFacts = z.infer<typeof VariantFacts>;

/** Why a variant's manifest does not hold the model its label promises, or undefined when it does. */
export function variantMismatch(variant: Variant, facts: VariantFacts): string | undefined {
  const wrong = Object.entries(variant.expect).filter(([knob, value]) => facts.config[knob as AblationKnob] !== value);
  if (wrong.length === 0) return undefined;
  return `${variant.manifest} has ${wrong.map(([knob]) => `${knob} ${facts.config[knob as AblationKnob]}`).join(', ')} but variant ${variant.label} needs ${wrong.map(([k, v]) => `${k} ${v}`).join(', ')}`;
}

/** The training command that builds a variant by the convention of ablationVariants. */
export function trainingCommand(variant: Variant): string {
  const flags = Object.entries(variant.expect)
    .map(([knob, value]) => ` --${knob} ${value}`)
    .join('');
  return `nice /usr/bin/python3 training/train.py --features training/data/coordbench.features.jsonl --minutes 3 --seed 7${flags} --out ${path.dirname(variant.manifest)}`;
}
