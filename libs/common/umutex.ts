/**
 * umutex.ts — mutexes and condition variables at user level, for NGPT and the green library.
 *
 * Mirrors: GNU Pth's pth_sync.c (pth_mutex_acquire/release, pth_cond_await/notify) as NGPT
 * 2.2.1 inherited it: a mutex is a word and a queue kept in user memory; a thread that finds
 * it locked waits in the scheduler (PTH_EVENT_MUTEX), and releasing it readies a waiter — no
 * system call unless the waiter's native is asleep and must be woken (the only kernel help
 * user-level synchronisation needs). Here the waiter queue is explicit and the lock is handed
 * to the first waiter (FIFO, no barging), where Pth re-checks the event in its event manager.
 *
 * Costs: each lock, unlock, signal or broadcast charges one atomicOp (the lock-prefixed
 * instruction on the word); a blocked lock costs a user-level switch (charged at dispatch).
 *
 * Signal handlers: a handler runs on the native's kernel stack, outside its thread's context, so it
 * cannot park; a handler that finds a mutex locked spins with sched_yield (as unsafe as
 * calling pthread_mutex_lock from a handler is in C) — unless the owner is the very thread the
 * handler interrupted, which cannot run again before the handler returns: then the lock fails
 * with EDEADLK, as NGPT's pth_mutex_acquire answers a relock by the current thread. That is
 * what lets NGPT's sem_post (a mutex and a condition variable, semaphore.c) be called from a
 * handler that interrupted sem_post: the inner lock fails, is ignored, and the post counts.
 * A thread waiting here is woken to run a handler (usignal.ts signalWake, WAIT_SIGNAL): a
 * mutex wait then goes on, as pth_mutex_acquire's loop does; a condition wait returns 0 after
 * relocking — a spurious wake-up, as pth_cond_await returns when pth_wait ended without the
 * condition's event.
 */

import { sys, uaccess, type Sim, type Req, EINVAL, EBUSY, EDEADLK, EPERM, ETIMEDOUT, ENOSYS } from '../../kernel/index.js';
import type { MutexType, pthread_mutex_t, pthread_cond_t } from '../api.js';
import { UThread, WaitList, M_PARK, US_WAITING, WAIT_SIGNAL, computeReq } from './uctx.js';
import { selfNative, readyThread, waitUntil, TIMED_OUT, type Native } from './usched.js';
import { cancelPoint } from './uthread.js';

export class UMutex {
  owner: UThread | null = null;
  count = 0;
  readonly waiters = new WaitList();
  constructor(readonly type: MutexType) {}
}

export class UCond {
  readonly waiters = new WaitList();
}

/** PTHREAD_MUTEX_ADAPTIVE_NP is a normal mutex here (Pth's mutexes never spin). */
export function mutexInit(attr?: { type?: MutexType }): UMutex {
  const type = attr?.type ?? 'normal';
  return new UMutex(type === 'adaptive' ? 'normal' : type);
}

/** The lock-prefixed instruction on the lock word, charged as CPU time. */
function atomicReq(): Req {
  return computeReq(uaccess.costs().atomicOp);
}

/** The thread owns the mutex now: on its ring (pth_mutex_acquire's pth_ring_append). */
function own(mu: UMutex, t: UThread): void {
  mu.owner = t;
  mu.count = 1;
  (t.held ??= []).push(mu);
}

/** Off its owner's ring (pth_mutex_release's pth_ring_delete); usually the newest one. */
function disown(mu: UMutex): void {
  const h = mu.owner?.held;
  if (!h) return;
  const i = h.lastIndexOf(mu);
  if (i === h.length - 1) h.pop();
  else if (i >= 0) h.splice(i, 1);
}

/**
 * pth_mutex_releaseall (pth_thread_cleanup, run by pth_exit after the cleanup handlers): a
 * thread that ends releases every mutex it still holds, recursive ones all the way — where
 * POSIX says thread termination releases no mutex (the next waiter gets it, or it is free).
 */
export function releaseAll(t: UThread): void {
  const h = t.held;
  if (h === null) return;
  while (h.length > 0) {
    const mu = h[h.length - 1] as UMutex;
    if (mu.owner !== t) { h.pop(); continue; }
    releaseMutex(mu);
  }
}

/** pthread_mutex_lock: take it, or queue and park until an unlock hands it over. */
export function* mutexLock(m: pthread_mutex_t): Sim<number> {
  const mu = m as unknown as UMutex;
  if (!(mu instanceof UMutex)) return EINVAL;
  yield atomicReq();
  const n = selfNative();
  const self = n.current ?? n.sched;
  if (mu.owner === null) { own(mu, self); return 0; }
  if (mu.owner === self) {
    if (mu.type === 'recursive') { mu.count++; return 0; }
    if (mu.type === 'errorcheck') return EDEADLK;
  }
  if (!n.inUlt) {
    // A signal handler whose interrupted thread holds the mutex: NGPT's pth_mutex_acquire
    // answers EDEADLK ("already locked by caller"), where waiting would never end.
    if (mu.owner === self) return EDEADLK;
    return yield* spinLock(mu, self);
  }
  for (;;) {
    mu.waiters.push(self);
    self.state = US_WAITING;
    self.waitOn = mu;
    if ((yield M_PARK) !== WAIT_SIGNAL) return 0; // the unlocker made us the owner
    // Woken to run a signal's handler (pth_mutex_acquire: pth_wait returned, look again).
    yield atomicReq();
    if (mu.owner === null) { own(mu, self); return 0; }
  }
}

