/**
 * api.ts — the program contract: the POSIX-named C library every thread library implements.
 *
 * A student program is an ES module whose default export is `function* main(libc, argv)`.
 * `libc` is whichever library was chosen at run time (`--lib`): the program never imports a
 * library, just as a C program is relinked against another libpthread. Every call is made
 * with `yield*`, which marks the points where the thread may lose the CPU; plain JavaScript
 * between two yields runs atomically, like code with interrupts off.
 *
 * ## How C's shapes map to TypeScript (read this once)
 *
 * - **System-call wrappers** (getpid, kill, read, write, pipe, waitpid, sigaction, sleep, ...)
 *   return -1 on failure and set the calling thread's `libc.errno`, as in C.
 * - **pthread_* functions** return 0 or an error number (EDEADLK, EINVAL, EPERM, EBUSY, ...),
 *   as in C; they do not touch errno.
 * - **Out-parameters** are `Ref<T>` objects, `{ value: T }`: pass one where C passes `&x`, or
 *   `null` where C allows NULL. Example: `const st = { value: 0 }; yield* libc.waitpid(pid, st, 0)`.
 * - **Calls that create something** return it instead of filling an out-parameter:
 *   `pthread_create` returns the new `pthread_t` (a positive number) or, on failure, the
 *   *negative* error number (`-EAGAIN`); `pthread_mutex_init`, `pthread_cond_init`,
 *   `sem_init`, `pthread_barrier_init`, `pthread_rwlock_init`, `pthread_rwlockattr_init`,
 *   `pthread_spin_init` return the object; `pipe` returns `[readFd, writeFd]`
 *   or -1; `pthread_key_create` returns the key or a negative error number.
 * - **Data** are strings: `write(fd, "text")`; `read(fd, buf, n)` stores what it read in
 *   `buf.value` and returns the byte count (0 at end of file).
 * - **Times** follow the C call's unit: sleep(s), usleep(µs), nanosleep(ns), poll(ms);
 *   `pthread_cond_timedwait`, `sem_timedwait` and `pthread_rwlock_timed{rd,wr}lock` take a
 *   *relative* timeout in ns (C takes an absolute time).
 * - **Signal masks** are `bigint` bit sets: `sigmask(SIGUSR1) | sigmask(SIGUSR2)`.
 * - **Constants and macros** come from this module, as from C's headers: `SIGUSR1`, `EDEADLK`,
 *   `WNOHANG`, `WEXITSTATUS(st)`, `strerror(e)`, `signame(sig)`. SIGRTMIN is per library:
 *   `libc.SIGRTMIN` (glibc's is a function call too).
 * - **fork(child)** takes the function the child runs, `function* (libc) { ...; return 0 }`:
 *   JavaScript cannot copy a running generator, so the child cannot return from fork() the
 *   way a C child does. The parent gets the child's pid (or -1). This is the one deviation
 *   from C's shape, and the reason is the language, not the libraries.
 * - **stdio**: printf goes through stdout's buffer, as in C: line-buffered on the console,
 *   fully buffered when fd 1 is a pipe; exit() (and returning from main) runs the atexit
 *   handlers and flushes, _exit() does neither. A fork() child gets a copy of the buffer. A C
 *   program loaded through another loader may keep its own stdio and call only exit/_exit.
 * - **Shared memory**: threads share JavaScript objects by closure, as threads share an
 *   address space. A forked child runs in a copy of the *simulated* address space, but the
 *   JavaScript objects it closes over are the parent's — do not use them to communicate with
 *   the parent (use a pipe), just as you would not in C.
 */

import type { Sim, SigInfo, Stat, Dirent, Flock, SharedMemory, ShmHolder, Req, Utsname } from '../kernel/index.js';

export type { Sim, SigInfo, Stat, Dirent, Flock };
/** struct signalfd_siginfo's fields the lab fills, from the 128 bytes (one character each) a signalfd read gives. */
export interface SignalfdSiginfo { ssi_signo: number; ssi_code: number; ssi_pid: number; ssi_uid: number; ssi_tid: number; ssi_overrun: number; ssi_status: number; ssi_int: number }
/** The records in what read() of a signalfd returned. */
export function parseSignalfdSiginfo(bytes: string): SignalfdSiginfo[] {
  const out: SignalfdSiginfo[] = [];
  const u32 = (at: number): number => (bytes.charCodeAt(at) | (bytes.charCodeAt(at + 1) << 8) | (bytes.charCodeAt(at + 2) << 16) | (bytes.charCodeAt(at + 3) << 24)) >>> 0;
  for (let at = 0; at + 128 <= bytes.length; at += 128) {
    out.push({
      ssi_signo: u32(at), ssi_code: u32(at + 8) | 0, ssi_pid: u32(at + 12), ssi_uid: u32(at + 16), ssi_tid: u32(at + 24),
      ssi_overrun: u32(at + 32), ssi_status: u32(at + 40) | 0, ssi_int: u32(at + 44) | 0,
    });
  }
  return out;
}
/** <unistd.h> lockf's commands (glibc's, not the kernel's). */
export const F_ULOCK = 0, F_LOCK = 1, F_TLOCK = 2, F_TEST = 3;
import { HandlerExit, HOME_DIR } from '../kernel/index.js';
export { HandlerExit };
/** Where a program starts (its cwd and, for C, its own file: ./name there). */
export { HOME_DIR };

/**
 * A jump target (sigsetjmp) for TypeScript programs: the signal mask it saved, if asked to.
 * C's jmp_buf is memory; clib's jumps carry their own target (clib/host/setjmp.ts).
 */
export interface JmpBuf {
  readonly savedMask: bigint | null;
}

/**
 * siglongjmp's jump (`libc.siglongjmp`): an exception, since a generator cannot return twice —
 * the program catches it where it called sigsetjmp. Leaving a signal handler this way drops
 * its frame without sigreturn, as C's jump does (kernel/signal.ts HandlerExit): the handler's
 * mask stays unless the target saved one.
 */
export class LongJmp extends HandlerExit {
  constructor(readonly env: unknown, readonly val: number) {
    super('longjmp');
    this.name = 'LongJmp';
  }
}
/** The headers' constants and macros (SIGUSR1, EDEADLK, WEXITSTATUS, ...): see include.ts. */
export * from './include.js';

/** An out-parameter: C's pointer argument. */
export interface Ref<T> {
  value: T;
}

// ---- System V IPC and POSIX message queues (<sys/ipc.h>, <sys/shm.h>, <sys/sem.h>, <sys/msg.h>, <mqueue.h>) ----
/** struct ipc_perm (glibc's names). */
export interface IpcPerm { __key: number; uid: number; gid: number; cuid: number; cgid: number; mode: number; __seq: number }
/** struct shmid_ds. */
export interface ShmidDs {
  shm_perm: IpcPerm; shm_segsz: number; shm_atime: number; shm_dtime: number; shm_ctime: number;
  shm_cpid: number; shm_lpid: number; shm_nattch: number;
}
/** struct semid_ds. */
export interface SemidDs { sem_perm: IpcPerm; sem_otime: number; sem_ctime: number; sem_nsems: number }
/** struct msqid_ds. */
export interface MsqidDs {
  msg_perm: IpcPerm; msg_stime: number; msg_rtime: number; msg_ctime: number; __msg_cbytes: number;
  msg_qnum: number; msg_qbytes: number; msg_lspid: number; msg_lrpid: number;
}
/** struct sembuf. */
export interface Sembuf { sem_num: number; sem_op: number; sem_flg: number }
/** A message: C's struct { long mtype; char mtext[]; }. */
export interface Msgbuf { mtype: number; mtext: string }
/** struct mq_attr. */
export interface MqAttr { mq_flags: number; mq_maxmsg: number; mq_msgsize: number; mq_curmsgs: number }
/** struct sigevent for mq_notify: SIGEV_SIGNAL, SIGEV_NONE, or SIGEV_THREAD's kernel form. */
export interface MqSigevent {
  sigev_notify: number; sigev_signo?: number; sigev_value?: unknown;
  /** SIGEV_THREAD's listener: the thread (of this process) the kernel signals — the lab's stand-in for glibc's netlink helper (kernel/ipc/mqueue.ts). */
  sigev_notify_thread_id?: number;
}


/** A thread id handle (positive). Opaque: compare with pthread_equal or ===. */
export type pthread_t = number;

/** struct sched_param. */
export interface SchedParam {
  sched_priority: number;
}

/** A thread's start routine: it receives the C library and its argument. */
export type ThreadFn<A = any> = (libc: Libc, arg: A) => Sim<unknown>;

/** A signal handler: runs on the receiving thread, like C's handler(int sig, siginfo_t*, void*). */
export type SignalHandler = (libc: Libc, sig: number, info: SigInfo) => Sim<unknown>;

export const SIG_DFL = 0;
export const SIG_IGN = 1;
export type SigDisposition = SignalHandler | typeof SIG_DFL | typeof SIG_IGN;

export interface Sigaction {
  handler: SigDisposition;
  /** SA_RESTART, SA_NODEFER, SA_SIGINFO, SA_RESETHAND ... */
  flags?: number;
  /** Signals blocked while the handler runs. */
  mask?: bigint;
}

