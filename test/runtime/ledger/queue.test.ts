import { describe, expect, it } from 'vitest';
import { isRefusal, Ledger, type Reservation } from '../../../runtime/ledger/ledger.js';
import { ReservationQueue, type QueuedReservation } from '../../../runtime/ledger/queue.js';

/** A request for `tokens` in the run pool, granted when they fit and refused when they never can. */
function request(ledger: Ledger, tokens: number, signal = new AbortController().signal): QueuedReservation<Reservation> {
  return {
    fits: () => ledger.remaining('run') >= tokens,
    hopeless: () => ledger.unspentOf(['run']) < tokens,
    grant: () => {
      const reservation = ledger.reserve(['run'], tokens);
      if (isRefusal(reservation)) throw new Error('refused');
      return reservation;
    },
    refuse: () => new Error(`${tokens} never fit`),
    signal,
    abandoned: () => new Error('abandoned'),
  };
}

function setUp(limit: number) {
  const ledger = new Ledger();
  ledger.declare('run', 'run', limit);
  return { ledger, queue: new ReservationQueue(ledger) };
}

describe('the reservation queue', () => {
  it('grants waiting requests first come, first served, when a commit gives tokens back', async () => {
    const { ledger, queue } = setUp(100);
    const holder = ledger.reserve(['run'], 100) as Reservation;
    const order: string[] = [];
    const first = queue.enqueue(request(ledger, 60)).then((r) => (order.push('first'), r));
    // Both fit once the holder settles: they are granted in the order they asked.
    const second = queue.enqueue(request(ledger, 30)).then((r) => (order.push('second'), r));
    ledger.commit(holder, 10);
    const [a, b] = await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
    expect([a.tokens, b.tokens]).toEqual([60, 30]);
    expect(ledger.remaining('run')).toBe(0);
  });

  it('keeps later requests waiting behind a head that does not fit yet', async () => {
    const { ledger, queue } = setUp(100);
    const holder = ledger.reserve(['run'], 90) as Reservation;
    let granted = false;
    void queue.enqueue(request(ledger, 50)).then(() => (granted = true));
    const small = queue.enqueue(request(ledger, 5));
    let smallGranted = false;
    void small.then(() => (smallGranted = true));
    await Promise.resolve();
    expect([granted, smallGranted]).toEqual([false, false]);
    expect(queue.length).toBe(2);
    ledger.commit(holder, 10);
    await small;
    expect([granted, smallGranted]).toEqual([true, true]);
  });

  it('refuses a request once nothing in flight could make room for it, and goes on with the next', async () => {
    const { ledger, queue } = setUp(100);
    const holder = ledger.reserve(['run'], 100) as Reservation;
    const big = queue.enqueue(request(ledger, 70));
    const small = queue.enqueue(request(ledger, 20));
    ledger.commit(holder, 75);
    await expect(big).rejects.toThrow('70 never fit');
    expect((await small).tokens).toBe(20);
    expect(queue.length).toBe(0);
  });

  it('drops a request whose signal aborts, and lets the one behind it go first', async () => {
    const { ledger, queue } = setUp(100);
    const holder = ledger.reserve(['run'], 100) as Reservation;
    const stop = new AbortController();
    const first = queue.enqueue(request(ledger, 80, stop.signal));
    const second = queue.enqueue(request(ledger, 40));
    stop.abort();
    await expect(first).rejects.toThrow('abandoned');
    ledger.release(holder);
    expect((await second).tokens).toBe(40);
  });
});
