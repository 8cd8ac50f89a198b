/**
 * itimer_cpu.ts — the CPU-time interval timers: setitimer/getitimer with ITIMER_VIRTUAL (the
 * process's user time; SIGVTALRM) and ITIMER_PROF (user + system time; SIGPROF).
 *
 * Mirrors: kernel/itimer.c of Linux 2.6 — do_setitimer/do_getitimer's ITIMER_VIRTUAL and
 * ITIMER_PROF cases (set_cpu_itimer: the value and the interval become cputime, which is
 * jiffies on a 2.6 kernel, so both are rounded up to a tick; a zero value disarms;
 * get_cpu_itimer: the time left on the process's clock, at least one tick while armed) — and
 * kernel/posix-cpu-timers.c's check_cpu_itimer, run from run_posix_cpu_timers at every tick:
 * once the thread group's CPU time (thread_group_cputime: live threads plus what released
 * ones left, sys_rusage.ts groupUsage) reaches the expiry, the signal goes to the process
 * (__group_send_sig_info: rule 13 picks the thread) and an interval timer re-arms by one
 * interval. fork's child has none (a new signal_struct); exec keeps them.
 *
 * Simplifies: as posix_timers.ts's CPU-clock timers, the check runs on a wall-clock kernel
 * timer set for the earliest tick at which the group's clock could reach the expiry (the same
 * instant on the tick grid), and looks again later if it has not.
 */

import type { Kernel, KTimer } from './kernel.js';
import type { Task, SignalStruct } from './task.js';
import { sendSignal } from './signal.js';
import { jiffyCeil } from './time.js';
import { groupUsage } from './sys_rusage.js';
import { SIGVTALRM, SIGPROF, SI_KERNEL, ITIMER_VIRTUAL } from './uapi.js';

/** signal->it[CPUCLOCK_VIRT or CPUCLOCK_PROF]: expiry on the group's clock (0: disarmed) and increment. */
interface CpuItimer {
  which: number;
  expires: number;
  incr: number;
  timer: KTimer | null;
  sig: SignalStruct;
  leader: Task;
}

/** The group's clock for `which`: user time (VIRTUAL), user + system (PROF). */
function groupClock(sig: SignalStruct, which: number): number {
  const u = groupUsage(sig);
  return which === ITIMER_VIRTUAL ? u.utime : u.utime + u.stime;
}

function itimers(sig: SignalStruct): CpuItimer[] {
  if (sig.cpuItimers === null) sig.cpuItimers = [];
  return sig.cpuItimers as CpuItimer[];
}

function find(sig: SignalStruct, which: number): CpuItimer | undefined {
  return itimers(sig).find((it) => it.which === which);
}

/** Look when the group's clock could first reach the expiry (a tick on the grid). */
function arm(k: Kernel, it: CpuItimer): void {
  k.delTimer(it.timer);
  const left = Math.max(0, it.expires - groupClock(it.sig, it.which));
  it.timer = k.addTimer(jiffyCeil(k, k.now + Math.max(left, 1)), checkCpuItimer, it);
}

/** check_cpu_itimer, in interrupt context: the signal once the clock is there; re-arm an interval. */
function checkCpuItimer(k: Kernel, it: CpuItimer): void {
  it.timer = null;
  const s = it.sig;
  if (it.expires === 0 || s.groupExit || s.threads.every((th) => th.exitState !== 0)) return;
  if (groupClock(s, it.which) < it.expires) { arm(k, it); return; }
  if (it.incr > 0) {
    it.expires += it.incr;
    arm(k, it);
  } else it.expires = 0;
  k.current = null;
  const signo = it.which === ITIMER_VIRTUAL ? SIGVTALRM : SIGPROF;
  const target = it.leader.exitState === 0 ? it.leader : s.threads.first() ?? it.leader;
  sendSignal(k, signo, { signo, code: SI_KERNEL, pid: 0 }, target, true);
}

/** The cputime of a timeval: rounded up to a tick (0 stays 0). */
function toCputime(k: Kernel, ns: number): number {
  return ns > 0 ? Math.max(k.tickNs, jiffyCeil(k, ns)) : 0;
}

/** get_cpu_itimer into `out`. */
export function readCpuItimer(k: Kernel, t: Task, which: number, out: { value?: number; interval?: number }): void {
  const it = find(t.signal!, which);
  const armed = it !== undefined && it.expires !== 0;
  out.value = armed ? Math.max(k.tickNs, it.expires - groupClock(it.sig, which)) : 0;
  out.interval = it?.incr ?? 0;
}

/** set_cpu_itimer: the old setting into `old`, then the new expiry on the group's clock. */
export function setCpuItimer(k: Kernel, t: Task, which: number, valueNs: number, intervalNs: number, old: { value?: number; interval?: number } | null): void {
  const sig = t.signal!;
  if (old) readCpuItimer(k, t, which, old);
  let it = find(sig, which);
  if (it === undefined) {
    it = { which, expires: 0, incr: 0, timer: null, sig, leader: t.groupLeader };
    itimers(sig).push(it);
  }
  k.delTimer(it.timer);
  it.timer = null;
  it.incr = toCputime(k, intervalNs);
  it.expires = valueNs > 0 ? groupClock(sig, which) + toCputime(k, valueNs) : 0;
  if (it.expires !== 0) arm(k, it);
}
