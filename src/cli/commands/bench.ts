import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compileMachine } from '../../compile/machine.js';
import type { WorkflowIR } from '../../ir/schema.js';
import { writeEpisodeFile } from '../../bench/episode-writer.js';
import { FamilyName, MessageStyle } from '../../bench/family.js';
import { runHarness } from '../../bench/harness.js';
import type { Knobs } from '../../bench/knobs.js';
import { summarise } from '../../bench/metrics.js';
import { POLICIES, parsePolicies, sweepPoints, type PolicyName } from '../../bench/policies.js';
import { plots, reportMarkdown } from '../../bench/report.js';
import { BenchResults } from '../../bench/results.js';
import { Split, seedFor } from '../../bench/splits.js';
import { FAMILY_NAMES, generateTask } from '../../bench/task.js';
import { llmRunners, withLlmAgents, type ModelRef } from '../../bench/llm-agents.js';
import { llmTotals, spendingNotice } from '../../bench/llm-spend.js';
import { checkProvider } from '../../../runtime/providers/check.js';
import { DEFAULT_READOUT_PER_QUERY } from '../../../runtime/coordinator/coordinator.js';
import { parseModelRef } from '../../ir/model-ref.js';
import { ConfigError, loadConfig, type ProviderConfigFile } from '../../../runtime/providers/config.js';
import { createProgress } from '../../ui/progress.js';
import { Device } from '../../ir/schema.js';
import { nonNegativeInteger, oneOf, parseCommandArgs } from '../args.js';
import { CliError, EXIT_FAILURE, EXIT_OK } from '../errors.js';
import { packageRoot } from '../package-info.js';
import { BenchWorkflowError, loadBenchWorkflows as loadWorkflowsFromPackage } from '../../bench/workflows.js';
import type { Command } from './command.js';

const USAGE = `usage: coord bench [options]
       coord bench episodes --split <split> --count <n> --out <file.jsonl> [--family <f>] [--start <i>]
       coord bench instance --family <f> [--split <split>] [--index <i>] [--style plain|chatty]
       coord bench report <dir>

Runs coordbench: each task family's workflow (workflows/bench/<family>.coord) with
programmatic agents (or LLM agents, with --provider), under every channel policy, and
reports task success against tokens delivered. Writes results.json, runs.jsonl,
report.md and one SVG plot per family.

options:
  --family <f,...|all>     multihop, relay, consensus (default: all)
  --policy <p,...|all>     text, truncate, latent, hybrid, bm25, embedding, recency, random,
                           oracle, silent (default: all; text with --provider)
  --budgets <n,...>        per-message (truncate) or readout (latent, hybrid and the rankers)
                           budgets to sweep, in tokens (default: 16,32,64,128)
  --split <split>          train, validation or test (default: test)
  --count <n>              tasks per family (default: 100; 20 with --provider)
  --seed <i>               index of the first task in the split (default: 0)
  --out <dir>              where results go (default: bench/results/coordbench)
  --concurrency <n>        runs in flight at once (default: 8; 2 with --provider)
  --provider <p:model>     every agent an LLM agent on this model, e.g. openai:gpt-4o-mini;
                           keys from the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY) or
                           coord.config.json. This calls the provider: it spends real money
  --config <file>          provider settings file (default: ./coord.config.json if present)
  --squeeze <0-3>          squeeze level for text and hybrid channels
  --style <plain|chatty>   how the programmatic senders write: plain fact sentences, or padded
                           the way chat LLMs pad messages (greetings, hedges, sign-offs); the
                           facts are the same (default: plain)
  --coordinator-model <p>  coordinator model manifest instead of the shipped one
  --device <d>             coordinator device: auto, cpu, webgpu, cuda
  --readout-threshold <logit>
                           the learned coordinator reads out only segments scored above this
                           logit (default: the model manifest's threshold); higher reads fewer
                           tokens. Write a negative value with '=': --readout-threshold=-1.5
  --readout-hops <n>       scoring rounds of every readout, learned and baseline alike
                           (default: 4; 1 is a single-shot readout)
  --readout-per-query <n>  at each readout hop before the last, each query reads at most its n
                           best segments; the budget left is then filled in score order
                           (default: 3; none: no limit), learned and baseline alike
  --readout-fill           every readout but the oracle's reads in score order until its budget
                           is full, so all policies deliver the same tokens
  --gate-threshold <logit> the hybrid gate forwards a message as text when one of its segments
                           scores above this for its receiver (default: the manifest's
                           gateThreshold); -inf always sends, inf never does
  --message-rate <n>       sentences per message on every channel (split <n> sentences): a turn
                           goes out as one message per <n> sentences, each written, gated and
                           budgeted on its own (default: one message per turn)
  -h, --help               show this help

episodes: writes training episodes (JSONL, src/bench/episode.ts) for the families asked.
instance: prints one task instance as JSON, for 'coord run workflows/bench/<f>.coord --input'.
report:   renders report.md and the plots again from <dir>/results.json.
`;

