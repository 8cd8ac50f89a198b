/**
 * restart.ts — suspend and restart: how every LinuxThreads thread waits and is woken.
 *
 * Mirrors: glibc linuxthreads/restart.h (restart, suspend, timedsuspend) and pthread.c
 * (__pthread_restart_new: kill(th->p_pid, __pthread_sig_restart); __pthread_wait_for_restart_
 * signal: read the mask, unblock the restart signal in a copy, loop { p_signal = 0;
 * sigsuspend(mask) } until p_signal is the restart signal; __pthread_timedsuspend_new: unblock
 * the restart signal and nanosleep, the restart handler siglongjmp'ing out through
 * p_signal_jmp; pthread_handle_sigrestart: record the signal in p_signal).
 *
 * The "restart before suspend" race. The restart signal is blocked at all times except
 * inside suspend (pthread_initialize blocks it in the initial thread; every thread inherits
 * the mask). A restart sent before the target reaches sigsuspend therefore stays pending —
 * and, being a real-time signal, queues: two restarts are two pending instances — and the
 * sigsuspend that unblocks it returns at once after the handler ran. That is glibc's "new"
 * (RT-signal) protocol; the old one counted restarts in p_resume_count because SIGUSR1 did
 * not queue. Any other signal interrupting sigsuspend leaves p_signal at 0 and the loop waits
 * again.
 *
 * The timed variant cannot sleep in sigsuspend (it has no timeout), so it unblocks the restart
 * signal and sleeps in nanosleep. In C the handler's siglongjmp through p_signal_jmp leaves the
 * sleep — and the window between the unblocking sigprocmask and the nanosleep — at once, and
 * siglongjmp's sigprocmask re-blocks the signal. Here JavaScript between two yields is atomic
 * and a handler runs only on the way back to user mode, so the same effect comes from checking
 * p_signal after every return from the kernel in that window: after the unblocking
 * sigprocmask (the handler may already have run) and after each nanosleep (a handler without
 * SA_RESTART makes it fail with EINTR). The re-blocking sigprocmask follows in both paths, as
 * siglongjmp's does, so the system calls counted are the same.
 */

import {
  sys, uaccess, SIG_SETMASK, SIG_UNBLOCK, type Req, type Sim, type SigInfo,
} from '../../kernel/index.js';
import { sigmask } from '../api.js';
import { SIG_RESTART, threadSelf, type LtDescr } from './internals.js';

const RESTART_MASK = sigmask(SIG_RESTART);
/** ~RESTART_MASK, made once (suspend runs on every join that waits; each BigInt operation allocates). */
const NOT_RESTART_MASK = ~RESTART_MASK;

/**
 * restart(th) = __pthread_restart_new: one kill(2) of the thread's own pid. The request itself
 * (`yield restart(th)`): no generator per restart, on every create and join's path.
 */
export function restart(th: LtDescr): Req {
  return sys.kill(th.pid, SIG_RESTART);
}

/** suspend(self) = __pthread_wait_for_restart_signal. */
export function* suspend(self: LtDescr): Sim<void> {
  const cur: { value?: bigint } = {};
  yield sys.rt_sigprocmask(SIG_SETMASK, null, cur);
  const mask = (cur.value ?? 0n) & NOT_RESTART_MASK;
  do {
    self.signal = 0;
    yield sys.rt_sigsuspend(mask);
  } while (self.signal !== SIG_RESTART);
}

/**
 * timedsuspend(self, abstime) = __pthread_timedsuspend_new: true if a restart arrived before
 * the absolute virtual time `abstime`, false on timeout (the caller must then settle the race
 * with a restart that may still be on its way).
 */
export function* timedsuspend(self: LtDescr, abstime: number): Sim<boolean> {
  const initial: { value?: bigint } = {};
  self.signal = 0;
  yield sys.rt_sigprocmask(SIG_UNBLOCK, RESTART_MASK, initial);
  let signalled = self.signal === SIG_RESTART;
  while (!signalled) {
    const now = (yield sys.clock_gettime()) as number; // __gettimeofday
    const rel = abstime - now;
    if (rel <= 0) break;
    const r = (yield sys.nanosleep(rel)) as number;
    signalled = self.signal === SIG_RESTART;
    if (r === 0) break;
  }
  yield sys.rt_sigprocmask(SIG_SETMASK, initial.value ?? 0n, null);
  return signalled;
}

/**
 * pthread_handle_sigrestart: the restart signal's handler, shared by every thread
 * (CLONE_SIGHAND). It only records the signal; suspend's loop does the rest. It makes no system
 * call, so it runs whole when the kernel calls it and hands back HANDLER_DONE.
 */
export function sigrestartHandler(sig: number, _info: SigInfo): Sim<void> {
  const self = threadSelf();
  self.signal = sig;
  return HANDLER_DONE;
}

/**
 * The frame a signal handler that makes no system call hands back: a generator that has already
 * finished. The kernel calls a handler when it delivers the signal, on the thread that takes
 * it, and runs the frame it returns after pushing the signal frame; a handler that only sets
 * its own thread's state (p_signal, the manager's terminated_children) may do that work in the
 * call, which no other thread can tell from doing it in the frame. The kernel still pushes
 * the signal frame, resumes this one (done at once) and sigreturns: the same steps and costs,
 * without a generator per delivery (the restart signal arrives on every create and join).
 */
export const HANDLER_DONE: Sim<void> = finishedFrame();

function finishedFrame(): Sim<void> {
  const g = (function* (): Sim<void> {})();
  g.next();
  return g;
}

/**
 * One locked read-modify-write instruction's cost, as the request to yield (`yield atomicOp()`):
 * the same request as atomicOps(1) without a generator per call, for the fastlocks' hot path.
 */
export function atomicOp(): Req {
  const c = uaccess.costs();
  if (c !== atomicCosts) { atomicCosts = c; atomicReq = sys.compute(c.atomicOp); }
  return atomicReq!;
}

// The one request atomicOp yields for a cost model (a request is read, never kept or changed,
// by the kernel: the same object serves every locked instruction of a run).
let atomicCosts: unknown = null;
let atomicReq: Req | null = null;

/** Charge `n` locked read-modify-write instructions of user-space work. */
export function* atomicOps(n: number): Sim<void> {
  yield sys.compute(uaccess.costs().atomicOp * n);
}
