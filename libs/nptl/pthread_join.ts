/**
 * pthread_join.ts — waiting for a thread: sleep on its tid word until the kernel clears it.
 *
 * Mirrors: glibc nptl/pthread_join.c (joining yourself, or a thread that is joining you, is
 * EDEADLK; a detached thread, or one somebody else already joins, is EINVAL; the joinid
 * compare-and-swap claims the thread) and lll_wait_tid (FUTEX_WAIT on pd->tid while it is
 * non-zero: rule 27). The kernel writes 0 there and wakes one waiter when the thread exits
 * (CLONE_CHILD_CLEARTID), so a join costs no system call at all if the thread is already
 * gone, and one futex wait otherwise. (The wait is lowlevellock.ts's lllWaitTid, written
 * inline here because this is the hot path of every create+join.) Then the result is copied out and the descriptor freed
 * (its stack goes to the cache). The wait is a cancellation point: asynchronous cancellation
 * is on around it (CANCEL_ASYNC / CANCEL_RESET), and a cleanup handler resets joinid, so a
 * joiner cancelled while it waits leaves the thread joinable.
 *
 * Also glibc's pthread_tryjoin_np (EBUSY while the thread runs) and pthread_timedjoin_np (the
 * same wait with a timeout: ETIMEDOUT, the thread still joinable).
 *
 * Simplifies: an unknown pthread_t is ESRCH (glibc cannot always tell; it may crash).
 */

import { sys, uaccess, FUTEX_WAIT, EDEADLK, EINVAL, ESRCH, EBUSY, ETIMEDOUT, type Sim } from '../../kernel/index.js';
import type { Ref } from '../api.js';
import { THREAD_SELF } from './descr.js';
import { atomicNs } from './lowlevellock.js';
import { releaseTcb, trimCache } from './allocatestack.js';
import { waitTid as waitTid236 } from './nptl_2_36.js';
import {
  enterAsync, leaveAsync, asyncCas, awaitSigcancel, doCancel, CANCEL_NOW, cancelEnabledAndCanceled,
  CANCELING_BITMASK, CANCELED_BITMASK, EXITING_BITMASK, TERMINATED_BITMASK,
} from './cancellation.js';
import { cleanupPush } from '../common/cancel.js';
import type { Pthread } from './descr.js';

/** pthread_join.c's cleanup: a joiner that is cancelled while it waits gives the thread back. */
function joinCleanup(_libc: unknown, pd: Pthread): void {
  pd.joinid = null;
}

/**
 * pthread_join.c's deadlock test: joining yourself, or a thread that is joining you and is not
 * being cancelled or exiting. glibc ≥ 2.34 (pthread_join_common.c; the 2.36 era) does not report
 * it to a joiner whose own cancellation is pending and enabled: the join is a cancellation point
 * and acts on it (glibc 2.3.6's nptl/tst-join5.c).
 */
function deadlock(self: Pthread, pd: Pthread): boolean {
  const mutual = pd === self ||
    (self.joinid === pd && !pd.exiting && (pd.cancelhandling & (CANCELING_BITMASK | CANCELED_BITMASK | EXITING_BITMASK | TERMINATED_BITMASK)) === 0);
  return mutual && !(self.libc.era236 && cancelEnabledAndCanceled(self.cancelhandling));
}

/**
 * pthread_join(t, &retval): 0 or an error number. With `deadline` (virtual ns), glibc's
 * pthread_timedjoin_np: the tid wait has a timeout and the join gives up with ETIMEDOUT.
 */
export function* pthreadJoin(t: number, retval: Ref<unknown> | null | undefined, deadline = -1): Sim<number> {
  const self = THREAD_SELF();
  const proc = self.proc;
  const pd = proc.threads.get(t);
  if (pd === undefined || pd.terminated) return ESRCH;
  if (deadlock(self, pd)) return EDEADLK;
  if (pd.detached) return EINVAL;
  if (pd.joinid !== null) return EINVAL; // someone else is already waiting
  pd.joinid = self; // atomic_compare_and_exchange (&pd->joinid, self, NULL)
  cleanupPush(self, joinCleanup, pd); // if we are cancelled, pd can be joined again
  const oldtype = enterAsync(self); // CANCEL_ASYNC: a cancellation point (charged below)
  if (oldtype === CANCEL_NOW) return yield* doCancel(self);
  // lll_wait_tid, inline: sleep while the kernel has not cleared the tid word.
  let tid = uaccess.uload(pd.tidAddr);
  if (tid !== 0) self.waitOn = pd; // for the debugging view (thread_db.ts)
  while (tid !== 0) {
    if (deadline >= 0) {
      if (!(yield* timedWaitTid(pd, tid, deadline))) return yield* giveUp(self, pd, oldtype);
    } else if (self.libc.era236) yield* waitTid236(pd.tidAddr, tid); // glibc ≥ 2.34: FUTEX_WAIT_BITSET
    else yield sys.futex(pd.tidAddr, FUTEX_WAIT, tid);
    tid = uaccess.uload(pd.tidAddr);
  }
  self.waitOn = null;
  if (leaveAsync(self, oldtype)) yield* awaitSigcancel(self); // CANCEL_RESET
  self.cleanup = self.cleanup!.prev; // pthread_cleanup_pop (0)
  if (retval) retval.value = pd.result;
  const cached = releaseTcb(proc, pd); // __free_tcb
  // the joinid cmpxchg, stack_cache_lock, and CANCEL_ASYNC/CANCEL_RESET's two
  const ns = atomicNs((cached ? 3 : 1) + asyncCas(oldtype));
  if (ns > 0) yield sys.compute(ns);
  if (cached) yield* trimCache(proc);
  return 0;
}

/** lll_timedwait_tid: one FUTEX_WAIT with the time left; false once the deadline has passed. */
function* timedWaitTid(pd: Pthread, tid: number, deadline: number): Sim<boolean> {
  const rel = deadline - uaccess.vdsoNow();
  if (rel <= 0) return false;
  yield sys.futex(pd.tidAddr, FUTEX_WAIT, tid, rel);
  return true;
}

/** pthread_timedjoin_np's timeout: undo the claim (joinid), the cleanup record and async mode. */
function* giveUp(self: Pthread, pd: Pthread, oldtype: number): Sim<number> {
  self.waitOn = null;
  if (leaveAsync(self, oldtype)) yield* awaitSigcancel(self);
  self.cleanup = self.cleanup!.prev;
  pd.joinid = null;
  return ETIMEDOUT;
}

/**
 * pthread_tryjoin_np (nptl/pthread_tryjoin.c): EBUSY while the thread runs (its tid word is not
 * yet cleared), else an ordinary join, which then does not wait.
 */
export function* pthreadTryjoin(t: number, retval: Ref<unknown> | null | undefined): Sim<number> {
  const self = THREAD_SELF();
  const pd = self.proc.threads.get(t);
  if (pd === undefined || pd.terminated) return ESRCH;
  if (pd === self) return EDEADLK;
  if (pd.detached) return EINVAL;
  if (uaccess.uload(pd.tidAddr) !== 0) return EBUSY;
  return yield* pthreadJoin(t, retval);
}
