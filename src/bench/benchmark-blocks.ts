/**
 * Tables in docs/BENCHMARKS.md that come from a results file are written between markers
 *
 *   <!-- table: bench/results/readout/natural.json ranking -->
 *   …the table…
 *   <!-- /table -->
 *
 * and rendered from that file by the same code as its report, so a table can never drift from
 * its results: bench/render-benchmarks.ts rewrites every block, and a test checks each one.
 * Views: `ranking`, `recall <family>`, `paired <baseline,…>` (readout results, results.ts in
 * readout-eval/), `family <family>` and `policy <policy>` (coord bench results.json),
 * `peers turns|fanout|targets` (bench/peers/ results, peers.ts), `startup` (bench/startup.ts
 * results, startup.ts), `agent-threads` (bench/agent-threads.ts results, agent-threads.ts),
 * `coordinator` and `coordinator baseline` (bench/coordinator.ts results, coordinator-speed.ts),
 * `routing success|paired` (bench/results/hybrid-routing, hybrid-routing.ts), `bench-paired`
 * (two coord bench runs paired task by task, bench/coordbench-compare.ts, compare-bench.ts), `tokenizer`
 * (bench/tokenizer-load.ts results, tokenizer-speed.ts) and `later-hops` (bench/readout-later-hops.ts
 * results, readout-eval/later-hops.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AgentThreadsResults, agentThreadsTable } from './agent-threads.js';
import { FamilyName } from './family.js';
import { HybridRoutingResults, routingPairedTable, routingTable } from './hybrid-routing.js';
import { fanoutTable, PeerResults, targetsTable, turnsTable } from './peers.js';
import { PolicyName } from './policies.js';
import { familyTable, policyTable } from './report.js';
import { StartupResults, startupTable } from './startup.js';
import { TokenizerResults, tokenizerTable } from './tokenizer-speed.js';
import { BenchResults } from './results.js';
import { coordinatorBaselineTable, CoordinatorSpeedResults, coordinatorSpeedTable } from './coordinator-speed.js';
import { pairedTable, rankingTable, recallTable } from './readout-eval/report.js';
import { ReadoutResults } from './readout-eval/results.js';
import { PairedBenchResults, pairedBenchTable } from './compare-bench.js';
import { LaterHopResults, laterHopsTable } from './readout-eval/later-hops.js';

const BLOCK = /<!-- table: (\S+) ([^>]*?) -->\n([\s\S]*?)<!-- \/table -->/g;

export interface Block {
  file: string;
  view: string;
  /** The table as the document has it. */
  text: string;
}

export function blocksOf(markdown: string): Block[] {
  return [...markdown.matchAll(BLOCK)].map((m) => ({ file: m[1]!, view: m[2]!.trim(), text: m[3]!.replace(/\n$/, '') }));
}

/** The table a block names, rendered from its results file (paths relative to `root`). */
export async function renderBlock(root: string, file: string, view: string): Promise<string> {
  const data: unknown = JSON.parse(await readFile(path.join(root, file), 'utf8'));
  const [kind, arg] = view.split(/\s+/, 2);
  if (kind === 'family') return familyTable(BenchResults.parse(data), FamilyName.parse(arg));
  if (kind === 'policy') return policyTable(BenchResults.parse(data), PolicyName.parse(arg));
  if (kind === 'peers') return peersTable(PeerResults.parse(data), arg ?? '', file);
  if (kind === 'startup') return startupTable(StartupResults.parse(data));
  if (kind === 'later-hops') return laterHopsTable(LaterHopResults.parse(data));
  if (kind === 'tokenizer') return tokenizerTable(TokenizerResults.parse(data));
  if (kind === 'agent-threads') return agentThreadsTable(AgentThreadsResults.parse(data));
  if (kind === 'coordinator') {
    const speed = CoordinatorSpeedResults.parse(data);
    return arg === 'baseline' ? coordinatorBaselineTable(speed) : coordinatorSpeedTable(speed);
  }
  if (kind === 'bench-paired') {
    const paired = PairedBenchResults.parse(data);
    return pairedBenchTable(paired.rows, `${paired.labels[0]} − ${paired.labels[1]}`);
  }
  if (kind === 'routing') {
    const routing = HybridRoutingResults.parse(data);
    if (arg === 'success') return routingTable(routing);
    if (arg === 'paired') return routingPairedTable(routing);
    throw new Error(`BENCHMARKS.md: unknown routing table "${arg ?? ''}" for ${file} (success or paired)`);
  }
  const results = ReadoutResults.parse(data);
  switch (kind) {
    case 'ranking':
      return rankingTable(results);
    case 'recall':
      return recallTable(results, arg ?? '');
    case 'paired':
      return pairedTable(results.paired.filter((p) => (arg ?? '').split(',').includes(p.baseline)));
    default:
      throw new Error(`BENCHMARKS.md: unknown table view "${view}" for ${file}`);
  }
}

function peersTable(results: PeerResults, table: string, file: string): string {
  switch (table) {
    case 'turns':
      return turnsTable(results);
    case 'fanout':
      return fanoutTable(results);
    case 'targets':
      return targetsTable(results);
    default:
      throw new Error(`BENCHMARKS.md: unknown peers table "${table}" for ${file} (turns, fanout or targets)`);
  }
}

/** The document with every block's table rendered afresh. */
export async function renderBlocks(root: string, markdown: string): Promise<string> {
  let out = '';
  let last = 0;
  for (const m of markdown.matchAll(BLOCK)) {
    const table = await renderBlock(root, m[1]!, m[2]!.trim());
    out += `${markdown.slice(last, m.index)}<!-- table: ${m[1]} ${m[2]} -->\n${table}\n<!-- /table -->`;
    last = m.index + m[0].length;
  }
  return out + markdown.slice(last);
}
