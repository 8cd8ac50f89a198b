/**
 * manager.ts — the thread manager: the extra task that creates, reaps and kills threads.
 *
 * Mirrors: glibc linuxthreads/manager.c of the 2.3 series —
 *  - __pthread_manager: block every signal but the cancel signal (and SIGTRAP), read the
 *    REQ_DEBUG request that synchronises start-up, then loop: poll the request pipe with a
 *    2-second timeout; if getppid() is 1 the main thread is gone — SIGKILL every thread and
 *    _exit; if the cancel signal said children died, reap them; serve one request.
 *  - pthread_handle_create: find a free slot in __pthread_handles (EAGAIN past
 *    PTHREAD_THREADS_MAX), mmap a stack, give the thread its id (slot + a counter that grows by
 *    PTHREAD_THREADS_MAX), clone(pthread_start_thread, CLONE_VM|CLONE_FS|CLONE_FILES|
 *    CLONE_SIGHAND|__pthread_sig_cancel) — no CLONE_THREAD, so the thread is a process of its
 *    own, the manager's child, and its death is reported to the manager with the cancel
 *    signal — then link it into the live list.
 *  - pthread_reap_children / pthread_exited: waitpid(-1, WNOHANG|__WCLONE); mark the thread
 *    exited, free it if detached; if it died of a signal, send that signal to every thread,
 *    the main thread too, and _exit (the relay that approximates a process-wide fatal signal).
 *    When the main thread waits in pthread_exit and the last other thread is gone, restart it.
 *  - pthread_handle_free, pthread_free (munmap the stack), pthread_kill_all_threads,
 *    pthread_handle_exit (exit() anywhere: cancel signal to every other thread, waitpid each,
 *    restart the caller, _exit), REQ_POST (a sem_post made in a signal handler, semaphore.ts,
 *    done here on its behalf), and __pthread_manager_sighandler (the cancel signal in the
 *    manager: note terminated children; while the main thread is exiting also write REQ_KICK
 *    so the poll wakes at once instead of after its timeout).
 *
 * Simplifies: no scheduling priorities (__pthread_manager_adjust_prio), no debugger events,
 * no guard pages, no user-supplied stacks; REQ_FOR_EACH_THREAD is not needed.
 */

import {
  sys, CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, SIG_SETMASK, SIGKILL, SIGTRAP, POLLIN,
  WNOHANG, __WCLONE, WIFSIGNALED, WTERMSIG, EAGAIN, type Sim,
} from '../../kernel/index.js';
import { sigmask } from '../api.js';
import {
  SIG_CANCEL, MANAGER_POLL_MS, REQ_SIZE, REQ_CREATE, REQ_FREE, REQ_PROCESS_EXIT, REQ_MAIN_THREAD_EXIT,
  REQ_KICK, REQ_POST, LtDescr, threadHandle, nonexistingHandle, encodeRequest, decodeRequest,
  type LtProcess, type Request,
} from './internals.js';
import { restart, atomicOp, HANDLER_DONE } from './restart.js';
import { pthreadLock, pthreadUnlock, pthreadLockContended, lockTake, unlockRelease } from './spinlock.js';
import { pthreadDoExit } from './join.js';
import { semPostLocked, type LtSem } from './semaphore.js';
import { handleCreateSched, managerAdjustPrio, applyStartSched } from './sched.js';

/** The clone flags of every thread (rule 21): no CLONE_THREAD, exit signal = cancel signal. */
export const THREAD_CLONE_FLAGS = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | SIG_CANCEL;
/** The manager's own clone flags (__pthread_initialize_manager): exit signal 0. */
export const MANAGER_CLONE_FLAGS = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND;

const ALL_SIGNALS = (1n << 64n) - 1n;
const MANAGER_MASK = ALL_SIGNALS & ~sigmask(SIG_CANCEL) & ~sigmask(SIGTRAP);

