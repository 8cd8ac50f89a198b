/**
 * posix_timers.ts — per-process POSIX timers: timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete.
 *
 * Mirrors: kernel/time/posix-timers.c of Linux 2.6 — good_sigevent (SIGEV_NONE, SIGEV_SIGNAL,
 * SIGEV_SIGNAL|SIGEV_THREAD_ID naming a thread of the caller's own group; anything else,
 * SIGEV_THREAD included, is EINVAL: glibc turns SIGEV_THREAD into a helper thread and a
 * SIGEV_THREAD_ID timer), a NULL sigevent meaning SIGALRM with si_value = the timer id, the ids
 * per process (signal->posix_timers: the lowest free one), common_timer_set/_get (a zero
 * it_value disarms; TIMER_ABSTIME; the old setting returned), posix_timer_event (si_code
 * SI_TIMER, si_value, si_timerid; a process-directed signal to the group, or one to the named
 * thread), send_sigqueue's one preallocated sigqueue per timer (an expiry while the previous
 * signal is still queued counts an overrun instead of queueing another), do_schedule_next_timer
 * at dequeue (the overrun count becomes it_overrun_last, what timer_getoverrun and si_overrun
 * report), exit_itimers (exec deletes them: exec.ts; a fork's new signal_struct has none), and
 * posix-cpu-timers.c's clocks (CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID and the
 * encoded per-thread/per-process ones).
 *
 * Simplifies: times are nanoseconds; expiries are on the jiffy grid, as itimers (time.ts), but
 * a period is kept as given (a 1 ns period is checked once a tick, its missed periods counted
 * as overruns, as posix_timer_fn's minimum re-arm delay does);
 * a CPU-clock timer is checked on a wall-clock timer at the earliest time its clock could
 * reach the expiry (run_posix_cpu_timers checks at every tick; the same instant on the grid);
 * the per-user RLIMIT_SIGPENDING limit on timers is a fixed 1024 per process (EAGAIN).
 */

import type { Kernel, KTimer } from './kernel.js';
import type { Task, SigInfo } from './task.js';
import { sendSignal } from './signal.js';
import { jiffyCeil } from './time.js';
import { sysClockGettime, CLOCK_REALTIME, CLOCK_MONOTONIC } from './posix_cpu_timers.js';
import { EINVAL, EAGAIN, SI_TIMER, SIGALRM, NSIG, SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD_ID, TIMER_ABSTIME } from './uapi.js';

export { SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD, SIGEV_THREAD_ID, TIMER_ABSTIME } from './uapi.js';
const CLOCK_BOOTTIME = 7, CLOCK_TAI = 11;
const MAX_TIMERS = 1024;
const DELAYTIMER_MAX = 0x7fffffff;

/** struct sigevent as the kernel reads it. */
export interface SigEvent {
  notify: number;
  signo?: number;
  value?: unknown;
  /** sigev_notify_thread_id (SIGEV_THREAD_ID). */
  tid?: number;
}

/** struct k_itimer. */
export interface PosixTimer {
  id: number;
  clock: number;
  notify: number;
  signo: number;
  value: unknown;
  /** The thread signalled (SIGEV_THREAD_ID), else the group's leader (process-directed). */
  target: Task;
  /** The creating thread: whose CPU clock a CLOCK_THREAD_CPUTIME_ID timer reads. */
  creator: Task;
  owner: Task['signal'];
  /** Absolute expiry on the timer's clock (0: disarmed), and the period. */
  expires: number;
  interval: number;
  overrun: number;
  overrunLast: number;
  ktimer: KTimer | null;
  /** The timer's preallocated sigqueue entry. */
  info: SigInfo;
  deleted: boolean;
}

function timersOf(t: Task): Map<number, PosixTimer> {
  const s = t.signal!;
  if (s.posixTimers === null) s.posixTimers = new Map();
  return s.posixTimers as Map<number, PosixTimer>;
}

function isCpuClock(clock: number): boolean {
  return clock < 0 || clock === 2 || clock === 3;
}

/** The clock's reading (a CPU clock read as thread `t` would). */
function clockNow(k: Kernel, t: Task, clock: number): number {
  return isCpuClock(clock) ? sysClockGettime(k, t, clock) : k.now;
}

