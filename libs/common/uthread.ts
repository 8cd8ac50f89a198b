/**
 * uthread.ts — creating, joining, ending and signalling user-level threads (NGPT and green).
 *
 * Mirrors: NGPT 2.2.1 / GNU Pth pth_lib.c — pth_init (the main thread becomes a user thread
 * of the first native's scheduler), pth_spawn (allocate a TCB, pick its queue, insert it as a
 * new thread: no system call), pth_join (wait for PTH_EVENT_TID, then free the TCB),
 * pth_exit (mark the thread dead; the scheduler reaps or hands it to the joiner; the last
 * thread's exit ends the process), pth_detach; pth_cancel.c's pth_raise and pth_sched.c's
 * per-thread `sigpending` (a signal for a user thread is raised on its native when the
 * scheduler next switches to it); pth_high.c's pth_sigmask (a per-thread mask at user level).
 *
 * Creation cost: no system call; a context is built and queued — charged as two user-level
 * switches plus two atomic operations (an estimate: makecontext-like setup and the queue lock).
 */

import {
  sys, uaccess, type Sim, EINVAL, ESRCH, EDEADLK, SIGKILL, SIGSTOP, SIG_BLOCK, SIG_UNBLOCK,
  SIG_SETMASK, SIGRTMIN_KERNEL, validSignal, defaultAction, type SigAction, EAGAIN,
} from '../../kernel/index.js';
import { PTHREAD_CANCELED, type Libc, type Program, type PthreadAttr, type Ref, type ThreadFn } from '../api.js';
import {
  UThread, M_EXIT, M_ABANDON, M_PARK, M_YIELD, prioBucket, US_DEAD, US_RUNNING, US_WAITING, UF_DETACHED, UF_MAIN,
  WAIT_INTR, WAIT_CANCEL, computeReq,
} from './uctx.js';
import {
  Native, UProc, nativeLoop, readyThread, selfNative, initNative, interruptWait, raisePending,
  type UschedHooks,
} from './usched.js';
import { KeyTable } from './portable.js';
import { countMask, signalWake, routedRunnable } from './usignal.js';
import { adoptForkState, type ForkState } from './ufork.js';
import type { Stdio } from './stdio.js';
import { runCleanups } from './cancel.js';

/** The default run-queue bucket (priority 0). */
export const DEFAULT_PRIO = prioBucket(0);

const UNBLOCKABLE = (1n << BigInt(SIGKILL - 1)) | (1n << BigInt(SIGSTOP - 1));

/**
 * pth_init for a new process (the program's start, or a fork child): native 0 is the calling
 * task and its generator is the scheduler loop itself (no frame in between, so every request
 * a user thread makes crosses one generator level fewer); the loop's first act is
 * `bootProcess`, which makes `first` user thread 1 — or, in a fork child, the copy of the
 * thread that forked (`fork`: ufork.ts, pth_fork).
 */
export function startProcess(hooks: UschedHooks, first: (libc: any) => Sim<unknown>, libc: Libc, exe: Program | null, fork: ForkState | null = null, stdio?: Stdio): Sim<never> {
  const p = new UProc(fork === null ? new KeyTable(true) : fork.keys, hooks);
  p.exe = exe;
  if (stdio) p.stdio = stdio; // a fork child's copy of its parent's buffers
  const n = new Native(p, 0);
  p.natives.push(n);
  p.pool.push(n);
  n.boot = () => bootProcess(n, first(libc), fork);
  return nativeLoop(n);
}

function* bootProcess(n: Native, gen: Sim<unknown>, fork: ForkState | null): Sim<void> {
  const p = n.proc;
  yield sys.set_tls(n);
  n.tid = (yield sys.gettid()) as number;
  p.tgid = (yield sys.getpid()) as number;
  const old: { value?: bigint } = {};
  yield sys.rt_sigprocmask(SIG_BLOCK, null, old);
  n.mask = old.value ?? 0n;
  initNative(n);
  const kept = fork === null ? 0 : yield* adoptForkState(n, fork);
  const m = new UThread(kept > 0 ? kept : p.nextId++, n, fork === null ? DEFAULT_PRIO : fork.prio, n.mask);
  m.flags |= UF_MAIN; // pth_fork: the kept thread becomes pth_main
  if (fork !== null) { m.specific = fork.specific; m.cleanup = fork.cleanup; }
  m.gen = gen;
  p.threads.set(m.id, m);
  countMask(p, m.sigmask, 1);
  p.live = 1;
  readyThread(m, undefined);
}

/** The main thread's body: main(libc, argv), then exit() with its value (crt0's exit(main())). */
export function* mainThread(libc: Libc, main: Program, argv: string[]): Sim<never> {
  const r = yield* main(libc, argv);
  return yield* libc.exit(typeof r === 'number' ? r : 0);
}

/** The first thread of a fork child: the child function, then exit(). */
export function* forkThread(libc: Libc, child: (libc: Libc) => Sim<number | void>): Sim<never> {
  const r = yield* child(libc);
  return yield* libc.exit(typeof r === 'number' ? r : 0);
}

