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
 *  - sigwait: never waits for the library's own signals.
 *
 *  - __pthread_sighandler (sighandler.c): the wrapper every user handler runs under.
 *
 * Simplifies: glibc left sigprocmask and sigsuspend unfiltered (a program that unblocked the
 * restart signal could swallow a restart and hang); here they filter like pthread_sigmask,
 * so portable lab programs keep working.
 */

import {
  sys, SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK, ESRCH, type Sim, type SigInfo,
} from '../../kernel/index.js';
import { sigmask, type Libc, type SignalHandler } from '../api.js';
import { SIG_RESTART, SIG_CANCEL, SIG_DEBUG, threadHandle, invalidHandle, threadSelf, type LtDescr } from './internals.js';
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

/** The set sigwait may wait for. */
export function filterWaitSet(set: bigint): bigint {
  return typeof set === 'bigint' ? set & ~RESERVED_MASK : set;
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
 * __pthread_sighandler (and _rt): the wrapper glibc's sigaction puts around every user handler.
 * It records that a handler runs on this thread (p_in_sighandler, which sem_post consults:
 * semaphore.ts) for the outermost handler only, and calls the user's handler.
 */
export function* pthreadSighandler(libc: Libc, h: SignalHandler, sig: number, info: SigInfo): Sim<void> {
  const self = threadSelf();
  const outer = self.inSighandler;
  if (!outer) self.inSighandler = true;
  yield* h(libc, sig, info);
  if (!outer) self.inSighandler = false;
}