function validClock(k: Kernel, t: Task, clock: number): boolean {
  if (!Number.isInteger(clock)) return false;
  if (clock === CLOCK_REALTIME || clock === CLOCK_MONOTONIC || clock === CLOCK_BOOTTIME || clock === CLOCK_TAI) return true;
  return isCpuClock(clock) && sysClockGettime(k, t, clock) >= 0;
}

/** good_sigevent: the task to signal, or null (EINVAL). */
function goodSigevent(k: Kernel, t: Task, ev: SigEvent): Task | null {
  const notify = ev.notify;
  let target = t.groupLeader;
  if (notify === (SIGEV_SIGNAL | SIGEV_THREAD_ID)) {
    const p = typeof ev.tid === 'number' ? k.findTask(ev.tid) : undefined;
    if (p === undefined || p.tgid !== t.tgid || p.exitState !== 0) return null;
    target = p;
  } else if (notify !== SIGEV_SIGNAL && notify !== SIGEV_NONE) return null;
  if (notify !== SIGEV_NONE) {
    const sig = ev.signo;
    if (!Number.isInteger(sig) || sig! <= 0 || sig! > NSIG) return null;
  }
  return target;
}

/** timer_create(clock, sigevent | null, out): 0 and the id in out.value, or -errno. */
export function sysTimerCreate(k: Kernel, t: Task, clock: number, ev: SigEvent | null, out: { value?: number } | null): number {
  if (!validClock(k, t, clock)) return -EINVAL;
  if (out === null || typeof out !== 'object') return -EINVAL;
  const timers = timersOf(t);
  if (timers.size >= MAX_TIMERS) return -EAGAIN;
  let id = 0;
  while (timers.has(id)) id++;
  const event: SigEvent = ev ?? { notify: SIGEV_SIGNAL, signo: SIGALRM, value: id };
  const target = goodSigevent(k, t, event);
  if (target === null) return -EINVAL;
  const signo = event.notify === SIGEV_NONE ? 0 : event.signo!;
  const tm: PosixTimer = {
    id, clock, notify: event.notify, signo, value: event.value, target, creator: t, owner: t.signal,
    expires: 0, interval: 0, overrun: 0, overrunLast: 0, ktimer: null, deleted: false,
    info: { signo, code: SI_TIMER, pid: 0, value: event.value, timerid: id, overrun: 0 },
  };
  tm.info.timer = tm;
  timers.set(id, tm);
  out.value = id;
  return 0;
}

/** When the wall-clock timer for `tm` should next look (a CPU clock: its earliest possible time). */
function armKernelTimer(k: Kernel, tm: PosixTimer): void {
  k.delTimer(tm.ktimer);
  const now = clockNow(k, tm.creator, tm.clock);
  const when = isCpuClock(tm.clock) ? k.now + Math.max(0, tm.expires - now) : tm.expires;
  tm.ktimer = k.addTimer(jiffyCeil(k, Math.max(when, k.now)), posixTimerFn, tm);
}

function alive(tm: PosixTimer): boolean {
  const s = tm.owner;
  return !tm.deleted && s !== null && !s.groupExit && s.threads.some((th) => th.exitState === 0);
}

/** posix_timer_fn, in interrupt context: signal (or count an overrun), then re-arm a period. */
function posixTimerFn(k: Kernel, tm: PosixTimer): void {
  tm.ktimer = null;
  if (!alive(tm) || tm.expires === 0) return;
  const now = clockNow(k, tm.creator, tm.clock);
  if (now < tm.expires) { armKernelTimer(k, tm); return; } // a CPU clock not there yet
  if (tm.interval > 0) {
    // hrtimer_forward: the periods that passed since this expiry are overruns (arithmetically:
    // a 1 ns period over seconds is billions of them; the kernel timer still looks once a tick)
    const missed = Math.floor((now - tm.expires) / tm.interval);
    tm.overrun = Math.min(tm.overrun + missed, DELAYTIMER_MAX);
    tm.expires += (missed + 1) * tm.interval;
    armKernelTimer(k, tm);
  } else tm.expires = 0;
  if (tm.notify === SIGEV_NONE) return;
  k.current = null;
  const target = tm.target.exitState === 0 ? tm.target : tm.target.signal?.threads.first() ?? tm.target;
  const pending = tm.notify & SIGEV_THREAD_ID ? target.pending : target.signal!.shared;
  if (pending.list.includes(tm.info)) { // send_sigqueue: still queued
    tm.overrun = Math.min(tm.overrun + 1, DELAYTIMER_MAX);
    return;
  }
  tm.info.overrun = 0;
  sendSignal(k, tm.signo, tm.info, target, (tm.notify & SIGEV_THREAD_ID) === 0);
}

