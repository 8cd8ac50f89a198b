/**
 * ulibc.ts — the C library of the user-level thread libraries (NGPT and green): LibcBase's
 * wrappers plus user-level threads, mutexes, condition variables, per-thread signal state,
 * and the wrapped blocking calls. A library subclasses it and says where threads go
 * (`place`) and what happens when work queues up on a busy native (`queuedBusy`).
 *
 * Mirrors: NGPT 2.2.1's pthread.c (the POSIX names mapped onto pth_* calls) over pth_lib.c,
 * pth_sync.c, pth_high.c; the same shape as GNU Pth's pthread.c for the M:1 case.
 *
 * Where calls run: `cur()` is the running user thread of the calling native (read through
 * the native's thread pointer); a signal handler runs in a user thread too (the one it
 * interrupted, or the one the library took the signal for: usignal.ts), but on the native's
 * kernel stack, outside the thread's own context, so calls that would park the thread fall back
 * to the kernel (or to spinning) when made from a handler. The scheduler's descriptor (id 0) is
 * `cur()` only for the library's own code between threads.
 */

import { ENOSYS, EINVAL, SIGSEGV, SIG_SETMASK, type Req, type Sim, type SigInfo } from '../../kernel/index.js';
import { ATTR_FAULT } from './libc_sched.js';
import { wrappedSigtimedwait } from './usigwait.js';
import type {
  Libc, Program, Ref, ThreadFn, PthreadAttr, pthread_t, MutexType, pthread_mutex_t,
  pthread_cond_t, Sigaction, SigDisposition, pthread_rwlock_t, pthread_rwlockattr_t, pthread_spinlock_t, Rusage,
} from '../api.js';
import { rusageFromKernel, type KRusage } from './libc_proc.js';
import { LibcBase } from './libc_base.js';
import type { Stdio } from './stdio.js';
import { listLibraries } from '../index.js';
import { UThread, M_YIELD, WAIT_INTR } from './uctx.js';
import { cancelPoint, cancelThread, setcancelstate, setcanceltype } from './ucancel.js';
import { PTHREAD_CANCELED } from '../api.js';
import { Native, UProc, selfNative, selfThread, interruptWait, type UschedHooks } from './usched.js';
import {
  startProcess, mainThread, forkThread, createThread, joinThread, exitThread, detachThread,
  killThread, sigmaskThread, type PlaceFn,
} from './uthread.js';
import {
  mutexInit, mutexLock, mutexTrylock, mutexTimedlock, mutexUnlock, mutexDestroy, condWait, condSignal,
  condBroadcast, condDestroy, UCond, releaseAll,
} from './umutex.js';
import { uKernelHandler, routedBits } from './usignal.js';
import { URwlock, rwlockAcquire, rwlockRelease, rwlockDestroy, rwlockTimed, type PthFlavour } from './urwlock.js';
import { spinInit, spinDestroy, spinLock, spinTrylock, spinUnlock } from './uspin.js';
import { rwlockattrOf, type PsharedRule } from './rwlockattr.js';
import { takeForkState, type ForkState } from './ufork.js';
import {
  wrappedRead, wrappedWrite, wrappedSlowRead, wrappedNanosleep, wrappedWaitpid, wrappedWaitid, wrappedSigwait,
  wrappedPoll, wrappedSelect, wrappedPause, type WrapSet,
} from './uwrap.js';

export abstract class ULibc extends LibcBase {
  /** GNU Pth's pth_attr.c (and NGPT's pth_spawn): a_stacksize = 64*1024. */
  protected defaultStacksize(): number { return 64 * 1024; }
  protected readonly hooks: UschedHooks;
  private readonly placeFn: PlaceFn;

  /**
   * Live user threads a process may have (PTH_MAX_THREADS-like; green and NGPT had no fixed
   * table, so the default is high: 2^20, enough for the million-thread benchmark). Beyond it
   * pthread_create returns EAGAIN, so a thread bomb ends in the library, not in host memory.
   */
  threadsMax = UTHREADS_MAX;
  /** A user thread's requests pass through its native's scheduler: never run them inline. */
  override run_now(_req: Req): boolean { return false; }
  /** A condition wait on a mutex the caller does not hold: EINVAL (NGPT) or wait anyway (Pth). */
  protected get condChecksOwner(): boolean { return false; }

