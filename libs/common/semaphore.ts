/**
 * semaphore.ts — NGPT 2.2.1's semaphore.c: a counting semaphore built on the library's own
 * pthread mutex and condition variable (used by NGPT and green; NPTL and LinuxThreads have
 * their own, libs/nptl/sem_*.ts and libs/linuxthreads/semaphore.ts).
 *
 * Mirrors: __new_sem_init (EINVAL above SEM_VALUE_MAX), __new_sem_wait (lock; wait on the
 * condition while the value is 0; take one), __new_sem_trywait, __new_sem_post (lock; value
 * + 1; signal; unlock), __new_sem_getvalue. sem_wait is a cancellation point through
 * pthread_cond_wait, and like NGPT's it has no cleanup handler: a thread cancelled there exits
 * holding the semaphore's mutex. NGPT's sem_timedwait is an ENOSYS stub (libs/ngpt/index.ts);
 * green gets a working one here, on pthread_cond_timedwait.
 *
 * Each function returns 0 or an error number; the C library turns it into -1 and errno.
 * Simplifies: sem_wait loops on the value where NGPT's tested it once (`if`, not `while`).
 */

import { uaccess, EAGAIN, EINVAL, type Sim } from '../../kernel/index.js';
import type { Libc, Ref, sem_t } from '../api.js';
import type { DebugNames } from '../thread_db.js';
import { SemObj } from './portable.js';

export function asSemObj(s: unknown): SemObj | null {
  return s instanceof SemObj ? s : null;
}

/** __new_sem_init: the semaphore, or null (EINVAL) for a value out of range. */
export function* semInit(libc: Libc & { debugNames: DebugNames }, value: number, pshared = false): Sim<SemObj | null> {
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) return null;
  const attr = pshared ? { pshared: 1 } : undefined;
  const m = yield* libc.pthread_mutex_init(attr);
  const c = yield* libc.pthread_cond_init(attr);
  libc.debugNames.adopt([m, c], 'sem');
  return new SemObj(value, m, c);
}

/** __new_sem_wait (timeoutNs < 0) and a sem_timedwait on pthread_cond_timedwait. */
export function* semWait(libc: Libc, s: sem_t, timeoutNs: number): Sim<number> {
  const o = asSemObj(s);
  if (o === null) return EINVAL;
  const deadline = timeoutNs < 0 ? -1 : uaccess.vdsoNow() + timeoutNs;
  yield* libc.pthread_mutex_lock(o.m);
  let r = 0;
  while (o.value === 0 && r === 0) {
    r = deadline < 0 ? yield* libc.pthread_cond_wait(o.c, o.m)
      : yield* libc.pthread_cond_timedwait(o.c, o.m, Math.max(0, deadline - uaccess.vdsoNow()));
  }
  const ok = o.value > 0;
  if (ok) o.value--;
  yield* libc.pthread_mutex_unlock(o.m);
  return ok ? 0 : r;
}

/** __new_sem_trywait. */
export function* semTrywait(libc: Libc, s: sem_t): Sim<number> {
  const o = asSemObj(s);
  if (o === null) return EINVAL;
  yield* libc.pthread_mutex_lock(o.m);
  const ok = o.value > 0;
  if (ok) o.value--;
  yield* libc.pthread_mutex_unlock(o.m);
  return ok ? 0 : EAGAIN;
}

/** __new_sem_post. */
export function* semPost(libc: Libc, s: sem_t): Sim<number> {
  const o = asSemObj(s);
  if (o === null) return EINVAL;
  yield* libc.pthread_mutex_lock(o.m);
  o.value++;
  yield* libc.pthread_cond_signal(o.c);
  yield* libc.pthread_mutex_unlock(o.m);
  return 0;
}

/** __new_sem_getvalue. */
export function semGetvalue(s: sem_t, out: Ref<number>): number {
  const o = asSemObj(s);
  if (o === null) return EINVAL;
  out.value = o.value;
  return 0;
}
