/**
 * libc_base.ts — the parts of a C library every thread library shares: system-call wrappers
 * with errno, signal-handler plumbing, stdio's printf, sleeping, fork/waitpid/exit, and the
 * portable objects built on a library's own mutexes and condition variables (semaphores —
 * NGPT's semaphore.c; NPTL and LinuxThreads override them with their own — barriers,
 * pthread_once, thread-specific data).
 *
 * Mirrors: glibc's sysdeps/unix/sysv/linux wrappers (INLINE_SYSCALL sets errno from a negative
 * return), signal/sigaction.c, stdio printf, posix/sleep.c, and the portable parts of
 * nptl/sem_*.c and pthread_barrier_*.c (simplified onto mutex + condvar).
 *
 * A library extends LibcBase and supplies the thread machinery (create/join/exit, mutexes,
 * condition variables, pthread_kill, ...) and `cur()`, the calling thread's descriptor
 * (read through the thread pointer, or for M:N libraries through the native's scheduler).
 * Anything here may be overridden — NGPT and green wrap the blocking calls, LinuxThreads
 * routes exit() through its manager.
 */

import {
  sys, uaccess, NR_COMPUTE, type Req, type Sim, type SigInfo, EINVAL, ENOSYS, EAGAIN, EINTR, O_NONBLOCK,
  SA_RESTART, SIG_SETMASK, SIG_BLOCK, EBADF, TCGETS, SI_TKILL, SI_USER, ENOMEM, ENOTSUP, CLONE_VFORK, SIGCHLD, F_SETLKW, F_OFD_SETLKW, type Flock,
} from '../../kernel/index.js';
import type {
  Libc, LibraryInfo, Ref, Sigaction, SigDisposition, SignalHandler, pthread_t, ThreadFn,
  PthreadAttr, MutexType, pthread_mutex_t, pthread_cond_t, sem_t, pthread_barrier_t,
  pthread_once_t, pthread_key_t, Program, FILE, AtexitFn, CleanupRoutine,
  pthread_rwlock_t, pthread_rwlockattr_t, pthread_spinlock_t, Rusage, JmpBuf,
} from '../api.js';
import { rusageFromKernel, type KRusage } from './libc_proc.js';
import { LongJmp } from '../api.js';
import {
  rwlockattrInit, rwlockattrDestroy, rwlockattrGetpshared, rwlockattrSetpshared, rwlockattrGetkind,
  rwlockattrSetkind, type PsharedRule,
} from './rwlockattr.js';
import { BarrierObj, KeyTable } from './portable.js';
import { semInit, semWait, semTrywait, semPost, semGetvalue, asSemObj } from './semaphore.js';
import { cformat } from './vfprintf.js';
import { Stdio, xsputn, fflushStream, flushAll, setvbufStream, runAtexit, type WriteFn } from './stdio.js';
import { DebugNames } from '../thread_db.js';
import { LibcSched } from './libc_sched.js';
import { cleanupPush, cleanupPop, type CleanupFrame } from './cancel.js';

/** What every library's thread descriptor carries (struct pthread's common fields). */
export interface ThreadBase {
  errno: number;
  /** Thread-specific data (pthread_setspecific), by key. */
  specific: Map<number, unknown> | null;
  /** The cleanup handlers (pthread_cleanup_push), newest first (cancel.ts). */
  cleanup: CleanupFrame | null;
}

/** Per-process state common to all libraries (reset in a forked child; stdio is copied into it). */
export interface ProcessBase {
  slowFd: number;
  keys: KeyTable;
  /** The program this process runs (execve('/proc/self/exe') runs it again; fork keeps it). */
  exe?: Program | null;
  /** stdout/stderr buffers and the atexit handlers (stdio.ts). */
  stdio: Stdio;
}

export function newProcessBase(): ProcessBase {
  return { slowFd: -1, keys: new KeyTable(), stdio: new Stdio() };
}

/**
 * glibc's sigtimedwait.c (every version since raise() went through tkill, 2.3 on): "The kernel
 * generates a SI_TKILL code in si_code in case tkill is used. tkill is transparently used in
 * raise(). Since having SI_TKILL as a code is useful in general we fold the results here" —
 * sigwaitinfo and sigtimedwait report SI_USER where the kernel says SI_TKILL (a handler's
 * siginfo and a signalfd read keep SI_TKILL).
 */
export function foldTkill(r: number, info: { value?: SigInfo } | null): number {
  if (r > 0 && info?.value?.code === SI_TKILL) info.value = { ...info.value, code: SI_USER };
  return r;
}

