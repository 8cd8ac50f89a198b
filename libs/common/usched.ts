/**
 * usched.ts — the user-level scheduler that runs inside a native task: the scheduler loop,
 * the event manager (timers and parked file descriptors), idling, and waking a sleeping native.
 * Shared by NGPT (several natives) and the green-thread library (one).
 *
 * Mirrors: NGPT 2.2.1 pth_sched.c — pth_scheduler (the endless loop: pick the first thread of
 * the ready queue, switch to it, and when it comes back move it to the wait queue, back to the
 * ready queue, or to the dead queue), pth_sched_eventmanager (decide which waiting threads'
 * events occurred: timers checked against "now", file descriptors polled all at once; poll
 * with a zero timeout when threads are ready, sleep in select() with the next timer as timeout
 * when none is), pth_native.c (the per-native descriptor pth_descr_st with its ready and wait
 * queues; pth_wakeup_anative / the write to a native's `sigpipe` that wakes its select()).
 *
 * The kernel-visible side. A native's kernel stack holds exactly one generator of ours:
 * `nativeLoop`. It resumes the current user thread's generator; a `Req` the thread yields is
 * forwarded to the kernel (`v = yield req`) and the result fed back, so compute bursts and
 * system calls of a user thread are the native's; a marker (uctx.ts) returns control to the
 * loop. The kernel never sees a user thread.
 *
 * Waking another native is the only thing user-level synchronisation needs the kernel for.
 * `readyThread` is synchronous (it must be: a thread queues itself and parks with no yield in
 * between, or a wake-up could be lost); when the target native is idle it notes the native in
 * the caller's `wakes` list, and the caller's scheduler loop issues the futex wake (or the
 * pipe write, when the target sleeps in poll) before it forwards the next request or after
 * the thread parks — or, when a signal handler readied the thread, the library's handler
 * frame does before the handler's next request (usignal.ts), so no wake-up waits for the
 * waker to return to its loop. The futex word is set at once, so a native about to sleep sees it.
 *
 * Simplifies: no load average, no priority aging, no suspend queue; events are the handful the
 * wrappers need (time, fd readiness), not Pth's general event rings.
 */

import {
  sys, uaccess, type Sim, type Req, type UserSchedPerturb, FUTEX_WAIT, FUTEX_WAKE, FUTEX_PRIVATE_FLAG, O_NONBLOCK,
  SIG_SETMASK, POLLIN, USER_LEFT_YIELD, USER_LEFT_WAIT, USER_LEFT_EXIT, HandlerExit,
} from '../../kernel/index.js';
import {
  UThread, RunQueue, TimerHeap, M_YIELD, M_EXIT, NR_UPARK, NR_UEXIT, US_READY, US_RUNNING, US_WAITING,
  US_DEAD, UF_DETACHED, UF_BOUND, UF_INTR, UF_LAST, computeReq,
} from './uctx.js';
import type { ProcessBase } from './libc_base.js';
import type { Program } from '../api.js';
import type { KeyTable } from './portable.js';
import { runRouted, countMask, applyIdleMask, adoptNativeMask } from './usignal.js';
import { Stdio } from './stdio.js';

/** How a native sleeps when it has nothing to run. */
export const IDLE_NO = 0;
export const IDLE_FUTEX = 1;
export const IDLE_POLL = 2;

/** A parked fd wait: Pth's PTH_EVENT_FD, doubling as the struct pollfd handed to poll(). */
export interface FdWait {
  fd: number;
  events: number;
  revents: number;
}

/** What the scheduler needs from the library around it. */
export interface UschedHooks {
  /** A thread ended: run its key destructors (pthread_key_create). */
  threadDied(t: UThread): void;
  /** Work was queued on a native that is busy (NGPT arms its watchdog). */
  queuedBusy(p: UProc, n: Native): void;
  /** The most user threads a process may have alive (the library's `threadsMax` option). */
  threadsMax(): number;
  /** A dead thread's TCB is freed (join, detach, or the scheduler's reap): its library's work, or null. */
  tcbFree(t: UThread): Sim<void> | null;
  /** The last live thread ends: what it runs instead (key destructors, then exit(0)). */
  lastExit(t: UThread): Sim<never>;
  /** What a thread with an asynchronous cancellation pending runs instead of its code. */
  cancelExit(t: UThread): Sim<never>;
  /** The C library the threads run with (cleanup handlers are called with it). */
  readonly libc: unknown;
  /**
   * A condition wait by a thread that does not hold the mutex: EINVAL (NGPT's pth_cond_await
   * checks mx_owner) or, false, wait anyway (GNU Pth's pth_mutex_release fails and is ignored).
   */
  readonly condChecksOwner: boolean;
}

