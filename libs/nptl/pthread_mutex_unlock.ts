/**
 * pthread_mutex_unlock.ts — unlocking: one xchg, and a FUTEX_WAKE only if someone may sleep.
 *
 * Mirrors: glibc nptl/pthread_mutex_unlock.c (__pthread_mutex_unlock_usercnt): recursive and
 * error-checking mutexes refuse a thread that does not own them with EPERM; a recursive one
 * is released when its count drops to zero; then lll_unlock.
 */

import { sys, uaccess, FUTEX_WAKE, EINVAL, EPERM, type Sim } from '../../kernel/index.js';
import type { pthread_mutex_t } from '../api.js';
import { THREAD_SELF } from './descr.js';
import { atomicNs } from './lowlevellock.js';
import { robustUnlock } from './pthread_mutex_robust.js';
import { piUnlock } from './pthread_mutex_pi.js';
import { ppUnlock } from './pthread_mutex_pp.js';
import { asMutex, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_RECURSIVE, PTHREAD_PRIO_INHERIT, PTHREAD_PRIO_PROTECT, type Mutex } from './pthread_mutex_init.js';

function* einval(): Sim<number> {
  return EINVAL;
}

/** The call hands back mutexUnlock's generator itself (one frame less on the hot path). */
export function pthreadMutexUnlock(m: pthread_mutex_t): Sim<number> {
  const mx = asMutex(m);
  return mx === null ? einval() : mutexUnlock(mx, false);
}

/**
 * __pthread_mutex_unlock_usercnt. With `full` (a condition wait releasing the mutex) a
 * recursive mutex is released whatever its count; the caller restores the count later.
 */
export function* mutexUnlock(mx: Mutex, full: boolean): Sim<number> {
  if (mx.full) { // __pthread_mutex_unlock_full
    if (mx.proto === PTHREAD_PRIO_INHERIT) return yield* piUnlock(mx, full);
    if (mx.proto === PTHREAD_PRIO_PROTECT) return yield* ppUnlock(mx, full);
    return yield* robustUnlock(mx, full);
  }
  if (mx.kind !== PTHREAD_MUTEX_NORMAL && mx.owner !== THREAD_SELF().tid) return EPERM;
  if (mx.kind === PTHREAD_MUTEX_RECURSIVE && !full && --mx.count > 0) return 0;
  mx.owner = 0;
  mx.count = 0;
  if (!full) mx.nusers--; // decr: a condition wait's release keeps its count (usercnt 0)
  // lll_unlock, inlined (lowlevellock.ts lllUnlock): the same steps, one generator less
  const old = uaccess.uxchg(mx.lock, 0);
  const ns = atomicNs(1);
  if (ns > 0) yield sys.compute(ns);
  if (old > 1) yield sys.futex(mx.lock, FUTEX_WAKE | mx.priv, 1);
  return 0;
}