/** __pthread_manager(arg): the manager task's whole life. */
export function* pthreadManager(self: LtDescr): Sim<never> {
  const proc = self.proc;
  yield sys.set_tls(self); // INIT_THREAD_SELF(self, 1)
  yield sys.rt_sigprocmask(SIG_SETMASK, MANAGER_MASK, null);
  const reqfd = proc.managerReader;
  decodeRequest(proc, (yield sys.read(reqfd, REQ_SIZE)) as string); // REQ_DEBUG
  const ufd = [{ fd: reqfd, events: POLLIN, revents: 0 }];
  // The loop's own requests, made once: a request is read-only (the kernel copies its
  // arguments), and the loop turns twice per create and join.
  const pollReq = sys.poll(ufd, MANAGER_POLL_MS * 1e6);
  const getppidReq = sys.getppid();
  const readReq = sys.read(reqfd, REQ_SIZE);
  for (;;) {
    const n = (yield pollReq) as number;
    if (((yield getppidReq) as number) === 1) {
      yield* pthreadKillAllThreads(proc, SIGKILL, false);
      yield sys.exit_group(0);
    }
    if (proc.terminatedChildren) {
      proc.terminatedChildren = false;
      yield* pthreadReapChildren(proc);
    }
    if (n === 1 && (ufd[0].revents! & POLLIN)) {
      const bytes = (yield readReq) as string | number;
      const req = typeof bytes === 'string' ? decodeRequest(proc, bytes) : null;
      if (req === null) continue;
      // The request's switch, inline as in manager.c: the create path, every create's, then
      // runs one generator frame deep below the manager's loop.
      switch (req.kind) {
        case REQ_CREATE:
          req.thread!.retcode = yield* pthreadHandleCreate(self, proc, req);
          yield restart(req.thread!);
          break;
        case REQ_FREE: yield* pthreadHandleFree(self, proc, req.threadId!); break;
        case REQ_PROCESS_EXIT: yield* pthreadHandleExit(proc, req.thread!, req.code ?? 0); break;
        case REQ_MAIN_THREAD_EXIT: yield* serveMainThreadExit(proc); break;
        case REQ_POST: yield* semPostLocked(self, req.sem as LtSem); break; // a signal handler's sem_post (semaphore.ts), done here under __sem_lock
        default: break; // REQ_DEBUG, REQ_KICK: a prod, nothing to do
      }
    }
  }
}

/** REQ_MAIN_THREAD_EXIT: reap what already died; restart the main thread if it is the last. */
function* serveMainThreadExit(proc: LtProcess): Sim<void> {
  proc.mainThreadExiting = true;
  yield* pthreadReapChildren(proc);
  if (proc.live.length === 1) yield restart(proc.main);
}

/** pthread_handle_create: returns 0 (and sets creator.createdId) or an error number. */
function* pthreadHandleCreate(self: LtDescr, proc: LtProcess, req: Request): Sim<number> {
  let sseg = 2;
  for (; ; sseg++) {
    if (sseg >= proc.threadsMax) return EAGAIN;
    if (proc.slotFree(sseg)) break;
  }
  const sched = yield* handleCreateSched(req);
  if (typeof sched === 'number') return sched;
  const stack = (yield sys.mmap(req.stacksize ?? proc.defaultStack)) as number; // pthread_allocate_stack
  if (stack < 0) return EAGAIN;
  proc.threadsCounter += proc.threadsMax;
  const th = new LtDescr(self.libc, proc);
  th.tid = sseg + proc.threadsCounter;
  th.nr = sseg;
  th.detached = req.detached === true;
  th.startFn = req.fn!;
  th.startArg = req.arg;
  th.startMask = req.mask ?? 0n;
  th.startAffinity = req.affinity ?? null;
  th.startSched = sched;
  th.stackAddr = stack;
  proc.handle(sseg).descr = th;
  req.thread!.createdId = th.tid;
  if (sched !== null) yield* managerAdjustPrio(proc, sched.param.sched_priority); // raise the manager if needed
  const pid = (yield sys.clone({ flags: THREAD_CLONE_FLAGS, fn: pthreadStartThread, arg: th })) as number;
  if (pid < 0) {
    yield sys.munmap(stack);
    proc.handle(sseg).descr = null;
    return -pid;
  }
  proc.live.push(th); // inserted after the main thread in C; order does not matter here
  th.pid = pid;
  return 0;
}

/** pthread_start_thread: what every cloned thread runs first. */
export function* pthreadStartThread(self: LtDescr): Sim<never> {
  yield sys.set_tls(self); // INIT_THREAD_SELF(self, self->p_nr)
  self.pid = (yield sys.getpid()) as number;
  yield sys.rt_sigprocmask(SIG_SETMASK, self.startMask, null);
  // As pthread_start_thread applies the attribute's scheduling policy to itself: the affinity
  // attribute (which LinuxThreads never had; the lab gives it the same place) before user code.
  if (self.startSched !== null || self.proc.managerPriority > 0) yield* applyStartSched(self);
  if (self.startAffinity !== null) yield sys.sched_setaffinity(0, 128, self.startAffinity);
  const outcome = yield* self.startFn!(self.libc, self.startArg);
  return yield* pthreadDoExit(self, outcome);
}

