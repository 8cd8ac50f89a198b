/**
 * join.ts — thread termination, joining and detaching.
 *
 * Mirrors: glibc linuxthreads/join.c of the 2.3 series —
 *  - __pthread_do_exit: clear p_canceled, run the cleanup handlers (__pthread_perform_cleanup)
 *    and the key destructors, store the return value and p_terminated
 *    under the thread's handle lock, restart the joining thread if any; the main thread then
 *    sends REQ_MAIN_THREAD_EXIT and suspends until the manager says every other thread is
 *    gone, and calls exit(0) (rule 24); any other thread _exits at once. Threads other than
 *    the main one end with _exit: their kernel task dies, the kernel sends the manager the
 *    cancel signal, and the manager reaps it.
 *    That exit(0) runs the atexit handlers and flushes stdio in the main thread, after every
 *    other thread has ended ("Main thread flushes stdio streams and runs atexit functions",
 *    glibc ≥ 2.2, changed in May 2000; before, main's pthread_exit called _exit(0) and skipped them —
 *    NPTL instead runs them in whichever thread is last, rule 28).
 *  - pthread_join: under the handle lock, ESRCH for a stale id, EDEADLK for self, EINVAL
 *    for a detached or already-joined thread; set p_joining and suspend until the exiting
 *    thread restarts us; take the value; tell the manager to free the thread (REQ_FREE). It is
 *    a cancellation point: a joiner already cancelled exits at once; one suspended registers
 *    join_extricate_func, with which pthread_cancel (cancel.ts) clears p_joining and wakes it.
 *  - pthread_detach: mark detached; if already terminated, REQ_FREE.
 * Join waits for p_terminated, set before the thread's task exits; the task's death is the
 * manager's business (rule 22: the wait is a sigsuspend for the restart signal).
 */

import { sys, EDEADLK, EINVAL, ESRCH, type Req, type Sim } from '../../kernel/index.js';
import { PTHREAD_CANCELED, type Ref } from '../api.js';
import {
  REQ_FREE, REQ_MAIN_THREAD_EXIT, WAIT_MAIN_EXIT, threadHandle, nonexistingHandle, encodeRequest,
  cancelPending, threadSelf, type LtDescr, type LtProcess, type Handle,
} from './internals.js';
import { runCleanups } from '../common/cancel.js';
import { pthreadLock, pthreadUnlock, pthreadLockContended, lockTake, unlockRelease } from './spinlock.js';
import { suspend, restart, atomicOp } from './restart.js';

/** __pthread_do_exit(retval): never returns. */
export function* pthreadDoExit(self: LtDescr, retval: unknown): Sim<never> {
  const proc = self.proc;
  self.canceled = false; // avoid looping if the cleanup handlers contain cancellation points
  if (self.cleanup !== null) yield* runCleanups(self.libc, self); // __pthread_perform_cleanup
  if (self.specific) proc.keys.runDestructors(self.specific);
  yield atomicOp(); if (!lockTake(self.lock)) yield* pthreadLockContended(self.lock, self);
  self.retval = retval;
  self.terminated = true;
  const joining = self.joining;
  { yield atomicOp(); const w = unlockRelease(self.lock); if (w) yield restart(w); }
  if (joining !== null) yield restart(joining);
  if (self === proc.main && proc.managerRequest >= 0) return yield* mainThreadExit(self, proc);
  yield sys.exit_group(0); // _exit(0): only this thread's process
  throw new Error('linuxthreads: _exit returned');
}

/** The main thread's end of __pthread_do_exit: wait for the manager, then exit(0). */
function* mainThreadExit(self: LtDescr, proc: LtProcess): Sim<never> {
  const req = encodeRequest(proc, { kind: REQ_MAIN_THREAD_EXIT, thread: self });
  yield sys.write(proc.managerRequest, req);
  self.waitOn = WAIT_MAIN_EXIT; // for the debugging view (thread_db.ts)
  yield* suspend(self);
  return yield* self.libc.exit(0);
}