export abstract class LibcBase extends LibcSched implements Libc {
  /** pthread_attr_getstacksize: the attribute's size, else the library's default (defaultStacksize). */
  pthread_attr_getstacksize(attr?: PthreadAttr | null): number { return attr?.stacksize ?? this.defaultStacksize(); }
  /** glibc (NPTL, LinuxThreads): only system scope; PTHREAD_SCOPE_PROCESS is ENOTSUP. */
  pthread_attr_setscope(scope: 'system' | 'process'): number { return scope === 'system' ? 0 : ENOTSUP; }
  pthread_attr_getscope(): 'system' | 'process' | number { return 'system'; }
  /** What pthread_attr_init puts in a fresh attribute's stack size. */
  protected abstract defaultStacksize(): number;
  abstract readonly info: LibraryInfo;
  abstract readonly SIGRTMIN: number;
  /** Names of mutexes, condition variables, semaphores, barriers (the debugging view's). */
  readonly debugNames = new DebugNames();
  /** The write(2) stdio flushes with: the library's own (NGPT and green wrap it). */
  private readonly stdioWrite: WriteFn = (fd, data) => this.write(fd, data);

  /** The calling thread's descriptor. */
  protected abstract cur(): ThreadBase;
  /** The calling process's library state. */
  protected abstract override proc(): ProcessBase;

  get errno(): number {
    return this.cur().errno;
  }

  /** INLINE_SYSCALL: make the call; a negative errno becomes -1 with errno set. */
  protected *sc(req: Req): Sim<number> {
    const r = (yield req) as number;
    if (typeof r === 'number' && r < 0 && r > -4096) {
      this.cur().errno = -r;
      return -1;
    }
    return r;
  }

  protected setErrno(e: number): -1 {
    this.cur().errno = e;
    return -1;
  }

  /**
   * SYSCALL_CANCEL: a system call that is a cancellation point, made with asynchronous
   * cancellation enabled around it (the library's cancelEnter/cancelLeave), so that a
   * pthread_cancel while it blocks interrupts it and the thread ends there.
   */
  protected *csc(req: Req): Sim<number> {
    const old = yield* this.cancelEnter();
    const r = (yield req) as number;
    yield* this.cancelLeave(old);
    if (typeof r === 'number' && r < 0 && r > -4096) {
      this.cur().errno = -r;
      return -1;
    }
    return r;
  }

  /**
   * Entering a cancellation point that may block (__pthread_enable_asynccancel): act on a
   * pending cancellation now, or arrange for one that comes during the call to end the thread.
   * Returns what cancelLeave needs to restore.
   */
  protected abstract cancelEnter(): Sim<number>;
  /** Leaving it (__pthread_disable_asynccancel). */
  protected abstract cancelLeave(old: number): Sim<void>;

  /** A C-style return from an error number: 0 stays 0, anything else is -1 with errno set. */
  protected cret(e: number): number {
    return e === 0 ? 0 : this.setErrno(e);
  }

  // ---- threads, mutexes, condition variables: the library's own ----
  abstract pthread_create<A>(start: ThreadFn<A>, arg?: A, attr?: PthreadAttr): Sim<pthread_t>;
  abstract pthread_join(t: pthread_t, retval?: Ref<unknown> | null): Sim<number>;
  abstract pthread_exit(value?: unknown): Sim<never>;
  abstract override pthread_self(): Sim<pthread_t>;
  abstract pthread_detach(t: pthread_t): Sim<number>;
  abstract pthread_kill(t: pthread_t, sig: number): Sim<number>;
  abstract pthread_sigqueue(t: pthread_t, sig: number, value?: unknown): Sim<number>;
  abstract pthread_mutex_init(attr?: { type?: MutexType; pshared?: number }): Sim<pthread_mutex_t>;
  abstract pthread_mutex_lock(m: pthread_mutex_t): Sim<number>;
  abstract pthread_mutex_trylock(m: pthread_mutex_t): Sim<number>;
  abstract pthread_mutex_timedlock(m: pthread_mutex_t, timeoutNs: number): Sim<number>;
  abstract pthread_mutex_unlock(m: pthread_mutex_t): Sim<number>;
  abstract pthread_mutex_destroy(m: pthread_mutex_t): Sim<number>;
  abstract pthread_cond_init(attr?: { pshared?: number }): Sim<pthread_cond_t>;
  abstract pthread_cond_wait(c: pthread_cond_t, m: pthread_mutex_t): Sim<number>;
  abstract pthread_cond_timedwait(c: pthread_cond_t, m: pthread_mutex_t, timeoutNs: number): Sim<number>;
  abstract pthread_cond_signal(c: pthread_cond_t): Sim<number>;
  abstract pthread_cond_broadcast(c: pthread_cond_t): Sim<number>;
  abstract pthread_cond_destroy(c: pthread_cond_t): Sim<number>;
  /** What the child of fork() must reset before running (the library's atfork child handler). */
  protected abstract atforkChild(): Sim<void>;

  pthread_equal(a: pthread_t, b: pthread_t): boolean {
    return a === b;
  }

  *pthread_sigmask(how: number, set: bigint | null, old?: Ref<bigint> | null): Sim<number> {
    const r = (yield sys.rt_sigprocmask(how, set, old ?? null)) as number;
    return r < 0 ? -r : 0;
  }

  *pthread_yield(): Sim<number> {
    return yield* this.sched_yield();
  }

