/**
 * ucancel.ts — cancellation of user-level threads (NGPT and green), the GNU Pth way.
 *
 * Mirrors: GNU Pth's pth_cancel.c as NGPT 2.2.1 kept it — pth_cancel_state (the thread's
 * cancelstate: PTH_CANCEL_ENABLE|DISABLE and PTH_CANCEL_DEFERRED|ASYNCHRONOUS, default enabled
 * and deferred), pth_cancel_point (a request pending and cancellation enabled: clear the
 * request, "to avoid looping if cleanup handlers contain cancellation points", and
 * pth_exit(PTH_CANCELED)), pth_cancel (mark the thread: cancelreq; a thread that cancels itself
 * asynchronously exits at once) — and pth_sched.c's event manager, which readies a waiting
 * thread that has a cancellation request ("cancellation support") unless it waits for a mutex
 * (PTH_EVENT_MUTEX); the wait it was in (pth_wait, pth_cond_await, pth_join) then passes a
 * cancellation point on the way out. NGPT's pthread.c maps pthread_cancel, _testcancel,
 * _setcancelstate and _setcanceltype onto these.
 *
 * Where the cancellation points are: the wrapped calls (uwrap.ts: read, write, sleep, waitpid,
 * sigwait, the slow device) and pthread_join, pthread_cond_wait, pthread_testcancel — and the
 * calls that go straight to the kernel (pause, sigsuspend, poll, or any call not wrapped): a
 * cancellation point is checked before and after them, but nothing interrupts the kernel, so a
 * thread blocked there is cancelled only when the call returns.
 *
 * An asynchronous cancellation of another thread takes effect the next time that thread would
 * run: the scheduler runs its exit instead of its code (usched.ts), and one that waits is woken
 * for it — a mutex wait too (cancelWake). (GNU Pth's pth_cancel ran the victim's cleanup handlers right away in the cancelling
 * thread and NGPT's only killed threads that had never run, returning ESRCH for one running on
 * another native; either way the thread never runs its own code again, which is what is kept.)
 *
 * NGPT's semaphores are a mutex and a condition variable (libc_base.ts) without a cleanup
 * handler, as in its semaphore.c: a thread cancelled in sem_wait exits holding the semaphore's
 * mutex.
 */

import { type Sim, EINVAL, ESRCH } from '../../kernel/index.js';
import type { Ref } from '../api.js';
import { UThread, US_DEAD, US_WAITING, WAIT_CANCEL } from './uctx.js';
import { selfNative, readyThread, leaveEventWaits, type Native } from './usched.js';
import { UMutex, UCond } from './umutex.js';
import { cancelPoint } from './uthread.js';

/** Pth's cancelstate bits. */
export const PTH_CANCEL_ENABLE = 1;
export const PTH_CANCEL_DISABLE = 2;
export const PTH_CANCEL_ASYNCHRONOUS = 4;
export const PTH_CANCEL_DEFERRED = 8;
export const PTH_CANCEL_DEFAULT = PTH_CANCEL_ENABLE | PTH_CANCEL_DEFERRED;

/** Cancellation is enabled and asynchronous (acted on at the thread's next dispatch). */
export function asyncCancelPending(t: UThread): boolean {
  return t.cancelreq && (t.cancelstate & (PTH_CANCEL_ENABLE | PTH_CANCEL_ASYNCHRONOUS)) === (PTH_CANCEL_ENABLE | PTH_CANCEL_ASYNCHRONOUS);
}

export { cancelPoint };

/**
 * The event manager's cancellation support: a thread waiting for anything but a mutex is taken
 * off what it waits on and readied with WAIT_CANCEL; its wait then reaches a cancellation point.
 * With asynchronous cancellation a mutex wait too: pth_cancel's asynchronous branch takes the
 * thread off the queue it waits in, whatever its event (the scheduler then runs its exit).
 */
export function cancelWake(t: UThread): void {
  if (t.state !== US_WAITING) return;
  const w = t.waitOn;
  if (w instanceof UMutex) {
    if (!asyncCancelPending(t)) return;
    w.waiters.remove(t);
  }
  if (w instanceof UCond) w.waiters.remove(t);
  else if (w instanceof UThread && w.joiner === t) w.joiner = null;
  leaveEventWaits(t);
  readyThread(t, WAIT_CANCEL);
}

/** pth_cancel via NGPT's pthread_cancel: 0 or ESRCH. */
export function* cancelThread(id: number): Sim<number> {
  const n = selfNative();
  const t = n.proc.threads.get(id);
  if (t === undefined) return ESRCH;
  if (t.state === US_DEAD || t.cancelreq) return 0;
  t.cancelreq = true;
  if ((t.cancelstate & PTH_CANCEL_ENABLE) === 0) return 0;
  if (t === n.current && n.inUlt) {
    if (t.cancelstate & PTH_CANCEL_ASYNCHRONOUS) yield* cancelPoint();
    return 0;
  }
  cancelWake(t);
  return 0;
}

/** pthread_setcancelstate (NGPT pthread.c over pth_cancel_state). */
export function* setcancelstate(state: number, old: Ref<number> | null | undefined): Sim<number> {
  if (state !== 0 && state !== 1) return EINVAL;
  const t = selfThreadOrNull();
  if (t === null) return 0;
  if (old) old.value = t.cancelstate & PTH_CANCEL_ENABLE ? 0 : 1;
  t.cancelstate = (t.cancelstate & ~(PTH_CANCEL_ENABLE | PTH_CANCEL_DISABLE)) | (state === 0 ? PTH_CANCEL_ENABLE : PTH_CANCEL_DISABLE);
  if (asyncCancelPending(t)) yield* cancelPoint();
  return 0;
}

/** pthread_setcanceltype. */
export function* setcanceltype(type: number, old: Ref<number> | null | undefined): Sim<number> {
  if (type !== 0 && type !== 1) return EINVAL;
  const t = selfThreadOrNull();
  if (t === null) return 0;
  if (old) old.value = t.cancelstate & PTH_CANCEL_ASYNCHRONOUS ? 1 : 0;
  t.cancelstate = (t.cancelstate & ~(PTH_CANCEL_ASYNCHRONOUS | PTH_CANCEL_DEFERRED)) | (type === 1 ? PTH_CANCEL_ASYNCHRONOUS : PTH_CANCEL_DEFERRED);
  if (asyncCancelPending(t)) yield* cancelPoint();
  return 0;
}

/** The calling user thread; null in a signal handler on an idle native. */
function selfThreadOrNull(): UThread | null {
  const n = selfNative();
  return n.current;
}