  constructor(readonly wrap: WrapSet) {
    super();
    this.hooks = {
      threadDied: (t: UThread) => { this.runKeyDestructors(t); releaseAll(t); }, // pth_thread_cleanup
      queuedBusy: (p: UProc, n: Native) => this.queuedBusy(p, n),
      threadsMax: () => this.threadsMax,
      tcbFree: (t: UThread) => this.tcbFree(t),
      lastExit: (t: UThread) => this.lastThreadExit(t),
      cancelExit: () => exitThread(PTHREAD_CANCELED),
      libc: this,
      condChecksOwner: this.condChecksOwner,
    };
    this.placeFn = (p, t, attr) => this.place(p, t, attr);
  }

  /** Choose (or create) the native a new thread lives on; a negative errno refuses it. */
  protected abstract place(p: UProc, t: UThread, attr: PthreadAttr | undefined): Sim<Native | number>;
  /** Work was queued on a native that is running something else. */
  protected abstract queuedBusy(p: UProc, n: Native): void;
  /** A dead thread's TCB is freed: what the library does then (NGPT unmaps its stack), or null. */
  protected tcbFree(_t: UThread): Sim<void> | null { return null; }

  /**
   * The last user thread is ending (it returned, or called pthread_exit): NGPT's pth_exit
   * "exit[s] the process only when thread count becomes 1" — its key destructors, then
   * exit(0), so the atexit handlers run in this thread and stdio is flushed (as NPTL, rule 28).
   */
  private *lastThreadExit(t: UThread): Sim<never> {
    this.runKeyDestructors(t);
    return yield* this.exit(0);
  }

  protected cur(): UThread { return selfThread(); }
  protected proc(): UProc { return selfNative().proc; }

  /** crt0: this task becomes native 0, main becomes user thread 1. */
  entry(main: Program, argv: string[]): Sim<never> {
    return startProcess(this.hooks, (libc: Libc) => mainThread(libc, main, argv), this, main);
  }

  _crt0(main: Program, argv: string[]): Sim<unknown> { return this.entry(main, argv); }

  /** pth_fork, in the parent: what the child keeps of the calling thread (ufork.ts). */
  protected override forkState(): unknown {
    return takeForkState(selfNative());
  }

  /** pth_fork, in the child: a new scheduler on one native, running the copy of the caller. */
  override _forkChild(child: (libc: Libc) => Sim<number | void>, state: unknown, stdio: Stdio): Sim<never> {
    return startProcess(this.hooks, (libc: Libc) => forkThread(libc, child), this, selfNative().proc.exe, (state as ForkState | undefined) ?? null, stdio);
  }

  protected *atforkChild(): Sim<void> { /* _forkChild builds the child's state (ufork.ts) */ }

  // ---- threads ----
  pthread_create<A>(start: ThreadFn<A>, arg?: A, attr?: PthreadAttr): Sim<pthread_t> {
    if (attr?.affinity !== undefined) return noAffinityAttr();
    const e = this.attrSchedError(attr);
    if (e !== 0) return schedAttrRefused(e);
    return createThread(this, this.placeFn, start as ThreadFn, arg, attr);
  }

  /**
   * A user thread has no kernel task of its own: it runs on whichever native the scheduler
   * gives it (NGPT) or on the one native (green). NGPT 2.2.1 and GNU Pth have no
   * pthread_setaffinity_np, pthread_getaffinity_np or affinity attribute (glibc added them to
   * NPTL in 2.3.3), so they fail with ENOSYS. sched_setaffinity(0, ...) still works: it is
   * the C library's system call, and pins the native the caller runs on (under green, the
   * whole process) — test/conformance/deviations.ts names both.
   */
  protected *threadTid(_t: pthread_t): Sim<number> { return -ENOSYS; }
  pthread_join(t: pthread_t, retval?: Ref<unknown> | null): Sim<number> { return joinThread(t, retval); }
  pthread_exit(value?: unknown): Sim<never> { return exitThread(value); }
  *pthread_self(): Sim<pthread_t> { return selfThread().id; }
  pthread_detach(t: pthread_t): Sim<number> { return detachThread(t); }

