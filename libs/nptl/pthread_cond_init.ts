/**
 * pthread_cond_init.ts — the condition variable: a futex word and sequence counters.
 *
 * Mirrors: the pthread_cond_t of glibc 2.3.2–2.24 (nptl/pthread_cond_init.c, destroy.c):
 * __lock (a low-level lock protecting the rest), __futex (the word waiters sleep on; every
 * wait and wake-up changes it, so a FUTEX_WAIT that raced with a signal returns EAGAIN at
 * once), __total_seq (waits started), __wakeup_seq (wake-ups granted), __woken_seq
 * (wake-ups consumed), __broadcast_seq (broadcasts, so a waiter can tell it was released by
 * one), __nwaiters, and __mutex (the mutex waiters use, for broadcast's requeue).
 *
 * Simplifies: the counters are JavaScript numbers guarded by the lock word; only the lock and
 * the futex word are user memory. Destroying a condition variable with waiters is EBUSY
 * (glibc instead waits for them to leave).
 */

import { EBUSY, EINVAL, type Sim } from '../../kernel/index.js';
import type { pthread_cond_t } from '../api.js';
import { lllInit, lllPrivate } from './lowlevellock.js';
import type { Mutex } from './pthread_mutex_init.js';
import type { DebugNames } from '../thread_db.js';

export class Cond {
  readonly lock: number;
  readonly futex: number;
  /** lll's private argument: 0 for a process-shared condition variable (shared futexes). */
  readonly priv: number;
  totalSeq = 0;
  wakeupSeq = 0;
  wokenSeq = 0;
  broadcastSeq = 0;
  nwaiters = 0;
  mutex: Mutex | null = null;
  constructor(pshared = false) {
    this.lock = lllInit(pshared);
    this.futex = lllInit(pshared);
    this.priv = lllPrivate(pshared);
  }
}

export function* pthreadCondInit(names: DebugNames, attr?: { pshared?: number }): Sim<pthread_cond_t> {
  const c = new Cond(attr?.pshared === 1);
  names.add(c, 'cond');
  return c as unknown as pthread_cond_t;
}

export function asCond(c: pthread_cond_t): Cond | null {
  return c instanceof Cond ? c : null;
}

export function* pthreadCondDestroy(c: pthread_cond_t): Sim<number> {
  const cv = asCond(c);
  if (cv === null) return EINVAL;
  return cv.nwaiters > 0 ? EBUSY : 0;
}
