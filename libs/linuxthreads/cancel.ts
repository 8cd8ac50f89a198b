/**
 * cancel.ts — LinuxThreads cancellation: flags in the descriptor, the extrication interface,
 * and the cancel signal.
 *
 * Mirrors: glibc linuxthreads/cancel.c of the 2.3 series —
 *  - pthread_setcancelstate / pthread_setcanceltype: p_cancelstate, p_canceltype; switching to
 *    an enabled asynchronous state with a request pending exits at once;
 *  - __pthread_enable_asynccancel / __pthread_disable_asynccancel: what libc's cancellable
 *    system calls (read, write, nanosleep, ...) wrap themselves in — asynchronous cancellation
 *    for the duration of the call (plain stores: no atomic instruction);
 *  - pthread_cancel: under the target's handle lock set p_canceled; if cancellation is disabled
 *    or was already requested, that is all; otherwise, if the target registered an extrication
 *    interface (it is suspended in pthread_join, pthread_cond_wait or sem_wait: join.ts,
 *    condvar.ts, semaphore.ts), call it to take the target off the queue it waits on — if that
 *    worked, set p_woken_by_cancel and restart the target, which sees the flag and exits;
 *    otherwise kill(pid, cancel signal): the handler (pthread.ts) exits a thread in asynchronous
 *    mode — a thread inside a cancellable system call is — and longjmps a thread in sigwait out
 *    of its sigsuspend (p_cancel_jmp);
 *  - pthread_testcancel, and the cleanup handlers (common/cancel.ts) that __pthread_do_exit runs.
 * Every acted-on cancellation is __pthread_do_exit(PTHREAD_CANCELED), which first clears
 * p_canceled "to avoid looping if the cleanup handlers contain cancellation points".
 *
 * Simplifies: the siglongjmp out of sigwait is the handler returning (sigsuspend then returns
 * and sigwait's pthread_testcancel acts, as the longjmp target does).
 */

import { sys, EINVAL, ESRCH, type Sim } from '../../kernel/index.js';
import { PTHREAD_CANCELED, type Ref } from '../api.js';
import { SIG_CANCEL, threadHandle, invalidHandle, threadSelf, cancelPending, type LtDescr } from './internals.js';
import { pthreadLock, pthreadUnlock } from './spinlock.js';
import { restart } from './restart.js';
import { pthreadDoExit } from './join.js';

export const PTHREAD_CANCEL_ENABLE = 0, PTHREAD_CANCEL_DISABLE = 1;
export const PTHREAD_CANCEL_DEFERRED = 0, PTHREAD_CANCEL_ASYNCHRONOUS = 1;

function* exitIfAsyncCanceled(self: LtDescr): Sim<void> {
  if (cancelPending(self) && self.canceltype === PTHREAD_CANCEL_ASYNCHRONOUS) {
    yield* pthreadDoExit(self, PTHREAD_CANCELED);
  }
}

/** pthread_setcancelstate. */
export function* setcancelstate(state: number, old: Ref<number> | null | undefined): Sim<number> {
  if (state !== PTHREAD_CANCEL_ENABLE && state !== PTHREAD_CANCEL_DISABLE) return EINVAL;
  const self = threadSelf();
  if (old) old.value = self.cancelstate;
  self.cancelstate = state;
  yield* exitIfAsyncCanceled(self);
  return 0;
}

/** pthread_setcanceltype. */
export function* setcanceltype(type: number, old: Ref<number> | null | undefined): Sim<number> {
  if (type !== PTHREAD_CANCEL_DEFERRED && type !== PTHREAD_CANCEL_ASYNCHRONOUS) return EINVAL;
  const self = threadSelf();
  if (old) old.value = self.canceltype;
  self.canceltype = type;
  yield* exitIfAsyncCanceled(self);
  return 0;
}

/** __pthread_enable_asynccancel: the old type, for disable. */
export function* enableAsynccancel(): Sim<number> {
  const self = threadSelf();
  const old = self.canceltype;
  self.canceltype = PTHREAD_CANCEL_ASYNCHRONOUS;
  if (cancelPending(self)) yield* pthreadDoExit(self, PTHREAD_CANCELED);
  return old;
}

/** __pthread_disable_asynccancel. */
export function* disableAsynccancel(old: number): Sim<void> {
  threadSelf().canceltype = old;
}

/** pthread_testcancel. */
export function* testcancel(): Sim<void> {
  const self = threadSelf();
  if (cancelPending(self)) yield* pthreadDoExit(self, PTHREAD_CANCELED);
}

/** pthread_cancel(thread). */
export function* pthreadCancel(self: LtDescr, id: number): Sim<number> {
  const h = threadHandle(self.proc, id);
  if (h === null) return ESRCH;
  yield* pthreadLock(h.lock, self);
  if (invalidHandle(h, id)) { yield* pthreadUnlock(h.lock); return ESRCH; }
  const th = h.descr!;
  const already = th.canceled;
  th.canceled = true;
  if (th.cancelstate === PTHREAD_CANCEL_DISABLE || already) { yield* pthreadUnlock(h.lock); return 0; }
  const ex = th.extricate;
  const pid = th.pid;
  let dorestart = false;
  if (ex !== null) {
    dorestart = yield* ex.fn(ex.obj, th);
    th.wokenByCancel = dorestart;
  }
  yield* pthreadUnlock(h.lock);
  if (dorestart) yield restart(th);
  else yield sys.kill(pid, SIG_CANCEL);
  return 0;
}

/** The cancel signal's cancellation branch of pthread_handle_sigcancel (pthread.ts). */
export function* sigcancelCancellation(self: LtDescr): Sim<void> {
  if (!cancelPending(self)) return;
  if (self.canceltype === PTHREAD_CANCEL_ASYNCHRONOUS) yield* pthreadDoExit(self, PTHREAD_CANCELED);
  if (self.cancelJmp) self.cancelJmp = false; // siglongjmp(*p_cancel_jmp): sigwait acts on it
}