  // ---- cancellation: the library's own (pthread_cancel.ts, cancel.ts, ucancel.ts) ----
  abstract pthread_cancel(t: pthread_t): Sim<number>;
  abstract pthread_setcancelstate(state: number, oldstate?: Ref<number> | null): Sim<number>;
  abstract pthread_setcanceltype(type: number, oldtype?: Ref<number> | null): Sim<number>;
  abstract pthread_testcancel(): Sim<void>;

  *pthread_cleanup_push<A>(routine: CleanupRoutine<A>, arg?: A): Sim<void> {
    if (typeof routine === 'function') cleanupPush(this.cur(), routine, arg);
  }

  *pthread_cleanup_pop(execute: number | boolean): Sim<void> {
    yield* cleanupPop(this, this.cur(), execute !== 0 && execute !== false);
  }

  // ---- reader-writer locks and spin locks: the library's own; their attributes: rwlockattr.ts ----
  abstract pthread_rwlock_init(attr?: pthread_rwlockattr_t | null): Sim<pthread_rwlock_t>;
  abstract pthread_rwlock_destroy(rw: pthread_rwlock_t): Sim<number>;
  abstract pthread_rwlock_rdlock(rw: pthread_rwlock_t): Sim<number>;
  abstract pthread_rwlock_tryrdlock(rw: pthread_rwlock_t): Sim<number>;
  abstract pthread_rwlock_timedrdlock(rw: pthread_rwlock_t, timeoutNs: number): Sim<number>;
  abstract pthread_rwlock_wrlock(rw: pthread_rwlock_t): Sim<number>;
  abstract pthread_rwlock_trywrlock(rw: pthread_rwlock_t): Sim<number>;
  abstract pthread_rwlock_timedwrlock(rw: pthread_rwlock_t, timeoutNs: number): Sim<number>;
  abstract pthread_rwlock_unlock(rw: pthread_rwlock_t): Sim<number>;
  abstract pthread_spin_init(pshared?: number): Sim<pthread_spinlock_t>;
  abstract pthread_spin_destroy(s: pthread_spinlock_t): Sim<number>;
  abstract pthread_spin_lock(s: pthread_spinlock_t): Sim<number>;
  abstract pthread_spin_trylock(s: pthread_spinlock_t): Sim<number>;
  abstract pthread_spin_unlock(s: pthread_spinlock_t): Sim<number>;
  /** Whose answer pthread_rwlockattr_{get,set}pshared give (rwlockattr.ts). */
  protected rwlockPshared: PsharedRule = 'glibc';
  pthread_rwlockattr_init(): Sim<pthread_rwlockattr_t> { return rwlockattrInit(); }
  pthread_rwlockattr_destroy(a: pthread_rwlockattr_t): Sim<number> { return rwlockattrDestroy(a); }
  pthread_rwlockattr_getpshared(a: pthread_rwlockattr_t, out: Ref<number>): Sim<number> {
    return rwlockattrGetpshared(a, out, this.rwlockPshared);
  }
  pthread_rwlockattr_setpshared(a: pthread_rwlockattr_t, v: number): Sim<number> {
    return rwlockattrSetpshared(a, v, this.rwlockPshared);
  }
  pthread_rwlockattr_getkind_np(a: pthread_rwlockattr_t, out: Ref<number>): Sim<number> { return rwlockattrGetkind(a, out); }
  pthread_rwlockattr_setkind_np(a: pthread_rwlockattr_t, kind: number): Sim<number> { return rwlockattrSetkind(a, kind); }

  // ---- semaphores (NGPT 2.2.1's semaphore.c), barriers, once, keys: on the library's mutex + condvar ----
  /**
   * NGPT's __new_sem_init makes a pshared semaphore's mutex and condition variable
   * process-shared; where the library cannot share them (setpshared fails) it is ENOSYS.
   */
  *sem_init(value: number, pshared = 0): Sim<sem_t> {
    if (pshared !== 0 && (yield* this.pthread_mutexattr_setpshared({}, 1)) !== 0) {
      this.setErrno(ENOSYS);
      return null as unknown as sem_t;
    }
    const s = yield* semInit(this, value, pshared !== 0);
    if (s === null) this.setErrno(EINVAL);
    return s as unknown as sem_t;
  }
  *sem_wait(s: sem_t): Sim<number> { return this.cret(yield* semWait(this, s, -1)); }
  *sem_timedwait(s: sem_t, ns: number): Sim<number> { return this.cret(ns >= 0 ? yield* semWait(this, s, ns) : EINVAL); }
  *sem_trywait(s: sem_t): Sim<number> { return this.cret(yield* semTrywait(this, s)); }
  *sem_post(s: sem_t): Sim<number> { return this.cret(yield* semPost(this, s)); }
  *sem_getvalue(s: sem_t, out: Ref<number>): Sim<number> { return this.cret(semGetvalue(s, out)); }
  *sem_destroy(s: sem_t): Sim<number> { return this.cret(asSemObj(s) ? 0 : EINVAL); }

