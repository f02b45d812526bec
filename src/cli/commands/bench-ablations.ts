import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AblationResults, ablationMarkdown, type VariantResult } from '../../bench/ablation-report.js';
import {
  AblationError,
  DEFAULT_ABLATION_DIR,
  VariantFacts,
  ablationVariants,
  parseVariantList,
  trainingCommand,
  variantMismatch,
  type Variant,
} from '../../bench/ablations.js';
import type { HarnessResult } from '../../bench/harness.js';
import type { Knobs } from '../../bench/knobs.js';
import { summarise } from '../../bench/metrics.js';
import { POLICIES, type PolicyName } from '../../bench/policies.js';
import type { BenchResults } from '../../bench/results.js';
import { CliError } from '../errors.js';
import { packageRoot } from '../package-info.js';

/** The ablation flags of `coord bench`, as parsed. */
export interface AblationFlags {
  ablation?: string[];
  'ablation-dir'?: string;
  variants?: string;
  'latent-size'?: string;
  'active-modules'?: string;
  rank?: string;
}

/**
 * The coordinator variants the flags ask for (none: an ordinary bench). `--ablation rank=2,32`
 * adds the baseline; a single `--rank 2` (or --latent-size, --active-modules) runs that variant alone.
 */
export function variantsFrom(flags: AblationFlags): Variant[] {
  const dir = flags['ablation-dir'] ? path.resolve(flags['ablation-dir']) : path.join(packageRoot, DEFAULT_ABLATION_DIR);
  const single = [
    ...(flags['latent-size'] !== undefined ? [`hidden=${flags['latent-size']}`] : []),
    ...(flags['active-modules'] !== undefined ? [`active=${flags['active-modules']}`] : []),
    ...(flags.rank !== undefined ? [`rank=${flags.rank}`] : []),
  ];
  const specs = flags.ablation ?? [];
  if (flags.variants !== undefined && specs.length + single.length > 0) throw new CliError('--variants cannot be combined with --ablation, --latent-size, --active-modules or --rank', 'name the variants one way');
  try {
    if (flags.variants !== undefined) return parseVariantList(flags.variants).map((v) => ({ ...v, manifest: path.resolve(v.manifest) }));
    return specs.length + single.length === 0 ? [] : ablationVariants([...specs, ...single], dir, specs.length > 0);
  } catch (error) {
    if (error instanceof AblationError) throw new CliError(error.message, "run 'coord bench --help' for the ablation flags");
    throw error;
  }
}

/** Ablations vary the learned coordinator, so only its policies run (latent and hybrid by default). */
export function ablationPolicies(asked: PolicyName[] | undefined): PolicyName[] {
  const policies = asked ?? ['latent', 'hybrid'];
  const other = policies.filter((p) => POLICIES[p].coordinator !== 'learned');
  if (other.length > 0) {
    throw new CliError(`an ablation varies the learned coordinator; --policy ${other.join(',')} does not use it`, 'use --policy latent,hybrid (the default with an ablation)');
  }
  return policies;
}

/** R-precision as one number: a format-2 manifest's per-group values, averaged with equal weight. */
function meanOf(value: number | Record<string, number>): number {
  if (typeof value === 'number') return value;
  const values = Object.values(value);
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

async function variantFacts(variant: Variant): Promise<VariantFacts> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(variant.manifest, 'utf8'));
  } catch (error) {
    throw new CliError(`variant ${variant.label}: cannot read ${path.relative(process.cwd(), variant.manifest)}: ${(error as Error).message}`, `train it first: ${trainingCommand(variant)}`);
  }
  const parsed = VariantFacts.safeParse(raw);
  if (!parsed.success) throw new CliError(`variant ${variant.label}: ${variant.manifest} is not a coordinator manifest`, 'it is written by training/train.py (training/export.py)');
  const mismatch = variantMismatch(variant, parsed.data);
  if (mismatch) throw new CliError(`variant ${variant.label}: ${mismatch}`, `retrain it: ${trainingCommand(variant)}`);
  return parsed.data;
}

export interface AblationRun {
  variants: Variant[];
  knobs: Knobs;
  settings: BenchResults['settings'];
  command: string;
  machine: BenchResults['machine'];
  out: string;
  /** Runs the bench's harness under these knobs (one variant's coordinator model). */
  runHarness: (knobs: Knobs) => Promise<HarnessResult>;
}

/** Runs the learned policies once per variant and writes results.json, runs.jsonl (labelled by variant) and report.md. */
export async function runAblations(run: AblationRun): Promise<{ results: AblationResults; errors: number; total: number }> {
  // Every manifest is checked before any task runs: a missing variant should not cost a half-finished sweep.
  // In order, so the error names the first bad variant whichever file read finishes first.
  const facts: VariantFacts[] = [];
  for (const variant of run.variants) facts.push(await variantFacts(variant));
  const startedAt = new Date().toISOString();
  const variants: VariantResult[] = [];
  const lines: string[] = [];
  let errors = 0;
  let total = 0;
  for (const [i, variant] of run.variants.entries()) {
    const fact = facts[i]!;
    const { records, unavailable } = await run.runHarness({ ...run.knobs, coordinatorModel: variant.manifest });
    errors += records.filter((r) => r.error !== undefined).length;
    total += records.length;
    const sorted = [...records].sort(
      (a, b) => a.family.localeCompare(b.family) || a.policy.localeCompare(b.policy) || (a.budget ?? 0) - (b.budget ?? 0) || a.seed - b.seed,
    );
    lines.push(...sorted.map((r) => JSON.stringify({ variant: variant.label, ...r })));
    const validation = fact.metrics?.validation;
    variants.push({
      label: variant.label,
      manifest: path.relative(packageRoot, variant.manifest),
      sha256: createHash('sha256').update(await readFile(variant.manifest)).digest('hex'),
      config: fact.config,
      ...(fact.cost ? { parameters: fact.cost.parameters, stateBytes: fact.cost.state_bytes } : {}),
      ...(validation ? { validation: { f1: validation.f1, rPrecision: meanOf(validation.r_precision) } } : {}),
      rows: summarise(records),
      unavailable,
    });
  }
  const results = AblationResults.parse({
    version: 1,
    kind: 'ablations',
    command: run.command,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: run.machine,
    settings: run.settings,
    variants,
  });
  await mkdir(run.out, { recursive: true });
  await writeFile(path.join(run.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(path.join(run.out, 'runs.jsonl'), `${lines.join('\n')}\n`);
  await writeFile(path.join(run.out, 'report.md'), ablationMarkdown(results));
  return { results, errors, total };
}
