/**
 * libs/ngpt — NGPT, IBM's Next Generation POSIX Threading (2.2.1, 2002): an M:N library.
 *
 * ## The model
 *
 * NGPT took GNU Pth — a library of cooperative user-level threads inside one process — and
 * ran Pth's scheduler on several kernel tasks at once. Those tasks are the *natives*: clone()d
 * with CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD, so they are threads of one
 * thread group and the process keeps one pid (rule 31). By default there are as many natives
 * as CPUs, plus one when there is more than one CPU (the first native carries main); the
 * MAXNATIVETHREADS environment variable overrode that, here the `natives` option does. They are
 * created lazily: each pthread_create clones one more native until the count is reached.
 *
 * User threads are not kernel tasks. Each is a context (here a generator) that a native's
 * scheduler loop resumes; switching between two of them is a user-level context switch
 * (setjmp/longjmp in C, `userSwitch` in the cost model), with no system call, and the kernel
 * never learns that it happened: `ps` shows the natives, not the threads. A thread runs until
 * it blocks or yields — scheduling among user threads is non-preemptive and by priority
 * (attr.priority; FIFO within a priority) (rule 32). The kernel still preempts natives.
 *
 * Where the kernel comes in: a mutex, a condition variable, a join are user-level queues; a
 * thread that must wait parks and its native runs the next one. Only when the thread it
 * readies belongs to a native that is asleep does the library ask the kernel — one FUTEX_WAKE
 * (or a byte down that native's pipe when it sleeps in poll). System calls that could block
 * are *wrapped*: read, write, sleep, waitpid, sigwait, poll and the slow device first poll
 * (timeout 0) and, if the call would block, park only the calling thread on the fd or a timer
 * (pause parks it until a signal's handler has run in it); the
 * scheduler polls parked descriptors at every switch and sleeps in poll() when it has nothing
 * else to do. An *unwrapped* call goes straight to the kernel: if it sleeps, the native sleeps,
 * and every user thread queued on that native waits with it (rule 33). The `wrap` option picks
 * which calls are wrapped (true, false, or a list), so the lab can show both.
 *
 * ## Vocabulary (NGPT's names)
 *
 * native (pth_descr_st; usched.ts `Native`) — a kernel task running a scheduler loop, with a
 * ready queue, a timer heap, parked fds and an idle futex word; user thread (pth_st, TCB;
 * uctx.ts `UThread`); scheduler loop (pth_scheduler; `nativeLoop`); event manager
 * (pth_sched_eventmanager: timers and fds); bound native — the native of a PTHREAD_SCOPE_SYSTEM
 * thread, which runs nothing else; watchdog (pth_watchdog) — a native that wakes every 2 s
 * while work is queued; wrapped call (pth_high.c's pth_read and friends).
 *
 * ## Choices this model makes (read before comparing numbers)
 *
 * - Per-native ready queues with round-robin placement and wake-up affinity (NGPT's own FIXME
 *   in pth_spawn, see pth_native.ts); the watchdog is the only thing that moves threads, and
 *   only off a native that dispatched nothing for a whole interval while work waited.
 * - pthread_kill to a user thread: if it is running (or blocked in the kernel) on a native,
 *   tgkill that native; if its action is process-wide (default terminate/stop), tgkill its
 *   native at once; otherwise the signal is recorded in the thread and raised on its native
 *   (tgkill to itself) when the scheduler next switches to it, so the handler runs in that
 *   thread. A thread that waits (mutex, condition, barrier, join, sleep, I/O) is woken for it at
 *   once, as pth_sched_eventmanager wakes a waiting thread with a pending unblocked signal: the
 *   handler runs in it while it waits, and the wait goes on (a condition wait returns, a
 *   spurious wake-up). A ready thread queued behind a busy one takes it late (no preemption).
 * - A process-directed signal (kill of the pid, or of any native's tid) is taken by the user
 *   thread running on the native the kernel picks, if that thread does not block it. One that
 *   reaches a native's scheduler — idle, or between two threads — is handed to a user thread
 *   that does not block it, which is woken and runs the handler (../common/usignal.ts); no
 *   handler ever runs outside a user thread. A sleeping native unblocks only the signals some
 *   thread does not block (Pth's pth_sigblock), so one every thread blocks stays pending.
 *   gettid() is the native's tid.
 * - Semaphores are NGPT's semaphore.c: a pthread mutex and condition variable around the value
 *   (libc_base.ts), and sem_timedwait is its ENOSYS stub. A signal handler that interrupts
 *   sem_post and posts the same semaphore finds the mutex held by the thread it interrupted;
 *   NGPT's pth_mutex_acquire answers EDEADLK to that relock, sem_post ignores the answer, and
 *   the post counts (umutex.ts) — safe by accident rather than by design.
 * - Reader-writer locks are pth_rwlock (urwlock.ts: two pth mutexes and a count; no timed
 *   variants, ENOSYS; a reader other than the first leaving last gets EPERM, NGPT 2.2.1's bug).
 *   NGPT had no spin locks; the lab's yields between tries (uspin.ts).
 * - setuid and friends, nice and sigaltstack are not wrapped (NGPT 2.2.1 has no code for them):
 *   they are system calls of the calling native, so they apply to every user thread that runs
 *   on that native and to none on the others. execve from a user thread is the native's: the
 *   kernel kills the other natives and the process keeps its pid.
 * - Cancellation is Pth's (../common/ucancel.ts): a request flag, acted on at cancellation
 *   points; a thread parked in a wrapped call, a join or a condition wait is woken for it at
 *   user level; one blocked in an unwrapped system call only when the call returns.
 * - A thread's signal mask is user-level state applied to its native at dispatch when it
 *   differs from the previous thread's (one rt_sigprocmask), not at every switch as Pth's
 *   sigsetjmp did.
 *
 * ## What it costs
 *
 * Create (pth_spawn.ts, from NGPT 2.2.1's source): an mmap of a 64 KiB stack and its first two
 * pages faulted in, time() for the thread's name, two rt_sigprocmask (getcontext's and the mask
 * read), locks (two userSwitch + six atomicOp; the first creations also clone natives); freeing
 * the thread (join, or the scheduler's reap of a detached one) munmaps the stack. Switch: userSwitch. Lock/unlock: atomicOp each. Waking a sleeping native: one
 * futex call. A wrapped read that is ready: fcntl + poll + read (three calls for one); a wrapped
 * sleep: none. Main's exit or the last thread's exit ends the process.
 *
 * ## What it gives up
 *
 * A user thread in a long computation keeps every thread queued behind it waiting (no
 * preemption); an unwrapped blocking call blocks a whole native's queue until the watchdog
 * steps in; thread-directed signals are emulated, and late for a thread queued behind a busy
 * one; the kernel schedules natives without knowing which user threads matter (priorities are
 * per native only); every wrapped call pays extra system calls. These are the reasons NPTL's 1:1 design won in 2002–2003, once the
 * kernel's thread creation and futexes were cheap enough.
 *
 * Files: pth_native.ts (natives, placement, watchdog) here; the machinery shared with the
 * green library is in ../common: uctx.ts (TCB, markers, queues), usched.ts (scheduler loop,
 * event manager), uthread.ts (create/join/exit/kill/sigmask), umutex.ts, uwrap.ts, ulibc.ts,
 * uthread_db.ts (the debugging view: user threads, what they wait for, mutex owners).
 */