  *pthread_barrier_init(count: number, attr?: { pshared?: number }): Sim<pthread_barrier_t> {
    const pshared = attr?.pshared === 1 ? { pshared: 1 } : undefined;
    const m = yield* this.pthread_mutex_init(pshared);
    const c = yield* this.pthread_cond_init(pshared);
    this.debugNames.adopt([m, c], 'barrier');
    return new BarrierObj(count, m, c) as unknown as pthread_barrier_t;
  }

  /** Not a cancellation point: cancellation is off while it waits on its condition variable. */
  *pthread_barrier_wait(b: pthread_barrier_t): Sim<number> {
    const o = b as unknown as BarrierObj;
    const cs = { value: 0 };
    yield* this.pthread_setcancelstate(1, cs);
    yield* this.pthread_mutex_lock(o.m);
    const round = o.round;
    let serial = 0;
    if (++o.arrived === o.count) {
      o.arrived = 0;
      o.round++;
      serial = -1;
      yield* this.pthread_cond_broadcast(o.c);
    } else {
      while (o.round === round) yield* this.pthread_cond_wait(o.c, o.m);
    }
    yield* this.pthread_mutex_unlock(o.m);
    yield* this.pthread_setcancelstate(cs.value, null);
    return serial;
  }

  *pthread_barrier_destroy(b: pthread_barrier_t): Sim<number> {
    return (b as unknown as BarrierObj).arrived > 0 ? 16 /* EBUSY */ : 0;
  }

  /**
   * pthread_once: states 0 (never), 1 (running), 2 (done); waiters sleep and retry. An init
   * routine that is cancelled (or calls pthread_exit) leaves the state as if pthread_once had
   * never been called, so the next caller runs it (POSIX; glibc's clear_once_control,
   * linuxthreads' pthread_once_cancelhandler, NGPT pthread.c's pthread_once_handler).
   */
  *pthread_once(once: pthread_once_t, init: (libc: Libc) => Sim<unknown>): Sim<number> {
    while (once.state !== 2) {
      if (once.state === 0) {
        once.state = 1;
        yield* this.pthread_cleanup_push(() => { once.state = 0; });
        yield* init(this);
        yield* this.pthread_cleanup_pop(0);
        once.state = 2;
        return 0;
      }
      const cs = { value: 0 };
      yield* this.pthread_setcancelstate(1, cs); // waiting for another's init is no cancellation point
      yield* this.usleep(100);
      yield* this.pthread_setcancelstate(cs.value, null);
    }
    return 0;
  }

  *pthread_key_create(destructor?: ((value: unknown) => void) | null): Sim<pthread_key_t> {
    const k = this.proc().keys.create(destructor ?? null);
    return k < 0 ? -EAGAIN : k;
  }

  *pthread_key_delete(key: pthread_key_t): Sim<number> {
    return this.proc().keys.delete(key) ? 0 : EINVAL;
  }

  *pthread_setspecific(key: pthread_key_t, value: unknown): Sim<number> {
    if (!this.proc().keys.valid(key)) return EINVAL;
    const t = this.cur();
    this.proc().keys.set(t.specific ??= new Map(), key, value);
    return 0;
  }

  *pthread_getspecific(key: pthread_key_t): Sim<unknown> {
    return this.proc().keys.get(this.cur().specific, key);
  }

  /** Run the key destructors of the exiting thread (POSIX: up to 4 rounds). */
  protected runKeyDestructors(t: ThreadBase): void {
    if (t.specific) this.proc().keys.runDestructors(t.specific);
  }

  // ---- processes ----
  *getpid(): Sim<number> { return yield* this.sc(sys.getpid()); }
  *gettid(): Sim<number> { return yield* this.sc(sys.gettid()); }
  *getppid(): Sim<number> { return yield* this.sc(sys.getppid()); }

  /** fork(): the child gets a copy of the process's memory, stdio buffers included (stdio.ts). */
  *fork(child: (libc: Libc) => Sim<number | void>): Sim<number> {
    return yield* this.sc(sys.fork(forkChildEntry, this.forkChildArg(child)));
  }

  /** vfork(): fork with CLONE_VFORK — the caller sleeps until the child exits or execs (rule 6). */
  *vfork(child: (libc: Libc) => Sim<number | void>): Sim<number> {
    return yield* this.sc(sys.clone({ flags: CLONE_VFORK | SIGCHLD, fn: forkChildEntry, arg: this.forkChildArg(child) }));
  }

  /** What forkChildEntry gives the child, taken at the instant of the fork (stdio buffers too). */
  private forkChildArg(child: (libc: Libc) => Sim<number | void>): Parameters<typeof forkChildEntry>[0] {
    const stdio = this.proc().stdio.copy(); // first, as before: nothing runs in between
    return { libc: this, child, state: this.forkState(), stdio };
  }

  /** What the child must know of the calling thread, taken in the parent as it forks (M:N, M:1). */
  protected forkState(): unknown { return null; }