/** do_schedule_next_timer at dequeue: the overruns become it_overrun_last and si_overrun. */
export function timerSignalDequeued(info: SigInfo): void {
  const tm = info.timer as PosixTimer;
  tm.overrunLast = Math.min(tm.overrun, DELAYTIMER_MAX);
  tm.overrun = 0;
  info.overrun = tm.overrunLast;
}

function lookup(t: Task, id: number): PosixTimer | null {
  const tm = Number.isInteger(id) && t.signal!.posixTimers ? timersOf(t).get(id) : undefined;
  return tm ?? null;
}

/** An itimerspec in nanoseconds (timer_settime's old setting, timer_gettime's reading). */
export interface TimerSpec {
  value?: number;
  interval?: number;
}

function readTimer(k: Kernel, tm: PosixTimer, out: TimerSpec): void {
  out.interval = tm.interval;
  out.value = tm.expires === 0 ? 0 : Math.max(1, tm.expires - clockNow(k, tm.creator, tm.clock));
}

function validNs(ns: unknown): ns is number {
  return typeof ns === 'number' && Number.isFinite(ns) && ns >= 0;
}

/** timer_settime(id, flags, valueNs, intervalNs, old): 0 or -errno. */
export function sysTimerSettime(k: Kernel, t: Task, id: number, flags: number, valueNs: number, intervalNs: number, old: TimerSpec | null): number {
  const tm = lookup(t, id);
  if (tm === null || !validNs(valueNs) || !validNs(intervalNs)) return -EINVAL;
  if (old) readTimer(k, tm, old);
  k.delTimer(tm.ktimer);
  tm.ktimer = null;
  tm.overrun = tm.overrunLast = 0;
  tm.interval = intervalNs;
  tm.expires = 0;
  if (valueNs === 0) return 0;
  const now = clockNow(k, tm.creator, tm.clock);
  tm.expires = (flags & TIMER_ABSTIME) !== 0 ? Math.max(valueNs, 1) : now + valueNs;
  armKernelTimer(k, tm);
  return 0;
}

/** timer_gettime(id, out): the time left (0: disarmed) and the period. */
export function sysTimerGettime(k: Kernel, t: Task, id: number, out: TimerSpec | null): number {
  const tm = lookup(t, id);
  if (tm === null || out === null || typeof out !== 'object') return -EINVAL;
  readTimer(k, tm, out);
  return 0;
}

/** timer_getoverrun(id): the overruns of the last signal delivered. */
export function sysTimerGetoverrun(k: Kernel, t: Task, id: number): number {
  const tm = lookup(t, id);
  return tm === null ? -EINVAL : tm.overrunLast;
}

/** timer_delete(id): disarm and forget (a queued signal stays queued). */
export function sysTimerDelete(k: Kernel, t: Task, id: number): number {
  const tm = lookup(t, id);
  if (tm === null) return -EINVAL;
  deleteTimer(k, tm);
  timersOf(t).delete(id);
  return 0;
}

function deleteTimer(k: Kernel, tm: PosixTimer): void {
  k.delTimer(tm.ktimer);
  tm.ktimer = null;
  tm.deleted = true;
  tm.expires = 0;
}

/** exit_itimers: every timer of t's process deleted (exec). */
export function exitItimers(k: Kernel, t: Task): void {
  const s = t.signal;
  if (!s || s.posixTimers === null) return;
  for (const tm of (s.posixTimers as Map<number, PosixTimer>).values()) deleteTimer(k, tm);
  s.posixTimers = null;
}
