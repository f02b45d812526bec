import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRefusal, Ledger, type Reservation } from '../../../runtime/ledger/ledger.js';

describe('the ledger', () => {
  it('reserves in every pool or in none', () => {
    const ledger = new Ledger();
    ledger.declare('run', 'run', 100);
    ledger.declare('agent:a', 'agent', 30);
    const refused = ledger.reserve(['run', 'agent:a'], 40);
    expect(refused).toEqual({ key: 'agent:a', level: 'agent', requested: 40, remaining: 30 });
    expect(ledger.remaining('run')).toBe(100);
    const granted = ledger.reserve(['run', 'agent:a'], 30);
    expect(isRefusal(granted)).toBe(false);
    expect(ledger.remaining('run')).toBe(70);
    expect(ledger.remaining('agent:a')).toBe(0);
  });

  it('returns the unused part of a reservation on commit and everything on release', () => {
    const ledger = new Ledger();
    ledger.declare('run', 'run', 100);
    const first = ledger.reserve(['run'], 60) as Reservation;
    expect(ledger.commit(first, 25)).toEqual([]);
    expect(ledger.remaining('run')).toBe(75);
    const second = ledger.reserve(['run'], 75) as Reservation;
    ledger.release(second);
    expect(ledger.remaining('run')).toBe(75);
    expect(() => ledger.release(second)).toThrow(/not open/);
  });

  it('charges a provider that used more than reserved in full, and names the pools it pushed past their limit', () => {
    const ledger = new Ledger();
    ledger.declare('run', 'run', 50);
    ledger.declare('agent:a', 'agent');
    const reservation = ledger.reserve(['run', 'agent:a'], 40) as Reservation;
    expect(ledger.commit(reservation, 70)).toEqual([{ key: 'run', level: 'run', limit: 50, spent: 70 }]);
    expect(ledger.snapshot().find((p) => p.key === 'agent:a')?.spent).toBe(70);
  });

  it('grows a reservation only when every pool has room', () => {
    const ledger = new Ledger();
    ledger.declare('run', 'run', 100);
    ledger.declare('agent:a', 'agent', 50);
    const reservation = ledger.reserve(['run', 'agent:a'], 40) as Reservation;
    expect(ledger.grow(reservation, 20)).toMatchObject({ key: 'agent:a', requested: 60, remaining: 50 });
    expect(ledger.remaining('agent:a')).toBe(10);
    const grown = ledger.grow(reservation, 10) as Reservation;
    expect(grown.tokens).toBe(50);
    expect(ledger.remaining('agent:a')).toBe(0);
  });

  /**
   * Adversarial agents on many concurrent branches: each asks for more than remains, some
   * succeed, providers report random usage within what was reserved, some steps are
   * abandoned. Whatever the interleaving, no pool ever spends past its limit.
   */
  it('never lets spent pass a hard limit, whatever concurrent branches ask for and report', async () => {
    const limits = fc.record({ run: fc.integer({ min: 0, max: 5000 }), agents: fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 4 }) });
    const step = fc.record({
      agent: fc.nat(),
      greed: fc.integer({ min: 1, max: 4000 }),
      lie: fc.double({ min: 0, max: 1, noNaN: true }),
      outcome: fc.constantFrom('commit', 'release', 'grow'),
      delay: fc.nat({ max: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(limits, fc.array(fc.array(step, { maxLength: 12 }), { minLength: 1, maxLength: 8 }), async (budget, branches) => {
        const ledger = new Ledger();
        ledger.declare('run', 'run', budget.run);
        budget.agents.forEach((limit, i) => ledger.declare(`agent:${i}`, 'agent', limit));
        const check = () => {
          for (const pool of ledger.snapshot()) {
            if (pool.limit !== undefined) expect(pool.spent + pool.reserved).toBeLessThanOrEqual(pool.limit);
          }
        };
        const branch = async (steps: typeof branches[number]) => {
          for (const s of steps) {
            const keys = ['run', `agent:${s.agent % budget.agents.length}`];
            const turnKey = `turn:${Math.random()}`;
            ledger.declare(turnKey, 'turn', s.greed);
            // Ask for more than remains: the agent wants everything it can imagine.
            const ask = Math.max(0, Math.min(s.greed, ledger.remainingOf([...keys, turnKey]) + s.greed));
            const reservation = ledger.reserve([...keys, turnKey], ask);
            if (isRefusal(reservation)) {
              expect(reservation.requested).toBeGreaterThan(reservation.remaining);
              const fitting = ledger.remainingOf([...keys, turnKey]);
              if (fitting < 1) continue;
              const second = ledger.reserve([...keys, turnKey], fitting);
              expect(isRefusal(second)).toBe(false);
              await settleLater(ledger, second as Reservation, s, check);
              continue;
            }
            await settleLater(ledger, reservation, s, check);
          }
        };
        await Promise.all(branches.map(branch));
        check();
        for (const pool of ledger.snapshot()) expect(pool.reserved).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});

async function settleLater(
  ledger: Ledger,
  reservation: Reservation,
  s: { lie: number; outcome: string; delay: number; greed: number },
  check: () => void,
): Promise<void> {
  for (let i = 0; i < s.delay; i++) await Promise.resolve();
  check();
  // A provider that lies about usage, but within the cap it was given.
  const reported = Math.floor(reservation.tokens * s.lie);
  if (s.outcome === 'release') return ledger.release(reservation);
  if (s.outcome === 'grow') {
    const grown = ledger.grow(reservation, s.greed);
    ledger.commit(isRefusal(grown) ? reservation : grown, reported);
  } else {
    expect(ledger.commit(reservation, reported)).toEqual([]);
  }
  check();
}
