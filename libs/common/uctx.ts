/**
 * uctx.ts — user-level contexts: the thread control block, the marker protocol a user thread
 * uses to hand control back to its scheduler, and the intrusive queues the schedulers keep.
 * Shared by NGPT (M:N) and the green-thread library (M:1).
 *
 * Mirrors: GNU Pth's pth_mctx.c (a machine context per thread, switched with
 * setjmp/longjmp — here a JavaScript generator per thread, "switched" by which generator the
 * scheduler resumes), pth_tcb.c (struct pth_st, the thread control block), and NGPT's
 * pqueue.c (priority queues of threads, linked through a node inside the TCB).
 *
 * The marker protocol. A user thread runs as one generator that the native's scheduler loop
 * resumes. Whatever the thread yields is either a kernel request (`Req`, forwarded to the
 * kernel by the scheduler: `const r = yield req`) or one of the three markers below, which the
 * scheduler keeps for itself and never forwards:
 *
 *   M_PARK   the thread has put itself on some wait list (a mutex, a condition, a timer, an
 *            fd): leave it off the ready queue until a waker calls readyThread on it;
 *   M_YIELD  the thread gives up the native but stays runnable (pth_yield);
 *   M_EXIT   the thread is finished (pthread_exit); its value is in `retval`.
 *
 * A thread parks with `const v = yield M_PARK` (inline, not through a helper generator: one
 * generator fewer per parked thread); `v` is whatever its waker stored in `resume` (e.g.
 * TIMED_OUT from a timer, WAIT_INTR or WAIT_SIGNAL from a signal). Markers are `Req`s with a
 * number no system call has (below NR_COMPUTE), so one that leaked to the kernel (say, from a
 * signal handler, which runs on the native's kernel stack, not inside a user thread) fails with
 * ENOSYS instead of confusing the kernel.
 *
 * Memory: a live user thread is one UThread (about twenty small fields, no arrays, no
 * closures) plus the generators of whatever it is suspended in. Queues link threads through
 * `next` (each thread is on at most one list at a time), and the timer heap keeps the
 * thread's index in `heapIdx`, so a million parked threads cost no per-queue allocation.
 *
 * Simplifies: no stacks, no stack guard pages and no sigsetjmp mask saving; a switch costs the
 * cost model's `userSwitch`, and a thread's signal mask is applied to its native lazily (only
 * when it differs from the previous thread's).
 */

import { Req, NR_COMPUTE, type Sim } from '../../kernel/index.js';
import type { ThreadBase } from './libc_base.js';
import type { Routed } from './usignal.js';
import type { CleanupFrame } from './cancel.js';

// ---- the marker protocol ----
export const NR_UPARK = -16;
export const NR_UYIELD = -17;
export const NR_UEXIT = -18;
export const M_PARK = new Req(NR_UPARK);
export const M_YIELD = new Req(NR_UYIELD);
export const M_EXIT = new Req(NR_UEXIT);
/** A handler abandoned by pthread_exit (usignal.ts runHandler drops it, as C's unwinding does). */
export const NR_UABANDON = -19;
export const M_ABANDON = new Req(NR_UABANDON);

/**
 * A compute request for `ns` (cached: requests are immutable, the kernel copies what it needs,
 * and the same few costs — a user switch, an atomic — are charged millions of times).
 */
const computeCache = new Map<number, Req>();
export function computeReq(ns: number): Req {
  let r = computeCache.get(ns);
  if (r === undefined) {
    if (computeCache.size > 64) computeCache.clear();
    r = new Req(NR_COMPUTE, ns);
    computeCache.set(ns, r);
  }
  return r;
}

/** Thread states (Pth's PTH_STATE_*). */
export const US_NEW = 0;
export const US_READY = 1;
export const US_RUNNING = 2;
export const US_WAITING = 3;
export const US_DEAD = 4;

// ---- flags ----
export const UF_DETACHED = 1;
/** A system-scope thread: bound to a native of its own (NGPT's boundnative). */
export const UF_BOUND = 2;
/** Parked in a wait a signal may interrupt (sleep, fd, sigwait, waitpid poll). */
export const UF_INTR = 4;
/** The initial thread (main). */
export const UF_MAIN = 8;
/** The last live thread, now running exit(0) (usched.ts). */
export const UF_LAST = 16;

