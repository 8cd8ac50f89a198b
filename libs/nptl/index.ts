/**
 * libs/nptl — NPTL, the Native POSIX Thread Library (glibc ≥ 2.3.2 on Linux 2.6).
 *
 * ## What NPTL changed, and why
 *
 * LinuxThreads (libs/linuxthreads) was written for kernels that knew only processes: every
 * thread was a process sharing an address space (clone without CLONE_THREAD), so each had its
 * own pid; a manager thread created and reaped them; blocking was sigsuspend on a "restart"
 * signal; and POSIX signal semantics (one pid, process-directed signals taken by any thread,
 * a fatal signal killing all) could only be approximated. Ulrich Drepper and Ingo Molnar's
 * NPTL (2002–2003) went the other way: change the kernel until a thread library needs almost
 * nothing of its own. Linux 2.5/2.6 gained thread groups (CLONE_THREAD: one tgid, shared
 * signal state, exit_group), CLONE_SETTLS (the thread pointer set by clone), the tid words
 * (CLONE_PARENT_SETTID writes the new tid, CLONE_CHILD_CLEARTID clears it and futex-wakes at
 * exit), tgkill, and futexes. With those, NPTL is 1:1 and has no helper thread:
 *
 * - pthread_create is one clone with NPTL's nine flags and no exit signal (rule 26), plus an
 *   mmap only when the stack cache has no free stack that fits (rule 30: up to 40 MiB of
 *   freed stacks are kept and reused; beyond that the oldest are unmapped).
 * - pthread_join sleeps on the thread's tid word until the kernel clears it (rule 27).
 * - mutexes and condition variables are futex words: user space decides with one atomic
 *   instruction whether anyone must sleep, and only then asks the kernel.
 * - signals are the kernel's business: kill() reaches the process, tgkill() one thread; the
 *   library keeps only two real-time signals (32 for cancellation, 33 for set*id), so
 *   SIGRTMIN is 34 (rule 29). pthread_cancel of a thread blocked in a cancellation point is a
 *   tgkill of SIGCANCEL; the handler ends the thread inside the interrupted call.
 * - when the last thread exits it calls exit(0) (rule 28), counted in user space
 *   (__nptl_nthreads): the atexit handlers run in that thread and stdio is flushed; main may
 *   pthread_exit and leave the others running.
 *
 * ## Vocabulary (glibc's names, used in the files of this folder)
 *
 * descriptor / TCB (struct pthread, descr.ts) — per-thread data at the top of its stack,
 * reached through the thread pointer (THREAD_SELF); tid word — pd->tid, the futex join waits
 * on; joinid — who joins (the thread itself when detached); stack cache and FREE_P
 * (allocatestack.ts); lll — the low-level futex lock, 0 free / 1 locked / 2 contended
 * (lowlevellock.ts); __nptl_nthreads — live thread count; SIGCANCEL, SIGSETXID.
 *
 * ## What it costs (in this simulator's cost model)
 *
 * Create: one clone system call (syscall + cloneBase), plus mmapStack on a cache miss. Exit:
 * one exit system call, the kernel's tid clear and futex wake. Join: nothing if the thread is
 * gone, one FUTEX_WAIT otherwise. Uncontended lock + unlock: two atomicOp, no system call.
 * Contended: FUTEX_WAIT / FUTEX_WAKE, each a system call and a kernel context switch. Every
 * switch between threads is a kernel context switch (ctxSwitch), never a cheaper user-level one.
 *
 * ## What it gives up
 *
 * Every thread is a kernel task: kernel memory and a scheduler entry per thread, and a
 * thread switch always goes through the kernel — an M:N library (libs/ngpt) switches user
 * threads for less, at the price of everything NGPT's design essay lists. NPTL needs a 2.6
 * kernel; it takes two signals from applications; and a thread's stack is reserved (8 MiB by
 * default) in the address space for as long as the thread or its cache entry lives.
 *
 * ## Files
 *
 * descr.ts (struct pthread, process globals), lowlevellock.ts, allocatestack.ts,
 * pthread_create.ts (+ start_thread), pthread_exit.ts, pthread_join.ts, pthread_detach.ts,
 * pthread_kill.ts (+ sigmask filtering, reserved signals), pthread_cancel.ts (+ SIGCANCEL's
 * handler), cancellation.ts (the cancelhandling word), pthread_mutex_{init,lock,unlock}.ts,
 * pthread_cond_{init,wait,signal}.ts, pthread_rwlock_{init,rdlock,wrlock,unlock}.ts (reader-writer
 * locks: an lll lock over the counts and two futex words, readers preferred by default),
 * pthread_spin_lock.ts (spin locks: a locked decrement and a spinning load), sem_init.ts + sem_post.ts + sem_waitcommon.ts (semaphores
 * on one futex word, lock-free: sem_post is async-signal-safe), nptl-init.ts (initial thread,
 * fork child), nptl_setxid.ts (set*id made process-wide with SIGSETXID; nice stays per thread,
 * NPTL's remaining nonconformance in pthreads(7)), nptl_2_36.ts (`--lib-opt glibc=2.36`: the
 * thread life cycle of glibc 2.34–2.36, seven more system calls per create+join and
 * pthread_kill's 0 for an exited thread; the default era is 2.3), thread_db.ts (the debugging
 * view: threads, what they wait for, mutex owners).
 * Built only from the kernel's system calls (kernel/index.ts); the portable parts (barriers,
 * once, keys, stdio, system-call wrappers) come from libs/common/libc_base.ts.
 *
 * Read next: Drepper & Molnar, "The Native POSIX Thread Library for Linux" (2005);
 * Drepper, "Futexes Are Tricky" (2004); glibc's nptl/ directory of the 2.3–2.24 era.
 */

