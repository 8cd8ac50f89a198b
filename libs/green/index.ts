/**
 * libs/green — green threads: a many-to-one (M:1) library in the manner of GNU Pth 2.0.
 *
 * ## The model
 *
 * The whole process is one kernel task — one native — and all threads of the program are user
 * threads inside it, scheduled cooperatively by the library: a thread runs until it blocks in
 * the library, yields, or exits, and the next ready thread (highest priority first, FIFO within
 * a priority) takes over through a user-level context switch, with no system call (GNU Pth's
 * pth_mctx switch; here, which generator the scheduler loop resumes). The kernel sees a
 * single-threaded process; ps shows one task however many threads the program made.
 *
 * Because there is only one native, the library must never let it sleep in the kernel while
 * some thread could run. Pth's answer is the one used here: the calls that can block — read,
 * write, sleep, waitpid, sigwait, poll, pause and the lab's slow device — are *wrapped*. A
 * wrapped call polls first (timeout 0) and, if the call would block, parks the thread on the
 * descriptor or a timer (pause: until a signal's handler has run in it); the scheduler polls
 * parked descriptors at each switch, and when nothing is ready it sleeps in one poll() for all
 * of them (or on a futex until the next timer). Any call that is not wrapped and blocks —
 * sigsuspend(), or any of those above left out of `wrap` — stops every thread of the process
 * until the kernel returns (rule 34). The `wrap` option (true, false, or a list of calls)
 * decides which calls are wrapped, so the lab can show it.
 *
 * ## Vocabulary (GNU Pth's names)
 *
 * the native — the process's only task, running the scheduler loop (pth_scheduler); TCB
 * (pth_st; ../common/uctx.ts `UThread`); ready queue (pth_RQ), waiting threads (pth_WQ: here
 * the timer heap, the parked fds, and each mutex's and condition's own queue); event manager
 * (pth_sched_eventmanager); wrapped call (pth_high.c: pth_read, pth_write, pth_poll, pth_nanosleep,
 * pth_waitpid, pth_sigwait); marker — what a thread yields to hand control to the scheduler.
 *
 * ## What it costs
 *
 * Create, switch, lock: as NGPT's (two userSwitch + two atomicOp; userSwitch; atomicOp) — no
 * system call at all, the cheapest threads of the lab. The price is in the wrappers: a ready
 * wrapped read is fcntl + poll + read, a printf is fcntl + poll + write; a wrapped waitpid
 * re-polls every 250 ms (Pth's pth_waitpid), so a parent sees its child's exit late.
 *
 * ## What it gives up
 *
 * Parallelism: one native runs on one CPU, however many the machine has. Blocking: one
 * unwrapped blocking call stops the process. Fairness: a thread that computes without calling
 * the library starves all others. Signals: thread-directed signals are emulated at user level
 * (raised on the native when the target thread next runs, as in NGPT; a waiting thread is woken
 * for its signal, runs the handler and waits again); a process-directed one is taken by the
 * running thread if it does not block it, else handed by the scheduler to a thread that does
 * not (Pth's event manager catches signals while it sleeps; ../common/usignal.ts); gettid() is
 * the process's pid for every thread.
 * PTHREAD_SCOPE_SYSTEM is refused with ENOTSUP, as Pth's pthread_attr_setscope does.
 * POSIX details Pth (and NGPT after it) does its own way, each a named deviation: a thread
 * that ends releases the mutexes it holds (pth_mutex_releaseall), a deleted key's values show
 * through a key created in its slot, waitpid never fails with EINTR (pth_waitpid's loop),
 * pthread_once neither waits for a routine running in another thread nor stops it running twice.
 *
 * GNU Pth has no POSIX semaphores; green uses NGPT's (a mutex and a condition variable).
 * Reader-writer locks are Pth 2.0.7's pth_rwlock (two recursive mutexes and a count; no timed
 * variants: ENOSYS); Pth has no spin locks: the lab's spin lock yields to the scheduler between tries
 * (../common/urwlock.ts, ../common/uspin.ts).
 *
 * The machinery is shared with NGPT (libs/ngpt): green is that machinery with one native, no
 * watchdog and no bound natives — which is historically right, since NGPT grew out of Pth.
 */

import { type Sim, type SigInfo, ENOTSUP, ENOSYS } from '../../kernel/index.js';
import type { LibraryInfo, PthreadAttr, pthread_once_t, Libc } from '../api.js';
import type { ThreadLibrary, LibraryInstance } from '../index.js';
import { ULibc, checkLibOptions, threadsMaxOption, UTHREADS_MAX } from '../common/ulibc.js';
import { parseWrap, type WrapSet } from '../common/uwrap.js';
import { foldTkill } from '../common/libc_base.js';
import type { UThread } from '../common/uctx.js';
import type { Native, UProc } from '../common/usched.js';
import { uDebugThreads } from '../common/uthread_db.js';

