import type { BudgetScope } from '../events.js';

/**
 * The token ledger: every budget of a run as a pool with a limit, the tokens spent
 * from it and the tokens reserved by steps in flight. A step reserves before it
 * spends, across every pool that applies at once, so concurrent branches can never
 * together pass a limit: `reserve` is synchronous and all-or-nothing.
 */
export interface Pool {
  key: string;
  level: BudgetScope;
  /** Absent for pools that are only counted (an agent without a total budget). */
  limit?: number;
  spent: number;
  reserved: number;
}

export interface Reservation {
  readonly id: number;
  readonly keys: readonly string[];
  readonly tokens: number;
}

/** Why a reservation was refused: the first pool without room. */
export interface Refusal {
  key: string;
  level: BudgetScope;
  requested: number;
  remaining: number;
}

/** A pool that a commit pushed past its limit (only when the actual count exceeded the reservation). */
export interface Overshoot {
  key: string;
  level: BudgetScope;
  limit: number;
  spent: number;
}

export class Ledger {
  private readonly pools = new Map<string, Pool>();
  private readonly open = new Map<number, Reservation>();
  private readonly freedListeners = new Set<() => void>();
  private nextId = 1;

  /** Declares a pool; declaring an existing key again keeps its counts. */
  declare(key: string, level: BudgetScope, limit?: number): void {
    if (this.pools.has(key)) return;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
      throw new Error(`budget ${key}: limit must be a non-negative integer, got ${limit}`);
    }
    this.pools.set(key, { key, level, limit, spent: 0, reserved: 0 });
  }

  /** Tokens still available in a pool (Infinity when it has no limit). */
  remaining(key: string): number {
    const pool = this.pool(key);
    return pool.limit === undefined ? Infinity : pool.limit - pool.spent - pool.reserved;
  }

  /** The least that remains over several pools. */
  remainingOf(keys: readonly string[]): number {
    return keys.reduce((least, key) => Math.min(least, this.remaining(key)), Infinity);
  }

  /** The least that would remain over several pools if every open reservation were given back unspent. */
  unspentOf(keys: readonly string[]): number {
    return keys.reduce((least, key) => {
      const pool = this.pool(key);
      return Math.min(least, pool.limit === undefined ? Infinity : pool.limit - pool.spent);
    }, Infinity);
  }

  /** Calls `listener` after every commit and release (reserved tokens came back); returns the function that stops it. */
  onFreed(listener: () => void): () => void {
    this.freedListeners.add(listener);
    return () => this.freedListeners.delete(listener);
  }

  /** Reserves `tokens` in every pool of `keys`, or in none of them. */
  reserve(keys: readonly string[], tokens: number): Reservation | Refusal {
    assertCount(tokens, 'reservation');
    for (const key of keys) {
      const remaining = this.remaining(key);
      if (tokens > remaining) return { key, level: this.pool(key).level, requested: tokens, remaining };
    }
    for (const key of keys) this.pool(key).reserved += tokens;
    const reservation: Reservation = { id: this.nextId++, keys: [...keys], tokens };
    this.open.set(reservation.id, reservation);
    return reservation;
  }

  /** Grows an open reservation by `extra` tokens in all its pools, or not at all; a refusal counts the reservation as available. */
  grow(reservation: Reservation, extra: number): Reservation | Refusal {
    this.take(reservation);
    const grown = this.reserve(reservation.keys, reservation.tokens + extra);
    if (isRefusal(grown)) this.restore(reservation);
    return grown;
  }

  /**
   * Settles a reservation with the tokens really used. Within the reservation the
   * unused part returns to the pools. Above it (a provider that used more than it
   * was allowed), the real count is charged and the pools it pushed past their
   * limit are returned, so the caller can stop the run and say so.
   */
  commit(reservation: Reservation, actual: number): Overshoot[] {
    assertCount(actual, 'usage');
    this.take(reservation);
    const overshoot: Overshoot[] = [];
    for (const key of reservation.keys) {
      const pool = this.pool(key);
      pool.spent += actual;
      if (pool.limit !== undefined && pool.spent > pool.limit) {
        overshoot.push({ key, level: pool.level, limit: pool.limit, spent: pool.spent });
      }
    }
    this.notifyFreed();
    return overshoot;
  }

  /** Returns a reservation's tokens to its pools unspent (a cancelled or failed step). */
  release(reservation: Reservation): void {
    this.take(reservation);
    this.notifyFreed();
  }

  /** Charges tokens outside any step reservation, only if every pool has room. */
  charge(keys: readonly string[], tokens: number): Refusal | undefined {
    const reservation = this.reserve(keys, tokens);
    if (isRefusal(reservation)) return reservation;
    this.commit(reservation, tokens);
    return undefined;
  }

  /** One pool's counts, copied: a step reads the pools it touches without copying the whole ledger. */
  poolOf(key: string): Pool {
    return { ...this.pool(key) };
  }

  snapshot(): Pool[] {
    return [...this.pools.values()].map((pool) => ({ ...pool }));
  }

  private notifyFreed(): void {
    for (const listener of [...this.freedListeners]) listener();
  }

  private take(reservation: Reservation): void {
    if (!this.open.delete(reservation.id)) throw new Error(`reservation ${reservation.id} is not open`);
    for (const key of reservation.keys) this.pool(key).reserved -= reservation.tokens;
  }

  private restore(reservation: Reservation): void {
    for (const key of reservation.keys) this.pool(key).reserved += reservation.tokens;
    this.open.set(reservation.id, reservation);
  }

  private pool(key: string): Pool {
    const pool = this.pools.get(key);
    if (!pool) throw new Error(`unknown budget '${key}'`);
    return pool;
  }
}

export function isRefusal(value: Reservation | Refusal): value is Refusal {
  return 'remaining' in value;
}

function assertCount(tokens: number, what: string): void {
  if (!Number.isInteger(tokens) || tokens < 0) throw new Error(`${what} must be a non-negative integer of tokens, got ${tokens}`);
}