export interface PthreadAttr {
  /** PTHREAD_CREATE_DETACHED when true. */
  detached?: boolean;
  /** Stack size in bytes (libraries round and cache as they do). */
  stacksize?: number;
  /** PTHREAD_SCOPE_SYSTEM binds an M:N user thread to a native of its own. */
  scope?: 'system' | 'process';
  /** Scheduling priority for libraries that have one (NGPT); higher runs first. */
  priority?: number;
  /**
   * pthread_attr_setinheritsched / setschedpolicy / setschedparam: with inheritsched
   * PTHREAD_EXPLICIT_SCHED the new thread gets `schedpolicy` (default: the creator's) and
   * `schedparam` (default: the creator's) — NPTL by sched_setscheduler on its tid before it
   * runs (an error fails pthread_create with -EPERM/-EINVAL), LinuxThreads by the new thread on
   * itself as it starts (an RT policy unprivileged: -EPERM before the clone). Default
   * PTHREAD_INHERIT_SCHED. NGPT and green answer as their sources do (libs/ngpt/index.ts,
   * libs/green/index.ts; test/conformance/deviations.ts).
   */
  inheritsched?: number;
  schedpolicy?: number;
  schedparam?: SchedParam;
  /**
   * pthread_attr_setaffinity_np: the CPUs the new thread may run on (a cpu set, `cpuset(0, 2)`).
   * NPTL applies it before the thread runs; EINVAL (pthread_create returns -EINVAL) when it
   * names no online CPU; NGPT and green have no such attribute (-ENOSYS).
   */
  affinity?: bigint;
}

/**
 * The mutex kinds of pthread_mutexattr_settype. 'normal' is PTHREAD_MUTEX_NORMAL (= DEFAULT, =
 * what PTHREAD_MUTEX_INITIALIZER gives); 'adaptive' is glibc's PTHREAD_MUTEX_ADAPTIVE_NP (the
 * old PTHREAD_MUTEX_FAST_NP), which spins on SMP before sleeping where the library implements it
 * (LinuxThreads) and is a normal mutex elsewhere.
 */
export type MutexType = 'normal' | 'errorcheck' | 'recursive' | 'adaptive';

/**
 * A mutex attribute as pthread_mutex_init reads it: the type, pshared (PTHREAD_PROCESS_SHARED = 1,
 * set by pthread_mutexattr_setpshared), robust (PTHREAD_MUTEX_ROBUST = 1, set by
 * pthread_mutexattr_setrobust where the library has robust mutexes), protocol (PTHREAD_PRIO_*,
 * set by pthread_mutexattr_setprotocol) and prioceiling (a PTHREAD_PRIO_PROTECT mutex's
 * ceiling, set by pthread_mutexattr_setprioceiling), where the library has the protocols.
 */
export interface MutexAttr { type?: MutexType; pshared?: number; robust?: number; protocol?: number; prioceiling?: number }

/** pthread_mutexattr_setprotocol's values. */
export const PTHREAD_PRIO_NONE = 0;
export const PTHREAD_PRIO_INHERIT = 1;
export const PTHREAD_PRIO_PROTECT = 2;

/** pthread_mutexattr_setrobust's values (PTHREAD_MUTEX_STALLED is the default). */
export const PTHREAD_MUTEX_STALLED = 0;
export const PTHREAD_MUTEX_ROBUST = 1;
/** A robust mutex's owner died: the caller holds it, inconsistent until pthread_mutex_consistent. */
export const EOWNERDEAD = 130;
/** A robust mutex was unlocked without pthread_mutex_consistent: it can never be locked again. */
export const ENOTRECOVERABLE = 131;

/** Opaque synchronisation objects: each library decides what is inside. */
export interface pthread_mutex_t { readonly __brand: 'pthread_mutex_t' }
export interface pthread_cond_t { readonly __brand: 'pthread_cond_t' }
export interface sem_t { readonly __brand: 'sem_t' }
export interface pthread_barrier_t { readonly __brand: 'pthread_barrier_t' }
export type pthread_key_t = number;

/** Reader-writer and spin locks (opaque, like the mutex). */
export interface pthread_rwlock_t { readonly __brand: 'pthread_rwlock_t' }
export interface pthread_spinlock_t { readonly __brand: 'pthread_spinlock_t' }
/**
 * pthread_rwlockattr_t (glibc's struct pthread_rwlockattr: __lockkind, __pshared), made by
 * pthread_rwlockattr_init and read by pthread_rwlock_init. `lockkind` is one of
 * PTHREAD_RWLOCK_PREFER_READER_NP (the default), _PREFER_WRITER_NP, _PREFER_WRITER_NONRECURSIVE_NP.
 */
export interface pthread_rwlockattr_t {
  lockkind: number;
  pshared: number;
}

/** pthread_once_t: create with PTHREAD_ONCE_INIT(). */
export interface pthread_once_t {
  state: number;
}
export function PTHREAD_ONCE_INIT(): pthread_once_t {
  return { state: 0 };
}

export const PTHREAD_BARRIER_SERIAL_THREAD = -1;

/** A stdio stream (C's FILE *): only `stdout` and `stderr` exist. */
export interface FILE {
  readonly fd: number;
}
export const stdout: FILE = { fd: 1 };
export const stderr: FILE = { fd: 2 };
/** <stdio.h>: setvbuf's modes, BUFSIZ, EOF. */
export const _IOFBF = 0, _IOLBF = 1, _IONBF = 2;
export const BUFSIZ = 8192;
export const EOF = -1;
/** An exit handler for atexit: runs in the thread that calls exit(), with its libc. */
export type AtexitFn = (libc: Libc) => Sim<unknown> | void;
/** A registered symbol: equal across copies of this module (a program loaded through tsx). */
export const PTHREAD_CANCELED = Symbol.for('threadlab.PTHREAD_CANCELED');
/** pthread_setcancelstate / pthread_setcanceltype values (<pthread.h>). */
export const PTHREAD_CANCEL_ENABLE = 0, PTHREAD_CANCEL_DISABLE = 1;
export const PTHREAD_CANCEL_DEFERRED = 0, PTHREAD_CANCEL_ASYNCHRONOUS = 1;
/** <pthread.h>: process-shared attributes and the reader-writer lock kinds (glibc's _NP values). */
export const PTHREAD_PROCESS_PRIVATE = 0, PTHREAD_PROCESS_SHARED = 1;
/** pthread_attr_setinheritsched's values (PthreadAttr.inheritsched). */
export const PTHREAD_INHERIT_SCHED = 0, PTHREAD_EXPLICIT_SCHED = 1;
export const PTHREAD_RWLOCK_PREFER_READER_NP = 0, PTHREAD_RWLOCK_PREFER_WRITER_NP = 1,
  PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP = 2,
  PTHREAD_RWLOCK_DEFAULT_NP = PTHREAD_RWLOCK_PREFER_READER_NP;
/** A cleanup handler (pthread_cleanup_push): `function* (libc, arg) { ... }`, or a plain function. */
export type CleanupRoutine<A = any> = (libc: Libc, arg: A) => Sim<unknown> | void;
/** <sys/mman.h> and <fcntl.h> (Linux's values): mmap's protections and flags, shm_open/sem_open's flags. */
export const PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20;
/**
 * The object behind a mapping (lab_mapping): the kernel's shared memory object, the byte
 * offset of the address in it, and whether the mapping is MAP_SHARED.
 */
export interface SharedMapping { shm: SharedMemory; off: number; shared: boolean }
export type { SharedMemory, ShmHolder };

/** struct rusage, as far as the lab accounts it: times in µs (C's struct timeval), maxrss in kB. */
export interface Rusage {
  ru_utime: number;
  ru_stime: number;
  ru_maxrss: number;
  /** Voluntary and involuntary context switches. */
  ru_nvcsw: number;
  ru_nivcsw: number;
}

/**
 * struct sysinfo (sysinfo(2)): seconds since boot, the 1-, 5- and 15-minute load averages
 * scaled by 65536 (SI_LOAD_SHIFT), memory in units of memUnit bytes, the number of tasks.
 */
export interface Sysinfo {
  uptime: number;
  loads: [number, number, number];
  totalram: number;
  freeram: number;
  sharedram: number;
  bufferram: number;
  totalswap: number;
  freeswap: number;
  procs: number;
  totalhigh: number;
  freehigh: number;
  memUnit: number;
}

/**
 * struct utsname (uname(2)): the system's name ("Linux"), the machine's network name, the
 * kernel's release and version, the hardware ("x86_64") and the NIS domain name — the kernel's
 * own struct (kernel/sys_uname.ts); the lab's are fixed: Linux, threadlab, 6.18.0-threadlab, x86_64.
 */
export type { Utsname };

/** struct tms: CPU times in clock ticks (CLK_TCK per second). */
export interface Tms {
  tms_utime: number;
  tms_stime: number;
  tms_cutime: number;
  tms_cstime: number;
}

/** stack_t: an alternate signal stack (ss_sp is an address the program chooses; the lab has no real stacks). */
export interface StackT {
  ss_sp: number;
  ss_size: number;
  /** 0, SS_DISABLE, or (reported) SS_ONSTACK. */
  ss_flags: number;
}

/** What a library says about itself (threadlab list, compare, reports). */
/** struct rlimit: the soft and hard limit (Infinity: RLIM_INFINITY). */
export interface Rlimit { cur: number; max: number }

export interface LibraryInfo {
  /** --lib name */
  name: string;
  title: string;
  /** Threading model: kernel tasks per user thread. */
  model: '1:1' | 'M:N' | 'M:1';
  /** The clone flags it creates threads (or natives) with, spelled out. */
  cloneFlags: string;
  /** Signals the library reserves for itself, e.g. "SIGRT0 (restart)". */
  reserves: string[];
  /** A sentence or two: what it is. */
  summary: string;
  /** Options a run may set (e.g. NGPT's natives), with their defaults. */
  options: Record<string, string | number | boolean>;
}

