/**
 * internals.ts — LinuxThreads' data structures: the thread descriptor, the thread handles,
 * the requests sent to the manager, the reserved signals and the library's limits.
 *
 * Mirrors: glibc linuxthreads/internals.h (struct _pthread_descr_struct with p_nextlive/
 * p_prevlive, p_tid, p_pid, p_lock, p_signal, p_signal_jmp, p_terminated, p_detached,
 * p_exited, p_retval, p_retcode, p_joining, p_start_args, p_nr (p_signal_jmp has no field: see
 * restart.ts); struct pthread_handle_struct
 * with h_lock and h_descr; struct pthread_request with REQ_CREATE, REQ_FREE, REQ_PROCESS_EXIT,
 * REQ_MAIN_THREAD_EXIT, REQ_DEBUG, REQ_KICK; thread_handle, invalid_handle, nonexisting_handle;
 * MAX_ADAPTIVE_SPIN_COUNT) and the globals of pthread.c and manager.c (__pthread_handles,
 * __pthread_main_thread, __pthread_manager_request/_reader, __pthread_exit_requested/_code,
 * pthread_threads_counter, main_thread_exiting, terminated_children).
 *
 * Simplifies: the per-process globals live in an LtProcess object that every descriptor of
 * the process points at (one JavaScript library object serves every process of a run; a
 * forked child gets a fresh one, as __pthread_reset_main_thread resets the globals). The
 * doubly linked live list is an array (main thread first). A request's pointer fields
 * (req_thread, the start routine, its argument) point into the shared address space in C;
 * here the bytes written to the pipe carry a sequence number naming the request record.
 */

import type { StartSched } from './sched.js';
import type { SchedParam } from '../api.js';
import { SIGRTMIN_KERNEL, uaccess, type Sim } from '../../kernel/index.js';
import type { CleanupFrame } from '../common/cancel.js';
import type { ThreadFn, Libc, Program } from '../api.js';
import type { ThreadBase, ProcessBase } from '../common/libc_base.js';
import { KeyTable } from '../common/portable.js';
import { Stdio } from '../common/stdio.js';

/** pthread.c with RT signals: __pthread_sig_restart = __SIGRTMIN, cancel +1, debug +2. */
export const SIG_RESTART = SIGRTMIN_KERNEL;
export const SIG_CANCEL = SIGRTMIN_KERNEL + 1;
export const SIG_DEBUG = SIGRTMIN_KERNEL + 2;
/** init_rtsigs: current_rtmin = __SIGRTMIN + 3 — what applications see as SIGRTMIN (35). */
export const LT_SIGRTMIN = SIGRTMIN_KERNEL + 3;

/** local_lim.h: PTHREAD_THREADS_MAX (a library option here). Slots 0 and 1 are reserved. */
export const DEFAULT_THREADS_MAX = 1024;
/** internals.h: STACK_SIZE, the default thread stack segment (2 MiB). */
export const STACK_SIZE = 2 * 1024 * 1024;
export const PAGE_SIZE = 4096;
/** internals.h: MAX_ADAPTIVE_SPIN_COUNT — spins before queueing, on SMP only. */
export const MAX_ADAPTIVE_SPIN_COUNT = 100;
/** manager.c: the manager polls its pipe with this timeout (ms). */
export const MANAGER_POLL_MS = 2000;
/** sizeof(struct pthread_request) on i386: thread, kind, and the create arm (attr, fn, arg, sigset_t). */
export const REQ_SIZE = 4 + 4 + 4 + 4 + 4 + 128;

export const REQ_CREATE = 0, REQ_FREE = 1, REQ_PROCESS_EXIT = 2, REQ_MAIN_THREAD_EXIT = 3,
  REQ_POST = 4, REQ_DEBUG = 5, REQ_KICK = 6;
export const REQ_NAMES = ['CREATE', 'FREE', 'PROCESS_EXIT', 'MAIN_THREAD_EXIT', 'POST', 'DEBUG', 'KICK'];

/** LtDescr.waitOn reasons that are not objects: waiting for the manager. */
export const WAIT_CREATE = 'create';
export const WAIT_MAIN_EXIT = 'main-exit';
export const WAIT_PROCESS_EXIT = 'process-exit';

/** struct pthread_request. */
export interface Request {
  kind: number;
  thread: LtDescr | null;
  fn?: ThreadFn;
  arg?: unknown;
  detached?: boolean;
  stacksize?: number;
  /** The affinity attribute (the lab's; see pthreadStartThread). */
  affinity?: bigint;
  mask?: bigint;
  /** The attribute's scheduling fields, when it has any (sched.ts). */
  sched?: { inherit?: number; policy?: number; param?: SchedParam };
  threadId?: number;
  code?: number;
  /** REQ_POST: the semaphore a signal handler posted (req_args.post). */
  sem?: unknown;
}

