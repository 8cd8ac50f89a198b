/**
 * deque.ts — a ring-buffer FIFO for run queues and wait lists.
 *
 * Models: the list_head run queue of a simple round-robin scheduler. Push at the tail, pop
 * at the head (or, for a wake-up preemption, at the head), remove from the middle (rare: migration, signal wake-ups) in O(n); insert in the middle
 * (a real-time task queued ahead of lower priorities, sched_rt.ts) in O(n).
 */

export class Deque<T> {
  private buf: (T | undefined)[] = new Array(16);
  private head = 0;
  length = 0;

  push(x: T): void {
    if (this.length === this.buf.length) this.grow();
    this.buf[(this.head + this.length) & (this.buf.length - 1)] = x;
    this.length++;
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const x = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.length--;
    return x;
  }

  /** Put an element at the head (a task that must run next: wake-up preemption). */
  unshift(x: T): void {
    if (this.length === this.buf.length) this.grow();
    this.head = (this.head - 1) & (this.buf.length - 1);
    this.buf[this.head] = x;
    this.length++;
  }

  /** Take the last element (what an idle CPU steals: the most recently queued). */
  pop(): T | undefined {
    if (this.length === 0) return undefined;
    const i = (this.head + this.length - 1) & (this.buf.length - 1);
    const x = this.buf[i];
    this.buf[i] = undefined;
    this.length--;
    return x;
  }

  at(i: number): T {
    return this.buf[(this.head + i) & (this.buf.length - 1)] as T;
  }

  /** Put an element before index i (0 … length): a real-time task takes its place in priority order. */
  insertAt(i: number, x: T): void {
    if (i === this.length) { this.push(x); return; }
    if (i === 0) { this.unshift(x); return; }
    this.push(x);
    for (let j = this.length - 1; j > i; j--) this.buf[(this.head + j) & (this.buf.length - 1)] = this.at(j - 1);
    this.buf[(this.head + i) & (this.buf.length - 1)] = x;
  }

  remove(x: T): boolean {
    for (let i = 0; i < this.length; i++) {
      if (this.at(i) === x) {
        for (let j = i; j < this.length - 1; j++) {
          this.buf[(this.head + j) & (this.buf.length - 1)] = this.at(j + 1);
        }
        this.buf[(this.head + this.length - 1) & (this.buf.length - 1)] = undefined;
        this.length--;
        return true;
      }
    }
    return false;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.at(i));
    return out;
  }

  private grow(): void {
    const nb: (T | undefined)[] = new Array(this.buf.length * 2);
    for (let i = 0; i < this.length; i++) nb[i] = this.at(i);
    this.buf = nb;
    this.head = 0;
  }
}
