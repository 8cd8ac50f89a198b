/**
 * pth_spawn.ts — what NGPT 2.2.1's thread creation really cost: a stack mmap'd per thread, the
 * machine context set with getcontext, the signal mask read, and the stack unmapped again when
 * the thread is freed.
 *
 * Mirrors NGPT 2.2.1 (the release the NPTL paper measured, read from its source):
 *  - pthread.c __pthread_create_2_1 → PTH_SPAWN → pth_lib.c pth_spawn_cb;
 *  - pth_tcb.c pth_tcb_alloc: the TCB from the chunk cache (allocation.c, a spin-locked
 *    free list: no system call) and the stack from pth_malloc(stacksize + 8), which for anything
 *    of a page or more is allocation.h mmap_allocate — one mmap per thread, no stack cache; the
 *    default size is pth_default_stacksize = 64 KiB (pth_lib.c pth_init). It writes the stack
 *    guard word (0xDEAD) at the lowest address: the first page of the new mapping faults in;
 *  - pth_spawn_cb: with no attribute object (PTH_ATTR_DEFAULT) the thread is named
 *    "%s.child@%d=0x%lx" with time(NULL) — a system call on i386; pth_time_set_now reads the TSC
 *    (HP_TIMING, --enable-hp_timing in ngpt.spec): no call;
 *  - pth_mctx.c pth_mctx_set with the method ngpt.spec configures (--with-mctx-mth=mcsc):
 *    getcontext, whose glibc implementation saves the signal mask with rt_sigprocmask, and
 *    makecontext, which writes the start frame at the top of the stack (its top page faults);
 *  - pth_spawn_cb: pth_sc(sigprocmask)(SIG_SETMASK, NULL, &thread->mctx.sigs) — a second
 *    rt_sigprocmask, to read the mask; the chunk cache's spinlock and pth_native_lock (around the
 *    global thread list) each taken and dropped: four locked instructions, besides the new-queue
 *    append under its lock that uthread.ts charges for every user-level library;
 *  - pth_tcb.c pth_tcb_free (at pth_join, or in the scheduler for a detached thread):
 *    pth_free_mem → mmap_deallocate → munmap of the stack.
 *
 * Not modelled here: with mcsc every dispatch is a swapcontext, which in glibc also calls
 * rt_sigprocmask — so each of NGPT's user-level switches made a system call too; the lab's
 * user switch (uctx.ts, `userSwitch`) stays the sigprocmask-free one.
 */

import { sys, uaccess, EAGAIN, SIG_BLOCK, SIG_SETMASK, PROT_READ, PROT_WRITE, type Sim } from '../../kernel/index.js';
import type { PthreadAttr } from '../api.js';
import type { UThread } from '../common/uctx.js';

/** pth_default_stacksize: 64 KiB. */
export const PTH_DEFAULT_STACKSIZE = 64 * 1024;
/** SIGSTKSZ: pth_tcb_alloc's minimum stack. */
const SIGSTKSZ = 8192;
const PAGE = 4096;

/** The mmap'd stack of each user thread (pth_st.true_stack and stacksize). */
const stacks = new WeakMap<UThread, { addr: number; len: number }>();

/**
 * pth_tcb_alloc and the system calls of pth_spawn_cb for thread `t`: 0, or -EAGAIN when the
 * stack cannot be mapped (pth_spawn returns NULL; pthread_create EAGAIN).
 */
export function* pthSpawnAlloc(t: UThread, attr: PthreadAttr | undefined): Sim<number> {
  const size = Math.max(SIGSTKSZ, attr?.stacksize ?? PTH_DEFAULT_STACKSIZE);
  const len = Math.ceil((size + 8) / PAGE) * PAGE;
  const addr = (yield sys.mmap(len, PROT_READ | PROT_WRITE)) as number; // mmap_allocate
  if (addr < 0) return -EAGAIN;
  stacks.set(t, { addr, len });
  uaccess.touchPages(addr, 0, 8); // *t->stackguard = 0xDEAD at the lowest address
  if (attr === undefined) yield sys.time(); // the name's time(NULL)
  yield sys.rt_sigprocmask(SIG_BLOCK, null, {}); // getcontext saves the mask
  uaccess.touchPages(addr, len - PAGE, PAGE); // makecontext's frame at the top
  yield sys.rt_sigprocmask(SIG_SETMASK, null, {}); // pth_sc(sigprocmask)(SIG_SETMASK, NULL, &sigs)
  yield sys.compute(4 * uaccess.costs().atomicOp); // chunk-cache spin_lock/unlock, pth_native_lock acquire/release
  return 0;
}

/** pth_tcb_free: munmap the thread's stack (nothing for main or a scheduler: no mapping). */
export function* pthTcbFree(t: UThread): Sim<void> {
  const s = stacks.get(t);
  if (s === undefined) return;
  stacks.delete(t);
  yield sys.munmap(s.addr);
}