  /**
   * Called in the child of fork before its function runs (`state`: what forkState took;
   * `stdio`: the copy of the parent's buffers and atexit handlers).
   */
  *_forkChild(child: (libc: Libc) => Sim<number | void>, _state: unknown, stdio: Stdio): Sim<never> {
    yield* this.atforkChild();
    this.proc().stdio = stdio;
    const r = yield* child(this);
    return yield* this.exit(typeof r === 'number' ? r : 0);
  }

  *waitpid(pid: number, status?: Ref<number> | null, options = 0): Sim<number> {
    return yield* this.csc(sys.wait4(pid, status ?? null, options));
  }

  *wait4(pid: number, status: Ref<number> | null, options: number, usage: { value?: Rusage } | null): Sim<number> {
    const ru: KRusage = {};
    const r = yield* this.csc(sys.wait4(pid, status, options, ru));
    if (r > 0 && usage) usage.value = rusageFromKernel(ru);
    return r;
  }

  *waitid(idtype: number, id: number, info: { value?: SigInfo } | null, options: number): Sim<number> {
    return yield* this.csc(sys.waitid(idtype, id, info, options));
  }

  /**
   * exit (stdlib/exit.c): the atexit handlers, last registered first; then the library's own
   * exit hook (LinuxThreads registers pthread_onexit_process at start-up, so it runs after the
   * program's handlers); then _IO_cleanup flushes stdio; then _exit.
   */
  *exit(code: number): Sim<never> {
    const io = this.proc().stdio;
    yield* runAtexit(io, this);
    yield* this.libraryOnExit(code);
    yield* flushAll(io, this.stdioWrite);
    yield sys.exit_group(code);
    throw new Error('exit_group returned');
  }

  /** What the library registered with on_exit at start-up (none by default). */
  protected *libraryOnExit(_code: number): Sim<void> {}

  *atexit(fn: AtexitFn): Sim<number> {
    if (typeof fn !== 'function') return -1;
    this.proc().stdio.atexit.push(fn);
    return 0;
  }

  *_exit(code: number): Sim<never> {
    yield sys.exit_group(code);
    throw new Error('exit_group returned');
  }

  // ---- signals ----
  *kill(pid: number, sig: number): Sim<number> { return yield* this.sc(sys.kill(pid, sig)); }
  *tgkill(tgid: number, tid: number, sig: number): Sim<number> { return yield* this.sc(sys.tgkill(tgid, tid, sig)); }

  *raise(sig: number): Sim<number> {
    const self = yield* this.pthread_self();
    const r = yield* this.pthread_kill(self, sig);
    return r === 0 ? 0 : this.setErrno(r);
  }

  /** Signals the library keeps for itself (sigaction on them is EINVAL). */
  protected reservedSignal(sig: number): boolean {
    return false;
  }

  *sigaction(sig: number, act: Sigaction | null, old?: Ref<Sigaction> | null): Sim<number> {
    if (this.reservedSignal(sig)) return this.setErrno(EINVAL);
    const kact = act ? { handler: this.kernelHandler(act.handler, act), flags: act.flags ?? 0, mask: act.mask ?? 0n } : null;
    const kold: { value?: any } = {};
    const r = yield* this.sc(sys.rt_sigaction(sig, kact, kold));
    if (r === 0 && old && kold.value) {
      const h = kold.value.handler;
      old.value = { handler: typeof h === 'function' ? (h.user ?? h) : h, flags: kold.value.flags, mask: kold.value.mask };
    }
    return r;
  }

  *signal(sig: number, handler: SigDisposition): Sim<SigDisposition | -1> {
    const old: Ref<Sigaction> = { value: { handler: 0 } };
    const r = yield* this.sigaction(sig, { handler, flags: SA_RESTART }, old);
    return r < 0 ? -1 : old.value.handler;
  }

  /** Wrap a user handler so the kernel can push it: it runs with this libc (`act`: its mask, flags). */
  protected kernelHandler(h: SigDisposition, _act?: Sigaction): any {
    if (typeof h !== 'function') return h;
    const libc = this;
    const kh = function (sig: number, info: SigInfo) { return runUserHandler(libc, h, sig, info); };
    (kh as any).user = h;
    return kh;
  }

  *sigprocmask(how: number, set: bigint | null, old?: Ref<bigint> | null): Sim<number> {
    return yield* this.sc(sys.rt_sigprocmask(how, set, old ?? null));
  }

  *sigsetjmp(savemask: number): Sim<JmpBuf> {
    if (savemask === 0) return { savedMask: null };
    const m = { value: 0n };
    return { savedMask: (yield* this.sigprocmask(SIG_BLOCK, null, m)) === 0 ? m.value : null };
  }

  /** __libc_siglongjmp: the saved mask first (still inside any handler), then the jump. */
  *siglongjmp(env: JmpBuf, val: number): Sim<never> {
    if (env.savedMask !== null) yield* this.sigprocmask(SIG_SETMASK, env.savedMask, null);
    throw new LongJmp(env, val === 0 ? 1 : val);
  }

