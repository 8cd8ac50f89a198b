/**
 * mutex.ts — LinuxThreads mutexes: a fastlock plus an owner and a count.
 *
 * Mirrors: glibc linuxthreads/mutex.c (__pthread_mutex_lock/trylock/unlock/destroy by kind):
 *  - 'normal' is PTHREAD_MUTEX_ADAPTIVE_NP (the old PTHREAD_MUTEX_FAST_NP): __pthread_lock,
 *    so it spins briefly on SMP before suspending; unlock is __pthread_unlock, no owner check.
 *  - 'recursive' (PTHREAD_MUTEX_RECURSIVE_NP): an owner and a count on top of __pthread_lock.
 *  - 'errorcheck' (PTHREAD_MUTEX_ERRORCHECK_NP): EDEADLK on relock, EPERM on a foreign
 *    unlock, and the alternate lock (__pthread_alt_lock: no spin, direct hand-over).
 * A contended lock costs, besides the spin, the waiter's suspend (sigprocmask + sigsuspend +
 * the restart handler's delivery and sigreturn) and the unlocker's kill(2).
 *
 * Simplifies: no PTHREAD_MUTEX_TIMED_NP timed lock, no priority inheritance; the mutex is a
 * JavaScript object shared by closure (its state is not in simulated memory).
 */

import { EBUSY, EDEADLK, EPERM, EINVAL, type Sim } from '../../kernel/index.js';
import type { MutexType } from '../api.js';
import { threadSelf, type LtDescr } from './internals.js';
import {
  FastLock, pthreadLock, pthreadUnlock, pthreadTrylock, pthreadAltLock, pthreadAltUnlock, lockBusy,
} from './spinlock.js';
import { atomicOps } from './restart.js';
import type { DebugNames } from '../thread_db.js';

/**
 * pthread_mutex_t: __m_kind, __m_owner, __m_count, __m_lock. The owner is recorded for every
 * kind (glibc 2.3 left it unset for fast mutexes; the debugging view needs it: one store).
 */
export class LtMutex {
  owner: LtDescr | null = null;
  count = 0;
  readonly lock = new FastLock();
  constructor(readonly kind: MutexType) {}
}

/** __pthread_mutex_init: the kind from the attribute, default PTHREAD_MUTEX_ADAPTIVE_NP. */
export function mutexInit(attr: { type?: MutexType } | undefined, names: DebugNames): LtMutex {
  const kind = attr?.type ?? 'normal';
  const m = new LtMutex(kind === 'recursive' || kind === 'errorcheck' ? kind : 'normal');
  names.add(m, 'mutex');
  return m;
}

function asMutex(m: unknown): LtMutex | null {
  return m instanceof LtMutex ? m : null;
}

/** __pthread_mutex_lock. */
export function* mutexLock(mx: unknown): Sim<number> {
  const m = asMutex(mx);
  if (m === null) return EINVAL;
  const self = threadSelf();
  if (m.kind === 'recursive' && m.owner === self) { m.count++; return 0; }
  if (m.kind === 'errorcheck' && m.owner === self) return EDEADLK;
  self.waitOn = m; // for the debugging view (thread_db.ts)
  if (m.kind === 'errorcheck') yield* pthreadAltLock(m.lock, self);
  else yield* pthreadLock(m.lock, self);
  self.waitOn = null;
  m.owner = self;
  m.count = 0;
  return 0;
}

/** __pthread_mutex_trylock. */
export function* mutexTrylock(mx: unknown): Sim<number> {
  const m = asMutex(mx);
  if (m === null) return EINVAL;
  const self = threadSelf();
  if (m.kind === 'normal') {
    const r = yield* pthreadTrylock(m.lock);
    if (r === 0) m.owner = self;
    return r;
  }
  if (m.kind === 'recursive' && m.owner === self) { m.count++; return 0; }
  const r = yield* pthreadTrylock(m.lock);
  if (r !== 0) return EBUSY;
  m.owner = self;
  m.count = 0;
  return 0;
}

/** __pthread_mutex_unlock. */
export function* mutexUnlock(mx: unknown): Sim<number> {
  const m = asMutex(mx);
  if (m === null) return EINVAL;
  if (m.kind === 'normal') {
    if (!m.lock.taken) { yield* atomicOps(1); return 0; } // glibc: no check, nothing to do
    m.owner = null;
    yield* pthreadUnlock(m.lock);
    return 0;
  }
  const self = threadSelf();
  if (m.owner !== self || !m.lock.taken) return EPERM;
  if (m.kind === 'recursive') {
    if (m.count > 0) { m.count--; return 0; }
    m.owner = null;
    yield* pthreadUnlock(m.lock);
    return 0;
  }
  m.owner = null;
  yield* pthreadAltUnlock(m.lock);
  return 0;
}

/** __pthread_mutex_destroy: EBUSY while locked. */
export function mutexDestroy(mx: unknown): number {
  const m = asMutex(mx);
  if (m === null) return EINVAL;
  return lockBusy(m.lock) ? EBUSY : 0;
}
