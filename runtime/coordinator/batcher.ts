/**
 * Collects requests from many concurrent runs and hands them to one function in batches.
 * With the default `maxWaitMs` of 0, a request that finds no batch running is flushed once the
 * code that submitted it has finished (a microtask), together with every request submitted
 * before then; requests that arrive while a batch runs wait for it and go together as the next
 * batch, so a lone request pays no event-loop turn and a busy batcher still fills its batches.
 * A batch is also flushed as soon as it reaches `maxBatch`. With `maxWaitMs` set, requests wait
 * up to that long for more instead. Each caller gets its own result back, or its batch's error.
 * So the batch function must never wait on a request to its own batcher: that request would wait for it.
 */
export interface BatcherOptions {
  maxBatch: number;
  /** Wait up to this long for more requests; 0 flushes once no batch is running and the current code is done. */
  maxWaitMs?: number;
}

interface Pending<Req, Res> {
  request: Req;
  resolve: (result: Res) => void;
  reject: (error: unknown) => void;
}

export class Batcher<Req, Res> {
  private queue: Pending<Req, Res>[] = [];
  /** Batches handed to runBatch that have not settled yet. */
  private running = 0;
  /** A flush is already queued (a microtask or a timer): the queue goes with it. */
  private scheduled: { kind: 'microtask' } | { kind: 'timeout'; handle: NodeJS.Timeout } | undefined;

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
    if (this.scheduled) return;
    const wait = this.options.maxWaitMs ?? 0;
    if (wait > 0) this.scheduled = { kind: 'timeout', handle: setTimeout(() => this.flush(), wait) };
    // A running batch flushes the queue when it settles (settled()), gathering what arrives meanwhile.
    else if (this.running === 0) {
      const microtask = { kind: 'microtask' } as const;
      this.scheduled = microtask;
      // A microtask cannot be cancelled: one overtaken by a full batch's flush must not flush again.
      queueMicrotask(() => {
        if (this.scheduled === microtask) this.flush();
      });
    }
  }

  private flush(): void {
    if (this.scheduled?.kind === 'timeout') clearTimeout(this.scheduled.handle);
    this.scheduled = undefined;
    while (this.queue.length > 0) this.start(this.queue.splice(0, this.options.maxBatch));
  }

  private start(batch: Pending<Req, Res>[]): void {
    this.running++;
    let results: Promise<Res[]>;
    try {
      results = this.runBatch(batch.map((p) => p.request));
    } catch (error) {
      // A batch function that throws before returning its promise fails its own batch, not the flush.
      results = Promise.reject(error);
    }
    results.then(
      (out) => {
        if (out.length !== batch.length) {
          const error = new Error(`coordinator: batch returned ${out.length} results for ${batch.length} requests`);
          for (const p of batch) p.reject(error);
        } else {
          for (let i = 0; i < batch.length; i++) batch[i]!.resolve(out[i] as Res);
        }
        this.settled();
      },
      (error: unknown) => {
        for (const p of batch) p.reject(error);
        this.settled();
      },
    );
  }

  /** A batch is done: once none runs, what queued up meanwhile goes as the next batch. */
  private settled(): void {
    this.running--;
    if (this.running === 0 && this.queue.length > 0) this.schedule();
  }
}
