/**
 * cancellation.ts — NPTL's cancellation word and the calls that read or change it.
 *
 * Mirrors: glibc nptl/descr.h (cancelhandling's bits: CANCELSTATE_BIT (disabled),
 * CANCELTYPE_BIT (asynchronous), CANCELING_BIT, CANCELED_BIT, EXITING_BIT, TERMINATED_BIT, and
 * CANCEL_ENABLED_AND_CANCELED[_AND_ASYNCHRONOUS]), pthreadP.h (CANCELLATION_P, __do_cancel:
 * set EXITING_BIT and unwind — here pthread_exit's path with PTHREAD_CANCELED, which runs the
 * cleanup handlers, then the key destructors), cancellation.c (__pthread_enable_asynccancel:
 * switch to asynchronous cancellation around a blocking call and act on a pending request at
 * once; __pthread_disable_asynccancel: switch back, and if a SIGCANCEL is on its way —
 * CANCELING without CANCELED — wait for it rather than return), pthread_setcancelstate.c,
 * pthread_setcanceltype.c and pthread_testcancel.c.
 *
 * A cancellation point that may block (read, nanosleep, the futex wait of pthread_join,
 * pthread_cond_wait, sem_wait, ...) runs with the CANCELTYPE bit set, so a deferred
 * pthread_cancel that arrives meanwhile sees an asynchronous target and sends SIGCANCEL,
 * whose handler (pthread_cancel.ts) ends the thread from inside the interrupted call — the
 * 2.3-era mechanism (glibc 2.34 instead checks where the signal interrupted).
 *
 * Costs: each change of the word is a locked compare-and-swap (atomicOp). A process that never
 * had a second thread skips all of it (SINGLE_THREAD_P), as glibc's system-call stubs do.
 */

import { sys, uaccess, EINVAL, type Sim } from '../../kernel/index.js';
import { PTHREAD_CANCELED, type Ref } from '../api.js';
import { THREAD_SELF, type Pthread } from './descr.js';
import { exitThread } from './pthread_exit.js';

export const CANCELSTATE_BITMASK = 0x01;
export const CANCELTYPE_BITMASK = 0x02;
export const CANCELING_BITMASK = 0x04;
export const CANCELED_BITMASK = 0x08;
export const EXITING_BITMASK = 0x10;
export const TERMINATED_BITMASK = 0x20;

const ENABLED_AND_CANCELED_MASK = CANCELSTATE_BITMASK | CANCELED_BITMASK | EXITING_BITMASK | TERMINATED_BITMASK;

export function cancelEnabledAndCanceled(v: number): boolean {
  return (v & ENABLED_AND_CANCELED_MASK) === CANCELED_BITMASK;
}

export function cancelEnabledAndCanceledAndAsync(v: number): boolean {
  return (v & (ENABLED_AND_CANCELED_MASK | CANCELTYPE_BITMASK)) === (CANCELTYPE_BITMASK | CANCELED_BITMASK);
}

/** One locked compare-and-swap on the cancellation word. */
function* cas(): Sim<void> {
  const ns = uaccess.costs().atomicOp;
  if (ns > 0) yield sys.compute(ns);
}

/** __do_cancel: end the thread as pthread_exit(PTHREAD_CANCELED) does. Never returns. */
export function doCancel(pd: Pthread): Sim<never> {
  return exitThread(pd, PTHREAD_CANCELED);
}

/** enterAsync's answer when a cancellation is pending: the caller must __do_cancel. */
export const CANCEL_NOW = -2;

/**
 * The work of __pthread_enable_asynccancel without its charge (hot paths fold the
 * compare-and-swap into their own): the old word; -1 in a single-threaded process
 * (SINGLE_THREAD_P: a plain system call); CANCEL_NOW if a request is pending.
 */
export function enterAsync(pd: Pthread): number {
  if (!pd.proc.multipleThreads) return -1;
  const old = pd.cancelhandling;
  const nv = old | CANCELTYPE_BITMASK;
  if (nv === old) return old;
  pd.cancelhandling = nv;
  return cancelEnabledAndCanceledAndAsync(nv) ? CANCEL_NOW : old;
}

/** How many compare-and-swaps an enter/leave pair with this old word made (0 or 2). */
export function asyncCas(old: number): number {
  return old >= 0 && (old & CANCELTYPE_BITMASK) === 0 ? 2 : 0;
}

/**
 * The work of __pthread_disable_asynccancel(oldtype) without its charge. Returns true if a
 * SIGCANCEL is on its way (CANCELING without CANCELED): then the caller must not return
 * ("we cannot return when we are being canceled") but wait for it (awaitSigcancel).
 */
export function leaveAsync(pd: Pthread, old: number): boolean {
  if (old < 0 || (old & CANCELTYPE_BITMASK) !== 0) return false;
  pd.cancelhandling &= ~CANCELTYPE_BITMASK;
  return (pd.cancelhandling & (CANCELING_BITMASK | CANCELED_BITMASK)) === CANCELING_BITMASK;
}

/** The handler runs on the way back from the next kernel entry, and never returns here. */
export function* awaitSigcancel(pd: Pthread): Sim<void> {
  while ((pd.cancelhandling & (CANCELING_BITMASK | CANCELED_BITMASK)) === CANCELING_BITMASK) {
    yield sys.sched_yield();
  }
}

/** __pthread_enable_asynccancel: the old word (for disable), or -1 in a single-threaded process. */
export function* enableAsynccancel(): Sim<number> {
  const pd = THREAD_SELF();
  const old = enterAsync(pd);
  if (old === CANCEL_NOW) return yield* doCancel(pd);
  if (asyncCas(old) > 0) yield* cas();
  return old;
}

/** __pthread_disable_asynccancel(oldtype). */
export function* disableAsynccancel(old: number): Sim<void> {
  const pd = THREAD_SELF();
  const wait = leaveAsync(pd, old);
  if (asyncCas(old) > 0) yield* cas();
  if (wait) yield* awaitSigcancel(pd);
}

/** pthread_testcancel (CANCELLATION_P). */
export function* testcancel(): Sim<void> {
  const pd = THREAD_SELF();
  if (cancelEnabledAndCanceled(pd.cancelhandling)) yield* doCancel(pd);
}

/** pthread_setcancelstate: 0 or EINVAL. */
export function* setcancelstate(state: number, old: Ref<number> | null | undefined): Sim<number> {
  if (state !== 0 && state !== 1) return EINVAL;
  const pd = THREAD_SELF();
  const v = pd.cancelhandling;
  if (old) old.value = v & CANCELSTATE_BITMASK ? 1 : 0;
  const nv = state === 1 ? v | CANCELSTATE_BITMASK : v & ~CANCELSTATE_BITMASK;
  if (nv === v) return 0;
  pd.cancelhandling = nv;
  if (cancelEnabledAndCanceledAndAsync(nv)) yield* doCancel(pd);
  yield* cas();
  return 0;
}

/** pthread_setcanceltype: 0 or EINVAL. */
export function* setcanceltype(type: number, old: Ref<number> | null | undefined): Sim<number> {
  if (type !== 0 && type !== 1) return EINVAL;
  const pd = THREAD_SELF();
  const v = pd.cancelhandling;
  if (old) old.value = v & CANCELTYPE_BITMASK ? 1 : 0;
  const nv = type === 1 ? v | CANCELTYPE_BITMASK : v & ~CANCELTYPE_BITMASK;
  if (nv === v) return 0;
  pd.cancelhandling = nv;
  if (cancelEnabledAndCanceledAndAsync(nv)) yield* doCancel(pd);
  yield* cas();
  return 0;
}
