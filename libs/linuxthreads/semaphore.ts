/**
 * semaphore.ts — LinuxThreads semaphores: a fastlock, a value, a queue of suspended threads,
 * and the restart signal; posting from a signal handler goes through the manager.
 *
 * Mirrors: glibc linuxthreads/semaphore.c of the 2.3 series —
 *  - __new_sem_init: EINVAL above SEM_VALUE_MAX (pshared semaphores are ENOSYS in C).
 *  - __new_sem_wait: under __sem_lock take a token if there is one; else clear p_sem_avail,
 *    enqueue self on __sem_waiting, unlock and suspend until a poster sets p_sem_avail and
 *    restarts us (restarts that find p_sem_avail still 0 are counted and ignored).
 *  - sem_timedwait: the same with timedsuspend; on a timeout, remove self from the queue — if
 *    that fails a poster already dequeued us and its restart is on the way, so suspend once
 *    more to eat it and take the token.
 *  - __new_sem_trywait: EAGAIN when the value is 0.
 *  - __new_sem_post: under __sem_lock, no waiter: value + 1 (ERANGE at SEM_VALUE_MAX); a
 *    waiter: dequeue it, set its p_sem_avail and restart it (the token is handed over, the
 *    value stays 0). **In a signal handler** (p_in_sighandler, set by the wrapper every user
 *    handler runs under, signals.ts) it takes no lock at all: it writes a REQ_POST request to
 *    the manager's pipe (creating the manager if there is none yet) and returns; the manager
 *    then posts on the handler's behalf (manager.c's `case REQ_POST`). That is how LinuxThreads
 *    made sem_post async-signal-safe, as POSIX requires: a handler that interrupted its own
 *    thread inside sem_post, holding __sem_lock, would otherwise wait for itself for ever. The
 *    price: the post is asynchronous (the token appears when the manager runs — a write, a
 *    wake-up of the manager and its lock and restart later), and a process that never created
 *    a thread gets a manager task the first time a handler posts.
 *  - __new_sem_getvalue reads the value without the lock; __new_sem_destroy is EBUSY while
 *    threads wait.
 *
 * sem_wait and sem_timedwait are cancellation points: a thread already cancelled exits instead
 * of queueing; a queued one registers new_sem_extricate_func, with which pthread_cancel
 * (cancel.ts) dequeues and restarts it, and it exits — unless a token came first.
 */

import { sys, EAGAIN, EBUSY, ERANGE, ETIMEDOUT, type Sim } from '../../kernel/index.js';
import { PTHREAD_CANCELED, type Ref } from '../api.js';
import { REQ_POST, threadSelf, encodeRequest, cancelPending, FastLock, type LtDescr } from './internals.js';
import { pthreadDoExit } from './join.js';
import { pthreadLock, pthreadUnlock } from './spinlock.js';
import { suspend, timedsuspend, restart } from './restart.js';

/** semaphore.h: SEM_VALUE_MAX (INT_MAX). */
export const SEM_VALUE_MAX = 0x7fffffff;

/** sem_t: __sem_lock, __sem_value, __sem_waiting. */
export class LtSem {
  readonly lock = new FastLock();
  value: number;
  waiting: LtDescr[] = [];
  constructor(value: number) {
    this.value = value;
  }
}

export function asLtSem(s: unknown): LtSem | null {
  return s instanceof LtSem ? s : null;
}

/** __new_sem_wait and sem_timedwait (abstime < 0: no timeout): 0 or an error number. */
export function* semWait(sem: LtSem, abstime: number): Sim<number> {
  const self = threadSelf();
  yield* pthreadLock(sem.lock, self);
  if (sem.value > 0) {
    sem.value--;
    yield* pthreadUnlock(sem.lock);
    return 0;
  }
  self.semAvail = false;
  self.extricate = { obj: sem, fn: semExtricate }; // __pthread_set_own_extricate_if
  const already = cancelPending(self); // enqueue only if not already cancelled
  if (!already) sem.waiting.push(self);
  yield* pthreadUnlock(sem.lock);
  if (already) {
    self.extricate = null;
    return yield* pthreadDoExit(self, PTHREAD_CANCELED);
  }
  self.waitOn = sem; // for the debugging view (thread_db.ts)
  const r = abstime < 0 ? yield* suspendForToken(self) : yield* timedSuspendForToken(self, sem, abstime);
  self.waitOn = null;
  self.extricate = null;
  // Terminate only if the wake-up came from cancellation (else we got the semaphore).
  if (r === 0 && !self.semAvail && self.wokenByCancel && self.cancelstate === 0) {
    self.wokenByCancel = false;
    return yield* pthreadDoExit(self, PTHREAD_CANCELED);
  }
  return r;
}