import { type Sim, type SigInfo, EAGAIN, ENOSYS, EINVAL } from '../../kernel/index.js';
import type { LibraryInfo, PthreadAttr, sem_t, pthread_once_t, Libc, pthread_t, Ref, SchedParam } from '../api.js';
import { SCHED_OTHER } from '../include.js';
import { PTHREAD_EXPLICIT_SCHED } from '../api.js';
import { ATTR_FAULT } from '../common/libc_sched.js';
import type { ThreadLibrary, LibraryInstance } from '../index.js';
import { ULibc, checkLibOptions, threadsMaxOption, UTHREADS_MAX } from '../common/ulibc.js';
import { parseWrap, type WrapSet } from '../common/uwrap.js';
import { UF_BOUND, type UThread } from '../common/uctx.js';
import type { Native, UProc } from '../common/usched.js';
import { uDebugThreads, uIsHelperTask } from '../common/uthread_db.js';
import { pthSpawnAlloc, pthTcbFree } from './pth_spawn.js';
import {
  newNative, newWatchdog, armWatchdog, nativeTarget, NGPT_CLONE_FLAGS_TEXT, WATCHDOG_INTERVAL_NS,
} from './pth_native.js';

export const NGPT_INFO: LibraryInfo = {
  name: 'ngpt',
  title: 'NGPT — Next Generation POSIX Threading 2.2.1 (IBM, M:N)',
  model: 'M:N',
  cloneFlags: NGPT_CLONE_FLAGS_TEXT,
  reserves: [],
  summary: 'User threads switched at user level on a few natives (CPUs+1); non-preemptive, priority '
    + 'scheduling; user-level mutexes and conditions; wrapped blocking calls park only the thread; '
    + 'a watchdog rescues work stranded on a blocked native every 2 s.',
  options: { natives: 'CPUs+1 (1 on one CPU)', wrap: true, watchdog: true, watchdogInterval: 2, threadsMax: UTHREADS_MAX },
};