/**
 * pthread_extricate_if: a waiting object and the function that removes thread `th` from it
 * (true if `th` was still queued there: then the canceller must restart it).
 */
export interface Extricate {
  obj: unknown;
  fn: (obj: any, th: LtDescr) => Sim<boolean>;
}

/** p_canceled && p_cancelstate == PTHREAD_CANCEL_ENABLE (a request to act on). */
export function cancelPending(self: LtDescr): boolean {
  return self.canceled && self.cancelstate === 0;
}

/** A wait node of the alternate lock (struct wait_node). */
export interface WaitNode {
  thr: LtDescr;
  abandoned: boolean;
}

/** struct _pthread_fastlock (spinlock.ts operates on it): __status (taken + waiter list) and __spinlock (adaptive average). */
export class FastLock {
  taken = false;
  /** __pthread_lock's waiters, oldest first. */
  waiters: LtDescr[] = [];
  /** __pthread_alt_lock's wait nodes, oldest first. */
  nodes: WaitNode[] = [];
  /** The adaptive spin average (__spinlock in an SMP build). */
  spin = 0;
}

/** struct pthread_handle_struct: one slot of __pthread_handles. */
export class Handle {
  readonly lock = new FastLock();
  descr: LtDescr | null = null;
}

/** struct _pthread_descr_struct. */
export class LtDescr implements ThreadBase {
  errno = 0;
  specific: Map<number, unknown> | null = null;
  /** p_tid: the pthread_t (slot + a multiple of PTHREAD_THREADS_MAX). */
  tid = 0;
  /** p_pid: the thread's own kernel pid (each thread is a process). */
  pid = 0;
  /** p_nr: index in __pthread_handles. */
  nr = 0;
  /** p_signal: the last signal the restart handler saw. */
  signal = 0;
  /** p_in_sighandler: a user signal handler is running on this thread (signals.ts's wrapper). */
  inSighandler = false;
  /** p_sem_avail: a sem_post handed this waiting thread a token. */
  semAvail = false;
  /** p_sigwaiting: in sigwait, the handler wrapper only records the signal (p_signal). */
  sigwaiting = false;
  /** p_cleanup: the pthread_cleanup_push records, newest first (common/cancel.ts). */
  cleanup: CleanupFrame | null = null;
  /** p_canceled, p_cancelstate, p_canceltype (cancel.ts). */
  canceled = false;
  cancelstate = 0;
  canceltype = 0;
  /** p_woken_by_cancel: pthread_cancel took this thread off its wait queue and restarted it. */
  wokenByCancel = false;
  /** p_extricate: how pthread_cancel takes this thread off the queue it is suspended on. */
  extricate: Extricate | null = null;
  /** p_cancel_jmp is set: sigwait, where the cancel signal's handler ends the sigsuspend. */
  cancelJmp = false;
  /** p_nextlock: the fastlock this thread is queued on (null once an unlock dequeued it). */
  lockQueued: FastLock | null = null;
  terminated = false;
  detached = false;
  exited = false;
  retval: unknown = undefined;
  /** p_retcode / p_retval for REQ_CREATE: the manager's answer to pthread_create. */
  retcode = 0;
  createdId = 0;
  joining: LtDescr | null = null;
  /**
   * What the thread is suspended for, for the debugging view (thread_db.ts): the LtMutex it
   * locks, the LtCond it waits on, the LtDescr it joins, or a WAIT_* reason; null otherwise.
   */
  waitOn: object | string | null = null;
  /** p_start_args. */
  startFn: ThreadFn | null = null;
  startArg: unknown = undefined;
  startMask = 0n;
  /** The affinity attribute the thread applies to itself as it starts, or null. */
  startAffinity: bigint | null = null;
  /** p_start_args.schedpolicy/schedparam: applied by the thread as it starts (sched.ts), or null. */
  startSched: StartSched | null = null;
  /** The mmap'd stack (0 for the initial thread and the manager). */
  stackAddr = 0;
  readonly isManager: boolean;

  constructor(readonly libc: Libc, public proc: LtProcess, isManager = false) {
    this.isManager = isManager;
  }

  /** p_lock: the lock of this thread's handle. */
  get lock(): FastLock {
    return this.proc.handle(this.nr).lock;
  }
}

