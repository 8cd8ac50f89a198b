/**
 * lowlevellock.ts — the futex lock every NPTL object is built on.
 *
 * Mirrors: glibc nptl/lowlevellock.h and sysdeps/nptl/lowlevellock.h (lll_lock, lll_trylock,
 * lll_cond_lock, lll_timedlock, lll_unlock, lll_wait_tid), which implement the third mutex of Ulrich
 * Drepper's "Futexes Are Tricky" (2004): the word is 0 when free, 1 when locked with no
 * waiters, 2 when locked and someone may be sleeping in the kernel.
 *
 *   lock:    c = cmpxchg(word, 0, 1); if c == 0: done (no system call)
 *            if c != 2: c = xchg(word, 2)
 *            while c != 0: futex_wait(word, 2); c = xchg(word, 2)
 *   unlock:  if xchg(word, 0) == 2: futex_wake(word, 1)
 *
 * The uncontended lock and unlock are one locked instruction each and make no system call;
 * their time is charged as user CPU (the cost model's atomicOp) with compute(). The
 * contended path sleeps in FUTEX_WAIT, which returns at once (EAGAIN) if the word changed
 * between the xchg and the sleep (rule 19), so no wake-up is lost.
 */

import { sys, uaccess, FUTEX_WAIT, FUTEX_WAKE, FUTEX_PRIVATE_FLAG, EINVAL, ETIMEDOUT, type Sim } from '../../kernel/index.js';

export const FUTEX_WAIT_PRIVATE = FUTEX_WAIT | FUTEX_PRIVATE_FLAG;
export const FUTEX_WAKE_PRIVATE = FUTEX_WAKE | FUTEX_PRIVATE_FLAG;

/**
 * A new lock word (LLL_LOCK_INITIALIZER): one zeroed word of user memory — of shared memory for
 * a process-shared object (the kernel's pshared arena: kernel/shmem.ts).
 */
export function lllInit(pshared = false): number {
  return pshared ? uaccess.upsharedAlloc(1) : uaccess.umalloc(1);
}

/**
 * The `private` argument of glibc's lll_* macros: FUTEX_PRIVATE_FLAG (LLL_PRIVATE), or 0 for a
 * process-shared object (LLL_SHARED), whose futexes the kernel keys on the shared memory.
 */
export function lllPrivate(pshared: boolean): number {
  return pshared ? 0 : FUTEX_PRIVATE_FLAG;
}

/** The user CPU time of n locked instructions (the cost model's atomicOp). */
export function atomicNs(n: number): number {
  return uaccess.costs().atomicOp * n;
}

/**
 * Charge n atomic instructions of user time (skipped when the model makes them free). Hot
 * paths inline this as `if ((ns = atomicNs(n)) > 0) yield sys.compute(ns)` to save a frame.
 */
export function* atomic(n: number): Sim<void> {
  const ns = atomicNs(n);
  if (ns > 0) yield sys.compute(ns);
}

/** lll_lock (priv: lllPrivate's flag). */
export function* lllLock(addr: number, priv = FUTEX_PRIVATE_FLAG): Sim<void> {
  const c = uaccess.ucmpxchg(addr, 0, 1);
  const ns = atomicNs(1);
  if (ns > 0) yield sys.compute(ns);
  if (c !== 0) yield* lllLockWait(addr, c, priv);
}

/** __lll_lock_wait: the contended half (mark the word 2, sleep until it is free). */
export function* lllLockWait(addr: number, c: number, priv: number): Sim<void> {
  if (c !== 2) {
    c = uaccess.uxchg(addr, 2);
    yield* atomic(1);
  }
  while (c !== 0) {
    yield sys.futex(addr, FUTEX_WAIT | priv, 2);
    c = uaccess.uxchg(addr, 2);
    yield* atomic(1);
  }
}

/**
 * lll_cond_lock: take the lock as if contended (word 2). A thread woken from a condition
 * variable uses it, because others may have been requeued onto this word behind it.
 */
export function* lllCondLock(addr: number, priv = FUTEX_PRIVATE_FLAG): Sim<void> {
  const c = uaccess.uxchg(addr, 2);
  yield* atomic(1);
  if (c !== 0) yield* lllLockWait(addr, 2, priv);
}

/**
 * lll_timedlock: 0 once the lock is taken, ETIMEDOUT when the virtual time `deadline` passes
 * first, EINVAL for an invalid time (NaN) found only when it has to wait.
 */
export function* lllTimedlock(addr: number, deadline: number, priv = FUTEX_PRIVATE_FLAG): Sim<number> {
  const c = uaccess.ucmpxchg(addr, 0, 1);
  yield* atomic(1);
  return c === 0 ? 0 : yield* lllTimedlockWait(addr, deadline, priv);
}

/**
 * __lll_timedlock_wait (nptl/sysdeps/unix/sysv/linux/lowlevellock.c, 2003): reject an invalid
 * time; then until the word goes from 0 to 2 — the time left from gettimeofday, ETIMEDOUT if
 * none, mark the word contended and sleep in FUTEX_WAIT for at most the time left.
 */
function* lllTimedlockWait(addr: number, deadline: number, priv: number): Sim<number> {
  if (Number.isNaN(deadline)) return EINVAL;
  for (;;) {
    const rel = deadline - uaccess.vdsoNow();
    if (rel <= 0) return ETIMEDOUT;
    const old = uaccess.ucmpxchg(addr, 1, 2);
    yield* atomic(1);
    if (old !== 0) yield sys.futex(addr, FUTEX_WAIT | priv, 2, rel);
    const taken = uaccess.ucmpxchg(addr, 0, 2) === 0;
    yield* atomic(1);
    if (taken) return 0;
  }
}

/** lll_trylock: true if the lock was taken. */
export function* lllTrylock(addr: number): Sim<boolean> {
  const c = uaccess.ucmpxchg(addr, 0, 1);
  yield* atomic(1);
  return c === 0;
}

/** lll_unlock: release; wake one sleeper if the word said there might be one. */
export function* lllUnlock(addr: number, priv = FUTEX_PRIVATE_FLAG): Sim<void> {
  const old = uaccess.uxchg(addr, 0);
  const ns = atomicNs(1);
  if (ns > 0) yield sys.compute(ns);
  if (old > 1) yield sys.futex(addr, FUTEX_WAKE | priv, 1);
}

/**
 * lll_wait_tid: sleep until the kernel clears a thread's tid word (CLONE_CHILD_CLEARTID
 * writes 0 and wakes one waiter: rule 27). Shared futex ops, as the kernel's wake is one.
 */
export function* lllWaitTid(tidAddr: number): Sim<void> {
  let tid = uaccess.uload(tidAddr);
  while (tid !== 0) {
    yield sys.futex(tidAddr, FUTEX_WAIT, tid);
    tid = uaccess.uload(tidAddr);
  }
}
