/**
 * sem_waitcommon.ts — taking a token: a compare-and-swap when there is one, else register as a
 * waiter and sleep on the value word until a post makes it non-zero.
 *
 * Mirrors: glibc nptl/sem_waitcommon.c (the __HAVE_64B_ATOMICS path) —
 *  - __new_sem_wait_fast: if the value half is non-zero, compare-and-swap d → d - 1;
 *  - __new_sem_wait_slow: add 1 to the waiter half (atomic_fetch_add), then loop: with no
 *    token, do_futex_wait (FUTEX_WAIT on the value word expecting 0, with the timeout of
 *    sem_timedwait) and forward ETIMEDOUT or EINTR to the caller after unregistering; with a
 *    token, compare-and-swap d → d - 1 - (1 << SEM_NWAITERS_SHIFT): take the token and stop
 *    being a waiter in one step;
 * and nptl/sem_wait.c, sem_timedwait.c (EINVAL for a negative time), sem_trywait (EAGAIN when
 * the value is 0). A handler without SA_RESTART that interrupts the sleep makes sem_wait fail
 * with EINTR (glibc ≥ 2.21); with SA_RESTART the kernel restarts the FUTEX_WAIT, which then
 * sees the changed word (rule 19) and the loop takes the token.
 *
 * Both are cancellation points: pthread_testcancel on entry (POSIX says "shall occur", even
 * when a token is there), the futex wait with asynchronous cancellation on, and
 * __sem_wait_cleanup registered around the slow path to unregister a cancelled waiter.
 *
 * Simplifies: the timeout is relative, as everywhere in the lab (libs/api.ts), turned into a
 * deadline on entry.
 */

import { sys, uaccess, EAGAIN, EINTR, EINVAL, ETIMEDOUT, FUTEX_WAIT, type Sim } from '../../kernel/index.js';
import { atomicNs } from './lowlevellock.js';
import { THREAD_SELF } from './descr.js';
import { enableAsynccancel, disableAsynccancel, testcancel } from './cancellation.js';
import { cleanupPush } from '../common/cancel.js';
import type { NewSem } from './sem_init.js';

/** __new_sem_wait_fast: take a token if there is one (true), charging the CAS. */
function* waitFast(s: NewSem): Sim<boolean> {
  const d = uaccess.uload(s.value);
  if (d > 0) uaccess.ustore(s.value, d - 1);
  const ns = atomicNs(1);
  if (ns > 0) yield sys.compute(ns);
  return d > 0;
}

/** sem_wait (timeout null) and sem_timedwait (relative ns): 0 or an error number. */
export function* semWait(s: NewSem, timeout: number | null): Sim<number> {
  yield* testcancel(); // sem_wait "shall" be a cancellation point even when it does not block
  if (timeout !== null && !(timeout >= 0)) return EINVAL;
  if (yield* waitFast(s)) return 0;
  return yield* waitSlow(s, timeout === null ? -1 : uaccess.vdsoNow() + timeout);
}

/** sem_trywait: 0, or EAGAIN when there is no token. */
export function* semTrywait(s: NewSem): Sim<number> {
  return (yield* waitFast(s)) ? 0 : EAGAIN;
}

/** __new_sem_wait_slow; `deadline` < 0 waits for ever. */
function* waitSlow(s: NewSem, deadline: number): Sim<number> {
  uaccess.uadd(s.nwaiters, 1); // atomic_fetch_add (&data, 1 << SEM_NWAITERS_SHIFT)
  const self = THREAD_SELF();
  cleanupPush(self, semWaitCleanup, s); // pthread_cleanup_push (__sem_wait_cleanup, sem)
  self.waitOn = s; // for the debugging view (thread_db.ts)
  let err = 0;
  let ns = atomicNs(1);
  for (;;) {
    if (ns > 0) yield sys.compute(ns);
    if (uaccess.uload(s.value) === 0) {
      const rel = deadline < 0 ? null : deadline - uaccess.vdsoNow();
      const r = rel !== null && rel <= 0 ? -ETIMEDOUT : yield* doFutexWait(s, rel);
      if (r === -ETIMEDOUT || r === -EINTR) {
        err = -r;
        uaccess.uadd(s.nwaiters, -1); // stop being registered as a waiter
        break;
      }
      ns = 0; // a plain load before the next try
    } else {
      uaccess.uadd(s.value, -1); // CAS d → d - 1 - (1 << SEM_NWAITERS_SHIFT): token and waiter
      uaccess.uadd(s.nwaiters, -1);
      ns = atomicNs(1);
      if (ns > 0) yield sys.compute(ns);
      break;
    }
  }
  self.waitOn = null;
  self.cleanup = self.cleanup!.prev; // pthread_cleanup_pop (0)
  return err;
}

/** do_futex_wait: futex_abstimed_wait_cancelable — the wait is a cancellation point. */
function* doFutexWait(s: NewSem, rel: number | null): Sim<number> {
  const oldtype = yield* enableAsynccancel();
  const r = (yield sys.futex(s.value, FUTEX_WAIT | s.priv, 0, rel)) as number;
  yield* disableAsynccancel(oldtype);
  return r;
}

/** __sem_wait_cleanup: a waiter cancelled in the futex wait stops being counted as one. */
function semWaitCleanup(_libc: unknown, s: NewSem): void {
  uaccess.uadd(s.nwaiters, -1);
}