export const benchCommand: Command = {
  summary: 'measure task success against tokens delivered (coordbench)',
  usage: USAGE,
  async run(args) {
    if (args[0] === 'episodes') return episodesCommand(args.slice(1));
    if (args[0] === 'instance') return instanceCommand(args.slice(1));
    if (args[0] === 'report') return reportCommand(args.slice(1));
    return benchmark(args);
  },
};

function families(value: string | undefined): FamilyName[] {
  if (value === undefined || value === 'all') return [...FAMILY_NAMES];
  return value.split(',').map((name) => {
    const parsed = FamilyName.safeParse(name.trim());
    if (!parsed.success) throw new CliError(`unknown family '${name}'`, `use one of ${FAMILY_NAMES.join(', ')} or all`);
    return parsed.data;
  });
}

function split(value: string | undefined, fallback: Split): Split {
  return oneOf('bench', 'split', value, Split.options, fallback);
}

function style(value: string | undefined): MessageStyle {
  return oneOf('bench', 'style', value, MessageStyle.options, 'plain');
}

function positive(flag: string, value: string | undefined, fallback: number): number {
  const n = nonNegativeInteger('bench', flag, value) ?? fallback;
  if (n <= 0) throw new CliError(`--${flag} must be at least 1`, `run 'coord bench --help' for its options`);
  return n;
}

async function episodesCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('bench episodes', args, {
    family: { type: 'string' },
    split: { type: 'string' },
    count: { type: 'string' },
    start: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (!values.out) throw new CliError('--out is required', 'name the JSONL file to write, e.g. --out training/data/episodes-train.jsonl');
  if (!values.split) throw new CliError('--split is required', 'use train, validation or test');
  const options = {
    families: families(values.family),
    split: split(values.split, 'train'),
    count: positive('count', values.count, 1000),
    start: nonNegativeInteger('bench', 'start', values.start) ?? 0,
    out: values.out,
  };
  const progress = createProgress({ total: options.count * options.families.length, label: 'coord bench: episodes', stream: process.stderr });
  let written = 0;
  const { episodes, bytes } = await writeEpisodeFile(options, (done) => {
    progress.tick(done - written);
    written = done;
  });
  progress.finish();
  process.stdout.write(`${options.out}: ${episodes} episodes, ${(bytes / 1e6).toFixed(1)} MB\n`);
  return EXIT_OK;
}

async function instanceCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('bench instance', args, {
    family: { type: 'string' },
    split: { type: 'string' },
    index: { type: 'string' },
    style: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT_OK;
  }
  const [family] = families(values.family ?? 'multihop');
  const chosen = split(values.split, 'test');
  const instance = generateTask(family!, seedFor(chosen, nonNegativeInteger('bench', 'index', values.index) ?? 0), chosen, style(values.style));
  process.stdout.write(`${JSON.stringify(instance, null, 2)}\n`);
  return EXIT_OK;
}

async function reportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('bench report', args, {});
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT_OK;
  }
  const [dir] = positionals;
  if (!dir || positionals.length > 1) throw new CliError('name one results folder', 'e.g. coord bench report bench/results/coordbench');
  let results: BenchResults;
  try {
    results = BenchResults.parse(JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8')));
  } catch (error) {
    throw new CliError(`${path.join(dir, 'results.json')}: ${(error as Error).message}`, "write it with 'coord bench --out <dir>'");
  }
  await writeReport(dir, results);
  process.stdout.write(reportMarkdown(results));
  return EXIT_OK;
}

