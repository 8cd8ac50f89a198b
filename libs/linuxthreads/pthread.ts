/**
 * pthread.ts — start-up, thread creation, process exit, and the cancel signal's handler.
 *
 * Mirrors: glibc linuxthreads/pthread.c of the 2.3 series —
 *  - pthread_initialize (a constructor: runs in every program linked with -lpthread): record
 *    the initial thread's pid, install the restart, cancel and debug handlers (shared by all
 *    threads through CLONE_SIGHAND), block the restart signal, unblock the cancel signal.
 *  - __pthread_initialize_manager (lazily, from the first pthread_create: rule 20): the
 *    request pipe, then clone(__pthread_manager, CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND)
 *    with no exit signal, then the REQ_DEBUG request that synchronises the manager's start.
 *  - __pthread_create_2_1: read our signal mask (the thread inherits it), write REQ_CREATE to
 *    the pipe, suspend until the manager restarts us with the answer (rule 22).
 *  - pthread_onexit_process (the on_exit hook exit() runs): with a manager, send
 *    REQ_PROCESS_EXIT and suspend; the manager cancels and reaps every other thread, restarts
 *    us and exits; the main thread then waits for the manager (waitpid __WCLONE) (rule 24).
 *  - pthread_handle_sigcancel: in the manager, __pthread_manager_sighandler; in a thread, if
 *    an exit was requested, _exit with the process's exit code (the main thread first waits
 *    for the manager, so its status is the process's); else, if the thread is cancelled,
 *    exit it (asynchronous cancellation) or end its sigwait (cancel.ts).
 *  - __pthread_reset_main_thread (fork's child): close the manager's pipe, the caller becomes
 *    the main thread of a process without a manager.
 *
 * Simplifies: no thread-debugging events (REQ_DEBUG is sent but does nothing), no stack-size
 * rlimit games; the initial thread's descriptor is installed with arch_prctl at start-up.
 */

import { hasSchedAttr } from './sched.js';
import {
  sys, SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK, __WCLONE, EAGAIN, EINVAL, type Sim, type SigInfo,
} from '../../kernel/index.js';
import type { ThreadFn, PthreadAttr, Libc } from '../api.js';
import { sigmask } from '../api.js';
import {
  SIG_RESTART, SIG_CANCEL, SIG_DEBUG, REQ_CREATE, REQ_DEBUG, REQ_PROCESS_EXIT, WAIT_CREATE,
  WAIT_PROCESS_EXIT, LtDescr, LtProcess, threadSelf, encodeRequest,
} from './internals.js';
import { suspend, sigrestartHandler } from './restart.js';
import { pthreadManager, managerSighandler, MANAGER_CLONE_FLAGS } from './manager.js';
import { sigcancelCancellation } from './cancel.js';

/** __pthread_initial_thread and the globals around it: slot 0, p_tid = PTHREAD_THREADS_MAX. */
export function initialThread(libc: Libc, threadsMax: number, defaultStack: number): LtDescr {
  const proc = new LtProcess(threadsMax, defaultStack);
  const self = new LtDescr(libc, proc);
  self.tid = threadsMax;
  self.nr = 0;
  proc.main = self;
  proc.live.push(self);
  proc.handle(0).descr = self;
  return self;
}

/** pthread_initialize: the constructor, run by the initial thread before main(). */
export function* pthreadInitialize(self: LtDescr): Sim<void> {
  yield sys.set_tls(self); // TLS_INIT_TP / INIT_THREAD_SELF(&__pthread_initial_thread, 0)
  self.pid = (yield sys.getpid()) as number;
  yield sys.rt_sigaction(SIG_RESTART, { handler: sigrestartHandler, flags: 0, mask: 0n }, null);
  yield sys.rt_sigaction(SIG_CANCEL, { handler: sigcancelHandler, flags: 0, mask: sigmask(SIG_RESTART) }, null);
  yield sys.rt_sigaction(SIG_DEBUG, { handler: sigdebugHandler, flags: 0, mask: 0n }, null);
  yield sys.rt_sigprocmask(SIG_BLOCK, sigmask(SIG_RESTART), null);
  yield sys.rt_sigprocmask(SIG_UNBLOCK, sigmask(SIG_CANCEL), null);
}

/** __pthread_initialize_manager: 0, or -1 if the pipe or the clone failed. */
export function* pthreadInitializeManager(self: LtDescr): Sim<number> {
  const proc = self.proc;
  const fds = (yield sys.pipe(0)) as number[] | number;
  if (typeof fds === 'number') return -1;
  const mgr = new LtDescr(self.libc, proc, true);
  mgr.tid = 2 * proc.threadsMax + 1;
  mgr.nr = 1;
  proc.handle(1).descr = mgr;
  proc.manager = mgr;
  proc.managerRequest = fds[1];
  proc.managerReader = fds[0];
  const pid = (yield sys.clone({ flags: MANAGER_CLONE_FLAGS, fn: pthreadManager, arg: mgr })) as number;
  if (pid < 0) {
    yield sys.close(fds[0]);
    yield sys.close(fds[1]);
    proc.managerRequest = proc.managerReader = -1;
    proc.manager = null;
    proc.handle(1).descr = null;
    return -1;
  }
  mgr.pid = pid;
  proc.managerPid = pid;
  yield sys.write(proc.managerRequest, encodeRequest(proc, { kind: REQ_DEBUG, thread: null }));
  return 0;
}

