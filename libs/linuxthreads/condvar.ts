/**
 * condvar.ts — LinuxThreads condition variables: a queue of waiting threads, each woken with
 * the restart signal.
 *
 * Mirrors: glibc linuxthreads/condvar.c of the 2.3 series — pthread_cond_wait (enqueue self
 * under __c_lock, unlock the mutex, suspend, relock the mutex), pthread_cond_timedwait
 * (enqueue, unlock, timedsuspend; on a timeout try to remove self from the queue: if that
 * works it was a timeout, if not a signaller already dequeued us and its restart is on the
 * way, so suspend once more to eat it), pthread_cond_signal (dequeue one waiter under
 * __c_lock, restart it), pthread_cond_broadcast (take the whole queue, restart each), and
 * pthread_cond_destroy (EBUSY while threads wait). The queue is priority ordered (queue.h's
 * enqueue); all threads have priority 0 here, so it is FIFO.
 *
 * Every wake-up is a kill(2) by the waker and, for the sleeper, a signal delivery, a handler
 * run and a sigreturn — the cost NPTL's futexes removed.
 *
 * Both waits are cancellation points: a waiter already cancelled exits instead of queueing; a
 * queued one registers cond_extricate_func, with which pthread_cancel (cancel.ts) takes it off
 * the queue and restarts it; it then retakes the mutex (POSIX: cleanup handlers run with it
 * held) and exits.
 *
 * Simplifies: the timeout is relative (libs/api.ts), turned into glibc's absolute time on entry.
 */

import { EBUSY, EINVAL, ETIMEDOUT, uaccess, type Sim } from '../../kernel/index.js';
import { PTHREAD_CANCELED } from '../api.js';
import { threadSelf, cancelPending, type LtDescr } from './internals.js';
import { pthreadDoExit } from './join.js';
import { FastLock, pthreadLock, pthreadUnlock } from './spinlock.js';
import { suspend, timedsuspend, restart } from './restart.js';
import { LtMutex, mutexLock, mutexUnlock } from './mutex.js';

/** pthread_cond_t: __c_lock and __c_waiting. */
export class LtCond {
  readonly lock = new FastLock();
  waiting: LtDescr[] = [];
}

function valid(c: unknown, m: unknown): boolean {
  return c instanceof LtCond && m instanceof LtMutex;
}

/**
 * condvar.c (since March 2000): "Check whether the mutex is locked and owned by this thread" —
 * a recursive or error-checking mutex the caller does not own is EINVAL; the default (timed)
 * and adaptive kinds have no owner to check.
 */
function ownedOrUnchecked(m: LtMutex, self: LtDescr): boolean {
  return m.kind === 'timed' || m.kind === 'adaptive' || m.owner === self;
}

/** cond_extricate_func: pthread_cancel takes a cancelled waiter off the queue. */
function* condExtricate(c: LtCond, th: LtDescr): Sim<boolean> {
  yield* pthreadLock(c.lock, threadSelf());
  const i = c.waiting.indexOf(th); // remove_from_queue
  if (i >= 0) c.waiting.splice(i, 1);
  yield* pthreadUnlock(c.lock);
  return i >= 0;
}

/**
 * The common start of both waits: register the extrication interface and enqueue, unless a
 * cancellation is already pending — then exit at once (the cancellation point).
 */
function* enqueueOrExit(c: LtCond, self: LtDescr): Sim<void> {
  self.extricate = { obj: c, fn: condExtricate };
  yield* pthreadLock(c.lock, self);
  const already = cancelPending(self);
  if (!already) c.waiting.push(self);
  yield* pthreadUnlock(c.lock);
  if (already) {
    self.extricate = null;
    yield* pthreadDoExit(self, PTHREAD_CANCELED);
  }
}

/** After the wait: a thread woken by pthread_cancel retakes the mutex and exits. */
function* exitIfWokenByCancel(self: LtDescr, m: unknown): Sim<void> {
  self.extricate = null;
  if (self.wokenByCancel && self.cancelstate === 0) {
    self.wokenByCancel = false;
    yield* mutexLock(m);
    yield* pthreadDoExit(self, PTHREAD_CANCELED);
  }
}

/** pthread_cond_wait. */
export function* condWait(cv: unknown, m: unknown): Sim<number> {
  if (!valid(cv, m)) return EINVAL;
  const c = cv as LtCond;
  const self = threadSelf();
  if (!ownedOrUnchecked(m as LtMutex, self)) return EINVAL;
  yield* enqueueOrExit(c, self);
  yield* mutexUnlock(m);
  self.waitOn = c; // for the debugging view (thread_db.ts)
  yield* suspend(self);
  self.waitOn = null;
  yield* exitIfWokenByCancel(self, m);
  yield* mutexLock(m);
  return 0;
}

/** pthread_cond_timedwait (pthread_cond_timedwait_relative of 2.3, on timedsuspend). */
export function* condTimedwait(cv: unknown, m: unknown, timeoutNs: number): Sim<number> {
  if (!valid(cv, m) || !(timeoutNs >= 0)) return EINVAL;
  const c = cv as LtCond;
  const self = threadSelf();
  if (!ownedOrUnchecked(m as LtMutex, self)) return EINVAL;
  const abstime = uaccess.vdsoNow() + timeoutNs;
  yield* enqueueOrExit(c, self);
  yield* mutexUnlock(m);
  self.waitOn = c;
  const restarted = yield* timedsuspend(self, abstime);
  self.waitOn = null;
  if (!restarted) {
    yield* pthreadLock(c.lock, self);
    const i = c.waiting.indexOf(self); // remove_from_queue
    if (i >= 0) c.waiting.splice(i, 1);
    yield* pthreadUnlock(c.lock);
    if (i >= 0) {
      self.extricate = null;
      yield* mutexLock(m);
      return ETIMEDOUT;
    }
    yield* suspend(self); // eat the outstanding restart() from the signaller
  }
  yield* exitIfWokenByCancel(self, m);
  yield* mutexLock(m);
  return 0;
}

/** pthread_cond_signal. */
export function* condSignal(cv: unknown): Sim<number> {
  if (!(cv instanceof LtCond)) return EINVAL;
  const self = threadSelf();
  yield* pthreadLock(cv.lock, self);
  const th = cv.waiting.shift();
  yield* pthreadUnlock(cv.lock);
  if (th !== undefined) yield restart(th);
  return 0;
}

/** pthread_cond_broadcast. */
export function* condBroadcast(cv: unknown): Sim<number> {
  if (!(cv instanceof LtCond)) return EINVAL;
  const self = threadSelf();
  yield* pthreadLock(cv.lock, self);
  const tosignal = cv.waiting;
  cv.waiting = [];
  yield* pthreadUnlock(cv.lock);
  for (const th of tosignal) yield restart(th);
  return 0;
}

/** pthread_cond_destroy. */
export function condDestroy(cv: unknown): number {
  if (!(cv instanceof LtCond)) return EINVAL;
  return cv.waiting.length > 0 ? EBUSY : 0;
}