async function writeReport(dir: string, results: BenchResults): Promise<void> {
  await writeFile(path.join(dir, 'report.md'), reportMarkdown(results));
  for (const [name, svg] of Object.entries(plots(results))) await writeFile(path.join(dir, name), svg);
}

function numberList(flag: string, value: string | undefined, fallback: number[]): number[] {
  if (value === undefined) return fallback;
  return value.split(',').map((part) => positive(flag, part.trim(), 1));
}

/** `--provider`: the model, and the provider settings, checked before any task runs. */
function providerSetup(ref: string, configPath: string | undefined): { model: ModelRef; config: ProviderConfigFile } {
  const model = parseModelRef(ref);
  if (!model) throw new CliError(`--provider must be provider:model, not '${ref}'`, 'e.g. --provider openai:gpt-4o-mini');
  let config: ProviderConfigFile;
  try {
    config = loadConfig({ ...(configPath ? { explicitPath: configPath } : {}), cwd: process.cwd() }).config;
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
  const problem = checkProvider(model.provider, [`coord bench --provider ${ref}`], process.env, config);
  if (problem) throw new CliError(problem.message, problem.hint);
  return { model, config };
}

/** The knobs results.json records with the settings: those that change what a run does to the IR. */
function knobSettings(knobs: Knobs): Partial<BenchResults['settings']> {
  return {
    ...(knobs.squeezeLevel !== undefined ? { squeezeLevel: knobs.squeezeLevel } : {}),
    ...(knobs.coordinatorModel ? { coordinatorModel: knobs.coordinatorModel } : {}),
    ...(knobs.messageRate !== undefined ? { messageRate: knobs.messageRate } : {}),
    ...(knobs.readoutThreshold !== undefined ? { readoutThreshold: knobs.readoutThreshold } : {}),
    ...(knobs.readoutHops !== undefined ? { readoutHops: knobs.readoutHops } : {}),
    // Always recorded: files written before the limit had a default have none, and read no limit.
    readoutPerQuery: knobs.readoutPerQuery === undefined ? DEFAULT_READOUT_PER_QUERY : knobs.readoutPerQuery,
    ...(knobs.readoutFill ? { readoutFill: true } : {}),
    ...(knobs.gateThreshold !== undefined ? { gateThreshold: String(knobs.gateThreshold) } : {}),
  };
}

/** `--gate-threshold`: a logit, or ±inf for the gate's two baselines (always and never send); only hybrid reads it. */
function gateThreshold(value: string, policies: readonly PolicyName[]): number {
  const hint = "e.g. --gate-threshold=-1.5 (a negative value needs the '='), --gate-threshold=-inf (always send) or inf (never)";
  const text = value.trim().toLowerCase();
  const number = text === 'inf' || text === '+inf' ? Infinity : text === '-inf' ? -Infinity : /^-?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(number)) throw new CliError(`--gate-threshold must be a number (a relevance logit), inf or -inf, not '${value}'`, hint);
  if (!policies.includes('hybrid')) throw new CliError('--gate-threshold is for the hybrid policy', 'add hybrid to --policy, or drop --gate-threshold');
  return number;
}

