/**
 * signals.ts — what LinuxThreads does to the signal calls.
 *
 * Mirrors: glibc linuxthreads/signals.c —
 *  - pthread_kill: look the thread up under its handle lock (ESRCH if gone) and kill(2) its
 *    own pid. Each thread is a process, so the signal reaches that thread and nobody else —
 *    and kill(getpid()) from any thread does the same (rule 25: the POSIX rules 12 and 13
 *    about process-directed signals cannot hold).
 *  - pthread_sigmask: the restart signal may not be unblocked (except by suspend itself) and
 *    the cancel and debug signals may not be blocked.
 *  - __sigaction: the restart, cancel and debug signals are the library's (EINVAL, rule 22).
 *  - __pthread_sigwait: installs a no-op handler for each signal of the set that had none, and
 *    never restores the disposition (bug 8 of issue 16, FAQ J.4); sigsuspend, with the wrapper
 *    recording the signal.
 *
 *  - __pthread_sighandler (sighandler.c): the wrapper every user handler runs under; siglongjmp
 *    out of it (ptlongjmp.c pthread_cleanup_upto) clears p_in_sighandler as a return does.
 *
 * Simplifies: glibc left sigprocmask and sigsuspend unfiltered (a program that unblocked the
 * restart signal could swallow a restart and hang); here they filter like pthread_sigmask,
 * so portable lab programs keep working.
 */

import {
  sys, SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK, ESRCH, type Sim, type SigInfo,
} from '../../kernel/index.js';
import { sigmask, type Libc, type SignalHandler, type Ref } from '../api.js';
import {
  SIG_RESTART, SIG_CANCEL, SIG_DEBUG, threadHandle, invalidHandle, threadSelf, cancelPending, type LtDescr,
} from './internals.js';
import { testcancel } from './cancel.js';
import { pthreadLock, pthreadUnlock } from './spinlock.js';

const RESTART = sigmask(SIG_RESTART);
const CANCEL_DEBUG = sigmask(SIG_CANCEL) | sigmask(SIG_DEBUG);
export const RESERVED_MASK = RESTART | CANCEL_DEBUG;

/** The signals sigaction refuses (EINVAL). */
export function isReservedSignal(sig: number): boolean {
  return sig === SIG_RESTART || sig === SIG_CANCEL || sig === SIG_DEBUG;
}

/** pthread_sigmask's filtering of the new mask, by `how`. */
export function filterMask(how: number, set: bigint | null): bigint | null {
  if (set === null || typeof set !== 'bigint') return set;
  if (how === SIG_SETMASK) return (set | RESTART) & ~CANCEL_DEBUG;
  if (how === SIG_BLOCK) return set & ~CANCEL_DEBUG;
  if (how === SIG_UNBLOCK) return set & ~RESTART;
  return set;
}

/** The mask a user's sigsuspend may install: the restart signal stays blocked, cancel open. */
export function filterSuspendMask(mask: bigint): bigint {
  return typeof mask === 'bigint' ? (mask | RESTART) & ~CANCEL_DEBUG : mask;
}

/** The pid of thread `id` (its one-task process), or -ESRCH: the handle-lock lookup of pthread_kill. */
export function* threadPid(self: LtDescr, id: number): Sim<number> {
  const h = threadHandle(self.proc, id);
  if (h === null) return -ESRCH;
  yield* pthreadLock(h.lock, self);
  const pid = invalidHandle(h, id) ? -ESRCH : h.descr!.pid;
  yield* pthreadUnlock(h.lock);
  return pid;
}

/** pthread_kill(thread, signo). */
export function* pthreadKill(self: LtDescr, id: number, sig: number): Sim<number> {
  const h = threadHandle(self.proc, id);
  if (h === null) return ESRCH;
  yield* pthreadLock(h.lock, self);
  if (invalidHandle(h, id)) { yield* pthreadUnlock(h.lock); return ESRCH; }
  const pid = h.descr!.pid;
  yield* pthreadUnlock(h.lock);
  const r = (yield sys.kill(pid, sig)) as number;
  return r < 0 ? -r : 0;
}