/** Per-process library state: every native of the process points here. */
export class UProc implements ProcessBase {
  slowFd = -1;
  /** The program this process runs (execve('/proc/self/exe')). */
  exe: Program | null = null;
  /** stdout/stderr and the atexit handlers (copied into a fork child). */
  stdio = new Stdio();
  /** The O_NONBLOCK descriptor of /dev/slow used by the wrapped read_slow_device. */
  slowNbFd = -1;
  natives: Native[] = [];
  /** Natives that take process-scope threads (all but the system-scope ones). */
  pool: Native[] = [];
  threads = new Map<number, UThread>();
  nextId = 1;
  /** User threads not yet dead. When it drops to 0 the process exits with status 0. */
  live = 0;
  tgid = 0;
  /** Round-robin cursor for placing new process-scope threads. */
  rr = 0;
  /** Threads parked in a wrapped sigwait (woken to re-check when the process signals itself). */
  sigwaiters: UThread[] = [];
  /** The watchdog (NGPT), a Native-shaped record for requestWake; null if none. */
  watchdog: Native | null = null;
  /** How many live threads have each signal mask (usignal.ts `idleMask`). */
  masks = new Map<bigint, number>();
  constructor(readonly keys: KeyTable, readonly hooks: UschedHooks) {}
}

/** pth_descr_st: one native (kernel task) and its user-level scheduler state. */
export class Native {
  tid = 0;
  /** The user thread running now, or null while the scheduler itself runs. */
  current: UThread | null = null;
  /** The scheduler's own descriptor: errno and identity (0) for code run with no current thread. */
  readonly sched: UThread;
  /** The thread dispatched last (a switch is charged only when the next one differs). */
  last: UThread | null = null;
  readonly rq = new RunQueue();
  readonly timers = new TimerHeap();
  /** Threads parked on a file descriptor. */
  readonly fdw: UThread[] = [];
  idle = IDLE_NO;
  /** Futex word the native sleeps on when idle. */
  word = 0;
  /** The "sigpipe": written to wake this native out of poll(). -1 none yet, -2 unavailable. */
  wakeR = -1;
  wakeW = -1;
  /** Natives this one must wake before it next yields to the kernel. */
  wakes: Native[] = [];
  wakePending = false;
  /** The signal mask the kernel has for this native (applied lazily per thread). */
  mask = 0n;
  /** True exactly while a user thread's own code runs (not a signal handler, not the loop). */
  inUlt = false;
  /** Program handlers running on this native now (usignal.ts runHandler). */
  handlers = 0;
  /** A system-scope native runs only this thread. */
  bound: UThread | null = null;
  /** Native 0 of a new process: the setup its loop runs first (startProcess). */
  boot: (() => Sim<void>) | null = null;
  /** Dispatch counter: the watchdog's measure of progress. */
  dispatches = 0;
  seenDispatches = 0;
  /** The kernel's schedule perturbation when the run has one (pickPerturbed), else null. */
  pct: UserSchedPerturb | null = null;
  constructor(readonly proc: UProc, readonly idx: number) {
    this.sched = new UThread(0, this, 0, 0n);
  }
}

/** The native of the running task (its thread pointer). */
export function selfNative(): Native {
  return uaccess.getTls<Native>();
}

/** The calling user thread (or the scheduler's descriptor, in the library's code between threads). */
export function selfThread(): UThread {
  const n = uaccess.getTls<Native>();
  return n.current ?? n.sched;
}

// ---------------------------------------------------------------------------------------
// Readying and waking

/** Make `t` runnable on its home native with `v` as the value its park returns. */
export function readyThread(t: UThread, v: unknown): void {
  t.resume = v;
  t.state = US_READY;
  t.waitOn = null;
  t.flags &= ~UF_INTR;
  const h = t.home as Native;
  h.rq.push(t);
  uaccess.traceUserReady(t.id, readyBy);
  if (h.idle !== IDLE_NO) requestWake(h);
  else if (h !== selfNative() || h.current !== null) h.proc.hooks.queuedBusy(h.proc, h);
}

/** For the trace: the user thread running on the calling native (0: its scheduler). */
function readyBy(): number {
  const c = selfNative().current;
  return c === null ? 0 : c.id;
}