export class Ngpt extends ULibc {
  /** NGPT 2.2.1 pthread.c: `pthread_concurrency = new_level; return OK;` — stored, unchecked, and never read. */
  override *pthread_setconcurrency(level: number): Sim<number> { return yield* this.storeConcurrency(level); }
  /** NGPT 2.2.1 pthread.c pthread_attr_setscope: both scopes (system: a bound native); pth_attr.c's default is M:N. */
  override pthread_attr_setscope(_scope: 'system' | 'process'): number { return 0; }
  override pthread_attr_getscope(): 'system' | 'process' | number { return 'process'; }
  readonly info = NGPT_INFO;
  readonly SIGRTMIN = 32;

  // ---- scheduling policies: NGPT 2.2.1 pthread.c, "SCHEDULER ROUTINES" and the attribute calls ----
  /**
   * pthread_attr_setinheritsched: anything but PTHREAD_EXPLICIT_SCHED is ENOSYS (checked before
   * the switch that would accept INHERIT); setschedpolicy stores SCHED_OTHER/FIFO/RR (EINVAL
   * otherwise); setschedparam passes `schedpolicy` by value where pth_attr_get wants a pointer
   * (`pth_attr_get(attr, PTH_ATTR_SCHEDPOLICY, schedpolicy)` with schedpolicy = 0), and
   * pth_attr_ctrl writes through it: a null-pointer write, SIGSEGV (ATTR_FAULT).
   */
  override pthread_attr_setsched(op: 'inheritsched' | 'schedpolicy' | 'schedparam', value: number): number {
    if (op === 'inheritsched') return value === PTHREAD_EXPLICIT_SCHED ? 0 : ENOSYS;
    if (op === 'schedpolicy') return value === 0 || value === 1 || value === 2 ? 0 : EINVAL;
    return ATTR_FAULT;
  }
  /** pthread_setschedparam: "For now, we only support SCHED_OTHER": ENOSYS for any other policy, else 0 — nothing changes. */
  override *pthread_setschedparam(_t: pthread_t, policy: number, _param: SchedParam): Sim<number> {
    return policy === SCHED_OTHER ? 0 : ENOSYS;
  }
  /** pthread_getschedparam: the policy is always SCHED_OTHER; the parameters are not written. */
  override *pthread_getschedparam(_t: pthread_t, policy: Ref<number>, _param: Ref<SchedParam>): Sim<number> {
    policy.value = SCHED_OTHER;
    return 0;
  }
  /** pthread_cond_wait/timedwait: EINVAL when pth_cond_await finds the mutex not ours. */
  protected override get condChecksOwner(): boolean { return true; }

  constructor(wrap: WrapSet, readonly nativesOption: number | null, readonly watchdogOn: boolean,
    readonly watchdogNs: number) {
    super(wrap);
  }

  /** pth_spawn: the TCB and its stack (pth_spawn.ts), then where the thread goes. */
  protected *place(p: UProc, t: UThread, attr: PthreadAttr | undefined): Sim<Native | number> {
    const r = yield* pthSpawnAlloc(t, attr);
    if (r < 0) return r;
    const n = yield* this.placeNative(p, t, attr);
    if (typeof n === 'number') yield* pthTcbFree(t);
    return n;
  }

