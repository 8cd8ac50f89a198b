/**
 * usignal.ts — signals in the user-level libraries (NGPT and green): the library's frame around
 * every handler the program installs, handing a signal the kernel delivered to a native's
 * scheduler over to a user thread, waking a waiting thread so that a handler runs in it, and
 * the signal mask a native sleeps with.
 *
 * Mirrors: NGPT 2.2.1 / GNU Pth pth_sched.c — pth_scheduler ("block all signals in the
 * scheduler thread": no handler runs outside a thread), pth_sched_eventmanager ("if signal is
 * pending and unblocked on a thread, wakeup": a waiting thread with a pending signal it does not
 * block goes to the ready queue, whatever event it waits for; the scheduler raises the signal
 * when it switches to the thread, so the handler runs in it), and the event manager's catching
 * handler pth_sched_eventmanager_sighandler with pth_high.c's pth_sleep_time (while the first
 * native sleeps in select() it unblocks the signals some thread waits for — Pth 2.0 computes
 * pth_sigblock as the signals every waiting thread blocks, NGPT keeps it per process — catches
 * them, and the woken thread re-raises the caught signal on its own native with k_tkill);
 * pth_sync.c's pth_mutex_acquire and pth_cond_await (after pth_wait returns for a signal the
 * mutex is re-checked and waited for again; a condition wait returns, a spurious wake-up).
 *
 * The model, in three parts:
 *  1. Every handler runs inside `runHandler`, which forwards its requests to the kernel the way
 *     the scheduler loop forwards a thread's, sending first any wake-up the native owes another
 *     native (usched.ts `requestWake`). Without it a handler that readied a thread on a sleeping
 *     native and then spun waiting for that thread livelocked (issue 16, bug 4).
 *  2. A signal the kernel delivers while a native runs its scheduler (no user thread current:
 *     idle, or between two threads) is *taken for a thread*: the library picks a user thread that
 *     does not block it (one sleeping interruptibly first — pause, sleep, poll —, then a ready
 *     one, then one waiting on a mutex, condition or join), records it there and wakes it; when
 *     the thread is next dispatched the handler runs in it (`runRouted`). If no such thread is
 *     parked or ready, the native blocks the signal and gives it back to the process (kill),
 *     so the kernel hands it to a native running a thread that takes it, or keeps it pending.
 *     NGPT re-raised the caught signal with k_tkill; here the library calls the handler itself
 *     (with the thread's mask plus sa_mask), because its catching frame is the program's own
 *     action: a second kernel delivery would apply SA_RESETHAND twice and lose the siginfo.
 *  3. A native that goes to sleep unblocks exactly the signals some live user thread does not
 *     block (`idleMask`, Pth's pth_sigblock); a signal every thread blocks stays pending in the
 *     kernel for sigwait and sigpending. Between two threads a native keeps the last thread's
 *     mask (masks are applied lazily, see uctx.ts), which is why part 2 can give a signal back.
 *
 * A handler left by siglongjmp (kernel/signal.ts HandlerExit) is dropped like the kernel's frame:
 * the jump is passed on into the code it interrupted (runHandler, usched.ts nativeLoop), and the
 * thread takes the native's mask as it is then (adoptNativeMask).
 *
 * Simplifies: a signal given back arrives as kill() from the process itself (SI_USER, our pid)
 * and, if its action had SA_RESETHAND, finds the default action (the first delivery reset it).
 */

import {
  sys, type Sim, type SigInfo, SIGKILL, SIGSTOP, SIG_SETMASK, SIG_BLOCK, SA_NODEFER, HandlerExit,
} from '../../kernel/index.js';
import type { Libc, Sigaction, SigDisposition, SignalHandler } from '../api.js';
import { UThread, US_DEAD, US_NEW, US_READY, US_WAITING, UF_INTR, WAIT_INTR, WAIT_SIGNAL, M_ABANDON } from './uctx.js';
import { type Native, type UProc, selfNative, readyThread, flushWakes, interruptWait } from './usched.js';

const UNBLOCKABLE = (1n << BigInt(SIGKILL - 1)) | (1n << BigInt(SIGSTOP - 1));
/** Every signal a mask can hold (what pth_scheduler's sigfillset blocks). */
export const ALL_SIGNALS = ((1n << 64n) - 1n) & ~UNBLOCKABLE;

export function sigbit(sig: number): bigint {
  return 1n << BigInt(sig - 1);
}

/** What the library knows of an installed handler: the program's function, sa_mask, sa_flags. */
export interface HandlerCtx {
  libc: Libc;
  h: SignalHandler;
  mask: bigint;
  flags: number;
}

