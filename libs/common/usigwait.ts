/**
 * usigwait.ts — sigwait, sigwaitinfo and sigtimedwait in the user-level libraries (NGPT and
 * green): a waiting user thread parks, its native does not.
 *
 * Mirrors: GNU Pth 2.0.7 pth_high.c pth_sigwait_ev — "check whether signal is already pending"
 * (sigpending: here the signals the library took for this thread, with their siginfo, and the
 * thread-directed ones recorded for it, then the kernel's pending set through a zero-timeout
 * rt_sigtimedwait), else wait on a PTH_EVENT_SIGS event, concatenated with a timeout event for
 * a timed wait (ev_extra). NGPT 2.2.1's sigwait is the same code. The library's user-space
 * sigprocmask blocks a signal for one user thread only, so a signal the program raised while
 * blocking it is the library's record, not the kernel's: a raw rt_sigtimedwait on the native
 * would never see it (under green, the one native then sleeps forever). As Pth's event manager
 * catches the signals a PTH_EVENT_SIGS waiter waits for, a waited signal the library takes for
 * the parked thread ends its wait instead of running its handler (UThread.sigwaiting), blocked
 * or not — as Linux's rt_sigtimedwait takes it.
 *
 * sigwaitinfo and sigtimedwait (`eintr`) end with EINTR when a handler for a signal outside the
 * set ran in the waiting thread, as the kernel's calls they stand for do; sigwait does not
 * (pth_sigwait's event is not ended by a handler).
 *
 * Simplifies: the wait is a poll every SIGWAIT_POLL_NS (uwrap.ts), cut short when the process
 * signals itself through the library; the timeout is Linux's EAGAIN (Pth's ev_extra gave EINTR).
 */

import { sys, uaccess, type Sim, type SigInfo, EAGAIN, EINTR, SI_TKILL, SI_QUEUE } from '../../kernel/index.js';
import { M_PARK, WAIT_CANCEL } from './uctx.js';
import { selfNative, waitUntil } from './usched.js';
import { takeRoutedInfo, sigbit } from './usignal.js';
import { cancelPoint } from './ucancel.js';
import { SIGWAIT_POLL_NS } from './uwrap.js';

/**
 * Wait for a signal in `set`: its number (and its siginfo in `info`), or -EAGAIN when
 * `timeoutNs` (≥ 0) passes first; a negative `timeoutNs` waits forever.
 */
export function* wrappedSigtimedwait(set: bigint, info: { value?: SigInfo } | null, timeoutNs: number, eintr = false): Sim<number> {
  const n = selfNative();
  const self = n.current!;
  const deadline = timeoutNs < 0 ? Infinity : uaccess.vdsoNow() + timeoutNs;
  for (;;) {
    const r = yield* pendingFor(set, info);
    if (r !== 0) return r;
    const now = uaccess.vdsoNow();
    if (now >= deadline) return -EAGAIN;
    // Each round is a pth_wait, a cancellation point: a request that came while this thread was
    // ready (its poll timer had fired) woke nobody, and must not be lost by parking again.
    if (self.cancelreq) yield* cancelPoint();
    const p = n.proc;
    p.sigwaiters.push(self);
    self.waitOn = null;
    waitUntil(self, Math.min(deadline, now + SIGWAIT_POLL_NS), true);
    self.sigwaiting = set; // PTH_EVENT_SIGS: a waited signal taken for us ends the wait, no handler
    self.sigwaitHandled = false;
    const w = yield M_PARK;
    self.sigwaiting = 0n;
    if (w === WAIT_CANCEL) yield* cancelPoint();
    const i = p.sigwaiters.indexOf(self);
    if (i >= 0) p.sigwaiters.splice(i, 1);
    if (eintr && self.sigwaitHandled) return (yield* pendingFor(set, info)) || -EINTR;
  }
}

/** The check before waiting: a signal in `set` already pending for this thread, or 0. */
function* pendingFor(set: bigint, info: { value?: SigInfo } | null): Sim<number> {
  const self = selfNative().current!;
  const routed = takeRoutedInfo(self, set);
  if (routed !== null) {
    if (info) info.value = routed.info;
    return routed.sig;
  }
  const mine = self.sigpend & set;
  if (mine !== 0n) {
    let s = 1;
    while ((mine & sigbit(s)) === 0n) s++;
    const vals = self.sigvals?.get(s);
    if (vals === undefined || vals.length <= 1) { self.sigpend &= ~sigbit(s); self.sigvals?.delete(s); }
    const pid = selfNative().proc.tgid;
    if (info) info.value = vals !== undefined ? { signo: s, code: SI_QUEUE, pid, value: vals.shift() } : { signo: s, code: SI_TKILL, pid };
    return s;
  }
  const r = (yield sys.rt_sigtimedwait(set, info, 0)) as number;
  return r > 0 ? r : 0;
}
