/**
 * pthread_create.ts — creating a thread: one clone, nothing else (rule 26).
 *
 * Mirrors: glibc nptl/pthread_create.c (__pthread_create_2_1: allocate the stack and the
 * descriptor, initialise it, count the thread in __nptl_nthreads, create_thread) and
 * nptl/sysdeps/pthread/createthread.c (do_clone with CLONE_VM|CLONE_FS|CLONE_FILES|
 * CLONE_SYSVSEM|CLONE_SIGHAND|CLONE_THREAD|CLONE_SETTLS|CLONE_PARENT_SETTID|
 * CLONE_CHILD_CLEARTID and no exit signal), and start_thread, the function the new task
 * runs: call the start routine, then exit the thread with its return value.
 *
 * The kernel writes the new tid into the descriptor's tid word before clone returns
 * (CLONE_PARENT_SETTID), and will clear it and wake a futex waiter when the thread exits
 * (CLONE_CHILD_CLEARTID): that word is all pthread_join needs. No helper thread exists.
 *
 * PTHREAD_EXPLICIT_SCHED: the thread starts stopped behind a gate (pthread_create_sched.ts).
 *
 * Simplifies: no guard pages; a clone failure
 * returns EAGAIN as glibc does (as a negative number: see libs/api.ts).
 */

import { sys, EAGAIN, EINVAL, type Sim } from '../../kernel/index.js';
import type { PthreadAttr, ThreadFn } from '../api.js';
import { Pthread, THREAD_SELF, PTHREAD_STACK_MIN } from './descr.js';
import { allocateStack, getCachedStack, freeTcb, stackSizeFor } from './allocatestack.js';
import { atomicNs } from './lowlevellock.js';
import { exitThread } from './pthread_exit.js';
import { waitGate } from './pthread_create_sched.js';
import type { Nptl } from './index.js';

/** __pthread_create_2_1: returns the new pthread_t, or a negative error number. */
export function* pthreadCreate(libc: Nptl, start: ThreadFn, arg: unknown, attr: PthreadAttr | undefined, gate = 0): Sim<number> {
  if (typeof start !== 'function') return -EINVAL;
  const self = THREAD_SELF();
  const proc = self.proc;
  if (attr?.stacksize !== undefined && !(attr.stacksize >= PTHREAD_STACK_MIN)) return -EINVAL;
  const size = stackSizeFor(proc, attr?.stacksize);
  const got = getCachedStack(proc, size) ?? (yield* allocateStack(libc, proc, size));
  if (typeof got === 'number') return -EAGAIN;
  const pd = got;
  initDescriptor(pd, start, arg, attr?.detached === true, gate);
  proc.threads.set(pd.self, pd);
  proc.nthreads++; // atomic_increment (&__nptl_nthreads)
  proc.multipleThreads = true; // header.multiple_threads: cancellation points are live now
  const ns = atomicNs(3); // that, and stack_cache_lock taken and dropped
  if (ns > 0) yield sys.compute(ns);
  const r = (yield sys.clone(pd.cloneArgs)) as number;
  if (r < 0) {
    proc.nthreads--;
    yield* freeTcb(proc, pd);
    return -EAGAIN;
  }
  return pd.self;
}

/** The part of allocate_stack/ __pthread_create that fills in a (possibly reused) descriptor. */
export function initDescriptor(pd: Pthread, start: ThreadFn, arg: unknown, detached: boolean, gate = 0): void {
  pd.startGate = gate;
  pd.errno = 0;
  pd.specific = null;
  pd.start = start;
  pd.arg = arg;
  pd.result = undefined;
  pd.exiting = false;
  pd.terminated = false;
  pd.cancelhandling = 0;
  pd.cleanup = null;
  pd.detached = detached;
  pd.joinid = detached ? pd : null;
  pd.tpp = null; // __free_tcb freed it; the scheduling cache is read from the kernel at first use
  pd.schedPrio = -1;
  pd.schedPolicy = -1;
}

/**
 * start_thread: what the clone child runs. Module-level (no per-thread closure), taking the
 * descriptor the kernel also installed as the thread pointer.
 */
export function* startThread(pd: Pthread): Sim<never> {
  if (pd.startGate !== 0 && !(yield* waitGate(pd.startGate))) return yield* exitThread(pd, undefined);
  const start = pd.start!;
  const value = yield* start(pd.libc, pd.arg);
  return yield* exitThread(pd, value);
}