  *sigsuspend(mask: bigint): Sim<number> { return yield* this.csc(sys.rt_sigsuspend(mask)); }
  *sigpending(out: Ref<bigint>): Sim<number> { return yield* this.sc(sys.rt_sigpending(out)); }
  *pause(): Sim<number> { return yield* this.csc(sys.pause()); }

  *sigwait(set: bigint, sig: Ref<number>): Sim<number> {
    for (;;) {
      const old = yield* this.cancelEnter();
      const r = (yield sys.rt_sigtimedwait(set, null, null)) as number;
      yield* this.cancelLeave(old);
      if (r > 0) { sig.value = r; return 0; }
      if (r !== -EINTR) return -r;
    }
  }

  /** sigqueue: rt_sigqueueinfo (glibc's sigqueue.c), the value in the receiver's siginfo. */
  *sigqueue(pid: number, sig: number, value?: unknown): Sim<number> {
    return yield* this.sc(sys.sigqueue(pid, sig, value));
  }

  /** rt_sigqueueinfo with the caller's si_code (glibc's __aio_sigqueue: SI_ASYNCIO). */
  *rt_sigqueueinfo(pid: number, sig: number, code: number, value?: unknown): Sim<number> {
    return yield* this.sc(sys.rt_sigqueueinfo(pid, sig, code, value));
  }

  /** sigwaitinfo: rt_sigtimedwait with no timeout, a cancellation point. */
  *sigwaitinfo(set: bigint, info: { value?: SigInfo } | null = null): Sim<number> {
    return foldTkill(yield* this.csc(sys.rt_sigtimedwait(set, info ?? null, null)), info);
  }

  /** sigtimedwait: rt_sigtimedwait; a negative or non-numeric timeout is EINVAL, as a bad timespec. */
  *sigtimedwait(set: bigint, info: { value?: SigInfo } | null, timeoutNs: number): Sim<number> {
    if (typeof timeoutNs !== 'number' || !(timeoutNs >= 0)) return this.setErrno(EINVAL);
    return foldTkill(yield* this.csc(sys.rt_sigtimedwait(set, info ?? null, timeoutNs)), info);
  }

  *alarm(seconds: number): Sim<number> { return yield* this.sc(sys.alarm(seconds)); }
  *setitimer(which: number, valueNs: number, intervalNs: number, old?: { value?: number; interval?: number } | null): Sim<number> {
    return yield* this.sc(sys.setitimer(valueNs, intervalNs, old ?? null, which));
  }
  *getitimer(which: number, out: { value?: number; interval?: number }): Sim<number> {
    return yield* this.sc(sys.getitimer(out, which));
  }
  // POSIX timers: the kernel's (kernel/posix_timers.ts); glibc's timer_* are system-call wrappers.
  *timer_create(clock: number, ev: { notify: number; signo?: number; value?: unknown; tid?: number } | null, out: Ref<number>): Sim<number> {
    return yield* this.sc(sys.timer_create(clock, ev, out));
  }
  *timer_settime(id: number, flags: number, valueNs: number, intervalNs: number, old?: { value?: number; interval?: number } | null): Sim<number> {
    return yield* this.sc(sys.timer_settime(id, flags, valueNs, intervalNs, old ?? null));
  }
  *timer_gettime(id: number, out: { value?: number; interval?: number }): Sim<number> {
    return yield* this.sc(sys.timer_gettime(id, out));
  }
  *timer_getoverrun(id: number): Sim<number> { return yield* this.sc(sys.timer_getoverrun(id)); }
  *timer_delete(id: number): Sim<number> { return yield* this.sc(sys.timer_delete(id)); }

  // ---- files and I/O ----
  *pipe(flags = 0): Sim<[number, number] | -1> {
    const r = (yield sys.pipe(flags)) as [number, number] | number;
    if (typeof r === 'number') return this.setErrno(-r);
    return r;
  }

  *socketpair(domain: number, type: number, protocol: number): Sim<[number, number] | -1> {
    const r = (yield sys.socketpair(domain, type, protocol)) as [number, number] | number;
    if (typeof r === 'number') return this.setErrno(-r);
    return r;
  }

  *getsockopt(fd: number, level: number, name: number, value: Ref<number>): Sim<number> {
    return yield* this.sc(sys.getsockopt(fd, level, name, value));
  }

  *setsockopt(fd: number, level: number, name: number, value: number): Sim<number> {
    return yield* this.sc(sys.setsockopt(fd, level, name, value));
  }

  *open(path: string, flags = 0, mode = 0o666): Sim<number> { return yield* this.csc(sys.open(path, flags, mode)); }

  *read(fd: number, buf: Ref<string>, count: number): Sim<number> {
    const old = yield* this.cancelEnter();
    const r = (yield sys.read(fd, count)) as string | number;
    yield* this.cancelLeave(old);
    if (typeof r === 'number') return r < 0 ? this.setErrno(-r) : r;
    buf.value = r;
    return r.length;
  }

