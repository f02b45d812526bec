/**
 * Collects requests from many concurrent runs and hands them to one function in batches:
 * a batch is flushed when it reaches `maxBatch`, or once the current turn of the event
 * loop is over (setImmediate), or after `maxWaitMs` when that is set, whichever is first.
 * Each caller gets its own result back, or the batch's error.
 */
export interface BatcherOptions {
  maxBatch: number;
  /** Wait up to this long for more requests; 0 flushes after the current event-loop turn. */
  maxWaitMs?: number;
}

interface Pending<Req, Res> {
  request: Req;
  resolve: (result: Res) => void;
  reject: (error: unknown) => void;
}

export class Batcher<Req, Res> {
  private queue: Pending<Req, Res>[] = [];
  private timer: { kind: 'immediate'; handle: NodeJS.Immediate } | { kind: 'timeout'; handle: NodeJS.Timeout } | undefined;

  constructor(
    private readonly runBatch: (requests: Req[]) => Promise<Res[]>,
    private readonly options: BatcherOptions,
  ) {
    if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1) {
      throw new Error(`coordinator: batch size must be a positive integer, got ${options.maxBatch}`);
    }
  }

  submit(request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (this.queue.length >= this.options.maxBatch) this.flush();
      else this.schedule();
    });
  }

  /** Requests waiting for the next flush. */
  get pending(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = this.options.maxWaitMs ?? 0;
    this.timer =
      wait > 0
        ? { kind: 'timeout', handle: setTimeout(() => this.flush(), wait) }
        : { kind: 'immediate', handle: setImmediate(() => this.flush()) };
  }

  private flush(): void {
    if (this.timer?.kind === 'timeout') clearTimeout(this.timer.handle);
    if (this.timer?.kind === 'immediate') clearImmediate(this.timer.handle);
    this.timer = undefined;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.runBatch(batch.map((p) => p.request)).then(
        (results) => {
          if (results.length !== batch.length) {
            const error = new Error(`coordinator: batch returned ${results.length} results for ${batch.length} requests`);
            for (const p of batch) p.reject(error);
            return;
          }
          batch.forEach((p, i) => p.resolve(results[i] as Res));
        },
        (error: unknown) => {
          for (const p of batch) p.reject(error);
        },
      );
    }
  }
}