/** Priority levels: attr.priority -16..15 maps to run-queue buckets 0..31; 16 is the default. */
export const PRIO_MIN = -16;
export const PRIO_MAX = 15;
export const PRIO_BUCKETS = 32;
export function prioBucket(prio: number): number {
  const p = prio < PRIO_MIN ? PRIO_MIN : prio > PRIO_MAX ? PRIO_MAX : Math.trunc(prio);
  return p - PRIO_MIN;
}

/** Value a woken thread finds in `resume` when a signal interrupted its wait. */
export const WAIT_INTR = -4;
/** ... and when a cancellation request woke it (ucancel.ts). */
export const WAIT_CANCEL = -125;

/**
 * Value a thread finds when it was woken from a wait that signals do not end (a mutex, a
 * condition, a join) so that a signal's handler could run in it (usignal.ts `signalWake`): it
 * re-checks what it waits for and parks again (a condition wait returns, as a spurious wake-up).
 * Every park that is not interruptible must handle it.
 */
export const WAIT_SIGNAL = -512;

/**
 * struct pth_st: one user thread. `home` is the scheduler (native) whose queues the thread
 * lives on; `gen` is its whole execution context.
 */
export class UThread implements ThreadBase {
  errno = 0;
  specific: Map<number, unknown> | null = null;
  /** Pth's mutexring: the mutexes this thread holds, released when it ends (umutex.ts). */
  held: object[] | null = null;
  /** Pth's cleanups: the pthread_cleanup_push records, newest first (cancel.ts). */
  cleanup: CleanupFrame | null = null;
  /** Pth's cancelreq and cancelstate (ucancel.ts): enabled and deferred by default. */
  cancelreq = false;
  cancelstate = 9;
  gen: Sim<unknown> | null = null;
  /** Sent into the generator at the next dispatch. */
  resume: unknown = undefined;
  state = US_NEW;
  flags = 0;
  /** Run-queue bucket (prioBucket). */
  prio: number;
  /** Intrusive link for the ready queue or one wait list. */
  next: UThread | null = null;
  /** Index in the home native's timer heap, or -1. */
  heapIdx = -1;
  /** Absolute virtual time of a timed wait. */
  deadline = 0;
  /** What the thread is parked on (mutex, condition, fd record), for timeouts and signals. */
  waitOn: unknown = null;
  retval: unknown = undefined;
  joiner: UThread | null = null;
  /** pthread_sigmask at user level, and thread-directed signals not yet raised. */
  sigmask: bigint;
  sigpend = 0n;
  /**
   * The values of recorded signals sent by pthread_sigqueue, by signal number, oldest first: a
   * real-time signal keeps every instance (rule 14), a standard one the first.
   */
  sigvals: Map<number, unknown[]> | null = null;
  /** Signals the kernel delivered to a scheduler that the library handed to this thread. */
  routed: Routed[] | null = null;
  /** The set a sigwait in progress waits for: a signal in it taken for the thread ends the wait, its handler does not run (usigwait.ts). */
  sigwaiting = 0n;
  /** A handler ran in the thread during that wait (sigwaitinfo's EINTR). */
  sigwaitHandled = false;
  constructor(readonly id: number, public home: any, prio: number, sigmask: bigint) {
    this.prio = prio;
    this.sigmask = sigmask;
  }
}

/**
 * A priority run queue (NGPT pqueue): one FIFO per priority bucket, linked through
 * `UThread.next`, and a bit map of non-empty buckets; the highest bucket runs first.
 */
export class RunQueue {
  private heads: (UThread | null)[] = new Array(PRIO_BUCKETS).fill(null);
  private tails: (UThread | null)[] = new Array(PRIO_BUCKETS).fill(null);
  private bitmap = 0;
  length = 0;

  push(t: UThread): void {
    const b = t.prio;
    t.next = null;
    const tail = this.tails[b];
    if (tail === null) { this.heads[b] = t; this.bitmap |= 1 << b; } else tail.next = t;
    this.tails[b] = t;
    this.length++;
  }

  /** The highest-priority thread, first come first served within a priority. */
  shift(): UThread | null {
    if (this.bitmap === 0) return null;
    const b = 31 - Math.clz32(this.bitmap);
    const t = this.heads[b]!;
    this.heads[b] = t.next;
    if (t.next === null) { this.tails[b] = null; this.bitmap &= ~(1 << b); }
    t.next = null;
    this.length--;
    return t;
  }

