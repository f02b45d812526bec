import { formatDuration } from './text.js';

export interface ProgressOptions {
  total: number;
  label: string;
  stream: { isTTY?: boolean; write(chunk: string): unknown };
  now?: () => number;
  /** Non-TTY streams get a line at most this often (and at the end). */
  lineEveryMs?: number;
}

/** done / total, rate and ETA for long commands: redrawn in place on a TTY, a line now and then elsewhere. */
export function createProgress({ total, label, stream, now = Date.now, lineEveryMs = 5000 }: ProgressOptions) {
  const started = now();
  let done = 0;
  let lastLine = -Infinity;
  const render = (): string => {
    const elapsed = now() - started;
    const rate = elapsed > 0 ? (done / elapsed) * 1000 : 0;
    const eta = rate > 0 && done < total ? formatDuration(((total - done) / rate) * 1000) : '—';
    return `${label} ${done}/${total} ${rate.toFixed(1)}/s eta ${eta}`;
  };
  return {
    tick(n = 1): void {
      done = Math.min(total, done + n);
      if (stream.isTTY) stream.write(`\r\x1b[2K${render()}`);
      else if (now() - lastLine >= lineEveryMs || done === total) {
        lastLine = now();
        stream.write(`${render()}\n`);
      }
    },
    finish(): void {
      if (stream.isTTY) stream.write(`\r\x1b[2K${render()}\n`);
    },
  };
}
