/**
 * posix_cpu_timers.ts — the CPU-time clocks of clock_gettime: a thread's or a process's CPU
 * time from the kernel's own accounting (utime + stime, what getrusage reports).
 *
 * Mirrors: kernel/time/posix-cpu-timers.c — the clockid encoding of include/linux/posix-timers.h
 * (MAKE_PROCESS_CPUCLOCK(pid, clock) = (~pid << 3) | clock, MAKE_THREAD_CPUCLOCK adds
 * CPUCLOCK_PERTHREAD_MASK; pid 0 is the caller; CPUCLOCK_PROF = 0 utime + stime,
 * CPUCLOCK_VIRT = 1 utime, CPUCLOCK_SCHED = 2 the scheduler's runtime), lookup_task (a thread
 * clock names a thread of the caller's own group, a process clock a group leader; anything
 * else is EINVAL), cpu_clock_sample and cpu_clock_sample_group (thread_group_cputime: live
 * threads plus what released ones left); and kernel/time/posix-timers.c's
 * CLOCK_PROCESS_CPUTIME_ID (2) and CLOCK_THREAD_CPUTIME_ID (3).
 *
 * Simplifies: CPUCLOCK_SCHED is utime + stime (the lab's tasks have no separate
 * sum_exec_runtime); CLOCK_REALTIME and CLOCK_MONOTONIC both read the virtual clock (the lab's
 * programs see no epoch here: clib adds one for C's CLOCK_REALTIME).
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { EINVAL } from './uapi.js';
import { groupUsage } from './sys_rusage.js';

export const CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2, CLOCK_THREAD_CPUTIME_ID = 3;
const CPUCLOCK_PERTHREAD_MASK = 4, CPUCLOCK_CLOCK_MASK = 3, CPUCLOCK_VIRT = 1, CPUCLOCK_SCHED = 2;

/** MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED): what pthread_getcpuclockid gives under NPTL. */
export function makeThreadCpuclock(tid: number): number {
  return (~tid << 3) | CPUCLOCK_PERTHREAD_MASK | CPUCLOCK_SCHED;
}

/** MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED): clock_getcpuclockid, and LinuxThreads' thread clock. */
export function makeProcessCpuclock(pid: number): number {
  return (~pid << 3) | CPUCLOCK_SCHED;
}

/** One task's, or a group's, CPU time by clock kind. */
function sample(kind: number, utime: number, stime: number): number {
  return kind === CPUCLOCK_VIRT ? utime : utime + stime;
}

/** lookup_task: the task a CPU clock names, or null (EINVAL). */
function lookupTask(k: Kernel, t: Task, pid: number, thread: boolean): Task | null {
  if (pid === 0) return t;
  const p = k.findTask(pid);
  if (p === undefined || p.exitState !== 0) return null;
  if (thread) return p.tgid === t.tgid ? p : null;
  return p.pid === p.tgid ? p : null; // has_group_leader_pid
}

/** clock_gettime(which): ns on that clock, or -EINVAL for a clock that names nothing. */
export function sysClockGettime(k: Kernel, t: Task, which?: number): number {
  if (which === undefined || which === CLOCK_REALTIME || which === CLOCK_MONOTONIC) return k.now;
  if (which === CLOCK_THREAD_CPUTIME_ID) return t.utime + t.stime;
  if (which === CLOCK_PROCESS_CPUTIME_ID) return groupTime(t, CPUCLOCK_SCHED);
  if (!Number.isInteger(which) || which >= 0) return -EINVAL;
  const kind = which & CPUCLOCK_CLOCK_MASK;
  if (kind === 3) return -EINVAL; // CPUCLOCK_MAX
  const thread = (which & CPUCLOCK_PERTHREAD_MASK) !== 0;
  const p = lookupTask(k, t, ~(which >> 3), thread);
  if (p === null) return -EINVAL;
  return thread ? sample(kind, p.utime, p.stime) : groupTime(p, kind);
}

function groupTime(p: Task, kind: number): number {
  if (p.signal === null) return sample(kind, p.utime, p.stime);
  const u = groupUsage(p.signal);
  return sample(kind, u.utime, u.stime);
}
