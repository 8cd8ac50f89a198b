/**
 * descr.ts — struct pthread (the thread descriptor) and NPTL's per-process state.
 *
 * Mirrors: glibc nptl/descr.h (struct pthread: tid, joinid, result, specific data, the
 * stack block, the start routine and its argument) and the globals of nptl/allocatestack.c
 * and nptl/pthread_create.c (stack_cache, stack_used, stack_cache_actsize, __nptl_nthreads).
 *
 * In glibc the descriptor sits at the top of the thread's stack and is what the thread
 * pointer (%fs on x86-64) points at: CLONE_SETTLS hands it to the kernel. Here the descriptor
 * is a JavaScript object passed as `tls` and read back with uaccess.getTls(); its tid word is
 * one word of simulated user memory (umalloc), because the kernel must write it
 * (CLONE_PARENT_SETTID), clear it (CLONE_CHILD_CLEARTID) and futex-wake on it. A pthread_t
 * is the address of that word: like glibc's pthread_t (the descriptor's address), it is an
 * opaque number that is reused when a cached stack (and the descriptor on it) is reused.
 *
 * Simplifies: the per-process globals live in an NptlProcess object every descriptor of the
 * process points at (a forked child gets a fresh one), because one JavaScript library object
 * serves every process of a run; glibc's locks around stack_cache are not separate words —
 * the list operations are atomic between two yields, and their atomic operations are charged.
 */

import type { Tpp } from './tpp.js';
import {
  CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SYSVSEM, CLONE_SIGHAND, CLONE_THREAD, CLONE_SETTLS,
  CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID, SIGRTMIN_KERNEL, uaccess, type CloneArgs,
} from '../../kernel/index.js';
import type { ThreadFn, Program } from '../api.js';
import type { ThreadBase, ProcessBase } from '../common/libc_base.js';
import type { CleanupFrame } from '../common/cancel.js';
import { KeyTable } from '../common/portable.js';
import { Stdio } from '../common/stdio.js';
import type { Nptl } from './index.js';
import type { XidCommand } from './nptl_setxid.js';
import type { InuseSem } from './sem_open.js';

/** nptl/createthread.c: the clone flags of every thread (rule 26); no exit signal. */
export const CLONE_FLAGS = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SYSVSEM | CLONE_SIGHAND
  | CLONE_THREAD | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;

/** nptl/pthreadP.h: the cancellation signal and the set*id broadcast signal (rule 29). */
export const SIGCANCEL = SIGRTMIN_KERNEL;
export const SIGSETXID = SIGRTMIN_KERNEL + 1;
/** What applications see as SIGRTMIN: the kernel's first two are NPTL's. */
export const NPTL_SIGRTMIN = SIGRTMIN_KERNEL + 2;

/** allocatestack.c: stack_cache_maxsize, 40 MiB (rule 30). */
export const STACK_CACHE_MAXSIZE = 40 * 1024 * 1024;
/** The default stack: RLIMIT_STACK's usual 8 MiB (glibc __default_pthread_attr). */
export const DEFAULT_STACKSIZE = 8 * 1024 * 1024;
/** PTHREAD_STACK_MIN on x86-64. */
export const PTHREAD_STACK_MIN = 16384;
export const PAGE_SIZE = 4096;

/** NPTL's per-process globals (see the header). */
export class NptlProcess implements ProcessBase {
  slowFd = -1;
  /** stdout/stderr and the atexit handlers (copied into a fork child). */
  stdio = new Stdio();
  keys: KeyTable;
  exe: Program | null = null;
  /** The process id (glibc caches it in the descriptor: THREAD_GETMEM (pid)). */
  pid = 0;
  /** __nptl_nthreads: threads that have not yet begun to exit. The last one calls exit(0). */
  nthreads = 1;
  /** !SINGLE_THREAD_P (header.multiple_threads): cancellation points do their work. */
  multipleThreads = false;
  /** SIGCANCEL's handler is installed (pthread_cancel.ts). */
  sigcancelInstalled = false;
  /** stack_used plus the initial thread: descriptors that exist and are not yet freed. */
  readonly threads = new Map<number, Pthread>();
  /** stack_cache, oldest first (glibc keeps it newest first): descriptors whose stacks wait for reuse (FREE_P: tid word 0). */
  readonly stackCache: Pthread[] = [];
  /** stack_cache_actsize: bytes held by the cache. */
  stackCacheSize = 0;
  /** __xidcmd and its lock and counter words (nptl_setxid.ts; 0 until the first set*id call). */
  xidcmd: XidCommand | null = null;
  setxidLock = 0;
  setxidCntr = 0;
  /** The named semaphores this process has mapped (sem_open.ts; glibc's __sem_mappings tree). */
  semInuse: InuseSem[] = [];
  /** Limits, from the library's options. */
  readonly cacheMax: number;
  /** __default_pthread_attr.stacksize (pthread_early_init.ts: from RLIMIT_STACK at start-up). */
  defaultStack: number;

