/**
 * pthread_rwlock_rdlock.ts — taking the read lock: rdlock, timedrdlock, tryrdlock.
 *
 * Mirrors: glibc 2.3 nptl/sysdeps/pthread/pthread_rwlock_rdlock.c and
 * pthread_rwlock_timedrdlock.c (one loop here, with or without a deadline) and
 * nptl/pthread_rwlock_tryrdlock.c. Under __lock: a reader gets in when there is no writer and
 * either no writer is queued or the lock prefers readers (__flags 0, the default) — so a
 * writer waiting behind readers waits while new readers keep coming (writer starvation, the
 * price of PTHREAD_RWLOCK_PREFER_READER_NP). The writer itself asking for a read lock is the
 * deadlock glibc recognises: EDEADLK. Otherwise the reader counts itself queued, reads
 * __readers_wakeup, drops __lock and FUTEX_WAITs on that word until an unlock bumps it.
 * The timed variant checks its timeout only when it would block (EINVAL for a bad one, then
 * ETIMEDOUT once it has passed, also after a FUTEX_WAIT that timed out). Not a cancellation
 * point in 2.3 (the futex wait is a plain one).
 *
 * Simplifies: the timeout is relative (libs/api.ts), made absolute on entry; the counters do
 * not overflow (EAGAIN) in any program the lab can run.
 */

import { sys, uaccess, EBUSY, EDEADLK, EINVAL, ETIMEDOUT, FUTEX_WAIT, type Sim } from '../../kernel/index.js';
import type { pthread_rwlock_t } from '../api.js';
import { THREAD_SELF } from './descr.js';
import { lllLock, lllUnlock } from './lowlevellock.js';
import { asRwlock, type Rwlock } from './pthread_rwlock_init.js';

export function* pthreadRwlockRdlock(rw: pthread_rwlock_t): Sim<number> {
  const r = asRwlock(rw);
  return r === null ? EINVAL : yield* rdlock(r, null);
}

export function* pthreadRwlockTimedrdlock(rw: pthread_rwlock_t, timeoutNs: number): Sim<number> {
  const r = asRwlock(rw);
  return r === null ? EINVAL : yield* rdlock(r, timeoutNs);
}

/** A reader may enter: no writer, and no writer queued or readers preferred. */
export function readerMayEnter(r: Rwlock): boolean {
  return r.writer === 0 && (r.nrWritersQueued === 0 || r.flags === 0);
}

/** __pthread_rwlock_rdlock / pthread_rwlock_timedrdlock (timeoutNs null: no deadline). */
function* rdlock(r: Rwlock, timeoutNs: number | null): Sim<number> {
  const deadline = timeoutNs === null ? 0 : uaccess.vdsoNow() + timeoutNs;
  const self = THREAD_SELF();
  let result = 0;
  yield* lllLock(r.lock, r.priv);
  for (;;) {
    if (readerMayEnter(r)) { r.nrReaders++; break; }
    if (r.writer === self.tid) { result = EDEADLK; break; }
    let rel: number | null = null;
    if (timeoutNs !== null) {
      if (!(timeoutNs >= 0)) { result = EINVAL; break; }
      rel = deadline - uaccess.vdsoNow();
      if (rel < 0) { result = ETIMEDOUT; break; }
    }
    r.nrReadersQueued++;
    const waitval = uaccess.uload(r.readersWakeup);
    yield* lllUnlock(r.lock, r.priv);
    self.waitOn = r;
    const err = (yield sys.futex(r.readersWakeup, FUTEX_WAIT | r.priv, waitval, rel)) as number;
    self.waitOn = null;
    yield* lllLock(r.lock, r.priv);
    r.nrReadersQueued--;
    if (err === -ETIMEDOUT) { result = ETIMEDOUT; break; }
  }
  yield* lllUnlock(r.lock, r.priv);
  return result;
}

/** pthread_rwlock_tryrdlock: EBUSY where rdlock would wait. */
export function* pthreadRwlockTryrdlock(rw: pthread_rwlock_t): Sim<number> {
  const r = asRwlock(rw);
  if (r === null) return EINVAL;
  yield* lllLock(r.lock, r.priv);
  const ok = readerMayEnter(r);
  if (ok) r.nrReaders++;
  yield* lllUnlock(r.lock, r.priv);
  return ok ? 0 : EBUSY;
}
