/**
 * Holds a run between agent turns: while paused, the turns in flight finish and no new
 * turn starts until `resume`. The run announces each change as `run.paused` or
 * `run.resumed`, so whoever watches (the dashboard, `--json`) sees it.
 */
export class PauseGate {
  private held = false;
  private waiters: Array<() => void> = [];
  private readonly listeners = new Set<(paused: boolean) => void>();

  get paused(): boolean {
    return this.held;
  }

  pause(): void {
    if (this.held) return;
    this.held = true;
    for (const listener of this.listeners) listener(true);
  }

  resume(): void {
    if (!this.held) return;
    this.held = false;
    for (const release of this.waiters.splice(0)) release();
    for (const listener of this.listeners) listener(false);
  }

  /** Resolves at once when not paused; otherwise on `resume`, or when `signal` aborts (a stopped run must not wait). */
  whenOpen(signal: AbortSignal): Promise<void> {
    if (!this.held || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const release = () => {
        signal.removeEventListener('abort', release);
        this.waiters = this.waiters.filter((w) => w !== release);
        resolve();
      };
      this.waiters.push(release);
      signal.addEventListener('abort', release, { once: true });
    });
  }

  /** Calls `listener` on every change; returns the function that stops it. */
  onChange(listener: (paused: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