export interface Libc {
  readonly info: LibraryInfo;
  /** The calling thread's errno. */
  readonly errno: number;
  /** SIGRTMIN as this library reports it (reserved signals excluded). */
  readonly SIGRTMIN: number;

  // ---- threads ----
  pthread_create<A>(start: ThreadFn<A>, arg?: A, attr?: PthreadAttr): Sim<pthread_t>;
  /**
   * pthread_attr_getstacksize(attr): attr.stacksize, or for an attribute that names none the
   * library's default — NPTL's from RLIMIT_STACK at start-up (8 MiB by default), LinuxThreads'
   * STACK_SIZE less a page, NGPT's and GNU Pth's 64 KiB. No system call.
   */
  pthread_attr_getstacksize(attr?: PthreadAttr | null): number;
  /**
   * pthread_attr_setscope's answer, no system call: glibc's NPTL and LinuxThreads take
   * PTHREAD_SCOPE_SYSTEM and refuse PROCESS with ENOTSUP (pthread_attr_setscope.c, attr.c);
   * NGPT takes both (pthread.c); GNU Pth 2.0.7 refuses both with ENOSYS. 0 or an error number.
   */
  pthread_attr_setscope(scope: 'system' | 'process'): number;
  /** pthread_attr_getscope of a fresh attribute: the library's default scope, or an error number (GNU Pth: ENOSYS). */
  pthread_attr_getscope(): 'system' | 'process' | number;
  pthread_join(t: pthread_t, retval?: Ref<unknown> | null): Sim<number>;
  pthread_exit(value?: unknown): Sim<never>;
  pthread_self(): Sim<pthread_t>;
  pthread_equal(a: pthread_t, b: pthread_t): boolean;
  pthread_detach(t: pthread_t): Sim<number>;
  pthread_kill(t: pthread_t, sig: number): Sim<number>;
  /**
   * pthread_sigqueue(t, sig, value) (GNU, glibc ≥ 2.11): pthread_kill carrying `value`, which the
   * receiver finds in its siginfo (code SI_QUEUE, si_pid the sender's process). 0 or an error number.
   */
  pthread_sigqueue(t: pthread_t, sig: number, value?: unknown): Sim<number>;
  pthread_sigmask(how: number, set: bigint | null, old?: Ref<bigint> | null): Sim<number>;
  pthread_yield(): Sim<number>;

  // ---- cancellation ----
  /**
   * pthread_cancel(t): 0 or ESRCH. A deferred cancellation (the default) takes effect at the
   * target's next cancellation point — pthread_join, pthread_cond_wait/timedwait, sem_wait,
   * sem_timedwait, sleep/usleep/nanosleep, read, write, open, close, pause, sigsuspend, sigwait,
   * waitpid, poll, pthread_testcancel — and wakes a target blocked in one; an asynchronous one
   * at once. The target runs its cleanup handlers and key destructors and ends; pthread_join
   * gives PTHREAD_CANCELED.
   */
  pthread_cancel(t: pthread_t): Sim<number>;
  /** PTHREAD_CANCEL_ENABLE or _DISABLE; the previous state in `oldstate`. 0 or EINVAL. */
  pthread_setcancelstate(state: number, oldstate?: Ref<number> | null): Sim<number>;
  /** PTHREAD_CANCEL_DEFERRED or _ASYNCHRONOUS; the previous type in `oldtype`. 0 or EINVAL. */
  pthread_setcanceltype(type: number, oldtype?: Ref<number> | null): Sim<number>;
  pthread_testcancel(): Sim<void>;
  /** pthread_cleanup_push(routine, arg): C's macro pair as two calls; pop(1) runs the routine. */
  pthread_cleanup_push<A>(routine: CleanupRoutine<A>, arg?: A): Sim<void>;
  pthread_cleanup_pop(execute: number | boolean): Sim<void>;

  // ---- mutexes, condition variables, semaphores, barriers, once, keys ----
  /**
   * pthread_mutex_init(attr): attr.pshared (set by pthread_mutexattr_setpshared) makes a
   * process-shared mutex — its words in shared memory, shared futexes — where the library has them;
   * attr.robust (set by pthread_mutexattr_setrobust) a robust one.
   */
  pthread_mutex_init(attr?: MutexAttr): Sim<pthread_mutex_t>;
  pthread_mutex_lock(m: pthread_mutex_t): Sim<number>;
  pthread_mutex_trylock(m: pthread_mutex_t): Sim<number>;
  /**
   * pthread_mutex_timedlock with a relative timeout in ns (as pthread_cond_timedwait): 0,
   * ETIMEDOUT when it passes, EDEADLK for an error-checking mutex's owner. NaN stands for an
   * abs_timeout whose tv_nsec is out of range: EINVAL, but only if the call would block (glibc
   * checks it only then). ENOSYS where the library had no such call (NGPT 2.2.1, GNU Pth).
   */
  pthread_mutex_timedlock(m: pthread_mutex_t, timeoutNs: number): Sim<number>;
  pthread_mutex_unlock(m: pthread_mutex_t): Sim<number>;
  pthread_mutex_destroy(m: pthread_mutex_t): Sim<number>;
  pthread_cond_init(attr?: { pshared?: number }): Sim<pthread_cond_t>;
  pthread_cond_wait(c: pthread_cond_t, m: pthread_mutex_t): Sim<number>;
  /** Relative timeout in ns; returns ETIMEDOUT when it passes. */
  pthread_cond_timedwait(c: pthread_cond_t, m: pthread_mutex_t, timeoutNs: number): Sim<number>;
  pthread_cond_signal(c: pthread_cond_t): Sim<number>;
  pthread_cond_broadcast(c: pthread_cond_t): Sim<number>;
  pthread_cond_destroy(c: pthread_cond_t): Sim<number>;
  /** sem_* follow C: -1 and errno on failure. */
  /** sem_init(value, pshared): null with errno on failure (EINVAL above SEM_VALUE_MAX; ENOSYS for pshared where the library cannot share one). */
  sem_init(value: number, pshared?: number): Sim<sem_t>;
  sem_wait(s: sem_t): Sim<number>;
  /** Relative timeout in ns: -1 with errno ETIMEDOUT when it passes (C takes an absolute time). */
  sem_timedwait(s: sem_t, timeoutNs: number): Sim<number>;
  sem_trywait(s: sem_t): Sim<number>;
  sem_post(s: sem_t): Sim<number>;
  sem_getvalue(s: sem_t, out: Ref<number>): Sim<number>;
  sem_destroy(s: sem_t): Sim<number>;
  pthread_barrier_init(count: number, attr?: { pshared?: number }): Sim<pthread_barrier_t>;
  /**
   * pthread_{mutex,cond,barrier}attr_setpshared(attr, PTHREAD_PROCESS_PRIVATE | _SHARED): sets
   * attr.pshared; 0, EINVAL, or ENOSYS where the library cannot share the object.
   */
  pthread_mutexattr_setpshared(attr: { pshared?: number }, pshared: number): Sim<number>;
  /**
   * pthread_mutexattr_setrobust(attr, PTHREAD_MUTEX_STALLED | PTHREAD_MUTEX_ROBUST): sets
   * attr.robust; EINVAL for another value; ENOSYS where the library has no robust mutexes
   * (LinuxThreads, NPTL of glibc 2.3, NGPT, GNU Pth: the call did not exist).
   */
  pthread_mutexattr_setrobust(attr: { robust?: number }, robust: number): Sim<number>;
  /**
   * pthread_mutex_consistent(m): after a lock returned EOWNERDEAD, mark the mutex consistent again
   * (EINVAL if it is not robust or not inconsistent; ENOSYS where the library has none).
   * A robust mutex's lock, trylock and timedlock return EOWNERDEAD when its owner died holding it
   * (the caller then holds it) and ENOTRECOVERABLE once it was unlocked without this call.
   */
  pthread_mutex_consistent(m: pthread_mutex_t): Sim<number>;
  /**
   * The priority protocols (glibc ≥ 2.5; ENOSYS where the library has none — LinuxThreads, NPTL
   * of glibc 2.3, NGPT, GNU Pth: the calls did not exist). pthread_mutexattr_setprotocol(attr,
   * PTHREAD_PRIO_NONE | _INHERIT | _PROTECT) sets attr.protocol (EINVAL for another value);
   * getprotocol reads it back (out.value). A PTHREAD_PRIO_INHERIT mutex boosts its owner to the
   * priority of its highest waiter (the kernel's PI futexes); a PTHREAD_PRIO_PROTECT one runs its
   * owner at the mutex's ceiling (sched_setscheduler), and refuses a locker whose own priority is
   * above the ceiling (EINVAL).
   */
  pthread_mutexattr_setprotocol(attr: { protocol?: number }, protocol: number): Sim<number>;
  pthread_mutexattr_getprotocol(attr: { protocol?: number }, out: Ref<number>): Sim<number>;
  /** The attribute's ceiling: SCHED_FIFO's range (1 … 99), else EINVAL; an unset one reads as 1. */
  pthread_mutexattr_setprioceiling(attr: { prioceiling?: number }, ceiling: number): Sim<number>;
  pthread_mutexattr_getprioceiling(attr: { prioceiling?: number }, out: Ref<number>): Sim<number>;
  /**
   * A PTHREAD_PRIO_PROTECT mutex's ceiling: EINVAL for any other mutex or a ceiling out of range;
   * setting it locks the mutex (without the protocol) meanwhile, and gives the old one in `old`.
   */
  pthread_mutex_setprioceiling(m: pthread_mutex_t, ceiling: number, old: Ref<number> | null): Sim<number>;
  pthread_mutex_getprioceiling(m: pthread_mutex_t, out: Ref<number>): Sim<number>;
  pthread_condattr_setpshared(attr: { pshared?: number }, pshared: number): Sim<number>;
  pthread_barrierattr_setpshared(attr: { pshared?: number }, pshared: number): Sim<number>;
  /**
   * sem_open(name, oflag, mode, value): a named semaphore (in /dev/shm as "sem.NAME"), or null
   * (SEM_FAILED) with errno — EEXIST, ENOENT, EINVAL (value above SEM_VALUE_MAX, a bad name),
   * ENAMETOOLONG, EACCES; ENOSYS where the library has none. sem_close / sem_unlink: -1 and errno.
   */
  sem_open(name: string, oflag: number, mode?: number, value?: number): Sim<sem_t | null>;
  sem_close(s: sem_t): Sim<number>;
  sem_unlink(name: string): Sim<number>;
  pthread_barrier_wait(b: pthread_barrier_t): Sim<number>;
  pthread_barrier_destroy(b: pthread_barrier_t): Sim<number>;
  // ---- reader-writer locks and spin locks (each library's own; see its files) ----
  /** pthread_rwlock_init(attr): the new lock (attr null or omitted: PREFER_READER_NP, PROCESS_PRIVATE). */
  pthread_rwlock_init(attr?: pthread_rwlockattr_t | null): Sim<pthread_rwlock_t>;
  pthread_rwlock_destroy(rw: pthread_rwlock_t): Sim<number>;
  pthread_rwlock_rdlock(rw: pthread_rwlock_t): Sim<number>;
  /** EBUSY when a writer holds it (or, by kind, waits). */
  pthread_rwlock_tryrdlock(rw: pthread_rwlock_t): Sim<number>;
  /** Relative timeout in ns, as pthread_cond_timedwait: ETIMEDOUT when it passes. */
  pthread_rwlock_timedrdlock(rw: pthread_rwlock_t, timeoutNs: number): Sim<number>;
  pthread_rwlock_wrlock(rw: pthread_rwlock_t): Sim<number>;
  pthread_rwlock_trywrlock(rw: pthread_rwlock_t): Sim<number>;
  pthread_rwlock_timedwrlock(rw: pthread_rwlock_t, timeoutNs: number): Sim<number>;
  pthread_rwlock_unlock(rw: pthread_rwlock_t): Sim<number>;
  /** pthread_rwlockattr_init(): a new attribute object (PREFER_READER_NP, PROCESS_PRIVATE). */
  pthread_rwlockattr_init(): Sim<pthread_rwlockattr_t>;
  pthread_rwlockattr_destroy(attr: pthread_rwlockattr_t): Sim<number>;
  pthread_rwlockattr_getpshared(attr: pthread_rwlockattr_t, pshared: Ref<number>): Sim<number>;
  /** PTHREAD_PROCESS_PRIVATE or _SHARED: 0, EINVAL, or ENOSYS where the library cannot share one. */
  pthread_rwlockattr_setpshared(attr: pthread_rwlockattr_t, pshared: number): Sim<number>;
  pthread_rwlockattr_getkind_np(attr: pthread_rwlockattr_t, kind: Ref<number>): Sim<number>;
  pthread_rwlockattr_setkind_np(attr: pthread_rwlockattr_t, kind: number): Sim<number>;
  /** pthread_spin_init(pshared): the new (unlocked) spin lock. */
  pthread_spin_init(pshared?: number): Sim<pthread_spinlock_t>;
  pthread_spin_destroy(s: pthread_spinlock_t): Sim<number>;
  pthread_spin_lock(s: pthread_spinlock_t): Sim<number>;
  /** EBUSY when it is held. */
  pthread_spin_trylock(s: pthread_spinlock_t): Sim<number>;
  pthread_spin_unlock(s: pthread_spinlock_t): Sim<number>;