  // ---- cancellation (ucancel.ts: Pth's cancelreq and cancellation points) ----
  pthread_cancel(t: pthread_t): Sim<number> { return cancelThread(t); }
  pthread_setcancelstate(state: number, old?: Ref<number> | null): Sim<number> { return setcancelstate(state, old); }
  pthread_setcanceltype(type: number, old?: Ref<number> | null): Sim<number> { return setcanceltype(type, old); }
  pthread_testcancel(): Sim<void> { return cancelPoint(); }
  /** A call that goes to the kernel: cancellation points before and after, nothing interrupts it. */
  protected *cancelEnter(): Sim<number> {
    if (cancelRequested()) yield* cancelPoint();
    return 0;
  }
  protected *cancelLeave(_old: number): Sim<void> {
    if (cancelRequested()) yield* cancelPoint();
  }

  pthread_kill(t: pthread_t, sig: number): Sim<number> { return killThread(t, sig); }
  /** Neither NGPT 2.2.1 nor GNU Pth has it: the lab's, pthread_kill carrying the value (uthread.ts). */
  pthread_sigqueue(t: pthread_t, sig: number, value?: unknown): Sim<number> { return killThread(t, sig, { value }); }

  override pthread_sigmask(how: number, set: bigint | null, old?: Ref<bigint> | null): Sim<number> {
    return sigmaskThread(how, set, old);
  }

  override *sigprocmask(how: number, set: bigint | null, old?: Ref<bigint> | null): Sim<number> {
    const r = yield* sigmaskThread(how, set, old);
    return r === 0 ? 0 : this.setErrno(r);
  }

  /** The native's pending signals plus those recorded or taken for this user thread. */
  override *sigpending(out: Ref<bigint>): Sim<number> {
    const r = yield* super.sigpending(out);
    const t = selfThread();
    if (r === 0) out.value = (out.value ?? 0n) | t.sigpend | routedBits(t);
    return r;
  }

  /** Every handler runs in the library's frame (usignal.ts): taken for a thread, wakes sent. */
  protected override kernelHandler(h: SigDisposition, act?: Sigaction): unknown {
    return uKernelHandler(this, h, act);
  }

  override *sigwait(set: bigint, sig: Ref<number>): Sim<number> {
    if (!this.wrap.sigwait || direct(selfNative(), false)) return yield* super.sigwait(set, sig);
    if (cancelRequested()) yield* cancelPoint();
    return yield* wrappedSigwait(set, sig);
  }

  /**
   * pth_sigwait_ev's check and wait (usigwait.ts) for a sigwaitinfo/sigtimedwait the library
   * wraps (green); null when sigwait is not wrapped or no user thread calls (the kernel's then).
   */
  protected *pthSigtimedwait(set: bigint, info: { value?: SigInfo } | null, timeoutNs: number): Sim<number | null> {
    if (!this.wrap.sigwait || direct(selfNative(), false)) return null;
    if (typeof set !== 'bigint') return this.setErrno(EINVAL);
    if (cancelRequested()) yield* cancelPoint();
    const r = yield* wrappedSigtimedwait(set, info, timeoutNs, true);
    return r > 0 ? r : this.setErrno(-r);
  }

  override *kill(pid: number, sig: number): Sim<number> {
    const r = yield* super.kill(pid, sig);
    const p = selfNative().proc;
    if (r === 0 && sig !== 0 && (pid === 0 || pid === p.tgid)) this.wakeSigwaiters();
    return r;
  }

  /** Our process signalled itself: parked sigwait callers re-check now instead of at their poll. */
  private wakeSigwaiters(): void {
    const p = selfNative().proc;
    for (const t of p.sigwaiters.splice(0)) interruptWait(t, WAIT_INTR);
  }

