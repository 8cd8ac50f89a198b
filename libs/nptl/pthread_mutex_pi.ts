/**
 * pthread_mutex_pi.ts — PTHREAD_PRIO_INHERIT mutexes (glibc ≥ 2.5, Linux ≥ 2.6.18): the lock
 * word holds the owner's TID; when it is taken the kernel queues the caller on the futex's
 * rt_mutex and boosts the owner to the caller's priority until it unlocks (kernel/futex_pi.ts,
 * kernel/rtmutex.ts).
 *
 * Mirrors: glibc 2.36 nptl/pthread_mutex_lock.c __pthread_mutex_lock_full, pthread_mutex_trylock.c,
 * pthread_mutex_timedlock.c and pthread_mutex_unlock.c __pthread_mutex_unlock_full, their
 * PTHREAD_MUTEX_PI_* cases, robust ones included: user space takes a free word with one
 * cmpxchg 0 → TID and releases an uncontended one with cmpxchg TID → 0; anything else is the
 * kernel's (FUTEX_LOCK_PI, FUTEX_TRYLOCK_PI when the owner died, FUTEX_UNLOCK_PI when
 * FUTEX_WAITERS is set or the word is no longer our TID). The owner is checked by the word's
 * TID: a second lock by the owner is EDEADLK (error-checking), a count (recursive), or — a normal
 * one, for which the kernel answers EDEADLK — a wait that never ends, as glibc's "delay the
 * thread indefinitely"; so is ESRCH (a non-robust mutex whose owner died without unlocking). A
 * non-owner's unlock is EPERM whatever the kind. A robust PI mutex is listed with bit 0 set
 * (ENQUEUE_MUTEX_PI; list_op_pending too), so the kernel's exit walk marks it without waking
 * and exit_pi_state_list hands it on; the new owner sees FUTEX_OWNER_DIED: EOWNERDEAD.
 *
 * Simplifies: __nusers is not kept; the timedlock's timeout reaches the kernel as relative ns
 * (futex_pi.ts), and its "delay until the timeout" for ESRCH/EDEADLK is one futex wait.
 */

import { sys, uaccess, FUTEX_LOCK_PI, FUTEX_TRYLOCK_PI, FUTEX_UNLOCK_PI, FUTEX_WAIT, EAGAIN, EBUSY, EDEADLK, EINVAL, EPERM, ESRCH, ETIMEDOUT, type Sim } from '../../kernel/index.js';
import { EOWNERDEAD, ENOTRECOVERABLE } from '../api.js';
import { THREAD_SELF, type Pthread } from './descr.js';
import { atomicNs } from './lowlevellock.js';
import { PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_ERRORCHECK, type Mutex } from './pthread_mutex_init.js';
import { enqueueMutex, dequeueMutex, unlockCheck, entryOf, setPending, PTHREAD_MUTEX_INCONSISTENT, PTHREAD_MUTEX_NOTRECOVERABLE } from './pthread_mutex_robust.js';

const FUTEX_WAITERS = 0x80000000;
const FUTEX_OWNER_DIED = 0x40000000;
const FUTEX_TID_MASK = 0x3fffffff;
const COUNT_MAX = 0x7fffffff;

function* atomic(): Sim<void> {
  const ns = atomicNs(1);
  if (ns > 0) yield sys.compute(ns);
}

/** robust_head.list_op_pending = &__list.__next | 1 (robust PI futexes are signalled by bit 0). */
function pending(self: Pthread, mx: Mutex, on: boolean): void {
  if (mx.robust) setPending(self, on ? entryOf(mx) | 1 : 0);
}

/** The owner locks again: EDEADLK, a count, or -1 (a normal one goes on into the kernel). */
function ownerAgain(self: Pthread, mx: Mutex): number {
  if (mx.kind === PTHREAD_MUTEX_ERRORCHECK) { pending(self, mx, false); return EDEADLK; }
  if (mx.kind !== PTHREAD_MUTEX_RECURSIVE) return -1;
  pending(self, mx, false);
  if (mx.count >= COUNT_MAX) return EAGAIN;
  mx.count++;
  return 0;
}

/** "Delay the thread indefinitely" (or until `left` ns pass: then ETIMEDOUT). */
function* delay(left: number | null): Sim<number> {
  const zero = uaccess.umalloc(1);
  for (;;) {
    const r = (yield sys.futex(zero, FUTEX_WAIT, 0, left)) as number;
    if (left !== null && r === -ETIMEDOUT) return ETIMEDOUT;
  }
}

/**
 * The PI cases of __pthread_mutex_lock_full (deadline null) and __pthread_mutex_clocklock_common
 * (an absolute deadline; NaN: an invalid time, EINVAL once the kernel is asked). `cond`:
 * __pthread_mutex_cond_lock (NO_INCR: the word is taken with FUTEX_WAITERS).
 */