  pthread_once(once: pthread_once_t, init: (libc: Libc) => Sim<unknown>): Sim<number>;
  pthread_key_create(destructor?: ((value: unknown) => void) | null): Sim<pthread_key_t>;
  pthread_key_delete(key: pthread_key_t): Sim<number>;
  pthread_setspecific(key: pthread_key_t, value: unknown): Sim<number>;
  pthread_getspecific(key: pthread_key_t): Sim<unknown>;

  // ---- processes ----
  getpid(): Sim<number>;
  gettid(): Sim<number>;
  getppid(): Sim<number>;
  fork(child: (libc: Libc) => Sim<number | void>): Sim<number>;
  /**
   * vfork(child): fork, with the caller suspended until the child exits or execs (clone with
   * CLONE_VFORK, rule 6). The child has a copy of the memory, as fork's; on Linux it borrows the
   * caller's, which POSIX lets a program use only to call _exit or exec.
   */
  vfork(child: (libc: Libc) => Sim<number | void>): Sim<number>;
  waitpid(pid: number, status?: Ref<number> | null, options?: number): Sim<number>;
  /** wait4(pid, status, options, usage): waitpid, and usage.value (if given) gets the child's CPU times and its reaped children's. */
  wait4(pid: number, status: Ref<number> | null, options: number, usage: { value?: Rusage } | null): Sim<number>;
  /**
   * waitid(idtype, id, info, options): P_ALL, P_PID or P_PGID; WEXITED, WSTOPPED, WCONTINUED,
   * WNOHANG, WNOWAIT (the child stays waitable). info.value gets SIGCHLD's siginfo (code CLD_*,
   * status the exit code or signal; all zeros under WNOHANG when none is ready). 0, or -1 and errno.
   */
  waitid(idtype: number, id: number, info: { value?: SigInfo } | null, options: number): Sim<number>;
  /**
   * clone(fn, flags, arg, ptid, tls, ctid): glibc's clone() — one kernel task made with `flags`
   * (the kernel checks them: rule 1's EINVAL), running fn(libc, arg); fn's return value is the
   * task's exit status (the child calls SYS_exit, not exit_group). The exit signal is
   * flags & CSIGNAL (waitpid needs __WCLONE/__WALL for any other: rule 11). ptid/ctid are
   * addresses of simulated memory for CLONE_PARENT_SETTID, CLONE_CHILD_SETTID/CLEARTID; tls is
   * the child's thread pointer with CLONE_SETTLS. The child's tid, or -1 with errno. The child
   * runs with the caller's thread pointer unless CLONE_SETTLS: the library's per-thread state
   * (errno, the thread descriptor) is the caller's, as after glibc's clone — it should stick to
   * plain system calls, never pthread_* (clone(2)). Under NGPT and green the task is a native
   * of its own the user-level scheduler never sees.
   */
  clone<A>(fn: (libc: Libc, arg: A) => Sim<number>, flags: number, arg?: A, ptid?: number, tls?: unknown, ctid?: number): Sim<number>;
  /** exit(): the atexit handlers (last registered first), then stdio is flushed, then _exit. */
  exit(code: number): Sim<never>;
  /** _exit(): ends the process at once: no atexit handlers, buffered output is lost. */
  _exit(code: number): Sim<never>;
  /** atexit(fn): 0. `fn` runs in exit(), or when returning from main. */
  atexit(fn: AtexitFn): Sim<number>;