/** A signal taken for a thread: the handler runs in it at its next dispatch. */
export interface Routed {
  sig: number;
  info: SigInfo;
  ctx: HandlerCtx;
}

// ---------------------------------------------------------------------------------------
// The handler frame

/** sigaction's handler as the kernel sees it: the library's frame around the program's. */
export function uKernelHandler(libc: Libc, h: SigDisposition, act: Sigaction | undefined): unknown {
  if (typeof h !== 'function') return h;
  const ctx: HandlerCtx = { libc, h, mask: act?.mask ?? 0n, flags: act?.flags ?? 0 };
  const kh = function (sig: number, info: SigInfo) { return signalFrame(ctx, sig, info); };
  (kh as { user?: unknown }).user = h;
  return kh;
}

/** The kernel pushed a handler on a native: run it in the current thread, or take it for one. */
function* signalFrame(ctx: HandlerCtx, sig: number, info: SigInfo): Sim<void> {
  const n = selfNative();
  if (n.current === null) yield* takeForThread(n, ctx, sig, info);
  else yield* runHandler(n, ctx, sig, info);
}

/**
 * Run the program's handler, forwarding its requests like the scheduler loop forwards a thread's:
 * wake-ups the handler made this native owe go out before its next request (issue 16, bug 4).
 */
function* runHandler(n: Native, ctx: HandlerCtx, sig: number, info: SigInfo): Sim<void> {
  const g = ctx.h(ctx.libc, sig, info);
  let v: unknown;
  let jump: HandlerExit | null = null;
  n.handlers++;
  try {
    for (;;) {
      const r = jump === null ? g.next(v) : g.throw(jump);
      jump = null;
      try {
        if (n.wakes.length > 0) yield* flushWakes(n);
        if (r.done || r.value === M_ABANDON) return; // pthread_exit left the handler (uthread.ts exitThread)
        v = yield r.value;
      } catch (e) {
        // a jump out of a handler that interrupted this one (kernel entry.ts throwDown): it may land here
        if (!(e instanceof HandlerExit)) throw e;
        jump = e;
      }
    }
  } finally {
    n.handlers--;
  }
}

// ---------------------------------------------------------------------------------------
// Taking a signal for a thread

/** The scheduler caught `sig` (no thread current): hand it to a user thread, or give it back. */
function* takeForThread(n: Native, ctx: HandlerCtx, sig: number, info: SigInfo): Sim<void> {
  const t = chooseThread(n.proc, sigbit(sig));
  if (t === null) {
    yield* giveBack(n, sig);
    return;
  }
  (t.routed ??= []).push({ sig, info, ctx });
  signalWake(t);
  if (n.wakes.length > 0) yield* flushWakes(n);
}

/**
 * The user-level complete_signal: a thread that does not block the signal and is not running
 * on another native — one in an interruptible wait first (it waits for signals), then a ready
 * one, then one waiting on a mutex, condition or join; the oldest thread within each kind.
 */
function chooseThread(p: UProc, bit: bigint): UThread | null {
  let ready: UThread | null = null;
  let waiting: UThread | null = null;
  for (const t of p.threads.values()) {
    if ((t.sigmask & bit) !== 0n) continue;
    if (t.state === US_WAITING) {
      if (t.flags & UF_INTR) return t;
      waiting ??= t;
    } else if (t.state === US_READY || t.state === US_NEW) {
      ready ??= t;
    }
  }
  return ready ?? waiting;
}

/** No parked or ready thread takes it: block it here and send it to the process again. */
function* giveBack(n: Native, sig: number): Sim<void> {
  yield* setNativeMask(n, n.mask | sigbit(sig));
  yield sys.kill(n.proc.tgid, sig);
}

/**
 * Wake `t` from whatever it waits for so that a signal's handler can run in it: an
 * interruptible wait (sleep, fd, poll, pause, sigwait) ends with WAIT_INTR (EINTR); a mutex,
 * condition or join wait with WAIT_SIGNAL (the thread waits again, pth_mutex_acquire's loop).
 * A ready or running thread needs nothing: the handler runs when it is next dispatched.
 */
export function signalWake(t: UThread): void {
  if (t.state !== US_WAITING) return;
  if (t.flags & UF_INTR) { interruptWait(t, WAIT_INTR); return; }
  const on = t.waitOn as { joiner?: UThread | null; waiters?: { remove(t: UThread): boolean } } | null;
  if (on instanceof UThread) {
    if (on.joiner === t) on.joiner = null;
  } else if (on !== null && on.waiters !== undefined) {
    on.waiters.remove(t);
  } else {
    return; // not a wait the library can end early
  }
  (t.home as Native).timers.remove(t);
  readyThread(t, WAIT_SIGNAL);
}