  constructor(keys: KeyTable, cacheMax: number, defaultStack: number) {
    this.keys = keys;
    this.cacheMax = cacheMax;
    this.defaultStack = defaultStack;
  }
}

/** struct pthread. */
export class Pthread implements ThreadBase {
  errno = 0;
  specific: Map<number, unknown> | null = null;
  /** cleanup: the pthread_cleanup_push records, newest first (common/cancel.ts). */
  cleanup: CleanupFrame | null = null;
  /** cancelhandling: the cancellation bits (cancellation.ts). */
  cancelhandling = 0;
  /** pthread_t: the address of the tid word (this descriptor's "address"). */
  readonly self: number;
  /** &pd->tid: written by CLONE_PARENT_SETTID, cleared by the kernel at exit. */
  readonly tidAddr: number;
  /** Who is joining this thread (joinid); the descriptor itself when detached, as in glibc. */
  joinid: Pthread | null = null;
  /**
   * What the thread is blocked on at user level, for the debugging view (thread_db.ts): the
   * Mutex it is locking, the Cond it waits on, the Pthread it joins; null otherwise. One store
   * on the way in and one on the way out.
   */
  waitOn: object | null = null;
  detached = false;
  /** A stopped start's gate word (pthread_create_sched.ts), or 0: the thread runs at once. */
  startGate = 0;
  /** EXITING_BIT of cancelhandling: the thread has started to exit. */
  exiting = false;
  /** TERMINATED_BIT: the descriptor was freed (__free_tcb runs once). */
  terminated = false;
  result: unknown = undefined;
  start: ThreadFn | null = null;
  arg: unknown = undefined;
  /** stackblock and stackblock_size (0 for the initial thread: its stack is the process's). */
  stackAddr = 0;
  stackSize = 0;
  /** glibc ≥ 2.34 (nptl_2_36.ts): the guard page below the stack (0 in the 2.3 model). */
  guard = 0;
  /** glibc ≥ 2.4 (the 2.36 era): &pd->robust_head.list, the robust-mutex list the kernel walks at exit; 0 until registered. */
  robustHead = 0;
  /**
   * glibc ≥ 2.5 (the 2.36 era): pd->tpp, the PTHREAD_PRIO_PROTECT ceilings held (tpp.ts), null
   * until the first; and pd->schedparam.sched_priority / pd->schedpolicy as the descriptor caches
   * them (-1: ATTR_FLAG_SCHED_SET / ATTR_FLAG_POLICY_SET not set yet).
   */
  tpp: Tpp | null = null;
  schedPrio = -1;
  schedPolicy = -1;
  /** glibc ≥ 2.34: pd->sigmask, the creator's mask the new thread restores in start_thread. */
  sigmask = 0n;
  /** glibc ≥ 2.34: pd->exiting, set under exit_lock once signals are blocked; pthread_kill then sends nothing. */
  exitingForKill = false;
  proc: NptlProcess;
  readonly libc: Nptl;
  /** The clone arguments, kept with the descriptor and reused with it (no per-call garbage). */
  readonly cloneArgs: CloneArgs;

  constructor(libc: Nptl, proc: NptlProcess, tidAddr: number, fn: CloneArgs['fn']) {
    this.libc = libc;
    this.proc = proc;
    this.tidAddr = tidAddr;
    this.self = tidAddr;
    this.cloneArgs = { flags: CLONE_FLAGS, fn, arg: this, ptid: tidAddr, ctid: tidAddr, tls: this };
  }

  /** pd->tid as the thread library reads it (a plain load of user memory). */
  get tid(): number {
    return uaccess.uload(this.tidAddr);
  }
}

/** THREAD_SELF: the calling thread's descriptor, through the thread pointer. */
export function THREAD_SELF(): Pthread {
  return uaccess.getTls<Pthread>();
}

/** Charge `n` locked instructions of user-space work (no system call). */
export function atomicCost(n: number): number {
  return uaccess.costs().atomicOp * n;
}
