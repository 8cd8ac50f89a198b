/**
 * mutex.ts — LinuxThreads mutexes: a fastlock plus an owner and a count.
 *
 * Mirrors: glibc linuxthreads/mutex.c (__pthread_mutex_lock/trylock/timedlock/unlock/destroy by kind) and
 * linuxthreads/sysdeps/pthread/pthread.h (the kinds) of the 2.2–2.3 series:
 *  - 'normal' is PTHREAD_MUTEX_TIMED_NP: since September 2000 (glibc 2.2) the kind of
 *    PTHREAD_MUTEX_INITIALIZER, of pthread_mutexattr_init and of PTHREAD_MUTEX_NORMAL/DEFAULT
 *    (pthread.h: PTHREAD_MUTEX_NORMAL = PTHREAD_MUTEX_TIMED_NP). It locks with
 *    __pthread_alt_lock — no spinning: a thread that finds it taken queues a wait node and
 *    suspends at once, and __pthread_alt_unlock hands the lock to the oldest waiter and
 *    restarts it. No owner check on unlock.
 *  - 'adaptive' is PTHREAD_MUTEX_ADAPTIVE_NP (the old PTHREAD_MUTEX_FAST_NP, which pthread.h
 *    makes an alias of it): __pthread_lock, which spins briefly on SMP before suspending, and
 *    __pthread_unlock, which restarts a waiter without handing the lock over.
 *  - 'recursive' (PTHREAD_MUTEX_RECURSIVE_NP): an owner and a count on top of __pthread_lock.
 *  - 'errorcheck' (PTHREAD_MUTEX_ERRORCHECK_NP): EDEADLK on relock, EPERM on a foreign
 *    unlock, and the alternate lock like the timed kind.
 * A contended lock costs the waiter's suspend (sigprocmask + sigsuspend + the restart handler's
 * delivery and sigreturn) and the unlocker's kill(2); the adaptive kind may spin it away.
 *
 * Simplifies: no priority inheritance; the
 * mutex is a JavaScript object shared by closure (its state is not in simulated memory).
 */

import { uaccess, EBUSY, EDEADLK, EPERM, EINVAL, ETIMEDOUT, type Sim } from '../../kernel/index.js';
import type { MutexType } from '../api.js';
import { threadSelf, type LtDescr } from './internals.js';
import {
  FastLock, pthreadLock, pthreadUnlock, pthreadTrylock, pthreadAltLock, pthreadAltUnlock, pthreadAltTimedlock, lockBusy,
} from './spinlock.js';
import { atomicOps } from './restart.js';
import type { DebugNames } from '../thread_db.js';

/** __m_kind: glibc's four kinds (PTHREAD_MUTEX_*_NP). */
export type LtMutexKind = 'timed' | 'adaptive' | 'recursive' | 'errorcheck';

/**
 * pthread_mutex_t: __m_kind, __m_owner, __m_count, __m_lock. The owner is recorded for every
 * kind (glibc 2.3 left it unset for timed and adaptive mutexes; the debugging view needs it:
 * one store).
 */
export class LtMutex {
  owner: LtDescr | null = null;
  count = 0;
  readonly lock = new FastLock();
  constructor(readonly kind: LtMutexKind) {}
}

/** pthread_mutexattr_settype's kinds; 'normal' (and no attribute) is PTHREAD_MUTEX_TIMED_NP. */
const KINDS: Record<MutexType, LtMutexKind> = {
  normal: 'timed', adaptive: 'adaptive', recursive: 'recursive', errorcheck: 'errorcheck',
};

/** __pthread_mutex_init: the kind from the attribute, default PTHREAD_MUTEX_TIMED_NP. */
export function mutexInit(attr: { type?: MutexType } | undefined, names: DebugNames): LtMutex {
  const m = new LtMutex(KINDS[attr?.type ?? 'normal'] ?? 'timed');
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
  if (m.kind === 'timed' || m.kind === 'errorcheck') yield* pthreadAltLock(m.lock, self);
  else yield* pthreadLock(m.lock, self);
  self.waitOn = null;
  m.owner = self;
  m.count = 0;
  return 0;
}

/** __pthread_mutex_trylock: __pthread_trylock or __pthread_alt_trylock, by kind. */
export function* mutexTrylock(mx: unknown): Sim<number> {
  const m = asMutex(mx);
  if (m === null) return EINVAL;
  const self = threadSelf();
  if (m.kind === 'recursive' && m.owner === self) { m.count++; return 0; }
  const r = yield* pthreadTrylock(m.lock); // the alternate trylock is the same one CAS here
  if (r !== 0) return EBUSY;
  m.owner = self;
  m.count = 0;
  return 0;
}

/**
 * __pthread_mutex_timedlock: an invalid time (NaN: tv_nsec out of range) is EINVAL before
 * anything else. "Only this type supports timed out lock": the timed kind (the default) and the
 * error-checking one wait with __pthread_alt_timedlock; an adaptive or recursive mutex is
 * locked as pthread_mutex_lock does, the deadline ignored.
 */
export function* mutexTimedlock(mx: unknown, timeoutNs: number): Sim<number> {
  if (Number.isNaN(timeoutNs)) return EINVAL;
  const m = asMutex(mx);
  if (m === null) return EINVAL;
  if (m.kind === 'adaptive' || m.kind === 'recursive') return yield* mutexLock(m);
  const self = threadSelf();
  if (m.kind === 'errorcheck' && m.owner === self) return EDEADLK;
  self.waitOn = m; // for the debugging view (thread_db.ts)
  const got = yield* pthreadAltTimedlock(m.lock, self, uaccess.vdsoNow() + timeoutNs);
  self.waitOn = null;
  if (!got) return ETIMEDOUT;
  m.owner = self;
  m.count = 0;
  return 0;
}

/** __pthread_mutex_unlock. */
export function* mutexUnlock(mx: unknown): Sim<number> {
  const m = asMutex(mx);
  if (m === null) return EINVAL;
  if (m.kind === 'timed' || m.kind === 'adaptive') {
    if (!m.lock.taken) { yield* atomicOps(1); return 0; } // glibc: no check, nothing to do
    m.owner = null;
    if (m.kind === 'timed') yield* pthreadAltUnlock(m.lock);
    else yield* pthreadUnlock(m.lock);
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