export function* piLock(mx: Mutex, cond: boolean, deadline: number | null): Sim<number> {
  const self = THREAD_SELF();
  const id = self.tid;
  pending(self, mx, true);
  let oldval = uaccess.uload(mx.lock) >>> 0;
  if ((oldval & FUTEX_TID_MASK) === id) {
    const r = ownerAgain(self, mx);
    if (r >= 0) return r;
  }
  oldval = uaccess.ucmpxchg(mx.lock, 0, (cond ? id | FUTEX_WAITERS : id) | 0) >>> 0;
  yield* atomic();
  if (oldval !== 0) {
    if (deadline !== null && Number.isNaN(deadline)) return EINVAL;
    const left = deadline === null ? null : Math.max(0, deadline - uaccess.vdsoNow());
    self.waitOn = mx;
    const e = -((yield sys.futex(mx.lock, FUTEX_LOCK_PI | mx.priv, 0, left)) as number);
    self.waitOn = null;
    if (e === ETIMEDOUT) return ETIMEDOUT;
    if (e === ESRCH || e === EDEADLK) return yield* delay(left);
    if (e !== 0) return e;
    oldval = uaccess.uload(mx.lock) >>> 0;
  }
  return yield* piAcquired(self, mx, oldval);
}

/** After the word is ours: EOWNERDEAD for a dead owner's, ENOTRECOVERABLE for a dead mutex, else owned. */
function* piAcquired(self: Pthread, mx: Mutex, oldval: number): Sim<number> {
  if ((oldval & FUTEX_OWNER_DIED) !== 0) {
    uaccess.ustore(mx.lock, (uaccess.uload(mx.lock) & ~FUTEX_OWNER_DIED) | 0); // atomic_and
    yield* atomic();
    mx.count = 1;
    mx.owner = PTHREAD_MUTEX_INCONSISTENT; // inconsistent unless marked otherwise
    if (mx.robust) enqueueMutex(self, mx, 1);
    pending(self, mx, false);
    return EOWNERDEAD;
  }
  if (mx.robust && mx.owner === PTHREAD_MUTEX_NOTRECOVERABLE) {
    mx.count = 0;
    yield sys.futex(mx.lock, FUTEX_UNLOCK_PI | mx.priv, 0);
    pending(self, mx, false);
    return ENOTRECOVERABLE;
  }
  mx.count = 1;
  if (mx.robust) enqueueMutex(self, mx, 1);
  pending(self, mx, false);
  mx.owner = self.tid;
  return 0;
}

/** The PI case of pthread_mutex_trylock.c: EBUSY where it would block (the kernel is asked only when the owner died). */
export function* piTrylock(mx: Mutex): Sim<number> {
  const self = THREAD_SELF();
  const id = self.tid;
  pending(self, mx, true);
  let oldval = uaccess.uload(mx.lock) >>> 0;
  if ((oldval & FUTEX_TID_MASK) === id) {
    const r = ownerAgain(self, mx);
    if (r >= 0) return r;
  }
  oldval = uaccess.ucmpxchg(mx.lock, 0, id) >>> 0;
  yield* atomic();
  if (oldval !== 0) {
    if ((oldval & FUTEX_OWNER_DIED) === 0) { pending(self, mx, false); return EBUSY; }
    const e = (yield sys.futex(mx.lock, FUTEX_TRYLOCK_PI | mx.priv, 0)) as number;
    if (e === -EAGAIN) { pending(self, mx, false); return EBUSY; }
    oldval = uaccess.uload(mx.lock) >>> 0;
  }
  return yield* piAcquired(self, mx, oldval);
}

/**
 * The PI cases of __pthread_mutex_unlock_full: the owner by the word only (EPERM), a recursive
 * count, the robust list, then cmpxchg TID → 0 or FUTEX_UNLOCK_PI. `full`: a condition wait.
 */
export function* piUnlock(mx: Mutex, full: boolean): Sim<number> {
  const self = THREAD_SELF();
  const id = self.tid;
  const check = unlockCheck(mx, id, full); // the owner test robust mutexes make too
  if ('done' in check) return check.done;
  const newowner = check.next;
  if (mx.robust) {
    pending(self, mx, true);
    dequeueMutex(mx);
  }
  mx.owner = newowner;
  const l = uaccess.uload(mx.lock) >>> 0;
  if ((l & FUTEX_WAITERS) !== 0 || l !== id) yield sys.futex(mx.lock, FUTEX_UNLOCK_PI | mx.priv, 0);
  else uaccess.ucmpxchg(mx.lock, id, 0);
  yield* atomic();
  pending(self, mx, false);
  return 0;
}