  // ---- mutexes and condition variables (umutex.ts) ----
  *pthread_mutex_init(attr?: { type?: MutexType }): Sim<pthread_mutex_t> {
    const m = mutexInit(attr);
    this.debugNames.add(m, 'mutex');
    return m as unknown as pthread_mutex_t;
  }
  pthread_mutex_lock(m: pthread_mutex_t): Sim<number> { return mutexLock(m); }
  pthread_mutex_trylock(m: pthread_mutex_t): Sim<number> { return mutexTrylock(m); }
  pthread_mutex_timedlock(m: pthread_mutex_t, _ns: number): Sim<number> { return mutexTimedlock(m); }
  pthread_mutex_unlock(m: pthread_mutex_t): Sim<number> { return mutexUnlock(m); }
  pthread_mutex_destroy(m: pthread_mutex_t): Sim<number> { return mutexDestroy(m); }
  *pthread_cond_init(): Sim<pthread_cond_t> {
    const c = new UCond();
    this.debugNames.add(c, 'cond');
    return c as unknown as pthread_cond_t;
  }
  pthread_cond_wait(c: pthread_cond_t, m: pthread_mutex_t): Sim<number> { return condWait(c, m, -1); }
  pthread_cond_timedwait(c: pthread_cond_t, m: pthread_mutex_t, timeoutNs: number): Sim<number> {
    return condWait(c, m, timeoutNs);
  }
  pthread_cond_signal(c: pthread_cond_t): Sim<number> { return condSignal(c); }
  pthread_cond_broadcast(c: pthread_cond_t): Sim<number> { return condBroadcast(c); }
  pthread_cond_destroy(c: pthread_cond_t): Sim<number> { return condDestroy(c); }

  // ---- reader-writer locks (urwlock.ts: Pth's pth_rwlock over two mutexes) and spin locks (uspin.ts) ----
  /** Whose pth_sync.c the locks follow: NGPT 2.2.1's, or GNU Pth 2.0.7's (green). */
  protected readonly pthFlavour: PthFlavour = 'ngpt';
  protected override rwlockPshared: PsharedRule = 'ngpt';
  protected override psharedRule: PsharedRule = 'ngpt';
  *pthread_rwlock_init(attr?: pthread_rwlockattr_t | null): Sim<pthread_rwlock_t> {
    if (rwlockattrOf(attr) === null) throw new TypeError('pthread_rwlock_init: not a pthread_rwlockattr_t');
    const rw = new URwlock(this.pthFlavour);
    this.debugNames.adopt([rw.mutexRd, rw.mutexRw, rw], 'rwlock');
    return rw as unknown as pthread_rwlock_t;
  }
  pthread_rwlock_destroy(rw: pthread_rwlock_t): Sim<number> { return rwlockDestroy(rw); }
  pthread_rwlock_rdlock(rw: pthread_rwlock_t): Sim<number> { return rwlockAcquire(rw, false, false); }
  pthread_rwlock_tryrdlock(rw: pthread_rwlock_t): Sim<number> { return rwlockAcquire(rw, false, true); }
  pthread_rwlock_timedrdlock(rw: pthread_rwlock_t, _ns: number): Sim<number> { return rwlockTimed(rw); }
  pthread_rwlock_wrlock(rw: pthread_rwlock_t): Sim<number> { return rwlockAcquire(rw, true, false); }
  pthread_rwlock_trywrlock(rw: pthread_rwlock_t): Sim<number> { return rwlockAcquire(rw, true, true); }
  pthread_rwlock_timedwrlock(rw: pthread_rwlock_t, _ns: number): Sim<number> { return rwlockTimed(rw); }
  pthread_rwlock_unlock(rw: pthread_rwlock_t): Sim<number> { return rwlockRelease(rw); }
  pthread_spin_init(_pshared?: number): Sim<pthread_spinlock_t> { return spinInit(); }
  pthread_spin_destroy(s: pthread_spinlock_t): Sim<number> { return spinDestroy(s); }
  pthread_spin_lock(s: pthread_spinlock_t): Sim<number> { return spinLock(s); }
  pthread_spin_trylock(s: pthread_spinlock_t): Sim<number> { return spinTrylock(s); }
  pthread_spin_unlock(s: pthread_spinlock_t): Sim<number> { return spinUnlock(s); }

  // ---- scheduling: pth_yield at user level ----
  override *sched_yield(): Sim<number> {
    if (!selfNative().inUlt) return yield* super.sched_yield();
    yield M_YIELD;
    return 0;
  }