  protected override tcbFree(t: UThread): Sim<void> | null { return pthTcbFree(t); }

  /** pth_spawn's choice: a bound native for system scope, a new native while below the count, else round-robin. */
  private *placeNative(p: UProc, t: UThread, attr: PthreadAttr | undefined): Sim<Native | number> {
    if (attr?.scope === 'system') {
      const n = yield* newNative(p, t);
      if (typeof n === 'number') return n < 0 ? n : -EAGAIN;
      t.flags |= UF_BOUND;
      return n;
    }
    const target = nativeTarget(this.nativesOption);
    if (this.watchdogOn && target > 1 && p.watchdog === null) yield* newWatchdog(p, this.watchdogNs);
    if (p.pool.length < target) {
      const n = yield* newNative(p, null);
      if (typeof n !== 'number') return n; // the new native takes the new thread
    }
    const n = p.pool[p.rr % p.pool.length];
    p.rr++;
    return n;
  }

  protected queuedBusy(p: UProc): void {
    armWatchdog(p);
  }

  /**
   * NGPT 2.2.1's pthread.c pthread_once: under once_init_lock the first caller marks the control
   * done and runs the init routine (with pthread_once_handler pushed, which resets the control if
   * the routine is cancelled); every other caller returns at once — it does not wait for a
   * routine still running on another thread (POSIX says it must: posix:once-waits).
   */
  override *pthread_once(once: pthread_once_t, init: (libc: Libc) => Sim<unknown>): Sim<number> {
    const first = once.state !== 2;
    once.state = 2;
    if (first) {
      yield* this.pthread_cleanup_push(() => { once.state = 0; });
      yield* init(this);
      yield* this.pthread_cleanup_pop(0);
    }
    return 0;
  }

  /**
   * NGPT 2.2.1 pth_syscall.c __sigwaitinfo, "internally fully emulated": pth_sigwait, then only
   * si_signo is filled in — and it returns pth_sigwait's 0, not the signal number (a bug a
   * program sees). sigtimedwait and sigqueue are not wrapped: they are the kernel's.
   */
  override *sigwaitinfo(set: bigint, info: { value?: SigInfo } | null = null): Sim<number> {
    if (!this.wrap.sigwait) return yield* super.sigwaitinfo(set, info);
    const s = { value: 0 };
    const err = yield* this.sigwait(set, s);
    if (err === 0 && info) info.value = { signo: s.value, code: 0, pid: 0 };
    return err;
  }

  /** NGPT 2.2.1's semaphore.c: `__sem_timedwait ... return_errno(-1, ENOSYS)` — a stub. */
  override *sem_timedwait(_s: sem_t, _timeoutNs: number): Sim<number> {
    return this.setErrno(ENOSYS);
  }
}

function natives(v: unknown): number | null {
  if (v === undefined || v === null || v === 'auto') return null;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new RangeError(`ngpt: option natives must be an integer from 1 to 64 (got ${String(v)})`);
  return n;
}

function seconds(v: unknown): number {
  if (v === undefined) return WATCHDOG_INTERVAL_NS;
  const s = Number(v);
  if (!(s > 0) || !Number.isFinite(s)) throw new RangeError(`ngpt: option watchdogInterval must be a positive number of seconds (got ${String(v)})`);
  return s * 1e9;
}

export const ngpt: ThreadLibrary = {
  info: NGPT_INFO,
  create(options: Record<string, unknown> = {}): LibraryInstance {
    checkLibOptions('ngpt', ['natives', 'wrap', 'watchdog', 'watchdogInterval', 'threadsMax'], options);
    const wd = options.watchdog === undefined ? true : options.watchdog !== false && options.watchdog !== 'false';
    const libc = new Ngpt(parseWrap(options.wrap, 'ngpt'), natives(options.natives), wd, seconds(options.watchdogInterval));
    libc.threadsMax = threadsMaxOption('ngpt', options.threadsMax);
    return {
      libc,
      entry: (main, argv) => libc.entry(main, argv),
      debugThreads: (ps) => uDebugThreads(ps, libc.debugNames),
      isHelperTask: uIsHelperTask,
    };
  },
};