/** A signal handler (no user thread to park) waits for the mutex by yielding the native. */
function* spinLock(mu: UMutex, self: UThread): Sim<number> {
  while (mu.owner !== null) yield sys.sched_yield();
  own(mu, self);
  return 0;
}

export function* mutexTrylock(m: pthread_mutex_t): Sim<number> {
  const mu = m as unknown as UMutex;
  if (!(mu instanceof UMutex)) return EINVAL;
  yield atomicReq();
  const n = selfNative();
  const self = n.current ?? n.sched;
  if (mu.owner === null) { own(mu, self); return 0; }
  if (mu.owner === self && mu.type === 'recursive') { mu.count++; return 0; }
  return EBUSY;
}

/**
 * pthread_mutex_timedlock: NGPT 2.2.1 comments it out of libpthread.Versions (never exported)
 * and GNU Pth's pthread.c has none, so the call is ENOSYS (EINVAL for what is not a mutex).
 */
export function* mutexTimedlock(m: pthread_mutex_t): Sim<number> {
  return m instanceof UMutex ? ENOSYS : EINVAL;
}

/** pthread_mutex_unlock: hand the lock to the first waiter, or free it. */
export function* mutexUnlock(m: pthread_mutex_t): Sim<number> {
  const mu = m as unknown as UMutex;
  if (!(mu instanceof UMutex)) return EINVAL;
  const n = selfNative();
  const self = n.current ?? n.sched;
  if (mu.owner !== self && mu.type !== 'normal') return EPERM;
  if (mu.type === 'recursive' && --mu.count > 0) { yield atomicReq(); return 0; }
  releaseMutex(mu);
  yield atomicReq();
  return 0;
}

/** The synchronous half of unlock: ownership passes to the first waiter (readied). */
export function releaseMutex(mu: UMutex): void {
  disown(mu);
  const w = mu.waiters.shift();
  if (w === null) { mu.owner = null; mu.count = 0; return; }
  own(mu, w);
  readyThread(w, 0);
}

export function* mutexDestroy(m: pthread_mutex_t): Sim<number> {
  const mu = m as unknown as UMutex;
  if (!(mu instanceof UMutex)) return EINVAL;
  return mu.owner !== null || mu.waiters.length > 0 ? EBUSY : 0;
}

/**
 * pthread_cond_wait / timedwait: release the mutex, queue on the condition (and on the
 * native's timer heap for a timed wait), park; then take the mutex again. The release, the
 * queueing and the park happen with no yield in between, so no signal can be lost.
 */
export function* condWait(c: pthread_cond_t, m: pthread_mutex_t, timeoutNs: number): Sim<number> {
  const cv = c as unknown as UCond;
  const mu = m as unknown as UMutex;
  if (!(cv instanceof UCond) || !(mu instanceof UMutex)) return EINVAL;
  if (timeoutNs !== -1 && !(typeof timeoutNs === 'number' && timeoutNs >= 0)) return EINVAL;
  yield atomicReq();
  const n: Native = selfNative();
  const self = n.current ?? n.sched;
  if (self.cancelreq) yield* cancelPoint(); // a cancellation point (with the mutex held)
  const mine = mu.owner === self;
  if (!mine && n.proc.hooks.condChecksOwner) return EINVAL; // NGPT pthread.c: pth_cond_await failed
  if (!n.inUlt) return yield* handlerCondWait(mu, m);
  if (mine) releaseMutex(mu); // pth_mutex_release: EPERM (ignored) for another's mutex
  cv.waiters.push(self);
  self.state = US_WAITING;
  self.waitOn = cv;
  if (timeoutNs >= 0) waitUntil(self, uaccess.vdsoNow() + timeoutNs, false);
  const r = yield M_PARK;
  yield* mutexLock(m);
  if (self.cancelreq) yield* cancelPoint(); // pth_cond_await: after the mutex is retaken
  return r === TIMED_OUT ? ETIMEDOUT : 0;
}

/** In a signal handler: unlock, let others run once, relock (a permitted spurious wake-up). */
function* handlerCondWait(mu: UMutex, m: pthread_mutex_t): Sim<number> {
  if (mu.owner === selfNative().current) releaseMutex(mu);
  yield sys.sched_yield();
  return yield* mutexLock(m);
}

/** pthread_cond_signal: ready the first waiter (cancelling its timer). */
export function* condSignal(c: pthread_cond_t): Sim<number> {
  const cv = c as unknown as UCond;
  if (!(cv instanceof UCond)) return EINVAL;
  wakeWaiter(cv.waiters.shift());
  yield atomicReq();
  return 0;
}

export function* condBroadcast(c: pthread_cond_t): Sim<number> {
  const cv = c as unknown as UCond;
  if (!(cv instanceof UCond)) return EINVAL;
  for (let w = cv.waiters.shift(); w !== null; w = cv.waiters.shift()) wakeWaiter(w);
  yield atomicReq();
  return 0;
}

function wakeWaiter(w: UThread | null): void {
  if (w === null) return;
  (w.home as Native).timers.remove(w);
  readyThread(w, 0);
}

export function* condDestroy(c: pthread_cond_t): Sim<number> {
  const cv = c as unknown as UCond;
  if (!(cv instanceof UCond)) return EINVAL;
  return cv.waiters.length > 0 ? EBUSY : 0;
}
