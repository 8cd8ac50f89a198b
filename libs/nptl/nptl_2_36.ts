/**
 * nptl_2_36.ts — NPTL as glibc 2.34–2.36 builds it: what `--lib-opt glibc=2.36` changes.
 *
 * The rest of this folder is NPTL of the 2.3 era (the era of the NPTL paper, the library's
 * default). A modern glibc makes a thread with the same clone flags and the same tid-word join,
 * but wraps both in system calls the 2003 library did not make. strace of pthread_create +
 * pthread_join with a cached stack on glibc 2.36 shows ten calls where 2.3 made three:
 *
 *   creator   rt_sigprocmask(SIG_BLOCK, ~0)   nptl/pthread_create.c __pthread_create_2_1:
 *             clone3(...)                     internal_signal_block_all, so the new thread starts
 *             rt_sigprocmask(SIG_SETMASK)     with every signal blocked; create_thread calls
 *                                             __clone_internal, which tries clone3 first
 *                                             (sysdeps/unix/sysv/linux/clone-internal.c)
 *   thread    rseq(...)                       start_thread: rseq_register_current_thread
 *             set_robust_list(...)            start_thread: the robust-mutex list head
 *             rt_sigprocmask(SIG_SETMASK)     start_thread: internal_signal_restore_set
 *                                             (&pd->sigmask), the creator's mask minus SIGCANCEL
 *             ... the start routine ...
 *             rt_sigprocmask(SIG_BLOCK, ...)  start_thread: every signal but SIGSETXID blocked
 *                                             before pd->exiting is set under pd->exit_lock
 *             madvise(MADV_DONTNEED)          start_thread → advise_stack_range
 *                                             (nptl/allocatestack.c): everything below the frames
 *                                             in use, less PTHREAD_STACK_MIN, is given back
 *             exit(0)
 *   joiner    futex(FUTEX_WAIT_BITSET)        nptl/pthread_join_common.c →
 *                                             __futex_abstimed_wait_cancelable64 (futex-internal.c)
 *
 * A stack-cache miss adds mmap(PROT_NONE) and mprotect of all but the guard page
 * (allocatestack.c allocate_stack, setup_stack_prot). pthread_kill (nptl/pthread_kill.c, the
 * 2.34 version) blocks every signal, takes pd->exit_lock and sends nothing to a thread that has
 * started to exit — returning 0, not ESRCH, because the id stays valid until it is joined
 * (POSIX.1-2008); __pthread_kill_esrch keeps ESRCH only for binaries linked before 2.34.
 *
 * Page faults: a new thread touches the top STACK_TOUCH bytes of its stack (struct pthread and
 * the static TLS block sit there, then start_thread's frame with its unwind buffer). On a fresh
 * mapping those pages fault; advise_stack_range keeps the frames in use and PTHREAD_STACK_MIN
 * below them, so a reused stack is resident where a shallow thread runs and only a thread
 * deeper than that faults again after MADV_DONTNEED.
 *
 * The condition variable is glibc 2.25's rewrite (Torvald Riegel's, unchanged through 2.36):
 * pthread_cond_common_2_36.ts, pthread_cond_wait_2_36.ts, pthread_cond_signal_2_36.ts. A
 * waiter takes a position in __wseq with one atomic add while it holds the mutex; signals go
 * to the older group G1 only (__g_signals, __g_size), so a signal never wakes a waiter that
 * registered after it; when G1 is used up a signaler quiesces it (waits until no futex waiter
 * holds a __g_refs reference) and switches roles with G2. Waiters sleep in FUTEX_WAIT_BITSET on
 * __g_signals[g] (maxspin is 0 in 2.36: no spinning); signal and broadcast take only the
 * internal lock in __g1_orig_size's low bits and wake after releasing it (broadcast: without
 * requeue); a timed-out or cancelled waiter shrinks its group or sends a replacement signal;
 * pthread_cond_destroy waits for __wrefs. The 2.3 default keeps pthread_cond_wait.ts.
 *
 * Simplifies: the ten calls are charged as what they are (entry and exit, the kernel's work in
 * kernel/sys_mm.ts); rseq's per-switch fix-ups, the robust-list walk at exit and the adaptive
 * mutex's spinning are not modelled. The condvar's simplifications are in its files' headers.
 */

