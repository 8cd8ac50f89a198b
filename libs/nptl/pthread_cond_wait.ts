/**
 * pthread_cond_wait.ts — waiting on a condition variable (and the timed wait).
 *
 * Mirrors: glibc 2.3.2–2.24 nptl/pthread_cond_wait.c and pthread_cond_timedwait.c: under the
 * condvar's lock, release the mutex, count the wait (__total_seq, __futex), remember
 * __wakeup_seq and __broadcast_seq; then loop — drop the lock, FUTEX_WAIT on __futex with the
 * value it had, retake the lock — until a broadcast happened, or a wake-up was granted that
 * nobody has consumed yet (wakeup_seq moved past our start and woken_seq has not caught up).
 * A timeout consumes a wake-up of its own (so signal's count stays right) and returns
 * ETIMEDOUT. Finally the mutex is retaken with lll_cond_lock (see pthread_mutex_lock.ts).
 * Spurious returns are allowed by POSIX; callers loop on their predicate, as in C.
 *
 * The futex wait is a cancellation point (asynchronous cancellation around it); a waiter
 * cancelled there runs __condvar_cleanup, registered with __pthread_cleanup_push, which
 * repairs the counters and retakes the mutex before the program's cleanup handlers run.
 *
 * glibc 2.25 rewrote the condition variable (Torvald Riegel's algorithm, kept through 2.36):
 * `--lib-opt glibc=2.36` uses that one (pthread_cond_wait_2_36.ts and its siblings).
 *
 * Simplifies: the timeout is relative (see libs/api.ts).
 */

import { sys, uaccess, EINVAL, ETIMEDOUT, FUTEX_WAIT, FUTEX_WAKE, type Sim } from '../../kernel/index.js';
import type { pthread_cond_t, pthread_mutex_t } from '../api.js';
import { lllLock, lllUnlock, atomicNs } from './lowlevellock.js';
import { enterAsync, leaveAsync, asyncCas, awaitSigcancel, doCancel, CANCEL_NOW } from './cancellation.js';
import { cleanupPush } from '../common/cancel.js';
import { asCond, condWaiterLeft, type Cond } from './pthread_cond_init.js';
import { asMutex, type Mutex } from './pthread_mutex_init.js';
import { mutexLock } from './pthread_mutex_lock.js';
import { mutexUnlock } from './pthread_mutex_unlock.js';
import { THREAD_SELF } from './descr.js';

export function* pthreadCondWait(c: pthread_cond_t, m: pthread_mutex_t): Sim<number> {
  const cv = asCond(c);
  const mx = asMutex(m);
  if (cv === null || mx === null) return EINVAL;
  return yield* condWait(cv, mx, null);
}

export function* pthreadCondTimedwait(c: pthread_cond_t, m: pthread_mutex_t, timeoutNs: number): Sim<number> {
  const cv = asCond(c);
  const mx = asMutex(m);
  if (cv === null || mx === null || !(timeoutNs >= 0)) return EINVAL;
  return yield* condWait(cv, mx, timeoutNs);
}

/** The wait proper; `timeout` null waits for ever. Returns 0, ETIMEDOUT or an error number. */
function* condWait(cv: Cond, mx: Mutex, timeout: number | null): Sim<number> {
  yield* lllLock(cv.lock, cv.priv);
  const count = mx.count;
  const err = yield* mutexUnlock(mx, true);
  if (err !== 0) {
    yield* lllUnlock(cv.lock, cv.priv);
    return err;
  }
  cv.totalSeq++;
  uaccess.uadd(cv.futex, 1);
  cv.nwaiters++;
  cv.mutex = mx;
  const self = THREAD_SELF();
  const cb: CondCleanupBuffer = { cv, mx, count, bcSeq: cv.broadcastSeq };
  cleanupPush(self, condvarCleanup, cb); // __pthread_cleanup_push (&buffer, __condvar_cleanup, &cbuffer)
  self.waitOn = cv; // for the debugging view (thread_db.ts)
  const deadline = timeout === null ? 0 : uaccess.vdsoNow() + timeout;
  const result = yield* waitLoop(cv, cb, timeout, deadline, cv.wakeupSeq);
  return yield* finishWait(cv, mx, count, result);
}