/** Note that idle native `h` must be woken; the caller's loop issues the system call. */
export function requestWake(h: Native): void {
  if (h.idle === IDLE_FUTEX) uaccess.ustore(h.word, 1);
  const me = selfNative();
  if (me === h || h.wakePending) return;
  h.wakePending = true;
  me.wakes.push(h);
}

/** Issue the wake-ups this native owes: FUTEX_WAKE, or a byte down the target's pipe. */
export function* flushWakes(n: Native): Sim<void> {
  while (n.wakes.length > 0) {
    const h = n.wakes.pop()!;
    h.wakePending = false;
    if (h.idle === IDLE_FUTEX) yield sys.futex(h.word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1);
    else if (h.idle === IDLE_POLL && h.wakeW >= 0) yield sys.write(h.wakeW, '!');
  }
}

// ---------------------------------------------------------------------------------------
// The scheduler loop

/** pth_scheduler: the native's whole life. Never returns (the process or native exits). */
export function* nativeLoop(n: Native): Sim<never> {
  if (n.boot !== null) { const b = n.boot; n.boot = null; yield* b(); }
  for (;;) {
    if (n.wakes.length > 0) yield* flushWakes(n);
    if (n.timers.size > 0) expireTimers(n, uaccess.vdsoNow());
    if (n.fdw.length > 0) yield* pollFds(n, 0);
    const t = n.pct === null ? n.rq.shift() : pickPerturbed(n, n.pct);
    if (t === null) { yield* idleWait(n); continue; }
    let jump: unknown = null;
    try {
      yield* switchTo(n, t);
    } catch (e) {
      jump = yield* landJump(n, t, e); // a handler run at dispatch left by siglongjmp
    }
    let v = t.resume;
    t.resume = undefined;
    t.state = US_RUNNING;
    if (t.cancelreq && (t.cancelstate & 5) === 5) { // PTH_CANCEL_ENABLE|ASYNCHRONOUS: ucancel.ts
      t.cancelreq = false;
      t.gen = n.proc.hooks.cancelExit(t);
      v = undefined;
      jump = null;
    }
    let x: Req;
    for (;;) {
      n.inUlt = true;
      const r = jump === null ? t.gen!.next(v) : t.gen!.throw(jump);
      jump = null;
      n.inUlt = false;
      if (r.done) {
        t.retval = r.value;
        if (n.proc.live === 1 && (t.flags & UF_LAST) === 0) { // pth_exit's exit_process branch
          t.flags |= UF_LAST;
          t.gen = n.proc.hooks.lastExit(t);
          v = undefined;
          continue;
        }
        x = M_EXIT;
        break;
      }
      x = r.value;
      const nr = x.nr;
      if (nr <= NR_UPARK && nr >= NR_UEXIT) break;
      try {
        if (n.wakes.length > 0) yield* flushWakes(n);
        v = yield x;
      } catch (e) {
        jump = yield* landJump(n, t, e); // the kernel dropped a handler frame left by siglongjmp
      }
    }
    n.current = null;
    uaccess.traceUserDispatch(0, x === M_YIELD ? USER_LEFT_YIELD : x === M_EXIT ? USER_LEFT_EXIT : USER_LEFT_WAIT);
    if (x === M_YIELD) { t.state = US_READY; n.pct?.demote(t); n.rq.push(t); }
    else if (x === M_EXIT) yield* threadExit(n, t);
    else t.state = US_WAITING; // M_PARK: it is on a wait list already
  }
}

/**
 * A jump out of a signal handler run for thread `t` (kernel/signal.ts HandlerExit): thrown into
 * the thread's code, where its target is; the thread takes the mask the jump left (usignal.ts).
 */
function* landJump(n: Native, t: UThread, e: unknown): Sim<unknown> {
  if (!(e instanceof HandlerExit)) throw e;
  yield* adoptNativeMask(n, t);
  return e;
}

/**
 * A perturbed run (kernel sched_pct.ts, the same PCT policy the kernel's scheduler follows):
 * each dispatch is a step; the thread of highest PCT priority runs, unless a change point
 * drops its priority at this step and another thread goes first. The library stays
 * non-preemptive: a thread still runs until it parks, yields or exits.
 */
function pickPerturbed(n: Native, pct: UserSchedPerturb): UThread | null {
  if (!pct.perturbing) {
    const t = n.rq.shift();
    if (t !== null) pct.point(t);
    return t;
  }
  let t = n.rq.best(pct);
  if (t === null) return null;
  if (pct.point(t)) t = n.rq.best(pct)!;
  n.rq.remove(t);
  return t;
}