import { uaccess, EINVAL, ENOENT, ENOSYS, ESRCH, type Sim, type Req, type CostModel, type SigInfo } from '../../kernel/index.js';
import type {
  LibraryInfo, Ref, ThreadFn, PthreadAttr, pthread_t, MutexAttr, pthread_mutex_t, pthread_cond_t,
  sem_t, Program, pthread_rwlock_t, pthread_rwlockattr_t, pthread_spinlock_t,
} from '../api.js';
import type { ThreadLibrary, LibraryInstance } from '../index.js';
import { LibcBase } from '../common/libc_base.js';
import { PTHREAD_EXPLICIT_SCHED, PTHREAD_MUTEX_STALLED, PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_NONE, PTHREAD_PRIO_INHERIT, PTHREAD_PRIO_PROTECT } from '../api.js';
import type { SchedParam } from '../../kernel/index.js';
import {
  THREAD_SELF, NPTL_SIGRTMIN, STACK_CACHE_MAXSIZE, DEFAULT_STACKSIZE, PTHREAD_STACK_MIN,
  type Pthread, type NptlProcess,
} from './descr.js';
import { pthreadCreate } from './pthread_create.js';
import { explicitSched, newGate, setStartedSched } from './pthread_create_sched.js';
import { exitThread } from './pthread_exit.js';
import { pthreadJoin, pthreadTryjoin } from './pthread_join.js';
import { pthreadDetach } from './pthread_detach.js';
import { pthreadKill, isReservedSignal, filterReserved } from './pthread_kill.js';
import { pthreadSigqueue } from './pthread_sigqueue.js';
import { pthreadMutexInit, pthreadMutexDestroy, asMutex } from './pthread_mutex_init.js';
import { robustConsistent } from './pthread_mutex_robust.js';
import { ppGetprioceiling, ppSetprioceiling } from './pthread_mutex_pp.js';
import { initSchedFifoPrio, tppFloor } from './tpp.js';
import { pthreadMutexLock, pthreadMutexTrylock } from './pthread_mutex_lock.js';
import { pthreadMutexUnlock } from './pthread_mutex_unlock.js';
import { pthreadMutexTimedlock } from './pthread_mutex_timedlock.js';
import { pthreadCondInit, pthreadCondDestroy } from './pthread_cond_init.js';
import { pthreadCondWait, pthreadCondTimedwait } from './pthread_cond_wait.js';
import { pthreadCondSignal, pthreadCondBroadcast } from './pthread_cond_signal.js';
import { pthreadCondInit236, pthreadCondDestroy236 } from './pthread_cond_common_2_36.js';
import { pthreadCondWait236, pthreadCondTimedwait236 } from './pthread_cond_wait_2_36.js';
import { pthreadCondSignal236, pthreadCondBroadcast236 } from './pthread_cond_signal_2_36.js';
import { nptlEntry, nptlForkChild } from './nptl-init.js';
import { pthreadRwlockInit, pthreadRwlockDestroy } from './pthread_rwlock_init.js';
import { pthreadRwlockRdlock, pthreadRwlockTimedrdlock, pthreadRwlockTryrdlock } from './pthread_rwlock_rdlock.js';
import { pthreadRwlockWrlock, pthreadRwlockTimedwrlock, pthreadRwlockTrywrlock } from './pthread_rwlock_wrlock.js';
import { pthreadRwlockUnlock } from './pthread_rwlock_unlock.js';
import {
  pthreadSpinInit, pthreadSpinDestroy, pthreadSpinLock, pthreadSpinTrylock, pthreadSpinUnlock,
} from './pthread_spin_lock.js';
import { semInit, asSem, semGetvalue } from './sem_init.js';
import { semOpen, semClose } from './sem_open.js';
import { shmPath } from '../common/libc_shm.js';
import { semPost } from './sem_post.js';
import { semWait, semTrywait } from './sem_waitcommon.js';
import { pthreadCancel } from './pthread_cancel.js';
import {
  enableAsynccancel, disableAsynccancel, testcancel, setcancelstate, setcanceltype,
} from './cancellation.js';
import { nptlDebugThreads } from './thread_db.js';
import { nptlSetxid } from './nptl_setxid.js';
import { pthreadCreate as pthreadCreate236, exitThread as exitThread236, pthreadKill as pthreadKill236 } from './nptl_2_36.js';

