/**
 * LinuxThreads — glibc's thread library from 1996 to 2.3 (Xavier Leroy's linuxthreads/),
 * rebuilt on the simulated kernel the way it was built on Linux 2.0–2.4.
 *
 * ## The model
 *
 * One kernel task per thread (1:1), but in 1996 Linux had no notion of a thread group: clone()
 * could share the address space, the files, the filesystem context and the signal handlers,
 * and that was all. So a LinuxThreads thread is a *process* that happens to share memory with
 * the others. Everything POSIX says about "the process" — one pid, signals sent to the
 * process, a fatal signal ending it, exit() ending it — the library must fake in user space,
 * and the faking needs a helper: the **thread manager**, one more task.
 *
 * ## Vocabulary (file by file, as in glibc)
 *
 * - **manager** (manager.ts): created by the first pthread_create with
 *   clone(CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND) and no exit signal. It owns thread
 *   creation and destruction: every thread is *its* child, created with the same flags plus
 *   the cancel signal as exit signal and without CLONE_THREAD — so a thread has its own pid,
 *   its getppid() is the manager, and its death is reported to the manager with the cancel
 *   signal. The manager sleeps in poll() on its **request pipe** with a 2-second timeout;
 *   each wake-up it checks getppid(): 1 means the main thread died and it was re-parented to
 *   init, so it SIGKILLs every thread and exits.
 * - **requests** (internals.ts): CREATE, FREE, PROCESS_EXIT, MAIN_THREAD_EXIT, DEBUG, KICK —
 *   fixed-size records written to the pipe by the threads.
 * - **restart and cancel signals** (restart.ts, pthread.ts): with real-time signals available
 *   LinuxThreads takes the kernel's first three, SIGRTMIN (restart), SIGRTMIN+1 (cancel) and
 *   SIGRTMIN+2 (debug), so applications see SIGRTMIN = 35. A thread *suspends* in
 *   sigsuspend() waiting for the restart signal, which it keeps blocked at all other times;
 *   another thread *restarts* it with kill(pid, restart). Every wait in the library — for the
 *   manager's answer to pthread_create, for a mutex, a condition variable, a join — is that.
 *   The cancel signal tells threads to die when some thread calls exit(), and tells the
 *   manager that a child died.
 * - **thread handles** (internals.ts): __pthread_handles[PTHREAD_THREADS_MAX] (1024, a library
 *   option here); slot 0 is the initial thread, slot 1 the manager. A pthread_t is the slot
 *   plus a counter that grows by PTHREAD_THREADS_MAX per creation (so the first thread is
 *   1026 and the main thread 1024, as LinuxThreads printed them). A full table is EAGAIN.
 * - **fastlocks** (spinlock.ts): a status word and a list of waiting threads. The default
 *   mutex (mutex.ts, PTHREAD_MUTEX_TIMED_NP since glibc 2.2) queues and suspends at once and is
 *   handed to the oldest waiter; the adaptive kind (PTHREAD_MUTEX_ADAPTIVE_NP) spins briefly on
 *   SMP first. Semaphores (semaphore.ts) are a fastlock, a value and a queue — and a sem_post
 *   made in a signal handler (every user handler runs under the library's wrapper, which marks
 *   p_in_sighandler) takes no lock but writes a REQ_POST request to the manager, which posts on
 *   its behalf.
 *   Reader-writer locks (rwlock.ts) are a fastlock, counts and two queues of suspended threads
 *   (readers preferred by default); spin locks (pspinlock.ts) are a word and a busy loop — the
 *   one lock that never signals.
 *
 * ## What it costs (every figure comes out of the mechanism, see the creation benchmark)
 *
 * pthread_create is a pipe write, a wake-up of the manager and a switch to it, the manager's
 * poll, getppid, read, mmap and clone, a kill(2) back to the creator, the creator's
 * sigprocmask + sigsuspend + a signal frame and sigreturn, and in the new thread arch_prctl,
 * getpid and sigprocmask before the start routine runs — where NPTL does one clone. Joining
 * costs a suspend for the joiner, a kill(2) from the exiting thread, the cancel signal to the
 * manager, its wait4 calls, and a FREE request that makes it munmap the stack. Every
 * contended lock hand-off is a signal delivery. There are N+2 tasks for N threads (rule 20).
 *
 * ## What it gives up (the lab's catalogue of deviations: test/conformance/deviations.ts)
 *
 * - getpid() differs per thread (POSIX rule 3); getppid() of a thread is the manager (rule 21).
 * - kill(pid, sig) reaches exactly one thread, even one that blocks the signal while others
 *   do not (rules 12, 13 and 18 cannot hold; rule 25); SIGSTOP stops one thread, SIGCONT
 *   resumes one (rule 16).
 * - A fatal signal kills one thread; the manager then relays the same signal to all the
 *   others (rule 15 holds only eventually, through the manager, rule 23).
 * - exit() works only through the manager (rule 24), and if the main thread is killed the
 *   others run on until the manager's next poll timeout notices (up to 2 s). _exit() in a
 *   thread ends only that thread; fork() in a thread makes that thread the child's parent.
 * - Three real-time signals are gone; a program that unblocks the restart signal breaks it.
 * - What POSIX wants the process to share the kernel keeps per process — so here per thread:
 *   process group and session, user ids (setuid in one thread changes that thread only, and a
 *   thread that dropped root may no longer send the restart signal to one that did not),
 *   nice, CPU times (getrusage, times); a signal to the process group runs the handler in
 *   every thread (README, KNOWN BUGS 4); execve in a thread has the manager kill the others,
 *   main included, and the new image keeps that thread's pid (pthreads(7)).
 *
 * ## Why NPTL replaced it
 *
 * Linux 2.5/2.6 gave the kernel what LinuxThreads faked: CLONE_THREAD (one pid, process-wide
 * signals, exit_group), CLONE_SETTID/CLEARTID and futexes (no restart signals, no manager
 * to create or reap threads). NPTL (libs/nptl) is what a thread library looks like then.
 *
 * Cancellation (cancel.ts) is flags in the descriptor plus two ways to wake the target: a
 * thread suspended in pthread_join, pthread_cond_wait or sem_wait is taken off its queue by the
 * "extrication interface" it registered and restarted; any other gets the cancel signal, whose
 * handler ends a thread in asynchronous mode — which every cancellable system call switches to
 * for its duration.
 *
 * Simplifies: no scheduling priorities (the manager's SCHED_FIFO boost), no debugger events
 * (thread_db.ts gives the debugger's thread list); the rest is named in each file's header.
 */