  *write(fd: number, data: string): Sim<number> { return yield* this.csc(sys.write(fd, String(data))); }
  *close(fd: number): Sim<number> { return yield* this.csc(sys.close(fd)); }
  *dup(fd: number): Sim<number> { return yield* this.sc(sys.dup(fd)); }
  *dup2(oldfd: number, newfd: number): Sim<number> { return yield* this.sc(sys.dup2(oldfd, newfd)); }
  *dup3(oldfd: number, newfd: number, flags: number): Sim<number> { return yield* this.sc(sys.dup3(oldfd, newfd, flags)); }

  /** isatty (sysdeps/unix/sysv/linux/isatty.c: tcgetattr, i.e. ioctl TCGETS). */
  *isatty(fd: number): Sim<number> {
    const r = (yield sys.ioctl(fd, TCGETS)) as number;
    if (r === 0) return 1;
    this.cur().errno = -r;
    return 0;
  }

  /** fcntl: F_SETLKW and F_OFD_SETLKW are cancellation points (glibc's fcntl: SYSCALL_CANCEL for them). */
  *fcntl(fd: number, cmd: number, arg: number | Flock = 0): Sim<number> {
    if (cmd === F_SETLKW || cmd === F_OFD_SETLKW) return yield* this.csc(sys.fcntl(fd, cmd, arg));
    return yield* this.sc(sys.fcntl(fd, cmd, arg));
  }
  protected *lockWait(fd: number, fl: Flock): Sim<number> { return yield* this.csc(sys.fcntl(fd, F_SETLKW, fl)); }

  *poll(fds: { fd: number; events: number; revents?: number }[], timeoutMs: number): Sim<number> {
    return yield* this.csc(sys.poll(fds, timeoutMs < 0 ? -1 : timeoutMs * 1e6));
  }

  /**
   * select as glibc 2.36's __select64 makes it (sysdeps/unix/sysv/linux/select.c): a negative
   * timeout is EINVAL before any call; pselect6 with no mask, the timeval as a timespec; the
   * time the kernel leaves in it converted back (TIMESPEC_TO_TIMEVAL: µs, rounded down).
   */
  *select(nfds: number, rd: Set<number> | null, wr: Set<number> | null, ex: Set<number> | null,
    timeoutUs: Ref<number> | null): Sim<number> {
    let to: { ns: number } | null = null;
    if (timeoutUs !== null && timeoutUs !== undefined) {
      const us = Number(timeoutUs.value);
      if (!(us >= 0)) return this.setErrno(EINVAL);
      to = { ns: Math.floor(us) * 1000 };
    }
    const r = yield* this.csc(sys.pselect6(nfds, rd, wr, ex, to, null));
    if (to !== null) timeoutUs!.value = Math.floor(to.ns / 1000);
    return r;
  }

  *eventfd(initval: number, flags = 0): Sim<number> { return yield* this.sc(sys.eventfd2(initval, flags)); }

  /** eventfd_read (sysdeps/unix/sysv/linux/eventfd_read.c): read 8 bytes, 0 if all 8 came, else -1. */
  *eventfd_read(fd: number, value: Ref<bigint>): Sim<number> {
    const buf = { value: '' };
    if ((yield* this.read(fd, buf, 8)) !== 8) return -1;
    let v = 0n;
    for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(buf.value.charCodeAt(i) & 0xff);
    value.value = v;
    return 0;
  }

  /** eventfd_write: write the 8 bytes of the value (little endian, as x86-64 stores it); 0 if all 8 went. */
  *eventfd_write(fd: number, value: bigint): Sim<number> {
    let s = '';
    const v = BigInt.asUintN(64, BigInt(value));
    for (let i = 0n; i < 8n; i++) s += String.fromCharCode(Number((v >> (8n * i)) & 0xffn));
    return (yield* this.write(fd, s)) === 8 ? 0 : -1;
  }

  /** signalfd (sysdeps/unix/sysv/linux/signalfd.c): signalfd4 with the mask's size. */
  *signalfd(fd: number, mask: bigint, flags = 0): Sim<number> { return yield* this.sc(sys.signalfd4(fd, mask, flags)); }

  *timerfd_create(clock: number, flags = 0): Sim<number> { return yield* this.sc(sys.timerfd_create(clock, flags)); }
  *timerfd_settime(fd: number, flags: number, valueNs: number, intervalNs: number, old: { value?: number; interval?: number } | null = null): Sim<number> {
    return yield* this.sc(sys.timerfd_settime(fd, flags, valueNs, intervalNs, old));
  }
  *timerfd_gettime(fd: number, out: { value?: number; interval?: number }): Sim<number> { return yield* this.sc(sys.timerfd_gettime(fd, out)); }
  /** The expiry count, an 8-byte read (eventfd_read's shape). */
  *timerfd_read(fd: number, out: Ref<bigint>): Sim<number> { return yield* this.eventfd_read(fd, out); }