/** Leave the wait: pop the cleanup, stop counting as a waiter, retake the mutex. Entered with cv.lock held. */
function* finishWait(cv: Cond, mx: Mutex, count: number, result: number): Sim<number> {
  const self = THREAD_SELF();
  self.waitOn = null;
  self.cleanup = self.cleanup!.prev; // __pthread_cleanup_pop (&buffer, 0)
  cv.nwaiters--;
  yield* condWaiterLeft(cv);
  yield* lllUnlock(cv.lock, cv.priv);
  const e2 = yield* mutexLock(mx, true); // __pthread_mutex_cond_lock
  if (e2 === 0) mx.count = count;
  return e2 !== 0 ? e2 : result;
}

/** Entered and returns with cv.lock held. */
function* waitLoop(cv: Cond, cb: CondCleanupBuffer, timeout: number | null, deadline: number, seq: number): Sim<number> {
  const bcSeq = cb.bcSeq;
  let result = 0;
  for (;;) {
    let rel: number | null = null;
    if (timeout !== null) {
      rel = deadline - uaccess.vdsoNow();
      if (rel <= 0) {
        result = timedOut(cv);
        break;
      }
    }
    const futexVal = uaccess.uload(cv.futex);
    yield* lllUnlock(cv.lock, cv.priv);
    const self = THREAD_SELF();
    const oldtype = enterAsync(self); // a cancellation point: cancelled here, the cleanup runs
    if (oldtype === CANCEL_NOW) yield* doCancel(self);
    const r = (yield sys.futex(cv.futex, FUTEX_WAIT | cv.priv, futexVal, rel)) as number;
    const wait = leaveAsync(self, oldtype);
    const ns = atomicNs(asyncCas(oldtype)); // enable's and disable's compare-and-swaps, as one charge
    if (ns > 0) yield sys.compute(ns);
    if (wait) yield* awaitSigcancel(self);
    yield* lllLock(cv.lock, cv.priv);
    if (bcSeq !== cv.broadcastSeq) return 0; // bc_out: released by a broadcast
    const val = cv.wakeupSeq;
    if (val !== seq && cv.wokenSeq !== val) break;
    if (r === -ETIMEDOUT) { result = timedOut(cv); break; }
  }
  cv.wokenSeq++;
  return result;
}

/** struct _condvar_cleanup_buffer. */
interface CondCleanupBuffer {
  cv: Cond;
  mx: Mutex;
  count: number;
  bcSeq: number;
}

/**
 * __condvar_cleanup: a waiter cancelled in the futex wait stops counting as a waiter (unless a
 * broadcast already released it), wakes every waiter so no signal meant for it is lost, and
 * takes the mutex back — POSIX runs the cleanup handlers with the mutex held.
 */
function* condvarCleanup(_libc: unknown, cb: CondCleanupBuffer): Sim<void> {
  const cv = cb.cv;
  yield* lllLock(cv.lock, cv.priv);
  if (cb.bcSeq === cv.broadcastSeq) {
    if (cv.wakeupSeq < cv.totalSeq) {
      cv.wakeupSeq++;
      uaccess.uadd(cv.futex, 1);
    }
    cv.wokenSeq++;
  }
  cv.nwaiters--;
  yield* condWaiterLeft(cv);
  yield* lllUnlock(cv.lock, cv.priv);
  yield sys.futex(cv.futex, FUTEX_WAKE | cv.priv, INT_MAX);
  THREAD_SELF().waitOn = null;
  if ((yield* mutexLock(cb.mx, true)) === 0) cb.mx.count = cb.count; // __pthread_mutex_cond_lock
}

const INT_MAX = 0x7fffffff;

/** The time ran out: take a wake-up for ourselves so later signals are counted right. */
function timedOut(cv: Cond): number {
  cv.wakeupSeq++;
  uaccess.uadd(cv.futex, 1);
  return ETIMEDOUT;
}