import { managerAdjustPrio } from './sched.js';
import { SCHED_OTHER } from '../include.js';
import { sys, uaccess, EINVAL, ENOSYS, AT_FDCWD, AT_EACCESS, X_OK, makeProcessCpuclock, type Sim, type SigInfo } from '../../kernel/index.js';
import type {
  Libc, LibraryInfo, Ref, ThreadFn, PthreadAttr, MutexType, pthread_t, pthread_mutex_t,
  pthread_cond_t, Program, sem_t, SigDisposition, Sigaction, pthread_rwlock_t, pthread_rwlockattr_t,
  pthread_spinlock_t, SchedParam,
} from '../api.js';
import type { ThreadLibrary, LibraryInstance } from '../index.js';
import { LibcBase } from '../common/libc_base.js';
import {
  LT_SIGRTMIN, DEFAULT_THREADS_MAX, STACK_SIZE, threadSelf, type LtDescr, type LtProcess,
} from './internals.js';
import {
  initialThread, pthreadInitialize, pthreadCreate, pthreadOnexitProcess, pthreadResetMainThread,
  pthreadInitializeManager,
} from './pthread.js';
import { pthreadDoExit, pthreadJoin, pthreadDetach } from './join.js';
import { mutexInit, mutexLock, mutexTrylock, mutexTimedlock, mutexUnlock, mutexDestroy } from './mutex.js';
import { LtCond, condWait, condTimedwait, condSignal, condBroadcast, condDestroy } from './condvar.js';
import {
  pthreadKill, pthreadSigqueue, threadPid, isReservedSignal, filterMask, filterSuspendMask, pthreadSighandler, pthreadSigwait,
  pthreadNullSighandler,
} from './signals.js';
import { semInit, asLtSem, semWait, semTrywait, semPost, semGetvalue, semDestroy } from './semaphore.js';
import {
  pthreadCancel, setcancelstate, setcanceltype, testcancel, enableAsynccancel, disableAsynccancel,
} from './cancel.js';
import { ltDebugThreads, ltIsHelperTask } from './thread_db.js';
import {
  rwlockInit, rwlockDestroy, rwlockRdlock, rwlockTryrdlock, rwlockWrlock, rwlockTrywrlock, rwlockUnlock,
} from './rwlock.js';
import { spinInit, spinDestroy, spinLock, spinTrylock, spinUnlock } from './pspinlock.js';