/** __pthread_create_2_1: the new pthread_t, or a negative error number (libs/api.ts). */
export function* pthreadCreate(start: ThreadFn, arg: unknown, attr: PthreadAttr | undefined): Sim<number> {
  const self = threadSelf();
  const proc = self.proc;
  if (typeof start !== 'function') return -EINVAL;
  if (proc.managerRequest < 0 && (yield* pthreadInitializeManager(self)) < 0) return -EAGAIN;
  const mask: { value?: bigint } = {};
  yield sys.rt_sigprocmask(SIG_SETMASK, null, mask);
  const req = encodeRequest(proc, {
    kind: REQ_CREATE, thread: self, fn: start, arg, mask: mask.value ?? 0n,
    detached: attr?.detached === true, stacksize: stackSize(attr, proc.defaultStack), affinity: attr?.affinity,
    sched: hasSchedAttr(attr) ? { inherit: attr!.inheritsched, policy: attr!.schedpolicy, param: attr!.schedparam } : undefined,
  });
  yield sys.write(proc.managerRequest, req);
  self.waitOn = WAIT_CREATE; // for the debugging view (thread_db.ts)
  yield* suspend(self);
  self.waitOn = null;
  return self.retcode === 0 ? self.createdId : -self.retcode;
}

/** The stack pthread_allocate_stack maps: the attribute's size rounded to pages, else the default. */
function stackSize(attr: PthreadAttr | undefined, def: number): number {
  const s = attr?.stacksize;
  return typeof s === 'number' && s >= 16384 ? Math.ceil(s / 4096) * 4096 : def;
}

/** pthread_onexit_process(retcode): what exit() does first when threads exist. */
export function* pthreadOnexitProcess(self: LtDescr, code: number): Sim<void> {
  const proc = self.proc;
  if (proc.managerRequest < 0) return;
  const req = encodeRequest(proc, { kind: REQ_PROCESS_EXIT, thread: self, code });
  yield sys.write(proc.managerRequest, req);
  self.waitOn = WAIT_PROCESS_EXIT; // for the debugging view (thread_db.ts)
  yield* suspend(self);
  self.waitOn = null;
  if (self === proc.main) yield sys.wait4(proc.managerPid, null, __WCLONE);
}

/**
 * pthread_handle_sigcancel: the cancel signal's handler, shared by every thread. In the manager
 * (a child died: once per create+join) it is managerSighandler, which makes a frame only for
 * the REQ_KICK write of an exiting main thread.
 */
export function sigcancelHandler(_sig: number, _info: SigInfo): Sim<void> {
  const self = threadSelf();
  return self.isManager ? managerSighandler(self.proc) : sigcancelThread(self);
}

/** pthread_handle_sigcancel in a thread other than the manager. */
function* sigcancelThread(self: LtDescr): Sim<void> {
  const proc = self.proc;
  if (proc.exitRequested) {
    if (self === proc.main) yield sys.wait4(proc.managerPid, null, __WCLONE);
    yield sys.exit_group(proc.exitCode);
  }
  yield* sigcancelCancellation(self); // asynchronous cancellation, or out of sigwait
}

/** pthread_handle_sigdebug: nothing (gdb intercepts the signal before it arrives). */
export function* sigdebugHandler(_sig: number, _info: SigInfo): Sim<void> {}

/**
 * __pthread_reset_main_thread, in the child of fork(): close the manager's pipe; the calling
 * thread becomes the main thread of a process with no manager, keeping its own descriptor —
 * its pthread_t, its handle slot, its thread-specific data, its cancellation state — with only
 * p_pid updated (issue 16, bug 5: the child of a fork made by thread 2050 is still 2050 to
 * itself, and pthread_kill(2050, 0) works there). The descriptor and the process object are
 * copied because the JavaScript objects are shared with the parent (see libs/api.ts), where C
 * has the child's own copy of the memory; the other threads' handles are not copied (their
 * threads do not exist in the child).
 */
export function* pthreadResetMainThread(libc: Libc): Sim<void> {
  const old = threadSelf();
  const oldProc = old.proc;
  if (oldProc.managerRequest >= 0) {
    yield sys.close(oldProc.managerRequest);
    yield sys.close(oldProc.managerReader);
  }
  const proc = new LtProcess(oldProc.threadsMax, oldProc.defaultStack);
  proc.keys = oldProc.keys;
  proc.exe = oldProc.exe;
  proc.threadsCounter = oldProc.threadsCounter;
  proc.sighandler = oldProc.sighandler.slice();
  const self = copyDescr(libc, old, proc);
  proc.main = self;
  proc.live.push(self);
  proc.handle(self.nr).descr = self;
  yield sys.set_tls(self);
  self.pid = (yield sys.getpid()) as number; // THREAD_SETMEM(self, p_pid, __getpid())
}

/** The forking thread's descriptor as the child's copy of memory holds it. */
function copyDescr(libc: Libc, old: LtDescr, proc: LtProcess): LtDescr {
  const self = new LtDescr(libc, proc);
  self.tid = old.tid;
  self.nr = old.nr;
  self.errno = old.errno;
  self.specific = old.specific ? new Map(old.specific) : null;
  self.cleanup = old.cleanup; // p_cleanup points into the copied stack (frames are never mutated)
  self.inSighandler = old.inSighandler;
  self.stackAddr = old.stackAddr;
  self.canceled = old.canceled;
  self.cancelstate = old.cancelstate;
  self.canceltype = old.canceltype;
  return self;
}