/** Where a library puts a new thread: a native (NGPT may clone one) or a negative errno. */
export type PlaceFn = (p: UProc, t: UThread, attr: PthreadAttr | undefined) => Sim<Native | number>;

/** pth_spawn: build the TCB, choose its native, queue it. Returns the id or -errno. */
export function* createThread(libc: Libc, place: PlaceFn, start: ThreadFn, arg: unknown, attr?: PthreadAttr): Sim<number> {
  if (typeof start !== 'function') return -EINVAL;
  if (attr !== undefined && (attr === null || typeof attr !== 'object')) return -EINVAL;
  const n = selfNative();
  const p = n.proc;
  if (p.live >= p.hooks.threadsMax()) return -EAGAIN; // a thread bomb ends here, not in host memory
  const self = n.current ?? n.sched;
  const prio = attr?.priority !== undefined ? prioBucket(Number(attr.priority) || 0) : (self.id === 0 ? DEFAULT_PRIO : self.prio);
  const t = new UThread(p.nextId++, n, prio, self.sigmask);
  const home = yield* place(p, t, attr);
  if (typeof home === 'number') return home; // (the id stays used: place may have yielded)
  t.home = home;
  if (attr?.detached) t.flags |= UF_DETACHED;
  const c = uaccess.costs();
  yield computeReq(2 * c.userSwitch + 2 * c.atomicOp);
  t.gen = start(libc, arg);
  p.threads.set(t.id, t);
  countMask(p, t.sigmask, 1);
  p.live++;
  readyThread(t, undefined);
  return t.id;
}

/** pth_join: wait at user level for the thread to die, collect its value, free its TCB. */
export function* joinThread(id: number, retval: Ref<unknown> | null | undefined): Sim<number> {
  const n = selfNative();
  const self = n.current ?? n.sched;
  if (self.cancelreq) yield* cancelPoint(); // pth_join is a cancellation point
  const p = n.proc;
  const t = p.threads.get(id);
  if (t === undefined) return ESRCH;
  if (t === self || self.joiner === t) return EDEADLK;
  if (t.flags & UF_DETACHED || (t.joiner !== null && t.joiner !== self)) return EINVAL;
  if (t.state !== US_DEAD && !n.inUlt) {
    while (t.state !== US_DEAD) yield sys.sched_yield(); // a signal handler cannot park
  } else {
    // pth_join: wait again after a signal's handler ran (WAIT_SIGNAL), or after a cancellation
    // woke us (ucancel.ts) and cancellation was disabled meanwhile
    while (t.state !== US_DEAD) {
      t.joiner = self;
      self.state = US_WAITING;
      self.waitOn = t;
      if ((yield M_PARK) === WAIT_CANCEL) yield* cancelPoint();
    }
  }
  if (retval) retval.value = t.retval;
  p.threads.delete(id);
  const free = p.hooks.tcbFree(t); // pth_tcb_free
  if (free !== null) yield* free;
  return 0;
}

/**
 * pth_cancel_point (ucancel.ts explains cancellation): in a user thread with a request pending
 * and cancellation enabled, clear the request and exit with PTHREAD_CANCELED. Hot paths test
 * `t.cancelreq` before calling it, so a thread with no request pays no generator.
 */
export function* cancelPoint(): Sim<void> {
  const n = selfNative();
  const t = n.current;
  if (t === null || !n.inUlt || !t.cancelreq || (t.cancelstate & 1) === 0) return; // PTH_CANCEL_ENABLE
  t.cancelreq = false;
  yield* exitThread(PTHREAD_CANCELED);
}

/** pth_exit: the cleanup handlers, then the scheduler does the rest when it sees the marker. */
export function* exitThread(value: unknown): Sim<never> {
  let n = selfNative();
  if (!n.inUlt && n.current !== null && n.handlers > 0) {
    // A handler running in a user thread calls pthread_exit (C leaves the handler for good, as
    // pth_exit from a Pth handler does): the thread goes on as if it had called pthread_exit
    // itself — cleanup handlers, destructors, join value — and the handler is dropped.
    n.current.gen = exitThread(value);
    yield M_ABANDON;
  }
  const self = n.current ?? n.sched;
  if (n.inUlt && self.cleanup !== null) {
    yield* runCleanups(n.proc.hooks.libc, self); // pth_thread_cleanup
    n = selfNative(); // "cleanup may have changed the native thread"
  }
  self.retval = value;
  if (n.inUlt && n.proc.live === 1) return yield* n.proc.hooks.lastExit(self);
  yield M_EXIT;
  throw new Error('pthread_exit called outside a user thread (from a signal handler?)');
}

export function* detachThread(id: number): Sim<number> {
  const p = selfNative().proc;
  const t = p.threads.get(id);
  if (t === undefined) return ESRCH;
  if (t.flags & UF_DETACHED) return EINVAL;
  if (t.state === US_DEAD) {
    p.threads.delete(id);
    const free = p.hooks.tcbFree(t);
    if (free !== null) yield* free;
    return 0;
  }
  t.flags |= UF_DETACHED;
  return 0;
}