export const LINUXTHREADS_INFO: LibraryInfo = {
  name: 'linuxthreads',
  title: 'LinuxThreads (glibc ≤ 2.3, with its manager thread)',
  model: '1:1',
  cloneFlags: 'CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|SIGRT1 (exit signal = cancel signal; no CLONE_THREAD)',
  reserves: ['SIGRT0 (32, restart)', 'SIGRT1 (33, cancel)', 'SIGRT2 (34, debug)'],
  summary: 'Each thread is a process sharing memory, files and handlers, created by a manager task '
    + 'over a pipe; threads block in sigsuspend and are woken with a restart signal.',
  options: { threadsMax: DEFAULT_THREADS_MAX, stackSize: STACK_SIZE },
};

export class LinuxThreads extends LibcBase {
  readonly info = LINUXTHREADS_INFO;
  readonly SIGRTMIN = LT_SIGRTMIN;

  /** attr.c __pthread_attr_init_2_1: __stacksize = STACK_SIZE - pagesize (the guard page's). */
  protected defaultStacksize(): number { return this.stackSize - 4096; }

  constructor(readonly threadsMax: number, readonly stackSize: number) {
    super();
  }

  protected cur(): LtDescr { return threadSelf(); }
  protected proc(): LtProcess { return threadSelf().proc; }

  // ---- threads ----
  // create and join hand back the library's own generator (no wrapper frame to resume at
  // every system call on the create+join path)
  pthread_create<A>(start: ThreadFn<A>, arg?: A, attr?: PthreadAttr): Sim<pthread_t> {
    if (attr?.affinity !== undefined && !this.affinityValid(attr.affinity)) return einvalCreate();
    if (this.attrSchedError(attr) !== 0) return einvalCreate(); // the attribute setters' EINVAL
    return pthreadCreate(start as ThreadFn, arg, attr);
  }

  /** __pthread_setschedparam: sched_setscheduler on the thread's pid, then the manager is raised above it (sched.ts). */
  override *pthread_setschedparam(t: pthread_t, policy: number, param: SchedParam): Sim<number> {
    const err = yield* super.pthread_setschedparam(t, policy, param);
    if (err !== 0) return err;
    const proc = threadSelf().proc;
    if (proc.managerRequest >= 0) yield* managerAdjustPrio(proc, policy === SCHED_OTHER ? 0 : param.sched_priority);
    return 0;
  }
  /**
   * The thread's own pid (its handle's p_pid under the handle lock, as pthread_kill and
   * getcpuclockid.c read it). glibc's LinuxThreads never had pthread_setaffinity_np or the
   * affinity attribute (linuxthreads/Versions lists none): its programs called
   * sched_setaffinity on the thread's pid, which is what these do. The lab's affinity
   * attribute is applied by the new thread to itself as it starts (manager.ts
   * pthreadStartThread), where pthread_start_thread applies the scheduling policy.
   */
  protected *threadTid(t: pthread_t): Sim<number> { return yield* threadPid(threadSelf(), t); }
  /** linuxthreads/sysdeps/pthread/getcpuclockid.c: MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED) — each thread is a process. */
  protected override cpuclockOf(pid: number): number { return makeProcessCpuclock(pid); }
  pthread_join(t: pthread_t, retval?: Ref<unknown> | null): Sim<number> {
    return pthreadJoin(threadSelf(), t, retval);
  }
  *pthread_exit(value?: unknown): Sim<never> { return yield* pthreadDoExit(threadSelf(), value); }
  *pthread_self(): Sim<pthread_t> { return threadSelf().tid; }
  *pthread_detach(t: pthread_t): Sim<number> { return yield* pthreadDetach(threadSelf(), t); }
  *pthread_kill(t: pthread_t, sig: number): Sim<number> { return yield* pthreadKill(threadSelf(), t, sig); }
  /** Not in LinuxThreads (glibc 2.11 added it to NPTL only): the lab's, pthread_kill's lookup and sigqueue(2) to the thread's pid (signals.ts). */
  *pthread_sigqueue(t: pthread_t, sig: number, value?: unknown): Sim<number> { return yield* pthreadSigqueue(threadSelf(), t, sig, value); }
  /** linuxthreads/pthread.c __pthread_setconcurrency: "We don't do anything unless we have found a useful interpretation" — any level is stored, negative too. */
  override *pthread_setconcurrency(level: number): Sim<number> { return yield* this.storeConcurrency(level); }

