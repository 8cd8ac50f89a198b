/**
 * libc_sched.ts — CPU affinity, the CPU a thread runs on, thread names and the concurrency
 * hint: the calls every library inherits, and the hook (`threadTid`) through which a library
 * says which kernel task runs a pthread (names: pthread_setname.ts).
 *
 * Mirrors glibc: sysdeps/unix/sysv/linux/sched_setaffinity.c (one system call with the
 * caller's cpusetsize), sched_getaffinity.c (the system call, then the bytes past what the
 * kernel wrote are zeroed, and 0 is returned), sched_getcpu.c (the vDSO's getcpu: no system
 * call), nptl/pthread_setaffinity.c and pthread_getaffinity.c (the same system calls on the
 * thread's tid, the error returned rather than put in errno), nptl/pthread_attr_setaffinity.c
 * (the attribute pthread_create applies to the new thread: createthread.c calls
 * sched_setaffinity on its tid before the thread runs user code), and
 * nptl/pthread_setconcurrency.c (the level is stored, EINVAL if negative; NPTL does nothing
 * else with it, and neither does LinuxThreads).
 *
 * TypeScript shape: a cpu_set_t is a bigint (bit n: CPU n) as signal sets are; C's cpusetsize
 * is glibc's CPU_SETSIZE / 8 = 128 bytes, so the kernel reads at most its own 8.
 *
 * Simplifies: an attribute's mask that names no online CPU is refused with EINVAL before the
 * clone (glibc clones the thread stopped and cancels it when the system call fails: the same
 * answer, one task fewer). A library with no kernel task per thread (NGPT, green) overrides
 * threadTid to ENOSYS — see libs/common/ulibc.ts.
 */

import { sys, uaccess, EINVAL, ERANGE, ENOSYS, makeThreadCpuclock, type Sim } from '../../kernel/index.js';
import type { pthread_t, Ref, SchedParam, PthreadAttr } from '../api.js';

/** Which attribute setter pthread_attr_setsched answers for. */
export type AttrSchedOp = 'inheritsched' | 'schedpolicy' | 'schedparam';
/** pthread_attr_setsched's answer where the library's own code dereferences a null pointer (NGPT). */
export const ATTR_FAULT = -1;
import { LibcIpc } from './libc_ipc.js';
import { setnameNp, getnameNp, TASK_COMM_LEN } from './pthread_setname.js';

/** sizeof(cpu_set_t): glibc's CPU_SETSIZE (1024) bits. */
export const CPU_SET_BYTES = 128;

/** The pthread_setconcurrency level of each process (a global of the C library). */
const levels = new WeakMap<object, number>();

export abstract class LibcSched extends LibcIpc {
  /**
   * The kernel task that runs thread `t`: its tid, or a negative error number (-ESRCH for a
   * thread that is not there, -ENOSYS where a thread has no kernel task of its own).
   */
  protected abstract threadTid(t: pthread_t): Sim<number>;

  // ---- the process's (or a task's) affinity ----
  /** sched_setaffinity(pid, mask): 0, or -1 with errno EINVAL (no online CPU), ESRCH, EPERM. */
  *sched_setaffinity(pid: number, mask: bigint): Sim<number> {
    return yield* this.sc(sys.sched_setaffinity(pid, CPU_SET_BYTES, mask));
  }

  /** sched_getaffinity(pid, mask): 0 with mask.value set, or -1 with errno. */
  *sched_getaffinity(pid: number, mask: Ref<bigint>): Sim<number> {
    const out: { value?: bigint } = {};
    const r = yield* this.sc(sys.sched_getaffinity(pid, CPU_SET_BYTES, out));
    if (r < 0) return r;
    mask.value = out.value ?? 0n; // memset of the bytes the kernel did not write: nothing above its 64 CPUs
    return 0;
  }

  /** get_nprocs() (sysconf(_SC_NPROCESSORS_ONLN)): the online CPUs. */
  *get_nprocs(): Sim<number> {
    return uaccess.nprocs();
  }

  /** sched_getcpu(): the CPU the calling thread's kernel task runs on (the vDSO's getcpu). */
  *sched_getcpu(): Sim<number> {
    return uaccess.vdsoGetcpu();
  }

  // ---- scheduling policies (sysdeps/unix/sysv/linux sched_*.c: one system call each) ----
  /** sched_setscheduler(pid, policy, param): 0 (glibc's wrapper returns the system call's 0), or -1 with errno. */
  *sched_setscheduler(pid: number, policy: number, param: SchedParam | null): Sim<number> {
    return yield* this.sc(sys.sched_setscheduler(pid, policy, param));
  }

  /** sched_getscheduler(pid): the policy, or -1 with errno. */
  *sched_getscheduler(pid: number): Sim<number> {
    return yield* this.sc(sys.sched_getscheduler(pid));
  }

  /** sched_setparam(pid, param): 0, or -1 with errno. */
  *sched_setparam(pid: number, param: SchedParam | null): Sim<number> {
    return yield* this.sc(sys.sched_setparam(pid, param));
  }

