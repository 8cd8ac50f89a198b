/**
 * futex.ts — fast user-space mutexes: the kernel half.
 *
 * Mirrors: kernel/futex.c of Linux 2.6 — futex_wait (read the word and queue the waiter
 * atomically with respect to futex_wake: rule 19), futex_wake (wake at most n, return how
 * many), futex_requeue / futex_cmp_requeue (move waiters to another word without waking them,
 * as condition variables use), and the bitset forms (2.6.25): FUTEX_WAIT_BITSET, which
 * glibc ≥ 2.34 uses for every wait (its timeout is absolute; FUTEX_CLOCK_REALTIME picks the
 * clock), and FUTEX_WAKE_BITSET. Keys follow get_futex_key (kernel/futex/core.c): with
 * FUTEX_PRIVATE_FLAG, or for a word outside any shared mapping, (mm, address); for a word in a
 * MAP_SHARED mapping without the flag, (shmem object, offset in it) — the inode and page
 * offset Linux uses — so a FUTEX_WAKE in one process wakes a waiter in another, whatever
 * address each maps the object at. A private futex in shared memory stays per process, as on
 * Linux (a library that forgets the flag's meaning loses cross-process wake-ups).
 *
 * Simplifies: the hash is a Map per mm, so "hash bucket" cost is the cost model's futexHash.
 * Every waiter matches every bitset (the lab's users pass FUTEX_BITSET_MATCH_ANY); a bitset
 * wait's timeout is taken as relative, as the lab's callers give none.
 * Waiters are woken in the order of the hash bucket's plist (__futex_queue: the futex_q's prio
 * is min(normal_prio, MAX_RT_PRIO), plist_add keeps FIFO order within a prio; requeue_futex
 * re-adds in the same order): a real-time waiter before any SCHED_OTHER one, a higher
 * rt_priority first, otherwise first come first woken — so with no RT task, FIFO.
 */

import type { Kernel } from './kernel.js';
import type { Mm } from './mm.js';
import type { ShmemObject } from './shmem.js';
import { Task, WaitQueue, WAKE_NORMAL, WAKE_TIMEOUT, WAKE_NONE, WAKE_SIGNAL } from './task.js';
import { sleepOn, wakeUp } from './sched.js';
import {
  FUTEX_WAIT, FUTEX_WAKE, FUTEX_REQUEUE, FUTEX_CMP_REQUEUE, FUTEX_PRIVATE_FLAG, EAGAIN,
  FUTEX_WAIT_BITSET, FUTEX_WAKE_BITSET, FUTEX_CLOCK_REALTIME,
  EINVAL, ENOSYS, ETIMEDOUT, EFAULT, ERESTARTSYS,
  FUTEX_LOCK_PI, FUTEX_LOCK_PI2, FUTEX_TRYLOCK_PI, FUTEX_UNLOCK_PI,
} from './uapi.js';
import { futexLockPi, futexUnlockPi } from './futex_pi.js';
import { EV_FUTEX_WAIT, EV_FUTEX_WAKE } from './trace.js';

function bucket(k: Kernel, mm: Mm, uaddr: number, create: boolean, priv = true): WaitQueue | undefined {
  let key: Mm | ShmemObject = mm;
  if (!priv) {
    const v = mm.backedVma(uaddr);
    if (v !== null && v.kind === 'shared') {
      key = v.shm!;
      uaddr = v.pgoff! + uaddr - v.start;
    }
  }
  let m = k.futexQueues.get(key);
  if (!m) {
    if (!create) return undefined;
    k.futexQueues.set(key, (m = new Map()));
  }
  let q = m.get(uaddr);
  if (!q && create) m.set(uaddr, (q = new WaitQueue('futex')));
  return q;
}

/** futex_wake: wake at most n waiters on (mm, uaddr) — its shared key unless priv; returns how many. */
export function futexWake(k: Kernel, mm: Mm, uaddr: number, n: number, priv = true): number {
  const q = bucket(k, mm, uaddr, false, priv);
  // Linux 2.6's futex_wake wakes the first waiter before it compares the count: n ≤ 0 wakes one.
  const woken = q && q.tasks.length ? wakeUp(k, q, n > 0 ? n : 1) : 0;
  if (k.trace.on[EV_FUTEX_WAKE]) k.trace.emit(EV_FUTEX_WAKE, k.now, 0, k.current ? k.current.pid : 0, uaddr, woken, '');
  return woken;
}

