/**
 * sys_prio.ts — nice values: setpriority, getpriority, and what the scheduler makes of them.
 *
 * Mirrors: kernel/sys.c setpriority / getpriority / set_one_prio (PRIO_PROCESS: one task — a
 * pid names one thread, so under NPTL setpriority(PRIO_PROCESS, getpid(), n) renices only the
 * main thread, the nonconformance pthreads(7) still lists; PRIO_PGRP: every thread of every
 * process of the group; PRIO_USER: every task of a user. EPERM unless the caller's effective
 * uid owns the task or is privileged; EACCES for lowering a nice value unprivileged; ESRCH if
 * nothing matched; the nice value is clamped to -20..19; getpriority returns 20 - nice of the
 * highest-priority match, as the system call does, and the C library turns it back).
 *
 * The scheduler honours nice the way CFS shares a CPU: each task's weight comes from
 * sched_prio_to_weight (nice 0 = 1024, each step about ×1.25), and sched.ts gives a task a time
 * slice of timeslice × weight / 1024. Round-robin over such slices gives CPU-bound tasks
 * competing on one CPU shares in proportion to their weights, as CFS's virtual runtime does
 * over time. A nice-0 task's slice is exactly the cost model's timeslice, so programs that do
 * not call nice run as before.
 *
 * Simplifies: no wake-up preemption by nice value and no nice order on the run queue (the
 * lab's SCHED_OTHER scheduler is round-robin); no RLIMIT_NICE. Real-time policies, which do
 * order the queue and preempt, are sched_rt.ts and sys_sched.ts.
 */

import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { EINVAL, EPERM, EACCES, ESRCH, PRIO_PROCESS, PRIO_PGRP, PRIO_USER } from './uapi.js';
import { capable } from './sys_cred.js';
import { pgrpMembers } from './sys_pgrp.js';

/** kernel/sched/core.c sched_prio_to_weight, nice -20 … 19. */
export const PRIO_TO_WEIGHT = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
  9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
  1024, 820, 655, 526, 423, 335, 272, 215, 172, 137,
  110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
];

/** The time slice of a task of nice value `nice` (nice 0: the cost model's timeslice). */
export function niceSlice(timeslice: number, nice: number): number {
  return Math.max(1, Math.round((timeslice * PRIO_TO_WEIGHT[nice + 20]) / 1024));
}

/** The tasks `which`/`who` name (do_each_pid_thread / for_each_process_thread). */
function targets(k: Kernel, t: Task, which: number, who: number): Task[] {
  if (which === PRIO_PROCESS) {
    const p = who ? k.findTask(who) : t;
    return p ? [p] : [];
  }
  if (which === PRIO_PGRP) return pgrpMembers(k, who ? who : t.signal!.pgrp).flatMap((p) => p.signal!.threads.toArray());
  const uid = who ? who : t.cred.uid;
  return [...k.tasks.values()].filter((p) => p.cred.uid === uid && !p.isKthread);
}

/** set_one_prio. */
function setOnePrio(t: Task, p: Task, nice: number, error: number): number {
  if (p.cred.uid !== t.cred.euid && p.cred.euid !== t.cred.euid && !capable(t)) return -EPERM;
  if (nice < p.nice && !capable(t)) return -EACCES;
  p.nice = nice;
  return error === -ESRCH ? 0 : error;
}

/** setpriority(which, who, niceval). */
export function sysSetpriority(k: Kernel, t: Task, which: number, who: number, nice: number): number {
  if (which !== PRIO_PROCESS && which !== PRIO_PGRP && which !== PRIO_USER) return -EINVAL;
  if (!Number.isInteger(who) || !Number.isInteger(nice)) return -EINVAL;
  nice = Math.min(19, Math.max(-20, nice));
  let error = -ESRCH;
  for (const p of targets(k, t, which, who)) error = setOnePrio(t, p, nice, error);
  return error;
}

/** getpriority(which, who): 20 - nice of the highest-priority match (1 … 40), or -ESRCH. */
export function sysGetpriority(k: Kernel, t: Task, which: number, who: number): number {
  if (which !== PRIO_PROCESS && which !== PRIO_PGRP && which !== PRIO_USER) return -EINVAL;
  if (!Number.isInteger(who)) return -EINVAL;
  let retval = -ESRCH;
  for (const p of targets(k, t, which, who)) retval = Math.max(retval, 20 - p.nice);
  return retval;
}