  override *pthread_sigmask(how: number, set: bigint | null, old?: Ref<bigint> | null): Sim<number> {
    const r = (yield sys.rt_sigprocmask(how, filterMask(how, set), old ?? null)) as number;
    return r < 0 ? -r : 0;
  }

  // ---- cancellation (cancel.ts: p_canceled, the extrication interface, the cancel signal) ----
  *pthread_cancel(t: pthread_t): Sim<number> { return yield* pthreadCancel(threadSelf(), t); }
  pthread_setcancelstate(state: number, old?: Ref<number> | null): Sim<number> { return setcancelstate(state, old); }
  pthread_setcanceltype(type: number, old?: Ref<number> | null): Sim<number> { return setcanceltype(type, old); }
  pthread_testcancel(): Sim<void> { return testcancel(); }
  protected cancelEnter(): Sim<number> { return enableAsynccancel(); }
  protected cancelLeave(old: number): Sim<void> { return disableAsynccancel(old); }

  // ---- mutexes and condition variables ----
  *pthread_mutex_init(attr?: { type?: MutexType }): Sim<pthread_mutex_t> {
    return mutexInit(attr, this.debugNames) as unknown as pthread_mutex_t;
  }
  *pthread_mutex_lock(m: pthread_mutex_t): Sim<number> { return yield* mutexLock(m); }
  *pthread_mutex_trylock(m: pthread_mutex_t): Sim<number> { return yield* mutexTrylock(m); }
  *pthread_mutex_timedlock(m: pthread_mutex_t, ns: number): Sim<number> { return yield* mutexTimedlock(m, ns); }
  *pthread_mutex_unlock(m: pthread_mutex_t): Sim<number> { return yield* mutexUnlock(m); }
  *pthread_mutex_destroy(m: pthread_mutex_t): Sim<number> { return mutexDestroy(m); }
  *pthread_cond_init(): Sim<pthread_cond_t> {
    const c = new LtCond();
    this.debugNames.add(c, 'cond');
    return c as unknown as pthread_cond_t;
  }
  *pthread_cond_wait(c: pthread_cond_t, m: pthread_mutex_t): Sim<number> { return yield* condWait(c, m); }
  *pthread_cond_timedwait(c: pthread_cond_t, m: pthread_mutex_t, ns: number): Sim<number> {
    return yield* condTimedwait(c, m, ns);
  }
  *pthread_cond_signal(c: pthread_cond_t): Sim<number> { return yield* condSignal(c); }
  *pthread_cond_broadcast(c: pthread_cond_t): Sim<number> { return yield* condBroadcast(c); }
  *pthread_cond_destroy(c: pthread_cond_t): Sim<number> { return condDestroy(c); }

