/**
 * pthread_cond_signal_2_36.ts — signalling glibc 2.25–2.36's condition variable (G1/G2 groups).
 *
 * Mirrors: glibc-2.36 nptl/pthread_cond_signal.c and pthread_cond_broadcast.c.
 *
 *   signal:    no waiter references in __wrefs: return at once (no lock, no system call).
 *              Under the internal lock: if G1 still has unsignalled waiters — or G2 has
 *              waiters and __condvar_quiesce_and_switch_g1 makes it the new G1 — add a signal
 *              to G1's __g_signals and shrink its __g_size. Release the lock, then FUTEX_WAKE
 *              one on __g_signals[G1]. glibc 2.36 wakes whether or not anyone sleeps there
 *              ("TODO Only set it if there are indeed futex waiters"); __g_refs' wake-request
 *              bit is for quiescing signalers, not for this wake.
 *   broadcast: signal every remaining G1 waiter and wake them all (FUTEX_WAKE INT_MAX, inside
 *              the lock, before quiescing G1), switch groups if G2 has waiters, signal the new
 *              G1 whole and wake it after releasing the lock. No requeue onto the mutex.
 *
 * Simplifies: see pthread_cond_common_2_36.ts.
 */

import { sys, uaccess, EINVAL, FUTEX_WAKE, type Sim } from '../../kernel/index.js';
import type { pthread_cond_t } from '../api.js';
import {
  asCondG, atomics, load, fetchAdd, condvarPrivate, condvarAcquireLock, condvarReleaseLock,
  quiesceAndSwitchG1, half, low, INT_MAX, type CondG,
} from './pthread_cond_common_2_36.js';

/**
 * What signal and broadcast both do first: no waiter references in __wrefs, nothing to do
 * (null); otherwise take the internal lock and say which group is G1 now.
 */
function* lockForSignal(cv: CondG): Sim<{ priv: number; wseq: number; g1: number } | null> {
  const wrefs = load(cv.wrefsAddr);
  if ((wrefs >>> 3) === 0) return null;
  const priv = condvarPrivate(wrefs);
  yield* condvarAcquireLock(cv, priv);
  const wseq = cv.wseq;
  return { priv, wseq, g1: low(wseq) ^ 1 };
}

export function* pthreadCondSignal236(c: pthread_cond_t): Sim<number> {
  const cv = asCondG(c);
  if (cv === null) return EINVAL;
  const st = yield* lockForSignal(cv);
  if (st === null) return 0;
  const { priv, wseq } = st;
  let g1 = st.g1;
  let doWake = false;
  let ok = load(cv.gSize(g1)) !== 0;
  if (!ok) ({ switched: ok, g1 } = yield* quiesceAndSwitchG1(cv, half(wseq), g1, priv));
  if (ok) {
    fetchAdd(cv.gSignals(g1), 2);
    yield* atomics(1);
    uaccess.ustore(cv.gSize(g1), (load(cv.gSize(g1)) - 1) | 0);
    doWake = true;
  }
  yield* condvarReleaseLock(cv, priv);
  if (doWake) yield sys.futex(cv.gSignals(g1), FUTEX_WAKE | priv, 1);
  return 0;
}

export function* pthreadCondBroadcast236(c: pthread_cond_t): Sim<number> {
  const cv = asCondG(c);
  if (cv === null) return EINVAL;
  const st = yield* lockForSignal(cv);
  if (st === null) return 0;
  const { priv, wseq } = st;
  let g1 = st.g1;
  let doWake = false;
  if (load(cv.gSize(g1)) !== 0) { // step 1: signal all waiters remaining in G1
    fillGroup(cv, g1);
    yield* atomics(1);
    yield sys.futex(cv.gSignals(g1), FUTEX_WAKE | priv, INT_MAX);
  }
  const sw = yield* quiesceAndSwitchG1(cv, half(wseq), g1, priv); // step 2
  g1 = sw.g1;
  if (sw.switched) { // step 3: signal all of the old G2 / new G1
    fillGroup(cv, g1);
    yield* atomics(1);
    doWake = true;
  }
  yield* condvarReleaseLock(cv, priv);
  if (doWake) yield sys.futex(cv.gSignals(g1), FUTEX_WAKE | priv, INT_MAX);
  return 0;
}

/** Add as many signals as the group's remaining size; the size becomes 0 (lock held). */
function fillGroup(cv: CondG, g: number): void {
  fetchAdd(cv.gSignals(g), (load(cv.gSize(g)) << 1) | 0);
  uaccess.ustore(cv.gSize(g), 0);
}
