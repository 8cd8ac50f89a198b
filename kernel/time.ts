/**
 * time.ts — sleeping and the real-time interval timer: nanosleep, alarm, setitimer, getitimer.
 *
 * Mirrors: kernel/timer.c of Linux 2.6 (the timer wheel: an expiry is a jiffy, so every sleep
 * is rounded up to the next tick; sys_nanosleep → do_nanosleep with nanosleep_restart),
 * kernel/itimer.c (do_setitimer/do_getitimer for ITIMER_REAL, it_real_fn sending SIGALRM to
 * the process — group_send_sig_info on the leader, so rule 13 picks the thread — and re-arming
 * an interval timer; alarm_setitimer with its rounding of the seconds left).
 *
 * Restart semantics: Linux's restart_block (-ERESTART_RESTARTBLOCK), modelled as
 * -ERESTARTNOHAND plus an argument slot that carries the absolute expiry: a signal whose
 * handler runs makes nanosleep fail with EINTR (whatever SA_RESTART says) and writes the time
 * left into `rem`; a signal with no handler (a stop and continue) restarts the call, which then
 * ends at the original expiry, as nanosleep_restart does.
 *
 * ITIMER_VIRTUAL and ITIMER_PROF: itimer_cpu.ts.
 *
 * Simplifies: times are nanoseconds instead of
 * timespec/timeval; interval timers re-arm on the jiffy grid and skip missed periods.
 */

import type { Kernel, KTimer } from './kernel.js';
import type { Task, SignalStruct } from './task.js';
import { WAKE_SIGNAL, WAKE_TIMEOUT } from './task.js';
import { sleepOn } from './sched.js';
import { sendSignal } from './signal.js';
import { EINVAL, ERESTARTNOHAND, SIGALRM, SI_KERNEL, ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF } from './uapi.js';
import { setCpuItimer, readCpuItimer } from './itimer_cpu.js';

/** The first tick at or after `time`: when a timer-wheel timer for `time` fires. */
export function jiffyCeil(k: Kernel, time: number): number {
  const tick = k.tickNs;
  const j = Math.ceil(time / tick);
  const e = j * tick;
  return e >= time ? e : (j + 1) * tick; // guard against rounding when tick is not an integer
}

function validNs(ns: unknown): ns is number {
  return typeof ns === 'number' && Number.isFinite(ns) && ns >= 0;
}

// ---------------------------------------------------------------------------------------
// nanosleep

/**
 * nanosleep(ns, rem): sleep at least ns (TASK_INTERRUPTIBLE), until the next tick at or after
 * now + ns. Returns 0, or -EINTR after a handler with the time left in rem.value.
 * `restartExpiry` is the restart_block slot (undefined on a call from user space).
 */
export function sysNanosleep(k: Kernel, t: Task, ns: number, rem: { value?: number } | null, restartExpiry?: number): number {
  let st = t.sleepData as { expires: number } | null;
  if (st === null) {
    if (typeof restartExpiry === 'number') st = { expires: restartExpiry };
    else {
      if (!validNs(ns)) return -EINVAL;
      if (rem !== null && rem !== undefined && typeof rem !== 'object') return -EINVAL;
      if (ns === 0) return 0; // schedule_timeout(0): no sleep at all
      st = { expires: jiffyCeil(k, k.now + ns) };
    }
    t.sleepData = st;
  }
  if (t.wakeReason === WAKE_TIMEOUT || k.now >= st.expires) return 0;
  if (t.wakeReason === WAKE_SIGNAL || t.sigpending) {
    if (rem) rem.value = st.expires - k.now;
    t.sc = st.expires; // restart_block: a restarted sleep ends at the same time
    return -ERESTARTNOHAND;
  }
  return sleepOn(k, t, null, st.expires - k.now);
}

// ---------------------------------------------------------------------------------------
// ITIMER_REAL and alarm

/** signal_struct's real_timer, it_real_incr and the leader pid it_real_fn signals. */
export interface RealTimer {
  timer: KTimer | null;
  expires: number;
  interval: number;
  leader: Task;
}

/** An itimerval in nanoseconds (getitimer's and setitimer's out-parameter). */
export interface ItimerVal {
  value?: number;
  interval?: number;
}