/** `--readout-threshold`: a logit, any finite number; only the learned policies read it. */
function readoutThreshold(value: string, policies: readonly PolicyName[]): number {
  const hint = "e.g. --readout-threshold=-1.5 (a negative value needs the '='); the model's own is the threshold in its manifest";
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(value.trim())) throw new CliError(`--readout-threshold must be a number (a relevance logit), not '${value}'`, hint);
  if (!policies.some((p) => POLICIES[p].coordinator === 'learned')) {
    throw new CliError('--readout-threshold is for the learned coordinator', 'add latent or hybrid to --policy, or drop --readout-threshold');
  }
  return Number(value);
}

async function loadBenchWorkflows(names: readonly FamilyName[]): Promise<Record<FamilyName, WorkflowIR>> {
  try {
    return await loadWorkflowsFromPackage(packageRoot, names);
  } catch (error) {
    if (!(error instanceof BenchWorkflowError)) throw error;
    throw new CliError(error.message, `run 'coord lint ${path.relative(process.cwd(), error.file)}' for every finding`);
  }
}

/** Which learned model the latent and hybrid rows measured, when they ran. */
async function learnedModel(policies: PolicyName[], unavailable: { policy: PolicyName }[], knobs: Knobs) {
  const ran = policies.some((p) => POLICIES[p].coordinator === 'learned' && !unavailable.some((u) => u.policy === p));
  if (!ran) return {};
  const { manifestPathFor } = await import('../../../runtime/coordinator/manifest.js');
  const manifest = manifestPathFor(knobs.coordinatorModel ?? 'builtin');
  const sha256 = createHash('sha256').update(await readFile(manifest)).digest('hex');
  return { coordinator: { manifest: path.relative(packageRoot, manifest), sha256 } };
}