  /** sched_getparam(pid, param): 0 with param.value set, or -1 with errno. */
  *sched_getparam(pid: number, param: Ref<SchedParam> | null): Sim<number> {
    const out: { value?: SchedParam } = {};
    const r = yield* this.sc(sys.sched_getparam(pid, param === null ? null : out));
    if (r === 0 && param !== null) param.value = out.value!;
    return r;
  }

  /** sched_get_priority_max(policy). */
  *sched_get_priority_max(policy: number): Sim<number> {
    return yield* this.sc(sys.sched_get_priority_max(policy));
  }

  /** sched_get_priority_min(policy). */
  *sched_get_priority_min(policy: number): Sim<number> {
    return yield* this.sc(sys.sched_get_priority_min(policy));
  }

  /** sched_rr_get_interval(pid, interval): interval.value in ns; 0 or -1 with errno. */
  *sched_rr_get_interval(pid: number, interval: Ref<number>): Sim<number> {
    const out: { value?: number } = {};
    const r = yield* this.sc(sys.sched_rr_get_interval(pid, out));
    if (r === 0) interval.value = out.value!;
    return r;
  }

  /**
   * The library's answer to pthread_attr_setinheritsched / setschedpolicy / setschedparam (no
   * system call): 0 or an error number; ATTR_FAULT where the library's own code faults.
   * glibc (nptl/pthread_attr_setschedparam.c, linuxthreads/attr.c): EINVAL for an inherit
   * value other than PTHREAD_INHERIT_SCHED/EXPLICIT_SCHED, a policy other than SCHED_OTHER,
   * SCHED_FIFO, SCHED_RR, or a priority outside sched_get_priority_min/max of the attribute's
   * policy.
   */
  pthread_attr_setsched(op: AttrSchedOp, value: number, policy = 0): number {
    if (!Number.isInteger(value)) return EINVAL;
    if (op === 'inheritsched') return value === 0 || value === 1 ? 0 : EINVAL;
    if (op === 'schedpolicy') return value === 0 || value === 1 || value === 2 ? 0 : EINVAL;
    const rt = policy === 1 || policy === 2;
    return (rt ? value >= 1 && value <= 99 : value === 0) ? 0 : EINVAL;
  }

  /** The first of a PthreadAttr's scheduling fields the library's setters refuse: 0, an error number, or ATTR_FAULT. */
  protected attrSchedError(attr: PthreadAttr | undefined): number {
    if (attr === undefined || attr === null) return 0;
    let e = 0;
    if (attr.inheritsched !== undefined) e = this.pthread_attr_setsched('inheritsched', attr.inheritsched);
    if (e === 0 && attr.schedpolicy !== undefined) e = this.pthread_attr_setsched('schedpolicy', attr.schedpolicy);
    if (e === 0 && attr.schedparam !== undefined) e = this.pthread_attr_setsched('schedparam', attr.schedparam.sched_priority, attr.schedpolicy ?? 0);
    return e;
  }

  // ---- one thread's policy: the system calls on its kernel task (nptl/pthread_setschedparam.c,
  // pthread_getschedparam.c, pthread_setschedprio.c; linuxthreads/pthread.c on the thread's pid) ----
  /** pthread_setschedparam(t, policy, param): 0 or the error number. */
  *pthread_setschedparam(t: pthread_t, policy: number, param: SchedParam): Sim<number> {
    const tid = yield* this.threadTid(t);
    if (tid < 0) return -tid;
    return errnoOf((yield sys.sched_setscheduler(tid, policy, param)) as number);
  }

  /**
   * pthread_getschedparam(t, policy, param): the kernel's answer for t's task. (NPTL caches
   * what pthread_setschedparam set in the descriptor; the lab always asks the kernel, which
   * differs only after a direct sched_setscheduler on the tid.)
   */
  *pthread_getschedparam(t: pthread_t, policy: Ref<number>, param: Ref<SchedParam>): Sim<number> {
    const tid = yield* this.threadTid(t);
    if (tid < 0) return -tid;
    const pol = (yield sys.sched_getscheduler(tid)) as number;
    if (pol < 0) return -pol;
    const out: { value?: SchedParam } = {};
    const r = (yield sys.sched_getparam(tid, out)) as number;
    if (r < 0) return -r;
    policy.value = pol;
    param.value = out.value!;
    return 0;
  }

  /** pthread_setschedprio(t, prio): sched_setparam on t's task; 0 or the error number. */
  *pthread_setschedprio(t: pthread_t, prio: number): Sim<number> {
    const tid = yield* this.threadTid(t);
    if (tid < 0) return -tid;
    return errnoOf((yield sys.sched_setparam(tid, { sched_priority: prio })) as number);
  }