export const NPTL_INFO: LibraryInfo = {
  name: 'nptl',
  title: 'NPTL — Native POSIX Thread Library (glibc ≥ 2.3.2, Linux 2.6)',
  model: '1:1',
  cloneFlags: 'CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SYSVSEM|CLONE_SIGHAND|CLONE_THREAD|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID',
  reserves: ['SIGRT0 = 32 (SIGCANCEL)', 'SIGRT1 = 33 (SIGSETXID)'],
  summary: 'One kernel task per thread in one thread group; join waits on the tid word the kernel clears; '
    + 'futex mutexes with a user-space fast path; stacks cached up to 40 MiB; no helper thread.',
  options: { stackCacheMaxsize: STACK_CACHE_MAXSIZE, stackSize: 'RLIMIT_STACK (8 MiB at boot)', glibc: '2.3 (or 2.36; the cost model may pair one)' },
};

/** The two eras `--lib-opt glibc=` picks (nptl_2_36.ts lists what 2.36 changes). */
export type GlibcEra = '2.3' | '2.36';

/** The NPTL C library: LibcBase's wrappers plus NPTL's threads, mutexes and conditions. */
export class Nptl extends LibcBase {
  readonly info = NPTL_INFO;
  readonly SIGRTMIN = NPTL_SIGRTMIN;

  /** glibc ≥ 2.34's thread life cycle (nptl_2_36.ts) instead of 2.3's. */
  readonly era236: boolean;

