/**
 * pthread_rwlock_wrlock.ts — taking the write lock: wrlock, timedwrlock, trywrlock.
 *
 * Mirrors: glibc 2.3 nptl/sysdeps/pthread/pthread_rwlock_wrlock.c and
 * pthread_rwlock_timedwrlock.c (one loop here) and nptl/pthread_rwlock_trywrlock.c. Under
 * __lock: a writer gets in when there is neither a writer nor a reader, and records its tid in
 * __writer. The writer asking again is EDEADLK (a reader asking for the write lock is not
 * detected: it waits for itself, as in C). Otherwise it counts itself in __nr_writers_queued,
 * reads __writer_wakeup, drops __lock and FUTEX_WAITs on that word; woken, it uncounts itself
 * and looks again. Not a cancellation point in 2.3.
 *
 * Simplifies: as pthread_rwlock_rdlock.ts (relative timeout, no counter overflow).
 */

import { sys, uaccess, EBUSY, EDEADLK, EINVAL, ETIMEDOUT, FUTEX_WAIT, type Sim } from '../../kernel/index.js';
import type { pthread_rwlock_t } from '../api.js';
import { THREAD_SELF } from './descr.js';
import { lllLock, lllUnlock } from './lowlevellock.js';
import { asRwlock, type Rwlock } from './pthread_rwlock_init.js';

export function* pthreadRwlockWrlock(rw: pthread_rwlock_t): Sim<number> {
  const r = asRwlock(rw);
  return r === null ? EINVAL : yield* wrlock(r, null);
}

export function* pthreadRwlockTimedwrlock(rw: pthread_rwlock_t, timeoutNs: number): Sim<number> {
  const r = asRwlock(rw);
  return r === null ? EINVAL : yield* wrlock(r, timeoutNs);
}

/** __pthread_rwlock_wrlock / pthread_rwlock_timedwrlock (timeoutNs null: no deadline). */
function* wrlock(r: Rwlock, timeoutNs: number | null): Sim<number> {
  const deadline = timeoutNs === null ? 0 : uaccess.vdsoNow() + timeoutNs;
  const self = THREAD_SELF();
  let result = 0;
  yield* lllLock(r.lock, r.priv);
  for (;;) {
    if (r.writer === 0 && r.nrReaders === 0) { r.writer = self.tid; break; }
    if (r.writer === self.tid) { result = EDEADLK; break; }
    let rel: number | null = null;
    if (timeoutNs !== null) {
      if (!(timeoutNs >= 0)) { result = EINVAL; break; }
      rel = deadline - uaccess.vdsoNow();
      if (rel < 0) { result = ETIMEDOUT; break; }
    }
    r.nrWritersQueued++;
    const waitval = uaccess.uload(r.writerWakeup);
    yield* lllUnlock(r.lock, r.priv);
    self.waitOn = r;
    const err = (yield sys.futex(r.writerWakeup, FUTEX_WAIT | r.priv, waitval, rel)) as number;
    self.waitOn = null;
    yield* lllLock(r.lock, r.priv);
    r.nrWritersQueued--;
    if (err === -ETIMEDOUT) { result = ETIMEDOUT; break; }
  }
  yield* lllUnlock(r.lock, r.priv);
  return result;
}

/** pthread_rwlock_trywrlock: EBUSY while anyone holds it. */
export function* pthreadRwlockTrywrlock(rw: pthread_rwlock_t): Sim<number> {
  const r = asRwlock(rw);
  if (r === null) return EINVAL;
  yield* lllLock(r.lock, r.priv);
  const ok = r.writer === 0 && r.nrReaders === 0;
  if (ok) r.writer = THREAD_SELF().tid;
  yield* lllUnlock(r.lock, r.priv);
  return ok ? 0 : EBUSY;
}