/** futex_requeue: wake nWake, move up to nMove of the rest to uaddr2's queue. */
function futexRequeue(k: Kernel, mm: Mm, uaddr: number, nWake: number, nMove: number, uaddr2: number, priv: boolean): number {
  const woken = futexWake(k, mm, uaddr, nWake, priv);
  const q = bucket(k, mm, uaddr, false, priv);
  if (!q) return woken;
  const q2 = bucket(k, mm, uaddr2, true, priv)!;
  let moved = 0;
  while (moved < nMove && q.tasks.length) {
    const t = q.tasks.shift()!;
    t.waitq = q2;
    q2.tasks.push(t);
    if (t.rtPriority !== 0) plistPosition(q2, t);
    moved++;
  }
  return woken + moved;
}

/**
 * sys_futex(uaddr, op, val, timeout_ns, uaddr2, val3). A FUTEX_WAIT that slept is re-entered
 * after its wake-up and reads why it woke; a signal ends it with -ERESTARTSYS (the call is
 * registered signal-aware so that FUTEX_LOCK_PI can leave its rt_mutex first: futex_pi.ts).
 * The PI operations are futex_pi.ts's.
 */
export function sysFutex(k: Kernel, t: Task, uaddr: number, op: number, val: number, timeout: number | null, uaddr2: number, val3: number): number {
  if (t.wakeReason === WAKE_SIGNAL && !isLockPi(op)) return -ERESTARTSYS; // as entry.ts does for a call not signal-aware
  const mm = t.mm ?? t.activeMm;
  if (mm === null) return -EFAULT;
  if (typeof uaddr !== 'number' || uaddr % 4 !== 0 || uaddr <= 0) return -EINVAL;
  k.extraCost += k.costs.futexHash;
  const priv = (op & FUTEX_PRIVATE_FLAG) !== 0;
  const cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
  switch (cmd) {
    case FUTEX_WAIT:
      return futexWait(k, t, mm, uaddr, val, timeout, priv);
    case FUTEX_WAKE:
      return futexWake(k, mm, uaddr, val, priv);
    case FUTEX_WAIT_BITSET:
      if (val3 === 0) return -EINVAL; // an empty bitset can never be woken
      return futexWait(k, t, mm, uaddr, val, timeout, priv);
    case FUTEX_WAKE_BITSET:
      if (val3 === 0) return -EINVAL;
      return futexWake(k, mm, uaddr, val, priv);
    case FUTEX_REQUEUE:
      return futexRequeue(k, mm, uaddr, val, timeout ?? 0, uaddr2, priv);
    case FUTEX_CMP_REQUEUE:
      if (mm.read(uaddr) !== val3) return -EAGAIN;
      return futexRequeue(k, mm, uaddr, val, timeout ?? 0, uaddr2, priv);
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
      return futexLockPi(k, t, mm, uaddr, timeout, priv, false);
    case FUTEX_TRYLOCK_PI:
      return futexLockPi(k, t, mm, uaddr, null, priv, true);
    case FUTEX_UNLOCK_PI:
      return futexUnlockPi(k, t, mm, uaddr, priv);
    default:
      return -ENOSYS;
  }
}

function isLockPi(op: number): boolean {
  const cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
  return cmd === FUTEX_LOCK_PI || cmd === FUTEX_LOCK_PI2;
}

function futexWait(k: Kernel, t: Task, mm: Mm, uaddr: number, val: number, timeout: number | null, priv: boolean): number {
  if (t.wakeReason === WAKE_NORMAL) return 0;
  if (t.wakeReason === WAKE_TIMEOUT) return -ETIMEDOUT;
  if (t.wakeReason !== WAKE_NONE) return 0;
  if (timeout !== null && timeout !== undefined && (typeof timeout !== 'number' || timeout < 0)) return -EINVAL;
  // Rule 19: the compare and the queueing happen with no other task running in between.
  if (mm.read(uaddr) !== val) {
    if (k.trace.on[EV_FUTEX_WAIT]) k.trace.emit(EV_FUTEX_WAIT, k.now, t.cpu, t.pid, uaddr, -EAGAIN, '');
    return -EAGAIN;
  }
  if (k.trace.on[EV_FUTEX_WAIT]) k.trace.emit(EV_FUTEX_WAIT, k.now, t.cpu, t.pid, uaddr, 0, '');
  const q = bucket(k, mm, uaddr, true, priv)!;
  const r = sleepOn(k, t, q, timeout ?? -1);
  if (t.rtPriority !== 0 && t.waitq === q) plistPosition(q, t);
  return r;
}

/**
 * plist_add: move `t`, just queued at the tail, ahead of every waiter of lower priority (a
 * SCHED_OTHER waiter, or an RT one of lower rt_priority); behind those of its own.
 */
function plistPosition(q: WaitQueue, t: Task): void {
  const ts = q.tasks;
  let i = ts.length - 1;
  while (i > 0 && ts[i - 1].rtPriority < t.rtPriority) { ts[i] = ts[i - 1]; i--; }
  ts[i] = t;
}