/**
 * pthread_sigqueue(thread, signo, value): LinuxThreads never had it (glibc 2.11 added it to
 * NPTL only). The lab's is pthread_kill with sigqueue(2) for kill(2): the thread's own pid,
 * found under its handle lock, gets SI_QUEUE and the value — like pthread_kill, the signal
 * reaches that thread (its one-task process) and nobody else.
 */
export function* pthreadSigqueue(self: LtDescr, id: number, sig: number, value: unknown): Sim<number> {
  const pid = yield* threadPid(self, id);
  if (pid < 0) return -pid;
  const r = (yield sys.sigqueue(pid, sig, value)) as number;
  return r < 0 ? -r : 0;
}

/**
 * __pthread_sighandler (and _rt): the wrapper glibc's sigaction puts around every user handler.
 * A thread in sigwait (p_sigwaiting) only records the signal in p_signal. Otherwise it records
 * that a handler runs on this thread (p_in_sighandler, which sem_post consults: semaphore.ts)
 * for the outermost handler only, and calls the user's handler.
 */
export function* pthreadSighandler(libc: Libc, h: SignalHandler, sig: number, info: SigInfo): Sim<void> {
  const self = threadSelf();
  if (self.sigwaiting) { // in sigwait: just record the signal, do not call the handler
    self.sigwaiting = false;
    self.signal = sig;
    return;
  }
  const outer = self.inSighandler;
  if (!outer) self.inSighandler = true;
  try {
    yield* h(libc, sig, info);
  } finally {
    // also when the handler is left by siglongjmp: ptlongjmp.c's pthread_cleanup_upto clears
    // p_in_sighandler when the jump unwinds past the outermost handler's frame
    if (!outer) self.inSighandler = false;
  }
}

/** __pthread_null_sighandler: the handler sigwait installs where there was none. */
export function* pthreadNullSighandler(_libc: Libc, _sig: number, _info: SigInfo): Sim<void> {}

const ALL_SIGNALS = (1n << 64n) - 1n;

/**
 * __pthread_sigwait. Block everything but the set and the cancel signal; for each signal of the
 * set whose handler (as the library's sigaction recorded it: __sighandler[s].old) is SIG_DFL or
 * SIG_IGN, install __pthread_null_sighandler — and never put the old disposition back (FAQ J.4:
 * "the effect of sigwait() on the signal actions for the signals in set is unspecified"). Then
 * sigsuspend with p_sigwaiting set: the wrapper records the signal in p_signal instead of calling
 * the handler. Afterwards sigaction reports a handler for those signals, and one that arrives
 * while unblocked runs the null handler instead of its default action (issue 16, bug 8).
 * `install` is the library's sigaction (so the wrapper and __sighandler see the null handler).
 */
export function* pthreadSigwait(
  self: LtDescr, set: bigint, sig: Ref<number>,
  install: (s: number) => Sim<number>,
): Sim<number> {
  let mask = ALL_SIGNALS & ~sigmask(SIG_CANCEL);
  for (let s = 1; s <= 64; s++) {
    const bit = sigmask(s);
    if ((set & bit) === 0n || (RESERVED_MASK & bit) !== 0n) continue;
    mask &= ~bit;
    const old = self.proc.sighandler[s];
    if (typeof old !== 'function') yield* install(s);
  }
  self.cancelJmp = true; // sigsetjmp(jmpbuf): the cancel signal's handler ends the wait
  if (!cancelPending(self)) {
    self.signal = 0;
    self.sigwaiting = true;
    yield sys.rt_sigsuspend(mask);
    self.sigwaiting = false;
  }
  self.cancelJmp = false;
  yield* testcancel(); // pthread_testcancel()
  sig.value = self.signal;
  return 0;
}
