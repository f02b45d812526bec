import { IR_VERSION, type WorkflowIR } from '../../src/ir/schema.js';

/** A two-agent workflow with one text channel, for tests that transform channels. */
export function buildIr(): WorkflowIR {
  return {
    irVersion: IR_VERSION,
    name: 'pair',
    source: { file: '/pair.coord', sha256: '0' },
    budget: { total: 1000 },
    agents: [
      { kind: 'function', name: 'a', module: '/a.ts', budget: {} },
      { kind: 'function', name: 'b', module: '/b.ts', budget: {} },
    ],
    channels: [{ id: 'a->b', from: 'a', to: 'b', mode: 'text', budget: { perMessage: 50 }, compress: { method: 'none' }, overflow: 'fail' }],
    flow: { start: 'a', guards: {}, nodes: [{ kind: 'agent', id: 'a', agent: 'a', next: [{ to: 'b' }] }, { kind: 'agent', id: 'b', agent: 'b', next: [{ to: 'done' }] }] },
  };
}

/** Runs `body` with stdout and stderr captured instead of printed (the bench command writes progress to both). */
export async function quietly<T>(body: () => Promise<T>): Promise<{ value: T; stdout: string; stderr: string }> {
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  try {
    return { value: await body(), stdout, stderr };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
}