function realTimer(s: SignalStruct): RealTimer | null {
  return s.realTimer as RealTimer | null;
}

/** it_real_fn, in interrupt context: SIGALRM to the process, then re-arm an interval timer. */
function itRealFn(k: Kernel, rt: RealTimer): void {
  const s = rt.leader.signal;
  rt.timer = null;
  if (!s || s.realTimer !== rt || s.groupExit || s.threads.every((th) => th.exitState !== 0)) return;
  k.current = null; // interrupt context: no task is "current" for the wake-ups below
  if (rt.interval > 0) {
    let next = rt.expires + rt.interval;
    while (next <= k.now) next += rt.interval; // missed periods are skipped (overrun)
    rt.expires = next;
    rt.timer = k.addTimer(next, itRealFn, rt);
  } else {
    rt.expires = 0;
  }
  sendSignal(k, SIGALRM, { signo: SIGALRM, code: SI_KERNEL, pid: 0 }, rt.leader, true);
}

function readItimer(k: Kernel, rt: RealTimer | null, out: ItimerVal): void {
  const armed = rt !== null && rt.timer !== null;
  out.value = armed ? Math.max(0, rt.expires - k.now) : 0;
  out.interval = rt !== null ? rt.interval : 0;
}

/** do_setitimer(ITIMER_REAL): cancel the old timer, arm the new one; the old value into `old`. */
function setRealTimer(k: Kernel, t: Task, valueNs: number, intervalNs: number, old: ItimerVal | null): void {
  const s = t.signal!;
  let rt = realTimer(s);
  if (old) readItimer(k, rt, old);
  if (rt === null) {
    rt = { timer: null, expires: 0, interval: 0, leader: t.groupLeader };
    s.realTimer = rt;
  }
  k.delTimer(rt.timer);
  rt.timer = null;
  rt.interval = intervalNs > 0 ? Math.max(k.tickNs, jiffyCeil(k, intervalNs)) : 0;
  rt.expires = 0;
  if (valueNs > 0) {
    rt.expires = jiffyCeil(k, k.now + valueNs);
    rt.timer = k.addTimer(rt.expires, itRealFn, rt);
  }
}

/** setitimer(which, valueNs, intervalNs, old): ITIMER_REAL here, VIRTUAL and PROF in itimer_cpu.ts. */
export function sysSetitimer(k: Kernel, t: Task, which: number, valueNs: number, intervalNs: number, old: ItimerVal | null): number {
  if (which !== ITIMER_REAL && which !== ITIMER_VIRTUAL && which !== ITIMER_PROF) return -EINVAL;
  if (!validNs(valueNs) || !validNs(intervalNs ?? 0)) return -EINVAL;
  if (which === ITIMER_REAL) setRealTimer(k, t, valueNs, intervalNs ?? 0, old ?? null);
  else setCpuItimer(k, t, which, valueNs, intervalNs ?? 0, old ?? null);
  return 0;
}

/** getitimer(which, out). */
export function sysGetitimer(k: Kernel, t: Task, which: number, out: ItimerVal | null): number {
  if (which !== ITIMER_REAL && which !== ITIMER_VIRTUAL && which !== ITIMER_PROF) return -EINVAL;
  if (out === null || typeof out !== 'object') return -EINVAL;
  if (which === ITIMER_REAL) readItimer(k, realTimer(t.signal!), out);
  else readCpuItimer(k, t, which, out);
  return 0;
}

/**
 * alarm(seconds): ITIMER_REAL with no interval; 0 cancels. Returns the seconds that were left
 * on the previous alarm, rounded as alarm_setitimer does (a fraction ≥ 0.5 s, or any time
 * left under a second, counts as one more second).
 */
export function sysAlarm(k: Kernel, t: Task, seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 0) return -EINVAL;
  const old: ItimerVal = {};
  setRealTimer(k, t, seconds * 1e9, 0, old);
  const left = old.value ?? 0;
  let secs = Math.floor(left / 1e9);
  const frac = left - secs * 1e9;
  if ((secs === 0 && frac > 0) || frac >= 5e8) secs++;
  return secs;
}
