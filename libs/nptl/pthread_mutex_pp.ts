/**
 * pthread_mutex_pp.ts — PTHREAD_PRIO_PROTECT (priority-ceiling) mutexes: the owner runs at the
 * mutex's ceiling while it holds it; a thread whose own priority is above the ceiling may not
 * lock it (EINVAL).
 *
 * Mirrors: glibc 2.36 nptl/pthread_mutex_lock.c __pthread_mutex_lock_full,
 * pthread_mutex_trylock.c, pthread_mutex_timedlock.c and pthread_mutex_unlock.c, their
 * PTHREAD_MUTEX_PP_* cases, and pthread_mutex_setprioceiling.c / pthread_mutex_getprioceiling.c.
 * The word is ceiling << 19 | state (0 free, 1 taken, 2 taken with waiters), so every cmpxchg
 * compares the ceiling too: a ceiling changed meanwhile sends the locker round again with the
 * new one. Before taking the word the locker raises itself to the ceiling
 * (__pthread_tpp_change_priority, tpp.ts) — whose error (EINVAL from sched_setscheduler under
 * SCHED_OTHER, where no priority above 0 exists) is the lock's answer, as glibc returns it,
 * leaving the ceiling counted; the unlock lowers it again and returns that call's answer. The
 * owner is checked by __owner: a second lock is EDEADLK (error-checking), a count (recursive),
 * or a deadlock (normal). pthread_mutex_setprioceiling takes the word without the protocol (no
 * ceiling check, no boost), stores the new ceiling, and wakes every waiter (they retry with it);
 * the owner of a recursive one changes it in place (and its own boost), an error-checking one's
 * owner gets EDEADLK.
 *
 * Simplifies: __nusers is not kept; a robust PROTECT mutex is refused at init (ENOTSUP, as
 * glibc) by the C host; the timedlock's NaN (an invalid time) is EINVAL where glibc checks it.
 */

import { sys, uaccess, FUTEX_WAIT, FUTEX_WAKE, EAGAIN, EBUSY, EDEADLK, EINVAL, EPERM, ETIMEDOUT, type Sim } from '../../kernel/index.js';
import { THREAD_SELF } from './descr.js';
import { atomicNs } from './lowlevellock.js';
import {
  PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_PRIO_CEILING_MASK, PTHREAD_MUTEX_PRIO_CEILING_SHIFT,
  PTHREAD_PRIO_PROTECT, type Mutex,
} from './pthread_mutex_init.js';
import { initSchedFifoPrio, pthreadCurrentPriority, tppChangePriority } from './tpp.js';

const COUNT_MAX = 0x7fffffff;
const ceilingOf = (w: number): number => (w & PTHREAD_MUTEX_PRIO_CEILING_MASK) >>> PTHREAD_MUTEX_PRIO_CEILING_SHIFT;

function* cas(mx: Mutex, expect: number, value: number): Sim<number> {
  const c = uaccess.ucmpxchg(mx.lock, expect | 0, value | 0) >>> 0;
  const ns = atomicNs(1);
  if (ns > 0) yield sys.compute(ns);
  return c;
}

/** The owner locks again (by __owner): EDEADLK, a count, or -1 (a normal one goes on and deadlocks). */
function ownerAgain(mx: Mutex, id: number): number {
  if (mx.owner !== id) return -1;
  if (mx.kind === PTHREAD_MUTEX_ERRORCHECK) return EDEADLK;
  if (mx.kind !== PTHREAD_MUTEX_RECURSIVE) return -1;
  if (mx.count >= COUNT_MAX) return EAGAIN;
  mx.count++;
  return 0;
}

/**
 * Take the word at ceiling `ceilval` (taken | 1, or | 2 for a cond relock), sleeping while it is
 * held; returns the word seen last (its ceiling differs from `ceilval`'s if the ceiling changed),
 * or -ETIMEDOUT. `left`: ns to wait at most (null: no limit).
 */
function* takeWord(mx: Mutex, ceilval: number, taken: number, deadline: number | null): Sim<number> {
  let oldval = yield* cas(mx, ceilval, ceilval | taken);
  if (oldval === ceilval) return oldval;
  do {
    oldval = yield* cas(mx, ceilval | 1, ceilval | 2);
    if (((oldval & PTHREAD_MUTEX_PRIO_CEILING_MASK) >>> 0) !== ceilval) return oldval;
    if (oldval !== ceilval) {
      if (deadline !== null && Number.isNaN(deadline)) return -EINVAL;
      const left = deadline === null ? null : Math.max(0, deadline - uaccess.vdsoNow());
      const r = (yield sys.futex(mx.lock, FUTEX_WAIT | mx.priv, (ceilval | 2) | 0, left)) as number;
      if (r === -ETIMEDOUT) return -ETIMEDOUT;
    }
  } while ((yield* cas(mx, ceilval, ceilval | 2)) !== ceilval);
  return ceilval;
}