  // ---- signals ----
  kill(pid: number, sig: number): Sim<number>;
  tgkill(tgid: number, tid: number, sig: number): Sim<number>;
  raise(sig: number): Sim<number>;
  sigaction(sig: number, act: Sigaction | null, old?: Ref<Sigaction> | null): Sim<number>;
  /** signal(sig, handler): returns the previous disposition, or -1 (SIG_ERR). */
  signal(sig: number, handler: SigDisposition): Sim<SigDisposition | -1>;
  sigprocmask(how: number, set: bigint | null, old?: Ref<bigint> | null): Sim<number>;
  sigsuspend(mask: bigint): Sim<number>;
  sigpending(out: Ref<bigint>): Sim<number>;
  pause(): Sim<number>;
  /**
   * sigsetjmp(savemask): a jump target, holding the thread's signal mask when savemask is
   * nonzero (glibc's __sigsetjmp; setjmp is sigsetjmp(env, 0)). The landing is a catch:
   * `try { ... } catch (e) { if (!(e instanceof LongJmp) || e.env !== env) throw e; ... }`.
   */
  sigsetjmp(savemask: number): Sim<JmpBuf>;
  /**
   * siglongjmp(env, val) (glibc's longjmp is the same function): the mask env saved, if any, is
   * restored, then LongJmp(env, val || 1) is thrown — out of any signal handler in between,
   * whose frame is dropped without sigreturn (a plain longjmp leaves the handler's mask).
   */
  siglongjmp(env: JmpBuf, val: number): Sim<never>;
  /** sigwait(set, &sig): 0 and the signal in sig.value, or an error number. */
  sigwait(set: bigint, sig: Ref<number>): Sim<number>;
  /**
   * sigqueue(pid, sig, value): kill(pid, sig) carrying `value`, which the receiver finds in its
   * siginfo (code SI_QUEUE); real-time signals queue, each with its value. 0, or -1 and errno.
   */
  sigqueue(pid: number, sig: number, value?: unknown): Sim<number>;
  /**
   * rt_sigqueueinfo(pid, sig, code, value): the raw system call with a chosen si_code, as
   * glibc's __aio_sigqueue makes it for an aio completion (SI_ASYNCIO). A code >= 0 or SI_TKILL
   * is EPERM unless pid is the caller's own. 0, or -1 and errno.
   */
  rt_sigqueueinfo(pid: number, sig: number, code: number, value?: unknown): Sim<number>;
  /** sigwaitinfo(set, &info): the signal taken from `set` (its siginfo in info.value), or -1 and errno (EINTR). */
  sigwaitinfo(set: bigint, info?: { value?: SigInfo } | null): Sim<number>;
  /** sigtimedwait(set, &info, timeoutNs): as sigwaitinfo, with a relative timeout: -1 and errno EAGAIN when it passes. */
  sigtimedwait(set: bigint, info: { value?: SigInfo } | null, timeoutNs: number): Sim<number>;
  alarm(seconds: number): Sim<number>;
  /**
   * setitimer(which, value, interval, old) in ns: ITIMER_REAL (0) sends SIGALRM to the process
   * when `valueNs` has passed, then every `intervalNs`; it is the timer alarm() sets. `old`
   * gets the previous one. ITIMER_VIRTUAL (1) counts the process's user time and sends
   * SIGVTALRM, ITIMER_PROF (2) user + system time and SIGPROF (kernel/itimer_cpu.ts). -1 and
   * errno on failure.
   */
  setitimer(which: number, valueNs: number, intervalNs: number, old?: { value?: number; interval?: number } | null): Sim<number>;
  /** getitimer(which, out): the time left (ns, 0 if unarmed) and the interval. */
  getitimer(which: number, out: { value?: number; interval?: number }): Sim<number>;
  /**
   * timer_create(clock, sigevent, out): a POSIX per-process timer on CLOCK_REALTIME/MONOTONIC or a
   * CPU-time clock; the id in out.value. `sigevent` {notify, signo, value, tid}: SIGEV_SIGNAL (the
   * signal to the process, si_code SI_TIMER, si_value = value), SIGEV_NONE, or
   * SIGEV_SIGNAL | SIGEV_THREAD_ID (to thread `tid` of this process); null means SIGALRM with the
   * id as value. SIGEV_THREAD is the C library's (a helper thread: C programs) and EINVAL here.
   * Timers are not inherited by fork and are deleted by exec. 0, or -1 and errno.
   */
  timer_create(clock: number, sigevent: { notify: number; signo?: number; value?: unknown; tid?: number } | null, out: Ref<number>): Sim<number>;
  /** timer_settime(id, flags, value, interval, old): arm (value > 0; TIMER_ABSTIME: value on the clock) or disarm (0). */
  timer_settime(id: number, flags: number, valueNs: number, intervalNs: number, old?: { value?: number; interval?: number } | null): Sim<number>;
  /** timer_gettime(id, out): the time left (0: disarmed) and the period, in ns. */
  timer_gettime(id: number, out: { value?: number; interval?: number }): Sim<number>;
  /** timer_getoverrun(id): expiries lost while the last delivered signal was pending. */
  timer_getoverrun(id: number): Sim<number>;
  timer_delete(id: number): Sim<number>;