/**
 * Switch the native to `t`: the user-level switch cost, its trace, its mask, its signals.
 * Every dispatch costs a switch, even back to the thread that just yielded (pth_yield goes
 * through the scheduler's context and back), and at least 1 ns: a thread spinning on
 * sched_yield must let virtual time pass, or no other native would ever run.
 */
function* switchTo(n: Native, t: UThread): Sim<void> {
  n.dispatches++;
  if (n.last !== t) {
    uaccess.traceUserSwitch(n.last === null ? 0 : n.last.id, t.id);
    n.last = t;
  }
  const c = uaccess.costs().userSwitch;
  yield computeReq(c > 1 ? c : 1);
  n.current = t;
  uaccess.traceUserDispatch(t.id);
  if (t.sigmask !== n.mask) {
    n.mask = t.sigmask;
    yield sys.rt_sigprocmask(SIG_SETMASK, t.sigmask, null);
  }
  if (t.sigpend !== 0n) yield* raisePending(n, t);
  if (t.routed !== null) yield* runRouted(n, t);
}

/**
 * Thread-directed signals recorded for a user thread (pthread_kill while it was not running)
 * are raised on its native now that it runs: a tgkill to the native itself, delivered on the
 * way back from that call, so the handler runs with this thread current (NGPT's scheduler does
 * the same with k_tkill before switching to the thread). Signals it blocks stay recorded.
 */
export function* raisePending(n: Native, t: UThread): Sim<void> {
  for (let sig = 1; sig <= 64 && t.sigpend !== 0n; sig++) {
    const bit = 1n << BigInt(sig - 1);
    if ((t.sigpend & bit) === 0n || (t.sigmask & bit) !== 0n) continue;
    t.sigpend &= ~bit;
    const vals = t.sigvals?.get(sig);
    if (vals !== undefined) { // pthread_sigqueue's values go with it, each instance queued
      t.sigvals!.delete(sig);
      for (const v of vals) yield sys.tgsigqueue(n.proc.tgid, n.tid, sig, v);
    }
    else yield sys.tgkill(n.proc.tgid, n.tid, sig);
  }
}

/** A thread finished: join bookkeeping at user level; the last one out exits the process. */
function* threadExit(n: Native, t: UThread): Sim<void> {
  const p = n.proc;
  t.state = US_DEAD;
  t.gen = null;
  countMask(p, t.sigmask, -1);
  p.hooks.threadDied(t);
  p.live--;
  const reap = (t.flags & UF_DETACHED) !== 0;
  if (reap) p.threads.delete(t.id);
  else if (t.joiner !== null) readyThread(t.joiner, t);
  if (n.wakes.length > 0) yield* flushWakes(n);
  if (p.live === 0) yield sys.exit_group(0);
  const free = reap ? p.hooks.tcbFree(t) : null; // the scheduler frees a detached thread
  if (free !== null) yield* free;
  if (t.flags & UF_BOUND) {
    n.bound = null;
    p.natives.splice(p.natives.indexOf(n), 1);
    if (n.wakeR >= 0) { yield sys.close(n.wakeR); yield sys.close(n.wakeW); }
    yield sys.exit(0);
  }
}

// ---------------------------------------------------------------------------------------
// The event manager

/** The value a timed wait's park returns when its time is up (-ETIMEDOUT). */
export const TIMED_OUT = -110;

/** Move threads whose timed wait expired to the ready queue. */
export function expireTimers(n: Native, now: number): void {
  for (let t = n.timers.popExpired(now); t !== null; t = n.timers.popExpired(now)) {
    const w = t.waitOn as { waiters?: { remove(t: UThread): boolean } } | null;
    if (w !== null && w.waiters) w.waiters.remove(t);
    if (w instanceof PollWait) n.fdw.splice(n.fdw.indexOf(t), 1); // a poll() timed out
    readyThread(t, TIMED_OUT);
  }
}

/** A wrapped poll() parked on several descriptors at once (Pth's PTH_EVENT_SELECT). */
export class PollWait {
  constructor(readonly fds: FdWait[]) {}

  /** The events that occurred, all descriptors together (0: none yet). */
  revents(): number {
    let r = 0;
    for (const f of this.fds) r |= f.revents;
    return r;
  }
}

/**
 * Poll the parked descriptors (timeout 0: check only; otherwise sleep in poll until one is
 * ready, the next timer, or another native writes to our pipe). Ready threads are readied.
 */
