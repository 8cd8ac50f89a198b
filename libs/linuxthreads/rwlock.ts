/**
 * rwlock.ts — LinuxThreads reader-writer locks: a fastlock over a reader count, a writer, and
 * two queues of suspended threads woken with the restart signal.
 *
 * Mirrors: glibc linuxthreads/rwlock.c of the 2.3 series —
 *  - __rw_lock (a fastlock, spinlock.ts), __rw_readers, __rw_writer (the holder's descriptor),
 *    __rw_read_waiting and __rw_write_waiting (queue.h queues: priority order, FIFO here since
 *    every thread has priority 0), __rw_kind, __rw_pshared;
 *  - rwlock_can_rdlock: no writer, and the lock prefers readers (PTHREAD_RWLOCK_PREFER_READER_NP,
 *    the default), or no writer waits, or the thread already holds a read lock;
 *  - rwlock_have_already: only for PTHREAD_RWLOCK_PREFER_WRITER_NP, the thread's list of read
 *    locks it holds (p_readlock_list, with the count per lock), so a reader that already holds
 *    the lock is let in past waiting writers instead of deadlocking behind them (Unix 98's
 *    recursive read locks); locks it could not track (p_untracked_readlock_count) count as held;
 *  - rdlock/wrlock: lock __rw_lock; if the lock can be had, take it; else enqueue self, unlock,
 *    suspend (not a cancellation point) and try again from the start;
 *  - timedrdlock/timedwrlock: the same with timedsuspend, an extrication interface registered
 *    for pthread_cancel, and on a timeout remove_from_queue: still queued means ETIMEDOUT;
 *    already dequeued means an unlocker's restart is on its way, so suspend once to eat it;
 *  - tryrdlock: rwlock_can_rdlock(…, 0) — writers waiting make it EBUSY even for a thread that
 *    already holds a read lock (the Single Unix Spec's requirement); trywrlock;
 *  - unlock: a write unlock by anyone but the writer, or a read unlock with no readers, is
 *    EPERM; a writer leaving restarts every waiting reader (readers preferred and some waiting,
 *    or no writer waiting) or else one writer; the last reader leaving restarts one writer;
 *  - destroy: EBUSY while readers or a writer hold it.
 * No EDEADLK: the writer asking for the lock again (read or write) suspends for ever, as in C.
 *
 * Every wake-up is a kill(2) of the restart signal, every wait a sigsuspend (restart.ts).
 *
 * Simplifies: the per-thread read-lock list is a map kept here (one per descriptor) rather than
 * fields of the descriptor, and never runs out of memory (so nothing is untracked); the
 * timeout is relative (libs/api.ts), made absolute on entry.
 */

import { EBUSY, EINVAL, EPERM, ETIMEDOUT, uaccess, type Sim } from '../../kernel/index.js';
import {
  PTHREAD_RWLOCK_PREFER_READER_NP, PTHREAD_RWLOCK_PREFER_WRITER_NP,
  type pthread_rwlock_t, type pthread_rwlockattr_t,
} from '../api.js';
import { rwlockattrOf } from '../common/rwlockattr.js';
import { threadSelf, type LtDescr } from './internals.js';
import { FastLock, pthreadLock, pthreadUnlock } from './spinlock.js';
import { suspend, timedsuspend, restart } from './restart.js';
import type { DebugNames } from '../thread_db.js';

/** pthread_rwlock_t. */
export class LtRwlock {
  readonly lock = new FastLock();
  readers = 0;
  writer: LtDescr | null = null;
  readWaiting: LtDescr[] = [];
  writeWaiting: LtDescr[] = [];
  constructor(readonly kind: number, readonly pshared: number) {}
}

/** p_readlock_list: per thread, the PREFER_WRITER_NP locks it holds for reading, with counts. */
const readlockLists = new WeakMap<LtDescr, Map<LtRwlock, number>>();

function readlockList(self: LtDescr): Map<LtRwlock, number> {
  let l = readlockLists.get(self);
  if (l === undefined) readlockLists.set(self, (l = new Map()));
  return l;
}

export function rwlockInit(attr: pthread_rwlockattr_t | null | undefined, names: DebugNames): LtRwlock {
  const a = rwlockattrOf(attr);
  if (a === null) throw new TypeError('pthread_rwlock_init: not a pthread_rwlockattr_t');
  const rw = new LtRwlock(a.lockkind, a.pshared);
  names.add(rw, 'rwlock');
  return rw;
}