  // ---- files and I/O ----
  /** pipe(), or with flags pipe2(flags) (O_CLOEXEC, O_NONBLOCK; EINVAL for any other): [readFd, writeFd]. */
  pipe(flags?: number): Sim<[number, number] | -1>;
  /**
   * socketpair(AF_UNIX, SOCK_STREAM | SOCK_DGRAM | SOCK_SEQPACKET [| SOCK_NONBLOCK | SOCK_CLOEXEC], 0):
   * two connected sockets (kernel/af_unix.ts; read and write move the data, a datagram at a time
   * for SOCK_DGRAM), or -1 and errno (EAFNOSUPPORT, ESOCKTNOSUPPORT, EPROTONOSUPPORT, EMFILE).
   * getsockopt/setsockopt at SOL_SOCKET: SO_TYPE, SO_ERROR, SO_SNDBUF, SO_RCVBUF, SO_DOMAIN,
   * SO_PROTOCOL (set: the buffer sizes, doubled as Linux does); ENOTSOCK, ENOPROTOOPT.
   */
  socketpair(domain: number, type: number, protocol: number): Sim<[number, number] | -1>;
  getsockopt(fd: number, level: number, name: number, value: Ref<number>): Sim<number>;
  setsockopt(fd: number, level: number, name: number, value: number): Sim<number>;
  /** open(path, flags, mode = 0o666): a file of the in-memory file system (O_CREAT, O_EXCL, O_TRUNC, O_APPEND ...), /dev/slow, a comm file. */
  open(path: string, flags?: number, mode?: number): Sim<number>;
  read(fd: number, buf: Ref<string>, count: number): Sim<number>;
  write(fd: number, data: string): Sim<number>;
  close(fd: number): Sim<number>;
  dup(fd: number): Sim<number>;
  /** dup2(old, new): `new` now names old's file (what it named before is closed). */
  dup2(oldfd: number, newfd: number): Sim<number>;
  /** dup3(old, new, flags): dup2 with O_CLOEXEC allowed in flags; EINVAL when old == new. */
  dup3(oldfd: number, newfd: number, flags: number): Sim<number>;
  // ---- files by name: the kernel's in-memory file system; the cwd starts at /home/student ----
  lseek(fd: number, offset: number, whence: number): Sim<number>;
  /** stat(path, buf) and fstat(fd, buf): buf.value gets st_mode, st_size, st_ino, st_nlink, st_uid, times (ns) ... */
  stat(path: string, buf: { value?: Stat }): Sim<number>;
  fstat(fd: number, buf: { value?: Stat }): Sim<number>;
  access(path: string, mode: number): Sim<number>;
  unlink(path: string): Sim<number>;
  rename(oldpath: string, newpath: string): Sim<number>;
  mkdir(path: string, mode?: number): Sim<number>;
  rmdir(path: string): Sim<number>;
  ftruncate(fd: number, length: number): Sim<number>;
  truncate(path: string, length: number): Sim<number>;
  /** pread/pwrite: at `offset`, the file position unmoved (threads can share one descriptor). */
  pread(fd: number, buf: Ref<string>, count: number, offset: number): Sim<number>;
  pwrite(fd: number, data: string, offset: number): Sim<number>;
  chdir(path: string): Sim<number>;
  /** chmod/fchmod/fchmodat: the permission bits (EPERM unless the caller owns the file); umask returns the old mask. */
  chmod(path: string, mode: number): Sim<number>;
  fchmod(fd: number, mode: number): Sim<number>;
  fchmodat(dirfd: number, path: string, mode: number): Sim<number>;
  umask(mask: number): Sim<number>;
  /** getdents64(fd, out, count = 32768): a directory's next entries (d_ino, d_type DT_DIR/DT_REG, d_name); the bytes, 0 at the end. */
  getdents64(fd: number, out: { value?: Dirent[] }, count?: number): Sim<number>;
  /** getcwd(): the working directory's path, or null with errno. */
  getcwd(): Sim<string | null>;
  /** The *at forms: relative to the directory `dirfd` names (AT_FDCWD: the cwd); unlinkat's AT_REMOVEDIR is rmdir. */
  openat(dirfd: number, path: string, flags?: number, mode?: number): Sim<number>;
  fstatat(dirfd: number, path: string, buf: { value?: Stat }, flags?: number): Sim<number>;
  faccessat(dirfd: number, path: string, mode: number, flags?: number): Sim<number>;
  unlinkat(dirfd: number, path: string, flags?: number): Sim<number>;
  mkdirat(dirfd: number, path: string, mode?: number): Sim<number>;
  /** mknodat(dirfd, path, mode, dev): a FIFO (S_IFIFO | perms: what mkfifo makes) or a plain file; a device is EPERM. */
  mknodat(dirfd: number, path: string, mode: number, dev?: number): Sim<number>;
  /** chown(path, uid, gid) (-1 keeps one): root gives a file to anyone; its owner may only change its group to its own; else EPERM. Drops set-user-ID. */
  chown(path: string, uid: number, gid: number): Sim<number>;
  fchown(fd: number, uid: number, gid: number): Sim<number>;
  fchownat(dirfd: number, path: string, uid: number, gid: number, flags?: number): Sim<number>;
  /** mkfifo(path, mode): a named pipe; open blocks until the other end is opened (O_NONBLOCK: not for a reader, ENXIO for a writer). */
  mkfifo(path: string, mode: number): Sim<number>;
  renameat(olddirfd: number, oldpath: string, newdirfd: number, newpath: string): Sim<number>;
  /** isatty(fd): 1 for a terminal (the console), else 0 with errno ENOTTY. */
  isatty(fd: number): Sim<number>;
  poll(fds: { fd: number; events: number; revents?: number }[], timeoutMs: number): Sim<number>;
  /**
   * select(nfds, readfds, writefds, exceptfds, timeout) (<sys/select.h>): the descriptors below
   * nfds in each set (a Set<number>, or null) are watched; the sets are rewritten with the ready
   * ones and the number of bits left set is returned (0: the time ran out). `timeout` is in µs
   * (struct timeval's unit; null waits forever) and gets the time left, as Linux writes it
   * back. EBADF for a descriptor that is not open, EINTR after a handler, EINVAL for a
   * negative nfds or timeout.
   */
  select(nfds: number, readfds: Set<number> | null, writefds: Set<number> | null, exceptfds: Set<number> | null,
    timeoutUs: Ref<number> | null): Sim<number>;
  /**
   * pselect(nfds, readfds, writefds, exceptfds, timeoutNs, sigmask): select with a timespec's
   * nanoseconds (left unchanged: glibc passes the kernel a copy) and, unless `sigmask` is null,
   * that signal mask for the wait — set and restored atomically with it, so a signal it
   * unblocks cannot slip in between a check and the wait.
   */
  pselect(nfds: number, readfds: Set<number> | null, writefds: Set<number> | null, exceptfds: Set<number> | null,
    timeoutNs: number | null, sigmask: bigint | null): Sim<number>;
  /**
   * fcntl(fd, F_GETFL) or fcntl(fd, F_SETFL, flags) (O_APPEND, O_NONBLOCK), F_GETFD/F_SETFD; the
   * record locks take a struct flock object: F_SETLK (EAGAIN on a conflict), F_SETLKW (waits;
   * EDEADLK, EINTR), F_GETLK (fills in the lock in the way, or l_type F_UNLCK); F_OFD_* are
   * open file description locks (l_pid 0 in, -1 out). A record lock belongs to the process —
   * the kernel's owner is the descriptor table and the thread group, so under LinuxThreads each
   * thread is its own owner — and closing ANY descriptor of the file releases all of them.
   */
  fcntl(fd: number, cmd: number, arg?: number | Flock): Sim<number>;
  /**
   * eventfd(initval, flags) (<sys/eventfd.h>: EFD_SEMAPHORE, EFD_NONBLOCK, EFD_CLOEXEC): a
   * descriptor over a 64-bit counter. eventfd_write(fd, n) adds n (waits while it would pass
   * 2^64 - 2); eventfd_read(fd, out) waits for a count above 0 and takes it all (EFD_SEMAPHORE:
   * 1) into out.value (a bigint); EAGAIN with EFD_NONBLOCK. poll/select see POLLIN while the
   * count is above 0. 0, or -1 and errno.
   */
  eventfd(initval: number, flags?: number): Sim<number>;
  eventfd_read(fd: number, value: Ref<bigint>): Sim<number>;
  eventfd_write(fd: number, value: bigint): Sim<number>;
  /**
   * signalfd(fd, mask, flags) (<sys/signalfd.h>: SFD_NONBLOCK, SFD_CLOEXEC; fd -1 makes one, a
   * signalfd's fd gets the new mask): read(fd, buf, 128 * n) then takes the calling thread's
   * pending signals of `mask` — its own first, then the process's — as 128-byte struct
   * signalfd_siginfo records (parseSignalfdSiginfo), waiting for one (EAGAIN with
   * SFD_NONBLOCK). Block the signals first, or they are delivered as usual.
   */
  signalfd(fd: number, mask: bigint, flags?: number): Sim<number>;
  /**
   * timerfd_create(clock, flags) (<sys/timerfd.h>: CLOCK_MONOTONIC/CLOCK_REALTIME, TFD_NONBLOCK,
   * TFD_CLOEXEC); timerfd_settime(fd, flags, valueNs, intervalNs, old) arms it (TFD_TIMER_ABSTIME;
   * 0 disarms; the expiry count is cleared); timerfd_gettime(fd, out): ns to the next expiry and
   * the period. read(fd, buf, 8) waits for an expiry and gives their count (8 bytes, little
   * endian; timerfd_read(fd, out) puts it in out.value as a bigint).
   */
  timerfd_create(clock: number, flags?: number): Sim<number>;
  timerfd_settime(fd: number, flags: number, valueNs: number, intervalNs: number, old?: { value?: number; interval?: number } | null): Sim<number>;
  timerfd_gettime(fd: number, out: { value?: number; interval?: number }): Sim<number>;
  timerfd_read(fd: number, out: Ref<bigint>): Sim<number>;
  /** flock(fd, LOCK_SH | LOCK_EX | LOCK_UN, or'ed with LOCK_NB): the open file's lock, shared by dup and fork; EWOULDBLOCK, EINTR. */
  flock(fd: number, operation: number): Sim<number>;
  /** lockf(fd, F_LOCK | F_TLOCK | F_ULOCK | F_TEST, len): glibc's, over fcntl's record locks, len bytes from the current position (0: to the end). */
  lockf(fd: number, cmd: number, len: number): Sim<number>;
  /**
   * mmap(len, prot, flags, fd, offset): an address of simulated memory, or -1 (MAP_FAILED) with
   * errno. MAP_SHARED|MAP_ANONYMOUS stays shared with fork's children; MAP_SHARED of a shm_open
   * descriptor with every process mapping it. TypeScript programs share JavaScript values by
   * closure anyway; the mapping matters to the kernel (futexes) and to C programs.
   */
  mmap(len: number, prot: number, flags: number, fd?: number, offset?: number): Sim<number>;
  munmap(addr: number, len?: number): Sim<number>;
  /**
   * msync(addr, len, flags) and mlock(addr, len), munlock, mlockall(flags), munlockall: 0, or -1
   * with Linux's errno (EINVAL, ENOMEM for a range not mapped, EBUSY, EPERM/ENOMEM per
   * RLIMIT_MEMLOCK). A regular file mapped MAP_SHARED is its page cache: read/write see its stores.
   */
  msync(addr: number, len: number, flags: number): Sim<number>;
  /**
   * mprotect(addr, len, prot) and madvise(addr, len, advice): 0, or -1 with Linux's errno
   * (EINVAL: a misaligned address, an unknown bit or advice; ENOMEM: a range not mapped). The
   * lab records no protection (no access faults for it); MADV_DONTNEED drops the pages, so the
   * next touch of a private anonymous page reads zeros (a C program's are zeroed).
   */
  mprotect(addr: number, len: number, prot: number): Sim<number>;
  madvise(addr: number, len: number, advice: number): Sim<number>;
  mlock(addr: number, len: number): Sim<number>;
  munlock(addr: number, len: number): Sim<number>;
  mlockall(flags: number): Sim<number>;
  munlockall(): Sim<number>;
  /** shm_open(name, oflag, mode): a descriptor of /dev/shm/NAME (ftruncate sets its size); shm_unlink(name). */
  shm_open(name: string, oflag: number, mode?: number): Sim<number>;
  shm_unlink(name: string): Sim<number>;
  /**
   * syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3): the raw system call, as glibc's
   * syscall(2) makes it (no wrapper, not a cancellation point): FUTEX_WAIT (EAGAIN when the word
   * is not `val`, ETIMEDOUT after `timeoutNs`, EINTR on a signal), FUTEX_WAKE (how many it woke),
   * their _PRIVATE forms, FUTEX_WAIT_BITSET/WAKE_BITSET, FUTEX_REQUEUE, FUTEX_CMP_REQUEUE.
   * `uaddr` is an address of simulated memory (mmap's: a MAP_SHARED word is one futex for every
   * process mapping it). The timeout is relative, in ns (null: none). -1 and errno on failure.
   * Under NGPT and green it blocks the native, and every user thread on it (rules 33, 34).
   */
  futex(uaddr: number, op: number, val: number, timeoutNs?: number | null, uaddr2?: number, val3?: number): Sim<number>;
  /** The lab's: the object behind the mapping holding `addr`, for a loader that mirrors it (clib). */
  lab_mapping(addr: number): SharedMapping | null;
  /** The lab's: a loader did host work that is the run's progress (a C fork's memory copy): the watchdog's heartbeat moves. */
  lab_progress(): void;

