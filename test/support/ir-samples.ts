import type { WorkflowIR } from '../../src/ir/schema.js';
import { expr, ref, to, workflow } from './ir-builder.js';

/** Representative workflows that use every kind of node, shared by compiler, graph and schema tests. */
export function researchBrief(): WorkflowIR {
  return workflow('research_brief')
    .budget(12_000)
    .agent('planner', { perTurn: 1500, output: { questions: 'string[]' } })
    .agent('splitter', { perTurn: 300, output: { chunks: 'string[]' } })
    .agent('summarizer', { perTurn: 200 })
    .agent('critic', { perTurn: 400, output: { verdict: 'string' } })
    .agent('checker', { perTurn: 300, kind: 'function' })
    .agent('writer', { perTurn: 500, total: 1000 })
    .channel('planner', 'writer', { budget: { perMessage: 300 } })
    .channel('splitter', 'summarizer', { mode: 'latent', readout: 100 })
    .start('planner')
    .step('planner', to('planner', { when: expr.gt(ref('planner', 'questions', 'length'), 0), max: 3 }), to('splitter'))
    .step('splitter', to('summaries'))
    .map('summaries', 'summarizer', ref('splitter', 'chunks'), { max: 20, concurrency: 4, onItemFailure: 'drop' }, to('review'))
    .parallel(
      'review',
      'all',
      { quality: ['critic'], facts: ['checker'] },
      to('writer', { when: expr.or(expr.eq(ref('critic', 'verdict'), 'ok'), expr.not(expr.truthy(ref('checker', 'text')))) }),
      to('planner', { max: 1 }),
      to('writer'),
    )
    .step('writer', to('approve'))
    .human(
      'approve',
      'approval',
      { timeoutMs: 30 * 60_000 },
      to('done', { when: expr.truthy(ref('approve', 'approved')) }),
      to('writer', { max: 2 }),
      to('done'),
    )
    .build();
}

export function quickPoll(): WorkflowIR {
  return workflow('quick_poll')
    .agent('asker', { total: 800 })
    .agent('fast', { perTurn: 50 })
    .agent('slow', { perTurn: 500 })
    .step('asker', to('race'))
    .parallel('race', 'first', { a: ['fast'], b: ['slow'] }, to('pick'))
    .human('pick', 'choice', { options: ['ship', 'stop'] }, to('done', { when: expr.eq(ref('pick', 'choice'), 'ship') }), to('done'))
    .build();
}