  /**
   * defaultStack: the `stackSize` option, a fixed default for new threads' stacks; null (no
   * option): read from RLIMIT_STACK at start-up, as glibc does (pthread_early_init.ts).
   */
  constructor(readonly cacheMax: number, readonly defaultStack: number | null, readonly era: GlibcEra = '2.3') {
    super();
    this.era236 = era === '2.36';
  }

  protected cur(): Pthread { return THREAD_SELF(); }
  protected proc(): NptlProcess { return THREAD_SELF().proc; }
  /** __default_pthread_attr.stacksize: from RLIMIT_STACK at start-up (pthread_early_init.ts). */
  protected defaultStacksize(): number { return this.proc().defaultStack; }

  // Threads. Each returns the implementing generator directly (no wrapper frame).
  pthread_create<A>(start: ThreadFn<A>, arg?: A, attr?: PthreadAttr): Sim<pthread_t> {
    if (attr?.inheritsched === PTHREAD_EXPLICIT_SCHED) return this.createExplicit(start as ThreadFn, arg, attr);
    const create = (this.era236 ? pthreadCreate236 : pthreadCreate)(this, start as ThreadFn, arg, attr);
    return attr?.affinity === undefined ? create : this.createAffine(attr.affinity, create);
  }

  /** pthread_create with PTHREAD_EXPLICIT_SCHED: a stopped start, the policy set on the tid (pthread_create_sched.ts). */
  private *createExplicit(start: ThreadFn, arg: unknown, attr: PthreadAttr): Sim<pthread_t> {
    const bad = this.attrSchedError(attr);
    if (bad !== 0) return -bad;
    const sched = yield* explicitSched(attr);
    if (typeof sched === 'number') return sched;
    const gate = newGate();
    const create = (this.era236 ? pthreadCreate236 : pthreadCreate)(this, start, arg, attr, gate);
    const t = attr.affinity === undefined ? yield* create : yield* this.createAffine(attr.affinity, create);
    if (t <= 0) { uaccess.ufree(gate, 1); return t; }
    const err = yield* setStartedSched(THREAD_SELF().proc.threads.get(t)!, gate, sched[0], sched[1]);
    return err === 0 ? t : -err;
  }
  /** pthread_setaffinity.c: the thread's tid (ESRCH once it has exited: its tid word is 0). */
  protected *threadTid(t: pthread_t): Sim<number> {
    const pd = THREAD_SELF().proc.threads.get(t);
    return pd === undefined || pd.terminated || pd.tid <= 0 ? -ESRCH : pd.tid;
  }
  pthread_join(t: pthread_t, retval?: Ref<unknown> | null): Sim<number> { return pthreadJoin(t, retval); }
  override pthread_tryjoin_np(t: pthread_t, retval?: Ref<unknown> | null): Sim<number> { return pthreadTryjoin(t, retval); }
  override *pthread_timedjoin_np(t: pthread_t, retval: Ref<unknown> | null | undefined, timeoutNs: number): Sim<number> {
    if (!(timeoutNs >= 0)) return EINVAL;
    return yield* pthreadJoin(t, retval, uaccess.vdsoNow() + timeoutNs);
  }
  pthread_exit(value?: unknown): Sim<never> {
    const pd = THREAD_SELF();
    return (this.era236 && pd.stackSize > 0 ? exitThread236 : exitThread)(pd, value);
  }
  *pthread_self(): Sim<pthread_t> { return THREAD_SELF().self; }
  pthread_detach(t: pthread_t): Sim<number> { return pthreadDetach(t); }
  pthread_kill(t: pthread_t, sig: number): Sim<number> { return (this.era236 ? pthreadKill236 : pthreadKill)(t, sig); }
  /** nptl/pthread_sigqueue.c (glibc ≥ 2.11; the same code in 2.36), in both eras. */
  pthread_sigqueue(t: pthread_t, sig: number, value?: unknown): Sim<number> { return pthreadSigqueue(t, sig, value); }