  // ---- System V IPC and POSIX message queues (libs/common/libc_ipc.ts; kernel/ipc/) ----
  /** ftok(path, proj_id): an IPC key from the file's inode and device, or -1 with stat's errno. */
  ftok(path: string, projId: number): Sim<number>;
  /**
   * shmget(key, size, flg), shmat(id, addr, flg), shmdt(addr), shmctl(id, cmd, buf): a segment is
   * shared memory every attaching process sees (a MAP_SHARED mapping of one object); fork's
   * child inherits the attachments, exit and exec drop them; IPC_RMID of an attached segment
   * waits for the last detach (SHM_DEST). shmat's addr must be null (the kernel picks; any other
   * address is EINVAL here). IPC_STAT fills buf.value; IPC_SET reads buf.value.shm_perm; IPC_INFO,
   * SHM_INFO (struct shminfo / shm_info's fields) and SHM_STAT (by index: returns the id) as Linux's.
   */
  shmget(key: number, size: number, flg: number): Sim<number>;
  shmat(id: number, addr: number | null, flg: number): Sim<number>;
  shmdt(addr: number): Sim<number>;
  shmctl(id: number, cmd: number, buf?: Ref<ShmidDs> | null): Sim<number>;
  /**
   * semget(key, nsems, flg), semop(id, sops), semtimedop(id, sops, timeoutNs), semctl(id, semnum,
   * cmd, arg): System V semaphore sets. semop applies every operation or none, sleeps (in the
   * kernel: under NGPT and green it blocks the native, rules 33–34) until it can, EINTR on a
   * signal (never restarted), EIDRM when the set is removed, EAGAIN for IPC_NOWAIT or the
   * timeout. SEM_UNDO's adjustments are applied when the process exits — when the *task* exits
   * under LinuxThreads, whose threads do not share the undo list (no CLONE_SYSVSEM).
   * semctl's arg: SETVAL's value, SETALL's array, GETALL's and IPC_STAT's Ref, IPC_SET's Ref.
   */
  semget(key: number, nsems: number, flg: number): Sim<number>;
  semop(id: number, sops: Sembuf[]): Sim<number>;
  semtimedop(id: number, sops: Sembuf[], timeoutNs: number | null): Sim<number>;
  semctl(id: number, semnum: number, cmd: number, arg?: number | number[] | Ref<SemidDs> | Ref<number[]> | null): Sim<number>;
  /**
   * msgget(key, flg), msgsnd(id, msg, msgsz, flg), msgrcv(id, out, msgsz, msgtyp, flg),
   * msgctl(id, cmd, buf): System V message queues. msgtyp 0: the first message; > 0: the first
   * of that type (MSG_EXCEPT: of another type); < 0: the lowest type up to |msgtyp|. A message
   * longer than msgsz is E2BIG unless MSG_NOERROR; a full queue (msg_qbytes) blocks senders.
   */
  msgget(key: number, flg: number): Sim<number>;
  msgsnd(id: number, msg: Msgbuf, msgsz: number, flg: number): Sim<number>;
  msgrcv(id: number, out: Ref<Msgbuf> | null, msgsz: number, msgtyp: number, flg: number): Sim<number>;
  msgctl(id: number, cmd: number, buf?: Ref<MsqidDs> | null): Sim<number>;
  /**
   * POSIX message queues: the descriptor is a file descriptor (poll sees POLLIN/POLLOUT; close
   * is mq_close). Highest priority first, FIFO within one; defaults mq_maxmsg 10, mq_msgsize
   * 8192; O_NONBLOCK gives EAGAIN; the timed calls take a relative timeout in ns (ETIMEDOUT).
   * mq_notify: SIGEV_SIGNAL or SIGEV_NONE; SIGEV_THREAD in its kernel form (the signal goes to
   * the thread sigev_notify_thread_id, which starts the notification: C's mq_notify does this).
   */
  mq_open(name: string, oflag: number, mode?: number, attr?: Partial<MqAttr> | null): Sim<number>;
  mq_close(mqd: number): Sim<number>;
  mq_unlink(name: string): Sim<number>;
  mq_send(mqd: number, data: string, prio: number): Sim<number>;
  mq_receive(mqd: number, out: Ref<string> | null, len: number, prio?: Ref<number> | null): Sim<number>;
  mq_timedsend(mqd: number, data: string, prio: number, timeoutNs: number | null): Sim<number>;
  mq_timedreceive(mqd: number, out: Ref<string> | null, len: number, prio: Ref<number> | null, timeoutNs: number | null): Sim<number>;
  mq_getattr(mqd: number, out: Ref<MqAttr>): Sim<number>;
  mq_setattr(mqd: number, nv: Partial<MqAttr> | null, old: Ref<MqAttr> | null): Sim<number>;
  mq_notify(mqd: number, sev: MqSigevent | null): Sim<number>;

  // ---- time and scheduling ----
  sleep(seconds: number): Sim<number>;
  usleep(usec: number): Sim<number>;
  /** nanosleep(ns, rem): interrupted by a handler, -1 with EINTR and the time left (ns) in rem.value. */
  nanosleep(ns: number, rem?: Ref<number> | null): Sim<number>;
  sched_yield(): Sim<number>;
  /**
   * clock_gettime(clock = CLOCK_MONOTONIC): ns on that clock (a vDSO read: no system call), or
   * for CLOCK_THREAD_CPUTIME_ID, CLOCK_PROCESS_CPUTIME_ID and a pthread_getcpuclockid clock the
   * CPU time the kernel has charged (a system call); -1 with errno EINVAL for an unknown clock.
   */
  clock_gettime(clock?: number): Sim<number>;
  /** pthread_getcpuclockid(t, clock): clock.value is t's CPU-time clock; 0, ESRCH, or ENOSYS (NGPT, green). */
  pthread_getcpuclockid(t: pthread_t, clock: Ref<number>): Sim<number>;

  // ---- process groups and sessions (system-call wrappers: -1 and errno on failure) ----
  /** setpgid(pid, pgid): 0 for pid means the caller, 0 for pgid means pgid = pid. */
  setpgid(pid: number, pgid: number): Sim<number>;
  getpgid(pid: number): Sim<number>;
  getpgrp(): Sim<number>;
  /** setsid(): the new session id (the caller's pid); EPERM for a process-group leader. */
  setsid(): Sim<number>;
  getsid(pid: number): Sim<number>;

  // ---- credentials (pthreads(7): POSIX wants them process-wide; LinuxThreads keeps them per thread) ----
  getuid(): Sim<number>;
  geteuid(): Sim<number>;
  getgid(): Sim<number>;
  getegid(): Sim<number>;
  /**
   * prctl(option, arg2): Linux's per-task settings (kernel/sys_prctl.ts) — PR_SET_NAME /
   * PR_GET_NAME (the thread's comm), PR_SET_PDEATHSIG / PR_GET_PDEATHSIG, PR_SET_CHILD_SUBREAPER /
   * PR_GET_CHILD_SUBREAPER, PR_SET_DUMPABLE / PR_GET_DUMPABLE. A GET option other than
   * PR_GET_DUMPABLE stores its value in the Ref `arg2` and returns 0; PR_GET_DUMPABLE returns the
   * flag. -1 with errno (EINVAL: an unknown option or a bad signal; EFAULT: no Ref).
   */
  prctl(option: number, arg2?: number | string | Ref<number> | Ref<string> | null): Sim<number>;
  /** getresuid(&ruid, &euid, &suid): 0, the three ids in the Refs. */
  getresuid(ruid: Ref<number> | null, euid: Ref<number> | null, suid: Ref<number> | null): Sim<number>;
  getresgid(rgid: Ref<number> | null, egid: Ref<number> | null, sgid: Ref<number> | null): Sim<number>;
  /** setuid(uid): as root sets all three uids; otherwise only back to the real or saved uid (EPERM). */
  setuid(uid: number): Sim<number>;
  seteuid(euid: number): Sim<number>;
  /** -1 leaves an id unchanged. */
  setreuid(ruid: number, euid: number): Sim<number>;
  setresuid(ruid: number, euid: number, suid: number): Sim<number>;
  setgid(gid: number): Sim<number>;
  setegid(egid: number): Sim<number>;
  setresgid(rgid: number, egid: number, sgid: number): Sim<number>;

  // ---- resource usage (pthreads(7): per process; per thread under LinuxThreads) ----
  /** getrusage(RUSAGE_SELF | RUSAGE_THREAD | RUSAGE_CHILDREN, usage): usage.value is filled in. */
  getrusage(who: number, usage: { value?: Rusage }): Sim<number>;
  /** times(buf): clock ticks since boot; buf.value (if given) gets the process's and its reaped children's times. */
  times(buf: { value?: Tms } | null): Sim<number>;
  /** sysinfo(info): info.value gets the machine's uptime, load averages, memory and task count. */
  sysinfo(info: { value?: Sysinfo }): Sim<number>;
  /** uname(buf): buf.value gets the system, node, release, version, machine and domain names. */
  uname(buf: { value?: Utsname }): Sim<number>;

  // ---- nice values (per thread on Linux: pthreads(7) lists it as NPTL's remaining nonconformance) ----
  /** nice(inc): the new nice value, or -1 with errno (EPERM to lower it unprivileged). */
  nice(inc: number): Sim<number>;
  /** getpriority(PRIO_PROCESS | PRIO_PGRP | PRIO_USER, who): the nice value (-1 is also a value: clear errno first). */
  getpriority(which: number, who: number): Sim<number>;
  /**
   * getrlimit/setrlimit(resource, {cur, max}) and prlimit(pid, resource, new, old): Linux's
   * RLIMIT_* numbers, Infinity for RLIM_INFINITY. EINVAL for a soft limit above the hard one,
   * EPERM to raise the hard limit unless root. RLIMIT_NOFILE bounds new descriptors (EMFILE),
   * RLIMIT_NPROC fork/clone (EAGAIN); children inherit the limits.
   */
  getrlimit(resource: number, out: { value?: Rlimit }): Sim<number>;
  setrlimit(resource: number, limit: Rlimit): Sim<number>;
  prlimit(pid: number, resource: number, limit: Rlimit | null, old?: { value?: Rlimit } | null): Sim<number>;
  /** setpriority(which, who, nice): 0, or -1 with errno (EACCES to lower it, EPERM for another user's). */
  setpriority(which: number, who: number, prio: number): Sim<number>;