function asRwlock(rw: pthread_rwlock_t): LtRwlock | null {
  return (rw as unknown) instanceof LtRwlock ? (rw as unknown as LtRwlock) : null;
}

/** rwlock_can_rdlock. */
function canRdlock(rw: LtRwlock, haveLockAlready: boolean): boolean {
  if (rw.writer !== null) return false;
  if (rw.kind === PTHREAD_RWLOCK_PREFER_READER_NP) return true;
  if (rw.writeWaiting.length === 0) return true;
  return haveLockAlready;
}

/** rwlock_have_already: whether the thread holds it already (PREFER_WRITER_NP only). */
function haveAlready(rw: LtRwlock, self: LtDescr): boolean {
  return rw.kind === PTHREAD_RWLOCK_PREFER_WRITER_NP && (readlockLists.get(self)?.has(rw) ?? false);
}

/** After a read lock is taken: count it in the thread's list (PREFER_WRITER_NP only). */
function trackReadlock(rw: LtRwlock, self: LtDescr): void {
  if (rw.kind !== PTHREAD_RWLOCK_PREFER_WRITER_NP) return;
  const l = readlockList(self);
  l.set(rw, (l.get(rw) ?? 0) + 1);
}

/** remove_from_queue. */
function removeFromQueue(q: LtDescr[], th: LtDescr): boolean {
  const i = q.indexOf(th);
  if (i >= 0) q.splice(i, 1);
  return i >= 0;
}

/** rwlock_rd_extricate_func / rwlock_wr_extricate_func. */
function* extricateRd(rw: LtRwlock, th: LtDescr): Sim<boolean> {
  yield* pthreadLock(rw.lock, threadSelf());
  const did = removeFromQueue(rw.readWaiting, th);
  yield* pthreadUnlock(rw.lock);
  return did;
}
function* extricateWr(rw: LtRwlock, th: LtDescr): Sim<boolean> {
  yield* pthreadLock(rw.lock, threadSelf());
  const did = removeFromQueue(rw.writeWaiting, th);
  yield* pthreadUnlock(rw.lock);
  return did;
}

/**
 * Wait on `queue` (the caller holds rw.lock, and it is released): suspend, or timedsuspend until
 * `abstime`. False on a timeout while still queued (ETIMEDOUT); true to try again.
 */
function* queueAndSuspend(rw: LtRwlock, queue: LtDescr[], self: LtDescr, abstime: number | null): Sim<boolean> {
  queue.push(self);
  yield* pthreadUnlock(rw.lock);
  self.waitOn = rw;
  if (abstime === null) { yield* suspend(self); self.waitOn = null; return true; }
  const restarted = yield* timedsuspend(self, abstime);
  self.waitOn = null;
  if (restarted) return true;
  yield* pthreadLock(rw.lock, self);
  const wasOnQueue = removeFromQueue(queue, self);
  yield* pthreadUnlock(rw.lock);
  if (wasOnQueue) return false;
  yield* suspend(self); // eat the outstanding restart() from the signaller
  return true;
}

/** __pthread_rwlock_rdlock / __pthread_rwlock_timedrdlock (timeoutNs null: no deadline). */
export function* rwlockRdlock(rwh: pthread_rwlock_t, timeoutNs: number | null): Sim<number> {
  const rw = asRwlock(rwh);
  if (rw === null) return EINVAL;
  if (timeoutNs !== null && !(timeoutNs >= 0)) return EINVAL;
  const abstime = timeoutNs === null ? null : uaccess.vdsoNow() + timeoutNs;
  const self = threadSelf();
  const have = haveAlready(rw, self);
  if (abstime !== null) self.extricate = { obj: rw, fn: extricateRd };
  for (;;) {
    yield* pthreadLock(rw.lock, self);
    if (canRdlock(rw, have)) break;
    if (!(yield* queueAndSuspend(rw, rw.readWaiting, self, abstime))) { self.extricate = null; return ETIMEDOUT; }
  }
  if (abstime !== null) self.extricate = null;
  rw.readers++;
  yield* pthreadUnlock(rw.lock);
  trackReadlock(rw, self);
  return 0;
}