  override pthread_sigmask(how: number, set: bigint | null, old?: Ref<bigint> | null): Sim<number> {
    return super.pthread_sigmask(how, filterReserved(set), old);
  }

  // Cancellation (pthread_cancel.ts: SIGCANCEL; cancellation.ts: the cancelhandling word).
  pthread_cancel(t: pthread_t): Sim<number> { return pthreadCancel(t); }
  pthread_setcancelstate(state: number, old?: Ref<number> | null): Sim<number> { return setcancelstate(state, old); }
  pthread_setcanceltype(type: number, old?: Ref<number> | null): Sim<number> { return setcanceltype(type, old); }
  pthread_testcancel(): Sim<void> { return testcancel(); }
  protected cancelEnter(): Sim<number> { return enableAsynccancel(); }
  protected cancelLeave(old: number): Sim<void> { return disableAsynccancel(old); }
  override sigprocmask(how: number, set: bigint | null, old?: Ref<bigint> | null): Sim<number> {
    return super.sigprocmask(how, filterReserved(set), old);
  }
  protected override reservedSignal(sig: number): boolean { return isReservedSignal(sig); }
  // sigwait.c, sigwaitinfo.c, sigtimedwait.c (glibc 2.3.3, SIGSETXID since 2.3.4): the library's
  // own signals are taken out of the set, so a thread that waits for "every signal" swallows
  // neither a cancellation nor a setuid broadcast.
  override sigwait(set: bigint, sig: Ref<number>): Sim<number> {
    return super.sigwait(filterReserved(set) as bigint, sig);
  }
  override sigwaitinfo(set: bigint, info: { value?: SigInfo } | null = null): Sim<number> {
    return super.sigwaitinfo(filterReserved(set) as bigint, info);
  }
  override sigtimedwait(set: bigint, info: { value?: SigInfo } | null, timeoutNs: number): Sim<number> {
    return super.sigtimedwait(filterReserved(set) as bigint, info, timeoutNs);
  }

