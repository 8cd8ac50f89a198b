/**
 * sys_rusage.ts — getrusage and times: the CPU time and switches the kernel accounted.
 *
 * Mirrors: kernel/sys.c getrusage (RUSAGE_THREAD: the calling task; RUSAGE_SELF: the whole
 * thread group — the live threads plus what released threads left in signal_struct
 * (__exit_signal) — through thread_group_cputime; RUSAGE_CHILDREN: signal->cutime/cstime,
 * what wait accumulated from reaped children and their own reaped children), do_sys_times
 * (the group's and the children's times in clock ticks, USER_HZ; returns the ticks since boot),
 * and kernel/exit.c wait_task_zombie's accumulation into the reaper's signal_struct.
 *
 * The times are the ones the CPU loop charged (entry.ts: user bursts to utime, system calls,
 * switches and timer ticks to stime) — the same per-task counters ps's TIME column reads,
 * so every view agrees. Because the sum is over the thread group, getrusage(RUSAGE_SELF) is
 * per process under NPTL and NGPT (natives are CLONE_THREAD tasks) and per thread under
 * LinuxThreads, where each thread is a group of its own (pthreads(7)).
 *
 * Simplifies: ru_maxrss is the mm's resident pages; faults, block I/O and the remaining
 * rusage fields are not modelled.
 */

import type { Kernel } from './kernel.js';
import type { Task, SignalStruct } from './task.js';
import { EINVAL, RUSAGE_SELF, RUSAGE_CHILDREN, RUSAGE_THREAD, CLK_TCK } from './uapi.js';

/** What getrusage fills in (times in ns; the C library turns them into struct timeval). */
export interface KRusage {
  utime?: number;
  stime?: number;
  nvcsw?: number;
  nivcsw?: number;
  /** Resident set in kB. */
  maxrss?: number;
}

/** CPU times (ns) and context switches, as the kernel accounts them. */
export type Usage = { utime: number; stime: number; nvcsw: number; nivcsw: number };

/** thread_group_cputime + the switch counts: live threads plus what released ones left. */
export function groupUsage(sig: SignalStruct): Usage {
  let utime = sig.utime, stime = sig.stime, nvcsw = sig.nvcsw, nivcsw = sig.nivcsw;
  for (const th of sig.threads) { utime += th.utime; stime += th.stime; nvcsw += th.nvcsw; nivcsw += th.nivcsw; }
  return { utime, stime, nvcsw, nivcsw };
}

/** getrusage(child, RUSAGE_BOTH): a child's times and switches with its reaped children's (wait4's rusage). */
export function childUsage(child: Task): Usage {
  const cs = child.signal!;
  const u = groupUsage(cs);
  return { utime: u.utime + cs.cutime, stime: u.stime + cs.cstime, nvcsw: u.nvcsw + cs.cnvcsw, nivcsw: u.nivcsw + cs.cnivcsw };
}

/** wait_task_zombie: the reaper's group inherits the dead process's times and its children's. */
export function accumulateChild(parent: Task, u: Usage): void {
  const ps = parent.signal!;
  ps.cutime += u.utime;
  ps.cstime += u.stime;
  ps.cnvcsw += u.nvcsw;
  ps.cnivcsw += u.nivcsw;
}

/** getrusage(who, out). */
export function sysGetrusage(k: Kernel, t: Task, who: number, out: KRusage | null): number {
  if (who !== RUSAGE_SELF && who !== RUSAGE_CHILDREN && who !== RUSAGE_THREAD) return -EINVAL;
  if (!out || typeof out !== 'object') return -EINVAL;
  const sig = t.signal!;
  let u: Usage;
  if (who === RUSAGE_THREAD) u = { utime: t.utime, stime: t.stime, nvcsw: t.nvcsw, nivcsw: t.nivcsw };
  else if (who === RUSAGE_SELF) u = groupUsage(sig);
  else u = { utime: sig.cutime, stime: sig.cstime, nvcsw: sig.cnvcsw, nivcsw: sig.cnivcsw };
  out.utime = u.utime;
  out.stime = u.stime;
  out.nvcsw = u.nvcsw;
  out.nivcsw = u.nivcsw;
  out.maxrss = who !== RUSAGE_CHILDREN && t.mm ? t.mm.rss * 4 : 0;
  return 0;
}

/** struct tms, in clock ticks (USER_HZ). */
export interface KTms {
  tms_utime?: number;
  tms_stime?: number;
  tms_cutime?: number;
  tms_cstime?: number;
}

const NS_PER_TICK = 1e9 / CLK_TCK;

/** times(buf): the ticks since boot; buf gets the group's and the reaped children's times. */
export function sysTimes(k: Kernel, t: Task, buf: KTms | null): number {
  if (buf) {
    const sig = t.signal!;
    const u = groupUsage(sig);
    buf.tms_utime = Math.floor(u.utime / NS_PER_TICK);
    buf.tms_stime = Math.floor(u.stime / NS_PER_TICK);
    buf.tms_cutime = Math.floor(sig.cutime / NS_PER_TICK);
    buf.tms_cstime = Math.floor(sig.cstime / NS_PER_TICK);
  }
  return Math.floor(k.now / NS_PER_TICK);
}
