/**
 * The peer workloads in LangGraph.js: the same functions as nodes of a StateGraph, with
 * MemorySaver (a checkpoint per super-step, like coord's journal) or without a checkpointer.
 */
import { Annotation, END, MemorySaver, Send, START, StateGraph } from '@langchain/langgraph';
import split from './agents/split.js';
import tick from './agents/tick.js';
import work from './agents/work.js';

export type LangGraphSaver = 'memory-saver' | 'none';

const PingPong = Annotation.Root({
  turns: Annotation<number>,
  pingTurns: Annotation<number>({ reducer: (_, next) => next, default: () => 0 }),
  pongTurns: Annotation<number>({ reducer: (_, next) => next, default: () => 0 }),
  more: Annotation<boolean>({ reducer: (_, next) => next, default: () => true }),
  message: Annotation<string>({ reducer: (_, next) => next, default: () => '' }),
});

/** Two nodes passing a small message back and forth, `2 × turns` node runs in all. */
function pingPong(saver: LangGraphSaver) {
  const node = (name: 'ping' | 'pong') => (state: typeof PingPong.State) => {
    const turn = state[`${name}Turns`] + 1;
    const { more, message } = tick({ input: { turns: state.turns }, turn, agent: { name } });
    return { [`${name}Turns`]: turn, more, message };
  };
  return new StateGraph(PingPong)
    .addNode('ping', node('ping'))
    .addNode('pong', node('pong'))
    .addEdge(START, 'ping')
    .addEdge('ping', 'pong')
    .addConditionalEdges('pong', (state) => (state.more ? 'ping' : END))
    .compile(saver === 'memory-saver' ? { checkpointer: new MemorySaver() } : {});
}

const FanOut = Annotation.Root({
  branches: Annotation<number>,
  chunks: Annotation<string[]>({ reducer: (_, next) => next, default: () => [] }),
  results: Annotation<string[]>({ reducer: (all, next) => all.concat(next), default: () => [] }),
});

/** One node lists `branches` items; Send runs one worker per item, all in one super-step. */
function fanOut(saver: LangGraphSaver) {
  return new StateGraph(FanOut)
    .addNode('splitter', (state: typeof FanOut.State) => ({ chunks: split({ input: { branches: state.branches } }).chunks }))
    .addNode('worker', (state: { item: string; index: number }) => ({ results: [work({ item: { index: state.index, value: state.item } }).message] }))
    .addEdge(START, 'splitter')
    .addConditionalEdges('splitter', (state) => state.chunks.map((item, index) => new Send('worker', { item, index })), ['worker'])
    .addEdge('worker', END)
    .compile(saver === 'memory-saver' ? { checkpointer: new MemorySaver() } : {});
}

let thread = 0;

/** Runs `turns` turns (each node's run is one turn); returns the wall time in ms. */
export async function runLangGraphTurns(turns: number, saver: LangGraphSaver): Promise<number> {
  const graph = pingPong(saver);
  const each = Math.max(1, Math.floor(turns / 2));
  const started = performance.now();
  const state = await graph.invoke({ turns: each }, { recursionLimit: turns + 10, configurable: { thread_id: `t${thread++}` } });
  const ms = performance.now() - started;
  if (state.pongTurns !== each) throw new Error(`LangGraph ping-pong ran ${state.pongTurns} of ${each} turns`);
  return ms;
}

/** Fans out to `branches` workers; returns the wall time in ms. */
export async function runLangGraphFanOut(branches: number, saver: LangGraphSaver): Promise<number> {
  const graph = fanOut(saver);
  const started = performance.now();
  const state = await graph.invoke({ branches }, { configurable: { thread_id: `f${thread++}` } });
  const ms = performance.now() - started;
  if (state.results.length !== branches) throw new Error(`LangGraph fan-out returned ${state.results.length} of ${branches} results`);
  return ms;
}