  // Mutexes and condition variables.
  pthread_mutex_init(attr?: MutexAttr): Sim<pthread_mutex_t> { return pthreadMutexInit(attr, this.debugNames, this.era236); }
  /** Robust mutexes came with glibc 2.4 (pthread_mutex_robust.ts): the 2.3 era has no such call. */
  override *pthread_mutexattr_setrobust(attr: { robust?: number }, v: number): Sim<number> {
    if (!this.era236) return ENOSYS;
    if (v !== PTHREAD_MUTEX_STALLED && v !== PTHREAD_MUTEX_ROBUST) return EINVAL;
    attr.robust = v;
    return 0;
  }
  override *pthread_mutex_consistent(m: pthread_mutex_t): Sim<number> {
    if (!this.era236) return ENOSYS;
    const mx = asMutex(m);
    return mx === null ? EINVAL : robustConsistent(mx);
  }
  // The priority protocols came with glibc 2.4/2.5 (pthread_mutexattr_setprotocol.c,
  // pthread_mutexattr_setprioceiling.c, their get_ twins, pthread_mutex_setprioceiling.c,
  // pthread_mutex_getprioceiling.c): the 2.3 era has no such calls.
  override *pthread_mutexattr_setprotocol(attr: { protocol?: number }, v: number): Sim<number> {
    if (!this.era236) return ENOSYS;
    if (v !== PTHREAD_PRIO_NONE && v !== PTHREAD_PRIO_INHERIT && v !== PTHREAD_PRIO_PROTECT) return EINVAL;
    attr.protocol = v;
    return 0;
  }
  override *pthread_mutexattr_getprotocol(attr: { protocol?: number }, out: Ref<number>): Sim<number> {
    if (!this.era236) return ENOSYS;
    out.value = attr.protocol ?? PTHREAD_PRIO_NONE;
    return 0;
  }
  /** SCHED_FIFO's range (and what fits the attribute's 12 bits), else EINVAL. */
  override *pthread_mutexattr_setprioceiling(attr: { prioceiling?: number }, v: number): Sim<number> {
    if (!this.era236) return ENOSYS;
    const [min, max] = yield* initSchedFifoPrio();
    if (!Number.isInteger(v) || v < min || v > max || (v & 0xfff) !== v) return EINVAL;
    attr.prioceiling = v;
    return 0;
  }
  /** An unset ceiling reads as SCHED_FIFO's lowest. */
  override *pthread_mutexattr_getprioceiling(attr: { prioceiling?: number }, out: Ref<number>): Sim<number> {
    if (!this.era236) return ENOSYS;
    const [min] = yield* initSchedFifoPrio();
    out.value = attr.prioceiling !== undefined && attr.prioceiling >= min ? attr.prioceiling : min;
    return 0;
  }
  override *pthread_mutex_setprioceiling(m: pthread_mutex_t, v: number, old: Ref<number> | null): Sim<number> {
    if (!this.era236) return ENOSYS;
    const mx = asMutex(m);
    return mx === null ? EINVAL : yield* ppSetprioceiling(mx, v, old);
  }
  override *pthread_mutex_getprioceiling(m: pthread_mutex_t, out: Ref<number>): Sim<number> {
    if (!this.era236) return ENOSYS;
    const mx = asMutex(m);
    return mx === null ? EINVAL : ppGetprioceiling(mx, out);
  }
  /**
   * pthread_setschedparam.c / pthread_setschedprio.c of the 2.36 era: a thread holding
   * PTHREAD_PRIO_PROTECT ceilings asks the kernel for at least the highest of them, and its
   * descriptor caches what was asked for (tpp.ts); pthread_getschedparam answers from that cache
   * while the thread holds ceilings (the kernel has the boost then; glibc always answers from
   * the cache, the lab asks the kernel otherwise, as libc_sched.ts says).
   */
  override *pthread_setschedparam(t: pthread_t, policy: number, param: SchedParam): Sim<number> {
    const pd = THREAD_SELF().proc.threads.get(t);
    if (!this.era236 || pd === undefined || pd.tpp === null) {
      const r = yield* super.pthread_setschedparam(t, policy, param);
      if (r === 0 && pd !== undefined && this.era236) { pd.schedPolicy = policy; pd.schedPrio = param.sched_priority; }
      return r;
    }
    const r = yield* super.pthread_setschedparam(t, policy, { sched_priority: tppFloor(pd, param.sched_priority) });
    if (r === 0) { pd.schedPolicy = policy; pd.schedPrio = param.sched_priority; }
    return r;
  }
  override *pthread_setschedprio(t: pthread_t, prio: number): Sim<number> {
    const pd = THREAD_SELF().proc.threads.get(t);
    const r = yield* super.pthread_setschedprio(t, this.era236 && pd !== undefined ? tppFloor(pd, prio) : prio);
    if (r === 0 && pd !== undefined && this.era236) pd.schedPrio = prio;
    return r;
  }
  override *pthread_getschedparam(t: pthread_t, policy: Ref<number>, param: Ref<SchedParam>): Sim<number> {
    const pd = THREAD_SELF().proc.threads.get(t);
    if (!this.era236 || pd === undefined || pd.tpp === null || pd.schedPrio < 0 || pd.schedPolicy < 0) return yield* super.pthread_getschedparam(t, policy, param);
    if (pd.terminated || pd.tid <= 0) return ESRCH;
    policy.value = pd.schedPolicy;
    param.value = { sched_priority: pd.schedPrio };
    return 0;
  }
  pthread_mutex_lock(m: pthread_mutex_t): Sim<number> { return pthreadMutexLock(m); }
  pthread_mutex_trylock(m: pthread_mutex_t): Sim<number> { return pthreadMutexTrylock(m); }
  pthread_mutex_timedlock(m: pthread_mutex_t, ns: number): Sim<number> { return pthreadMutexTimedlock(m, ns); }
  pthread_mutex_unlock(m: pthread_mutex_t): Sim<number> { return pthreadMutexUnlock(m); }
  pthread_mutex_destroy(m: pthread_mutex_t): Sim<number> { return pthreadMutexDestroy(m); }
  pthread_cond_init(attr?: { pshared?: number }): Sim<pthread_cond_t> {
    return (this.era236 ? pthreadCondInit236 : pthreadCondInit)(this.debugNames, attr);
  }
  pthread_cond_wait(c: pthread_cond_t, m: pthread_mutex_t): Sim<number> {
    return (this.era236 ? pthreadCondWait236 : pthreadCondWait)(c, m);
  }
  pthread_cond_timedwait(c: pthread_cond_t, m: pthread_mutex_t, ns: number): Sim<number> {
    return (this.era236 ? pthreadCondTimedwait236 : pthreadCondTimedwait)(c, m, ns);
  }
  pthread_cond_signal(c: pthread_cond_t): Sim<number> { return (this.era236 ? pthreadCondSignal236 : pthreadCondSignal)(c); }
  pthread_cond_broadcast(c: pthread_cond_t): Sim<number> {
    return (this.era236 ? pthreadCondBroadcast236 : pthreadCondBroadcast)(c);
  }
  pthread_cond_destroy(c: pthread_cond_t): Sim<number> { return (this.era236 ? pthreadCondDestroy236 : pthreadCondDestroy)(c); }

