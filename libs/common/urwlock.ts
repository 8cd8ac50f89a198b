/**
 * urwlock.ts — reader-writer locks at user level, for NGPT and the green library: two Pth
 * mutexes and a reader count.
 *
 * Mirrors: GNU Pth's pth_sync.c (pth_rwlock_init/acquire/release), the same algorithm in GNU
 * Pth 2.0.7 and in NGPT 2.2.1's copy of it; their pthread.c maps pthread_rwlock_* onto it.
 *  - rdlock: take rw_mutex_rd; count the reader; the first reader also takes rw_mutex_rw (the
 *    writers' mutex) — waiting for it with rw_mutex_rd held, so later readers queue behind it;
 *    set rw_mode = RD; release rw_mutex_rd.
 *  - wrlock: take rw_mutex_rw; rw_mode = RW.
 *  - unlock: rw_mode RW releases rw_mutex_rw; else take rw_mutex_rd, uncount the reader, the
 *    last one releases rw_mutex_rw, release rw_mutex_rd.
 *  - the try variants pass tryonly to every mutex acquire (EBUSY).
 * While readers hold the lock, new readers never touch rw_mutex_rw: readers are preferred, and
 * a writer waits until the last reader is gone — the same default as glibc's.
 *
 * Where the two differ (the `flavour`):
 *  - 'ngpt' (NGPT 2.2.1): pth_mutex_acquire answers a relock by the owner EDEADLK (EBUSY when
 *    trying), and pth_mutex_release refuses anyone but the owner with EPERM. rw_mutex_rw is owned
 *    by the *first* reader, so when another reader is the last to leave, its release fails: the
 *    unlock returns EPERM, the count goes back up, and the lock stays read-held until the first
 *    reader unlocks again — NGPT 2.2.1's bug, kept. The writer asking again (to read or write)
 *    gets EDEADLK, as from glibc. destroy is EBUSY while either mutex is locked.
 *  - 'pth' (GNU Pth 2.0.7, green): mutexes are recursive (the owner relocking counts), and
 *    releases are not checked against the owner (DISABLE_SECURITY_CHECK), so any reader may be
 *    the last; a writer asking again succeeds and must unlock twice. Releasing a mutex that is
 *    not locked is EDEADLK. destroy just frees.
 * An unlock of a lock nobody holds, in rw_mode RD, takes the count below zero and returns 0 in
 * both (rw_mode is one field for the whole lock).
 *
 * Neither library has pthread_rwlock_timedrdlock/timedwrlock (NGPT's libpthread.Versions lists
 * them commented out, Pth's pthread.c lacks them): ENOSYS here, as NGPT's own sem_timedwait stub.
 *
 * Costs: the mutexes' (umutex.ts): an atomicOp per acquire and release, a user-level switch
 * when one waits. Simplifies: no process-shared locks (NGPT's pshared mutexes).
 */

import { uaccess, EBUSY, EDEADLK, EINVAL, ENOSYS, type Sim } from '../../kernel/index.js';
import type { pthread_mutex_t, pthread_rwlock_t } from '../api.js';
import { computeReq } from './uctx.js';
import { UMutex, mutexLock, mutexTrylock, mutexUnlock, releaseMutex } from './umutex.js';

export type PthFlavour = 'ngpt' | 'pth';
const PTH_RWLOCK_RD = 0, PTH_RWLOCK_RW = 1;

/** pth_rwlock_t. */
export class URwlock {
  readers = 0;
  mode = PTH_RWLOCK_RD;
  readonly mutexRd: UMutex;
  readonly mutexRw: UMutex;
  constructor(readonly flavour: PthFlavour) {
    const type = flavour === 'ngpt' ? 'errorcheck' : 'recursive';
    this.mutexRd = new UMutex(type);
    this.mutexRw = new UMutex(type);
  }
}

export function asURwlock(rw: pthread_rwlock_t): URwlock | null {
  return (rw as unknown) instanceof URwlock ? (rw as unknown as URwlock) : null;
}

const handle = (mu: UMutex): pthread_mutex_t => mu as unknown as pthread_mutex_t;

/** pth_mutex_acquire(mutex, tryonly, NULL): 0 or an error number. */
function acquire(mu: UMutex, tryonly: boolean): Sim<number> {
  return tryonly ? mutexTrylock(handle(mu)) : mutexLock(handle(mu));
}

/** pth_mutex_release: NGPT's checks the owner (EPERM); Pth 2.0.7's only that it is locked. */
function* release(rw: URwlock, mu: UMutex): Sim<number> {
  if (rw.flavour === 'ngpt') return yield* mutexUnlock(handle(mu));
  yield computeReq(uaccess.costs().atomicOp);
  if (mu.owner === null) return EDEADLK;
  if (--mu.count <= 0) releaseMutex(mu);
  return 0;
}

/** pth_rwlock_acquire(rwlock, op, tryonly, NULL). */
export function* rwlockAcquire(rwh: pthread_rwlock_t, write: boolean, tryonly: boolean): Sim<number> {
  const rw = asURwlock(rwh);
  if (rw === null) return EINVAL;
  let rc: number;
  if (write) {
    if ((rc = yield* acquire(rw.mutexRw, tryonly)) !== 0) return rc;
    rw.mode = PTH_RWLOCK_RW;
    return 0;
  }
  if ((rc = yield* acquire(rw.mutexRd, tryonly)) !== 0) return rc;
  rw.readers++;
  if (rw.readers === 1 && (rc = yield* acquire(rw.mutexRw, tryonly)) !== 0) {
    rw.readers--;
    yield* release(rw, rw.mutexRd);
    return rc;
  }
  rw.mode = PTH_RWLOCK_RD;
  yield* release(rw, rw.mutexRd);
  return 0;
}

/** pth_rwlock_release. */
export function* rwlockRelease(rwh: pthread_rwlock_t): Sim<number> {
  const rw = asURwlock(rwh);
  if (rw === null) return EINVAL;
  let rc: number;
  if (rw.mode === PTH_RWLOCK_RW) return yield* release(rw, rw.mutexRw);
  if ((rc = yield* acquire(rw.mutexRd, false)) !== 0) return rc;
  rw.readers--;
  if (rw.readers === 0 && (rc = yield* release(rw, rw.mutexRw)) !== 0) {
    rw.readers++;
    yield* release(rw, rw.mutexRd);
    return rc;
  }
  rw.mode = PTH_RWLOCK_RD;
  yield* release(rw, rw.mutexRd);
  return 0;
}

/** pthread_rwlock_destroy: NGPT's pth_rwlock_destroy refuses a locked one; Pth 2.0.7 frees it. */
export function* rwlockDestroy(rwh: pthread_rwlock_t): Sim<number> {
  const rw = asURwlock(rwh);
  if (rw === null) return EINVAL;
  if (rw.flavour === 'ngpt' && (rw.mutexRd.owner !== null || rw.mutexRw.owner !== null)) return EBUSY;
  return 0;
}

/** pthread_rwlock_timedrdlock / timedwrlock: neither library has them. */
export function* rwlockTimed(rwh: pthread_rwlock_t): Sim<number> {
  return asURwlock(rwh) === null ? EINVAL : ENOSYS;
}