/** new_sem_extricate_func: pthread_cancel takes a cancelled waiter off the queue. */
function* semExtricate(sem: LtSem, th: LtDescr): Sim<boolean> {
  yield* pthreadLock(sem.lock, threadSelf());
  const i = sem.waiting.indexOf(th); // remove_from_queue
  if (i >= 0) sem.waiting.splice(i, 1);
  yield* pthreadUnlock(sem.lock);
  return i >= 0;
}

/** The wait loop of __new_sem_wait: restarts that bring no token (nor a cancellation) are not ours. */
function* suspendForToken(self: LtDescr): Sim<number> {
  for (;;) {
    yield* suspend(self);
    if (self.semAvail || (self.wokenByCancel && self.cancelstate === 0)) return 0;
  }
}

/** sem_timedwait's loop: timedsuspend, and on a timeout settle the race with a poster. */
function* timedSuspendForToken(self: LtDescr, sem: LtSem, abstime: number): Sim<number> {
  for (;;) {
    if (!(yield* timedsuspend(self, abstime))) {
      yield* pthreadLock(sem.lock, self);
      const i = sem.waiting.indexOf(self); // remove_from_queue
      if (i >= 0) sem.waiting.splice(i, 1);
      yield* pthreadUnlock(sem.lock);
      if (i >= 0) return ETIMEDOUT;
      yield* suspend(self); // eat the outstanding restart() from the poster
    }
    if (self.semAvail || (self.wokenByCancel && self.cancelstate === 0)) return 0;
  }
}

/** __new_sem_trywait. */
export function* semTrywait(sem: LtSem): Sim<number> {
  const self = threadSelf();
  yield* pthreadLock(sem.lock, self);
  const ok = sem.value > 0;
  if (ok) sem.value--;
  yield* pthreadUnlock(sem.lock);
  return ok ? 0 : EAGAIN;
}

/**
 * __new_sem_post. `ensureManager` is __pthread_initialize_manager (pthread.ts), passed in to
 * keep this file below the manager in the import order.
 */
export function* semPost(sem: LtSem, ensureManager: (self: LtDescr) => Sim<number>): Sim<number> {
  const self = threadSelf();
  if (!self.inSighandler) return yield* semPostLocked(self, sem);
  const proc = self.proc;
  if (proc.managerRequest < 0 && (yield* ensureManager(self)) < 0) return EAGAIN;
  yield sys.write(proc.managerRequest, encodeRequest(proc, { kind: REQ_POST, thread: null, sem }));
  return 0;
}

/** The locked half of __new_sem_post (also what the manager runs for REQ_POST). */
export function* semPostLocked(self: LtDescr, sem: LtSem): Sim<number> {
  yield* pthreadLock(sem.lock, self);
  const th = sem.waiting.shift();
  if (th === undefined) {
    if (sem.value >= SEM_VALUE_MAX) { yield* pthreadUnlock(sem.lock); return ERANGE; }
    sem.value++;
    yield* pthreadUnlock(sem.lock);
    return 0;
  }
  yield* pthreadUnlock(sem.lock);
  th.semAvail = true;
  yield restart(th);
  return 0;
}

/** __new_sem_getvalue: no lock. */
export function semGetvalue(sem: LtSem, out: Ref<number>): number {
  out.value = sem.value;
  return 0;
}

/** __new_sem_destroy. */
export function semDestroy(sem: LtSem): number {
  return sem.waiting.length > 0 ? EBUSY : 0;
}

/** __new_sem_init: the semaphore, or null for a value out of range (EINVAL). */
export function semInit(value: number): LtSem | null {
  if (!Number.isInteger(value) || value < 0 || value > SEM_VALUE_MAX) return null;
  return new LtSem(value);
}