  // ---- reader-writer locks (rwlock.ts: fastlock + queues + restart) and spin locks (pspinlock.ts) ----
  protected override rwlockPshared = 'linuxthreads' as const;
  protected override psharedRule = 'linuxthreads' as const;
  *pthread_rwlock_init(attr?: pthread_rwlockattr_t | null): Sim<pthread_rwlock_t> {
    return rwlockInit(attr, this.debugNames) as unknown as pthread_rwlock_t;
  }
  pthread_rwlock_destroy(rw: pthread_rwlock_t): Sim<number> { return rwlockDestroy(rw); }
  pthread_rwlock_rdlock(rw: pthread_rwlock_t): Sim<number> { return rwlockRdlock(rw, null); }
  pthread_rwlock_tryrdlock(rw: pthread_rwlock_t): Sim<number> { return rwlockTryrdlock(rw); }
  pthread_rwlock_timedrdlock(rw: pthread_rwlock_t, ns: number): Sim<number> { return rwlockRdlock(rw, ns); }
  pthread_rwlock_wrlock(rw: pthread_rwlock_t): Sim<number> { return rwlockWrlock(rw, null); }
  pthread_rwlock_trywrlock(rw: pthread_rwlock_t): Sim<number> { return rwlockTrywrlock(rw); }
  pthread_rwlock_timedwrlock(rw: pthread_rwlock_t, ns: number): Sim<number> { return rwlockWrlock(rw, ns); }
  pthread_rwlock_unlock(rw: pthread_rwlock_t): Sim<number> { return rwlockUnlock(rw); }
  pthread_spin_init(_pshared?: number): Sim<pthread_spinlock_t> { return spinInit(); }
  pthread_spin_destroy(s: pthread_spinlock_t): Sim<number> { return spinDestroy(s); }
  pthread_spin_lock(s: pthread_spinlock_t): Sim<number> { return spinLock(s); }
  pthread_spin_trylock(s: pthread_spinlock_t): Sim<number> { return spinTrylock(s); }
  pthread_spin_unlock(s: pthread_spinlock_t): Sim<number> { return spinUnlock(s); }

  // ---- semaphores (semaphore.ts: the fastlock and restart; a handler's post goes to the manager) ----
  override *sem_init(value: number, pshared = 0): Sim<sem_t> {
    // semaphore.c __new_sem_init: EINVAL above SEM_VALUE_MAX first, then ENOSYS for pshared.
    if (pshared !== 0 && Number.isInteger(value) && value >= 0 && value <= 0x7fffffff) {
      this.setErrno(ENOSYS);
      return null as unknown as sem_t;
    }
    const s = semInit(value);
    if (s === null) { this.setErrno(EINVAL); return null as unknown as sem_t; }
    this.debugNames.add(s, 'sem');
    return s as unknown as sem_t;
  }
  override *sem_wait(s: sem_t): Sim<number> {
    const sem = asLtSem(s);
    return this.cret(sem ? yield* semWait(sem, -1) : EINVAL);
  }
  override *sem_timedwait(s: sem_t, ns: number): Sim<number> {
    const sem = asLtSem(s);
    return this.cret(sem && ns >= 0 ? yield* semWait(sem, uaccess.vdsoNow() + ns) : EINVAL);
  }
  override *sem_trywait(s: sem_t): Sim<number> {
    const sem = asLtSem(s);
    return this.cret(sem ? yield* semTrywait(sem) : EINVAL);
  }
  override *sem_post(s: sem_t): Sim<number> {
    const sem = asLtSem(s);
    return this.cret(sem ? yield* semPost(sem, pthreadInitializeManager) : EINVAL);
  }
  override *sem_getvalue(s: sem_t, out: Ref<number>): Sim<number> {
    const sem = asLtSem(s);
    return sem ? semGetvalue(sem, out) : this.cret(EINVAL);
  }
  override *sem_destroy(s: sem_t): Sim<number> {
    const sem = asLtSem(s);
    return this.cret(sem ? semDestroy(sem) : EINVAL);
  }

  // ---- processes and signals, as LinuxThreads changes them ----
  /**
   * pthread_onexit_process, registered with on_exit by pthread_initialize — before main, so
   * exit() runs it after the program's atexit handlers and before flushing stdio: the manager
   * cancels and reaps the other threads (rule 24).
   */
  protected override *libraryOnExit(code: number): Sim<void> {
    yield* pthreadOnexitProcess(threadSelf(), code);
  }

  protected override reservedSignal(sig: number): boolean { return isReservedSignal(sig); }