/**
 * pthread_kill to a user thread. The kernel knows only natives, so:
 *  - the target is running (or blocked in the kernel) on a native: tgkill that native now
 *    (unless it is the caller and blocks the signal: then it is recorded, as below);
 *  - it blocks the signal, or has a handler for it: record it in the thread; it is raised on
 *    its native when the scheduler next runs it; if the thread waits and does not block the
 *    signal it is woken for it (usignal.ts signalWake: pth_sched_eventmanager wakes a waiting
 *    thread with a pending unblocked signal), and a thread in sigwait re-checks;
 *  - its action is process-wide (default terminate, core, stop, continue): tgkill its native
 *    now, because the effect does not depend on which thread takes it;
 *  - it is ignored: nothing.
 */
export function* killThread(id: number, sig: number, queued?: { value: unknown }): Sim<number> {
  const n = selfNative();
  const p = n.proc;
  const t = p.threads.get(id);
  if (t === undefined) return ESRCH;
  // A dead thread not yet joined still exists: NGPT's pth_raise (pth_lib.c; thread_exists until
  // pth_tcb_free at join) and GNU Pth's (its dead queue) return 0 and raise it nowhere.
  if (t.state === US_DEAD) return validSignal(sig) || sig === 0 ? 0 : EINVAL;
  if (sig === 0) return 0;
  if (!validSignal(sig)) return EINVAL;
  const bit = 1n << BigInt(sig - 1);
  if (t.state === US_RUNNING) {
    // raise() of a signal the caller blocks: keep it with the thread, not on the native,
    // where the next user thread to unblock it would take it.
    if (t === n.current && n.inUlt && (t.sigmask & bit) !== 0n) { record(t, sig, queued); return 0; }
    return yield* tgkillNative(p, t.home as Native, sig, queued);
  }
  if ((t.sigmask & bit) === 0n) {
    const old: { value?: SigAction } = {};
    yield sys.rt_sigaction(sig, null, old);
    const h = old.value?.handler ?? 0;
    if (h === 1) return 0;
    if (h === 0) {
      const act = defaultAction(sig);
      if (act === 'ign') return 0;
      return yield* tgkillNative(p, t.home as Native, sig, queued);
    }
  }
  record(t, sig, queued);
  if ((t.sigmask & bit) === 0n) signalWake(t);
  else if (p.sigwaiters.includes(t)) interruptWait(t, WAIT_INTR);
  return 0;
}

/** pthread_sigqueue's value goes with the signal: rt_tgsigqueueinfo instead of tgkill. */
function* tgkillNative(p: UProc, n: Native, sig: number, queued?: { value: unknown }): Sim<number> {
  const r = (yield queued ? sys.tgsigqueue(p.tgid, n.tid, sig, queued.value) : sys.tgkill(p.tgid, n.tid, sig)) as number;
  return r < 0 ? -r : 0;
}

/**
 * A signal kept with the thread until it runs and unblocks it. A standard one already recorded
 * is discarded (rule 14); pthread_sigqueue's real-time instances queue with their values (a
 * pthread_kill of a real-time signal still records one bare instance, as before).
 */
function record(t: UThread, sig: number, queued?: { value: unknown }): void {
  const bit = 1n << BigInt(sig - 1);
  const had = (t.sigpend & bit) !== 0n;
  t.sigpend |= bit;
  if (!had) {
    if (queued) (t.sigvals ??= new Map()).set(sig, [queued.value]);
    else t.sigvals?.delete(sig);
    return;
  }
  const vals = t.sigvals?.get(sig);
  if (queued && vals !== undefined && sig >= SIGRTMIN_KERNEL) vals.push(queued.value);
}

/** pth_sigmask: the mask is the thread's; its native takes it now if the thread is running. */
export function* sigmaskThread(how: number, set: bigint | null, old: Ref<bigint> | null | undefined): Sim<number> {
  const n = selfNative();
  if (!n.inUlt) {
    // A signal handler: the kernel's mask of the native, restored by its sigreturn, as in C.
    const r = (yield sys.rt_sigprocmask(how, set ?? null, old ?? null)) as number;
    return r < 0 ? -r : 0;
  }
  const self = n.current!;
  const prev = self.sigmask;
  // As the kernel's rt_sigprocmask, which pth_sigmask calls: with no new set, `how` is not
  // looked at (the old mask is just read); a bad `how` writes no old mask.
  if (set === null || set === undefined) { if (old) old.value = prev; return 0; }
  if (typeof set !== 'bigint') return EINVAL;
  if (how !== SIG_BLOCK && how !== SIG_UNBLOCK && how !== SIG_SETMASK) return EINVAL;
  if (old) old.value = prev;
  let next = how === SIG_BLOCK ? prev | set : how === SIG_UNBLOCK ? prev & ~set : set;
  next &= ~UNBLOCKABLE;
  self.sigmask = next;
  countMask(n.proc, prev, -1);
  countMask(n.proc, next, 1);
  n.mask = next;
  yield sys.rt_sigprocmask(SIG_SETMASK, next, null);
  if ((self.sigpend & ~next) !== 0n) yield* raisePending(n, self);
  if (routedRunnable(self)) yield M_YIELD; // the scheduler runs what was taken for us (runRouted)
  return 0;
}