  // Reader-writer locks (pthread_rwlock_*.ts: lll lock + two futex words) and spin locks.
  pthread_rwlock_init(attr?: pthread_rwlockattr_t | null): Sim<pthread_rwlock_t> { return pthreadRwlockInit(attr, this.debugNames); }
  pthread_rwlock_destroy(rw: pthread_rwlock_t): Sim<number> { return pthreadRwlockDestroy(rw); }
  pthread_rwlock_rdlock(rw: pthread_rwlock_t): Sim<number> { return pthreadRwlockRdlock(rw); }
  pthread_rwlock_tryrdlock(rw: pthread_rwlock_t): Sim<number> { return pthreadRwlockTryrdlock(rw); }
  pthread_rwlock_timedrdlock(rw: pthread_rwlock_t, ns: number): Sim<number> { return pthreadRwlockTimedrdlock(rw, ns); }
  pthread_rwlock_wrlock(rw: pthread_rwlock_t): Sim<number> { return pthreadRwlockWrlock(rw); }
  pthread_rwlock_trywrlock(rw: pthread_rwlock_t): Sim<number> { return pthreadRwlockTrywrlock(rw); }
  pthread_rwlock_timedwrlock(rw: pthread_rwlock_t, ns: number): Sim<number> { return pthreadRwlockTimedwrlock(rw, ns); }
  pthread_rwlock_unlock(rw: pthread_rwlock_t): Sim<number> { return pthreadRwlockUnlock(rw); }
  pthread_spin_init(pshared?: number): Sim<pthread_spinlock_t> { return pthreadSpinInit(pshared); }
  pthread_spin_destroy(s: pthread_spinlock_t): Sim<number> { return pthreadSpinDestroy(s); }
  pthread_spin_lock(s: pthread_spinlock_t): Sim<number> { return pthreadSpinLock(s); }
  pthread_spin_trylock(s: pthread_spinlock_t): Sim<number> { return pthreadSpinTrylock(s); }
  pthread_spin_unlock(s: pthread_spinlock_t): Sim<number> { return pthreadSpinUnlock(s); }