  /** __pthread_sigaction: every user handler runs under __pthread_sighandler (signals.ts). */
  protected override kernelHandler(h: SigDisposition): any {
    if (typeof h !== 'function') return h;
    const libc = this;
    const kh = function (sig: number, info: SigInfo) { return pthreadSighandler(libc, h, sig, info); };
    (kh as any).user = h;
    return kh;
  }

  override *sigprocmask(how: number, set: bigint | null, old?: Ref<bigint> | null): Sim<number> {
    return yield* this.sc(sys.rt_sigprocmask(how, filterMask(how, set), old ?? null));
  }
  override *sigsuspend(mask: bigint): Sim<number> { return yield* this.csc(sys.rt_sigsuspend(filterSuspendMask(mask))); }
  override *sigwait(set: bigint, sig: Ref<number>): Sim<number> {
    if (typeof set !== 'bigint') return EINVAL;
    const install = (s: number) => this.sigaction(s, { handler: pthreadNullSighandler, mask: (1n << 64n) - 1n, flags: 0 });
    return yield* pthreadSigwait(threadSelf(), set, sig, install);
  }

  /** __pthread_sigaction: also remembers the program's handler (__sighandler[sig].old, for sigwait). */
  override *sigaction(sig: number, act: Sigaction | null, old?: Ref<Sigaction> | null): Sim<number> {
    const r = yield* super.sigaction(sig, act, old);
    if (r === 0 && act) threadSelf().proc.sighandler[sig] = act.handler;
    return r;
  }

  protected *atforkChild(): Sim<void> { yield* pthreadResetMainThread(this); }
  _crt0(main: Program, argv: string[]): Sim<unknown> { return linuxthreadsEntry(this, main, argv); }

  /**
   * execve's __pthread_kill_other_threads_np (linuxthreads/pthread.c): pthread_onexit_process(0)
   * — the manager cancels and reaps every other thread, the main thread too, and exits — so
   * the exec'ing thread, a process of its own, keeps its own pid (pthreads(7)); if it is not
   * the main thread, the main thread's death (status 0) is what the parent sees.
   * Exec of a file the caller cannot execute (`path`: access(X_OK) with the effective ids
   * fails) kills nobody here: glibc 2.3 kills first and a failed exec then leaves the process
   * with one thread and a manager to restart, which the lab's LinuxThreads does not model.
   */
  protected override *execPrepare(path?: string): Sim<void> {
    if (path !== undefined && ((yield sys.faccessat(AT_FDCWD, path, X_OK, AT_EACCESS)) as number) < 0) return;
    yield* pthreadOnexitProcess(threadSelf(), 0);
  }
}

/** crt0 + __libc_start_main with libpthread linked: the constructor, main(), exit(). */
function* linuxthreadsEntry(libc: LinuxThreads, main: Program, argv: string[]): Sim<unknown> {
  const self = initialThread(libc, libc.threadsMax, libc.stackSize);
  self.proc.exe = main;
  yield* pthreadInitialize(self);
  const r = yield* main(libc, argv);
  return yield* libc.exit(typeof r === 'number' ? r : 0);
}

function positiveInt(v: unknown, name: string, min: number, def: number): number {
  if (v === undefined) return def;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new RangeError(`linuxthreads: ${name} must be an integer ≥ ${min} (got ${String(v)})`);
  return v;
}

export const linuxthreads: ThreadLibrary = {
  info: LINUXTHREADS_INFO,
  create(options?: Record<string, unknown>): LibraryInstance {
    const threadsMax = positiveInt(options?.threadsMax, 'threadsMax', 3, DEFAULT_THREADS_MAX);
    const stackSize = positiveInt(options?.stackSize, 'stackSize', 16384, STACK_SIZE);
    const libc = new LinuxThreads(threadsMax, stackSize);
    return {
      libc,
      entry: (main: Program, argv: string[]) => linuxthreadsEntry(libc, main, argv),
      debugThreads: (ps) => ltDebugThreads(ps, libc.debugNames),
      isHelperTask: ltIsHelperTask,
    };
  },
};

export type { Libc, SigInfo };

/** pthread_create's -EINVAL for an affinity attribute naming no online CPU. */
function* einvalCreate(): Sim<pthread_t> {
  return -EINVAL;
}
