/**
 * pthread_rwlock_init.ts — the NPTL reader-writer lock: a low-level lock guarding the counts,
 * and two futex words the waiters sleep on.
 *
 * Mirrors: glibc 2.3 nptl/pthread_rwlock_init.c and pthread_rwlock_destroy.c, and the fields of
 * pthread_rwlock_t's __data: __lock (an lll lock, lowlevellock.ts), __nr_readers (readers
 * holding it), __readers_wakeup and __writer_wakeup (futex words: bumped by the unlocker before
 * it wakes, so a sleeper's FUTEX_WAIT with the old value returns at once), __nr_readers_queued,
 * __nr_writers_queued, __writer (the holder's tid, 0 when none), __flags (1 only for
 * PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP: writers first; every other kind — the default
 * PREFER_READER_NP, and PREFER_WRITER_NP, which 2.3's NPTL does not implement — lets a reader in
 * while writers wait). pthread_rwlock_destroy of 2.3 does nothing ("For now"): 0 even while held.
 *
 * Simplifies: only the three words the kernel sleeps on or that the lock protects are user
 * memory; the counts are JavaScript fields read and written under __lock, as in C.
 */

import { EINVAL, type Sim } from '../../kernel/index.js';
import { PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP, type pthread_rwlock_t, type pthread_rwlockattr_t } from '../api.js';
import { lllInit, lllPrivate } from './lowlevellock.js';
import { rwlockattrOf } from '../common/rwlockattr.js';
import type { DebugNames } from '../thread_db.js';

export class Rwlock {
  /** __lock: the lll word. */
  readonly lock: number;
  /** __readers_wakeup, __writer_wakeup: futex words. */
  readonly readersWakeup: number;
  readonly writerWakeup: number;
  /** __shared: lll's private argument (0 when process-shared). */
  readonly priv: number;
  nrReaders = 0;
  nrReadersQueued = 0;
  nrWritersQueued = 0;
  /** __writer: tid of the writer holding it, 0 when none. */
  writer = 0;
  constructor(readonly flags: number, pshared = false) {
    this.lock = lllInit(pshared);
    this.readersWakeup = lllInit(pshared);
    this.writerWakeup = lllInit(pshared);
    this.priv = lllPrivate(pshared);
  }
}

/** pthread_rwlock_init: the lock, writers first only for PREFER_WRITER_NONRECURSIVE_NP. */
export function* pthreadRwlockInit(attr: pthread_rwlockattr_t | null | undefined, names: DebugNames): Sim<pthread_rwlock_t> {
  const a = rwlockattrOf(attr);
  if (a === null) throw new TypeError('pthread_rwlock_init: not a pthread_rwlockattr_t');
  const rw = new Rwlock(a.lockkind === PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP ? 1 : 0, a.pshared === 1);
  names.add(rw, 'rwlock');
  return rw as unknown as pthread_rwlock_t;
}

export function asRwlock(rw: pthread_rwlock_t): Rwlock | null {
  return (rw as unknown) instanceof Rwlock ? (rw as unknown as Rwlock) : null;
}

/** pthread_rwlock_destroy: nothing to be done (glibc 2.3), EINVAL only for what is not a lock. */
export function* pthreadRwlockDestroy(rw: pthread_rwlock_t): Sim<number> {
  return asRwlock(rw) === null ? EINVAL : 0;
}
