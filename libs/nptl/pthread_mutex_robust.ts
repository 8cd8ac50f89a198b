/**
 * pthread_mutex_robust.ts — robust mutexes (glibc ≥ 2.4, Linux ≥ 2.6.17): a lock whose owner
 * dies is handed to the next locker with EOWNERDEAD instead of staying locked forever.
 *
 * Mirrors: glibc 2.36 nptl/pthread_mutex_lock.c __pthread_mutex_lock_full, pthread_mutex_trylock.c
 * and pthread_mutex_timedlock.c (the PTHREAD_MUTEX_ROBUST_*_NP cases), pthread_mutex_unlock.c
 * __pthread_mutex_unlock_full, pthread_mutex_consistent.c, and nptl/descr.h's ENQUEUE_MUTEX /
 * DEQUEUE_MUTEX (the doubly linked list through each mutex's __list, x86-64's
 * __PTHREAD_MUTEX_HAVE_PREV). The lock word holds the owner's TID (not 0/1/2): FUTEX_WAITERS
 * when someone may sleep, FUTEX_OWNER_DIED once the kernel's exit-time walk
 * (kernel/futex_robust.ts) found the owner dead. Every thread registers its robust_list_head
 * (set_robust_list, nptl_2_36.ts); around each lock and unlock it names the mutex in
 * list_op_pending, so a death half-way through is still cleaned up.
 *
 * The words, 4 bytes each: a robust mutex is [__lock, __list.__prev, __list.__next] (its list
 * entry is &__next, its futex_offset -8); a thread's head is [robust_prev, list, futex_offset,
 * list_op_pending] and the kernel is given &list. __owner is the JavaScript field `owner`:
 * PTHREAD_MUTEX_INCONSISTENT after EOWNERDEAD until pthread_mutex_consistent, then the tid;
 * PTHREAD_MUTEX_NOTRECOVERABLE once unlocked without it — every later lock is ENOTRECOVERABLE.
 * Futex calls are shared (PTHREAD_ROBUST_MUTEX_PSHARED is LLL_SHARED), as the kernel's wake is.
 *
 * Robust PI mutexes (PTHREAD_MUTEX_PI_ROBUST_*) are pthread_mutex_pi.ts's, with this file's list.
 *
 * Simplifies: __nusers
 * is not kept; the adaptive kind is the normal one.
 */

import { sys, uaccess, FUTEX_WAIT, FUTEX_WAKE, EAGAIN, EPERM, EBUSY, EDEADLK, EINVAL, ETIMEDOUT, type Sim } from '../../kernel/index.js';
import { EOWNERDEAD, ENOTRECOVERABLE } from '../api.js';
import { THREAD_SELF, type Pthread } from './descr.js';
import { atomicNs } from './lowlevellock.js';
import { PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_ERRORCHECK, type Mutex } from './pthread_mutex_init.js';

const FUTEX_WAITERS = 0x80000000;
const FUTEX_OWNER_DIED = 0x40000000;
const FUTEX_TID_MASK = 0x3fffffff;
/** __owner's two special values (pthreadP.h). */
export const PTHREAD_MUTEX_INCONSISTENT = 0x7fffffff;
export const PTHREAD_MUTEX_NOTRECOVERABLE = 0x7ffffffe;
/** offsetof(__lock) - offsetof(__list.__next), in the lab's layout. */
export const ROBUST_FUTEX_OFFSET = -8;
const COUNT_MAX = 0x7fffffff;

/** The entry the robust list links: &mutex->__data.__list.__next. */
export const entryOf = (mx: Mutex): number => mx.lock + 8;

/** A new thread's (or fork child's) robust_list_head, empty: list points at itself. */
export function robustHeadInit(pd: Pthread): number {
  if (pd.robustHead === 0) pd.robustHead = uaccess.umalloc(4) + 4;
  const h = pd.robustHead;
  uaccess.ustore(h - 4, h); // robust_prev = &robust_head
  uaccess.ustore(h, h);
  uaccess.ustore(h + 4, ROBUST_FUTEX_OFFSET);
  uaccess.ustore(h + 8, 0);
  return h;
}

export function setPending(self: Pthread, entry: number): void {
  uaccess.ustore(self.robustHead + 8, entry);
}

/** A list pointer read from a (signed) word, PI bit cleared: an address, above 2 GiB in the pshared arena too. */
const ptr = (w: number): number => (w & ~1) >>> 0;

/**
 * ENQUEUE_MUTEX_BOTH: push the mutex at the front of the caller's list (after it is taken); the
 * head's pointer to it carries `bit` (1: ENQUEUE_MUTEX_PI, a PI futex for the kernel's walk).
 */
export function enqueueMutex(self: Pthread, mx: Mutex, bit: number): void {
  const head = self.robustHead;
  const e = entryOf(mx);
  const first = uaccess.uload(head);
  uaccess.ustore(ptr(first) - 4, e); // next->__prev
  uaccess.ustore(e, first);
  uaccess.ustore(e - 4, head);
  uaccess.ustore(head, e | bit);
}