/** The per-process globals of pthread.c and manager.c. */
export class LtProcess implements ProcessBase {
  slowFd = -1;
  /** stdout/stderr and the atexit handlers (copied into a fork child). */
  stdio = new Stdio();
  keys = new KeyTable();
  exe: Program | null = null;
  readonly threadsMax: number;
  readonly defaultStack: number;
  /** __pthread_handles, filled in as slots are first used (see handle()). */
  private readonly handles: (Handle | undefined)[] = [];
  /** __pthread_main_thread, and the live list (p_nextlive), main thread first. */
  main!: LtDescr;
  readonly live: LtDescr[] = [];
  /** __pthread_manager_request (write end; -1: no manager yet) and __pthread_manager_reader. */
  managerRequest = -1;
  managerReader = -1;
  managerPid = 0;
  manager: LtDescr | null = null;
  /** manager_thread->p_priority: the highest thread priority the manager was raised to (sched.ts). */
  managerPriority = 0;
  /** __pthread_exit_requested / __pthread_exit_code. */
  exitRequested = false;
  exitCode = 0;
  /** pthread_threads_counter, main_thread_exiting, terminated_children (manager.c). */
  threadsCounter = 0;
  mainThreadExiting = false;
  terminatedChildren = false;
  /** __sighandler[sig].old: the handler the program installed through sigaction (signals.ts). */
  sighandler: unknown[] = [];
  /** The request records the pipe's bytes refer to. */
  readonly requests = new RequestTable();
  reqSeq = 0;

  constructor(threadsMax: number, defaultStack: number) {
    this.threadsMax = threadsMax;
    this.defaultStack = defaultStack;
  }

  /** &__pthread_handles[i] (slots are made on first use: a fork must not build 1024 of them). */
  handle(i: number): Handle {
    return (this.handles[i] ??= new Handle());
  }

  /** True if slot i holds no thread (pthread_handle_create's scan). */
  slotFree(i: number): boolean {
    const h = this.handles[i];
    return h === undefined || h.descr === null;
  }
}

/** thread_self(): the calling thread's descriptor, through the thread pointer (%gs). */
export function threadSelf(): LtDescr {
  return uaccess.getTls<LtDescr>();
}

/** thread_handle(id). */
export function threadHandle(proc: LtProcess, id: number): Handle | null {
  if (!Number.isInteger(id) || id < 0) return null;
  return proc.handle(id % proc.threadsMax);
}

/** invalid_handle: no thread, another thread in the slot, or the thread has terminated. */
export function invalidHandle(h: Handle | null, id: number): boolean {
  return h === null || h.descr === null || h.descr.tid !== id || h.descr.terminated;
}

/** nonexisting_handle: no thread, or another thread in the slot. */
export function nonexistingHandle(h: Handle | null, id: number): boolean {
  return h === null || h.descr === null || h.descr.tid !== id;
}

/**
 * The requests written and not yet read, by id: a ring indexed by the id's low bits (ids are
 * consecutive, and the manager reads them in order), a Map for ids whose slot is taken.
 */
export class RequestTable {
  private readonly ids = new Float64Array(256);
  private readonly reqs: (Request | undefined)[] = new Array(256).fill(undefined);
  private readonly spill = new Map<number, Request>();

  put(id: number, req: Request): void {
    const s = id & 255;
    if (this.reqs[s] === undefined) { this.ids[s] = id; this.reqs[s] = req; } else this.spill.set(id, req);
  }

  /** The request with this id, removed; undefined if there is none. */
  take(id: number): Request | undefined {
    const s = id & 255;
    const r = this.reqs[s];
    if (r !== undefined && this.ids[s] === id) { this.reqs[s] = undefined; return r; }
    const q = this.spill.get(id);
    if (q !== undefined) this.spill.delete(id);
    return q;
  }
}

/** The padding after a request's head, by the head's length (the bytes are the same as padEnd's). */
const PADDING: string[] = Array.from({ length: REQ_SIZE + 1 }, (_, n) => '.'.repeat(REQ_SIZE - n));

/** Encode a request as the REQ_SIZE bytes written to the manager's pipe. */
export function encodeRequest(proc: LtProcess, req: Request): string {
  const id = ++proc.reqSeq;
  proc.requests.put(id, req);
  const head = `${REQ_NAMES[req.kind]}:${id}:`;
  return head.length >= REQ_SIZE ? head : head + PADDING[head.length];
}

/** The manager's side: the request the bytes name (null for garbage or a short read). */
export function decodeRequest(proc: LtProcess, bytes: string): Request | null {
  if (bytes.length !== REQ_SIZE) return null;
  // The id: the decimal digits after the first colon, up to the next colon or the end (read
  // in place: no substring or number parse per request; one request per create and join).
  const a = bytes.indexOf(':');
  if (a < 0) return null;
  let id = 0;
  let i = a + 1;
  for (; i < REQ_SIZE; i++) {
    const c = bytes.charCodeAt(i);
    if (c === 58) break; // ':'
    if (c < 48 || c > 57) return null;
    id = id * 10 + (c - 48);
  }
  if (i === a + 1) return null;
  return proc.requests.take(id) ?? null;
}