function* pollFds(n: Native, timeoutNs: number): Sim<void> {
  const fds: FdWait[] = [];
  for (const t of n.fdw) {
    const w = t.waitOn as FdWait | PollWait;
    if (w instanceof PollWait) for (const f of w.fds) { f.revents = 0; fds.push(f); }
    else { w.revents = 0; fds.push(w); }
  }
  let wake: FdWait | null = null;
  if (timeoutNs !== 0 && needsWakePipe(n)) {
    if (n.wakeR === -1) yield* openWakePipe(n);
    if (n.wakeR >= 0) { wake = { fd: n.wakeR, events: POLLIN, revents: 0 }; fds.push(wake); }
    else if (timeoutNs < 0 || timeoutNs > WAKE_FALLBACK_NS) timeoutNs = WAKE_FALLBACK_NS;
  }
  if (timeoutNs !== 0) n.idle = IDLE_POLL;
  const r = (yield sys.poll(fds, timeoutNs)) as number;
  n.idle = IDLE_NO;
  if (r <= 0) return;
  for (let i = n.fdw.length - 1; i >= 0; i--) {
    const t = n.fdw[i];
    const w = t.waitOn as FdWait | PollWait;
    const rev = w instanceof PollWait ? w.revents() : w.revents;
    if (rev === 0) continue;
    n.fdw.splice(i, 1);
    n.timers.remove(t);
    readyThread(t, rev);
  }
  if (wake !== null && wake.revents !== 0) yield sys.read(n.wakeR, 64);
}

/** Without a wake pipe, a native sleeping in poll re-checks its queue this often. */
const WAKE_FALLBACK_NS = 10_000_000;

function needsWakePipe(n: Native): boolean {
  return n.proc.natives.length > 1 || n.proc.watchdog !== null;
}

function* openWakePipe(n: Native): Sim<void> {
  const r = (yield sys.pipe(O_NONBLOCK)) as [number, number] | number;
  if (typeof r === 'number') { n.wakeR = -2; return; }
  n.wakeR = r[0];
  n.wakeW = r[1];
}

/** Nothing is ready: sleep until the next timer, a descriptor, or a waker. */
function* idleWait(n: Native): Sim<void> {
  const dl = n.timers.first();
  const now = uaccess.vdsoNow();
  if (dl <= now) return;
  if (yield* applyIdleMask(n)) return; // the loop looks again: a signal may have readied a thread
  const timeout = dl === Infinity ? -1 : dl - now;
  if (n.fdw.length > 0) { yield* pollFds(n, timeout); return; }
  n.idle = IDLE_FUTEX;
  uaccess.ustore(n.word, 0);
  yield sys.futex(n.word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, timeout < 0 ? null : timeout);
  n.idle = IDLE_NO;
}

// ---------------------------------------------------------------------------------------
// Parking helpers used by the wrappers (all synchronous: the caller yields M_PARK right after)

/** Queue the calling thread on its native's timer heap until `deadline`. */
export function waitUntil(t: UThread, deadline: number, intr: boolean): void {
  t.state = US_WAITING;
  if (intr) t.flags |= UF_INTR;
  (t.home as Native).timers.add(t, deadline);
}

/** Queue the calling thread on its native's fd waiters (one descriptor, or a poll's set). */
export function waitFd(t: UThread, w: FdWait | PollWait): void {
  t.state = US_WAITING;
  t.flags |= UF_INTR;
  t.waitOn = w;
  (t.home as Native).fdw.push(t);
}

/**
 * A signal arrived for a thread parked in an interruptible wait: take it off whatever it waits
 * on and make it runnable with WAIT_INTR. Returns false if it was not in such a wait.
 */
export function interruptWait(t: UThread, v: unknown): boolean {
  if (t.state !== US_WAITING || (t.flags & UF_INTR) === 0) return false;
  leaveEventWaits(t);
  readyThread(t, v);
  return true;
}

/** Take a waiting thread off the event manager's lists: its timer, fd waits and sigwait. */
export function leaveEventWaits(t: UThread): void {
  const n = t.home as Native;
  n.timers.remove(t);
  const i = n.fdw.indexOf(t);
  if (i >= 0) n.fdw.splice(i, 1);
  const j = n.proc.sigwaiters.indexOf(t);
  if (j >= 0) n.proc.sigwaiters.splice(j, 1);
}

/** Create a native's idle futex word in the process's memory. */
export function initNative(n: Native): void {
  n.word = uaccess.umalloc(1);
  n.pct = uaccess.schedPerturb();
}