/** ENQUEUE_MUTEX. */
function enqueue(self: Pthread, mx: Mutex): void {
  enqueueMutex(self, mx, 0);
}

/** DEQUEUE_MUTEX: unlink the mutex (before it is released). */
export function dequeueMutex(mx: Mutex): void {
  dequeue(mx);
}

function dequeue(mx: Mutex): void {
  const e = entryOf(mx);
  const next = uaccess.uload(e);
  const prev = uaccess.uload(e - 4);
  uaccess.ustore(ptr(next) - 4, prev);
  uaccess.ustore(ptr(prev), next);
  uaccess.ustore(e - 4, 0);
  uaccess.ustore(e, 0);
}

/** One locked instruction's user time (lowlevellock.ts atomicNs). */
function* atomic(): Sim<void> {
  const ns = atomicNs(1);
  if (ns > 0) yield sys.compute(ns);
}

/** The owner died: take the lock with `newval` if the word is still `oldval`; -1 if it changed. */
function takeDead(self: Pthread, mx: Mutex, oldval: number, newval: number): number {
  const c = uaccess.ucmpxchg(mx.lock, oldval | 0, newval | 0) >>> 0;
  if (c !== oldval) return c;
  mx.count = 1;
  mx.owner = PTHREAD_MUTEX_INCONSISTENT; // inconsistent unless marked otherwise
  enqueue(self, mx);
  setPending(self, 0);
  return -1;
}

/** The owner already holds it: EDEADLK, a count, or -1 (go on). */
function relock(self: Pthread, mx: Mutex): number {
  if (mx.kind === PTHREAD_MUTEX_ERRORCHECK) { setPending(self, 0); return EDEADLK; }
  if (mx.kind !== PTHREAD_MUTEX_RECURSIVE) return -1;
  setPending(self, 0);
  if (mx.count >= COUNT_MAX) return EAGAIN;
  mx.count++;
  return 0;
}

/**
 * lll_unlock(__lock, LLL_SHARED): it wakes only when the old value, as a signed int, is > 1 — so
 * not when FUTEX_WAITERS (the sign bit) is set, as glibc 2.36's generic lowlevellock.h has it.
 */
function* lllUnlockShared(mx: Mutex): Sim<void> {
  const old = uaccess.uxchg(mx.lock, 0);
  yield* atomic();
  if (old > 1) yield sys.futex(mx.lock, FUTEX_WAKE, 1);
}

/** Taken: ENOTRECOVERABLE if the mutex is dead for good (released at once), else listed and owned. */
function* acquired(self: Pthread, mx: Mutex): Sim<number> {
  if (mx.owner === PTHREAD_MUTEX_NOTRECOVERABLE) {
    mx.count = 0;
    yield* lllUnlockShared(mx);
    setPending(self, 0);
    return ENOTRECOVERABLE;
  }
  mx.count = 1;
  enqueue(self, mx);
  setPending(self, 0);
  mx.owner = self.tid;
  return 0;
}

/**
 * The robust cases of __pthread_mutex_lock_full (deadline null) and __pthread_mutex_clocklock_common
 * (an absolute deadline on the clock; NaN: an invalid time, EINVAL once it would block). `cond`:
 * __pthread_mutex_cond_lock, which assumes other waiters (LLL_ROBUST_MUTEX_LOCK_MODIFIER).
 */
export function* robustLock(mx: Mutex, cond: boolean, deadline: number | null): Sim<number> {
  const self = THREAD_SELF();
  const id = self.tid;
  setPending(self, entryOf(mx));
  let oldval = uaccess.uload(mx.lock) >>> 0;
  let assume = cond ? FUTEX_WAITERS : 0;
  for (;;) {
    if (oldval === 0) {
      oldval = uaccess.ucmpxchg(mx.lock, 0, (id | assume) | 0) >>> 0;
      yield* atomic();
      if (oldval === 0) break;
    }
    if ((oldval & FUTEX_OWNER_DIED) !== 0) {
      const c = takeDead(self, mx, oldval, (id | (oldval & FUTEX_WAITERS) | assume) >>> 0);
      yield* atomic();
      if (c < 0) return EOWNERDEAD;
      oldval = c;
      continue;
    }
    if ((oldval & FUTEX_TID_MASK) === id) {
      const r = relock(self, mx);
      if (r >= 0) return r;
    }
    // timedlock: about to block, so the time is checked now (list_op_pending stays set, as in glibc)
    if (deadline !== null && Number.isNaN(deadline)) return EINVAL;
    if ((oldval & FUTEX_WAITERS) === 0) {
      const v = uaccess.ucmpxchg(mx.lock, oldval | 0, (oldval | FUTEX_WAITERS) | 0) >>> 0;
      yield* atomic();
      if (v !== oldval) { oldval = v; continue; }
      oldval = (oldval | FUTEX_WAITERS) >>> 0;
    }
    assume = FUTEX_WAITERS;
    const left = deadline === null ? null : Math.max(0, deadline - uaccess.vdsoNow());
    if (left === 0) return ETIMEDOUT;
    self.waitOn = mx;
    const r = (yield sys.futex(mx.lock, FUTEX_WAIT, oldval | 0, left)) as number;
    self.waitOn = null;
    if (r === -ETIMEDOUT) return ETIMEDOUT;
    oldval = uaccess.uload(mx.lock) >>> 0;
  }
  return yield* acquired(self, mx);
}