/** The PP cases of lock, cond lock (`cond`) and timedlock (a deadline; NaN: invalid). */
export function* ppLock(mx: Mutex, cond: boolean, deadline: number | null): Sim<number> {
  const self = THREAD_SELF();
  const id = self.tid;
  const owned = ownerAgain(mx, id);
  if (owned >= 0) return owned;
  let oldval = uaccess.uload(mx.lock) >>> 0;
  let oldprio = -1;
  let ceilval: number;
  self.waitOn = mx;
  do {
    const ceiling = ceilingOf(oldval);
    if ((yield* pthreadCurrentPriority()) > ceiling) {
      if (oldprio !== -1) yield* tppChangePriority(oldprio, -1);
      self.waitOn = null;
      return EINVAL;
    }
    const retval = yield* tppChangePriority(oldprio, ceiling);
    if (retval !== 0) { self.waitOn = null; return retval; }
    ceilval = (ceiling << PTHREAD_MUTEX_PRIO_CEILING_SHIFT) >>> 0;
    oldprio = ceiling;
    const r = yield* takeWord(mx, ceilval, cond ? 2 : 1, deadline);
    if (r === -ETIMEDOUT) { self.waitOn = null; return ETIMEDOUT; }
    if (r === -EINVAL) { yield* tppChangePriority(oldprio, -1); self.waitOn = null; return EINVAL; }
    oldval = r >>> 0;
  } while (((oldval & PTHREAD_MUTEX_PRIO_CEILING_MASK) >>> 0) !== ceilval);
  self.waitOn = null;
  mx.count = 1;
  mx.owner = id;
  return 0;
}

/** The PP case of pthread_mutex_trylock.c: EBUSY (its ceiling given back) where it would block. */
export function* ppTrylock(mx: Mutex): Sim<number> {
  const id = THREAD_SELF().tid;
  const owned = ownerAgain(mx, id);
  if (owned >= 0) return owned;
  let oldval = uaccess.uload(mx.lock) >>> 0;
  let oldprio = -1;
  let ceilval: number;
  do {
    const ceiling = ceilingOf(oldval);
    if ((yield* pthreadCurrentPriority()) > ceiling) {
      if (oldprio !== -1) yield* tppChangePriority(oldprio, -1);
      return EINVAL;
    }
    const retval = yield* tppChangePriority(oldprio, ceiling);
    if (retval !== 0) return retval;
    ceilval = (ceiling << PTHREAD_MUTEX_PRIO_CEILING_SHIFT) >>> 0;
    oldprio = ceiling;
    oldval = yield* cas(mx, ceilval, ceilval | 1);
    if (oldval === ceilval) break;
  } while (((oldval & PTHREAD_MUTEX_PRIO_CEILING_MASK) >>> 0) !== ceilval);
  if (oldval !== ceilval) {
    yield* tppChangePriority(oldprio, -1);
    return EBUSY;
  }
  mx.owner = id;
  mx.count = 1;
  return 0;
}

/** The PP cases of __pthread_mutex_unlock_full: release the word, wake one, lower the ceiling's boost. */
export function* ppUnlock(mx: Mutex, full: boolean): Sim<number> {
  const id = THREAD_SELF().tid;
  if (mx.kind === PTHREAD_MUTEX_RECURSIVE) {
    if (mx.owner !== id) return EPERM;
    if (!full && --mx.count !== 0) return 0;
  } else if (mx.kind === PTHREAD_MUTEX_ERRORCHECK) {
    if (mx.owner !== id || (uaccess.uload(mx.lock) & ~PTHREAD_MUTEX_PRIO_CEILING_MASK) === 0) return EPERM;
  }
  mx.owner = 0;
  const oldval = uaccess.uload(mx.lock) >>> 0;
  const newval = (oldval & PTHREAD_MUTEX_PRIO_CEILING_MASK) >>> 0;
  yield* cas(mx, oldval, newval);
  if ((oldval & ~PTHREAD_MUTEX_PRIO_CEILING_MASK) > 1) yield sys.futex(mx.lock, FUTEX_WAKE | mx.priv, 1);
  return yield* tppChangePriority(newval >>> PTHREAD_MUTEX_PRIO_CEILING_SHIFT, -1);
}

/** pthread_mutex_getprioceiling: a PROTECT mutex's ceiling, from its word; EINVAL for another. */
export function ppGetprioceiling(mx: Mutex, out: { value?: number }): number {
  if (mx.proto !== PTHREAD_PRIO_PROTECT) return EINVAL;
  out.value = ceilingOf(uaccess.uload(mx.lock) >>> 0);
  return 0;
}

/** pthread_mutex_setprioceiling: check, take the word without the protocol, store the ceiling, wake all. */
export function* ppSetprioceiling(mx: Mutex, prioceiling: number, old: { value?: number } | null): Sim<number> {
  if (mx.proto !== PTHREAD_PRIO_PROTECT) return EINVAL;
  const [min, max] = yield* initSchedFifoPrio();
  if (!Number.isInteger(prioceiling) || prioceiling < min || prioceiling > max || (prioceiling & 0xfff) !== prioceiling) return EINVAL;
  let locked = false;
  if (mx.owner === THREAD_SELF().tid) {
    if (mx.kind === PTHREAD_MUTEX_ERRORCHECK) return EDEADLK;
    if (mx.kind === PTHREAD_MUTEX_RECURSIVE) locked = true;
  }
  let oldval = uaccess.uload(mx.lock) >>> 0;
  if (!locked) {
    const ceilval = (oldval & PTHREAD_MUTEX_PRIO_CEILING_MASK) >>> 0;
    oldval = (yield* takeWord(mx, ceilval, 1, null)) >>> 0; // glibc leaves its loop on a changed ceiling too
  }
  const oldprio = ceilingOf(oldval);
  if (locked) {
    const ret = yield* tppChangePriority(oldprio, prioceiling);
    if (ret !== 0) return ret;
  }
  if (old !== null) old.value = oldprio;
  const newlock = locked ? uaccess.uload(mx.lock) & ~PTHREAD_MUTEX_PRIO_CEILING_MASK : 0;
  uaccess.ustore(mx.lock, (newlock | (prioceiling << PTHREAD_MUTEX_PRIO_CEILING_SHIFT)) | 0);
  yield sys.futex(mx.lock, FUTEX_WAKE | mx.priv, 0x7fffffff);
  return 0;
}