import { runCleanups } from '../common/cancel.js';
import {
  sys, uaccess, EAGAIN, EINVAL, ESRCH, SIG_BLOCK, SIG_SETMASK, FUTEX_WAIT_BITSET,
  FUTEX_BITSET_MATCH_ANY, MADV_DONTNEED, PROT_NONE, PROT_READ, PROT_WRITE, type Sim,
} from '../../kernel/index.js';
import type { PthreadAttr, ThreadFn } from '../api.js';
import { Pthread, THREAD_SELF, PTHREAD_STACK_MIN, PAGE_SIZE, SIGCANCEL, SIGSETXID, type NptlProcess } from './descr.js';
import { getCachedStack, freeTcb, stackSizeFor, releaseTcb, trimCache } from './allocatestack.js';
import { initDescriptor } from './pthread_create.js';
import { waitGate } from './pthread_create_sched.js';
import { atomicNs } from './lowlevellock.js';
import { isReservedSignal } from './pthread_kill.js';
import { robustHeadInit } from './pthread_mutex_robust.js';
import type { Nptl } from './index.js';

/** What the new thread touches at the top of its stack: struct pthread, static TLS, start_thread's frame. */
export const STACK_TOUCH = 2 * PAGE_SIZE;
/** internal_sigfillset: every signal. */
const ALL = ~0n & ((1n << 64n) - 1n);
const bit = (sig: number) => 1n << BigInt(sig - 1);

/** allocate_stack on a miss: mmap(size + guard, PROT_NONE), then mprotect all but the guard. */
function* allocateStack(libc: Nptl, proc: NptlProcess, size: number): Sim<Pthread | number> {
  const guard = PAGE_SIZE;
  const addr = (yield sys.mmap(size + guard, PROT_NONE)) as number;
  if (addr < 0) return addr;
  yield sys.mprotect(addr + guard, size, PROT_READ | PROT_WRITE);
  const pd = new Pthread(libc, proc, uaccess.umalloc(1), startThread);
  pd.stackAddr = addr;
  pd.stackSize = size;
  pd.guard = guard;
  return pd;
}

/** __pthread_create_2_1 of 2.36: the signal mask blocked around clone3. */
export function* pthreadCreate(libc: Nptl, start: ThreadFn, arg: unknown, attr: PthreadAttr | undefined, gate = 0): Sim<number> {
  if (typeof start !== 'function') return -EINVAL;
  const proc = THREAD_SELF().proc;
  if (attr?.stacksize !== undefined && !(attr.stacksize >= PTHREAD_STACK_MIN)) return -EINVAL;
  const size = stackSizeFor(proc, attr?.stacksize);
  const got = getCachedStack(proc, size) ?? (yield* allocateStack(libc, proc, size));
  if (typeof got === 'number') return -EAGAIN;
  const pd = got;
  initDescriptor(pd, start, arg, attr?.detached === true, gate);
  pd.exitingForKill = false;
  proc.threads.set(pd.self, pd);
  proc.nthreads++;
  proc.multipleThreads = true; // header.multiple_threads (2.34+: __libc_single_threaded = false): cancellation points are live now
  const ns = atomicNs(3);
  if (ns > 0) yield sys.compute(ns);
  const old: { value?: bigint } = {};
  yield sys.rt_sigprocmask(SIG_BLOCK, ALL, old); // internal_signal_block_all
  pd.sigmask = (old.value ?? 0n) & ~bit(SIGCANCEL);
  const r = (yield sys.clone3(pd.cloneArgs)) as number;
  yield sys.rt_sigprocmask(SIG_SETMASK, old.value ?? 0n, null); // internal_signal_restore_set
  if (r < 0) {
    proc.nthreads--;
    yield* freeTcb(proc, pd);
    return -EAGAIN;
  }
  return pd.self;
}

/** start_thread of 2.36: register rseq and the robust list, restore the mask, run, exit. */
export function* startThread(pd: Pthread): Sim<never> {
  yield sys.rseq(pd, 32, 0, 0x53053053);
  yield sys.set_robust_list(robustHeadInit(pd), 24);
  if (pd.stackSize > 0) uaccess.touchPages(pd.stackAddr, pd.guard + pd.stackSize - STACK_TOUCH, STACK_TOUCH);
  yield sys.rt_sigprocmask(SIG_SETMASK, pd.sigmask, null);
  if (pd.startGate !== 0 && !(yield* waitGate(pd.startGate))) return yield* exitThread(pd, undefined);
  const start = pd.start!;
  const value = yield* start(pd.libc, pd.arg);
  return yield* exitThread(pd, value);
}