/**
 * At dispatch (and when the thread unblocks a signal): run the handlers taken for `t` that it
 * does not block, with its native's mask set to the thread's mask plus sa_mask (and the signal,
 * unless SA_NODEFER), as the kernel would have set it; then the thread's mask again.
 */
export function* runRouted(n: Native, t: UThread): Sim<void> {
  for (;;) {
    const list = t.routed;
    if (list === null) return;
    const i = list.findIndex((r) => ((t.sigmask | t.sigwaiting) & sigbit(r.sig)) === 0n);
    if (i < 0) return;
    const r = list.splice(i, 1)[0];
    if (list.length === 0) t.routed = null;
    if (t.sigwaiting !== 0n) t.sigwaitHandled = true;
    let m = t.sigmask | r.ctx.mask;
    if ((r.ctx.flags & SA_NODEFER) === 0) m |= sigbit(r.sig);
    yield* setNativeMask(n, m & ~UNBLOCKABLE);
    yield* runHandler(n, r.ctx, r.sig, r.info);
    yield* setNativeMask(n, t.sigmask);
  }
}

/**
 * A jump out of the handlers `t` ran (siglongjmp) lands in its code: the thread goes on with
 * the mask its native has now — the handler's, as the kernel left it when it dropped the frame,
 * or the one siglongjmp restored — as Pth's next context save would have recorded it.
 */
export function* adoptNativeMask(n: Native, t: UThread): Sim<void> {
  const old = { value: 0n };
  yield sys.rt_sigprocmask(SIG_BLOCK, null, old);
  n.mask = old.value;
  if (t.sigmask === old.value) return;
  countMask(n.proc, t.sigmask, -1);
  t.sigmask = old.value;
  countMask(n.proc, t.sigmask, 1);
}

/** Signals taken for `t` that it has not run yet (sigpending reports them). */
export function routedBits(t: UThread): bigint {
  let b = 0n;
  if (t.routed !== null) for (const r of t.routed) b |= sigbit(r.sig);
  return b;
}

/** Whether `t` has a taken signal it no longer blocks (pthread_sigmask then yields to run it). */
export function routedRunnable(t: UThread): boolean {
  return t.routed !== null && t.routed.some((r) => ((t.sigmask | t.sigwaiting) & sigbit(r.sig)) === 0n);
}

/** A taken signal in `set` for sigwait: removed and returned, or 0. */
export function takeRouted(t: UThread, set: bigint): number {
  return takeRoutedInfo(t, set)?.sig ?? 0;
}

/** A taken signal in `set` with its siginfo (sigwaitinfo): removed and returned, or null. */
export function takeRoutedInfo(t: UThread, set: bigint): Routed | null {
  if (t.routed === null) return null;
  const i = t.routed.findIndex((r) => (set & sigbit(r.sig)) !== 0n);
  if (i < 0) return null;
  const r = t.routed.splice(i, 1)[0];
  if (t.routed.length === 0) t.routed = null;
  return r;
}

// ---------------------------------------------------------------------------------------
// Masks

function* setNativeMask(n: Native, m: bigint): Sim<void> {
  if (n.mask === m) return;
  n.mask = m;
  yield sys.rt_sigprocmask(SIG_SETMASK, m, null);
}

/** A live thread got mask `m` (d = 1) or gave it up (d = -1). */
export function countMask(p: UProc, m: bigint, d: number): void {
  const c = (p.masks.get(m) ?? 0) + d;
  if (c > 0) p.masks.set(m, c);
  else p.masks.delete(m);
}

/** pth_sigblock: the signals every live thread blocks (all of them when there is none). */
export function idleMask(p: UProc): bigint {
  let m = ALL_SIGNALS;
  for (const k of p.masks.keys()) m &= k;
  return m;
}

/**
 * Before a native sleeps: take the idle mask. True if it changed — a signal may have been
 * delivered on the way back from rt_sigprocmask, so the caller looks at its queues again.
 */
export function* applyIdleMask(n: Native): Sim<boolean> {
  const m = idleMask(n.proc);
  if (m === n.mask) return false;
  yield* setNativeMask(n, m);
  return true;
}

/** A native that must take no signal at all (NGPT's watchdog). */
export function* blockAllSignals(n: Native): Sim<void> {
  yield* setNativeMask(n, ALL_SIGNALS);
}
