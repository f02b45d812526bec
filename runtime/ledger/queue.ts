import { Fifo } from '../fifo.js';
import type { Ledger } from './ledger.js';

/** A reservation that could not be made yet, and what to do when it can, or never can. */
export interface QueuedReservation<T> {
  /** Whether it can be granted now. */
  fits: () => boolean;
  /** Whether it can never be granted, even if every reservation in flight were given back unspent. */
  hopeless: () => boolean;
  /** Makes the reservation (synchronously, so nothing can take the room first). */
  grant: () => T;
  /** The error a hopeless request fails with. */
  refuse: () => Error;
  /** Aborting it takes the request out of the queue. */
  signal: AbortSignal;
  /** The error a request taken out by its signal fails with. */
  abandoned: () => Error;
}

interface Entry {
  request: QueuedReservation<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  detach: () => void;
}

/**
 * Turns waiting for budget that reservations in flight hold. Whenever the ledger gets
 * tokens back (a commit or release), the queue grants waiting requests first come,
 * first served: the head is granted when it fits, failed when it never can, and
 * otherwise everyone behind it keeps waiting. Grants happen inside the commit or
 * release that made room, so when that is a journaled section, replay grants at the
 * same point; nothing polls.
 */
export class ReservationQueue {
  private readonly waiting = new Fifo<Entry>();

  constructor(ledger: Ledger) {
    ledger.onFreed(() => this.pump());
  }

  /** Requests waiting; a new request queues behind them even if it would fit now. */
  get length(): number {
    return this.waiting.size;
  }

  enqueue<T>(request: QueuedReservation<T>): Promise<T> {
    if (request.signal.aborted) return Promise.reject(request.abandoned());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        if (!queued.queued) return;
        this.waiting.delete(queued);
        reject(request.abandoned());
        // The head may have gone: whoever is next may fit already.
        this.pump();
      };
      const entry: Entry = {
        request: request as QueuedReservation<unknown>,
        resolve: resolve as (value: unknown) => void,
        reject,
        detach: () => request.signal.removeEventListener('abort', onAbort),
      };
      request.signal.addEventListener('abort', onAbort, { once: true });
      const queued = this.waiting.push(entry);
      this.pump();
    });
  }

  private pump(): void {
    for (let head = this.waiting.peek(); head; head = this.waiting.peek()) {
      const { request } = head;
      const fits = request.fits();
      if (!fits && !request.hopeless()) return;
      this.waiting.shift();
      head.detach();
      try {
        if (fits) head.resolve(request.grant());
        else head.reject(request.refuse());
      } catch (error) {
        head.reject(error as Error);
      }
    }
  }
}
