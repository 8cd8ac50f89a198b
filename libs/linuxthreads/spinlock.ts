/**
 * spinlock.ts — LinuxThreads' internal "fastlocks": a status word, a list of waiting
 * threads, and suspend/restart for the waiting.
 *
 * Mirrors: glibc linuxthreads/spinlock.c of the 2.3 series —
 *  - __pthread_lock: one compare-and-swap on a free lock; on an SMP kernel spin up to
 *    min(2 × the lock's adaptive average + 10, MAX_ADAPTIVE_SPIN_COUNT) iterations watching
 *    the lock, then push the thread on the waiter list and suspend. The unlocker does not
 *    hand the lock over: the woken thread competes for it again. Restarts that arrive while
 *    the thread is no longer on the list belong to someone else (a condition variable's
 *    timed wait) and are counted, then put back with restart(self) once the lock is taken.
 *  - __pthread_unlock: remove the oldest of the highest-priority waiters, clear the lock,
 *    restart the waiter.
 *  - __pthread_alt_lock / __pthread_alt_unlock / __pthread_alt_timedlock: the "alternate" lock
 *    of error-checking and timed mutexes — no spinning, and the unlocker hands the lock directly to the waiter it wakes
 *    (the status stays taken), skipping wait nodes abandoned by timed waits.
 *  - __pthread_trylock / __pthread_alt_trylock: one compare-and-swap.
 *
 * The compare-and-swap itself is a plain JavaScript test between two yields (atomic here, as
 * lock cmpxchg is on the CPU); each one charges the cost model's atomicOp, each spin
 * iteration its spinIteration, through compute(). Every thread has priority 0 here, so the
 * highest-priority waiter is simply the oldest.
 */

import { sys, uaccess, type Sim } from '../../kernel/index.js';
import { MAX_ADAPTIVE_SPIN_COUNT, FastLock, type LtDescr } from './internals.js';
import { suspend, timedsuspend, restart, atomicOp } from './restart.js';

export { FastLock };

/** __pthread_lock(lock, self). */
export function* pthreadLock(lock: FastLock, self: LtDescr): Sim<void> {
  yield atomicOp();
  if (!lockTake(lock)) yield* pthreadLockContended(lock, self);
}

/**
 * The hot paths (create, join, exit, the manager's reaping and freeing) take and release the
 * fastlocks inline, with no generator per lock or unlock — the same requests in the same order:
 *   yield atomicOp(); if (!lockTake(l)) yield* pthreadLockContended(l, self);   // __pthread_lock
 *   yield atomicOp(); const w = unlockRelease(l); if (w) yield restart(w);       // __pthread_unlock
 */

/** __pthread_lock's first compare-and-swap, after its atomicOp(): true if it took the lock. */
export function lockTake(lock: FastLock): boolean {
  if (lock.taken) return false;
  lock.taken = true;
  return true;
}

/** __pthread_unlock after its atomicOp(): clear the lock; the oldest waiter to restart, if any. */
export function unlockRelease(lock: FastLock): LtDescr | undefined {
  lock.taken = false;
  const thr = lock.waiters.shift();
  if (thr !== undefined) thr.lockQueued = null;
  return thr;
}

/** The rest of __pthread_lock: the first compare-and-swap found the lock taken. */
export function* pthreadLockContended(lock: FastLock, self: LtDescr): Sim<void> {
  if (uaccess.nprocs() > 1 && (yield* adaptiveSpin(lock))) return;
  let spurious = 0;
  for (;;) {
    yield atomicOp();
    if (!lock.taken) { lock.taken = true; break; }
    lock.waiters.push(self);
    self.lockQueued = lock;
    for (;;) {
      yield* suspend(self);
      if (self.lockQueued === null) break;
      spurious++; // a restart that was not ours: count it, keep waiting
    }
  }
  while (spurious-- > 0) yield restart(self);
}

/** The SMP spin of __pthread_lock; true if it took the lock. */
function* adaptiveSpin(lock: FastLock): Sim<boolean> {
  const c = uaccess.costs();
  const max = Math.min(lock.spin * 2 + 10, MAX_ADAPTIVE_SPIN_COUNT);
  let n = 0;
  for (; n < max; n++) {
    if (!lock.taken) {
      yield sys.compute(c.atomicOp);
      if (!lock.taken) {
        lock.taken = true;
        if (n > 0) lock.spin += Math.trunc((n - lock.spin) / 8);
        return true;
      }
    }
    yield sys.compute(c.spinIteration);
  }
  lock.spin += Math.trunc((n - lock.spin) / 8);
  return false;
}

/** __pthread_trylock: 0 or EBUSY (16). */
export function* pthreadTrylock(lock: FastLock): Sim<number> {
  yield atomicOp();
  if (lock.taken) return 16;
  lock.taken = true;
  return 0;
}

/** __pthread_unlock(lock). */
export function* pthreadUnlock(lock: FastLock): Sim<void> {
  yield atomicOp();
  const thr = unlockRelease(lock);
  if (thr !== undefined) yield restart(thr);
}

/** __pthread_alt_lock(lock, self): on return the caller owns the lock. */
export function* pthreadAltLock(lock: FastLock, self: LtDescr): Sim<void> {
  yield atomicOp();
  if (!lock.taken) { lock.taken = true; return; }
  lock.nodes.push({ thr: self, abandoned: false });
  yield* suspend(self);
}

/**
 * __pthread_alt_timedlock(lock, self, abstime): true with the lock, false on timeout. A waiter
 * whose time runs out races the unlocker for its wait node with a test-and-set: if it sets the
 * node's abandoned flag first it leaves (the unlocker skips the node); if the unlocker set it,
 * the lock was handed over and its restart is on the way — eaten with suspend().
 */
export function* pthreadAltTimedlock(lock: FastLock, self: LtDescr, abstime: number): Sim<boolean> {
  yield atomicOp();
  if (!lock.taken) { lock.taken = true; return true; }
  const node = { thr: self, abandoned: false };
  lock.nodes.push(node);
  if (yield* timedsuspend(self, abstime)) return true;
  const handed = node.abandoned; // testandset(&p_wait_node->abandoned)
  node.abandoned = true;
  yield atomicOp();
  if (!handed) return false;
  yield* suspend(self);
  return true;
}

/** __pthread_alt_unlock(lock): hand the lock to the oldest waiter that did not give up. */
export function* pthreadAltUnlock(lock: FastLock): Sim<void> {
  yield atomicOp();
  for (;;) {
    const node = lock.nodes.shift();
    if (node === undefined) { lock.taken = false; return; }
    if (node.abandoned) continue;
    node.abandoned = true; // testandset(&p_max_prio->abandoned)
    yield restart(node.thr);
    return;
  }
}

/** True if the lock is taken or has waiters (pthread_mutex_destroy's EBUSY test). */
export function lockBusy(lock: FastLock): boolean {
  return lock.taken || lock.waiters.length > 0 || lock.nodes.length > 0;
}