  /**
   * A perturbed scheduler's choice (kernel sched_pct.ts): in the highest non-empty bucket, the
   * thread of highest PCT priority (the library's own priorities still come first).
   */
  best(pct: { priority(key: object): number }): UThread | null {
    if (this.bitmap === 0) return null;
    let best = this.heads[31 - Math.clz32(this.bitmap)]!;
    let bp = pct.priority(best);
    for (let t = best.next; t !== null; t = t.next) {
      const p = pct.priority(t);
      if (p > bp) { best = t; bp = p; }
    }
    return best;
  }

  /** Unlink a queued thread (the perturbed choice); O(its bucket). */
  remove(t: UThread): void {
    const b = t.prio;
    let prev: UThread | null = null;
    for (let x = this.heads[b]; x !== null; prev = x, x = x.next) {
      if (x !== t) continue;
      if (prev === null) this.heads[b] = x.next; else prev.next = x.next;
      if (this.tails[b] === x) this.tails[b] = prev;
      if (this.heads[b] === null) this.bitmap &= ~(1 << b);
      x.next = null;
      this.length--;
      return;
    }
  }

  /** Move every queued thread to `to` (the watchdog's rescue of a stuck native's work). */
  drainTo(to: RunQueue, home: unknown): number {
    let n = 0;
    for (let t = this.shift(); t !== null; t = this.shift()) { t.home = home; to.push(t); n++; }
    return n;
  }
}

/** A FIFO wait list (mutex waiters, condition waiters), linked through `UThread.next`. */
export class WaitList {
  head: UThread | null = null;
  tail: UThread | null = null;
  length = 0;

  push(t: UThread): void {
    t.next = null;
    if (this.tail === null) this.head = t; else this.tail.next = t;
    this.tail = t;
    this.length++;
  }

  shift(): UThread | null {
    const t = this.head;
    if (t === null) return null;
    this.head = t.next;
    if (this.head === null) this.tail = null;
    t.next = null;
    this.length--;
    return t;
  }

  /** Unlink `t` (a timed-out or interrupted waiter); O(n). Returns false if not queued. */
  remove(t: UThread): boolean {
    let prev: UThread | null = null;
    for (let x = this.head; x !== null; prev = x, x = x.next) {
      if (x !== t) continue;
      if (prev === null) this.head = x.next; else prev.next = x.next;
      if (this.tail === x) this.tail = prev;
      x.next = null;
      this.length--;
      return true;
    }
    return false;
  }
}

/** A binary min-heap of threads by `deadline` (Pth's PTH_EVENT_TIME waiters). */
export class TimerHeap {
  private a: UThread[] = [];

  get size(): number {
    return this.a.length;
  }

  /** The earliest deadline, or Infinity. */
  first(): number {
    return this.a.length ? this.a[0].deadline : Infinity;
  }

  add(t: UThread, deadline: number): void {
    t.deadline = deadline;
    t.heapIdx = this.a.length;
    this.a.push(t);
    this.up(t.heapIdx);
  }

  /** Remove `t` if it is queued here (a waiter woken before its timeout). */
  remove(t: UThread): void {
    const i = t.heapIdx;
    if (i < 0 || this.a[i] !== t) return;
    const last = this.a.pop()!;
    t.heapIdx = -1;
    if (last === t) return;
    this.a[i] = last;
    last.heapIdx = i;
    this.down(i);
    this.up(last.heapIdx);
  }

  /** Pop the earliest thread if its deadline is at or before `now`. */
  popExpired(now: number): UThread | null {
    if (this.a.length === 0 || this.a[0].deadline > now) return null;
    const t = this.a[0];
    this.remove(t);
    return t;
  }

  private up(i: number): void {
    const a = this.a;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p].deadline <= a[i].deadline) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const a = this.a;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && a[l].deadline < a[m].deadline) m = l;
      if (r < a.length && a[r].deadline < a[m].deadline) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(i: number, j: number): void {
    const a = this.a;
    const x = a[i];
    a[i] = a[j];
    a[j] = x;
    a[i].heapIdx = i;
    a[j].heapIdx = j;
  }
}
