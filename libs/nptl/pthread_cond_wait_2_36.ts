/**
 * pthread_cond_wait_2_36.ts — waiting on glibc 2.25–2.36's condition variable (G1/G2 groups).
 *
 * Mirrors: glibc-2.36 nptl/pthread_cond_wait.c: __pthread_cond_wait_common (maxspin = 0, so no
 * spinning: a waiter with no signal to take blocks at once), __condvar_confirm_wakeup,
 * __condvar_cancel_waiting, __condvar_dec_grefs and __condvar_cleanup_waiting. A waiter
 *
 *   1. takes a position: fetch-add 2 on __wseq (still holding the mutex), fetch-add 8 on __wrefs;
 *   2. releases the mutex (__pthread_mutex_unlock_usercnt: the mutex is not held across 3–4);
 *   3. if its group has no signal: fetch-add 2 on __g_refs[g], recheck that the group is open,
 *      FUTEX_WAIT_BITSET on __g_signals[g] expecting 0 (a cancellation point), drop the reference
 *      (waking a quiescing signaler if it asked: the wake-request bit), reload and retry;
 *   4. takes a signal with a CAS (signals - 2), and if __g1_start says its group was closed
 *      meanwhile, gives back the signal it may have stolen from the current G1 (+ FUTEX_WAKE);
 *   5. confirms it woke (__wrefs - 8, waking pthread_cond_destroy if it was the last) and
 *      retakes the mutex with __pthread_mutex_cond_lock (the word marked contended).
 *
 * A timeout or a cancellation cancels the waiting: __condvar_cancel_waiting shrinks the group
 * under the internal lock, or, if the group was already closed or fully signalled, sends a
 * replacement pthread_cond_signal for the signal it consumed by leaving.
 *
 * Simplifies: the timeout is relative (libs/api.ts; the lab's FUTEX_WAIT_BITSET takes it so),
 * passed as the time left on the vDSO clock; the overflow of __g_size by 2^31 cancellations
 * (glibc then broadcasts) is left out. Cancellation is the 2.36 era's asynchronous cancellation
 * around the futex call (as in pthread_cond_wait.ts).
 */

import {
  sys, uaccess, EINVAL, ETIMEDOUT, FUTEX_WAIT_BITSET, FUTEX_CLOCK_REALTIME, FUTEX_WAKE, FUTEX_BITSET_MATCH_ANY, type Sim,
} from '../../kernel/index.js';
import type { pthread_cond_t, pthread_mutex_t } from '../api.js';
import { enterAsync, leaveAsync, asyncCas, awaitSigcancel, doCancel, CANCEL_NOW } from './cancellation.js';
import { cleanupPush } from '../common/cancel.js';
import { asMutex, type Mutex } from './pthread_mutex_init.js';
import { mutexLock } from './pthread_mutex_lock.js';
import { mutexUnlock } from './pthread_mutex_unlock.js';
import { THREAD_SELF } from './descr.js';
import { atomicNs } from './lowlevellock.js';
import {
  asCondG, atomics, load, fetchAdd, fetchAnd, condvarPrivate, condvarAcquireLock, condvarReleaseLock,
  getOrigSize, half, low, s32, INT_MAX, type CondG,
} from './pthread_cond_common_2_36.js';
import { pthreadCondSignal236 } from './pthread_cond_signal_2_36.js';

export function* pthreadCondWait236(c: pthread_cond_t, m: pthread_mutex_t): Sim<number> {
  const cv = asCondG(c);
  const mx = asMutex(m);
  if (cv === null || mx === null) return EINVAL;
  return yield* condWaitCommon(cv, mx, null);
}

export function* pthreadCondTimedwait236(c: pthread_cond_t, m: pthread_mutex_t, timeoutNs: number): Sim<number> {
  const cv = asCondG(c);
  const mx = asMutex(m);
  if (cv === null || mx === null || !(timeoutNs >= 0)) return EINVAL;
  return yield* condWaitCommon(cv, mx, uaccess.vdsoNow() + timeoutNs);
}