/**
 * The robust case of pthread_mutex_trylock.c: EBUSY instead of sleeping. A not-recoverable mutex
 * is ENOTRECOVERABLE; glibc releases it only `if (oldval == id)` — never true once the CAS from
 * 0 took it — so the caller is left holding the word (as glibc 2.36 leaves it).
 */
export function* robustTrylock(mx: Mutex): Sim<number> {
  const self = THREAD_SELF();
  const id = self.tid;
  setPending(self, entryOf(mx));
  let oldval = uaccess.uload(mx.lock) >>> 0;
  for (;;) {
    if ((oldval & FUTEX_OWNER_DIED) !== 0) {
      const c = takeDead(self, mx, oldval, (id | (oldval & FUTEX_WAITERS)) >>> 0);
      yield* atomic();
      if (c < 0) return EOWNERDEAD;
      oldval = c;
      continue;
    }
    if ((oldval & FUTEX_TID_MASK) === id) {
      const r = relock(self, mx);
      if (r >= 0) return r;
    }
    oldval = uaccess.ucmpxchg(mx.lock, 0, id) >>> 0;
    yield* atomic();
    if (oldval !== 0 && (oldval & FUTEX_OWNER_DIED) === 0) { setPending(self, 0); return EBUSY; }
    if (mx.owner === PTHREAD_MUTEX_NOTRECOVERABLE) {
      mx.count = 0;
      if (oldval === id) yield* lllUnlockShared(mx);
      setPending(self, 0);
      return ENOTRECOVERABLE;
    }
    if ((oldval & FUTEX_OWNER_DIED) === 0) break;
  }
  mx.count = 1;
  enqueue(self, mx);
  setPending(self, 0);
  mx.owner = id;
  return 0;
}

/**
 * __pthread_mutex_unlock_full's owner test, the robust and the PI kinds alike: only the owner by
 * the lock word may unlock (a recursive one: by __owner, and a level left is 0); an inconsistent
 * robust mutex unlocked without pthread_mutex_consistent becomes not recoverable. `done`: the
 * call's answer now; `next`: the __owner the mutex gets as it is let go.
 */
export function unlockCheck(mx: Mutex, id: number, full: boolean): { done: number } | { next: number } {
  const word = uaccess.uload(mx.lock) >>> 0;
  const inconsistent = mx.robust && mx.owner === PTHREAD_MUTEX_INCONSISTENT;
  if (mx.kind === PTHREAD_MUTEX_RECURSIVE) {
    if ((word & FUTEX_TID_MASK) === id && inconsistent) {
      if (!full && --mx.count !== 0) return { done: ENOTRECOVERABLE };
      return { next: PTHREAD_MUTEX_NOTRECOVERABLE };
    }
    if (mx.owner !== id) return { done: EPERM };
    if (!full && --mx.count !== 0) return { done: 0 };
    return { next: 0 };
  }
  if ((word & FUTEX_TID_MASK) !== id || word === 0) return { done: EPERM };
  return { next: inconsistent ? PTHREAD_MUTEX_NOTRECOVERABLE : 0 };
}

/**
 * The robust cases of __pthread_mutex_unlock_full: only the owner (by the lock word) may unlock;
 * an inconsistent mutex unlocked without pthread_mutex_consistent becomes not recoverable, and
 * its waiter is woken to find that out. `full`: a condition wait releasing a recursive mutex.
 */
export function* robustUnlock(mx: Mutex, full: boolean): Sim<number> {
  const self = THREAD_SELF();
  const check = unlockCheck(mx, self.tid, full);
  if ('done' in check) return check.done;
  const newowner = check.next;
  setPending(self, entryOf(mx));
  dequeue(mx);
  mx.owner = newowner;
  const old = uaccess.uxchg(mx.lock, 0) >>> 0;
  yield* atomic();
  if ((old & FUTEX_WAITERS) !== 0) yield sys.futex(mx.lock, FUTEX_WAKE, 1);
  setPending(self, 0);
  return 0;
}

/** pthread_mutex_consistent: a robust mutex whose owner died, held by the caller, is whole again. */
export function robustConsistent(mx: Mutex): number {
  if (!mx.robust || mx.owner !== PTHREAD_MUTEX_INCONSISTENT) return EINVAL;
  mx.owner = THREAD_SELF().tid;
  return 0;
}
