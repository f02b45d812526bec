import os from 'node:os';
import { z } from 'zod';

/** The machine a timing benchmark ran on, with its load: timings mean little without it. */
export const TimingMachine = z.object({ cpu: z.string(), cores: z.number().int(), node: z.string(), loadAverage: z.number() });
export type TimingMachine = z.infer<typeof TimingMachine>;

/** This machine, and its one-minute load average now. */
export function thisMachine(): TimingMachine {
  return { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.availableParallelism(), node: process.version, loadAverage: Math.round(os.loadavg()[0]! * 10) / 10 };
}

/** What every timing benchmark's results file starts with: which run made it, when and where. */
export const timedRunFields = { version: z.literal(1), command: z.string(), measuredAt: z.string(), machine: TimingMachine };
