/** A ping-pong turn: says whether to go on (each agent takes `turns` turns) and passes a small message. */
export default function tick({ input, turn, agent }: { input: unknown; turn: number; agent: { name: string } }) {
  const { turns = 1 } = (input ?? {}) as { turns?: number };
  return { more: turn < turns, message: `${agent.name} tick ${turn}` };
}
