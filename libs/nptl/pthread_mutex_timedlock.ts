/**
 * pthread_mutex_timedlock.ts — locking with a deadline.
 *
 * Mirrors: glibc nptl/pthread_mutex_timedlock.c of 2003 (2.3.2): the kinds as
 * pthread_mutex_lock.c has them — a recursive mutex's owner only counts, an error-checking
 * mutex's owner gets EDEADLK — then lll_mutex_timedlock (lowlevellock.ts lllTimedlock). The
 * time is not checked up front ("If the thread does not block abstime must not be checked
 * for a valid value"): an invalid one (NaN here) is EINVAL only once the lock is found taken.
 *
 * Simplifies: the adaptive kind does not spin first (the lab's NPTL mutexes never do); the
 * deadline is the caller's relative timeout added to the clock now (the lab's API is relative).
 */

import { uaccess, EINVAL, type Sim } from '../../kernel/index.js';
import type { pthread_mutex_t } from '../api.js';
import { THREAD_SELF } from './descr.js';
import { lllTimedlock } from './lowlevellock.js';
import { asMutex } from './pthread_mutex_init.js';
import { ownerRelock, lockFull } from './pthread_mutex_lock.js';

export function* pthreadMutexTimedlock(m: pthread_mutex_t, timeoutNs: number): Sim<number> {
  const mx = asMutex(m);
  if (mx === null) return EINVAL;
  if (mx.full) return yield* lockFull(mx, false, uaccess.vdsoNow() + timeoutNs);
  const self = THREAD_SELF();
  const id = self.tid;
  const owned = ownerRelock(mx, id);
  if (owned >= 0) return owned;
  self.waitOn = mx; // for the debugging view (thread_db.ts)
  const r = yield* lllTimedlock(mx.lock, uaccess.vdsoNow() + timeoutNs, mx.priv);
  self.waitOn = null;
  if (r !== 0) return r;
  mx.owner = id;
  mx.count = 1;
  mx.nusers++;
  return 0;
}