/** struct _condvar_cleanup_buffer (plus the lab's recursive count to restore). */
interface CleanupBuffer { wseq: number; cv: CondG; mx: Mutex; priv: number; count: number }

/** __pthread_cond_wait_common; `deadline` null waits for ever. */
function* condWaitCommon(cv: CondG, mx: Mutex, deadline: number | null): Sim<number> {
  const count = mx.count;
  const wseq = cv.wseq; // __condvar_fetch_add_wseq_acquire (cond, 2)
  cv.wseq += 2;
  const g = low(wseq), seq = half(wseq);
  const flags = fetchAdd(cv.wrefsAddr, 8);
  yield* atomics(2);
  const priv = condvarPrivate(flags);
  cv.mutex = mx;
  const err = yield* mutexUnlock(mx, true); // __pthread_mutex_unlock_usercnt (mutex, 0)
  if (err !== 0) {
    yield* cancelWaiting(cv, seq, g, priv);
    yield* confirmWakeup(cv, priv);
    return err;
  }
  const cb: CleanupBuffer = { wseq, cv, mx, priv, count };
  const result = yield* takeSignal(cv, cb, seq, g, deadline);
  yield* confirmWakeup(cv, priv); // done:
  const e2 = yield* mutexLock(mx, true); // __pthread_mutex_cond_lock
  if (e2 === 0) mx.count = count;
  return e2 !== 0 ? e2 : result;
}

/**
 * Steps 3–4: block until a signal can be taken from __g_signals[g] (or the group is closed),
 * take it. Returns 0, or ETIMEDOUT after cancelling the waiting.
 */
function* takeSignal(cv: CondG, cb: CleanupBuffer, seq: number, g: number, deadline: number | null): Sim<number> {
  const sig = cv.gSignals(g);
  let signals = load(sig);
  for (;;) {
    if ((signals & 1) !== 0) return 0; // our group is being closed: don't grab a signal
    if (signals !== 0) {
      uaccess.ustore(sig, (signals - 2) | 0); // the CAS (signals, signals - 2) succeeds
      yield* atomics(1);
      break;
    }
    fetchAdd(cv.gRefs(g), 2);
    yield* atomics(1);
    if ((load(sig) & 1) !== 0 || seq < half(cv.g1Start)) { // our group is closed
      yield* decGrefs(cv, g, cb.priv);
      return 0;
    }
    const err = yield* futexWaitCancelable(cv, cb, sig, deadline);
    yield* decGrefs(cv, g, cb.priv);
    if (err === ETIMEDOUT) {
      yield* cancelWaiting(cv, seq, g, cb.priv);
      return ETIMEDOUT;
    }
    signals = load(sig);
  }
  yield* undoSteal(cv, seq, g, cb.priv);
  return 0;
}

/**
 * __futex_abstimed_wait_cancelable64 on __g_signals[g] expecting 0, with
 * __condvar_cleanup_waiting pushed around it. Returns 0 or a positive error (ETIMEDOUT, EAGAIN…).
 * The clock is CLOCK_REALTIME (pthread_cond_wait passes clockid 0; the default condattr clock),
 * so the op carries FUTEX_CLOCK_REALTIME, as strace shows on glibc 2.36.
 */
function* futexWaitCancelable(cv: CondG, cb: CleanupBuffer, sig: number, deadline: number | null): Sim<number> {
  const self = THREAD_SELF();
  cleanupPush(self, cleanupWaiting, cb); // __pthread_cleanup_push (&buffer, __condvar_cleanup_waiting, &cbuffer)
  self.waitOn = cv; // for the debugging view (thread_db.ts)
  const rel = deadline === null ? null : Math.max(0, deadline - uaccess.vdsoNow());
  const oldtype = enterAsync(self);
  if (oldtype === CANCEL_NOW) yield* doCancel(self);
  const r = (yield sys.futex(sig, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME | cb.priv, 0, rel, 0, FUTEX_BITSET_MATCH_ANY)) as number;
  const wait = leaveAsync(self, oldtype);
  const ns = atomicNs(asyncCas(oldtype));
  if (ns > 0) yield sys.compute(ns);
  if (wait) yield* awaitSigcancel(self);
  self.waitOn = null;
  self.cleanup = self.cleanup!.prev; // __pthread_cleanup_pop (&buffer, 0)
  return r < 0 ? -r : 0;
}