/** The REQ_FREE write of pthread_join and pthread_detach: the manager frees the thread. */
function* requestFree(self: LtDescr, proc: LtProcess, id: number): Sim<void> {
  if (proc.managerRequest < 0) return;
  yield freeRequest(self, proc, id);
}

function freeRequest(self: LtDescr, proc: LtProcess, id: number): Req {
  return sys.write(proc.managerRequest, encodeRequest(proc, { kind: REQ_FREE, thread: self, threadId: id }));
}

/**
 * pthread_join(thread_id, &retval). The wait for a thread still running is joinSuspend, so
 * this generator (made at every join) stays small.
 */
export function* pthreadJoin(self: LtDescr, id: number, retval: Ref<unknown> | null | undefined): Sim<number> {
  const proc = self.proc;
  const h = threadHandle(proc, id);
  if (h === null) return ESRCH;
  yield atomicOp(); if (!lockTake(h.lock)) yield* pthreadLockContended(h.lock, self);
  const err = joinCheck(self, h, id);
  if (err !== 0) { yield* pthreadUnlock(h.lock); return err; }
  const th = h.descr!;
  if (!th.terminated) yield* joinSuspend(self, h, th);
  if (retval) retval.value = th.retval;
  { yield atomicOp(); const w = unlockRelease(h.lock); if (w) yield restart(w); }
  if (proc.managerRequest >= 0) yield freeRequest(self, proc, id);
  return 0;
}

/** pthread_join's checks under the handle lock: ESRCH for a stale id, EDEADLK, EINVAL, or 0. */
function joinCheck(self: LtDescr, h: Handle, id: number): number {
  if (nonexistingHandle(h, id)) return ESRCH;
  const th = h.descr!;
  if (th === self) return EDEADLK;
  if (th.detached || th.joining !== null) return EINVAL;
  return 0;
}

/**
 * Wait (a cancellation point) until `th` has terminated; called and returning with the handle
 * lock held. A cancelled joiner does not return: it exits.
 */
function* joinSuspend(self: LtDescr, h: Handle, th: LtDescr): Sim<void> {
  self.extricate = { obj: h, fn: joinExtricate }; // __pthread_set_own_extricate_if
  const alreadyCanceled = cancelPending(self);
  if (!alreadyCanceled) th.joining = self;
  yield* pthreadUnlock(h.lock);
  if (alreadyCanceled) {
    self.extricate = null;
    return yield* pthreadDoExit(self, PTHREAD_CANCELED);
  }
  self.waitOn = th; // for the debugging view (thread_db.ts)
  yield* suspend(self);
  self.waitOn = null;
  self.extricate = null;
  if (self.wokenByCancel && self.cancelstate === 0) { // a cancellation point
    self.wokenByCancel = false;
    return yield* pthreadDoExit(self, PTHREAD_CANCELED);
  }
  yield* pthreadLock(h.lock, self);
}

/** join_extricate_func: pthread_cancel takes a cancelled joiner off the thread it joins. */
function* joinExtricate(h: Handle, _th: LtDescr): Sim<boolean> {
  yield* pthreadLock(h.lock, threadSelf());
  const jo = h.descr!;
  const didRemove = jo.joining !== null;
  jo.joining = null;
  yield* pthreadUnlock(h.lock);
  return didRemove;
}

/** pthread_detach(thread_id). */
export function* pthreadDetach(self: LtDescr, id: number): Sim<number> {
  const proc = self.proc;
  const h = threadHandle(proc, id);
  if (h === null) return ESRCH;
  yield* pthreadLock(h.lock, self);
  if (nonexistingHandle(h, id)) { yield* pthreadUnlock(h.lock); return ESRCH; }
  const th = h.descr!;
  if (th.detached) { yield* pthreadUnlock(h.lock); return EINVAL; }
  if (th.joining !== null) { yield* pthreadUnlock(h.lock); return 0; }
  th.detached = true;
  const terminated = th.terminated;
  yield* pthreadUnlock(h.lock);
  if (terminated) yield* requestFree(self, proc, id);
  return 0;
}
