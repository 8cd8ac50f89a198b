/**
 * pthread_mutex_unlock.ts — unlocking: one xchg, and a FUTEX_WAKE only if someone may sleep.
 *
 * Mirrors: glibc nptl/pthread_mutex_unlock.c (__pthread_mutex_unlock_usercnt): recursive and
 * error-checking mutexes refuse a thread that does not own them with EPERM; a recursive one
 * is released when its count drops to zero; then lll_unlock.
 */

import { EINVAL, EPERM, type Sim } from '../../kernel/index.js';
import type { pthread_mutex_t } from '../api.js';
import { THREAD_SELF } from './descr.js';
import { lllUnlock } from './lowlevellock.js';
import { asMutex, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_RECURSIVE, type Mutex } from './pthread_mutex_init.js';

export function* pthreadMutexUnlock(m: pthread_mutex_t): Sim<number> {
  const mx = asMutex(m);
  if (mx === null) return EINVAL;
  return yield* mutexUnlock(mx, false);
}

/**
 * __pthread_mutex_unlock_usercnt. With `full` (a condition wait releasing the mutex) a
 * recursive mutex is released whatever its count; the caller restores the count later.
 */
export function* mutexUnlock(mx: Mutex, full: boolean): Sim<number> {
  if (mx.kind !== PTHREAD_MUTEX_NORMAL && mx.owner !== THREAD_SELF().tid) return EPERM;
  if (mx.kind === PTHREAD_MUTEX_RECURSIVE && !full && --mx.count > 0) return 0;
  mx.owner = 0;
  mx.count = 0;
  yield* lllUnlock(mx.lock, mx.priv);
  return 0;
}