async function benchmark(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('bench', args, {
    family: { type: 'string' },
    policy: { type: 'string' },
    budgets: { type: 'string' },
    split: { type: 'string' },
    count: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    concurrency: { type: 'string' },
    squeeze: { type: 'string' },
    style: { type: 'string' },
    'coordinator-model': { type: 'string' },
    device: { type: 'string' },
    'message-rate': { type: 'string' },
    'readout-threshold': { type: 'string' },
    'readout-hops': { type: 'string' },
    'readout-per-query': { type: 'string' },
    'readout-fill': { type: 'boolean' },
    'gate-threshold': { type: 'string' },
    provider: { type: 'string' },
    config: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new CliError(`unexpected argument '${positionals[0]}'`, "subcommands are 'episodes' and 'instance'");
  // Checked first: a missing key must stop the bench before any task runs.
  if (values.config !== undefined && values.provider === undefined) throw new CliError('--config is for --provider', 'it names the provider settings file');
  const llm = values.provider === undefined ? undefined : providerSetup(values.provider, values.config);
  let policies: PolicyName[];
  try {
    const asked = values.policy === undefined ? undefined : parsePolicies(values.policy);
    policies = asked ?? parsePolicies(llm ? 'text' : 'all');
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError((error as Error).message);
  }
  const squeeze = nonNegativeInteger('bench', 'squeeze', values.squeeze);
  if (squeeze !== undefined && squeeze > 3) throw new CliError('--squeeze must be 0, 1, 2 or 3');
  const knobs: Knobs = {
    ...(squeeze !== undefined ? { squeezeLevel: squeeze } : {}),
    ...(values['coordinator-model'] ? { coordinatorModel: path.resolve(values['coordinator-model']) } : {}),
    ...(values.device ? { device: oneOf('bench', 'device', values.device, Device.options, 'auto') } : {}),
    ...(values['message-rate'] !== undefined ? { messageRate: positive('message-rate', values['message-rate'], 1) } : {}),
    ...(values['readout-threshold'] !== undefined ? { readoutThreshold: readoutThreshold(values['readout-threshold'], policies) } : {}),
    ...(values['readout-hops'] !== undefined ? { readoutHops: positive('readout-hops', values['readout-hops'], 1) } : {}),
    ...(values['readout-per-query'] !== undefined
      ? { readoutPerQuery: values['readout-per-query'] === 'none' ? null : positive('readout-per-query', values['readout-per-query'], 1) }
      : {}),
    ...(values['readout-fill'] ? { readoutFill: true } : {}),
    ...(values['gate-threshold'] !== undefined ? { gateThreshold: gateThreshold(values['gate-threshold'], policies) } : {}),
  };
  const settings = {
    families: families(values.family),
    policies,
    budgets: numberList('budgets', values.budgets, [16, 32, 64, 128]),
    split: split(values.split, 'test'),
    count: positive('count', values.count, llm ? 20 : 100),
    start: nonNegativeInteger('bench', 'seed', values.seed) ?? 0,
    style: style(values.style),
  };
  const out = path.resolve(values.out ?? 'bench/results/coordbench');
  const loaded = await loadBenchWorkflows(settings.families);
  const workflows = llm
    ? (Object.fromEntries(settings.families.map((f) => [f, withLlmAgents(loaded[f], f, llm.model)])) as Record<FamilyName, WorkflowIR>)
    : loaded;
  const total = settings.families.length * sweepPoints(settings.policies, settings.budgets).length * settings.count;
  if (llm) process.stderr.write(spendingNotice(llm.model, total));
  const progress = createProgress({ total, label: 'coord bench: runs', stream: process.stderr });
  const startedAt = new Date().toISOString();
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.versions.node,
  };
  const harness = (runKnobs: Knobs) => runHarness({
    ...settings,
    knobs: runKnobs,
    workflows,
    compile: compileMachine,
    learnedCoordinator: async (ir, runId) => {
      const { createCoordinator } = await import('../../../runtime/coordinator/index.js');
      return createCoordinator(
        { config: ir.coordinator, runId },
        {
          ...(runKnobs.readoutThreshold === undefined ? {} : { threshold: runKnobs.readoutThreshold }),
          ...(runKnobs.readoutHops === undefined ? {} : { hops: runKnobs.readoutHops }),
          ...(runKnobs.readoutPerQuery === undefined ? {} : { perQuery: runKnobs.readoutPerQuery }),
          ...(runKnobs.readoutFill ? { threshold: -Infinity } : {}),
          ...(runKnobs.gateThreshold === undefined ? {} : { gateThreshold: runKnobs.gateThreshold }),
        },
      );
    },
    concurrency: positive('concurrency', values.concurrency, llm ? 2 : 8),
    ...(llm ? { runnersFor: (ir: WorkflowIR) => llmRunners(ir, { env: process.env, config: llm.config }) } : {}),
    onRun: () => progress.tick(),
  });

  const { records, unavailable } = await harness(knobs);
  progress.finish();

  const results = BenchResults.parse({
    version: 1,
    command: `coord bench ${args.join(' ')}`.trim(),
    startedAt,
    finishedAt: new Date().toISOString(),
    machine,
    settings: { ...settings, ...knobSettings(knobs) },
    ...(llm ? { llm: llmTotals(llm.model, records) } : {}),
    ...(await learnedModel(settings.policies, unavailable, knobs)),
    rows: summarise(records),
    unavailable,
  });
  await mkdir(out, { recursive: true });
  const sorted = [...records].sort(
    (a, b) => a.family.localeCompare(b.family) || a.policy.localeCompare(b.policy) || (a.budget ?? 0) - (b.budget ?? 0) || a.seed - b.seed,
  );
  await writeFile(path.join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(path.join(out, 'runs.jsonl'), sorted.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await writeReport(out, results);
  process.stdout.write(reportMarkdown(results));
  process.stderr.write(`coord bench: wrote ${path.relative(process.cwd(), out) || '.'}/{results.json,runs.jsonl,report.md,plot-*.svg}\n`);
  const errors = records.filter((r) => r.error !== undefined).length;
  if (errors > 0) process.stderr.write(`coord bench: ${errors} of ${records.length} runs ended in an error (see runs.jsonl)\n`);
  return records.length > 0 && errors === records.length ? EXIT_FAILURE : EXIT_OK;
}