  // ---- the wrapped calls (uwrap.ts) ----
  override *read(fd: number, buf: Ref<string>, count: number): Sim<number> {
    if (!this.wrap.read || direct(selfNative(), true)) return yield* super.read(fd, buf, count);
    if (cancelRequested()) yield* cancelPoint();
    return this.deliver(yield* wrappedRead(fd, count), buf);
  }

  override *write(fd: number, data: string): Sim<number> {
    if (!this.wrap.write || direct(selfNative(), true)) return yield* super.write(fd, data);
    if (cancelRequested()) yield* cancelPoint();
    return this.deliver(yield* wrappedWrite(fd, String(data)), null);
  }

  override *nanosleep(ns: number, rem: Ref<number> | null = null): Sim<number> {
    if (!this.wrap.sleep || direct(selfNative(), false)) return yield* super.nanosleep(ns, rem);
    if (cancelRequested()) yield* cancelPoint();
    return this.deliver(yield* wrappedNanosleep(ns, rem), null);
  }

  override *waitpid(pid: number, status?: Ref<number> | null, options = 0): Sim<number> {
    if (!this.wrap.waitpid || direct(selfNative(), false)) return yield* super.waitpid(pid, status, options);
    if (cancelRequested()) yield* cancelPoint();
    return this.deliver(yield* wrappedWaitpid(pid, status ?? null, options), null);
  }

  override *wait4(pid: number, status: Ref<number> | null, options: number, usage: { value?: Rusage } | null): Sim<number> {
    if (!this.wrap.waitpid || direct(selfNative(), false)) return yield* super.wait4(pid, status, options, usage);
    if (cancelRequested()) yield* cancelPoint();
    const ru: KRusage = {};
    const r = this.deliver(yield* wrappedWaitpid(pid, status, options, ru), null);
    if (r > 0 && usage) usage.value = rusageFromKernel(ru);
    return r;
  }

  override *waitid(idtype: number, id: number, info: { value?: SigInfo } | null, options: number): Sim<number> {
    if (!this.wrap.waitpid || direct(selfNative(), false)) return yield* super.waitid(idtype, id, info, options);
    if (cancelRequested()) yield* cancelPoint();
    return this.deliver(yield* wrappedWaitid(idtype, id, info, options), null);
  }

  override *poll(fds: { fd: number; events: number; revents?: number }[], timeoutMs: number): Sim<number> {
    if (!this.wrap.poll || direct(selfNative(), false)) return yield* super.poll(fds, timeoutMs);
    if (cancelRequested()) yield* cancelPoint();
    return this.deliver(yield* wrappedPoll(fds, timeoutMs < 0 ? -1 : timeoutMs * 1e6), null);
  }

  /** select is wrapped with poll (the `wrap` option's 'poll': Pth's pth_select and pth_poll are one mechanism). */
  override *select(nfds: number, rd: Set<number> | null, wr: Set<number> | null, ex: Set<number> | null,
    timeoutUs: Ref<number> | null): Sim<number> {
    if (!this.wrap.poll || direct(selfNative(), false)) return yield* super.select(nfds, rd, wr, ex, timeoutUs);
    if (cancelRequested()) yield* cancelPoint();
    let to: { ns: number } | null = null;
    if (timeoutUs !== null && timeoutUs !== undefined) {
      const us = Number(timeoutUs.value);
      if (!(us >= 0)) return this.deliver(-EINVAL, null);
      to = { ns: Math.floor(us) * 1000 };
    }
    const r = this.deliver(yield* wrappedSelect(nfds, rd, wr, ex, to), null);
    if (to !== null) timeoutUs!.value = Math.floor(to.ns / 1000);
    return r;
  }

