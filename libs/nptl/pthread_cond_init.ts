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
 * pthread_cond_destroy (glibc 2.5–2.24's pthread_cond_destroy.c): EBUSY only while a waiter
 * has not been woken (__total_seq > __wakeup_seq, "an application bug"); otherwise it marks the
 * condvar destroyed (__total_seq = -1) and waits until the woken waiters have left it — the
 * last one to go wakes it (lll_futex_wake on __nwaiters). POSIX: destroying a condvar on which
 * no thread is blocked is safe, right after a broadcast too (LTP pthread_cond_destroy/2-1).
 *
 * Simplifies: the counters are JavaScript numbers guarded by the lock word; only the lock and
 * the futex word are user memory, and the word destroy sleeps on (glibc's __nwaiters) is
 * allocated the first time a destroy has to wait. Destroy lets the lock go before returning
 * (glibc keeps it: nothing may use the condvar afterwards).
 */

import { sys, uaccess, EBUSY, EINVAL, FUTEX_WAIT, FUTEX_WAKE, type Sim } from '../../kernel/index.js';
import type { pthread_cond_t } from '../api.js';
import { lllInit, lllLock, lllPrivate, lllUnlock } from './lowlevellock.js';
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
  /** pthread_cond_destroy has run (glibc: __total_seq == -1ULL). */
  destroyed = false;
  /** The word a waiting destroy sleeps on (0 until one has to). */
  destroyFutex = 0;
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
  yield* lllLock(cv.lock, cv.priv);
  if (cv.totalSeq > cv.wakeupSeq) {
    yield* lllUnlock(cv.lock, cv.priv);
    return EBUSY;
  }
  cv.destroyed = true;
  while (cv.nwaiters > 0) {
    if (cv.destroyFutex === 0) cv.destroyFutex = lllInit(cv.priv === 0);
    const val = uaccess.uload(cv.destroyFutex);
    yield* lllUnlock(cv.lock, cv.priv);
    yield sys.futex(cv.destroyFutex, FUTEX_WAIT | cv.priv, val, null);
    yield* lllLock(cv.lock, cv.priv);
  }
  yield* lllUnlock(cv.lock, cv.priv);
  return 0;
}

/**
 * A waiter has stopped counting itself (cv.lock held): the last one out of a destroyed
 * condvar wakes the destroy waiting for it.
 */
export function* condWaiterLeft(cv: Cond): Sim<void> {
  if (!cv.destroyed || cv.nwaiters > 0 || cv.destroyFutex === 0) return;
  uaccess.uadd(cv.destroyFutex, 1);
  yield sys.futex(cv.destroyFutex, FUTEX_WAKE | cv.priv, 1);
}
