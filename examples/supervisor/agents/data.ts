import { readFile } from 'node:fs/promises';

export interface Series {
  name: string;
  values: number[];
}

/** The series to analyse: the run input's `file` (or `values`), else the bundled latency samples. */
export async function loadSeries(input: unknown): Promise<Series> {
  const given = input as { file?: string; name?: string; values?: number[] } | undefined;
  if (Array.isArray(given?.values)) return { name: given.name ?? 'input', values: given.values };
  const path = given?.file ?? new URL('../data/latency.json', import.meta.url);
  return JSON.parse(await readFile(path, 'utf8')) as Series;
}

export function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median absolute deviation: a spread that outliers do not inflate. */
export function mad(values: number[]): number {
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

export const round = (n: number) => Math.round(n * 10) / 10;