/**
 * We took a signal but our group was closed meanwhile: if the current G1 has our slot, we may
 * have stolen one of its signals — put one back and wake a waiter, until G1 changes.
 */
function* undoSteal(cv: CondG, seq: number, g: number, priv: number): Sim<void> {
  const g1Start = cv.g1Start;
  if (seq >= half(g1Start) || (low(g1Start) ^ 1) !== g) return;
  const sig = cv.gSignals(g);
  const s = load(sig);
  if ((s & 1) === 0) {
    uaccess.ustore(sig, (s + 2) | 0); // the CAS (s, s + 2) succeeds
    yield* atomics(1);
  }
  yield sys.futex(sig, FUTEX_WAKE | priv, 1);
}

/** __condvar_confirm_wakeup: drop our __wrefs reference; wake pthread_cond_destroy if it waits for the last. */
function* confirmWakeup(cv: CondG, priv: number): Sim<void> {
  const old = fetchAdd(cv.wrefsAddr, -8);
  yield* atomics(1);
  if ((old >>> 2) === 3) yield sys.futex(cv.wrefsAddr, FUTEX_WAKE | priv, INT_MAX);
}

/** __condvar_dec_grefs: drop our group reference; wake a quiescing signaler if it asked (r == 3). */
function* decGrefs(cv: CondG, g: number, priv: number): Sim<void> {
  const a = cv.gRefs(g);
  const old = fetchAdd(a, -2);
  yield* atomics(1);
  if (old === 3) {
    fetchAnd(a, ~1);
    yield* atomics(1);
    yield sys.futex(a, FUTEX_WAKE | priv, INT_MAX);
  }
}

/**
 * __condvar_cancel_waiting: shrink our group if we are in G2 or an unsignalled part of G1;
 * if we consumed a signal (our group is closed, or fully signalled), send a replacement.
 */
function* cancelWaiting(cv: CondG, seq: number, g: number, priv: number): Sim<void> {
  yield* condvarAcquireLock(cv, priv);
  const g1Start = half(cv.g1Start);
  const size = cv.gSize(g);
  let consumed = false;
  if (g1Start > seq) consumed = true; // our group is closed
  else if (g1Start + getOrigSize(cv) <= seq) uaccess.ustore(size, (s32(load(size)) - 1) | 0); // in G2
  else if (load(size) === 0) consumed = true; // in G1, fully signalled: a signal was ours
  else uaccess.ustore(size, (load(size) - 1) | 0);
  yield* condvarReleaseLock(cv, priv);
  if (consumed) yield* pthreadCondSignal236(cv as unknown as pthread_cond_t);
}

/**
 * __condvar_cleanup_waiting: a waiter cancelled in the futex wait drops its group reference,
 * cancels its waiting, adds a conservative futex wake-up, confirms and retakes the mutex —
 * POSIX runs the cleanup handlers with the mutex held.
 */
function* cleanupWaiting(_libc: unknown, cb: CleanupBuffer): Sim<void> {
  const { cv, priv } = cb;
  const g = low(cb.wseq);
  THREAD_SELF().waitOn = null;
  yield* decGrefs(cv, g, priv);
  yield* cancelWaiting(cv, half(cb.wseq), g, priv);
  yield sys.futex(cv.gSignals(g), FUTEX_WAKE | priv, 1);
  yield* confirmWakeup(cv, priv);
  if ((yield* mutexLock(cb.mx, true)) === 0) cb.mx.count = cb.count; // __pthread_mutex_cond_lock
}
