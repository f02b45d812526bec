/** The header every timing benchmark's results file starts with (src/bench/timing-machine.ts), for table tests. */
export const timedRunHeader = (command: string) => ({
  version: 1 as const,
  command,
  measuredAt: '2026-12-05T00:00:00.000Z',
  machine: { cpu: 'test', cores: 2, node: 'v24', loadAverage: 0 },
});