  /** pselect (sysdeps/unix/sysv/linux/pselect.c): pselect6 on a copy of the timeout, with the mask. */
  *pselect(nfds: number, rd: Set<number> | null, wr: Set<number> | null, ex: Set<number> | null,
    timeoutNs: number | null, sigmask: bigint | null): Sim<number> {
    const to = timeoutNs === null || timeoutNs === undefined ? null : { ns: timeoutNs };
    return yield* this.csc(sys.pselect6(nfds, rd, wr, ex, to, sigmask ?? null));
  }

  // ---- time and scheduling ----
  /**
   * sleep (glibc 2.3 sysdeps/unix/sysv/linux/sleep.c): nanosleep(&ts, &ts); interrupted by a
   * handler, the seconds left, rounded to the nearest second; else 0.
   */
  *sleep(seconds: number): Sim<number> {
    const rem = { value: 0 };
    const r = yield* this.nanosleep(seconds * 1e9, rem);
    return r < 0 && this.errno === EINTR ? Math.floor(rem.value / 1e9) + (rem.value % 1e9 >= 5e8 ? 1 : 0) : 0;
  }

  *usleep(usec: number): Sim<number> { return yield* this.nanosleep(usec * 1000); }
  *nanosleep(ns: number, rem: Ref<number> | null = null): Sim<number> { return yield* this.csc(sys.nanosleep(ns, rem)); }
  *sched_yield(): Sim<number> { return yield* this.sc(sys.sched_yield()); }
  /** clock_gettime.c: the vDSO for the wall clocks, the system call for the CPU-time clocks. */
  *clock_gettime(clock?: number): Sim<number> {
    if (clock === undefined || clock === 0 || clock === 1) return uaccess.vdsoNow();
    return yield* this.sc(sys.clock_gettime(clock));
  }

  // ---- lab calls ----
  *compute(ns: number): Sim<void> {
    if (ns > 0) yield sys.compute(ns);
  }

  *compute_instructions(count: number): Sim<void> {
    const ns = count * uaccess.costs().instruction;
    if (ns > 0) yield sys.compute(ns);
  }

  /** A 1:1 library's thread is the kernel task itself: its compute bursts can run inline. */
  run_now(req: Req): boolean {
    return req.nr === NR_COMPUTE && uaccess.computeNow(req.a as number);
  }

  /** sbrk as glibc's misc/sbrk.c: brk(0) for the current break, then brk(old + increment). */
  *sbrk(increment: number): Sim<number> {
    const old = (yield sys.brk(0)) as number;
    if (old < 0) return this.setErrno(-old);
    if (increment === 0) return old;
    const r = (yield sys.brk(old + increment)) as number;
    return r === old + increment ? old : this.setErrno(ENOMEM);
  }

  // ---- stdio (stdio.ts) ----
  *printf(fmt: string, ...args: unknown[]): Sim<number> {
    const out = cformat(fmt, args);
    const n = yield* xsputn(this.proc().stdio.stdout, out, this.stdioWrite);
    return n === out.length ? n : -1;
  }

  *fprintf(stream: FILE, fmt: string, ...args: unknown[]): Sim<number> {
    const f = this.proc().stdio.stream(stream?.fd);
    if (f === null) return this.setErrno(EBADF);
    const out = cformat(fmt, args);
    const n = yield* xsputn(f, out, this.stdioWrite);
    return n === out.length ? n : -1;
  }

  *fflush(stream: FILE | null): Sim<number> {
    const io = this.proc().stdio;
    if (stream === null || stream === undefined) return yield* flushAll(io, this.stdioWrite);
    const f = io.stream(stream.fd);
    if (f === null) return this.setErrno(EBADF);
    return yield* fflushStream(f, this.stdioWrite);
  }

  *setvbuf(stream: FILE, _buf: null, mode: number, _size: number): Sim<number> {
    const f = this.proc().stdio.stream(stream?.fd);
    if (f === null) return this.setErrno(EBADF);
    return yield* setvbufStream(f, mode, this.stdioWrite);
  }

  *read_slow_device(count: number): Sim<number> {
    const p = this.proc();
    if (p.slowFd < 0) {
      const fd = yield* this.open('/dev/slow', 0);
      if (fd < 0) return -1;
      p.slowFd = fd;
    }
    const buf = { value: '' };
    return yield* this.read(p.slowFd, buf, count);
  }

  /** O_NONBLOCK helper for libraries that wrap I/O. */
  protected static readonly O_NONBLOCK = O_NONBLOCK;
  protected static readonly SIG_SETMASK = SIG_SETMASK;
}

function* runUserHandler(libc: Libc, h: SignalHandler, sig: number, info: SigInfo): Sim<void> {
  yield* h(libc, sig, info);
}

function* forkChildEntry(a: { libc: LibcBase; child: (libc: Libc) => Sim<number | void>; state: unknown; stdio: Stdio }): Sim<never> {
  return yield* a.libc._forkChild(a.child, a.state, a.stdio);
}

export { cformat };