export const GREEN_INFO: LibraryInfo = {
  name: 'green',
  title: 'Green threads — many-to-one, cooperative (GNU Pth 2.0 style)',
  model: 'M:1',
  cloneFlags: 'none (one task; threads are user-level contexts)',
  reserves: [],
  summary: 'Every thread is a user-level context in one kernel task; cooperative priority scheduling; '
    + 'wrapped I/O through poll parks only the thread; any unwrapped blocking call stops the process.',
  options: { wrap: true, threadsMax: UTHREADS_MAX },
};

export class Green extends ULibc {
  readonly info = GREEN_INFO;
  readonly SIGRTMIN = 32;
  /** GNU Pth 2.0.7's pth_sync.c rwlock and pthread.c attributes (urwlock.ts, rwlockattr.ts). */
  protected override readonly pthFlavour = 'pth' as const;
  protected override rwlockPshared = 'pth' as const;
  protected override psharedRule = 'pth' as const;

  constructor(wrap: WrapSet) {
    super(wrap);
  }

  /** GNU Pth 2.0.7 pthread.c: pthread_attr_setscope and _getscope are "not supported": ENOSYS. */
  override pthread_attr_setscope(_scope: 'system' | 'process'): number { return ENOSYS; }
  override pthread_attr_getscope(): 'system' | 'process' | number { return ENOSYS; }

  /**
   * GNU Pth 2.0.7 pthread.c: pthread_attr_setinheritsched, _setschedparam, _setschedpolicy (and
   * their getters), pthread_setschedparam and pthread_getschedparam are all "not supported":
   * ENOSYS (Pth has no pthread_setschedprio either). Pth's own priorities (PTH_ATTR_PRIO) are
   * not reachable through the pthread API, so a POSIX program cannot change the order of the
   * user-level scheduler; threads are never given a kernel policy (rule 34: one native).
   */
  override pthread_attr_setsched(_op: 'inheritsched' | 'schedpolicy' | 'schedparam', _value: number): number { return ENOSYS; }

  /** Every thread lives on the one native; system scope is not available (Pth: ENOTSUP). */
  protected *place(p: UProc, _t: UThread, attr: PthreadAttr | undefined): Sim<Native | number> {
    if (attr?.scope === 'system') return -ENOTSUP;
    return p.natives[0];
  }

  protected queuedBusy(): void { /* one native: nothing to rescue */ }

  /**
   * sigwaitinfo and sigtimedwait. GNU Pth leaves them to the kernel, where they see a signal the
   * thread blocked because pth_sigmask sets the process's own mask; the lab keeps the mask per
   * user thread and the library takes such a signal for the thread, so a raw wait on the one
   * native would sleep forever. They do what pth_sigwait does instead (usigwait.ts).
   */
  override *sigwaitinfo(set: bigint, info: { value?: SigInfo } | null = null): Sim<number> {
    const r = yield* this.pthSigtimedwait(set, info, -1);
    return r === null ? yield* super.sigwaitinfo(set, info) : foldTkill(r, info); // glibc's wrapper folds it either way
  }

  override *sigtimedwait(set: bigint, info: { value?: SigInfo } | null, timeoutNs: number): Sim<number> {
    if (!(timeoutNs >= 0)) return yield* super.sigtimedwait(set, info, timeoutNs);
    const r = yield* this.pthSigtimedwait(set, info, timeoutNs);
    return r === null ? yield* super.sigtimedwait(set, info, timeoutNs) : foldTkill(r, info);
  }

  /**
   * GNU Pth 2.0's pthread.c pthread_once: `if (*once_control != 1) init_routine(); *once_control
   * = 1;` — the control is set only after the routine, so a caller that comes while the routine
   * waits (it is the only way another thread runs) runs it again, and nobody waits for it
   * (posix:once-waits). A cancelled routine leaves the control unset.
   */
  override *pthread_once(once: pthread_once_t, init: (libc: Libc) => Sim<unknown>): Sim<number> {
    if (once.state !== 2) yield* init(this);
    once.state = 2;
    return 0;
  }
}

export const green: ThreadLibrary = {
  info: GREEN_INFO,
  create(options: Record<string, unknown> = {}): LibraryInstance {
    checkLibOptions('green', ['wrap', 'threadsMax'], options);
    const libc = new Green(parseWrap(options.wrap, 'green'));
    libc.threadsMax = threadsMaxOption('green', options.threadsMax);
    return {
      libc,
      entry: (main, argv) => libc.entry(main, argv),
      debugThreads: (ps) => uDebugThreads(ps, libc.debugNames),
    };
  },
};