  /**
   * pth_pselect (pth_high.c; NGPT's pselect is the same): sigprocmask(SIG_SETMASK, mask), the
   * wrapped select, the old mask back — three steps, not one: a pending signal the mask
   * unblocks is taken before the wait begins, and the wait then runs its whole time, the race
   * the kernel's pselect exists to close (DESIGN rule 33's wrapped calls are user-level).
   */
  override *pselect(nfds: number, rd: Set<number> | null, wr: Set<number> | null, ex: Set<number> | null,
    timeoutNs: number | null, sigmask: bigint | null): Sim<number> {
    if (!this.wrap.poll || direct(selfNative(), false)) return yield* super.pselect(nfds, rd, wr, ex, timeoutNs, sigmask);
    const old = { value: 0n };
    if (sigmask !== null && (yield* this.sigprocmask(SIG_SETMASK, sigmask, old)) < 0) return -1;
    const tv = timeoutNs === null ? null : { value: timeoutNs < 0 ? -1 : Math.floor(timeoutNs / 1000) };
    const r = yield* this.select(nfds, rd, wr, ex, tv);
    const e = this.errno;
    if (sigmask !== null) yield* this.sigprocmask(SIG_SETMASK, old.value, null);
    if (r < 0) this.setErrno(e);
    return r;
  }

  override *pause(): Sim<number> {
    if (!this.wrap.pause || direct(selfNative(), false)) return yield* super.pause();
    if (cancelRequested()) yield* cancelPoint();
    return this.deliver(yield* wrappedPause(), null);
  }

  override *read_slow_device(count: number): Sim<number> {
    const n = selfNative();
    if (!this.wrap.read_slow_device || direct(n, true)) return yield* super.read_slow_device(count);
    return this.deliver(yield* wrappedSlowRead(n.proc, count), null);
  }

  /** A kernel-style result as C sees it: data into buf, -errno into errno and -1. */
  private deliver(r: string | number, buf: Ref<string> | null): number {
    if (typeof r === 'string') { if (buf) buf.value = r; return r.length; }
    return r < 0 && r > -4096 ? this.setErrno(-r) : r;
  }

}

/** The calling user thread has a cancellation request (a cheap test before a cancellation point). */
function cancelRequested(): boolean {
  const t = selfNative().current;
  return t !== null && t.cancelreq;
}

/**
 * Whether a wrapped call should go straight to the kernel: from a signal handler (no user
 * thread to park); on a bound native, which has no one else to run (NGPT's pth_syscall.c
 * checks is_bounded / boundnative); and for read/write-like calls when the process has a
 * single thread (its `pth_active_threads == 1` shortcut: polling would buy nothing).
 */
function direct(n: Native, soleShortcut: boolean): boolean {
  return !n.inUlt || n.bound !== null || (soleShortcut && n.proc.live === 1);
}

/**
 * Check a library's options: its own are fine; one that another registered library defines
 * is ignored (compare passes the same --lib-opt to every library); any other is a mistake,
 * refused with a RangeError naming it.
 */
export const UTHREADS_MAX = 1 << 20;

/** The `threadsMax` library option: a positive integer, or the default. */
export function threadsMaxOption(lib: string, v: unknown): number {
  if (v === undefined) return UTHREADS_MAX;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${lib}: option threadsMax must be a positive integer (got ${JSON.stringify(v)})`);
  return n;
}

export function checkLibOptions(lib: string, known: string[], options: Record<string, unknown>): void {
  for (const k of Object.keys(options)) {
    if (known.includes(k)) continue;
    if (listLibraries().some((l) => l.info.name !== lib && k in l.info.options)) continue;
    throw new RangeError(`${lib}: unknown option '${k}' (known: ${known.join(', ')})`);
  }
}

/**
 * pthread_create with a scheduling field the library's attribute setter refuses: what the
 * setter answered, as pthread_create's -error (the attribute could not have held it), or the
 * fault the setter's own code takes (ATTR_FAULT: NGPT's pthread_attr_setschedparam).
 */
function* schedAttrRefused(e: number): Sim<pthread_t> {
  if (e === ATTR_FAULT) throw nullFault('pthread_attr_setschedparam');
  return -e;
}

/** A null-pointer write in the library's code: the thread dies of SIGSEGV (a fault with signo, kernel entry.ts). */
export function nullFault(fn: string): Error {
  const err = new Error(`${fn}: null pointer dereference (NGPT 2.2.1 passes the policy by value to pth_attr_get)`);
  (err as Error & { signo: number }).signo = SIGSEGV;
  return err;
}

/** pthread_create with an affinity attribute under NGPT and green: -ENOSYS (see threadTid). */
function* noAffinityAttr(): Sim<pthread_t> {
  return -ENOSYS;
}