  // Semaphores: the futex word of sem_*.c (lock-free, so sem_post is async-signal-safe).
  override *sem_init(value: number, pshared = 0): Sim<sem_t> {
    const s = yield* semInit(value, this.debugNames, pshared);
    if (s === null) this.setErrno(EINVAL);
    return s;
  }
  /** sem_open.ts: a NewSem in a /dev/shm file, mapped shared. */
  override *sem_open(name: string, oflag: number, mode = 0o600, value = 0): Sim<sem_t | null> {
    const r = yield* semOpen(name, oflag, mode, value, this.proc().semInuse, !this.era236);
    if (typeof r === 'number') { this.setErrno(r); return null; }
    this.debugNames.add(r, 'sem');
    return r as unknown as sem_t;
  }
  override *sem_close(s: sem_t): Sim<number> { return this.cret(yield* semClose(s, this.proc().semInuse)); }
  override *sem_unlink(name: string): Sim<number> {
    const path = shmPath(name, true, !this.era236);
    if (typeof path === 'number') return this.setErrno(this.era236 ? path : ENOENT); // 2.3: "/" is ENOENT
    return yield* this.unlinkShm(path);
  }
  override *sem_wait(s: sem_t): Sim<number> { return this.cret(asSem(s) ? yield* semWait(asSem(s)!, null) : EINVAL); }
  override *sem_timedwait(s: sem_t, ns: number): Sim<number> { return this.cret(asSem(s) ? yield* semWait(asSem(s)!, ns) : EINVAL); }
  override *sem_trywait(s: sem_t): Sim<number> { return this.cret(asSem(s) ? yield* semTrywait(asSem(s)!) : EINVAL); }
  override *sem_post(s: sem_t): Sim<number> { return this.cret(asSem(s) ? yield* semPost(asSem(s)!) : EINVAL); }
  override *sem_getvalue(s: sem_t, out: Ref<number>): Sim<number> { return asSem(s) ? semGetvalue(asSem(s)!, out) : this.cret(EINVAL); }
  override *sem_destroy(s: sem_t): Sim<number> { return this.cret(asSem(s) ? 0 : EINVAL); }

  protected atforkChild(): Sim<void> { return nptlForkChild(this); }
  _crt0(main: Program, argv: string[]): Sim<unknown> { return nptlEntry(this, main, argv); }

  /** INLINE_SETXID_SYSCALL with libpthread: __nptl_setxid makes every thread change its ids. */
  protected override *setxid(make: () => Req): Sim<number> {
    const r = yield* nptlSetxid(make);
    return r < 0 ? this.setErrno(-r) : r;
  }
}

function numberOption(options: Record<string, unknown>, name: string, fallback: number, min: number): number {
  const v = options[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    throw new RangeError(`nptl: option ${name} must be a number ≥ ${min} (got ${JSON.stringify(v)})`);
  }
  return v;
}

/**
 * The era: `--lib-opt glibc=2.3|2.36`, else the cost model's pairing (`glibc` in the model: the
 * host model says 2.36), else 2.3 — the era of the NPTL paper and of every preset.
 */
function eraOption(options: Record<string, unknown>, costs: CostModel | undefined): GlibcEra {
  const v = options.glibc ?? costs?.glibc;
  if (v === undefined) return '2.3';
  const s = String(v);
  if (s === '2.3' || s === '2.36') return s;
  throw new RangeError(`nptl: option glibc must be 2.3 or 2.36 (got ${JSON.stringify(v)})`);
}

export const nptl: ThreadLibrary = {
  info: NPTL_INFO,
  create(options: Record<string, unknown> = {}, costs?: CostModel): LibraryInstance {
    const era = eraOption(options, costs);
    const libc = new Nptl(
      numberOption(options, 'stackCacheMaxsize', STACK_CACHE_MAXSIZE, 0),
      options.stackSize === undefined ? null : numberOption(options, 'stackSize', DEFAULT_STACKSIZE, PTHREAD_STACK_MIN),
      era,
    );
    return {
      ...(era === '2.3' ? {} : { variant: `glibc ${era}` }),
      libc,
      entry: (main, argv) => nptlEntry(libc, main, argv),
      debugThreads: (ps) => nptlDebugThreads(ps, libc.debugNames),
    };
  },
};