  // ---- one thread's affinity ----
  /** pthread_setaffinity_np(t, mask): 0 or an error number. */
  *pthread_setaffinity_np(t: pthread_t, mask: bigint): Sim<number> {
    const tid = yield* this.threadTid(t);
    if (tid < 0) return -tid;
    return errnoOf((yield sys.sched_setaffinity(tid, CPU_SET_BYTES, mask)) as number);
  }

  /** pthread_getaffinity_np(t, mask): 0 with mask.value set, or an error number. */
  *pthread_getaffinity_np(t: pthread_t, mask: Ref<bigint>): Sim<number> {
    const tid = yield* this.threadTid(t);
    if (tid < 0) return -tid;
    const out: { value?: bigint } = {};
    const r = (yield sys.sched_getaffinity(tid, CPU_SET_BYTES, out)) as number;
    if (r < 0) return -r;
    mask.value = out.value ?? 0n;
    return 0;
  }

  /**
   * createthread.c's affinity step, for a library that honours attr.affinity: -EINVAL before
   * the clone for a mask with no online CPU, else run `create` (the library's pthread_create,
   * not yet started) and make the system call on the new thread's task as soon as the creator
   * has it.
   */
  protected *createAffine(mask: bigint, create: Sim<pthread_t>): Sim<pthread_t> {
    if (!this.affinityValid(mask)) return -EINVAL;
    const t = yield* create;
    if (t > 0) yield* this.pthread_setaffinity_np(t, mask);
    return t;
  }

  /** A mask naming at least one online CPU (what the kernel will accept). */
  protected affinityValid(mask: bigint): boolean {
    return typeof mask === 'bigint' && (mask & ((1n << BigInt(uaccess.nprocs())) - 1n)) !== 0n;
  }

  // ---- thread names (pthread_setname.ts) ----
  abstract pthread_self(): Sim<pthread_t>;

  /** pthread_setname_np(t, name): 0, or ERANGE (16 bytes or more), ESRCH, ENOSYS (no task of its own). */
  *pthread_setname_np(t: pthread_t, name: string): Sim<number> {
    if (typeof name === 'string' && new TextEncoder().encode(name).length >= TASK_COMM_LEN) return ERANGE;
    const tid = yield* this.threadTid(t);
    if (tid < 0) return -tid;
    return yield* setnameNp(tid, t === (yield* this.pthread_self()), name);
  }

  /** pthread_getname_np(t, buf, len = 16): 0 with buf.value the name, or ERANGE (len < 16), ESRCH, ENOSYS. */
  *pthread_getname_np(t: pthread_t, buf: Ref<string>, len = TASK_COMM_LEN): Sim<number> {
    if (!(len >= TASK_COMM_LEN)) return ERANGE;
    const tid = yield* this.threadTid(t);
    if (tid < 0) return -tid;
    return yield* getnameNp(tid, buf, len);
  }

  // ---- the thread's CPU-time clock ----
  /** pthread_getcpuclockid.c (NPTL): MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED). */
  *pthread_getcpuclockid(t: pthread_t, clock: Ref<number>): Sim<number> {
    const tid = yield* this.threadTid(t);
    if (tid < 0) return -tid;
    clock.value = this.cpuclockOf(tid);
    return 0;
  }

  /** The clock id of the kernel task `tid` (LinuxThreads: a process clock of the thread's pid). */
  protected cpuclockOf(tid: number): number {
    return makeThreadCpuclock(tid);
  }

  // ---- glibc's join extensions (NPTL only: LinuxThreads, NGPT and GNU Pth had neither) ----
  /** pthread_tryjoin_np(t, retval): 0, EBUSY while t runs, or join's errors; ENOSYS where the library had none. */
  *pthread_tryjoin_np(_t: pthread_t, _retval?: Ref<unknown> | null): Sim<number> { return ENOSYS; }
  /** pthread_timedjoin_np(t, retval, ns): join with a relative timeout (ETIMEDOUT); ENOSYS where the library had none. */
  *pthread_timedjoin_np(_t: pthread_t, _retval: Ref<unknown> | null | undefined, _timeoutNs: number): Sim<number> { return ENOSYS; }

  // ---- the concurrency hint ----
  /** pthread_setconcurrency(level): 0, or EINVAL for a negative level. The level is only stored. */
  *pthread_setconcurrency(level: number): Sim<number> {
    if (!Number.isInteger(level) || level < 0) return EINVAL;
    return yield* this.storeConcurrency(level);
  }

  /** The store alone: LinuxThreads and NGPT 2.2.1 check nothing (their pthread.c). */
  protected *storeConcurrency(level: number): Sim<number> {
    if (!Number.isInteger(level)) return EINVAL; // not an int: C could not pass it
    levels.set(this.proc(), level);
    return 0;
  }

  /** pthread_getconcurrency(): the level last set (0: the implementation decides). */
  *pthread_getconcurrency(): Sim<number> {
    return levels.get(this.proc()) ?? 0;
  }
}

/** A raw system-call result as a pthread_* return: 0 or the error number. */
function errnoOf(r: number): number {
  return r < 0 ? -r : 0;
}

