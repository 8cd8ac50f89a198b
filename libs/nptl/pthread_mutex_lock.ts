/**
 * pthread_mutex_lock.ts — locking: the uncontended path makes no system call.
 *
 * Mirrors: glibc nptl/pthread_mutex_lock.c (__pthread_mutex_lock by kind: normal takes the
 * low-level lock; recursive counts re-entries by the owner; error-checking refuses the
 * owner with EDEADLK), pthread_mutex_trylock.c (EBUSY instead of sleeping) and
 * pthread_mutex_cond_lock.c (the relock after a condition wait, which marks the word
 * contended because requeued waiters may sit behind it).
 *
 * A normal mutex locked twice by its owner deadlocks, as in C (the run reports it). Robust,
 * PTHREAD_PRIO_INHERIT and PTHREAD_PRIO_PROTECT mutexes take __pthread_mutex_lock_full's path
 * (pthread_mutex_robust.ts, pthread_mutex_pi.ts, pthread_mutex_pp.ts).
 */

import { sys, uaccess, EAGAIN, EBUSY, EDEADLK, EINVAL, type Sim } from '../../kernel/index.js';
import type { pthread_mutex_t } from '../api.js';
import { THREAD_SELF } from './descr.js';
import { lllCondLock, lllLockWait, atomicNs } from './lowlevellock.js';
import { robustLock, robustTrylock } from './pthread_mutex_robust.js';
import { piLock, piTrylock } from './pthread_mutex_pi.js';
import { ppLock, ppTrylock } from './pthread_mutex_pp.js';
import { asMutex, PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PRIO_INHERIT, PTHREAD_PRIO_PROTECT, type Mutex } from './pthread_mutex_init.js';

const COUNT_MAX = 0x7fffffff;

/** EINVAL as a call's generator (an unknown mutex). */
function* einval(): Sim<number> {
  return EINVAL;
}

/** The call hands back mutexLock's generator itself (one frame less on the hot path). */
export function pthreadMutexLock(m: pthread_mutex_t): Sim<number> {
  const mx = asMutex(m);
  return mx === null ? einval() : mutexLock(mx, false);
}

/**
 * The kinds' answer when the caller already owns the mutex (pthread_mutex_lock.c and
 * pthread_mutex_timedlock.c switch on the kind alike): a recursive one counts up (EAGAIN at
 * the limit), an error-checking one is EDEADLK. -1: the caller goes on to take the lock.
 */
export function ownerRelock(mx: Mutex, id: number): number {
  if (mx.owner !== id) return -1;
  if (mx.kind === PTHREAD_MUTEX_RECURSIVE) {
    if (mx.count >= COUNT_MAX) return EAGAIN;
    mx.count++;
    return 0;
  }
  return mx.kind === PTHREAD_MUTEX_ERRORCHECK ? EDEADLK : -1;
}

/**
 * __pthread_mutex_lock_full and __pthread_mutex_clocklock_common's kinds past the simple ones:
 * PI (robust or not), PP, robust (deadline null: no limit; NaN: an invalid time).
 */
export function lockFull(mx: Mutex, cond: boolean, deadline: number | null): Sim<number> {
  if (mx.proto === PTHREAD_PRIO_INHERIT) return piLock(mx, cond, deadline);
  if (mx.proto === PTHREAD_PRIO_PROTECT) return ppLock(mx, cond, deadline);
  return robustLock(mx, cond, deadline);
}

/** The common lock path; `cond` relocks after a condition wait (lll_cond_lock). */
export function* mutexLock(mx: Mutex, cond: boolean): Sim<number> {
  if (mx.full) return yield* lockFull(mx, cond, null); // __pthread_mutex_lock_full
  const self = THREAD_SELF();
  const id = self.tid;
  const owned = ownerRelock(mx, id);
  if (owned >= 0) return owned;
  self.waitOn = mx; // for the debugging view (thread_db.ts)
  if (cond) yield* lllCondLock(mx.lock, mx.priv);
  else { // lll_lock, inlined (lowlevellock.ts lllLock): the same steps, one generator less
    const c = uaccess.ucmpxchg(mx.lock, 0, 1);
    const ns = atomicNs(1);
    if (ns > 0) yield sys.compute(ns);
    if (c !== 0) yield* lllLockWait(mx.lock, c, mx.priv);
  }
  self.waitOn = null;
  mx.owner = id;
  mx.count = 1;
  if (!cond) mx.nusers++; // ++__nusers (not after a condition wait: NO_INCR)
  return 0;
}

export function* pthreadMutexTrylock(m: pthread_mutex_t): Sim<number> {
  const mx = asMutex(m);
  if (mx === null) return EINVAL;
  if (mx.full) return yield* (mx.proto === PTHREAD_PRIO_INHERIT ? piTrylock(mx) : mx.proto === PTHREAD_PRIO_PROTECT ? ppTrylock(mx) : robustTrylock(mx));
  const id = THREAD_SELF().tid;
  if (mx.kind === PTHREAD_MUTEX_RECURSIVE && mx.owner === id) {
    if (mx.count >= COUNT_MAX) return EAGAIN;
    mx.count++;
    return 0;
  }
  // lll_trylock, inlined (lowlevellock.ts lllTrylock): the same steps, two generators less
  const c = uaccess.ucmpxchg(mx.lock, 0, 1);
  const ns = atomicNs(1);
  if (ns > 0) yield sys.compute(ns);
  if (c !== 0) return EBUSY;
  mx.owner = id;
  mx.count = 1;
  mx.nusers++;
  return 0;
}