/**
 * The tail of start_thread (and __pthread_exit) of 2.36, for a thread on a stack of its own;
 * the initial thread leaves as in 2.3 (__libc_start_call_main: count, then exit).
 */
export function* exitThread(pd: Pthread, value: unknown): Sim<never> {
  const proc = pd.proc;
  pd.result = value;
  pd.cancelhandling |= 0x10; // __do_cancel: EXITING_BITMASK, no cancellation any more
  if (pd.cleanup !== null) yield* runCleanups(pd.libc, pd); // the unwinding's cleanup handlers
  pd.exiting = true; // EXITING_BIT in cancelhandling (pthread_detach reads it)
  if (pd.specific !== null && pd.specific.size > 0) proc.keys.runDestructors(pd.specific);
  const last = --proc.nthreads === 0; // atomic_decrement_and_test (&__nptl_nthreads)
  let ns = atomicNs(2);
  if (ns > 0) yield sys.compute(ns);
  if (last) yield sys.exit_group(0);
  yield sys.rt_sigprocmask(SIG_BLOCK, ALL & ~bit(SIGSETXID), null);
  pd.exitingForKill = true; // under exit_lock (its lock and unlock are charged below)
  if (pd.stackSize > 0) yield* adviseStackRange(pd);
  const cached = pd.detached && releaseTcb(proc, pd); // IS_DETACHED: __nptl_free_tcb
  ns = atomicNs(cached ? 4 : 2);
  if (ns > 0) yield sys.compute(ns);
  if (cached) yield* trimCache(proc);
  yield sys.exit(0);
  throw new Error('pthread_exit: exit returned');
}

/** advise_stack_range (allocatestack.c): MADV_DONTNEED below the frames in use, less PTHREAD_STACK_MIN. */
function* adviseStackRange(pd: Pthread): Sim<void> {
  const mem = pd.stackAddr;
  const sp = mem + pd.guard + pd.stackSize - STACK_TOUCH;
  const freesize = Math.floor((sp - mem) / PAGE_SIZE) * PAGE_SIZE;
  if (freesize > PTHREAD_STACK_MIN) yield sys.madvise(mem, freesize - PTHREAD_STACK_MIN, MADV_DONTNEED);
}

/** lll_wait_tid of 2.36: FUTEX_WAIT_BITSET on the tid word (shared: the kernel's wake is). */
export function* waitTid(tidAddr: number, tid: number): Sim<void> {
  yield sys.futex(tidAddr, FUTEX_WAIT_BITSET, tid, null, 0, FUTEX_BITSET_MATCH_ANY);
}

/** __pthread_kill of 2.34+: 0 for a thread that has exited but is not joined. */
export function* pthreadKill(t: number, sig: number): Sim<number> {
  const self = THREAD_SELF();
  const proc = self.proc;
  const pd = proc.threads.get(t);
  if (pd === undefined || pd.terminated) return ESRCH; // an id never created (glibc would crash)
  if (isReservedSignal(sig)) return EINVAL; // is_internal_signal
  if (pd === self) {
    const tid = (yield sys.gettid()) as number;
    const r = (yield sys.tgkill(proc.pid, tid, sig)) as number;
    return r < 0 ? -r : 0;
  }
  const old: { value?: bigint } = {};
  yield sys.rt_sigprocmask(SIG_BLOCK, ALL, old); // internal_signal_block_all
  let ns = atomicNs(1); // __libc_lock_lock (pd->exit_lock)
  if (ns > 0) yield sys.compute(ns);
  let ret = 0; // pd->exiting: the no_tid case reports 0
  if (!pd.exitingForKill && pd.tid > 0) {
    const r = (yield sys.tgkill(proc.pid, pd.tid, sig)) as number;
    ret = r < 0 ? -r : 0;
  }
  ns = atomicNs(1);
  if (ns > 0) yield sys.compute(ns);
  yield sys.rt_sigprocmask(SIG_SETMASK, old.value ?? 0n, null);
  return ret;
}
