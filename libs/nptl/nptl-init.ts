/**
 * nptl-init.ts — the initial thread and the child of fork.
 *
 * Mirrors: glibc nptl/nptl-init.c (__pthread_initialize_minimal: the initial thread's
 * descriptor becomes the thread pointer, and set_tid_address(&pd->tid) both tells the kernel
 * to clear that word when the initial thread exits and returns its tid), csu/libc-start.c
 * (__libc_start_main: run main, then exit(main's return value) — exit_group), and the child
 * side of nptl/sysdeps/unix/sysv/linux/fork.c (the child has one thread: reset the thread
 * count, give the descriptor the child's tid — its address, hence pthread_self(), stays the
 * forking thread's — and reclaim the library's lists, __reclaim_stacks).
 *
 * Simplifies: the child starts with an empty stack cache (the parent's cached stacks are
 * copied into its address space but forgotten, a harmless leak); thread-specific-data keys
 * are the parent's key table itself.
 */

import { sys, uaccess, type Sim } from '../../kernel/index.js';
import type { Program } from '../api.js';
import { Pthread, NptlProcess, THREAD_SELF } from './descr.js';
import { KeyTable } from '../common/portable.js';
import { startThread } from './pthread_create.js';
import { readDefaultStacksize } from './pthread_early_init.js';
import { robustHeadInit } from './pthread_mutex_robust.js';
import type { Nptl } from './index.js';

/** crt0: the shell's child (or an exec) runs this: set up the initial thread, run main, exit with its value. */
export function* nptlEntry(libc: Nptl, main: Program, argv: string[]): Sim<never> {
  const proc = new NptlProcess(new KeyTable(), libc.cacheMax, libc.defaultStack ?? 0);
  proc.exe = main;
  const pd = new Pthread(libc, proc, uaccess.umalloc(1), startThread);
  yield* installInitialThread(pd);
  if (libc.defaultStack === null) proc.defaultStack = yield* readDefaultStacksize(libc.era236);
  const r = yield* main(libc, argv);
  return yield* libc.exit(typeof r === 'number' ? r : 0);
}

/**
 * Make `pd` the calling task's descriptor: thread pointer, tid word, cached pid. glibc ≥ 2.34
 * also registers the initial thread's robust list and rseq area (__libc_early_init,
 * rseq_register_current_thread), as start_thread does for every other thread.
 */
function* installInitialThread(pd: Pthread): Sim<void> {
  yield sys.set_tls(pd);
  if (pd.libc.era236) {
    yield sys.set_robust_list(robustHeadInit(pd), 24); // the fork child's list starts empty, as glibc's fork.c resets it
    yield sys.rseq(pd, 32, 0, 0x53053053);
  }
  const tid = (yield sys.set_tid_address(pd.tidAddr)) as number;
  uaccess.ustore(pd.tidAddr, tid);
  pd.proc.pid = (yield sys.getpid()) as number;
  pd.proc.threads.set(pd.self, pd);
}

/** fork's child: one thread, a fresh process state, the same descriptor address. */
export function* nptlForkChild(libc: Nptl): Sim<void> {
  const parent = THREAD_SELF(); // the forking thread's descriptor, inherited as the TLS
  const old = parent.proc;
  const proc = new NptlProcess(old.keys, old.cacheMax, old.defaultStack);
  proc.slowFd = old.slowFd;
  proc.exe = old.exe;
  proc.semInuse = old.semInuse.map((u) => ({ ...u })); // the tree is memory: the child has a copy
  proc.sigcancelInstalled = old.sigcancelInstalled; // fork copies the handlers
  const pd = new Pthread(libc, proc, parent.tidAddr, startThread);
  pd.errno = parent.errno;
  pd.cancelhandling = parent.cancelhandling & 0x3; // the state and type bits (memory is copied)
  pd.specific = parent.specific ? new Map(parent.specific) : null;
  pd.cleanup = parent.cleanup; // the cleanup buffers live on the copied stack (frames are never mutated)
  // Its stack is now the child's only stack: never cached (stackSize stays 0).
  yield* installInitialThread(pd);
}
