/** A place in a Fifo, given back by `push`, by which its value can be taken out of turn. */
export interface FifoEntry<T> {
  readonly value: T;
  /** Toward the tail. */
  next?: FifoEntry<T>;
  /** Toward the head. */
  prev?: FifoEntry<T>;
  /** False once taken or deleted. */
  queued: boolean;
}

/**
 * First in, first out, with taking from the head and deleting any entry in constant time.
 * Array#shift is not constant on long arrays (V8 moves every element once an array is a few
 * thousand long), and a map of 10,000 items keeps that many steps waiting for their sections.
 */
export class Fifo<T> {
  private head?: FifoEntry<T>;
  private tail?: FifoEntry<T>;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The oldest value, left in place. */
  peek(): T | undefined {
    return this.head?.value;
  }

  push(value: T): FifoEntry<T> {
    const entry: FifoEntry<T> = { value, queued: true };
    if (this.tail) {
      this.tail.next = entry;
      entry.prev = this.tail;
    } else {
      this.head = entry;
    }
    this.tail = entry;
    this.count++;
    return entry;
  }

  /** Takes the oldest value out. */
  shift(): T | undefined {
    const entry = this.head;
    if (!entry) return undefined;
    this.delete(entry);
    return entry.value;
  }

  /** Takes an entry out wherever it stands; nothing when it is no longer queued. */
  delete(entry: FifoEntry<T>): void {
    if (!entry.queued) return;
    entry.queued = false;
    if (entry.prev) entry.prev.next = entry.next;
    else this.head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.tail = entry.prev;
    entry.prev = entry.next = undefined;
    this.count--;
  }

  /** The values, oldest first, left in place. */
  *values(): IterableIterator<T> {
    for (let entry = this.head; entry; entry = entry.next) yield entry.value;
  }

  /** Takes every value out, oldest first. */
  drain(): T[] {
    const values: T[] = [];
    for (let entry = this.head; entry; entry = this.head) {
      this.delete(entry);
      values.push(entry.value);
    }
    return values;
  }
}