  // ---- CPU affinity and the concurrency hint (sched.h, pthread.h with _GNU_SOURCE) ----
  /**
   * sched_setaffinity(pid, mask): the CPUs task `pid` may run on (0: the calling thread's kernel
   * task; a thread's tid names that thread only). -1 with errno EINVAL (no online CPU in the
   * mask), ESRCH, EPERM. A task on a CPU its new mask excludes is moved off it.
   */
  sched_setaffinity(pid: number, mask: bigint): Sim<number>;
  /** sched_getaffinity(pid, mask): 0 with mask.value the task's CPUs, or -1 with errno. */
  sched_getaffinity(pid: number, mask: Ref<bigint>): Sim<number>;
  /** get_nprocs(): the number of online CPUs (glibc's sysconf(_SC_NPROCESSORS_ONLN)). */
  get_nprocs(): Sim<number>;
  /** sched_getcpu(): the CPU the calling thread's kernel task runs on now (the vDSO: no system call). */
  sched_getcpu(): Sim<number>;
  // ---- scheduling policies (sched.h, pthread.h): the kernel's SCHED_FIFO/SCHED_RR classes ----
  /**
   * sched_setscheduler(pid, policy, param): task `pid`'s policy (SCHED_OTHER, SCHED_FIFO,
   * SCHED_RR, SCHED_BATCH, SCHED_IDLE; | SCHED_RESET_ON_FORK) and priority (1 … 99 for the
   * real-time ones, 0 otherwise); 0 (glibc returns 0, not the old policy), or -1 with errno
   * EINVAL, ESRCH, EPERM (an RT policy needs root or RLIMIT_RTPRIO). pid 0: the calling
   * thread's kernel task; a tid names that thread only.
   */
  sched_setscheduler(pid: number, policy: number, param: SchedParam | null): Sim<number>;
  /** sched_getscheduler(pid): the policy, or -1 with errno. */
  sched_getscheduler(pid: number): Sim<number>;
  /** sched_setparam(pid, param): the priority within the task's policy; 0 or -1 with errno. */
  sched_setparam(pid: number, param: SchedParam | null): Sim<number>;
  /** sched_getparam(pid, param): param.value.sched_priority; 0 or -1 with errno. */
  sched_getparam(pid: number, param: Ref<SchedParam> | null): Sim<number>;
  /** sched_get_priority_max/min(policy): 99/1 for SCHED_FIFO and SCHED_RR, 0 for the others, -1/EINVAL for none. */
  sched_get_priority_max(policy: number): Sim<number>;
  sched_get_priority_min(policy: number): Sim<number>;
  /** sched_rr_get_interval(pid, interval): interval.value in ns (100 ms for SCHED_RR, 0 for SCHED_FIFO); 0 or -1 with errno. */
  sched_rr_get_interval(pid: number, interval: Ref<number>): Sim<number>;
  /**
   * pthread_setschedparam(t, policy, param): sched_setscheduler on t's kernel task (NPTL: its
   * tid; LinuxThreads: its pid, and the manager is raised above it); 0 or an error number
   * (ESRCH, EINVAL, EPERM). NGPT and green: their deviations.
   */
  pthread_setschedparam(t: pthread_t, policy: number, param: SchedParam): Sim<number>;
  /** pthread_getschedparam(t, policy, param): 0 with policy.value and param.value, or an error number. */
  pthread_getschedparam(t: pthread_t, policy: Ref<number>, param: Ref<SchedParam>): Sim<number>;
  /**
   * What pthread_attr_setinheritsched / setschedpolicy / setschedparam(attr's policy) answer
   * under this library (no system call): 0 or an error number, or -1 where the library's own
   * code faults (NGPT 2.2.1's pthread_attr_setschedparam). PthreadAttr's fields are checked
   * the same way by pthread_create.
   */
  pthread_attr_setsched(op: 'inheritsched' | 'schedpolicy' | 'schedparam', value: number, policy?: number): number;
  /** pthread_setschedprio(t, prio): sched_setparam on t's kernel task; 0 or an error number. */
  pthread_setschedprio(t: pthread_t, prio: number): Sim<number>;
  /** pthread_setaffinity_np(t, mask): 0 or an error number (ESRCH, EINVAL; ENOSYS under NGPT and green). */
  pthread_setaffinity_np(t: pthread_t, mask: bigint): Sim<number>;
  /** pthread_getaffinity_np(t, mask): 0 with mask.value set, or an error number. */
  pthread_getaffinity_np(t: pthread_t, mask: Ref<bigint>): Sim<number>;
  /**
   * pthread_setname_np(t, name): the thread's kernel task's name (comm, as ps and top -H show
   * it): 0, or ERANGE for 16 bytes or more, ESRCH; ENOSYS under NGPT and green (no task per thread).
   */
  pthread_setname_np(t: pthread_t, name: string): Sim<number>;
  /** pthread_getname_np(t, buf, len = 16): 0 with buf.value the name, or ERANGE when len < 16. */
  pthread_getname_np(t: pthread_t, buf: Ref<string>, len?: number): Sim<number>;
  /** pthread_tryjoin_np(t, retval): join if t has ended, else EBUSY (glibc's NPTL; ENOSYS in the others, which had none). */
  pthread_tryjoin_np(t: pthread_t, retval?: Ref<unknown> | null): Sim<number>;
  /** pthread_timedjoin_np(t, retval, ns): join, giving up after a relative timeout with ETIMEDOUT (NPTL; ENOSYS elsewhere). */
  pthread_timedjoin_np(t: pthread_t, retval: Ref<unknown> | null | undefined, timeoutNs: number): Sim<number>;
  /** pthread_setconcurrency(level): the level is stored (a hint no library here acts on); EINVAL if negative where the library checks. */
  pthread_setconcurrency(level: number): Sim<number>;
  /** pthread_getconcurrency(): the level last set, 0 at first. */
  pthread_getconcurrency(): Sim<number>;

  // ---- the alternate signal stack (per thread) ----
  /**
   * sigaltstack(ss, old): old.value gets the current settings (ss_flags SS_DISABLE when none,
   * SS_ONSTACK while a handler runs on it); ss (if not null) sets new ones. Handlers installed
   * with SA_ONSTACK run on it. -1 with errno EPERM (changed while on it), ENOMEM, EINVAL.
   */
  sigaltstack(ss: StackT | null, old?: { value?: StackT } | null): Sim<number>;
  /**
   * The lab's own, for the C loader's swapcontext out of a signal handler (clib/host/ucontext.ts):
   * the sigreturn of the handler frame on top of the calling task does not restart the call it
   * interrupted (the call fails with EINTR); 1 if it would have restarted, else 0.
   */
  lab_sigframe_norestart(): Sim<number>;

  // ---- execve ----
  /**
   * execve(path, argv): replace the process's program. `path` is a Program (a module's default
   * export: the program's own main or one it imports), '/proc/self/exe' (the program this
   * process runs) or a path the kernel opens — only the started program's own file, ./name in
   * /home/student, holds a program (ENOENT, EACCES, ENOEXEC otherwise); argv is the new image's argv (argv[0] names it in ps). The new image starts
   * in the library's start-up code in the same process — same pid, open files, signal mask —
   * with caught signals reset to SIG_DFL. Returns only on failure: -1 with errno ENOENT/EACCES/ENOEXEC/EFAULT.
   */
  execve(path: string | Program, argv: string[]): Sim<number>;

  // ---- lab calls ----
  /** Burn `ns` of CPU in user mode (preemptible). */
  compute(ns: number): Sim<void>;
  /**
   * Burn the CPU time of `count` instructions (the cost model's `instruction`), preemptible:
   * how a C program's counted work is charged (clib/).
   */
  compute_instructions(count: number): Sim<void>;
  /**
   * For loaders (clib/): carry out `req`, a request the calling thread's library code just
   * yielded, here and now if the kernel would do exactly that with nothing in between (today:
   * a compute burst no event, signal or slice end can cut); then the code goes on as if the
   * kernel had resumed it. false, nothing done, otherwise: yield the request as usual.
   */
  run_now(req: Req): boolean;
  /**
   * sbrk(increment): grow (or shrink) the data segment by `increment` bytes; returns the old
   * program break, or -1 with errno ENOMEM. How a C program's heap growth reaches the kernel's
   * memory accounting (fork copies the page tables of the resident pages).
   */
  sbrk(increment: number): Sim<number>;
  /**
   * printf: format like C (%d %s %x %f %%) into stdout's buffer. stdout is line-buffered when
   * fd 1 is a terminal (the console: each complete line is written out), fully buffered in
   * 4096-byte blocks when it is a pipe; exit() flushes it, _exit() and a fatal signal lose it.
   * Returns the bytes printed, or -1 if a write failed.
   */
  printf(fmt: string, ...args: unknown[]): Sim<number>;
  /** fprintf(stream, ...): stderr is unbuffered (one write per call). */
  fprintf(stream: FILE, fmt: string, ...args: unknown[]): Sim<number>;
  /** fflush(stream), or fflush(null) for every stream: 0 or EOF. */
  fflush(stream: FILE | null): Sim<number>;
  /** setvbuf(stream, NULL, _IOFBF | _IOLBF | _IONBF, size): 0, or EOF for a bad mode (size is ignored, as glibc does with a NULL buffer). */
  setvbuf(stream: FILE, buf: null, mode: number, size: number): Sim<number>;
  /** Read `count` bytes from the simulated slow device /dev/slow (opens it once per process). */
  read_slow_device(count: number): Sim<number>;
}

/** A program: the default export of a student's module. */
export type Program = (libc: Libc, argv: string[]) => Sim<number | void>;

/** <sched.h>: cpu_set_t holds CPU_SETSIZE CPUs; in TypeScript a cpu set is a bigint, bit n for CPU n. */
export const CPU_SETSIZE = 1024;
/** cpuset(0, 2): the set of the CPUs listed (CPU_ZERO then CPU_SET for each). */
export function cpuset(...cpus: number[]): bigint {
  return cpus.reduce((m, c) => m | (1n << BigInt(c)), 0n);
}
/** CPU_ISSET(cpu, set). */
export function CPU_ISSET(cpu: number, set: bigint): boolean {
  return ((set >> BigInt(cpu)) & 1n) === 1n;
}
/** CPU_COUNT(set): how many CPUs the set holds. */
export function CPU_COUNT(set: bigint): number {
  let n = 0;
  for (let x = set; x > 0n; x >>= 1n) if (x & 1n) n++;
  return n;
}

/** sigmask(sig): the bit of `sig` in a signal set. */
export function sigmask(sig: number): bigint {
  return 1n << BigInt(sig - 1);
}

/** sigset from a list: sigset(SIGUSR1, SIGUSR2). */
export function sigset(...sigs: number[]): bigint {
  return sigs.reduce((m, s) => m | sigmask(s), 0n);
}