/** pthread_free: invalidate the handle and unmap the stack. */
function* pthreadFree(self: LtDescr, proc: LtProcess, th: LtDescr): Sim<void> {
  const h = proc.handle(th.nr);
  yield atomicOp(); if (!lockTake(h.lock)) yield* pthreadLockContended(h.lock, self);
  h.descr = null;
  { yield atomicOp(); const w = unlockRelease(h.lock); if (w) yield restart(w); }
  if (th.stackAddr !== 0) yield sys.munmap(th.stackAddr);
}

/** pthread_exited(pid): the reaped thread leaves the live list. */
function* pthreadExited(self: LtDescr, proc: LtProcess, pid: number): Sim<void> {
  const i = liveIndex(proc, pid);
  if (i >= 0) {
    const th = proc.live[i];
    proc.live.splice(i, 1);
    yield atomicOp(); if (!lockTake(th.lock)) yield* pthreadLockContended(th.lock, self);
    th.exited = true;
    const detached = th.detached;
    { yield atomicOp(); const w = unlockRelease(th.lock); if (w) yield restart(w); }
    if (detached) yield* pthreadFree(self, proc, th);
  }
  if (proc.mainThreadExiting && proc.live.length === 1) yield restart(proc.main);
}

/** Where the thread with this pid is in the live list (the main thread excepted), or -1. */
function liveIndex(proc: LtProcess, pid: number): number {
  const live = proc.live;
  for (let i = 0; i < live.length; i++) if (live[i] !== proc.main && live[i].pid === pid) return i;
  return -1;
}

/** pthread_reap_children. */
function* pthreadReapChildren(proc: LtProcess): Sim<void> {
  const self = proc.manager!;
  const status = { value: 0 };
  for (;;) {
    const pid = (yield sys.wait4(-1, status, WNOHANG | __WCLONE)) as number;
    if (pid <= 0) return;
    yield* pthreadExited(self, proc, pid);
    if (WIFSIGNALED(status.value)) {
      yield* pthreadKillAllThreads(proc, WTERMSIG(status.value), true);
      yield sys.exit_group(0);
    }
  }
}

/** pthread_handle_free(th_id): REQ_FREE from join or detach. */
function* pthreadHandleFree(self: LtDescr, proc: LtProcess, id: number): Sim<void> {
  const h = threadHandle(proc, id);
  if (h === null) return;
  yield atomicOp(); if (!lockTake(h.lock)) yield* pthreadLockContended(h.lock, self);
  if (nonexistingHandle(h, id)) { yield* pthreadUnlock(h.lock); return; }
  const th = h.descr!;
  if (th.exited) {
    { yield atomicOp(); const w = unlockRelease(h.lock); if (w) yield restart(w); }
    yield* pthreadFree(self, proc, th);
  } else {
    th.detached = true; // the manager frees it when its process is reaped
    { yield atomicOp(); const w = unlockRelease(h.lock); if (w) yield restart(w); }
  }
}

/** pthread_kill_all_threads(sig, main_thread_also). */
function* pthreadKillAllThreads(proc: LtProcess, sig: number, mainAlso: boolean): Sim<void> {
  for (const th of proc.live.slice()) if (th !== proc.main) yield sys.kill(th.pid, sig);
  if (mainAlso) yield sys.kill(proc.main.pid, sig);
}

/** pthread_handle_exit: exit() was called by `issuing`. */
function* pthreadHandleExit(proc: LtProcess, issuing: LtDescr, code: number): Sim<never> {
  proc.exitRequested = true;
  proc.exitCode = code;
  const others = proc.live.filter((t) => t !== issuing);
  for (const th of others) yield sys.kill(th.pid, SIG_CANCEL);
  for (const th of others) yield sys.wait4(th.pid, null, __WCLONE);
  yield restart(issuing);
  yield sys.exit_group(0);
  throw new Error('manager: _exit returned');
}

/**
 * __pthread_manager_sighandler: the cancel signal (a child died) arrived at the manager. Only
 * the kick makes a system call; without one the handler is done when called (HANDLER_DONE).
 */
export function managerSighandler(proc: LtProcess): Sim<void> {
  const kick = !proc.terminatedChildren && proc.mainThreadExiting;
  proc.terminatedChildren = true;
  return kick ? kickManager(proc) : HANDLER_DONE;
}

/** The REQ_KICK write: the manager's poll returns at once instead of at its timeout. */
function* kickManager(proc: LtProcess): Sim<void> {
  yield sys.write(proc.managerRequest, encodeRequest(proc, { kind: REQ_KICK, thread: null }));
}