/** __pthread_rwlock_tryrdlock: writers waiting make it EBUSY even for a thread holding it. */
export function* rwlockTryrdlock(rwh: pthread_rwlock_t): Sim<number> {
  const rw = asRwlock(rwh);
  if (rw === null) return EINVAL;
  const self = threadSelf();
  yield* pthreadLock(rw.lock, self);
  const ok = canRdlock(rw, false);
  if (ok) rw.readers++;
  yield* pthreadUnlock(rw.lock);
  if (!ok) return EBUSY;
  trackReadlock(rw, self);
  return 0;
}

/** __pthread_rwlock_wrlock / __pthread_rwlock_timedwrlock. */
export function* rwlockWrlock(rwh: pthread_rwlock_t, timeoutNs: number | null): Sim<number> {
  const rw = asRwlock(rwh);
  if (rw === null) return EINVAL;
  if (timeoutNs !== null && !(timeoutNs >= 0)) return EINVAL;
  const abstime = timeoutNs === null ? null : uaccess.vdsoNow() + timeoutNs;
  const self = threadSelf();
  if (abstime !== null) self.extricate = { obj: rw, fn: extricateWr };
  for (;;) {
    yield* pthreadLock(rw.lock, self);
    if (rw.readers === 0 && rw.writer === null) break;
    if (!(yield* queueAndSuspend(rw, rw.writeWaiting, self, abstime))) { self.extricate = null; return ETIMEDOUT; }
  }
  rw.writer = self;
  if (abstime !== null) self.extricate = null;
  yield* pthreadUnlock(rw.lock);
  return 0;
}

/** __pthread_rwlock_trywrlock. */
export function* rwlockTrywrlock(rwh: pthread_rwlock_t): Sim<number> {
  const rw = asRwlock(rwh);
  if (rw === null) return EINVAL;
  const self = threadSelf();
  yield* pthreadLock(rw.lock, self);
  const ok = rw.readers === 0 && rw.writer === null;
  if (ok) rw.writer = self;
  yield* pthreadUnlock(rw.lock);
  return ok ? 0 : EBUSY;
}

/** __pthread_rwlock_unlock. */
export function* rwlockUnlock(rwh: pthread_rwlock_t): Sim<number> {
  const rw = asRwlock(rwh);
  if (rw === null) return EINVAL;
  const self = threadSelf();
  yield* pthreadLock(rw.lock, self);
  if (rw.writer !== null) {
    if (rw.writer !== self) { yield* pthreadUnlock(rw.lock); return EPERM; }
    rw.writer = null;
    const th = rw.kind === PTHREAD_RWLOCK_PREFER_READER_NP && rw.readWaiting.length > 0
      ? undefined : rw.writeWaiting.shift();
    if (th === undefined) {
      const torestart = rw.readWaiting; // restart all waiting readers
      rw.readWaiting = [];
      yield* pthreadUnlock(rw.lock);
      for (const r of torestart) yield restart(r);
    } else {
      yield* pthreadUnlock(rw.lock);
      yield restart(th); // restart one waiting writer
    }
    return 0;
  }
  if (rw.readers === 0) { yield* pthreadUnlock(rw.lock); return EPERM; }
  const th = --rw.readers === 0 ? rw.writeWaiting.shift() : undefined;
  yield* pthreadUnlock(rw.lock);
  if (th !== undefined) yield restart(th);
  if (rw.kind === PTHREAD_RWLOCK_PREFER_WRITER_NP) untrackReadlock(rw, self);
  return 0;
}

/** rwlock_remove_from_list: one read lock fewer in the thread's list. */
function untrackReadlock(rw: LtRwlock, self: LtDescr): void {
  const l = readlockLists.get(self);
  const n = l?.get(rw);
  if (l === undefined || n === undefined) return;
  if (n <= 1) l.delete(rw);
  else l.set(rw, n - 1);
}

/** __pthread_rwlock_destroy: EBUSY while held. */
export function* rwlockDestroy(rwh: pthread_rwlock_t): Sim<number> {
  const rw = asRwlock(rwh);
  if (rw === null) return EINVAL;
  const self = threadSelf();
  yield* pthreadLock(rw.lock, self);
  const busy = rw.readers > 0 || rw.writer !== null;
  yield* pthreadUnlock(rw.lock);
  return busy ? EBUSY : 0;
}
