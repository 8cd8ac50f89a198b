/**
 * pthread_rwlock_unlock.ts — releasing a read or the write lock, and whom to wake.
 *
 * Mirrors: glibc 2.3 nptl/sysdeps/pthread/pthread_rwlock_unlock.c. Under __lock: a writer
 * clears __writer, a reader drops __nr_readers. When no reader is left, one queued writer is
 * woken if there is any (__writer_wakeup bumped, FUTEX_WAKE 1), else every queued reader
 * (__readers_wakeup bumped, FUTEX_WAKE INT_MAX) — the wake is made after __lock is released.
 * Woken threads take __lock and look again; nothing is handed over.
 *
 * 2.3 does not check that the caller holds the lock: an unlock of a lock nobody holds returns
 * 0 and takes __nr_readers below zero (an unsigned wrap in C: the lock then looks read-held for
 * ever, and writers wait for it). Kept: it is what the library did.
 */

import { sys, uaccess, EINVAL, FUTEX_WAKE, type Sim } from '../../kernel/index.js';
import type { pthread_rwlock_t } from '../api.js';
import { lllLock, lllUnlock } from './lowlevellock.js';
import { asRwlock } from './pthread_rwlock_init.js';

const INT_MAX = 0x7fffffff;

export function* pthreadRwlockUnlock(rw: pthread_rwlock_t): Sim<number> {
  const r = asRwlock(rw);
  if (r === null) return EINVAL;
  yield* lllLock(r.lock, r.priv);
  if (r.writer !== 0) r.writer = 0;
  else r.nrReaders = (r.nrReaders - 1) >>> 0;
  if (r.nrReaders === 0) {
    if (r.nrWritersQueued > 0) {
      uaccess.uadd(r.writerWakeup, 1);
      yield* lllUnlock(r.lock, r.priv);
      yield sys.futex(r.writerWakeup, FUTEX_WAKE | r.priv, 1);
      return 0;
    }
    if (r.nrReadersQueued > 0) {
      uaccess.uadd(r.readersWakeup, 1);
      yield* lllUnlock(r.lock, r.priv);
      yield sys.futex(r.readersWakeup, FUTEX_WAKE | r.priv, INT_MAX);
      return 0;
    }
  }
  yield* lllUnlock(r.lock, r.priv);
  return 0;
}
