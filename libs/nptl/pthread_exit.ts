/**
 * pthread_exit.ts — how a thread ends: key destructors, the thread count, then exit(2).
 *
 * Mirrors: glibc nptl/pthread_exit.c (the result, then __do_cancel: EXITING_BIT and the
 * unwinding that runs the cleanup handlers, newest first) and the tail of start_thread in
 * nptl/pthread_create.c: run the thread-specific-data destructors (__nptl_deallocate_tsd), decrement
 * __nptl_nthreads — and if this was the last thread, call exit(0), which is why a process
 * whose threads all called pthread_exit ends with status 0 (rule 28) — otherwise, if the
 * thread is detached, give its stack back to the cache (__free_tcb; the kernel's tid clear
 * makes it reusable), and leave with the exit system call, which ends only this task (not
 * exit_group). The initial thread goes the same way: glibc's __libc_start_main catches its
 * pthread_exit and does the same count-and-exit. A leader that exits this way stays a zombie
 * until its last thread is gone (rule 9), and its tid word is cleared, so it can be joined.
 *
 * Simplifies: the stack is not unwound: the cleanup records are run from here and the thread's
 * frames abandoned (common/cancel.ts).
 */

import { sys, type Sim } from '../../kernel/index.js';
import type { Pthread } from './descr.js';
import { releaseTcb, trimCache } from './allocatestack.js';
import { atomicNs } from './lowlevellock.js';
import { runCleanups } from '../common/cancel.js';

/** cancelhandling's EXITING_BIT (cancellation.ts has the rest; defined here to avoid a cycle). */
const EXITING_BITMASK = 0x10;

/** __do_exit for thread `pd` with result `value`. Never returns. */
export function* exitThread(pd: Pthread, value: unknown): Sim<never> {
  const proc = pd.proc;
  pd.result = value;
  pd.cancelhandling |= EXITING_BITMASK; // __do_cancel: no cancellation any more
  if (pd.cleanup !== null) yield* runCleanups(pd.libc, pd); // the unwinding's cleanup handlers
  pd.exiting = true;
  if (pd.specific !== null && pd.specific.size > 0) proc.keys.runDestructors(pd.specific);
  const last = --proc.nthreads === 0; // atomic_decrement_and_test (&__nptl_nthreads)
  const cached = !last && pd.detached && releaseTcb(proc, pd); // a detached thread frees itself
  const ns = atomicNs(cached ? 3 : 1);
  if (ns > 0) yield sys.compute(ns);
  if (last) return yield* pd.libc.exit(0); // exit(0): atexit handlers and stdio, then exit_group
  if (cached) yield* trimCache(proc);
  yield sys.exit(0);
  throw new Error('pthread_exit: exit returned');
}
