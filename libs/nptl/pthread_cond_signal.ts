/**
 * pthread_cond_signal.ts — waking one waiter, or all of them.
 *
 * Mirrors: glibc 2.3.2–2.24 nptl/pthread_cond_signal.c (if more waits started than wake-ups
 * were granted, grant one: bump __wakeup_seq and __futex, FUTEX_WAKE one) and
 * pthread_cond_broadcast.c (grant every pending wake-up, bump __broadcast_seq, then wake one
 * waiter and FUTEX_CMP_REQUEUE the rest onto the mutex's lock word, so they do not all wake
 * to fight for the mutex — the "thundering herd" the requeue avoids; if the requeue fails,
 * wake them all).
 *
 * Simplifies: signal holds the condvar lock across its FUTEX_WAKE, as 2.3.2 did (from 2.3.6
 * on, with Linux 2.6.14's FUTEX_WAKE_OP, glibc woke and unlocked in one call).
 *
 * `--lib-opt glibc=2.36` uses 2.25's rewrite instead: pthread_cond_signal_2_36.ts.
 */

import { sys, uaccess, EINVAL, FUTEX_CMP_REQUEUE, FUTEX_PRIVATE_FLAG, FUTEX_WAKE, type Sim } from '../../kernel/index.js';
import type { pthread_cond_t } from '../api.js';
import { lllLock, lllUnlock } from './lowlevellock.js';
import { asCond, type Cond } from './pthread_cond_init.js';

const FUTEX_CMP_REQUEUE_PRIVATE = FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG;
const INT_MAX = 0x7fffffff;

export function* pthreadCondSignal(c: pthread_cond_t): Sim<number> {
  const cv = asCond(c);
  if (cv === null) return EINVAL;
  yield* lllLock(cv.lock, cv.priv);
  if (grantOne(cv)) yield sys.futex(cv.futex, FUTEX_WAKE | cv.priv, 1);
  yield* lllUnlock(cv.lock, cv.priv);
  return 0;
}

export function* pthreadCondBroadcast(c: pthread_cond_t): Sim<number> {
  const cv = asCond(c);
  if (cv === null) return EINVAL;
  const futexVal = yield* releaseAll(cv);
  if (futexVal === null) return 0;
  const mx = cv.mutex;
  // A process-shared mutex is not requeued onto (glibc: PTHREAD_MUTEX_PSHARED_BIT → wake all).
  const r = mx === null || mx.priv === 0 || cv.priv === 0 ? -1
    : (yield sys.futex(cv.futex, FUTEX_CMP_REQUEUE_PRIVATE, 1, INT_MAX, mx.lock, futexVal)) as number;
  if (r < 0) yield sys.futex(cv.futex, FUTEX_WAKE | cv.priv, INT_MAX);
  return 0;
}

/** If more waits started than wake-ups were granted, grant one (bump __wakeup_seq and __futex). Called with cv.lock held. */
function grantOne(cv: Cond): boolean {
  if (cv.totalSeq <= cv.wakeupSeq) return false;
  cv.wakeupSeq++;
  uaccess.uadd(cv.futex, 1);
  return true;
}

/**
 * Broadcast's bookkeeping under the condvar lock: grant every pending wake-up and bump
 * __broadcast_seq. Returns the new __futex value, or null when nobody waits.
 */
function* releaseAll(cv: Cond): Sim<number | null> {
  yield* lllLock(cv.lock, cv.priv);
  if (cv.totalSeq <= cv.wakeupSeq) {
    yield* lllUnlock(cv.lock, cv.priv);
    return null;
  }
  cv.wakeupSeq = cv.totalSeq;
  cv.wokenSeq = cv.totalSeq;
  const futexVal = (cv.totalSeq * 2) | 0;
  uaccess.ustore(cv.futex, futexVal);
  cv.broadcastSeq++;
  yield* lllUnlock(cv.lock, cv.priv);
  return futexVal;
}
