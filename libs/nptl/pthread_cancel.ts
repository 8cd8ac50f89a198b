/**
 * pthread_cancel.ts — asking a thread to end, and SIGCANCEL, the signal that makes it.
 *
 * Mirrors: glibc nptl/pthread_cancel.c (__pthread_cancel: ESRCH for a thread whose tid word is
 * 0 (INVALID_TD_P); set CANCELING and CANCELED in the target's cancelhandling; if the target
 * has asynchronous cancellation enabled — which includes a thread blocked in a cancellation
 * point, see cancellation.ts — set only CANCELING and tgkill it with SIGCANCEL, leaving the
 * handler to mark it CANCELED; a deferred target just finds the bits at its next cancellation
 * point; a single-threaded process that cancels itself turns its cancellation points on) and
 * nptl/nptl-init.c's sigcancel_handler (ignore a SIGCANCEL that is not a tgkill from this
 * process; mark the thread CANCELING|CANCELED unless it is already exiting; set its result to
 * PTHREAD_CANCELED and, if asynchronous cancellation is (still) in effect, __do_cancel — from
 * inside the handler, so the interrupted system call never returns to its caller).
 *
 * Simplifies: glibc 2.3 installs sigcancel_handler in __pthread_initialize_minimal; here it is
 * installed by the first pthread_cancel of the process (as glibc ≥ 2.34 does), so programs that
 * never cancel make the same system calls as before. SIGCANCEL stays reserved either way
 * (pthread_kill.ts).
 */

import { sys, ESRCH, SI_TKILL, SA_SIGINFO, type Sim, type SigInfo } from '../../kernel/index.js';
import { PTHREAD_CANCELED } from '../api.js';
import { THREAD_SELF, SIGCANCEL, type NptlProcess } from './descr.js';
import {
  CANCELING_BITMASK, CANCELED_BITMASK, CANCELTYPE_BITMASK, EXITING_BITMASK,
  cancelEnabledAndCanceledAndAsync, doCancel,
} from './cancellation.js';
import { atomicNs } from './lowlevellock.js';

/** sigcancel_handler (a kernel-level handler: it runs on the cancelled thread). */
export function* sigcancelHandler(sig: number, info: SigInfo): Sim<void> {
  const pd = THREAD_SELF();
  if (sig !== SIGCANCEL || info.pid !== pd.proc.pid || info.code !== SI_TKILL) return;
  const old = pd.cancelhandling;
  const nv = old | CANCELING_BITMASK | CANCELED_BITMASK;
  if (old === nv || (old & EXITING_BITMASK) !== 0) return; // already canceled or exiting
  pd.cancelhandling = nv;
  pd.result = PTHREAD_CANCELED;
  if ((nv & CANCELTYPE_BITMASK) !== 0) yield* doCancel(pd);
}

/** The process's SIGCANCEL handler (installed once; fork children inherit it). */
function* installSigcancel(proc: NptlProcess): Sim<void> {
  if (proc.sigcancelInstalled) return;
  proc.sigcancelInstalled = true;
  yield sys.rt_sigaction(SIGCANCEL, { handler: sigcancelHandler, flags: SA_SIGINFO, mask: 0n }, null);
}

/** __pthread_cancel(t): 0 or ESRCH (or tgkill's error). */
export function* pthreadCancel(t: number): Sim<number> {
  const proc = THREAD_SELF().proc;
  const pd = proc.threads.get(t);
  if (pd === undefined || pd.terminated || pd.tid <= 0) return ESRCH;
  proc.multipleThreads = true; // "a single-threaded process should be able to kill itself"
  const old = pd.cancelhandling;
  const nv = old | CANCELING_BITMASK | CANCELED_BITMASK;
  if (old === nv) return 0;
  const ns = atomicNs(1);
  if (cancelEnabledAndCanceledAndAsync(nv)) {
    pd.cancelhandling = old | CANCELING_BITMASK; // in progress: the handler marks it CANCELED
    if (ns > 0) yield sys.compute(ns);
    yield* installSigcancel(proc);
    const r = (yield sys.tgkill(proc.pid, pd.tid, SIGCANCEL)) as number;
    return r < 0 ? -r : 0;
  }
  pd.cancelhandling = nv;
  if (ns > 0) yield sys.compute(ns);
  return 0;
}
